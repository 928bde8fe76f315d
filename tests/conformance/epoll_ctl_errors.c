/* Conformance: epoll_create/epoll_ctl/epoll_wait error cases. */
#include "conf.h"
#include <sys/epoll.h>

int main(void)
{
	conf_init();
	conf_tmpdir();
	EXPECT_ERR("epoll_create 0", epoll_create(0), EINVAL);
	EXPECT_ERR("epoll_create1 bad flags", epoll_create1(0x1), EINVAL);
	int ep = epoll_create(1);
	int p[2];
	pipe(p);
	struct epoll_event ev = { .events = EPOLLIN }, out[2];
	EXPECT_OK("add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	EXPECT_ERR("add twice", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	EXPECT_ERR("mod not added", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev), ENOENT);
	EXPECT_ERR("del not added", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], &ev), ENOENT);
	EXPECT_ERR("add self", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	write_file("f", "x");
	int fd = open("f", O_RDONLY);
	EXPECT_ERR("add regular file", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), EPERM);
	EXPECT_ERR("bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev), EBADF);
	EXPECT_ERR("bad epfd", epoll_ctl(999, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	EXPECT_ERR("epfd not epoll", epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	EXPECT_ERR("bad op", epoll_ctl(ep, 42, p[0], &ev), EINVAL);
	EXPECT_ERR("NULL event for ADD", epoll_ctl(ep, EPOLL_CTL_ADD, p[1], NULL), EFAULT);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	EXPECT_ERR("EPOLLEXCLUSIVE on MOD", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), EINVAL);
	EXPECT_ERR("wait maxevents 0", epoll_wait(ep, out, 0, 0), EINVAL);
	EXPECT_ERR("wait maxevents -1", syscall(SYS_epoll_wait, ep, out, -1, 0), EINVAL);
	EXPECT_ERR("wait on non-epoll", epoll_wait(p[0], out, 2, 0), EINVAL);
	EXPECT_ERR("wait bad fd", epoll_wait(999, out, 2, 0), EBADF);
	write(p[1], "x", 1);
	EXPECT_ERR("wait EFAULT", syscall(SYS_epoll_wait, ep, (void *)1, 2, 0), EFAULT);
	/* A loop between two epoll instances is refused. */
	int a = epoll_create1(0), b = epoll_create1(0);
	ev.events = EPOLLIN;
	EXPECT_OK("a watches b", epoll_ctl(a, EPOLL_CTL_ADD, b, &ev));
	EXPECT_ERR("b watches a (loop)", epoll_ctl(b, EPOLL_CTL_ADD, a, &ev), ELOOP);
	/* Same file via two fds: both can be registered. */
	int d = dup(p[0]);
	EXPECT_OK("add dup of registered fd", epoll_ctl(ep, EPOLL_CTL_ADD, d, &ev));
	EXPECT_EQ("both reported", epoll_wait(ep, out, 2, 0), 2);
	return conf_end();
}
