/* Conformance: level-triggered epoll on pipes and eventfds. */
#include "conf.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>

int main(void)
{
	conf_init();
	int ep = epoll_create1(EPOLL_CLOEXEC);
	printf("cloexec: %s\n", yesno(fcntl(ep, F_GETFD) & FD_CLOEXEC));
	int p[2];
	pipe(p);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 111 }, out[4];
	EXPECT_OK("add pipe", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	EXPECT_EQ("nothing ready", epoll_wait(ep, out, 4, 0), 0);
	write(p[1], "abc", 3);
	EXPECT_EQ("ready", epoll_wait(ep, out, 4, 0), 1);
	printf("data=%llu events=%s\n", (unsigned long long)out[0].data.u64, out[0].events == EPOLLIN ? "IN" : "?");
	EXPECT_EQ("still ready (level)", epoll_wait(ep, out, 4, 0), 1);
	char buf[8];
	read(p[0], buf, 2);
	EXPECT_EQ("ready with 1 byte left", epoll_wait(ep, out, 4, 0), 1);
	read(p[0], buf, 1);
	EXPECT_EQ("not ready after drain", epoll_wait(ep, out, 4, 0), 0);
	int e = eventfd(0, EFD_NONBLOCK);
	ev.events = EPOLLIN | EPOLLOUT;
	ev.data.u64 = 222;
	epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev);
	EXPECT_EQ("eventfd writable", epoll_wait(ep, out, 4, 0), 1);
	printf("eventfd events: %s\n", out[0].events == EPOLLOUT ? "OUT" : "?");
	uint64_t one = 1;
	write(e, &one, 8);
	write(p[1], "x", 1);
	int n = epoll_wait(ep, out, 4, 0);
	EXPECT_EQ("both ready", n, 2);
	unsigned long long sum = 0;
	for (int i = 0; i < n; i++)
		sum += out[i].data.u64;
	EXPECT_EQ("data sum", sum, 333);
	EXPECT_EQ("maxevents 1 returns 1", epoll_wait(ep, out, 1, 0), 1);
	/* Blocking wait woken by a child. */
	read(p[0], buf, 1);
	read(e, &one, 8);
	epoll_ctl(ep, EPOLL_CTL_DEL, e, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		write(p[1], "y", 1);
		_exit(0);
	}
	EXPECT_EQ("blocking wait", epoll_wait(ep, out, 4, 5000), 1);
	printf("child: %s\n", wait_child(pid));
	read(p[0], buf, 1);
	long long t = now_ns();
	EXPECT_EQ("timeout 30ms", epoll_wait(ep, out, 4, 30), 0);
	printf("waited >= 25ms: %s\n", yesno(now_ns() - t >= 25000000LL));
	/* Closing the write end: EPOLLHUP. */
	close(p[1]);
	epoll_wait(ep, out, 4, 0);
	printf("after writer close: %s\n", out[0].events == EPOLLHUP ? "HUP" : "?");
	/* Closing the registered fd removes it. */
	close(p[0]);
	EXPECT_EQ("closed fd gone", epoll_wait(ep, out, 4, 0), 0);
	/* epoll fd itself is pollable inside another epoll. */
	int ep2 = epoll_create1(0);
	int e2 = eventfd(1, 0);
	ev.events = EPOLLIN;
	epoll_ctl(ep2, EPOLL_CTL_ADD, e2, &ev);
	epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ev);
	EXPECT_EQ("nested epoll ready", epoll_wait(ep, out, 4, 0), 1);
	return conf_end();
}
