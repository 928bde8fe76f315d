/* Conformance: O_PATH descriptors: usable as anchors, not for I/O. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[16];
	mkdir("d", 0755);
	write_file("d/f", "abc");
	int fd = EXPECT_OK("O_PATH file", open("d/f", O_PATH));
	EXPECT_ERR("read O_PATH", read(fd, buf, 1), EBADF);
	EXPECT_ERR("write O_PATH", write(fd, "x", 1), EBADF);
	struct stat st;
	EXPECT_OK("fstat O_PATH", fstat(fd, &st));
	EXPECT_EQ("size", st.st_size, 3);
	EXPECT_ERR("fchmod O_PATH", fchmod(fd, 0600), EBADF);
	printf("F_GETFL has O_PATH: %s\n", yesno(fcntl(fd, F_GETFL) & O_PATH));
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	int rfd = EXPECT_OK("reopen via /proc/self/fd", open(path, O_RDONLY));
	EXPECT_EQ("read reopened", read(rfd, buf, sizeof buf), 3);
	close(rfd);
	close(fd);
	int dfd = EXPECT_OK("O_PATH dir", open("d", O_PATH | O_DIRECTORY));
	rfd = EXPECT_OK("openat relative to O_PATH dir", openat(dfd, "f", O_RDONLY));
	close(rfd);
	EXPECT_OK("fstatat on O_PATH dir", fstatat(dfd, "f", &st, 0));
	EXPECT_ERR("getdents on O_PATH", syscall(SYS_getdents64, dfd, buf, sizeof buf), EBADF);
	EXPECT_OK("fchdir O_PATH dir", fchdir(dfd));
	EXPECT_OK("open f after fchdir", rfd = open("f", O_RDONLY));
	close(rfd);
	chdir("..");
	close(dfd);
	symlink("d/f", "ln");
	fd = EXPECT_OK("O_PATH|O_NOFOLLOW symlink", open("ln", O_PATH | O_NOFOLLOW));
	fstat(fd, &st);
	printf("is symlink: %s\n", yesno(S_ISLNK(st.st_mode)));
	EXPECT_EQ("readlinkat empty path", readlinkat(fd, "", buf, sizeof buf), 3);
	close(fd);
	fd = open("ln", O_PATH);
	fstat(fd, &st);
	printf("O_PATH follows symlink: %s\n", yesno(S_ISREG(st.st_mode)));
	close(fd);
	return conf_end();
}
