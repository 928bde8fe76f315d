/* Conformance: wait4 WNOHANG, rusage, and __WALL/__WCLONE options. */
#include "conf.h"
#include <sys/resource.h>

int main(void)
{
	conf_init();
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(p[0], &c, 1);
		/* Burn a little CPU so rusage has something to report. */
		volatile unsigned long x = 0;
		for (unsigned long i = 0; i < 20000000UL; i++)
			x += i;
		(void)x;
		_exit(9);
	}
	int st = -1;
	struct rusage ru;
	EXPECT_EQ("WNOHANG while running", wait4(pid, &st, WNOHANG, &ru), 0);
	EXPECT_EQ("status untouched", st, -1);
	write(p[1], "go", 1);
	CHECK("blocking wait4", wait4(pid, &st, 0, &ru) == pid);
	printf("status: %s\n", wstatus_str(st));
	printf("child user+sys time > 0: %s\n", yesno(ru.ru_utime.tv_sec + ru.ru_utime.tv_usec +
						   ru.ru_stime.tv_sec + ru.ru_stime.tv_usec > 0));
	printf("maxrss > 0: %s\n", yesno(ru.ru_maxrss > 0));
	EXPECT_ERR("WNOHANG with no children", wait4(-1, &st, WNOHANG, NULL), ECHILD);
	EXPECT_ERR("bad options", wait4(-1, &st, 0x1000, NULL), EINVAL);
	pid = fork();
	if (pid == 0)
		_exit(1);
	int tries = 0;
	pid_t r;
	while ((r = wait4(pid, &st, WNOHANG, NULL)) == 0 && tries < 500) {
		sleep_ms(5);
		tries++;
	}
	printf("WNOHANG eventually reaps: %s\n", yesno(r == pid));
	pid = fork();
	if (pid == 0)
		_exit(2);
	CHECK("__WALL finds fork child", wait4(pid, &st, __WALL, NULL) == pid);
	struct rusage self;
	getrusage(RUSAGE_CHILDREN, &self);
	printf("RUSAGE_CHILDREN utime > 0: %s\n", yesno(self.ru_utime.tv_sec + self.ru_utime.tv_usec > 0));
	/* A bad rusage pointer faults after the child was reaped. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	EXPECT_ERR("rusage EFAULT", syscall(SYS_wait4, pid, &st, 0, (void *)1), EFAULT);
	EXPECT_ERR("child was reaped anyway", waitpid(pid, &st, WNOHANG), ECHILD);
	return conf_end();
}
