/* Raw access to an app process's memory from the sentry: the one place that
 * touches app memory, through process_vm_readv/writev (which honour the
 * app's page protections, so a read-only page gives EFAULT like the kernel's
 * copy_to_user would). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/uio.h>
#include "platform/platform.h"

/* process_vm_* stops at the first bad page of a single iovec entry, so one
 * entry gives "bytes before the first fault" semantics. */
ssize_t plat_mem_read(struct plat_thread *p, void *dst, uint64_t src, size_t n)
{
	if (n == 0)
		return 0;
	struct iovec local = { dst, n };
	struct iovec remote = { (void *)(uintptr_t)src, n };
	ssize_t r = process_vm_readv(plat_host_tid(p), &local, 1, &remote, 1, 0);
	if (r <= 0)
		return -EFAULT;
	return r;
}

ssize_t plat_mem_write(struct plat_thread *p, uint64_t dst, const void *src, size_t n)
{
	if (n == 0)
		return 0;
	struct iovec local = { (void *)src, n };
	struct iovec remote = { (void *)(uintptr_t)dst, n };
	ssize_t r = process_vm_writev(plat_host_tid(p), &local, 1, &remote, 1, 0);
	if (r <= 0)
		return -EFAULT;
	return r;
}
