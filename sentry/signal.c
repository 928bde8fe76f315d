/* Signals: sending, queueing, dequeueing, default actions, job control and
 * delivery with Linux's syscall restart rules (kernel/signal.c and
 * arch/x86/kernel/signal.c, in our words). All state is guarded by
 * kernel.lock. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include "platform/platform.h"
#include "sentry/exec.h"
#include "sentry/exit.h"
#include "sentry/kernel.h"
#include "sentry/signal.h"
#include "syscalls/syscall.h"

bool sig_valid(int sig)
{
	return sig >= 1 && sig <= SENTRY_NSIG;
}

enum sig_default sig_default_action(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH:
		return SIG_DEFAULT_IGNORE;
	case SIGCONT:
		return SIG_DEFAULT_CONT;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return SIG_DEFAULT_STOP;
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
	case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return SIG_DEFAULT_CORE;
	default:
		return SIG_DEFAULT_TERM;
	}
}

void sigpending_init(struct sigpending *p)
{
	p->set = 0;
	list_init(&p->queue);
}

void sigpending_flush(struct sigpending *p, uint64_t mask)
{
	p->set &= ~mask;
	list_for_each_safe(pos, &p->queue) {
		struct sigqueue_entry *e = container_of(pos, struct sigqueue_entry, link);
		if (mask & SIGSET_BIT(e->info.si_signo)) {
			list_remove(pos);
			free(e);
		}
	}
}

static bool sig_is_ignored(struct thread_group *tg, int sig)
{
	uint64_t h = tg->sighand->action[sig - 1].handler;
	if (h == (uint64_t)(uintptr_t)SIG_IGN)
		return true;
	return h == (uint64_t)(uintptr_t)SIG_DFL && sig_default_action(sig) == SIG_DEFAULT_IGNORE;
}

static void fill_default_info(siginfo_t *info, int sig)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = SI_KERNEL;
}

/* Queues sig on p; a standard signal already pending is not queued twice. */
static void queue_signal_on(struct sigpending *p, int sig, const siginfo_t *info)
{
	if (sig < SIGRTMIN && (p->set & SIGSET_BIT(sig)))
		return;
	struct sigqueue_entry *e = calloc(1, sizeof(*e));
	if (e) {
		if (info)
			e->info = *info;
		else
			fill_default_info(&e->info, sig);
		e->info.si_signo = sig;
		list_add_tail(&p->queue, &e->link);
	}
	p->set |= SIGSET_BIT(sig);
}

/* Queues and tells the group's signalfds. */
static void queue_signal(struct thread_group *tg, struct sigpending *p, int sig,
			 const siginfo_t *info)
{
	queue_signal_on(p, sig, info);
	waitq_notify(&tg->signalfd_waitq, POLLIN);
}

static bool task_wants_signal(struct task *t, int sig)
{
	if (t->exiting || t->exited)
		return false;
	if (sig == SIGKILL)
		return true;
	return !(t->sigmask & SIGSET_BIT(sig));
}

void sig_wake_group(struct thread_group *tg, int sig)
{
	/* Prefer a thread that does not block sig; the leader first, as
	 * Linux's complete_signal does. */
	if (tg->leader && !tg->leader->exited && task_wants_signal(tg->leader, sig)) {
		task_interrupt(tg->leader);
		return;
	}
	list_for_each(pos, &tg->threads) {
		struct task *t = container_of(pos, struct task, tg_link);
		if (task_wants_signal(t, sig)) {
			task_interrupt(t);
			return;
		}
	}
}

static void interrupt_all(struct thread_group *tg)
{
	list_for_each(pos, &tg->threads)
		task_interrupt(container_of(pos, struct task, tg_link));
}

/* Side effects that happen at send time (Linux's prepare_signal). Returns
 * false if the signal is to be dropped. */
static bool prepare_signal(struct thread_group *tg, int sig)
{
	if (tg->state != TG_RUNNING || tg->group_exiting)
		return sig == SIGKILL ? false : false;
	if (SIGSET_BIT(sig) & SIG_STOP_MASK) {
		/* A stop signal discards pending SIGCONT. */
		sigpending_flush(&tg->shared_pending, SIGSET_BIT(SIGCONT));
		list_for_each(pos, &tg->threads)
			sigpending_flush(&container_of(pos, struct task, tg_link)->pending,
					 SIGSET_BIT(SIGCONT));
	} else if (sig == SIGCONT) {
		sigpending_flush(&tg->shared_pending, SIG_STOP_MASK);
		list_for_each(pos, &tg->threads)
			sigpending_flush(&container_of(pos, struct task, tg_link)->pending, SIG_STOP_MASK);
		if (tg->stopped) {
			tg->stopped = false;
			tg->report_continue = true;
			tg->report_stop = false;
			sig_notify_parent(tg, CLD_CONTINUED, SIGCONT);
			pthread_cond_broadcast(&kernel.jobctl_cond);
		}
	}
	if (sig == SIGKILL) {
		tg->stopped = false;
		exit_begin_group(tg, SIGKILL);
		pthread_cond_broadcast(&kernel.jobctl_cond);
		return false;
	}
	/* An ignored signal is dropped unless blocked somewhere (then it
	 * may be unignored before it is unblocked). */
	if (sig_is_ignored(tg, sig)) {
		bool blocked_by_all = true;
		list_for_each(pos, &tg->threads)
			if (!(container_of(pos, struct task, tg_link)->sigmask & SIGSET_BIT(sig)))
				blocked_by_all = false;
		if (!blocked_by_all)
			return false;
	}
	return true;
}

