/* clone, fork and vfork (kernel/fork.c's copy_process, in outline): the
 * platform clones the host thread of execution, the sentry builds the task
 * and thread group around it and starts the sentry thread that will run it. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "fs/vfs.h"
#include "platform/platform.h"
#include "sentry/clone.h"
#include "sentry/exit.h"
#include "sentry/kernel.h"
#include "sentry/mm.h"
#include "sentry/pidfd.h"
#include "sentry/signal.h"
#include "sentry/task_loop.h"
#include "sentry/thread_pool.h"

struct task *task_alloc(void)
{
	struct task *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	list_init(&t->tg_link);
	list_init(&t->all_link);
	sigpending_init(&t->pending);
	pthread_mutex_init(&t->block_lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->block_cond, &ca);
	pthread_condattr_destroy(&ca);
	t->altstack.ss_flags = SS_DISABLE;
	return t;
}

struct thread_group *tg_alloc(void)
{
	struct thread_group *tg = calloc(1, sizeof(*tg));
	if (!tg)
		return NULL;
	list_init(&tg->children);
	list_init(&tg->sibling);
	list_init(&tg->threads);
	list_init(&tg->all_link);
	sigpending_init(&tg->shared_pending);
	waitq_init(&tg->child_waitq);
	waitq_init(&tg->vfork_waitq);
	waitq_init(&tg->signalfd_waitq);
	waitq_init(&tg->exit_waitq);
	tg->exit_signal = SIGCHLD;
	tg->dumpable = 1;
	clock_gettime(CLOCK_MONOTONIC, &tg->start_time);
	return tg;
}

static void *task_thread_main(void *arg)
{
	struct task *t = arg;
	task_run(t);
	return NULL;
}

int task_start_thread_fn(struct task *t, bool adopt, void *(*fn)(void *))
{
	t->needs_adopt = adopt;
	pthread_mutex_lock(&kernel.lock);
	kernel.live_sentry_threads++;
	pthread_mutex_unlock(&kernel.lock);
	int err = sentry_thread_run(fn, t);
	if (err) {
		pthread_mutex_lock(&kernel.lock);
		kernel.live_sentry_threads--;
		pthread_mutex_unlock(&kernel.lock);
	}
	return -err;
}

int task_start_thread(struct task *t, bool adopt)
{
	return task_start_thread_fn(t, adopt, task_thread_main);
}

static int check_flags(struct task *p, uint64_t flags)
{
	const uint64_t namespaces = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
				    CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP;
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_PARENT) && p->tg == kernel.init)
		return -EINVAL;
	/* Namespaces inside the sandbox are not implemented. */
	if (flags & (namespaces | CLONE_NEWTIME))
		return -EINVAL;
	if ((flags & CLONE_PIDFD) && (flags & CLONE_THREAD))
		return -EINVAL;
	return 0;
}

static struct sighand *sighand_copy(const struct sighand *src)
{
	struct sighand *s = malloc(sizeof(*s));
	if (s) {
		*s = *src;
		s->refs = 1;
	}
	return s;
}

/* A new thread group for a fork-like clone (kernel.lock held). */
static struct thread_group *tg_fork(struct task *p, const struct clone_request *req)
{
	struct thread_group *ptg = p->tg;
	struct thread_group *tg = tg_alloc();
	if (!tg)
		return NULL;
	tg->pgid = ptg->pgid;
	tg->sid = ptg->sid;
	tg->cred = ptg->cred;
	memcpy(tg->rlimits, ptg->rlimits, sizeof(tg->rlimits));
	tg->exit_signal = req->exit_signal;
	tg->no_new_privs = ptg->no_new_privs;
	tg->dumpable = ptg->dumpable;
	memcpy(tg->exe_path, ptg->exe_path, sizeof(tg->exe_path));
	tg->exe = ptg->exe;
	if (tg->exe)
		vfs_file_get(tg->exe);
	tg->arg_start = ptg->arg_start;
	tg->arg_end = ptg->arg_end;
	tg->env_start = ptg->env_start;
	tg->env_end = ptg->env_end;
	if (req->flags & CLONE_SIGHAND) {
		tg->sighand = ptg->sighand;
		tg->sighand->refs++;
	} else {
		tg->sighand = sighand_copy(ptg->sighand);
	}
	if (req->flags & CLONE_VM) {
		tg->mm = ptg->mm;
		mm_get(tg->mm);
	} else {
		tg->mm = mm_copy(ptg->mm);
	}
	struct thread_group *parent = (req->flags & CLONE_PARENT) ? ptg->parent : ptg;
	tg->parent = parent;
	list_add_tail(&parent->children, &tg->sibling);
	list_add_tail(&kernel.thread_groups, &tg->all_link);
	return tg;
}

