/* Conformance: timerfd one-shot and periodic timers. */
#include "conf.h"
#include <sys/timerfd.h>
#include <poll.h>

int main(void)
{
	conf_init();
	uint64_t n;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	EXPECT_OK("create", fd);
	struct itimerspec cur;
	timerfd_gettime(fd, &cur);
	printf("disarmed: %s\n", yesno(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0));
	EXPECT_ERR("read disarmed", read(fd, &n, 8), EAGAIN);
	struct itimerspec its = { { 0, 0 }, { 0, 30 * 1000000 } };
	EXPECT_OK("arm 30ms", timerfd_settime(fd, 0, &its, NULL));
	EXPECT_ERR("read before expiry", read(fd, &n, 8), EAGAIN);
	timerfd_gettime(fd, &cur);
	printf("remaining in (0, 30ms]: %s\n", yesno(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
							 cur.it_value.tv_nsec <= 30 * 1000000));
	struct pollfd p = { fd, POLLIN, 0 };
	long long t = now_ns();
	EXPECT_EQ("poll until expiry", poll(&p, 1, 2000), 1);
	printf("elapsed >= 25ms: %s\n", yesno(now_ns() - t >= 25000000LL));
	EXPECT_EQ("read", read(fd, &n, 8), 8);
	EXPECT_EQ("expirations", n, 1);
	EXPECT_ERR("read again", read(fd, &n, 8), EAGAIN);
	/* Periodic: 10ms interval, wait 100ms. */
	struct itimerspec per = { { 0, 10 * 1000000 }, { 0, 10 * 1000000 } };
	timerfd_settime(fd, 0, &per, NULL);
	sleep_ms(100);
	read(fd, &n, 8);
	printf("periodic expirations >= 5: %s\n", yesno(n >= 5));
	printf("periodic expirations <= 11: %s\n", yesno(n <= 11));
	struct itimerspec off = { { 0, 0 }, { 0, 0 } }, old;
	timerfd_settime(fd, 0, &off, &old);
	printf("old interval 10ms: %s\n", yesno(old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 10000000));
	close(fd);
	/* Blocking read with an absolute time. */
	fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	now.tv_nsec += 20 * 1000000;
	if (now.tv_nsec >= 1000000000) {
		now.tv_sec++;
		now.tv_nsec -= 1000000000;
	}
	struct itimerspec abs = { { 0, 0 }, now };
	EXPECT_OK("arm absolute", timerfd_settime(fd, TFD_TIMER_ABSTIME, &abs, NULL));
	EXPECT_EQ("blocking read", read(fd, &n, 8), 8);
	EXPECT_EQ("expirations", n, 1);
	/* An absolute time in the past fires immediately. */
	struct itimerspec past = { { 0, 0 }, { 1, 0 } };
	timerfd_settime(fd, TFD_TIMER_ABSTIME, &past, NULL);
	EXPECT_EQ("past absolute fires", read(fd, &n, 8), 8);
	EXPECT_ERR("read 4 bytes", read(fd, &n, 4), EINVAL);
	struct itimerspec bad = { { 0, 0 }, { 0, 2000000000 } };
	EXPECT_ERR("bad nsec", timerfd_settime(fd, 0, &bad, NULL), EINVAL);
	EXPECT_ERR("bad clock", timerfd_create(12345, 0), EINVAL);
	EXPECT_ERR("bad flags", timerfd_create(CLOCK_MONOTONIC, 0x1), EINVAL);
	fd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);
	printf("realtime cloexec: %s\n", yesno(fcntl(fd, F_GETFD) & FD_CLOEXEC));
	return conf_end();
}
