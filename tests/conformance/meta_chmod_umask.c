/* Conformance: chmod/fchmod and the umask applied at creation. */
#include "conf.h"

static unsigned perm(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (st.st_mode & 07777) : 0xffff;
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	EXPECT_EQ("umask returns previous (022)", umask(077), 022);
	EXPECT_EQ("umask returns 077", umask(022), 077);
	umask(0);
	close(open("a", O_CREAT | O_WRONLY, 0666));
	printf("umask 0 file: %o\n", perm("a"));
	umask(027);
	close(open("b", O_CREAT | O_WRONLY, 0666));
	printf("umask 027 file: %o\n", perm("b"));
	mkdir("dd", 0777);
	printf("umask 027 dir: %o\n", perm("dd"));
	mkfifo("ff", 0666);
	printf("umask 027 fifo: %o\n", perm("ff"));
	umask(022);
	EXPECT_OK("chmod 0", chmod("a", 0));
	printf("after chmod 0: %o\n", perm("a"));
	EXPECT_OK("chmod 4755", chmod("a", 04755));
	printf("after chmod 4755: %o\n", perm("a"));
	EXPECT_OK("chmod high bits ignored", chmod("a", 0170644));
	printf("after chmod 0170644: %o\n", perm("a"));
	int fd = open("b", O_RDONLY);
	EXPECT_OK("fchmod on O_RDONLY fd", fchmod(fd, 0600));
	printf("after fchmod: %o\n", perm("b"));
	close(fd);
	symlink("b", "lb");
	EXPECT_OK("chmod through symlink", chmod("lb", 0644));
	printf("target after chmod via link: %o\n", perm("b"));
	EXPECT_ERR("chmod missing", chmod("missing", 0644), ENOENT);
	EXPECT_ERR("fchmod bad fd", fchmod(999, 0644), EBADF);
	EXPECT_ERR("fchmodat AT_SYMLINK_NOFOLLOW on link", fchmodat(AT_FDCWD, "lb", 0644, AT_SYMLINK_NOFOLLOW), EOPNOTSUPP);
	/* Mode bits from umask do not affect chmod. */
	umask(0777);
	chmod("b", 0666);
	printf("chmod ignores umask: %o\n", perm("b"));
	umask(022);
	/* O_CREAT on an existing file does not change its mode. */
	close(open("b", O_CREAT | O_WRONLY, 0600));
	printf("O_CREAT existing keeps mode: %o\n", perm("b"));
	/* /proc/self/status reports the umask. */
	char buf[4096];
	read_file("/proc/self/status", buf, sizeof buf);
	char *u = strstr(buf, "Umask:");
	if (u) {
		char *nl = strchr(u, '\n');
		if (nl)
			*nl = 0;
		printf("%s\n", u);
	} else {
		printf("Umask: missing\n");
	}
	return conf_end();
}
