/* Conformance: operations on invalid descriptors fail with EBADF. */
#include "conf.h"
#include <sys/ioctl.h>
#include <poll.h>

int main(void)
{
	conf_init();
	char buf[8];
	struct stat st;
	int bad[] = { -1, 999, 3 };
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int fd = bad[i];
		printf("fd %d\n", fd);
		EXPECT_ERR("  read", read(fd, buf, 1), EBADF);
		EXPECT_ERR("  write", write(fd, buf, 1), EBADF);
		EXPECT_ERR("  close", close(fd), EBADF);
		EXPECT_ERR("  fstat", fstat(fd, &st), EBADF);
		EXPECT_ERR("  lseek", lseek(fd, 0, SEEK_SET), EBADF);
		EXPECT_ERR("  fcntl F_GETFD", fcntl(fd, F_GETFD), EBADF);
		EXPECT_ERR("  fsync", fsync(fd), EBADF);
		EXPECT_ERR("  ioctl FIONREAD", ioctl(fd, FIONREAD, buf), EBADF);
		EXPECT_ERR("  fchdir", fchdir(fd), EBADF);
		EXPECT_ERR("  dup", dup(fd), EBADF);
	}
	struct pollfd p = { 999, POLLIN, 0 };
	EXPECT_EQ("poll on bad fd returns 1", poll(&p, 1, 0), 1);
	printf("revents POLLNVAL: %s\n", yesno(p.revents == POLLNVAL));
	p.fd = -1;
	p.revents = 0x55;
	EXPECT_EQ("poll negative fd ignored", poll(&p, 1, 0), 0);
	EXPECT_EQ("revents cleared", p.revents, 0);
	int fd = open("/dev/null", O_RDONLY);
	close(fd);
	EXPECT_ERR("read closed fd", read(fd, buf, 1), EBADF);
	/* Write to a read-only fd and read from a write-only fd. */
	fd = open("/dev/null", O_RDONLY);
	EXPECT_ERR("write O_RDONLY", write(fd, "x", 1), EBADF);
	close(fd);
	fd = open("/dev/null", O_WRONLY);
	EXPECT_ERR("read O_WRONLY", read(fd, buf, 1), EBADF);
	close(fd);
	return conf_end();
}
