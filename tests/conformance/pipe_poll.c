/* Conformance: poll readiness on pipes, including POLLHUP and POLLERR. */
#include "conf.h"
#include <poll.h>

static const char *ev(short r)
{
	static char buf[64];
	buf[0] = 0;
	if (r & POLLIN) strcat(buf, "IN ");
	if (r & POLLOUT) strcat(buf, "OUT ");
	if (r & POLLHUP) strcat(buf, "HUP ");
	if (r & POLLERR) strcat(buf, "ERR ");
	if (r & POLLNVAL) strcat(buf, "NVAL ");
	if (!buf[0]) strcpy(buf, "none ");
	buf[strlen(buf) - 1] = 0;
	return buf;
}

int main(void)
{
	conf_init();
	int p[2];
	pipe(p);
	struct pollfd f[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
	EXPECT_EQ("poll empty pipe", poll(f, 2, 0), 1);
	printf("read end: %s\n", ev(f[0].revents));
	printf("write end: %s\n", ev(f[1].revents));
	write(p[1], "x", 1);
	EXPECT_EQ("poll with data", poll(f, 2, 0), 2);
	printf("read end: %s\n", ev(f[0].revents));
	/* poll waits for data written by a child. */
	char c;
	read(p[0], &c, 1);
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		write(p[1], "y", 1);
		_exit(0);
	}
	long long t = now_ns();
	EXPECT_EQ("poll blocks until data", poll(f, 1, 5000), 1);
	printf("waited: %s\n", yesno(now_ns() - t >= 40000000LL));
	printf("child: %s\n", wait_child(pid));
	read(p[0], &c, 1);
	close(p[1]);
	f[0].events = POLLIN;
	EXPECT_EQ("poll after writer closed", poll(f, 1, 0), 1);
	printf("read end: %s\n", ev(f[0].revents));
	close(p[0]);
	pipe(p);
	write(p[1], "z", 1);
	close(p[1]);
	f[0].fd = p[0];
	poll(f, 1, 0);
	printf("data then writer closed: %s\n", ev(f[0].revents));
	close(p[0]);
	pipe(p);
	close(p[0]);
	f[1].fd = p[1];
	f[1].events = POLLOUT;
	poll(&f[1], 1, 0);
	printf("write end, reader closed: %s\n", ev(f[1].revents));
	f[1].events = 0;
	poll(&f[1], 1, 0);
	printf("same with events=0: %s\n", ev(f[1].revents));
	/* Full pipe is not writable. */
	pipe2(p, O_NONBLOCK);
	static char buf[65536];
	write(p[1], buf, sizeof buf);
	f[1].fd = p[1];
	f[1].events = POLLOUT;
	EXPECT_EQ("full pipe not writable", poll(&f[1], 1, 0), 0);
	read(p[0], buf, 4096);
	EXPECT_EQ("writable after reading a page", poll(&f[1], 1, 0), 1);
	return conf_end();
}
