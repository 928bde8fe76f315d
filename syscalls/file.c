/* File and name syscalls: open, openat, openat2, creat, close, close_range,
 * mkdir(at), mknod(at), rmdir, unlink(at), rename(at, at2), link(at),
 * symlink(at), readlink(at), chmod family, chown family, utime family,
 * truncate, ftruncate, access family, chdir, fchdir, getcwd, umask.
 * Variants share one worker each; the VFS (fs/vfs_ops.h) does the checks. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <utime.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <signal.h>
#include "fs/fs_context.h"
#include "fs/vfs_ops.h"
#include "syscalls/vfs_util.h"

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif

extern int memfd_truncate(struct vfs_file *f, off_t length) __attribute__((weak));
extern bool vfs_file_is_memfd(const struct vfs_file *f) __attribute__((weak));

/* ---- open */
#define VALID_OPEN_FLAGS                                                              \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK |   \
	 O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW |      \
	 O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE | O_SYNC)

static long do_open(struct task *t, int dirfd, uint64_t upath, int flags, mode_t mode)
{
	char path[VFS_PATH_MAX];
	long n = vfs_path_in(t, upath, path);
	if (n < 0)
		return n;
	if ((flags & O_TMPFILE) == O_TMPFILE) {
		if (flags & O_CREAT)
			return -EINVAL;
	} else if (flags & (O_TMPFILE & ~O_DIRECTORY)) {
		return -EINVAL; /* __O_TMPFILE without O_DIRECTORY */
	}
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if (!(flags & (O_CREAT | O_TMPFILE)) || (flags & O_PATH))
		mode = 0;
	struct vfs_file *f;
	long r = vfs_openat(t, dirfd, path, flags, mode, &f);
	if (r)
		return r;
	r = fd_table_install(t->fdt, 0, f, flags & O_CLOEXEC, vfs_nofile(t));
	vfs_file_put(f);
	return r;
}

SYSCALL_DEFINE(open)
{
	return do_open(t, AT_FDCWD, args->a[0], (int)args->a[1], (mode_t)args->a[2]);
}

SYSCALL_DEFINE(openat)
{
	return do_open(t, (int)args->a[0], args->a[1], (int)args->a[2], (mode_t)args->a[3]);
}

SYSCALL_DEFINE(creat)
{
	return do_open(t, AT_FDCWD, args->a[0], O_CREAT | O_WRONLY | O_TRUNC, (mode_t)args->a[1]);
}

SYSCALL_DEFINE(openat2)
{
	size_t size = args->a[3];
	struct open_how how;
	if (size < sizeof(how))
		return -EINVAL;
	if (size > 4096)
		return -E2BIG;
	memset(&how, 0, sizeof(how));
	if (task_copy_in(t, &how, args->a[2], sizeof(how)))
		return -EFAULT;
	/* A larger struct from a newer libc must be zero past what we know. */
	for (size_t off = sizeof(how); off < size; off += 8) {
		uint64_t tail = 0;
		size_t k = size - off < 8 ? size - off : 8;
		if (task_copy_in(t, &tail, args->a[2] + off, k))
			return -EFAULT;
		if (tail)
			return -E2BIG;
	}
	if (how.flags & ~(uint64_t)VALID_OPEN_FLAGS)
		return -EINVAL;
	if (how.mode & ~(uint64_t)07777)
		return -EINVAL;
	if (how.mode && !(how.flags & (O_CREAT | O_TMPFILE)))
		return -EINVAL;
	if (how.resolve & ~(uint64_t)(RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS |
				      RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | RESOLVE_IN_ROOT |
				      RESOLVE_CACHED))
		return -EINVAL;
	if ((how.flags & O_PATH) && (how.flags & ~(uint64_t)(O_PATH | O_DIRECTORY | O_NOFOLLOW |
							     O_CLOEXEC)))
		return -EINVAL;
	/* The RESOLVE_* restrictions are not implemented (none of them, magic
	 * links included); refusing them is safer than ignoring them, and
	 * callers fall back to openat. The dispatcher counts the ENOSYS. */
	if (how.resolve)
		return -ENOSYS;
	return do_open(t, (int)args->a[0], args->a[1], (int)how.flags, (mode_t)how.mode);
}

SYSCALL_DEFINE(close)
{
	return fd_table_close(t->fdt, (int)args->a[0]);
}

