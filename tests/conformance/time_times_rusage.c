/* Conformance: times() and getrusage sanity. */
#include "conf.h"
#include <sys/times.h>
#include <sys/resource.h>

static void burn(void)
{
	volatile unsigned long x = 0;
	for (unsigned long i = 0; i < 50000000UL; i++)
		x += i;
	(void)x;
}

int main(void)
{
	conf_init();
	struct tms a, b;
	clock_t t0 = times(&a);
	burn();
	clock_t t1 = times(&b);
	printf("times() return increases: %s\n", yesno(t1 >= t0));
	printf("utime advanced: %s\n", yesno(b.tms_utime > a.tms_utime));
	printf("sysconf(_SC_CLK_TCK)=%ld\n", sysconf(_SC_CLK_TCK));
	EXPECT_OK("times(NULL)", times(NULL));
	pid_t pid = fork();
	if (pid == 0) {
		burn();
		_exit(0);
	}
	wait_child(pid);
	struct tms c;
	times(&c);
	printf("children utime counted after wait: %s\n", yesno(c.tms_cutime > 0));
	struct rusage ru;
	EXPECT_OK("getrusage SELF", getrusage(RUSAGE_SELF, &ru));
	printf("self utime > 0: %s\n", yesno(ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0));
	printf("maxrss > 0: %s\n", yesno(ru.ru_maxrss > 0));
	EXPECT_OK("getrusage CHILDREN", getrusage(RUSAGE_CHILDREN, &ru));
	printf("children utime > 0: %s\n", yesno(ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0));
	EXPECT_OK("getrusage THREAD", getrusage(RUSAGE_THREAD, &ru));
	EXPECT_ERR("getrusage bad who", getrusage(42, &ru), EINVAL);
	EXPECT_ERR("getrusage EFAULT", syscall(SYS_getrusage, RUSAGE_SELF, (void *)1), EFAULT);
	return conf_end();
}
