/* Conformance: nanosleep/clock_nanosleep durations, clock_gettime monotonicity. */
#include "conf.h"
#include <sys/time.h>

int main(void)
{
	conf_init();
	struct timespec req = { 0, 50000000 };
	long long t = now_ns();
	EXPECT_OK("nanosleep 50ms", nanosleep(&req, NULL));
	long long el = now_ns() - t;
	printf("slept >= 50ms: %s\n", yesno(el >= 50000000LL));
	printf("slept < 1s: %s\n", yesno(el < 1000000000LL));
	struct timespec bad = { 0, 1000000000 };
	EXPECT_ERR("nsec >= 1e9", nanosleep(&bad, NULL), EINVAL);
	bad.tv_sec = -1;
	bad.tv_nsec = 0;
	EXPECT_ERR("negative sec", nanosleep(&bad, NULL), EINVAL);
	struct timespec zero = { 0, 0 };
	EXPECT_OK("zero sleep", nanosleep(&zero, NULL));
	EXPECT_ERR("EFAULT", syscall(SYS_nanosleep, (void *)1, NULL), EFAULT);
	/* Absolute monotonic sleep. */
	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 30000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
	EXPECT_EQ("clock_nanosleep abstime", r, 0);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	printf("woke after deadline: %s\n", yesno(now.tv_sec > abs.tv_sec ||
					       (now.tv_sec == abs.tv_sec && now.tv_nsec >= abs.tv_nsec)));
	EXPECT_EQ("clock_nanosleep past deadline", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &zero, NULL), 0);
	EXPECT_EQ("clock_nanosleep bad clock", clock_nanosleep(12345, 0, &req, NULL), EINVAL);
	EXPECT_EQ("clock_nanosleep THREAD_CPUTIME", clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL), EINVAL);
	/* Monotonic clock never goes backwards. */
	struct timespec prev, cur;
	clock_gettime(CLOCK_MONOTONIC, &prev);
	int backwards = 0;
	for (int i = 0; i < 10000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &cur);
		if (cur.tv_sec < prev.tv_sec || (cur.tv_sec == prev.tv_sec && cur.tv_nsec < prev.tv_nsec))
			backwards++;
		prev = cur;
	}
	EXPECT_EQ("monotonic went backwards", backwards, 0);
	clockid_t clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_MONOTONIC_RAW,
			       CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_PROCESS_CPUTIME_ID,
			       CLOCK_THREAD_CPUTIME_ID };
	for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		struct timespec ts, res;
		int a = clock_gettime(clocks[i], &ts);
		int b = clock_getres(clocks[i], &res);
		printf("clock %d: gettime %s, getres %s, res > 0: %s\n", clocks[i], a == 0 ? "ok" : ename(errno),
		       b == 0 ? "ok" : ename(errno), yesno(res.tv_sec > 0 || res.tv_nsec > 0));
	}
	struct timespec ts;
	EXPECT_ERR("clock_gettime bad clock", clock_gettime(12345, &ts), EINVAL);
	EXPECT_ERR("clock_gettime EFAULT", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)1), EFAULT);
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("realtime after 2020: %s\n", yesno(ts.tv_sec > 1577836800));
	struct timeval tv;
	gettimeofday(&tv, NULL);
	printf("gettimeofday close to realtime: %s\n", yesno(tv.tv_sec - ts.tv_sec <= 1 && ts.tv_sec - tv.tv_sec <= 1));
	time_t tt = time(NULL);
	printf("time() close to realtime: %s\n", yesno(tt - ts.tv_sec <= 1 && ts.tv_sec - tt <= 1));
	/* CPU clock advances when we burn CPU. */
	struct timespec c0, c1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	volatile unsigned long x = 0;
	for (unsigned long i = 0; i < 20000000UL; i++)
		x += i;
	(void)x;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	printf("process cpu time advanced: %s\n", yesno(c1.tv_sec > c0.tv_sec || c1.tv_nsec > c0.tv_nsec));
	return conf_end();
}