long task_clone(struct task *p, const struct clone_request *req)
{
	int err = check_flags(p, req->flags);
	if (err)
		return err;
	if (req->exit_signal < 0 || req->exit_signal > SENTRY_NSIG)
		return -EINVAL;

	struct task *c = task_alloc();
	if (!c)
		return -ENOMEM;
	/* A vfork child may run on its waiting parent's host thread; else
	 * (or if the platform cannot lend it) it gets its own. */
	bool lent = (req->flags & (CLONE_VM | CLONE_VFORK | CLONE_THREAD)) ==
			    (CLONE_VM | CLONE_VFORK) &&
		    plat->lend && plat->lend(p->plat, &c->plat) == 0;
	err = lent ? 0 : plat->clone(p->plat, req->flags & CLONE_VM, &c->plat);
	if (err) {
		free(c);
		return err;
	}

	c->fdt = (req->flags & CLONE_FILES) ? (fd_table_get(p->fdt), p->fdt) : fd_table_copy(p->fdt);
	c->fs = (req->flags & CLONE_FS) ? (fs_context_get(p->fs), p->fs) : fs_context_copy(p->fs);
	c->sigmask = p->sigmask;
	if ((req->flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
		c->altstack = p->altstack;
	memcpy(c->comm, p->comm, sizeof(c->comm));
	c->regs = p->regs;
	arch_set_return(&c->regs, 0);
	if (req->stack)
		c->regs.gp.rsp = req->stack;
	if (req->flags & CLONE_SETTLS)
		c->regs.gp.fs_base = req->tls;
	if (req->flags & CLONE_CHILD_CLEARTID)
		c->clear_child_tid = req->child_tid;
	if (req->flags & CLONE_CHILD_SETTID)
		c->set_child_tid = req->child_tid;

	pthread_mutex_lock(&kernel.lock);
	if (p->tg->group_exiting) {
		pthread_mutex_unlock(&kernel.lock);
		plat->release(c->plat, NULL);
		fd_table_put(c->fdt);
		fs_context_put(c->fs);
		free(c);
		return -ERESTARTNOINTR_VALUE;
	}
	pid_t tid = kernel_alloc_pid();
	c->tid = tid;
	struct thread_group *tg;
	if (req->flags & CLONE_THREAD) {
		tg = p->tg;
	} else {
		tg = tg_fork(p, req);
		if (!tg) {
			pthread_mutex_unlock(&kernel.lock);
			plat->release(c->plat, NULL);
			free(c);
			return -ENOMEM;
		}
		tg->tgid = tid;
		tg->leader = c;
		if (req->flags & CLONE_VFORK)
			tg->is_vfork_child = true;
	}
	c->tg = tg;
	list_add_tail(&tg->threads, &c->tg_link);
	tg->live_threads++;
	list_add_tail(&kernel.tasks, &c->all_link);
	pthread_mutex_unlock(&kernel.lock);

	if (req->flags & CLONE_PARENT_SETTID)
		task_copy_out(p, req->parent_tid, &tid, sizeof(tid));
	if (req->flags & CLONE_PIDFD) {
		struct vfs_file *pf = pidfd_create(tg, false);
		int pfd = pf ? fd_table_install(p->fdt, 0, pf, true, task_rlimit(p, RLIMIT_NOFILE)) : -ENOMEM;
		if (pf)
			vfs_file_put(pf);
		if (pfd >= 0)
			task_copy_out(p, req->pidfd, &pfd, sizeof(pfd));
	}

	err = task_start_thread(c, true);
	if (err) {
		/* The child never ran: it exits at once. */
		c->exiting = true;
		task_exit(c);
		free(c);
		return err;
	}
	if (req->flags & CLONE_VFORK) {
		/* The parent sleeps until the child execs or exits; only a
		 * fatal signal ends the wait early (Linux's killable wait). */
		if (plat->nap)
			plat->nap(p->plat);
		pthread_mutex_lock(&kernel.lock);
		while (!tg->vfork_done && !p->tg->group_exiting)
			pthread_cond_wait(&kernel.jobctl_cond, &kernel.lock);
		pthread_mutex_unlock(&kernel.lock);
	}
	return tid;
}
