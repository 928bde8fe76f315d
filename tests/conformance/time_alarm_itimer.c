/* Conformance: alarm() and setitimer(ITIMER_REAL) firing and bookkeeping. */
#include "conf.h"
#include <sys/time.h>

static volatile sig_atomic_t fired;
static void h(int s) { fired++; }

int main(void)
{
	conf_init();
	signal(SIGALRM, h);
	EXPECT_EQ("alarm(10) returns 0", alarm(10), 0);
	unsigned left = alarm(20);
	printf("alarm(20) returns previous ~10: %s\n", yesno(left >= 9 && left <= 10));
	left = alarm(0);
	printf("alarm(0) returns ~20: %s\n", yesno(left >= 19 && left <= 20));
	EXPECT_EQ("alarm(0) again", alarm(0), 0);
	alarm(1);
	long long t = now_ns();
	while (!fired)
		pause();
	long long el = now_ns() - t;
	printf("alarm(1) fired after ~1s: %s\n", yesno(el >= 900000000LL && el < 3000000000LL));
	fired = 0;
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, cur;
	EXPECT_OK("setitimer 20ms periodic", setitimer(ITIMER_REAL, &it, NULL));
	getitimer(ITIMER_REAL, &cur);
	printf("interval reported: %s\n", yesno(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 20000));
	printf("value in (0, 20ms]: %s\n", yesno(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0 &&
						 cur.it_value.tv_usec <= 20000));
	t = now_ns();
	while (fired < 3)
		pause();
	el = now_ns() - t;
	printf("3 firings took >= 55ms: %s\n", yesno(el >= 55000000LL));
	struct itimerval off = { { 0, 0 }, { 0, 0 } }, old;
	setitimer(ITIMER_REAL, &off, &old);
	printf("old interval: %ldus\n", (long)old.it_interval.tv_usec);
	int before = fired;
	sleep_ms(60);
	EXPECT_EQ("no firings after disarm", fired - before, 0);
	/* alarm and ITIMER_REAL are the same timer. */
	alarm(5);
	getitimer(ITIMER_REAL, &cur);
	printf("alarm visible via getitimer: %s\n", yesno(cur.it_value.tv_sec >= 4 && cur.it_value.tv_sec <= 5));
	alarm(0);
	it.it_value.tv_usec = 2000000;
	EXPECT_ERR("usec out of range", setitimer(ITIMER_REAL, &it, NULL), EINVAL);
	EXPECT_ERR("bad which", setitimer(42, &off, NULL), EINVAL);
	/* ITIMER_VIRTUAL fires on user CPU time. */
	signal(SIGVTALRM, h);
	fired = 0;
	struct itimerval v = { { 0, 0 }, { 0, 10000 } };
	setitimer(ITIMER_VIRTUAL, &v, NULL);
	volatile unsigned long x = 0;
	for (unsigned long i = 0; !fired && i < 4000000000UL; i++)
		x += i;
	(void)x;
	printf("ITIMER_VIRTUAL fired: %s\n", yesno(fired == 1));
	/* Timers are not inherited by fork children; alarm is kept across exec. */
	alarm(30);
	pid_t pid = fork();
	if (pid == 0) {
		_exit(alarm(0) == 0 ? 0 : 1);
	}
	printf("child has no alarm: %s\n", wait_child(pid));
	alarm(0);
	return conf_end();
}
