/* memfd_create files (Linux's mm/memfd.c over shmem): an unlinked regular
 * file whose data is a host memfd, so the VFS's read/write/lseek/fstat/
 * ftruncate/fchmod and mmap all work on it like on a tmpfs file, and file
 * seals are the host memfd's own (the host kernel enforces them on every
 * write, truncate and shared mapping). */
#pragma once
#include <stdbool.h>
#include <sys/mman.h>

/* memfd_create flags that older headers lack (Linux 6.3). */
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

struct vfs_file;
struct task;

#define MEMFD_NAME_MAX 249 /* NAME_MAX - strlen("memfd:") */

/* Creates a memfd file (O_RDWR|O_LARGEFILE) named name (at most
 * MEMFD_NAME_MAX bytes, already copied in). flags are memfd_create's,
 * already validated: MFD_ALLOW_SEALING, MFD_NOEXEC_SEAL, MFD_EXEC
 * (MFD_CLOEXEC is the caller's). The owner is t's fsuid/fsgid (t may be
 * NULL: root). Returns 0 or -errno from the host (-EMFILE, -ENOMEM). */
int memfd_create_file(struct task *t, const char *name, unsigned int flags,
		      struct vfs_file **out);
bool vfs_file_is_memfd(const struct vfs_file *f);
/* fcntl F_ADD_SEALS / F_GET_SEALS (the VFS's fcntl calls this for those two
 * commands on any file). -EINVAL for a file that is not a memfd (Linux says
 * so for non-shmem files), -EPERM to add seals through a read-only file or
 * once F_SEAL_SEAL is set, -EBUSY for F_SEAL_WRITE with writable shared
 * mappings. */
long memfd_fcntl(struct vfs_file *f, int cmd, unsigned long arg);
/* ftruncate on a memfd for callers that do not go through the inode's
 * ->setattr (which does the same). */
int memfd_truncate(struct vfs_file *f, off_t length);
