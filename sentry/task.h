/* Tasks and thread groups: the sentry's view of the sandbox's processes.
 *
 * A struct task is one sandbox thread (Linux's task_struct); a struct
 * thread_group is one sandbox process (Linux's signal_struct plus the
 * process-wide parts of task_struct). Every task is served by one sentry
 * host thread that runs its loop (task_loop.c): run app code on the platform
 * until a syscall, fault or signal; handle it; resume.
 *
 * Locking: kernel.lock (sentry/kernel.h) guards the process tree, ids,
 * thread-group membership, exit/wait state and signal state (pending sets,
 * masks, actions). task.block_lock guards only the sleep/wake handshake.
 * Lock order: vfs_lock -> kernel.lock -> waitq.lock -> task.block_lock.
 * So nothing that may take vfs_lock (path walks, vfs_file_path, dropping a
 * file or mm reference) runs with kernel.lock held: /proc walks under
 * vfs_lock and then takes kernel.lock. */
#pragma once
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>
#include "fs/timer_service.h"
#include "platform/arch.h"
#include "sentry/cred.h"
#include "sentry/list.h"
#include "sentry/waitq.h"

struct fd_table;
struct fs_context;
struct mm;
struct plat_thread;
struct vfs_file;
struct strace_call;

#define SENTRY_NSIG 64
#define SIGSET_BIT(sig) (1ULL << ((sig) - 1))

/* Linux's kernel-side struct sigaction for x86_64 (rt_sigaction's layout). */
struct k_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/* Signal actions, shared between tasks cloned with CLONE_SIGHAND. */
struct sighand {
	int refs;
	struct k_sigaction action[SENTRY_NSIG];
};

struct sigqueue_entry {
	struct list_node link;
	siginfo_t info;
};

/* Pending signals: a set plus the queued siginfos (one per standard signal,
 * any number per real-time signal). */
struct sigpending {
	uint64_t set;
	struct list_node queue;
};

enum tg_state {
	TG_RUNNING,
	TG_EXITING, /* exit_group or fatal signal under way */
	TG_ZOMBIE,  /* all threads gone, waiting for the parent's wait */
	TG_DEAD,    /* reaped */
};

struct thread_group {
	pid_t tgid, pgid, sid;
	struct thread_group *parent;
	struct list_node children; /* of struct thread_group.sibling */
	struct list_node sibling;
	struct list_node threads;  /* of struct task.tg_link */
	struct list_node all_link; /* kernel.thread_groups */
	int live_threads;
	struct task *leader;

	struct mm *mm;
	struct sighand *sighand;
	struct sigpending shared_pending;
	struct cred cred;
	struct rlimit rlimits[RLIM_NLIMITS];

	enum tg_state state;
	int exit_code;       /* wait status word (W* encoding) */
	bool group_exiting;  /* exit_group/fatal signal: every thread must exit */
	int group_exit_code;
	/* Job control: stop/continue notifications for the parent's wait. */
	bool stopped;
	int stop_signal;
	bool report_stop, report_continue;
	int exit_signal; /* signal sent to the parent at exit (SIGCHLD usually) */

	/* ITIMER_REAL / alarm. */
	struct timespec itimer_real_expiry; /* CLOCK_MONOTONIC, 0 = disarmed */
	struct timespec itimer_real_interval;
	struct service_timer itimer;
	bool itimer_init, itimer_armed;
	/* ITIMER_VIRTUAL (0) and ITIMER_PROF (1): CPU-time deadlines of the
	 * group, checked by a periodic service timer. */
	struct cpu_itimer {
		struct service_timer poll;
		bool init, armed;
		uint64_t expiry_ns, interval_ns; /* group CPU time */
		struct thread_group *tg;
		int which;
	} cpu_itimer[2];

	/* Resource usage of reaped children (RUSAGE_CHILDREN) and own. */
	struct timespec start_time; /* CLOCK_MONOTONIC */
	uint64_t child_utime_ns, child_stime_ns; /* reaped children, recursively */
	uint64_t utime_ns, stime_ns;             /* threads of this group that exited */
	long maxrss_kb, child_maxrss_kb;

	char exe_path[4096];    /* for /proc/PID/exe */
	struct vfs_file *exe;   /* the executable, a reference */
	uint64_t arg_start, arg_end, env_start, env_end; /* for /proc cmdline/environ */
	bool no_new_privs;
	bool child_subreaper;
	int keepcaps;
	int nice;
	uint32_t personality;
	int dumpable;
	int pdeath_signal;
	struct waitq child_waitq; /* woken on child state change (wait4) */
	bool is_vfork_child;
	bool exe_changed_since_fork; /* setpgid by the parent: EACCES */
	bool vfork_done;         /* for a vfork child: exec or exit happened */
	struct waitq vfork_waitq;
	/* signalfd readiness: notified when a signal is queued here. */
	struct waitq signalfd_waitq;
	int file_refs; /* signalfd and pidfd files pointing here keep it allocated */
	struct waitq exit_waitq; /* pidfd readiness: notified when the group exits */
};

struct task {
	pid_t tid;       /* virtual, in the sandbox's pid namespace */
	struct thread_group *tg;
	struct list_node tg_link;
	struct list_node all_link; /* kernel.tasks */

