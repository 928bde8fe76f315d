/* signalfd and signalfd4 (fs/signalfd.c). */
#include <errno.h>
#include <sys/signalfd.h>
#include "sentry/signalfd.h"
#include "syscalls/syscall.h"

static long do_signalfd(struct task *t, int fd, uint64_t mask_addr, uint64_t size, int flags)
{
	if (flags & ~(SFD_NONBLOCK | SFD_CLOEXEC))
		return -EINVAL;
	if (size != 8)
		return -EINVAL;
	uint64_t mask;
	if (task_copy_in(t, &mask, mask_addr, 8) < 0)
		return -EFAULT;
	return signalfd_update_or_create(t, fd, mask, flags);
}

SYSCALL_DEFINE(signalfd)
{
	return do_signalfd(t, (int)args->a[0], args->a[1], args->a[2], 0);
}

SYSCALL_DEFINE(signalfd4)
{
	return do_signalfd(t, (int)args->a[0], args->a[1], args->a[2], (int)args->a[3]);
}
