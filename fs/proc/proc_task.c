/* procfs's window on the process model: finding the process a node is
 * about, copying its state under kernel.lock (Linux's get_proc_task and
 * the task_lock'ed reads in fs/proc/array.c), reading its memory, access
 * checks, and memory-map totals. Nothing here keeps a pointer to a task or
 * thread group after kernel.lock is dropped; only counted references to
 * the mm, fd table, fs context and executable leave the lock. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include "fs/fs_context.h"
#include "fs/proc/proc_internal.h"
#include "platform/platform.h"
#include "sentry/kernel.h"
#include "sentry/mm.h"

int proc_resolve_locked(const struct proc_node *n, struct thread_group **tgp,
			struct task **tp, bool *thread_view)
{
	/* The id in /proc/ID is resolved on every use, so a cached node
	 * follows id reuse: a thread group's id first, else a thread's. */
	struct thread_group *tg = kernel_find_tg(n->pid);
	struct task *t = NULL;
	bool per_thread = false;
	if (!tg) {
		t = kernel_find_task(n->pid);
		if (!t)
			return -ENOENT;
		tg = t->tg;
		per_thread = true;
	}
	if (n->tid) {
		t = kernel_find_task(n->tid);
		if (!t || t->tg != tg)
			return -ENOENT;
		per_thread = true;
	} else if (!t) {
		t = tg->leader;
		if (!t && !list_empty(&tg->threads))
			t = container_of(tg->threads.next, struct task, tg_link);
	}
	*tgp = tg;
	*tp = t;
	if (thread_view)
		*thread_view = per_thread;
	return 0;
}

int proc_node_refresh(struct proc_node *n)
{
	if (!n->pid)
		return 0;
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg;
	struct task *t;
	int err = proc_resolve_locked(n, &tg, &t, NULL);
	if (!err) {
		/* Linux's task_dump_owner: the effective ids of the process. */
		pthread_mutex_lock(&n->vi.lock);
		n->vi.uid = tg->cred.euid;
		n->vi.gid = tg->cred.egid;
		pthread_mutex_unlock(&n->vi.lock);
	}
	pthread_mutex_unlock(&kernel.lock);
	if (!err && n->entry->revalidate)
		err = n->entry->revalidate(n);
	return err;
}

bool proc_task_sleeping(const struct task *t)
{
	if (t == task_current())
		return false;
	return t->blocking || t->in_syscall;
}

static char state_letter(struct thread_group *tg, struct task *t)
{
	if (tg->state == TG_ZOMBIE || !t)
		return 'Z';
	if (tg->stopped)
		return 'T';
	return proc_task_sleeping(t) ? 'S' : 'R';
}

static void signal_masks(struct thread_group *tg, uint64_t *ign, uint64_t *cgt)
{
	*ign = *cgt = 0;
	if (!tg->sighand)
		return;
	for (int sig = 1; sig <= SENTRY_NSIG; sig++) {
		uint64_t h = tg->sighand->action[sig - 1].handler;
		if (h == (uint64_t)(uintptr_t)SIG_IGN)
			*ign |= SIGSET_BIT(sig);
		else if (h != (uint64_t)(uintptr_t)SIG_DFL)
			*cgt |= SIGSET_BIT(sig);
	}
}

static int queue_len(const struct sigpending *p)
{
	int n = 0;
	list_for_each(pos, &p->queue)
		n++;
	return n;
}

