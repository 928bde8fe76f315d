/* Creating tasks and thread groups: the first process, clone/fork/vfork
 * and the sentry thread that runs each new task (sentry/clone.c). */
#pragma once
#include <stdint.h>
#include "sentry/task.h"

struct clone_request {
	uint64_t flags;       /* CLONE_* without the exit signal */
	int exit_signal;
	uint64_t stack;       /* new sp, 0: same as parent */
	uint64_t parent_tid;  /* CLONE_PARENT_SETTID */
	uint64_t child_tid;   /* CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID */
	uint64_t tls;         /* CLONE_SETTLS */
	uint64_t pidfd;       /* CLONE_PIDFD: where the new pidfd's number goes */
};

struct task *task_alloc(void);
struct thread_group *tg_alloc(void);
/* Clones p by req; returns the child's tid in p's namespace or -errno. */
long task_clone(struct task *p, const struct clone_request *req);
/* Starts the sentry thread for a task whose plat thread exists. */
int task_start_thread(struct task *t, bool adopt);
/* The same with another thread body (the first process's start-up). */
int task_start_thread_fn(struct task *t, bool adopt, void *(*fn)(void *));