SYSCALL_DEFINE(close_range)
{
	unsigned first = (unsigned)args->a[0], last = (unsigned)args->a[1];
	unsigned flags = (unsigned)args->a[2];
	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	if (flags & CLOSE_RANGE_UNSHARE) {
		struct fd_table *copy = fd_table_copy(t->fdt);
		if (!copy)
			return -ENOMEM;
		struct fd_table *old = t->fdt;
		t->fdt = copy;
		fd_table_put(old);
	}
	return fd_table_close_range(t->fdt, first, last, flags & ~CLOSE_RANGE_UNSHARE);
}

/* ---- names */
#define WITH_PATH(var, uaddr)                          \
	char var[VFS_PATH_MAX];                        \
	do {                                           \
		long n_ = vfs_path_in(t, (uaddr), var); \
		if (n_ < 0)                            \
			return n_;                     \
	} while (0)

static long mkdir_at(struct task *t, int dirfd, uint64_t upath, mode_t mode)
{
	WITH_PATH(path, upath);
	return vfs_mkdirat(t, dirfd, path, mode);
}

SYSCALL_DEFINE(mkdir) { return mkdir_at(t, AT_FDCWD, args->a[0], (mode_t)args->a[1]); }
SYSCALL_DEFINE(mkdirat)
{
	return mkdir_at(t, (int)args->a[0], args->a[1], (mode_t)args->a[2]);
}

static long mknod_at(struct task *t, int dirfd, uint64_t upath, mode_t mode, unsigned dev)
{
	WITH_PATH(path, upath);
	/* The old 32-bit dev_t encoding: major in bits 8..19, minor 0..7 and
	 * 20..31 (new_decode_dev). */
	dev_t d = makedev((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00));
	return vfs_mknodat(t, dirfd, path, mode, d);
}

SYSCALL_DEFINE(mknod)
{
	return mknod_at(t, AT_FDCWD, args->a[0], (mode_t)args->a[1], (unsigned)args->a[2]);
}
SYSCALL_DEFINE(mknodat)
{
	return mknod_at(t, (int)args->a[0], args->a[1], (mode_t)args->a[2], (unsigned)args->a[3]);
}

static long unlink_at(struct task *t, int dirfd, uint64_t upath, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	WITH_PATH(path, upath);
	return vfs_unlinkat(t, dirfd, path, flags);
}

SYSCALL_DEFINE(rmdir) { return unlink_at(t, AT_FDCWD, args->a[0], AT_REMOVEDIR); }
SYSCALL_DEFINE(unlink) { return unlink_at(t, AT_FDCWD, args->a[0], 0); }
SYSCALL_DEFINE(unlinkat) { return unlink_at(t, (int)args->a[0], args->a[1], (int)args->a[2]); }

static long rename_at(struct task *t, int odir, uint64_t uold, int ndir, uint64_t unew,
		      unsigned flags)
{
	WITH_PATH(oldp, uold);
	WITH_PATH(newp, unew);
	return vfs_renameat2(t, odir, oldp, ndir, newp, flags);
}

SYSCALL_DEFINE(rename) { return rename_at(t, AT_FDCWD, args->a[0], AT_FDCWD, args->a[1], 0); }
SYSCALL_DEFINE(renameat)
{
	return rename_at(t, (int)args->a[0], args->a[1], (int)args->a[2], args->a[3], 0);
}
SYSCALL_DEFINE(renameat2)
{
	return rename_at(t, (int)args->a[0], args->a[1], (int)args->a[2], args->a[3],
			 (unsigned)args->a[4]);
}

static long link_at(struct task *t, int odir, uint64_t uold, int ndir, uint64_t unew, int flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	WITH_PATH(oldp, uold);
	WITH_PATH(newp, unew);
	/* AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH. */
	if ((flags & AT_EMPTY_PATH) && !cred_is_privileged(&t->tg->cred))
		return -ENOENT;
	return vfs_linkat(t, odir, oldp, ndir, newp, flags);
}

SYSCALL_DEFINE(link) { return link_at(t, AT_FDCWD, args->a[0], AT_FDCWD, args->a[1], 0); }
SYSCALL_DEFINE(linkat)
{
	return link_at(t, (int)args->a[0], args->a[1], (int)args->a[2], args->a[3],
		       (int)args->a[4]);
}

static long symlink_at(struct task *t, uint64_t utarget, int dirfd, uint64_t upath)
{
	WITH_PATH(target, utarget);
	WITH_PATH(path, upath);
	return vfs_symlinkat(t, target, dirfd, path);
}

