/* Conformance: a 10000-deep symlink chain and long paths fail cleanly. */
#include "conf.h"

int main(void)
{
	conf_init();
	/* Creating 10000 symlinks takes seconds on a disk file system but
	 * milliseconds on tmpfs: use /dev/shm (tmpfs natively and inside)
	 * when it is writable. */
	if (access("/dev/shm", W_OK) == 0)
		conf_tmpdir_at("/dev/shm");
	else
		conf_tmpdir();
	char a[32], b[32];
	write_file("target", "t");
	symlink("target", "l0");
	for (int i = 1; i < 10000; i++) {
		snprintf(a, sizeof a, "l%d", i);
		snprintf(b, sizeof b, "l%d", i - 1);
		if (symlink(b, a) != 0) {
			printf("symlink %d failed: %s\n", i, ename(errno));
			break;
		}
	}
	EXPECT_ERR("open end of chain", open("l9999", O_RDONLY), ELOOP);
	struct stat st;
	EXPECT_ERR("stat end of chain", stat("l9999", &st), ELOOP);
	EXPECT_OK("lstat end of chain", lstat("l9999", &st));
	EXPECT_ERR("chdir through chain", chdir("l9999"), ELOOP);
	EXPECT_ERR("execve chain", execl("l9999", "x", (char *)NULL), ELOOP);
	/* Deep directory nesting: a path of many components within PATH_MAX. */
	char *path = malloc(PATH_MAX);
	path[0] = 0;
	int depth = 0, dfd = open(".", O_RDONLY | O_DIRECTORY);
	for (; depth < 1000; depth++) {
		strcat(path, depth ? "/d" : "d");
		/* mkdirat relative to the previous level keeps this linear. */
		if (mkdirat(dfd, "d", 0755) != 0)
			break;
		int next = openat(dfd, "d", O_RDONLY | O_DIRECTORY);
		close(dfd);
		dfd = next;
		if (strlen(path) > PATH_MAX - 10)
			break;
	}
	close(dfd);
	printf("created nested dirs: %s\n", yesno(depth > 500));
	strcat(path, "/f");
	int fd = open(path, O_CREAT | O_WRONLY, 0644);
	printf("file at depth: %s\n", fd >= 0 ? "ok" : ename(errno));
	close(fd);
	/* A path of many ".." components. */
	char *dots = malloc(PATH_MAX + 100);
	dots[0] = 0;
	for (int i = 0; i < 1000; i++)
		strcat(dots, "../");
	strcat(dots, "tmp");
	EXPECT_OK("1000 x ../ resolves to /tmp", stat(dots, &st));
	/* Symlink whose target has 100 components through another symlink. */
	symlink("/proc/self/cwd/l0", "viaproc");
	fd = open("viaproc", O_RDONLY);
	printf("symlink through /proc/self/cwd: %s\n", fd >= 0 ? "ok" : ename(errno));
	return conf_end();
}
