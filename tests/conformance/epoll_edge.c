/* Conformance: EPOLLET and EPOLLONESHOT semantics. */
#include "conf.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>

int main(void)
{
	conf_init();
	int ep = epoll_create1(0);
	int p[2];
	pipe2(p, O_NONBLOCK);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.fd = p[0] }, out[4];
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	write(p[1], "ab", 2);
	EXPECT_EQ("edge: first wait", epoll_wait(ep, out, 4, 0), 1);
	EXPECT_EQ("edge: second wait, no new data", epoll_wait(ep, out, 4, 0), 0);
	char buf[8];
	read(p[0], buf, 1);
	EXPECT_EQ("edge: partial read does not rearm", epoll_wait(ep, out, 4, 0), 0);
	write(p[1], "c", 1);
	EXPECT_EQ("edge: new data rearms", epoll_wait(ep, out, 4, 0), 1);
	EXPECT_EQ("edge: then quiet", epoll_wait(ep, out, 4, 0), 0);
	ev.events = EPOLLIN | EPOLLET;
	EXPECT_OK("MOD rearms", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	EXPECT_EQ("edge: after MOD with data", epoll_wait(ep, out, 4, 0), 1);
	while (read(p[0], buf, sizeof buf) > 0)
		;
	/* Oneshot: one report, then disabled until MOD. */
	ev.events = EPOLLIN | EPOLLONESHOT;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	write(p[1], "x", 1);
	EXPECT_EQ("oneshot: first", epoll_wait(ep, out, 4, 0), 1);
	write(p[1], "y", 1);
	EXPECT_EQ("oneshot: disabled", epoll_wait(ep, out, 4, 0), 0);
	EXPECT_ERR("oneshot: ADD again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	EXPECT_OK("oneshot: MOD", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	EXPECT_EQ("oneshot: rearmed", epoll_wait(ep, out, 4, 0), 1);
	EXPECT_EQ("oneshot: disabled again", epoll_wait(ep, out, 4, 0), 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
	/* Edge-triggered eventfd: each write is a new edge. */
	int e = eventfd(0, EFD_NONBLOCK);
	ev.events = EPOLLIN | EPOLLET;
	ev.data.fd = e;
	epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev);
	uint64_t one = 1;
	write(e, &one, 8);
	EXPECT_EQ("eventfd edge 1", epoll_wait(ep, out, 4, 0), 1);
	EXPECT_EQ("eventfd quiet", epoll_wait(ep, out, 4, 0), 0);
	write(e, &one, 8);
	EXPECT_EQ("eventfd edge 2", epoll_wait(ep, out, 4, 0), 1);
	/* EPOLLET for EPOLLOUT on a pipe: reported once while writable. */
	int q[2];
	pipe2(q, O_NONBLOCK);
	ev.events = EPOLLOUT | EPOLLET;
	ev.data.fd = q[1];
	epoll_ctl(ep, EPOLL_CTL_DEL, e, NULL);
	epoll_ctl(ep, EPOLL_CTL_ADD, q[1], &ev);
	EXPECT_EQ("out edge first", epoll_wait(ep, out, 4, 0), 1);
	EXPECT_EQ("out edge quiet", epoll_wait(ep, out, 4, 0), 0);
	/* Edge wakeup of a blocked waiter. */
	epoll_ctl(ep, EPOLL_CTL_DEL, q[1], NULL);
	ev.events = EPOLLIN | EPOLLET;
	ev.data.fd = q[0];
	epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &ev);
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		write(q[1], "z", 1);
		_exit(0);
	}
	EXPECT_EQ("blocked edge wait", epoll_wait(ep, out, 4, 5000), 1);
	printf("child: %s\n", wait_child(pid));
	return conf_end();
}