	struct fd_table *fdt;
	struct fs_context *fs;
	struct plat_thread *plat;

	struct arch_regs regs; /* app registers while stopped in the sentry */
	/* The syscall being handled (for restart and strace). */
	long syscall_nr;
	bool in_syscall;

	uint64_t sigmask;
	uint64_t saved_sigmask; /* rt_sigsuspend/ppoll/pselect restore it on return */
	bool restore_sigmask;
	struct sigpending pending;
	stack_t altstack;
	uint64_t clear_child_tid;
	uint64_t set_child_tid; /* written by the child before it first runs */
	bool needs_adopt;       /* the platform thread awaits adoption */
	uint64_t robust_list, robust_list_len;
	/* restart_syscall: what to run when ERESTART_RESTARTBLOCK restarts. */
	long (*restart_fn)(struct task *t);
	struct timespec restart_deadline;
	uint64_t restart_args[6];

	char comm[16];
	bool exiting;
	int exit_code;      /* wait status word for a plain exit() */
	bool exited;       /* its host thread is gone */
	/* exec released the vfork parent (vfork_done) but has not woken it
	 * yet: that happens once the new image runs (exec_wake_vfork_parent). */
	bool vfork_wake_deferred;

	/* Sleep/wake handshake for blocking syscalls (task_block). */
	pthread_mutex_t block_lock;
	pthread_cond_t block_cond;
	bool woken;
	bool blocking;
	/* An interrupt (signal, exit) was posted while running app code. */
	bool interrupt_pending;
	/* Set while the platform runs app code (a wake-up must kick it). */
	bool in_app;

	/* CPU time accounting (from the host thread). */
	uint64_t utime_ns, stime_ns;
	uint64_t syscall_count;
	struct strace_call *strace_call; /* --strace/audit scratch, lazily */
};

/* The task whose syscall the calling sentry thread is handling. */
struct task *task_current(void);
void task_set_current(struct task *t);

/* ERESTARTSYS's value, for code that cannot include syscalls/syscall.h. */
#define ERESTARTSYS_VALUE 512
#define ERESTARTNOINTR_VALUE 513

/* The top of the app's address space (x86_64 4-level paging: 47 bits less
 * the guard page), and Linux's access_ok: a range entirely below it. */
#define TASK_SIZE_MAX 0x7ffffffff000ULL
static inline bool task_access_ok(uint64_t addr, uint64_t len)
{
	return len <= TASK_SIZE_MAX && addr <= TASK_SIZE_MAX - len;
}

/* ---- Copying to and from the app's memory. Every helper returns -EFAULT for
 * an address range that is not (completely) mapped with the needed access. */
int task_copy_in(struct task *t, void *dst, uint64_t src, size_t n);
int task_copy_out(struct task *t, uint64_t dst, const void *src, size_t n);
/* Copies a NUL-terminated string of at most size-1 bytes; returns its length,
 * -EFAULT, or -ENAMETOOLONG if no NUL within size bytes. */
long task_copy_string_in(struct task *t, uint64_t src, char *dst, size_t size);
/* Partial copies: return the number of bytes copied before the first fault
 * (0 if the first byte faults). */
size_t task_copy_in_partial(struct task *t, void *dst, uint64_t src, size_t n);
size_t task_copy_out_partial(struct task *t, uint64_t dst, const void *src, size_t n);

/* ---- Blocking. A blocking syscall registers a waiter on the waitq of the
 * object it waits for, rechecks its condition, then calls task_block. */

/* Initializes w so that a notification wakes t. */
void task_waiter_init(struct task *t, struct waiter *w, uint32_t mask);
/* Sleeps until woken, a signal is pending, or the CLOCK_MONOTONIC deadline
 * (NULL: none) passes. Returns 0 when woken, -ERESTARTSYS for a signal,
 * -ETIMEDOUT at the deadline. */
int task_block(struct task *t, const struct timespec *deadline);
/* The common loop: calls try(arg) until it returns anything but -EAGAIN,
 * sleeping on q for mask in between. Returns try's result, -ERESTARTSYS on
 * a signal or -ETIMEDOUT at the deadline. */
long task_wait_until(struct task *t, struct waitq *q, uint32_t mask,
		     const struct timespec *deadline,
		     long (*try_fn)(void *arg), void *arg);
/* True if a signal is pending that t does not block (it would interrupt). */
bool task_signal_pending(struct task *t);
/* Wakes t from task_block or the platform (used by signal delivery). */
void task_interrupt(struct task *t);

/* ---- Signals (sentry/signal.c). */
/* Sends sig to one task (tkill semantics); info may be NULL (SI_KERNEL). */
int task_send_signal(struct task *t, int sig, const siginfo_t *info);
/* Sends sig to a thread group (kill semantics). */
int tg_send_signal(struct thread_group *tg, int sig, const siginfo_t *info);
/* Sends a signal the task cannot have blocked or ignored into a no-op
 * (SIGSEGV from a fault): Linux's force_sig. SIGPIPE and SIGXFSZ from I/O
 * are ordinary signals (send_sig): use task_send_signal for those. */
void task_force_signal(struct task *t, int sig, const siginfo_t *info);

/* ---- Resource limits. */
static inline rlim_t task_rlimit(const struct task *t, int resource)
{
	return t->tg->rlimits[resource].rlim_cur;
}
