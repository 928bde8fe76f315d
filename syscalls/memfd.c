/* memfd_create (Linux's mm/memfd.c syscall part). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include "fs/memfd.h"
#include "fs/poll.h"
#include "syscalls/syscall.h"

#define MFD_ALL_FLAGS (MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | MFD_NOEXEC_SEAL | MFD_EXEC)
#define MFD_HUGE_BITS (0x3fU << 26) /* MFD_HUGE_MASK << MFD_HUGE_SHIFT */

SYSCALL_DEFINE(memfd_create)
{
	unsigned int flags = (unsigned int)args->a[1];
	unsigned int allowed = MFD_ALL_FLAGS | ((flags & MFD_HUGETLB) ? MFD_HUGE_BITS : 0);
	if (flags & ~allowed)
		return -EINVAL;
	if ((flags & MFD_EXEC) && (flags & MFD_NOEXEC_SEAL))
		return -EINVAL;
	char name[MEMFD_NAME_MAX + 1];
	long len = task_copy_string_in(t, args->a[0], name, sizeof(name));
	if (len == -ENAMETOOLONG)
		return -EINVAL;
	if (len < 0)
		return len;
	/* Huge pages would need hugetlbfs semantics (sizes, alignment) that
	 * the sandbox does not model. */
	if (flags & MFD_HUGETLB)
		return -EINVAL;
	struct vfs_file *f;
	int err = memfd_create_file(t, name, flags & ~(unsigned int)MFD_CLOEXEC, &f);
	if (err)
		return err;
	return readiness_fd_install(t, f, flags & MFD_CLOEXEC);
}
