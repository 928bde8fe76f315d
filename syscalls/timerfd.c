/* timerfd_create, timerfd_settime, timerfd_gettime (Linux's fs/timerfd.c
 * syscall part: argument checks in Linux's order). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/timerfd.h>
#include "fs/file.h"
#include "fs/poll.h"
#include "fs/timerfd.h"
#include "fs/vfs.h"
#include "syscalls/syscall.h"

#ifndef TFD_TIMER_CANCEL_ON_SET
#define TFD_TIMER_CANCEL_ON_SET (1 << 1)
#endif

SYSCALL_DEFINE(timerfd_create)
{
	int clockid = (int)args->a[0];
	unsigned int flags = (unsigned int)args->a[1];
	if ((flags & ~(unsigned int)(TFD_CLOEXEC | TFD_NONBLOCK)) ||
	    (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME &&
	     clockid != CLOCK_REALTIME_ALARM && clockid != CLOCK_BOOTTIME &&
	     clockid != CLOCK_BOOTTIME_ALARM))
		return -EINVAL;
	if ((clockid == CLOCK_REALTIME_ALARM || clockid == CLOCK_BOOTTIME_ALARM) &&
	    !cred_is_privileged(&t->tg->cred))
		return -EPERM; /* CAP_WAKE_ALARM */
	struct vfs_file *f;
	int err = timerfd_create_file(clockid, flags & TFD_NONBLOCK, &f);
	if (err)
		return err;
	return readiness_fd_install(t, f, flags & TFD_CLOEXEC);
}

static bool itimerspec_valid(const struct itimerspec *its)
{
	return poll_timespec_valid(&its->it_value) && poll_timespec_valid(&its->it_interval);
}

SYSCALL_DEFINE(timerfd_settime)
{
	int fd = (int)args->a[0];
	int flags = (int)args->a[1];
	struct itimerspec new_value, old_value;
	int err = task_copy_in(t, &new_value, args->a[2], sizeof(new_value));
	if (err)
		return err;
	if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) || !itimerspec_valid(&new_value))
		return -EINVAL;
	struct vfs_file *f = fd_table_get_file(t->fdt, fd);
	if (!f)
		return -EBADF;
	err = timerfd_settime_file(f, flags, &new_value, &old_value);
	vfs_file_put(f);
	if (err)
		return err;
	if (args->a[3])
		return task_copy_out(t, args->a[3], &old_value, sizeof(old_value));
	return 0;
}

SYSCALL_DEFINE(timerfd_gettime)
{
	struct vfs_file *f = fd_table_get_file(t->fdt, (int)args->a[0]);
	if (!f)
		return -EBADF;
	struct itimerspec cur;
	int err = timerfd_gettime_file(f, &cur);
	vfs_file_put(f);
	if (err)
		return err;
	return task_copy_out(t, args->a[1], &cur, sizeof(cur));
}
