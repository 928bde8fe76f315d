/* The kernel object: the sandbox-wide state every task shares - the pid
 * namespace (virtual ids), the process tree, the UTS names, boot time and
 * the options the sandbox was started with. There is one per sentry. */
#pragma once
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include "sentry/list.h"
#include "sentry/task.h"

#define KERNEL_PID_MAX 4194304

struct kernel {
	/* Guards the process tree, ids, membership, exit and signal state. */
	pthread_mutex_t lock;
	struct list_node tasks;         /* all live tasks */
	struct list_node thread_groups; /* all thread groups until reaped */
	pid_t last_pid;
	struct thread_group *init;      /* pid 1 */
	char hostname[65];
	char domainname[65];
	struct timespec boot_time;      /* CLOCK_MONOTONIC at start */
	struct timespec boot_realtime;

	/* Sandbox end: set when init's thread group exits. */
	pthread_cond_t done_cond;
	/* Broadcast when a group stop ends or a thread of an exec'ing or
	 * exiting group goes away (waits are on kernel.lock). */
	pthread_cond_t jobctl_cond;
	bool done;
	int exit_status; /* init's wait status */
	int live_sentry_threads;

	/* Auditing. */
	bool strace;
	FILE *strace_out;
	FILE *audit_out;
	pthread_mutex_t log_lock;
	const char *strace_filter; /* comma-separated names, NULL: all */
};

extern struct kernel kernel;

void kernel_init(void);
/* Allocates an unused virtual pid (kernel.lock held). */
pid_t kernel_alloc_pid(void);
/* Lookups by virtual id (kernel.lock held); NULL if none. */
struct task *kernel_find_task(pid_t tid);
struct thread_group *kernel_find_tg(pid_t tgid);
/* The current time since boot (CLOCK_MONOTONIC based). */
void kernel_uptime(struct timespec *ts);
