/* Process syscalls: clone family, execve, exit, wait, ids of the process
 * tree, process groups and sessions (kernel/fork.c, kernel/exit.c,
 * kernel/sys.c). */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "sentry/clone.h"
#include "sentry/exec.h"
#include "sentry/exit.h"
#include "fs/vfs.h"
#include "sentry/kernel.h"
#include "sentry/pidfd.h"
#include "syscalls/syscall.h"

SYSCALL_DEFINE(clone)
{
	/* x86_64 argument order: flags, stack, parent_tid, child_tid, tls. */
	struct clone_request req = {
		.flags = args->a[0] & ~0xffULL,
		.exit_signal = (int)(args->a[0] & 0xff),
		.stack = args->a[1],
		.parent_tid = args->a[2],
		.child_tid = args->a[3],
		.tls = args->a[4],
		.pidfd = args->a[2], /* clone() returns the pidfd through parent_tid */
	};
	if ((req.flags & CLONE_PIDFD) && (req.flags & CLONE_PARENT_SETTID))
		return -EINVAL;
	return task_clone(t, &req);
}

SYSCALL_DEFINE(fork)
{
	struct clone_request req = { .exit_signal = SIGCHLD };
	return task_clone(t, &req);
}

SYSCALL_DEFINE(vfork)
{
	struct clone_request req = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };
	return task_clone(t, &req);
}

SYSCALL_DEFINE(clone3)
{
	struct clone_args ca;
	uint64_t size = args->a[1];
	if (size < CLONE_ARGS_SIZE_VER0 || size > 4096)
		return -EINVAL;
	memset(&ca, 0, sizeof(ca));
	if (task_copy_in(t, &ca, args->a[0], size < sizeof(ca) ? size : sizeof(ca)) < 0)
		return -EFAULT;
	if (size > sizeof(ca)) {
		/* Unknown trailing fields must be zero. */
		uint8_t extra[4096];
		if (task_copy_in(t, extra, args->a[0] + sizeof(ca), size - sizeof(ca)) < 0)
			return -EFAULT;
		for (uint64_t i = 0; i < size - sizeof(ca); i++)
			if (extra[i])
				return -E2BIG;
	}
	if (ca.exit_signal > SENTRY_NSIG || (ca.flags & 0xff))
		return -EINVAL;
	if (ca.set_tid || ca.set_tid_size || ca.cgroup)
		return -EINVAL;
	if ((ca.stack == 0) != (ca.stack_size == 0))
		return -EINVAL;
	struct clone_request req = {
		.flags = ca.flags,
		.exit_signal = (int)ca.exit_signal,
		.stack = ca.stack ? ca.stack + ca.stack_size : 0,
		.parent_tid = ca.parent_tid,
		.child_tid = ca.child_tid,
		.tls = ca.tls,
		.pidfd = ca.pidfd,
	};
	return task_clone(t, &req);
}

static long do_execveat(struct task *t, int dirfd, uint64_t path_addr, uint64_t argv,
			uint64_t envp, int flags)
{
	char *path = malloc(4096);
	if (!path)
		return -ENOMEM;
	long r = task_copy_string_in(t, path_addr, path, 4096);
	if (r < 0) {
		free(path);
		return r;
	}
	if (!path[0] && !(flags & AT_EMPTY_PATH)) {
		free(path);
		return -ENOENT;
	}
	struct exec_args ea;
	r = exec_args_copy_in(t, argv, envp, &ea);
	if (r == 0) {
		r = exec_image(t, dirfd, path, flags, &ea);
		exec_args_free(&ea);
	}
	free(path);
	return r;
}

SYSCALL_DEFINE(execve)
{
	return do_execveat(t, AT_FDCWD, args->a[0], args->a[1], args->a[2], 0);
}

SYSCALL_DEFINE(execveat)
{
	return do_execveat(t, (int)args->a[0], args->a[1], args->a[2], args->a[3], (int)args->a[4]);
}

SYSCALL_DEFINE(exit)
{
	t->exit_code = ((int)args->a[0] & 0xff) << 8;
	t->exiting = true;
	return 0;
}

SYSCALL_DEFINE(exit_group)
{
	pthread_mutex_lock(&kernel.lock);
	exit_begin_group(t->tg, ((int)args->a[0] & 0xff) << 8);
	t->exiting = true;
	pthread_mutex_unlock(&kernel.lock);
	return 0;
}

