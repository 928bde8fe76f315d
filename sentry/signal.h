/* Signal internals shared by the task loop, the signal syscalls and exit:
 * default actions, queueing, dequeueing and delivery (signal.c), and the
 * architecture's signal frames (signal_frame_x86_64.c). */
#pragma once
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include "sentry/task.h"

enum sig_default {
	SIG_DEFAULT_TERM,
	SIG_DEFAULT_CORE,
	SIG_DEFAULT_STOP,
	SIG_DEFAULT_CONT,
	SIG_DEFAULT_IGNORE,
};

#define SIG_KERNEL_ONLY_MASK (SIGSET_BIT(SIGKILL) | SIGSET_BIT(SIGSTOP))
#define SIG_STOP_MASK (SIGSET_BIT(SIGSTOP) | SIGSET_BIT(SIGTSTP) | \
		       SIGSET_BIT(SIGTTIN) | SIGSET_BIT(SIGTTOU))

enum sig_default sig_default_action(int sig);
bool sig_valid(int sig);

/* Called by the task loop before returning to app code: handles group
 * exit, job-control stops and pending signals, and applies the restart
 * rules to an interrupted syscall (syscall_ret is the handler's result, or
 * 0 when the task is not returning from a syscall). May not return (exit). */
void task_handle_signals(struct task *t, bool from_syscall, long syscall_ret);

/* After t's mask changed (kernel.lock held): if a pending signal became
 * deliverable, make t's next or current block return -ERESTARTSYS. */
void task_recalc_sigpending(struct task *t);

/* Dequeues the next deliverable signal for t (kernel.lock held). */
int sig_dequeue(struct task *t, siginfo_t *info);
void sigpending_init(struct sigpending *p);
void sigpending_flush(struct sigpending *p, uint64_t mask);

/* Signal frames (arch). Builds a frame on the app stack for sig and points
 * regs at the handler. Returns 0 or -EFAULT (the caller then kills the
 * task with SIGSEGV, as Linux does). */
int sig_setup_frame(struct task *t, int sig, const siginfo_t *info,
		    const struct k_sigaction *act, uint64_t old_mask);
/* rt_sigreturn: restores regs and mask from the frame at the app's sp. */
long sig_restore_frame(struct task *t);

/* Notifies t's parent that t's group changed state (exit, stop, continue):
 * SIGCHLD (or exit_signal) and a wake-up of waiters. kernel.lock held. */
void sig_notify_parent(struct thread_group *tg, int why, int status);
/* Wakes one thread of tg able to take a shared signal (kernel.lock held). */
void sig_wake_group(struct thread_group *tg, int sig);
