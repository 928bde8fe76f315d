/* eventfd, eventfd2 (Linux's do_eventfd in fs/eventfd.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include "fs/eventfd.h"
#include "fs/poll.h"
#include "syscalls/syscall.h"

static long do_eventfd(struct task *t, unsigned int count, unsigned int flags)
{
	if (flags & ~(unsigned int)(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	struct vfs_file *f;
	int err = eventfd_create(count, flags & (EFD_NONBLOCK | EFD_SEMAPHORE), &f);
	if (err)
		return err;
	return readiness_fd_install(t, f, flags & EFD_CLOEXEC);
}

SYSCALL_DEFINE(eventfd)
{
	return do_eventfd(t, (unsigned int)args->a[0], 0);
}

SYSCALL_DEFINE(eventfd2)
{
	return do_eventfd(t, (unsigned int)args->a[0], (unsigned int)args->a[1]);
}
