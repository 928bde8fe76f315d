/* The kernel object: pid allocation and lookups (see kernel.h). */
#include <string.h>
#include "sentry/kernel.h"

struct kernel kernel;

void kernel_init(void)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&kernel.lock, &attr);
	pthread_mutexattr_destroy(&attr);
	pthread_mutex_init(&kernel.log_lock, NULL);
	pthread_cond_init(&kernel.done_cond, NULL);
	pthread_cond_init(&kernel.jobctl_cond, NULL);
	list_init(&kernel.tasks);
	list_init(&kernel.thread_groups);
	kernel.last_pid = 0;
	strcpy(kernel.hostname, "localhost");
	strcpy(kernel.domainname, "(none)");
	clock_gettime(CLOCK_MONOTONIC, &kernel.boot_time);
	clock_gettime(CLOCK_REALTIME, &kernel.boot_realtime);
}

struct task *kernel_find_task(pid_t tid)
{
	list_for_each(pos, &kernel.tasks) {
		struct task *t = container_of(pos, struct task, all_link);
		if (t->tid == tid)
			return t;
	}
	return NULL;
}

struct thread_group *kernel_find_tg(pid_t tgid)
{
	list_for_each(pos, &kernel.thread_groups) {
		struct thread_group *tg = container_of(pos, struct thread_group, all_link);
		if (tg->tgid == tgid && tg->state != TG_DEAD)
			return tg;
	}
	return NULL;
}

static bool pid_in_use(pid_t pid)
{
	if (kernel_find_task(pid))
		return true;
	list_for_each(pos, &kernel.thread_groups) {
		struct thread_group *tg = container_of(pos, struct thread_group, all_link);
		if (tg->tgid == pid || tg->pgid == pid || tg->sid == pid)
			return true;
	}
	return false;
}

pid_t kernel_alloc_pid(void)
{
	for (int tries = 0; tries < KERNEL_PID_MAX; tries++) {
		pid_t pid = kernel.last_pid + 1;
		if (pid >= KERNEL_PID_MAX)
			pid = 2;
		kernel.last_pid = pid;
		if (!pid_in_use(pid))
			return pid;
	}
	return -1;
}

void kernel_uptime(struct timespec *ts)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ts->tv_sec = now.tv_sec - kernel.boot_time.tv_sec;
	ts->tv_nsec = now.tv_nsec - kernel.boot_time.tv_nsec;
	if (ts->tv_nsec < 0) {
		ts->tv_nsec += 1000000000;
		ts->tv_sec--;
	}
}