int proc_pinfo_get(const struct proc_node *n, unsigned want, struct proc_pinfo *info)
{
	memset(info, 0, sizeof(*info));
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg;
	struct task *t;
	bool thread_view;
	int err = proc_resolve_locked(n, &tg, &t, &thread_view);
	if (err) {
		pthread_mutex_unlock(&kernel.lock);
		return err;
	}
	info->tgid = tg->tgid;
	info->tid = t ? t->tid : tg->tgid;
	info->thread_view = thread_view;
	info->ppid = tg->parent ? tg->parent->tgid : 0;
	info->pgid = tg->pgid;
	info->sid = tg->sid;
	info->zombie = tg->state == TG_ZOMBIE || !t;
	info->state = state_letter(tg, t);
	if (t)
		memcpy(info->comm, t->comm, sizeof(info->comm));
	info->comm[sizeof(info->comm) - 1] = '\0';
	info->cred = tg->cred;
	memcpy(info->rlimits, tg->rlimits, sizeof(info->rlimits));
	info->nthreads = tg->live_threads;
	info->shared_pending = tg->shared_pending.set;
	info->sig_queued = queue_len(&tg->shared_pending);
	signal_masks(tg, &info->sig_ignored, &info->sig_caught);
	if (t) {
		info->sig_pending = t->pending.set;
		info->sig_blocked = t->sigmask;
		info->sig_queued += queue_len(&t->pending);
	}
	/* CPU time: one thread for a thread view, the live group otherwise. */
	if (info->thread_view && t) {
		info->utime_ns = t->utime_ns;
		info->stime_ns = t->stime_ns;
	} else {
		list_for_each(pos, &tg->threads) {
			struct task *o = container_of(pos, struct task, tg_link);
			info->utime_ns += o->utime_ns;
			info->stime_ns += o->stime_ns;
		}
	}
	info->cutime_ns = tg->child_utime_ns;
	info->cstime_ns = tg->child_stime_ns;
	int64_t start_ns = (int64_t)(tg->start_time.tv_sec - kernel.boot_time.tv_sec) * 1000000000 +
			   (tg->start_time.tv_nsec - kernel.boot_time.tv_nsec);
	info->start_ticks = start_ns > 0 ? proc_ns_to_ticks((uint64_t)start_ns) : 0;
	info->nice = tg->nice;
	info->exit_signal = tg->exit_signal;
	info->exit_code = info->zombie ? tg->exit_code : 0;
	info->no_new_privs = tg->no_new_privs;
	info->arg_start = tg->arg_start;
	info->arg_end = tg->arg_end;
	info->env_start = tg->env_start;
	info->env_end = tg->env_end;
	if (tg->mm) {
		info->stack_start = tg->mm->stack_start;
		info->brk_start = tg->mm->brk_start;
		info->brk = tg->mm->brk;
		if (want & PROC_WANT_MM) {
			mm_get(tg->mm);
			info->mm = tg->mm;
		}
	}
	if ((want & PROC_WANT_FILES) && t && t->fdt) {
		fd_table_get(t->fdt);
		info->fdt = t->fdt;
	}
	if ((want & PROC_WANT_FS) && t && t->fs) {
		fs_context_get(t->fs);
		info->fs = t->fs;
	}
	if ((want & PROC_WANT_EXE) && tg->exe && !info->zombie) {
		vfs_file_get(tg->exe);
		info->exe = tg->exe;
	}
	pthread_mutex_unlock(&kernel.lock);
	return 0;
}

void proc_pinfo_put(struct proc_pinfo *info)
{
	if (info->mm)
		mm_put(info->mm);
	if (info->fdt)
		fd_table_put(info->fdt);
	if (info->fs)
		fs_context_put(info->fs);
	if (info->exe)
		vfs_file_put(info->exe);
	info->mm = NULL;
	info->fdt = NULL;
	info->fs = NULL;
	info->exe = NULL;
}

ssize_t proc_read_mem(const struct proc_node *n, uint64_t addr, void *buf, size_t len)
{
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg;
	struct task *unused;
	ssize_t r = 0;
	if (proc_resolve_locked(n, &tg, &unused, NULL)) {
		r = -ESRCH;
	} else {
		/* Any live thread shares the address space. */
		list_for_each(pos, &tg->threads) {
			struct task *t = container_of(pos, struct task, tg_link);
			if (t->plat && !t->exited) {
				r = plat_mem_read(t->plat, buf, addr, len);
				break;
			}
		}
	}
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

bool proc_may_access(const struct proc_node *n)
{
	struct task *cur = task_current();
	if (!cur || !n->pid)
		return true; /* the kernel itself */
	pthread_mutex_lock(&kernel.lock);
	bool ok = false;
	struct thread_group *tg;
	struct task *unused;
	if (!proc_resolve_locked(n, &tg, &unused, NULL)) {
		const struct cred *me = &cur->tg->cred;
		ok = cur->tg == tg || cred_is_privileged(me) ||
		     (me->uid == tg->cred.uid && me->uid == tg->cred.euid &&
		      me->uid == tg->cred.suid && me->gid == tg->cred.gid &&
		      me->gid == tg->cred.egid && me->gid == tg->cred.sgid);
	}
	pthread_mutex_unlock(&kernel.lock);
	return ok;
}

int proc_path_string(const struct vfs_path *p, char *buf, size_t size)
{
	struct task *cur = task_current();
	struct vfs_path root = { 0 };
	if (cur && cur->fs)
		fs_context_get_root(cur->fs, &root);
	int r = vfs_path_string(p, root.dentry ? &root : NULL, buf, size);
	vfs_path_put(&root);
	return r;
}

void proc_mm_stats(struct mm *mm, struct vfs_file *exe, struct proc_mm_stats *s)
{
	memset(s, 0, sizeof(*s));
	if (!mm)
		return;
	pthread_mutex_lock(&mm->lock);
	list_for_each(pos, &mm->vmas) {
		struct vma *v = container_of(pos, struct vma, link);
		uint64_t len = v->end - v->start;
		s->size += len;
		/* The sentry does not see which pages are resident; count what
		 * the app can touch. */
		if (v->prot != PROT_NONE)
			s->rss += len;
		bool is_stack = strcmp(v->name, "[stack]") == 0;
		if (is_stack)
			s->stack += len;
		else if ((v->prot & PROT_WRITE) && !(v->flags & MAP_SHARED))
			s->data += len;
		if (v->file && v->prot != PROT_NONE)
			s->shared_file += len;
		if (v->file && (v->prot & PROT_EXEC)) {
			if (exe && v->file->dentry && v->file->dentry == exe->dentry)
				s->exe += len;
			else
				s->lib += len;
		}
	}
	pthread_mutex_unlock(&mm->lock);
}