int task_send_signal(struct task *t, int sig, const siginfo_t *info)
{
	if (sig == 0)
		return 0;
	if (!sig_valid(sig))
		return -EINVAL;
	pthread_mutex_lock(&kernel.lock);
	if (prepare_signal(t->tg, sig)) {
		queue_signal(t->tg, &t->pending, sig, info);
		if (task_wants_signal(t, sig))
			task_interrupt(t);
	}
	pthread_mutex_unlock(&kernel.lock);
	return 0;
}

int tg_send_signal(struct thread_group *tg, int sig, const siginfo_t *info)
{
	if (sig == 0)
		return 0;
	if (!sig_valid(sig))
		return -EINVAL;
	pthread_mutex_lock(&kernel.lock);
	if (prepare_signal(tg, sig)) {
		queue_signal(tg, &tg->shared_pending, sig, info);
		sig_wake_group(tg, sig);
	}
	pthread_mutex_unlock(&kernel.lock);
	return 0;
}

void task_force_signal(struct task *t, int sig, const siginfo_t *info)
{
	pthread_mutex_lock(&kernel.lock);
	struct k_sigaction *act = &t->tg->sighand->action[sig - 1];
	bool blocked = t->sigmask & SIGSET_BIT(sig);
	if (act->handler == (uint64_t)(uintptr_t)SIG_IGN || blocked) {
		act->handler = (uint64_t)(uintptr_t)SIG_DFL;
		t->sigmask &= ~SIGSET_BIT(sig);
	}
	queue_signal(t->tg, &t->pending, sig, info);
	task_interrupt(t);
	pthread_mutex_unlock(&kernel.lock);
}

void task_recalc_sigpending(struct task *t)
{
	uint64_t pending = (t->pending.set | t->tg->shared_pending.set) & ~t->sigmask;
	if (pending || t->tg->group_exiting) {
		pthread_mutex_lock(&t->block_lock);
		t->interrupt_pending = true;
		pthread_cond_signal(&t->block_cond);
		pthread_mutex_unlock(&t->block_lock);
	}
}

bool task_signal_pending(struct task *t)
{
	pthread_mutex_lock(&kernel.lock);
	uint64_t pending = (t->pending.set | t->tg->shared_pending.set) & ~t->sigmask;
	bool r = pending || t->exiting || t->tg->group_exiting || t->tg->stopped;
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

static int dequeue_from(struct sigpending *p, uint64_t mask, siginfo_t *info)
{
	uint64_t ready = p->set & ~mask;
	if (!ready)
		return 0;
	/* Synchronous faults first, then the lowest number (Linux's order). */
	static const int sync_sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS };
	int sig = 0;
	for (size_t i = 0; i < sizeof(sync_sigs) / sizeof(sync_sigs[0]); i++)
		if (ready & SIGSET_BIT(sync_sigs[i])) {
			sig = sync_sigs[i];
			break;
		}
	if (!sig)
		sig = __builtin_ctzll(ready) + 1;
	bool found = false, more = false;
	list_for_each_safe(pos, &p->queue) {
		struct sigqueue_entry *e = container_of(pos, struct sigqueue_entry, link);
		if (e->info.si_signo != sig)
			continue;
		if (found) {
			more = true;
			break;
		}
		*info = e->info;
		list_remove(pos);
		free(e);
		found = true;
	}
	if (!found)
		fill_default_info(info, sig);
	if (!more)
		p->set &= ~SIGSET_BIT(sig);
	return sig;
}

int sig_dequeue(struct task *t, siginfo_t *info)
{
	int sig = dequeue_from(&t->pending, t->sigmask, info);
	if (!sig)
		sig = dequeue_from(&t->tg->shared_pending, t->sigmask, info);
	return sig;
}

void sig_notify_parent(struct thread_group *tg, int why, int status)
{
	struct thread_group *parent = tg->parent;
	if (!parent || parent->state != TG_RUNNING)
		return;
	struct k_sigaction *act = &parent->sighand->action[SIGCHLD - 1];
	bool send = true;
	if (why == CLD_STOPPED || why == CLD_CONTINUED) {
		if (act->flags & SA_NOCLDSTOP)
			send = false;
	}
	int sig = (why == CLD_EXITED || why == CLD_KILLED || why == CLD_DUMPED) ? tg->exit_signal : SIGCHLD;
	if (send && sig > 0) {
		siginfo_t info;
		memset(&info, 0, sizeof(info));
		info.si_signo = sig;
		info.si_code = why;
		info.si_pid = tg->tgid;
		info.si_uid = tg->cred.uid;
		info.si_status = status;
		if (prepare_signal(parent, sig)) {
			queue_signal(parent, &parent->shared_pending, sig, &info);
			sig_wake_group(parent, sig);
		}
	}
	waitq_notify(&parent->child_waitq, 1);
}

