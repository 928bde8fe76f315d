/* Exit: threads leaving their group, groups becoming zombies, children
 * reparented to init, the sandbox ending with init (kernel/exit.c). */
#include <errno.h>
#include <poll.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include "fs/vfs.h"
#include "platform/platform.h"
#include "sentry/debug.h"
#include "sentry/exit.h"
#include "sentry/kernel.h"
#include "sentry/mm.h"
#include "sentry/signal.h"

void exit_begin_group(struct thread_group *tg, int wstatus)
{
	if (tg->group_exiting)
		return;
	tg->group_exiting = true;
	tg->group_exit_code = wstatus;
	list_for_each(pos, &tg->threads)
		task_interrupt(container_of(pos, struct task, tg_link));
	pthread_cond_broadcast(&kernel.jobctl_cond);
}

/* Whether another thread or process still uses t's address space. */
static bool mm_shared(struct task *t)
{
	pthread_mutex_lock(&kernel.lock);
	bool shared = t->tg->live_threads > 1;
	struct mm *mm = t->tg->mm;
	pthread_mutex_unlock(&kernel.lock);
	if (!shared && mm) {
		pthread_mutex_lock(&mm->lock);
		shared = mm->refs > 1;
		pthread_mutex_unlock(&mm->lock);
	}
	return shared;
}

/* CLONE_CHILD_CLEARTID: zero the word and wake one waiter (pthread_join),
 * from the exiting thread itself while its host thread still exists. As
 * Linux (mm_release), only when another thread or process shares the
 * address space: nobody else could see the word (a process's last thread
 * exits, as every single-threaded program does). */
static void clear_child_tid(struct task *t)
{
	if (!t->clear_child_tid || !t->plat || !mm_shared(t))
		return;
	uint32_t zero = 0;
	if (task_copy_out(t, t->clear_child_tid, &zero, sizeof(zero)) < 0)
		return;
	uint64_t a[6] = { t->clear_child_tid, FUTEX_WAKE, 1, 0, 0, 0 };
	plat->host_syscall(t->plat, SYS_futex, a);
}

static bool parent_autoreaps(struct thread_group *tg)
{
	struct thread_group *p = tg->parent;
	if (!p || tg->exit_signal != SIGCHLD)
		return false;
	struct k_sigaction *act = &p->sighand->action[SIGCHLD - 1];
	return act->handler == (uint64_t)(uintptr_t)SIG_IGN || (act->flags & SA_NOCLDWAIT);
}

void tg_release_memory(struct thread_group *tg)
{
	waitq_destroy(&tg->child_waitq);
	waitq_destroy(&tg->vfork_waitq);
	waitq_destroy(&tg->signalfd_waitq);
	waitq_destroy(&tg->exit_waitq);
	free(tg);
}

void tg_release(struct thread_group *tg)
{
	list_remove(&tg->sibling);
	list_remove(&tg->all_link);
	sigpending_flush(&tg->shared_pending, ~0ULL);
	if (--tg->sighand->refs == 0)
		free(tg->sighand);
	if (tg->exe)
		vfs_file_put(tg->exe);
	tg->exe = NULL;
	tg->state = TG_DEAD;
	/* A signalfd passed to another process may still point here. */
	if (tg->file_refs == 0)
		tg_release_memory(tg);
}

/* The new parent of an orphan: the nearest live ancestor that is a child
 * subreaper (PR_SET_CHILD_SUBREAPER), else init. */
static struct thread_group *find_new_reaper(struct thread_group *tg)
{
	for (struct thread_group *a = tg->parent; a; a = a->parent)
		if (a->child_subreaper && a->state == TG_RUNNING && !a->group_exiting)
			return a;
	return kernel.init;
}

static void send_pdeath_signal(struct thread_group *dying, struct thread_group *c)
{
	if (!c->pdeath_signal || c->state != TG_RUNNING)
		return;
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_signo = c->pdeath_signal;
	info.si_code = SI_USER;
	info.si_pid = dying->tgid;
	info.si_uid = dying->cred.uid;
	tg_send_signal(c, c->pdeath_signal, &info);
}

static void reparent_children(struct thread_group *tg)
{
	struct thread_group *init = find_new_reaper(tg);
	list_for_each_safe(pos, &tg->children) {
		struct thread_group *c = container_of(pos, struct thread_group, sibling);
		list_remove(&c->sibling);
		c->parent = init;
		send_pdeath_signal(tg, c);
		if (init && init != tg) {
			list_add_tail(&init->children, &c->sibling);
			if (c->state == TG_ZOMBIE) {
				if (parent_autoreaps(c)) {
					c->state = TG_DEAD;
					tg_release(c);
				} else {
					sig_notify_parent(c, WIFSIGNALED(c->exit_code) ? CLD_KILLED : CLD_EXITED,
							  WIFSIGNALED(c->exit_code) ? WTERMSIG(c->exit_code)
										     : WEXITSTATUS(c->exit_code));
				}
			}
		} else {
			list_init(&c->sibling);
		}
	}
}

