/* Conformance: sched_getaffinity, getcpu, scheduler queries. */
#include "conf.h"
#include <sched.h>

int main(void)
{
	conf_init();
	cpu_set_t set;
	CPU_ZERO(&set);
	EXPECT_OK("sched_getaffinity", sched_getaffinity(0, sizeof set, &set));
	int n = CPU_COUNT(&set);
	printf("cpu count >= 1: %s\n", yesno(n >= 1));
	printf("nprocs >= affinity count: %s\n", yesno(sysconf(_SC_NPROCESSORS_ONLN) >= n));
	long r = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
	printf("raw syscall returns bytes copied (multiple of 8): %s\n", yesno(r > 0 && r % 8 == 0));
	EXPECT_ERR("sched_getaffinity tiny buffer", syscall(SYS_sched_getaffinity, 0, 1, &set), EINVAL);
	EXPECT_ERR("sched_getaffinity missing pid", sched_getaffinity(0x3ffffff, sizeof set, &set), ESRCH);
	EXPECT_OK("sched_setaffinity same set", sched_setaffinity(0, sizeof set, &set));
	unsigned cpu = 12345, node = 12345;
	EXPECT_OK("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
	printf("cpu in affinity set: %s\n", yesno(cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set)));
	printf("sched_getcpu matches range: %s\n", yesno(sched_getcpu() >= 0));
	EXPECT_OK("sched_yield", sched_yield());
	EXPECT_EQ("sched_getscheduler", sched_getscheduler(0), SCHED_OTHER);
	struct sched_param sp;
	EXPECT_OK("sched_getparam", sched_getparam(0, &sp));
	EXPECT_EQ("priority", sp.sched_priority, 0);
	EXPECT_EQ("max prio FIFO", sched_get_priority_max(SCHED_FIFO), 99);
	EXPECT_EQ("min prio FIFO", sched_get_priority_min(SCHED_FIFO), 1);
	EXPECT_EQ("max prio OTHER", sched_get_priority_max(SCHED_OTHER), 0);
	EXPECT_ERR("bad policy", sched_get_priority_max(42), EINVAL);
	struct timespec ts;
	EXPECT_OK("sched_rr_get_interval", sched_rr_get_interval(0, &ts));
	errno = 0;
	int prio = getpriority(PRIO_PROCESS, 0);
	printf("getpriority: %d errno=%s\n", prio, ename(errno));
	pid_t pid = fork();
	if (pid == 0) {
		setpriority(PRIO_PROCESS, 0, 5);
		errno = 0;
		_exit(getpriority(PRIO_PROCESS, 0) == 5 && errno == 0 ? 0 : 1);
	}
	printf("child nice 5: %s\n", wait_child(pid));
	/* Affinity is inherited. */
	pid = fork();
	if (pid == 0) {
		cpu_set_t c;
		sched_getaffinity(0, sizeof c, &c);
		_exit(CPU_EQUAL(&c, &set) ? 0 : 1);
	}
	printf("child inherits affinity: %s\n", wait_child(pid));
	return conf_end();
}
