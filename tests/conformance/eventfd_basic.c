/* Conformance: eventfd counter, semaphore mode, nonblocking, errors. */
#include "conf.h"
#include <sys/eventfd.h>
#include <poll.h>

int main(void)
{
	conf_init();
	uint64_t v;
	int fd = eventfd(3, EFD_NONBLOCK);
	EXPECT_EQ("read initial", read(fd, &v, 8), 8);
	EXPECT_EQ("value", v, 3);
	EXPECT_ERR("read at zero", read(fd, &v, 8), EAGAIN);
	v = 5;
	write(fd, &v, 8);
	v = 7;
	write(fd, &v, 8);
	read(fd, &v, 8);
	EXPECT_EQ("writes add up", v, 12);
	EXPECT_ERR("short read buffer", read(fd, &v, 4), EINVAL);
	EXPECT_ERR("short write buffer", write(fd, &v, 4), EINVAL);
	v = UINT64_MAX;
	EXPECT_ERR("write 2^64-1", write(fd, &v, 8), EINVAL);
	v = UINT64_MAX - 1;
	EXPECT_EQ("write max", write(fd, &v, 8), 8);
	v = 1;
	EXPECT_ERR("overflow would block", write(fd, &v, 8), EAGAIN);
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
	poll(&p, 1, 0);
	printf("full: in=%s out=%s\n", yesno(p.revents & POLLIN), yesno(p.revents & POLLOUT));
	read(fd, &v, 8);
	poll(&p, 1, 0);
	printf("empty: in=%s out=%s\n", yesno(p.revents & POLLIN), yesno(p.revents & POLLOUT));
	char big[16];
	v = 9;
	write(fd, &v, 8);
	EXPECT_EQ("read with 16-byte buffer", read(fd, big, sizeof big), 8);
	close(fd);
	fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
	for (int i = 0; i < 4; i++) {
		errno = 0;
		ssize_t r = read(fd, &v, 8);
		printf("semaphore read %d: %s\n", i, r == 8 ? (v == 1 ? "1" : "bad") : ename(errno));
	}
	close(fd);
	fd = eventfd(0, EFD_CLOEXEC);
	printf("cloexec: %s\n", yesno(fcntl(fd, F_GETFD) & FD_CLOEXEC));
	/* Blocking read woken by a child's write. */
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		uint64_t one = 42;
		write(fd, &one, 8);
		_exit(0);
	}
	EXPECT_EQ("blocking read", read(fd, &v, 8), 8);
	EXPECT_EQ("value from child", v, 42);
	printf("child: %s\n", wait_child(pid));
	EXPECT_ERR("bad flags", eventfd(0, 0x2), EINVAL);
	char path[64], link[64] = { 0 };
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	readlink(path, link, sizeof link - 1);
	EXPECT_STR("fd link", link, "anon_inode:[eventfd]");
	return conf_end();
}