/* Group stop: the first thread to take a stop signal stops the group and
 * tells the parent; every thread then parks here until SIGCONT/SIGKILL. */
static void do_group_stop(struct task *t, int sig)
{
	struct thread_group *tg = t->tg;
	if (!tg->stopped) {
		tg->stopped = true;
		tg->stop_signal = sig;
		tg->report_stop = true;
		tg->report_continue = false;
		interrupt_all(tg);
		sig_notify_parent(tg, CLD_STOPPED, sig);
	}
}

static void wait_while_stopped(struct task *t)
{
	while (t->tg->stopped && !t->tg->group_exiting)
		pthread_cond_wait(&kernel.jobctl_cond, &kernel.lock);
}

static bool is_restart_code(long r)
{
	return r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND ||
	       r == -ERESTART_RESTARTBLOCK;
}

/* The rules of arch/x86/kernel/signal.c: on the way to a handler,
 * a restart code becomes EINTR unless SA_RESTART allows a restart. */
static void restart_for_handler(struct task *t, long ret, const struct k_sigaction *act)
{
	switch (ret) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		arch_set_return(&t->regs, -EINTR);
		break;
	case -ERESTARTSYS:
		if (!(act->flags & SA_RESTART)) {
			arch_set_return(&t->regs, -EINTR);
			break;
		}
		/* fall through */
	case -ERESTARTNOINTR:
		arch_restart_syscall(&t->regs, t->syscall_nr);
		break;
	}
}

static void restart_without_handler(struct task *t, long ret)
{
	if (ret == -ERESTART_RESTARTBLOCK)
		arch_restart_syscall(&t->regs, SYS_restart_syscall);
	else
		arch_restart_syscall(&t->regs, t->syscall_nr);
}

void task_handle_signals(struct task *t, bool from_syscall, long ret)
{
	bool restart_pending = from_syscall && is_restart_code(ret);
	pthread_mutex_lock(&kernel.lock);
	pthread_mutex_lock(&t->block_lock);
	t->interrupt_pending = false;
	pthread_mutex_unlock(&t->block_lock);
	for (;;) {
		if (t->tg->group_exiting || t->exiting) {
			t->exiting = true;
			break;
		}
		if (t->tg->stopped) {
			exec_wake_vfork_parent(t); /* before this task sleeps */
			wait_while_stopped(t);
			continue;
		}
		siginfo_t info;
		int sig = sig_dequeue(t, &info);
		if (!sig)
			break;
		struct k_sigaction *act = &t->tg->sighand->action[sig - 1];
		uint64_t handler = act->handler;
		if (sig == SIGKILL || handler == (uint64_t)(uintptr_t)SIG_DFL) {
			enum sig_default d = sig == SIGKILL ? SIG_DEFAULT_TERM : sig_default_action(sig);
			if (d == SIG_DEFAULT_IGNORE || d == SIG_DEFAULT_CONT)
				continue;
			if (d == SIG_DEFAULT_STOP) {
				exec_wake_vfork_parent(t); /* before this task sleeps */
				do_group_stop(t, sig);
				continue;
			}
			exit_begin_group(t->tg, sig);
			t->exiting = true;
			break;
		}
		if (handler == (uint64_t)(uintptr_t)SIG_IGN)
			continue;

		/* Deliver to the handler. */
		if (restart_pending) {
			restart_for_handler(t, ret, act);
			restart_pending = false;
		}
		uint64_t old_mask = t->restore_sigmask ? t->saved_sigmask : t->sigmask;
		t->restore_sigmask = false;
		if (sig_setup_frame(t, sig, &info, act, old_mask) < 0) {
			/* Cannot build the frame: Linux's force_sigsegv. */
			exit_begin_group(t->tg, SIGSEGV);
			t->exiting = true;
			break;
		}
		t->sigmask |= act->mask;
		if (!(act->flags & SA_NODEFER))
			t->sigmask |= SIGSET_BIT(sig);
		t->sigmask &= ~SIG_KERNEL_ONLY_MASK;
		if (act->flags & SA_RESETHAND)
			act->handler = (uint64_t)(uintptr_t)SIG_DFL;
		break;
	}
	if (restart_pending && !t->exiting)
		restart_without_handler(t, ret);
	if (t->restore_sigmask) {
		t->restore_sigmask = false;
		t->sigmask = t->saved_sigmask;
	}
	pthread_mutex_unlock(&kernel.lock);
}
