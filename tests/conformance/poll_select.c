/* Conformance: poll/select/pselect/ppoll timeouts and readiness. */
#include "conf.h"
#include <poll.h>
#include <sys/select.h>

int main(void)
{
	conf_init();
	int p[2];
	pipe(p);
	struct pollfd f = { p[0], POLLIN, 0 };
	long long t = now_ns();
	EXPECT_EQ("poll timeout 0", poll(&f, 1, 0), 0);
	printf("returned fast: %s\n", yesno(now_ns() - t < 500000000LL));
	t = now_ns();
	EXPECT_EQ("poll timeout 50", poll(&f, 1, 50), 0);
	long long el = now_ns() - t;
	printf("poll waited in [45ms, 1s): %s\n", yesno(el >= 45000000LL && el < 1000000000LL));
	EXPECT_EQ("poll no fds, 20ms", poll(NULL, 0, 20), 0);
	EXPECT_ERR("poll nfds huge", syscall(SYS_poll, &f, 1 << 30, 0), EINVAL);
	EXPECT_ERR("poll EFAULT", syscall(SYS_poll, (void *)1, 1, 0), EFAULT);
	fd_set r;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	struct timeval tv = { 0, 0 };
	EXPECT_EQ("select timeout 0", select(p[0] + 1, &r, NULL, NULL, &tv), 0);
	printf("fd cleared from set: %s\n", yesno(!FD_ISSET(p[0], &r)));
	FD_SET(p[0], &r);
	tv.tv_usec = 50000;
	t = now_ns();
	EXPECT_EQ("select 50ms", select(p[0] + 1, &r, NULL, NULL, &tv), 0);
	el = now_ns() - t;
	printf("select waited in [45ms, 1s): %s\n", yesno(el >= 45000000LL && el < 1000000000LL));
	printf("timeval updated to 0: %s\n", yesno(tv.tv_sec == 0 && tv.tv_usec == 0));
	write(p[1], "x", 1);
	fd_set w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	tv.tv_sec = 1;
	tv.tv_usec = 0;
	EXPECT_EQ("select ready", select(p[1] + 1, &r, &w, NULL, &tv), 2);
	printf("read set: %s write set: %s\n", yesno(FD_ISSET(p[0], &r)), yesno(FD_ISSET(p[1], &w)));
	printf("time left > 0: %s\n", yesno(tv.tv_sec > 0 || tv.tv_usec > 0));
	FD_ZERO(&r);
	FD_SET(50, &r);
	tv.tv_sec = 0;
	EXPECT_ERR("select on closed fd", select(51, &r, NULL, NULL, &tv), EBADF);
	EXPECT_ERR("select negative nfds", select(-1, NULL, NULL, NULL, &tv), EINVAL);
	tv.tv_usec = -1;
	EXPECT_ERR("select bad timeval", select(1, NULL, NULL, NULL, &tv), EINVAL);
	t = now_ns();
	tv.tv_sec = 0;
	tv.tv_usec = 20000;
	EXPECT_EQ("select as sleep", select(0, NULL, NULL, NULL, &tv), 0);
	printf("slept >= 15ms: %s\n", yesno(now_ns() - t >= 15000000LL));
	struct timespec ts = { 0, 10000000 };
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	EXPECT_EQ("pselect ready", pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL), 1);
	f.fd = p[0];
	f.events = POLLIN;
	EXPECT_EQ("ppoll ready", ppoll(&f, 1, &ts, NULL), 1);
	char c;
	read(p[0], &c, 1);
	EXPECT_EQ("ppoll timeout", ppoll(&f, 1, &ts, NULL), 0);
	struct timespec badts = { 0, -1 };
	EXPECT_ERR("ppoll bad timespec", ppoll(&f, 1, &badts, NULL), EINVAL);
	/* Many fds: readiness reported for exactly the ready ones. */
	int fds[10][2];
	struct pollfd many[10];
	for (int i = 0; i < 10; i++) {
		pipe(fds[i]);
		many[i].fd = fds[i][0];
		many[i].events = POLLIN;
		if (i % 3 == 0)
			write(fds[i][1], "z", 1);
	}
	EXPECT_EQ("4 of 10 ready", poll(many, 10, 0), 4);
	return conf_end();
}
