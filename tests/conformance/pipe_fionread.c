/* Conformance: FIONREAD on pipes, sockets, and files. */
#include "conf.h"
#include <sys/ioctl.h>
#include <sys/socket.h>

int main(void)
{
	conf_init();
	conf_tmpdir();
	int p[2], n = -1;
	pipe(p);
	EXPECT_OK("FIONREAD empty", ioctl(p[0], FIONREAD, &n));
	EXPECT_EQ("count", n, 0);
	write(p[1], "hello", 5);
	write(p[1], "world!", 6);
	ioctl(p[0], FIONREAD, &n);
	EXPECT_EQ("count after writes", n, 11);
	char buf[8];
	read(p[0], buf, 3);
	ioctl(p[0], FIONREAD, &n);
	EXPECT_EQ("count after read 3", n, 8);
	ioctl(p[1], FIONREAD, &n);
	EXPECT_EQ("count via write end", n, 8);
	EXPECT_ERR("FIONREAD EFAULT", ioctl(p[0], FIONREAD, (void *)1), EFAULT);
	int s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	send(s[0], "abcd", 4, 0);
	sleep_ms(10);
	ioctl(s[1], FIONREAD, &n);
	EXPECT_EQ("socket FIONREAD", n, 4);
	write_file("f", "0123456789");
	int fd = open("f", O_RDONLY);
	read(fd, buf, 4);
	ioctl(fd, FIONREAD, &n);
	EXPECT_EQ("file FIONREAD (remaining)", n, 6);
	close(fd);
	EXPECT_ERR("unknown ioctl on pipe", ioctl(p[0], 0x12345678, &n), ENOTTY);
	EXPECT_ERR("TCGETS on pipe", ioctl(p[0], 0x5401, buf), ENOTTY);
	return conf_end();
}