/* The group's last thread is gone: zombie, notify, or end the sandbox. */
static void tg_finish(struct thread_group *tg, int wstatus)
{
	tg->state = TG_ZOMBIE;
	tg->exit_code = wstatus;
	waitq_notify(&tg->exit_waitq, POLLIN);
	tg->vfork_done = true;
	waitq_notify(&tg->vfork_waitq, 1);
	reparent_children(tg);
	if (tg == kernel.init) {
		/* Init is gone: every other process of the namespace dies. */
		list_for_each(pos, &kernel.thread_groups) {
			struct thread_group *o = container_of(pos, struct thread_group, all_link);
			if (o != tg && o->state == TG_RUNNING)
				exit_begin_group(o, SIGKILL);
		}
		kernel.exit_status = wstatus;
		kernel.done = true;
		pthread_cond_broadcast(&kernel.done_cond);
		return;
	}
	if (parent_autoreaps(tg)) {
		tg->state = TG_DEAD;
		waitq_notify(&tg->parent->child_waitq, 1);
		tg_release(tg);
		return;
	}
	int why = WIFSIGNALED(wstatus) ? CLD_KILLED : CLD_EXITED;
	int st = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus);
	sig_notify_parent(tg, why, st);
}

void task_exit(struct task *t)
{
	struct thread_group *tg = t->tg;
	clear_child_tid(t);
	if (t->plat) {
		/* Unpublish first: /proc reads t->plat under kernel.lock. */
		pthread_mutex_lock(&kernel.lock);
		struct plat_thread *p = t->plat;
		t->plat = NULL;
		pthread_mutex_unlock(&kernel.lock);
		/* The host's rusage of a traced non-child is not reported to the
		 * tracer, so read the CPU clocks and peak RSS before the kill. */
		uint64_t user = 0, sys = 0;
		plat_cpu_times(p, &user, &sys);
		long rss = plat_peak_rss_kb(p);
		SENTRY_DEBUG("exit of %d: host cpu %lu+%lu ns, peak rss %ld KiB", t->tid, (unsigned long)user, (unsigned long)sys, rss);
		plat->release(p, NULL); /* may finish in the background */
		pthread_mutex_lock(&kernel.lock);
		tg->utime_ns += user;
		tg->stime_ns += sys;
		if (rss > tg->maxrss_kb)
			tg->maxrss_kb = rss;
		pthread_mutex_unlock(&kernel.lock);
	}

	pthread_mutex_lock(&kernel.lock);
	bool last = tg->live_threads == 1;
	pthread_mutex_unlock(&kernel.lock);
	/* Files are closed before the parent can see the zombie (a pipe's
	 * reader must see EOF by the time wait returns). */
	pthread_mutex_lock(&kernel.lock);
	struct fd_table *fdt = t->fdt;
	struct fs_context *fs = t->fs;
	t->fdt = NULL;
	t->fs = NULL;
	pthread_mutex_unlock(&kernel.lock);
	if (last && tg->itimer_init)
		timer_service_cancel(&tg->itimer);
	for (int i = 0; last && i < 2; i++)
		if (tg->cpu_itimer[i].init)
			timer_service_cancel(&tg->cpu_itimer[i].poll);
	if (fdt)
		fd_table_put(fdt);
	if (fs)
		fs_context_put(fs);

	pthread_mutex_lock(&kernel.lock);
	list_remove(&t->tg_link);
	list_remove(&t->all_link);
	tg->live_threads--;
	if (tg->leader == t)
		tg->leader = NULL;
	t->exited = true;
	sigpending_flush(&t->pending, ~0ULL);
	struct mm *mm = NULL;
	struct vfs_file *exe = NULL;
	if (tg->live_threads == 0) {
		/* Unpublished here, released below without kernel.lock: their
		 * release may take vfs_lock, which orders before kernel.lock. */
		mm = tg->mm;
		tg->mm = NULL;
		exe = tg->exe;
		tg->exe = NULL;
		tg_finish(tg, tg->group_exiting ? tg->group_exit_code : t->exit_code);
	}
	pthread_cond_broadcast(&kernel.jobctl_cond);
	pthread_mutex_unlock(&kernel.lock);
	if (mm)
		mm_put(mm);
	if (exe)
		vfs_file_put(exe);
}
