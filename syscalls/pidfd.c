/* pidfd_open and pidfd_send_signal (kernel/pid.c, kernel/signal.c). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include "fs/poll.h"
#include "fs/vfs.h"
#include "sentry/kernel.h"
#include "sentry/pidfd.h"
#include "syscalls/syscall.h"

#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif

SYSCALL_DEFINE(pidfd_open)
{
	pid_t pid = (pid_t)args->a[0];
	unsigned flags = (unsigned)args->a[1];
	if (flags & ~PIDFD_NONBLOCK)
		return -EINVAL;
	if (pid <= 0)
		return -EINVAL;
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg = kernel_find_tg(pid);
	struct vfs_file *f = NULL;
	long r = 0;
	if (!tg)
		r = -ESRCH;
	else if (!(f = pidfd_create(tg, flags & PIDFD_NONBLOCK)))
		r = -ENOMEM;
	pthread_mutex_unlock(&kernel.lock);
	if (r)
		return r;
	return readiness_fd_install(t, f, true); /* pidfds are always close-on-exec */
}

SYSCALL_DEFINE(pidfd_send_signal)
{
	int sig = (int)args->a[1];
	if (args->a[3])
		return -EINVAL;
	struct vfs_file *f = fd_table_get_file(t->fdt, (int)args->a[0]);
	if (!f)
		return -EBADF;
	struct thread_group *tg = pidfd_group(f);
	if (!tg) {
		vfs_file_put(f);
		return -EBADF;
	}
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	if (args->a[2]) {
		if (task_copy_in(t, &info, args->a[2], sizeof(info)) < 0) {
			vfs_file_put(f);
			return -EFAULT;
		}
		if (info.si_signo != sig || ((info.si_code >= 0 || info.si_code == SI_TKILL) && tg != t->tg)) {
			vfs_file_put(f);
			return -EPERM;
		}
	} else {
		info.si_signo = sig;
		info.si_code = SI_USER;
		info.si_pid = t->tg->tgid;
		info.si_uid = t->tg->cred.uid;
	}
	long r;
	pthread_mutex_lock(&kernel.lock);
	if (tg->state != TG_RUNNING)
		r = -ESRCH;
	else
		r = tg_send_signal(tg, sig, &info);
	pthread_mutex_unlock(&kernel.lock);
	vfs_file_put(f);
	return r;
}
