/* Conformance: *at() calls with dirfds, AT_FDCWD and AT_EMPTY_PATH. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	struct stat st;
	mkdir("d", 0755);
	write_file("d/f", "abc");
	write_file("topfile", "t");
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	int fd = EXPECT_OK("openat relative", openat(dfd, "f", O_RDONLY));
	close(fd);
	EXPECT_ERR("openat missing", openat(dfd, "topfile", O_RDONLY), ENOENT);
	fd = EXPECT_OK("openat AT_FDCWD", openat(AT_FDCWD, "topfile", O_RDONLY));
	int ffd = fd;
	EXPECT_ERR("openat with file dirfd", openat(ffd, "x", O_RDONLY), ENOTDIR);
	char abs[128];
	snprintf(abs, sizeof abs, "%s/topfile", conf_dir);
	fd = EXPECT_OK("absolute path ignores file dirfd", openat(ffd, abs, O_RDONLY));
	close(fd);
	EXPECT_ERR("openat bad dirfd", openat(999, "f", O_RDONLY), EBADF);
	fd = EXPECT_OK("absolute path ignores bad dirfd", openat(999, abs, O_RDONLY));
	close(fd);
	EXPECT_OK("mkdirat", mkdirat(dfd, "sub", 0755));
	EXPECT_OK("fstatat", fstatat(dfd, "sub", &st, 0));
	printf("sub is dir: %s\n", yesno(S_ISDIR(st.st_mode)));
	EXPECT_OK("fstatat AT_EMPTY_PATH", fstatat(ffd, "", &st, AT_EMPTY_PATH));
	EXPECT_EQ("size via empty path", st.st_size, 1);
	EXPECT_ERR("fstatat empty path without flag", fstatat(ffd, "", &st, 0), ENOENT);
	symlinkat("f", dfd, "lnk");
	fstatat(dfd, "lnk", &st, AT_SYMLINK_NOFOLLOW);
	printf("AT_SYMLINK_NOFOLLOW sees link: %s\n", yesno(S_ISLNK(st.st_mode)));
	fstatat(dfd, "lnk", &st, 0);
	printf("default follows: %s\n", yesno(S_ISREG(st.st_mode)));
	EXPECT_ERR("fstatat bad flag", fstatat(dfd, "lnk", &st, 0x4000000), EINVAL);
	EXPECT_OK("renameat", renameat(dfd, "f", AT_FDCWD, "moved"));
	EXPECT_OK("linkat", linkat(AT_FDCWD, "moved", dfd, "back", 0));
	EXPECT_OK("unlinkat", unlinkat(dfd, "back", 0));
	EXPECT_OK("fchmodat", fchmodat(dfd, "sub", 0700, 0));
	fstatat(dfd, "sub", &st, 0);
	printf("sub mode: %o\n", st.st_mode & 07777);
	EXPECT_OK("faccessat", faccessat(dfd, "sub", R_OK | W_OK | X_OK, 0));
	EXPECT_OK("mknodat fifo", mknodat(dfd, "fifo", S_IFIFO | 0600, 0));
	fstatat(dfd, "fifo", &st, 0);
	printf("fifo: %s\n", yesno(S_ISFIFO(st.st_mode)));
	/* The dirfd keeps pointing at the directory after it is renamed. */
	rename("d", "d-renamed");
	fd = openat(dfd, "sub", O_RDONLY | O_DIRECTORY);
	printf("dirfd survives rename: %s\n", fd >= 0 ? "ok" : ename(errno));
	close(fd);
	close(dfd);
	close(ffd);
	return conf_end();
}