SYSCALL_DEFINE(symlink) { return symlink_at(t, args->a[0], AT_FDCWD, args->a[1]); }
SYSCALL_DEFINE(symlinkat) { return symlink_at(t, args->a[0], (int)args->a[1], args->a[2]); }

static long readlink_at(struct task *t, int dirfd, uint64_t upath, uint64_t ubuf, long size)
{
	if (size <= 0)
		return -EINVAL;
	WITH_PATH(path, upath);
	char buf[VFS_PATH_MAX];
	ssize_t n = vfs_readlinkat(t, dirfd, path, buf,
				   (size_t)size < sizeof(buf) ? (size_t)size : sizeof(buf));
	if (n < 0)
		return n;
	return task_copy_out(t, ubuf, buf, (size_t)n) ? -EFAULT : n;
}

SYSCALL_DEFINE(readlink)
{
	return readlink_at(t, AT_FDCWD, args->a[0], args->a[1], (long)(int)args->a[2]);
}
SYSCALL_DEFINE(readlinkat)
{
	return readlink_at(t, (int)args->a[0], args->a[1], args->a[2], (long)(int)args->a[3]);
}

/* ---- attributes */

/* The path the file at fd was opened by (a new reference in *out), or
 * -EBADF; allow_path: an O_PATH file counts. */
static long fd_path(struct task *t, int fd, bool allow_path, struct vfs_path *out)
{
	struct vfs_file *f = vfs_fd_get(t, fd, allow_path);
	if (!f)
		return -EBADF;
	long r = f->dentry ? 0 : -EBADF;
	if (!r) {
		out->mnt = f->mnt;
		out->dentry = f->dentry;
		vfs_path_get(out);
	}
	vfs_file_put(f);
	return r;
}

/* Resolves (dirfd, path, at_flags) to a path for the *at attribute calls;
 * an empty path with AT_EMPTY_PATH (or upath 0 for utimensat) is dirfd.
 * Other flags are -EINVAL. */
static long resolve_at(struct task *t, int dirfd, uint64_t upath, int flags, bool null_ok,
		       struct vfs_path *out)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (upath == 0 && null_ok)
		return fd_path(t, dirfd, true, out);
	WITH_PATH(path, upath);
	unsigned lf = vfs_at_lookup_flags(flags);
	return vfs_lookup(t, dirfd, path, lf, out);
}

static long chmod_at(struct task *t, int dirfd, uint64_t upath, mode_t mode, int flags)
{
	struct vfs_path p;
	long r = resolve_at(t, dirfd, upath, flags, false, &p);
	if (r)
		return r;
	if (S_ISLNK(p.dentry->inode->mode))
		r = -EOPNOTSUPP; /* Linux refuses to chmod a symlink itself */
	else
		r = vfs_chmod(t, &p, mode);
	vfs_path_put(&p);
	return r;
}

SYSCALL_DEFINE(chmod) { return chmod_at(t, AT_FDCWD, args->a[0], (mode_t)args->a[1], 0); }
SYSCALL_DEFINE(fchmodat)
{
	return chmod_at(t, (int)args->a[0], args->a[1], (mode_t)args->a[2], 0);
}
SYSCALL_DEFINE(fchmodat2)
{
	return chmod_at(t, (int)args->a[0], args->a[1], (mode_t)args->a[2], (int)args->a[3]);
}

SYSCALL_DEFINE(fchmod)
{
	struct vfs_path p;
	long r = fd_path(t, (int)args->a[0], false, &p);
	if (r)
		return r;
	r = vfs_chmod(t, &p, (mode_t)args->a[1]);
	vfs_path_put(&p);
	return r;
}

static long chown_at(struct task *t, int dirfd, uint64_t upath, uid_t uid, gid_t gid, int flags)
{
	struct vfs_path p;
	long r = resolve_at(t, dirfd, upath, flags, false, &p);
	if (r)
		return r;
	r = vfs_chown(t, &p, uid, gid);
	vfs_path_put(&p);
	return r;
}

SYSCALL_DEFINE(chown)
{
	return chown_at(t, AT_FDCWD, args->a[0], (uid_t)args->a[1], (gid_t)args->a[2], 0);
}
SYSCALL_DEFINE(lchown)
{
	return chown_at(t, AT_FDCWD, args->a[0], (uid_t)args->a[1], (gid_t)args->a[2],
			AT_SYMLINK_NOFOLLOW);
}
SYSCALL_DEFINE(fchownat)
{
	return chown_at(t, (int)args->a[0], args->a[1], (uid_t)args->a[2], (gid_t)args->a[3],
			(int)args->a[4]);
}

