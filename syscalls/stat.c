/* stat family: stat, lstat, fstat, newfstatat, statx, statfs, fstatfs. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <linux/stat.h>
#include "fs/fs_context.h"
#include "fs/vfs_ops.h"
#include "syscalls/vfs_util.h"

/* Resolves (dirfd, path, flags) for the stat family into st. An empty
 * path with AT_EMPTY_PATH names dirfd itself, which may be any file. */
static long stat_at(struct task *t, int dirfd, uint64_t upath, int flags, struct stat *st)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	char path[VFS_PATH_MAX];
	long n = vfs_path_in(t, upath, path);
	if (n < 0)
		return n;
	if (n == 0 && (flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
		struct vfs_file *f = vfs_fd_get(t, dirfd, true);
		if (!f)
			return -EBADF;
		long r = vfs_file_getattr(f, st);
		vfs_file_put(f);
		return r;
	}
	unsigned lf = vfs_at_lookup_flags(flags);
	struct vfs_path p;
	long r = vfs_lookup(t, dirfd, path, lf, &p);
	if (r)
		return r;
	r = vfs_getattr(&p, st);
	vfs_path_put(&p);
	return r;
}

static long stat_out(struct task *t, long r, const struct stat *st, uint64_t ubuf)
{
	if (r)
		return r;
	return task_copy_out(t, ubuf, st, sizeof(*st));
}

SYSCALL_DEFINE(stat)
{
	struct stat st;
	return stat_out(t, stat_at(t, AT_FDCWD, args->a[0], 0, &st), &st, args->a[1]);
}

SYSCALL_DEFINE(lstat)
{
	struct stat st;
	return stat_out(t, stat_at(t, AT_FDCWD, args->a[0], AT_SYMLINK_NOFOLLOW, &st), &st,
			args->a[1]);
}

SYSCALL_DEFINE(newfstatat)
{
	struct stat st;
	int flags = (int)args->a[3];
	if (flags & AT_STATX_SYNC_TYPE)
		return -EINVAL;
	return stat_out(t, stat_at(t, (int)args->a[0], args->a[1], flags, &st), &st, args->a[2]);
}

SYSCALL_DEFINE(fstat)
{
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], true);
	if (!f)
		return -EBADF;
	struct stat st;
	long r = vfs_file_getattr(f, &st);
	vfs_file_put(f);
	return stat_out(t, r, &st, args->a[1]);
}

static void ts_to_statx(struct statx_timestamp *d, const struct timespec *s)
{
	d->tv_sec = s->tv_sec;
	d->tv_nsec = (uint32_t)s->tv_nsec;
}

SYSCALL_DEFINE(statx)
{
	int dirfd = (int)args->a[0];
	int flags = (int)args->a[2];
	unsigned mask = (unsigned)args->a[3];
	if (mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	struct stat st;
	long r = stat_at(t, dirfd, args->a[1], flags, &st);
	if (r)
		return r;
	struct statx sx;
	memset(&sx, 0, sizeof(sx));
	/* What we know for every file: the basic stats (no birth time). */
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = (uint32_t)st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	ts_to_statx(&sx.stx_atime, &st.st_atim);
	ts_to_statx(&sx.stx_mtime, &st.st_mtim);
	ts_to_statx(&sx.stx_ctime, &st.st_ctim);
	sx.stx_rdev_major = major(st.st_rdev);
	sx.stx_rdev_minor = minor(st.st_rdev);
	sx.stx_dev_major = major(st.st_dev);
	sx.stx_dev_minor = minor(st.st_dev);
	return task_copy_out(t, args->a[4], &sx, sizeof(sx));
}

SYSCALL_DEFINE(statfs)
{
	char path[VFS_PATH_MAX];
	long n = vfs_path_in(t, args->a[0], path);
	if (n < 0)
		return n;
	struct vfs_path p;
	long r = vfs_lookup(t, AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &p);
	if (r)
		return r;
	struct statfs sfs;
	r = vfs_statfs(&p, &sfs);
	vfs_path_put(&p);
	if (r)
		return r;
	return task_copy_out(t, args->a[1], &sfs, sizeof(sfs));
}

SYSCALL_DEFINE(fstatfs)
{
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], true);
	if (!f)
		return -EBADF;
	struct statfs sfs;
	long r = vfs_file_statfs(f, &sfs);
	vfs_file_put(f);
	if (r)
		return r;
	return task_copy_out(t, args->a[1], &sfs, sizeof(sfs));
}
