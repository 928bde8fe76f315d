/* epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait,
 * epoll_pwait2 (Linux's fs/eventpoll.c syscall part: argument checks in
 * Linux's order; the instance itself is fs/epoll.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include "fs/epoll.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "syscalls/syscall.h"

/* Largest user address + 1 (x86_64 TASK_SIZE_MAX), for access_ok. */
#define USER_ADDR_END 0x7ffffffff000ULL
/* Events gathered per epoll_wait: a smaller batch than maxevents is
 * always a correct answer, and it bounds the sentry's buffer. */
#define EPOLL_BATCH 1024

static long do_epoll_create(struct task *t, int flags)
{
	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	struct vfs_file *f;
	int err = epoll_create_file(&f);
	if (err)
		return err;
	return readiness_fd_install(t, f, flags & EPOLL_CLOEXEC);
}

SYSCALL_DEFINE(epoll_create)
{
	if ((int)args->a[0] <= 0)
		return -EINVAL;
	return do_epoll_create(t, 0);
}

SYSCALL_DEFINE(epoll_create1)
{
	return do_epoll_create(t, (int)args->a[0]);
}

SYSCALL_DEFINE(epoll_ctl)
{
	int epfd = (int)args->a[0], op = (int)args->a[1], fd = (int)args->a[2];
	struct epoll_event ev = { 0 };
	if (op != EPOLL_CTL_DEL) {
		/* Linux copies the event in for every op but DEL, before
		 * looking anything up. */
		int err = task_copy_in(t, &ev, args->a[3], sizeof(ev));
		if (err)
			return err;
	}
	struct vfs_file *epf = fd_table_get_file(t->fdt, epfd);
	if (!epf)
		return -EBADF;
	struct vfs_file *tf = fd_table_get_file(t->fdt, fd);
	if (!tf) {
		vfs_file_put(epf);
		return -EBADF;
	}
	int err = epoll_ctl_file(epf, op, fd, tf, &ev);
	vfs_file_put(tf);
	vfs_file_put(epf);
	return err;
}

static long do_epoll_wait(struct task *t, int epfd, uint64_t uevents, int maxevents,
			  const struct timespec *deadline, bool no_wait)
{
	if (maxevents <= 0 || maxevents > EPOLL_MAX_EVENTS)
		return -EINVAL;
	uint64_t size = (uint64_t)maxevents * sizeof(struct epoll_event);
	if (uevents >= USER_ADDR_END || size > USER_ADDR_END - uevents)
		return -EFAULT;
	struct vfs_file *epf = fd_table_get_file(t->fdt, epfd);
	if (!epf)
		return -EBADF;
	if (!vfs_file_is_epoll(epf)) {
		vfs_file_put(epf);
		return -EINVAL;
	}
	int batch = maxevents < EPOLL_BATCH ? maxevents : EPOLL_BATCH;
	struct epoll_event *ev = malloc((size_t)batch * sizeof(*ev));
	if (!ev) {
		vfs_file_put(epf);
		return -ENOMEM;
	}
	long r = epoll_wait_file(epf, t, ev, batch, deadline, no_wait);
	vfs_file_put(epf);
	if (r > 0) {
		int err = task_copy_out(t, uevents, ev, (size_t)r * sizeof(*ev));
		if (err)
			r = err;
	}
	free(ev);
	return r;
}

static long epoll_wait_ms(struct task *t, const struct syscall_args *args)
{
	int timeout = (int)args->a[3];
	struct timespec deadline;
	if (timeout > 0)
		deadline = poll_deadline_ms(timeout);
	return do_epoll_wait(t, (int)args->a[0], args->a[1], (int)args->a[2],
			     timeout > 0 ? &deadline : NULL, timeout == 0);
}

SYSCALL_DEFINE(epoll_wait)
{
	return epoll_wait_ms(t, args);
}

SYSCALL_DEFINE(epoll_pwait)
{
	int err = readiness_set_sigmask(t, args->a[4], args->a[5]);
	if (err)
		return err;
	long r = epoll_wait_ms(t, args);
	if (args->a[4])
		readiness_restore_sigmask(t, r == -EINTR);
	return r;
}

SYSCALL_DEFINE(epoll_pwait2)
{
	struct timespec deadline;
	bool zero = false;
	if (args->a[3]) {
		struct timespec ts;
		int err = task_copy_in(t, &ts, args->a[3], sizeof(ts));
		if (err)
			return err;
		if (!poll_timespec_valid(&ts))
			return -EINVAL;
		zero = ts.tv_sec == 0 && ts.tv_nsec == 0;
		deadline = poll_deadline_ts(&ts);
	}
	int err = readiness_set_sigmask(t, args->a[4], args->a[5]);
	if (err)
		return err;
	long r = do_epoll_wait(t, (int)args->a[0], args->a[1], (int)args->a[2],
			       args->a[3] ? &deadline : NULL, zero);
	if (args->a[4])
		readiness_restore_sigmask(t, r == -EINTR);
	return r;
}