SYSCALL_DEFINE(fchown)
{
	struct vfs_path p;
	long r = fd_path(t, (int)args->a[0], false, &p);
	if (r)
		return r;
	r = vfs_chown(t, &p, (uid_t)args->a[1], (gid_t)args->a[2]);
	vfs_path_put(&p);
	return r;
}

static long utimes_at(struct task *t, int dirfd, uint64_t upath, const struct timespec *ts,
		      int flags)
{
	struct vfs_path p;
	long r = resolve_at(t, dirfd, upath, flags, true, &p);
	if (r)
		return r;
	r = vfs_utimes(t, &p, ts);
	vfs_path_put(&p);
	return r;
}

SYSCALL_DEFINE(utimensat)
{
	struct timespec ts[2];
	const struct timespec *tp = NULL;
	if (args->a[2]) {
		if (task_copy_in(t, ts, args->a[2], sizeof(ts)))
			return -EFAULT;
		for (int i = 0; i < 2; i++)
			if (ts[i].tv_nsec != UTIME_NOW && ts[i].tv_nsec != UTIME_OMIT &&
			    (ts[i].tv_nsec < 0 || ts[i].tv_nsec > 999999999))
				return -EINVAL;
		tp = ts;
	}
	return utimes_at(t, (int)args->a[0], args->a[1], tp, (int)args->a[3]);
}

static long timeval_times(struct task *t, uint64_t utv, struct timespec ts[2])
{
	struct timeval tv[2];
	if (task_copy_in(t, tv, utv, sizeof(tv)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec > 999999)
			return -EINVAL;
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return 0;
}

static long futimes_at(struct task *t, int dirfd, uint64_t upath, uint64_t utv)
{
	if (!upath)
		return -EFAULT;
	struct timespec ts[2];
	if (utv) {
		long r = timeval_times(t, utv, ts);
		if (r)
			return r;
	}
	return utimes_at(t, dirfd, upath, utv ? ts : NULL, 0);
}

SYSCALL_DEFINE(utimes) { return futimes_at(t, AT_FDCWD, args->a[0], args->a[1]); }
SYSCALL_DEFINE(futimesat)
{
	return futimes_at(t, (int)args->a[0], args->a[1], args->a[2]);
}

SYSCALL_DEFINE(utime)
{
	struct timespec ts[2];
	if (args->a[1]) {
		struct utimbuf ub;
		if (task_copy_in(t, &ub, args->a[1], sizeof(ub)))
			return -EFAULT;
		ts[0] = (struct timespec){ ub.actime, 0 };
		ts[1] = (struct timespec){ ub.modtime, 0 };
	}
	if (!args->a[0])
		return -EFAULT;
	return utimes_at(t, AT_FDCWD, args->a[0], args->a[1] ? ts : NULL, 0);
}

static long check_fsize(struct task *t, off_t length)
{
	rlim_t lim = task_rlimit(t, RLIMIT_FSIZE);
	if (lim != RLIM_INFINITY && length >= 0 && (rlim_t)length > lim) {
		task_send_signal(t, SIGXFSZ, NULL);
		return -EFBIG;
	}
	return 0;
}

SYSCALL_DEFINE(truncate)
{
	off_t length = (off_t)args->a[1];
	WITH_PATH(path, args->a[0]);
	if (length < 0)
		return -EINVAL;
	struct vfs_path p;
	long r = vfs_lookup(t, AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &p);
	if (r)
		return r;
	r = check_fsize(t, length);
	if (!r)
		r = vfs_truncate(t, &p, length);
	vfs_path_put(&p);
	return r;
}

SYSCALL_DEFINE(ftruncate)
{
	off_t length = (off_t)args->a[1];
	if (length < 0)
		return -EINVAL;
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	/* Linux's EPERM here is for append-only inodes (chattr +a), which
	 * the sandbox has none of; an O_APPEND fd may truncate. */
	long r;
	if (!vfs_file_writable(f))
		r = -EINVAL;
	else if ((r = check_fsize(t, length)))
		;
	else if (vfs_file_is_memfd && memfd_truncate && vfs_file_is_memfd(f))
		r = memfd_truncate(f, length);
	else
		r = vfs_ftruncate(t, f, length);
	vfs_file_put(f);
	return r;
}

static long access_at(struct task *t, int dirfd, uint64_t upath, int mode, int flags)
{
	WITH_PATH(path, upath);
	return vfs_faccessat(t, dirfd, path, mode, flags);
}

SYSCALL_DEFINE(access) { return access_at(t, AT_FDCWD, args->a[0], (int)args->a[1], 0); }
SYSCALL_DEFINE(faccessat)
{
	return access_at(t, (int)args->a[0], args->a[1], (int)args->a[2], 0);
}
SYSCALL_DEFINE(faccessat2)
{
	return access_at(t, (int)args->a[0], args->a[1], (int)args->a[2], (int)args->a[3]);
}

/* ---- cwd and umask */
static long set_cwd(struct task *t, struct vfs_path *p)
{
	long r = 0;
	if (!S_ISDIR(p->dentry->inode->mode))
		r = -ENOTDIR;
	else
		r = vfs_inode_permission(p->dentry->inode, vfs_task_cred(t), VFS_MAY_EXEC);
	if (!r)
		fs_context_set_cwd(t->fs, p);
	vfs_path_put(p);
	return r;
}

/* The directory at the app's path upath: chdir's and chroot's argument. */
static long lookup_dir(struct task *t, uint64_t upath, struct vfs_path *p)
{
	WITH_PATH(path, upath);
	return vfs_lookup(t, AT_FDCWD, path, VFS_LOOKUP_FOLLOW | VFS_LOOKUP_DIRECTORY, p);
}

SYSCALL_DEFINE(chdir)
{
	struct vfs_path p;
	long r = lookup_dir(t, args->a[0], &p);
	if (r)
		return r;
	return set_cwd(t, &p);
}

SYSCALL_DEFINE(fchdir)
{
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], true);
	if (!f)
		return -EBADF;
	struct vfs_path p = { f->mnt, f->dentry };
	long r;
	if (!f->dentry) {
		r = -ENOTDIR;
	} else {
		vfs_path_get(&p);
		r = set_cwd(t, &p);
	}
	vfs_file_put(f);
	return r;
}