SYSCALL_DEFINE(wait4)
{
	pid_t pid = (pid_t)args->a[0];
	int options = (int)args->a[2];
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	int which = P_ALL;
	pid_t id = 0;
	if (pid == INT32_MIN)
		return -ESRCH;
	if (pid > 0) {
		which = P_PID;
		id = pid;
	} else if (pid == 0) {
		which = P_PGID;
		id = t->tg->pgid;
	} else if (pid < -1) {
		which = P_PGID;
		id = -pid;
	}
	int wstatus = 0;
	struct rusage ru;
	long r = wait_for_child(t, which, id, options | WEXITED, &wstatus, NULL,
				args->a[3] ? &ru : NULL);
	if (r > 0) {
		if (args->a[1] && task_copy_out(t, args->a[1], &wstatus, sizeof(wstatus)) < 0)
			return -EFAULT;
		if (args->a[3] && task_copy_out(t, args->a[3], &ru, sizeof(ru)) < 0)
			return -EFAULT;
	}
	return r;
}

SYSCALL_DEFINE(waitid)
{
	int which = (int)args->a[0];
	pid_t id = (pid_t)args->a[1];
	int options = (int)args->a[3];
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		if (id == 0)
			id = t->tg->pgid;
		break;
	case P_PIDFD: {
		struct vfs_file *f = fd_table_get_file(t->fdt, id);
		if (!f)
			return -EBADF;
		struct thread_group *tg = pidfd_group(f);
		if (tg)
			id = tg->tgid;
		vfs_file_put(f);
		if (!tg)
			return -EBADF;
		which = P_PID;
		break;
	}
	default:
		return -EINVAL;
	}
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	struct rusage ru;
	long r = wait_for_child(t, which, id, options, NULL, &info, args->a[4] ? &ru : NULL);
	if (r < 0)
		return r;
	if (args->a[2] && task_copy_out(t, args->a[2], &info, sizeof(info)) < 0)
		return -EFAULT;
	if (r > 0 && args->a[4] && task_copy_out(t, args->a[4], &ru, sizeof(ru)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(getpid)
{
	return t->tg->tgid;
}

SYSCALL_DEFINE(gettid)
{
	return t->tid;
}

SYSCALL_DEFINE(getppid)
{
	pthread_mutex_lock(&kernel.lock);
	pid_t p = t->tg->parent ? t->tg->parent->tgid : 0;
	pthread_mutex_unlock(&kernel.lock);
	return p;
}

SYSCALL_DEFINE(set_tid_address)
{
	t->clear_child_tid = args->a[0];
	return t->tid;
}

static struct thread_group *tg_or_self(struct task *t, pid_t pid)
{
	return pid == 0 ? t->tg : kernel_find_tg(pid);
}

/* getpgid and getsid: the process group or (sid) the session of pid's
 * thread group (0: t's), or -ESRCH. */
static long pgid_or_sid(struct task *t, pid_t pid, bool sid)
{
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg = tg_or_self(t, pid);
	long r = tg ? (sid ? tg->sid : tg->pgid) : -ESRCH;
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

SYSCALL_DEFINE(getpgid)
{
	return pgid_or_sid(t, (pid_t)args->a[0], false);
}

SYSCALL_DEFINE(getpgrp)
{
	return t->tg->pgid;
}

SYSCALL_DEFINE(getsid)
{
	return pgid_or_sid(t, (pid_t)args->a[0], true);
}

static bool pgrp_exists_in_session(pid_t pgid, pid_t sid)
{
	list_for_each(pos, &kernel.thread_groups) {
		struct thread_group *tg = container_of(pos, struct thread_group, all_link);
		if (tg->state != TG_DEAD && tg->pgid == pgid && tg->sid == sid)
			return true;
	}
	return false;
}

SYSCALL_DEFINE(setpgid)
{
	pid_t pid = (pid_t)args->a[0], pgid = (pid_t)args->a[1];
	if (pgid < 0)
		return -EINVAL;
	long r = 0;
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *self = t->tg;
	struct thread_group *tg = pid == 0 ? self : kernel_find_tg(pid);
	if (!pgid)
		pgid = tg ? tg->tgid : 0;
	if (!tg || (tg != self && tg->parent != self)) {
		r = -ESRCH;
	} else if (tg->parent == self && tg != self && tg->sid != self->sid) {
		r = -EPERM;
	} else if (tg->parent == self && tg != self && tg->exe_changed_since_fork) {
		r = -EACCES;
	} else if (tg->sid == tg->tgid) {
		r = -EPERM; /* a session leader */
	} else if (pgid != tg->tgid && !pgrp_exists_in_session(pgid, self->sid)) {
		r = -EPERM;
	} else {
		tg->pgid = pgid;
	}
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

SYSCALL_DEFINE(setsid)
{
	long r;
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg = t->tg;
	bool taken = false;
	list_for_each(pos, &kernel.thread_groups) {
		struct thread_group *o = container_of(pos, struct thread_group, all_link);
		if (o->state != TG_DEAD && o->pgid == tg->tgid)
			taken = true;
	}
	if (taken) {
		r = -EPERM;
	} else {
		tg->sid = tg->pgid = tg->tgid;
		r = tg->sid;
	}
	pthread_mutex_unlock(&kernel.lock);
	return r;
}
