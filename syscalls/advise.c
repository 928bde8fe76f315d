/* Page-cache hints: fadvise64, readahead, sync_file_range (Linux's
 * mm/fadvise.c, mm/readahead.c, fs/sync.c).
 *
 * File data lives in host memfds and host files, whose page cache the
 * host manages, so a hint has nothing of ours to act on; what these calls
 * owe the app is Linux's argument checking and errors, in Linux's order,
 * and for sync_file_range's write-out request an fdatasync. */
#define _GNU_SOURCE
#include <fcntl.h>
#include "fs/inode.h"
#include "fs/pipe.h"
#include "fs/vfs_ops.h"
#include "syscalls/vfs_util.h"

/* A pipe or fifo: the objects Linux refuses with ESPIPE. */
static bool is_pipe(struct vfs_file *f)
{
	struct vfs_inode *inode = vfs_file_inode(f);
	return vfs_file_is_pipe(f) || (inode && S_ISFIFO(inode->mode));
}

/* Linux's generic_fadvise for a file with no page cache of its own (the
 * noop_backing_dev_info case): validates and ignores the advice. */
static long fadvise(struct vfs_file *f, off_t len, int advice)
{
	if (is_pipe(f))
		return -ESPIPE;
	if (len < 0)
		return -EINVAL;
	switch (advice) {
	case POSIX_FADV_NORMAL:
	case POSIX_FADV_RANDOM:
	case POSIX_FADV_SEQUENTIAL:
	case POSIX_FADV_WILLNEED:
	case POSIX_FADV_NOREUSE:
	case POSIX_FADV_DONTNEED:
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(fadvise64)
{
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	long r = fadvise(f, (off_t)args->a[2], (int)args->a[3]);
	vfs_file_put(f);
	return r;
}

SYSCALL_DEFINE(readahead)
{
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	struct vfs_inode *inode = vfs_file_inode(f);
	long r;
	if (!vfs_file_readable(f))
		r = -EBADF;
	else if (!inode || !S_ISREG(inode->mode))
		r = -EINVAL; /* only files that can read ahead */
	else
		r = fadvise(f, (off_t)args->a[2], POSIX_FADV_WILLNEED);
	vfs_file_put(f);
	return r;
}

SYSCALL_DEFINE(sync_file_range)
{
	int64_t off = (int64_t)args->a[1], nbytes = (int64_t)args->a[2];
	unsigned flags = (unsigned)args->a[3];
	if (flags & ~(SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
		      SYNC_FILE_RANGE_WAIT_AFTER))
		return -EINVAL;
	/* nbytes 0 means "to the end of the file". */
	uint64_t end = (uint64_t)off + (uint64_t)nbytes;
	if (off < 0 || (int64_t)end < 0 || end < (uint64_t)off)
		return -EINVAL;
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	struct vfs_inode *inode = vfs_file_inode(f);
	long r = 0;
	mode_t m = inode ? inode->mode : 0;
	if (!S_ISREG(m) && !S_ISBLK(m) && !S_ISDIR(m) && !S_ISLNK(m))
		r = -ESPIPE;
	else if ((flags & SYNC_FILE_RANGE_WRITE) && f->ops->fsync)
		r = f->ops->fsync(f, true);
	vfs_file_put(f);
	return r;
}
