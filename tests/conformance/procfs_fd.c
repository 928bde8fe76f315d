/* Conformance: /proc/self/fd and /proc/self/fdinfo contents. */
#include "conf.h"
#include <sys/socket.h>

static void list_fds(const char *label)
{
	DIR *d = opendir("/proc/self/fd");
	int own = dirfd(d);
	int fds[256], n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 256)
		if (e->d_name[0] != '.' && atoi(e->d_name) != own)
			fds[n++] = atoi(e->d_name);
	closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (fds[j] < fds[i]) {
				int t = fds[i];
				fds[i] = fds[j];
				fds[j] = t;
			}
	printf("%s:", label);
	for (int i = 0; i < n; i++)
		printf(" %d", fds[i]);
	printf("\n");
}

static void show_link(int fd)
{
	char path[64], link[PATH_MAX] = { 0 };
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (readlink(path, link, sizeof link - 1) < 0) {
		printf("fd %d: %s\n", fd, ename(errno));
		return;
	}
	const char *rest = conf_tmp_rest(link);
	if (rest)
		printf("fd %d -> <tmp>%s\n", fd, rest);
	else if (strncmp(link, "pipe:[", 6) == 0)
		printf("fd %d -> pipe:[N]\n", fd);
	else if (strncmp(link, "socket:[", 8) == 0)
		printf("fd %d -> socket:[N]\n", fd);
	else
		printf("fd %d -> %s\n", fd, link);
}

int main(void)
{
	conf_init();
	conf_tmpdir_resolved();
	list_fds("initial");
	write_file("file", "x");
	int f = open("file", O_RDONLY);
	int p[2];
	pipe(p);
	int s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	int nul = open("/dev/null", O_WRONLY | O_APPEND);
	int d = dup2(f, 20);
	list_fds("after opens");
	show_link(f);
	show_link(p[0]);
	show_link(s[0]);
	show_link(nul);
	show_link(d);
	unlink("file");
	show_link(f);
	char buf[512];
	snprintf(buf, sizeof buf, "/proc/self/fdinfo/%d", nul);
	char info[512];
	read_file(buf, info, sizeof info);
	char *fl = strstr(info, "flags:");
	int flags = fl ? (int)strtol(fl + 6, NULL, 8) : -1;
	printf("fdinfo flags O_WRONLY|O_APPEND: %s\n", yesno((flags & (O_ACCMODE | O_APPEND)) == (O_WRONLY | O_APPEND)));
	printf("fdinfo has pos: %s\n", yesno(strstr(info, "pos:") != NULL));
	lseek(d, 1, SEEK_SET);
	snprintf(buf, sizeof buf, "/proc/self/fdinfo/%d", d);
	read_file(buf, info, sizeof info);
	printf("fdinfo pos after lseek: %ld\n", strtol(strstr(info, "pos:") + 4, NULL, 10));
	close(p[1]);
	close(20);
	list_fds("after closes");
	/* Opening /proc/self/fd/N re-opens the file (new description). */
	write_file("again", "abc");
	int a = open("again", O_RDONLY);
	char c;
	read(a, &c, 1);
	snprintf(buf, sizeof buf, "/proc/self/fd/%d", a);
	int b = open(buf, O_RDONLY);
	read(b, &c, 1);
	printf("reopen has own offset: read '%c'\n", c);
	EXPECT_ERR("/proc/self/fd/<closed>", open("/proc/self/fd/200", O_RDONLY), ENOENT);
	return conf_end();
}
