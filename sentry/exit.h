/* Exit and wait: thread and group exit, zombies, reparenting to init, and
 * wait4/waitid (sentry/exit.c, sentry/wait.c). */
#pragma once
#include <signal.h>
#include <sys/resource.h>
#include "sentry/task.h"

/* Starts the exit of every thread of tg with wait status wstatus (the
 * encoded word: exit code << 8, or the signal number). kernel.lock held. */
void exit_begin_group(struct thread_group *tg, int wstatus);
/* Ends t: its host thread, its place in the group, and when it is the last
 * thread, the group (zombie, parent notification). Called by t's own sentry
 * thread when t->exiting; t is freed on return. */
void task_exit(struct task *t);
/* Frees a reaped thread group (kernel.lock held). */
void tg_release(struct thread_group *tg);
/* Frees the memory of a released group once nothing points to it. */
void tg_release_memory(struct thread_group *tg);

/* wait4/waitid core. which: P_ALL, P_PID, P_PGID. Returns the child's pid,
 * 0 (WNOHANG, nothing ready) or -errno. */
long wait_for_child(struct task *t, int which, pid_t id, int options,
		    int *wstatus, siginfo_t *info, struct rusage *ru);
