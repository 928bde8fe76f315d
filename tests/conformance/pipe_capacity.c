/* Conformance: pipe capacity, F_GETPIPE_SZ/F_SETPIPE_SZ, nonblocking fill. */
#include "conf.h"

int main(void)
{
	conf_init();
	int p[2];
	pipe2(p, O_NONBLOCK);
	EXPECT_EQ("F_GETPIPE_SZ default", fcntl(p[0], F_GETPIPE_SZ), 65536);
	static char buf[1 << 20];
	long total = 0;
	ssize_t r;
	close(p[0]);
	close(p[1]);
	pipe2(p, O_NONBLOCK);
	total = 0;
	while ((r = write(p[1], buf, 4096)) > 0)
		total += r;
	printf("fill stopped: %s\n", ename(errno));
	EXPECT_EQ("filled with 4096-byte writes", total, 65536);
	close(p[0]);
	close(p[1]);
	pipe2(p, O_NONBLOCK);
	EXPECT_EQ("F_SETPIPE_SZ 5000 rounds up", fcntl(p[1], F_SETPIPE_SZ, 5000), 8192);
	EXPECT_EQ("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ), 8192);
	total = 0;
	while ((r = write(p[1], buf, 1024)) > 0)
		total += r;
	EXPECT_EQ("capacity now", total, 8192);
	EXPECT_ERR("shrink below content", fcntl(p[1], F_SETPIPE_SZ, 4096), EBUSY);
	EXPECT_ERR("shrink to 1 with 8192 buffered", fcntl(p[1], F_SETPIPE_SZ, 1), EBUSY);
	char tmp[8192];
	read(p[0], tmp, sizeof tmp);
	EXPECT_EQ("F_SETPIPE_SZ 1 on empty", fcntl(p[1], F_SETPIPE_SZ, 1), 4096);
	EXPECT_EQ("F_SETPIPE_SZ 1 MiB", fcntl(p[1], F_SETPIPE_SZ, 1 << 20), 1 << 20);
	total = 0;
	while ((r = write(p[1], buf, sizeof buf)) > 0)
		total += r;
	EXPECT_EQ("1 MiB pipe holds", total, 1 << 20);
	int fd = open("/dev/null", O_RDONLY);
	EXPECT_ERR("F_GETPIPE_SZ on non-pipe", fcntl(fd, F_GETPIPE_SZ), EBADF);
	return conf_end();
}
