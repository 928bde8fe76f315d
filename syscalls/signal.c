/* Signal syscalls: actions, masks, sending, waiting, the alternate stack,
 * rt_sigreturn (kernel/signal.c). */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include "sentry/kernel.h"
#include "sentry/signal.h"
#include "syscalls/syscall.h"
#include "sentry/time_util.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

SYSCALL_DEFINE(rt_sigaction)
{
	int sig = (int)args->a[0];
	if (args->a[3] != 8)
		return -EINVAL;
	if (!sig_valid(sig))
		return -EINVAL;
	struct k_sigaction nact;
	if (args->a[1]) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (task_copy_in(t, &nact, args->a[1], sizeof(nact)) < 0)
			return -EFAULT;
	}
	pthread_mutex_lock(&kernel.lock);
	struct k_sigaction *act = &t->tg->sighand->action[sig - 1];
	struct k_sigaction old = *act;
	if (args->a[1]) {
		nact.mask &= ~SIG_KERNEL_ONLY_MASK;
		*act = nact;
		/* Setting SIG_IGN (or SIG_DFL for a default-ignored signal)
		 * discards what is pending (POSIX). */
		bool ignored = nact.handler == (uint64_t)(uintptr_t)SIG_IGN ||
			       (nact.handler == (uint64_t)(uintptr_t)SIG_DFL &&
				sig_default_action(sig) == SIG_DEFAULT_IGNORE);
		if (ignored) {
			sigpending_flush(&t->tg->shared_pending, SIGSET_BIT(sig));
			list_for_each(pos, &t->tg->threads)
				sigpending_flush(&container_of(pos, struct task, tg_link)->pending,
						 SIGSET_BIT(sig));
		}
	}
	pthread_mutex_unlock(&kernel.lock);
	if (args->a[2] && task_copy_out(t, args->a[2], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

/* Changing the mask may make a pending signal deliverable. */
static void set_mask(struct task *t, uint64_t mask)
{
	t->sigmask = mask & ~SIG_KERNEL_ONLY_MASK;
	task_recalc_sigpending(t);
}

SYSCALL_DEFINE(rt_sigprocmask)
{
	int how = (int)args->a[0];
	if (args->a[3] != 8)
		return -EINVAL;
	uint64_t old = t->sigmask, set;
	if (args->a[1]) {
		if (task_copy_in(t, &set, args->a[1], 8) < 0)
			return -EFAULT;
		pthread_mutex_lock(&kernel.lock);
		switch (how) {
		case SIG_BLOCK:
			set_mask(t, old | set);
			break;
		case SIG_UNBLOCK:
			set_mask(t, old & ~set);
			break;
		case SIG_SETMASK:
			set_mask(t, set);
			break;
		default:
			pthread_mutex_unlock(&kernel.lock);
			return -EINVAL;
		}
		pthread_mutex_unlock(&kernel.lock);
	}
	if (args->a[2] && task_copy_out(t, args->a[2], &old, 8) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(rt_sigreturn)
{
	pthread_mutex_lock(&kernel.lock);
	long r = sig_restore_frame(t);
	pthread_mutex_unlock(&kernel.lock);
	if (r == -EFAULT) {
		/* An unreadable frame: Linux's force_sigsegv. */
		siginfo_t info;
		memset(&info, 0, sizeof(info));
		info.si_signo = SIGSEGV;
		info.si_code = SI_KERNEL;
		task_force_signal(t, SIGSEGV, &info);
		return (long)t->regs.gp.rax;
	}
	return r;
}

SYSCALL_DEFINE(rt_sigpending)
{
	if (args->a[1] > 8)
		return -EINVAL;
	pthread_mutex_lock(&kernel.lock);
	uint64_t set = (t->pending.set | t->tg->shared_pending.set) & t->sigmask;
	pthread_mutex_unlock(&kernel.lock);
	if (task_copy_out(t, args->a[0], &set, args->a[1]) < 0)
		return -EFAULT;
	return 0;
}

/* Sleeps until interrupted. The task loop then delivers the signal, or,
 * if the interruption delivered nothing (an ignored signal), restarts the
 * call: Linux's ERESTARTNOHAND. */
static long sleep_until_signal(struct task *t)
{
	for (;;) {
		if (task_block(t, NULL) == -ERESTARTSYS)
			return -ERESTARTNOHAND;
	}
}

SYSCALL_DEFINE(pause)
{
	return sleep_until_signal(t);
}

SYSCALL_DEFINE(rt_sigsuspend)
{
	uint64_t mask;
	if (args->a[1] != 8)
		return -EINVAL;
	if (task_copy_in(t, &mask, args->a[0], 8) < 0)
		return -EFAULT;
	pthread_mutex_lock(&kernel.lock);
	t->saved_sigmask = t->sigmask;
	t->restore_sigmask = true;
	set_mask(t, mask);
	pthread_mutex_unlock(&kernel.lock);
	return sleep_until_signal(t);
}

SYSCALL_DEFINE(rt_sigtimedwait)
{
	uint64_t set;
	if (args->a[3] != 8)
		return -EINVAL;
	if (task_copy_in(t, &set, args->a[0], 8) < 0)
		return -EFAULT;
	set &= ~SIG_KERNEL_ONLY_MASK;
	struct timespec deadline, *dl = NULL;
	if (args->a[2]) {
		struct timespec ts;
		if (task_copy_in(t, &ts, args->a[2], sizeof(ts)) < 0)
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		deadline_after(&ts, &deadline);
		dl = &deadline;
	}
	for (;;) {
		pthread_mutex_lock(&kernel.lock);
		/* Look only at the waited-for set, as if all else were blocked. */
		uint64_t saved = t->sigmask;
		t->sigmask = ~set;
		siginfo_t info;
		int sig = sig_dequeue(t, &info);
		t->sigmask = saved;
		pthread_mutex_unlock(&kernel.lock);
		if (sig) {
			if (args->a[1] && task_copy_out(t, args->a[1], &info, sizeof(info)) < 0)
				return -EFAULT;
			return sig;
		}
		/* While asleep the waited-for signals count as unblocked, so
		 * that a sender wakes us (Linux's real_blocked). */
		pthread_mutex_lock(&kernel.lock);
		uint64_t real_blocked = t->sigmask;
		t->sigmask &= ~set;
		task_recalc_sigpending(t);
		pthread_mutex_unlock(&kernel.lock);
		int r = task_block(t, dl);
		pthread_mutex_lock(&kernel.lock);
		t->sigmask = real_blocked;
		pthread_mutex_unlock(&kernel.lock);
		if (r == -ETIMEDOUT)
			return -EAGAIN;
		if (r == -ERESTARTSYS) {
			pthread_mutex_lock(&kernel.lock);
			uint64_t p = (t->pending.set | t->tg->shared_pending.set);
			bool waited = p & set;
			bool other = p & ~t->sigmask & ~set;
			bool fatal = t->exiting || t->tg->group_exiting || t->tg->stopped;
			pthread_mutex_unlock(&kernel.lock);
			if (waited)
				continue;
			if (other || fatal)
				return -EINTR;
			pthread_mutex_lock(&t->block_lock);
			t->interrupt_pending = false;
			pthread_mutex_unlock(&t->block_lock);
		}
	}
}

/* kernel/signal.c's check_kill_permission: root, or a real/effective uid
 * matching the target's real or saved uid; SIGCONT within a session. */
static bool may_signal(struct task *t, struct thread_group *target, int sig)
{
	const struct cred *c = &t->tg->cred, *tc = &target->cred;
	if (cred_is_privileged(c) || target == t->tg)
		return true;
	if (c->euid == tc->suid || c->euid == tc->uid || c->uid == tc->suid || c->uid == tc->uid)
		return true;
	return sig == SIGCONT && target->sid == t->tg->sid;
}

static void fill_kill_info(struct task *t, siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->si_pid = t->tg->tgid;
	info->si_uid = t->tg->cred.uid;
}

SYSCALL_DEFINE(kill)
{
	pid_t pid = (pid_t)args->a[0];
	int sig = (int)args->a[1];
	if (sig < 0 || sig > SENTRY_NSIG)
		return -EINVAL;
	siginfo_t info;
	fill_kill_info(t, &info, sig, SI_USER);
	if (pid > 0) {
		pthread_mutex_lock(&kernel.lock);
		struct thread_group *tg = kernel_find_tg(pid);
		long r;
		if (!tg)
			r = -ESRCH;
		else if (!may_signal(t, tg, sig))
			r = -EPERM;
		else
			r = tg->state == TG_RUNNING ? tg_send_signal(tg, sig, &info) : 0;
		pthread_mutex_unlock(&kernel.lock);
		return r;
	}
	/* Process groups (pid 0: ours, < -1: -pid) or everyone (-1). */
	if (pid == INT32_MIN)
		return -ESRCH;
	pid_t pgid = pid == 0 ? t->tg->pgid : -pid;
	int found = 0, denied = 0;
	pthread_mutex_lock(&kernel.lock);
	list_for_each(pos, &kernel.thread_groups) {
		struct thread_group *tg = container_of(pos, struct thread_group, all_link);
		if (tg->state != TG_RUNNING)
			continue;
		if (pid == -1 ? (tg == kernel.init || tg == t->tg) : tg->pgid != pgid)
			continue;
		if (!may_signal(t, tg, sig)) {
			denied++;
			continue;
		}
		tg_send_signal(tg, sig, &info);
		found++;
	}
	pthread_mutex_unlock(&kernel.lock);
	return found ? 0 : denied ? -EPERM : -ESRCH;
}

static long send_to_thread(struct task *t, pid_t tgid, pid_t tid, int sig, int code)
{
	if (tid <= 0 || (tgid != -1 && tgid <= 0))
		return -EINVAL;
	if (sig < 0 || sig > SENTRY_NSIG)
		return -EINVAL;
	siginfo_t info;
	fill_kill_info(t, &info, sig, code);
	pthread_mutex_lock(&kernel.lock);
	struct task *target = kernel_find_task(tid);
	long r;
	if (!target || (tgid != -1 && target->tg->tgid != tgid))
		r = -ESRCH;
	else if (!may_signal(t, target->tg, sig))
		r = -EPERM;
	else
		r = task_send_signal(target, sig, &info);
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

SYSCALL_DEFINE(tkill)
{
	return send_to_thread(t, -1, (pid_t)args->a[0], (int)args->a[1], SI_TKILL);
}

SYSCALL_DEFINE(tgkill)
{
	return send_to_thread(t, (pid_t)args->a[0], (pid_t)args->a[1], (int)args->a[2], SI_TKILL);
}

static long queueinfo(struct task *t, pid_t tgid, pid_t tid, int sig, uint64_t uinfo)
{
	siginfo_t info;
	if (task_copy_in(t, &info, uinfo, sizeof(info)) < 0)
		return -EFAULT;
	/* Only the kernel may claim kernel codes (and SI_TKILL). */
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) && tgid != t->tg->tgid)
		return -EPERM;
	if (!sig_valid(sig))
		return -EINVAL;
	info.si_signo = sig;
	pthread_mutex_lock(&kernel.lock);
	long r;
	if (tid) {
		struct task *target = kernel_find_task(tid);
		r = (!target || target->tg->tgid != tgid) ? -ESRCH : task_send_signal(target, sig, &info);
	} else {
		struct thread_group *tg = kernel_find_tg(tgid);
		r = !tg ? -ESRCH : tg_send_signal(tg, sig, &info);
	}
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

SYSCALL_DEFINE(rt_sigqueueinfo)
{
	return queueinfo(t, (pid_t)args->a[0], 0, (int)args->a[1], args->a[2]);
}

SYSCALL_DEFINE(rt_tgsigqueueinfo)
{
	return queueinfo(t, (pid_t)args->a[0], (pid_t)args->a[1], (int)args->a[2], args->a[3]);
}

SYSCALL_DEFINE(sigaltstack)
{
	stack_t old = t->altstack;
	uint64_t sp = t->regs.gp.rsp;
	bool on = !(old.ss_flags & SS_DISABLE) && sp > (uint64_t)(uintptr_t)old.ss_sp &&
		  sp - (uint64_t)(uintptr_t)old.ss_sp <= old.ss_size;
	if (args->a[0]) {
		stack_t ss;
		if (task_copy_in(t, &ss, args->a[0], sizeof(ss)) < 0)
			return -EFAULT;
		if (on)
			return -EPERM;
		int mode = ss.ss_flags & ~SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->altstack.ss_sp = NULL;
			t->altstack.ss_size = 0;
			t->altstack.ss_flags = SS_DISABLE;
		} else {
			if (ss.ss_size < (size_t)MINSIGSTKSZ)
				return -ENOMEM;
			t->altstack.ss_sp = ss.ss_sp;
			t->altstack.ss_size = ss.ss_size;
			t->altstack.ss_flags = ss.ss_flags & SS_AUTODISARM;
		}
	}
	if (args->a[1]) {
		if (old.ss_flags & SS_DISABLE) {
			old.ss_sp = NULL;
			old.ss_size = 0;
		}
		old.ss_flags = (old.ss_flags & SS_DISABLE) ? SS_DISABLE : on ? SS_ONSTACK : 0;
		if (task_copy_out(t, args->a[1], &old, sizeof(old)) < 0)
			return -EFAULT;
	}
	return 0;
}