/* Linux's ksys_chroot: the new root must be a searchable directory, and
 * changing it takes CAP_SYS_CHROOT. The cwd stays where it is (possibly
 * outside the new root, which getcwd then reports as unreachable). */
SYSCALL_DEFINE(chroot)
{
	struct vfs_path p;
	long r = lookup_dir(t, args->a[0], &p);
	if (r)
		return r;
	r = vfs_inode_permission(p.dentry->inode, vfs_task_cred(t), VFS_MAY_EXEC);
	if (!r && !cred_is_privileged(vfs_task_cred(t)))
		r = -EPERM;
	if (!r)
		fs_context_set_root(t->fs, &p);
	vfs_path_put(&p);
	return r;
}

SYSCALL_DEFINE(getcwd)
{
	size_t size = args->a[1];
	struct vfs_path cwd, root;
	fs_context_get_cwd(t->fs, &cwd);
	fs_context_get_root(t->fs, &root);
	char buf[VFS_PATH_MAX + 16];
	long r;
	if (!cwd.dentry->hashed && cwd.dentry->parent != cwd.dentry) {
		r = -ENOENT; /* the cwd was removed */
	} else if (!vfs_path_is_under(&cwd, &root)) {
		/* Outside a chroot: Linux's getcwd says so in front. */
		static const char unreach[] = "(unreachable)";
		memcpy(buf, unreach, sizeof(unreach) - 1);
		r = vfs_path_string(&cwd, NULL, buf + sizeof(unreach) - 1,
				    sizeof(buf) - sizeof(unreach) + 1);
		if (r >= 0)
			r += sizeof(unreach) - 1;
	} else {
		r = vfs_path_string(&cwd, &root, buf, sizeof(buf));
	}
	vfs_path_put(&cwd);
	vfs_path_put(&root);
	if (r < 0)
		return r;
	if ((size_t)r + 1 > size)
		return -ERANGE;
	if (task_copy_out(t, args->a[0], buf, (size_t)r + 1))
		return -EFAULT;
	return r + 1;
}

SYSCALL_DEFINE(umask)
{
	return (long)atomic_exchange(&t->fs->umask, (mode_t)(args->a[0] & 0777));
}
