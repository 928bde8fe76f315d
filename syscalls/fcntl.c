/* fd manipulation: dup, dup2, dup3, fcntl, flock. Record locks
 * (F_GETLK/F_SETLK/F_SETLKW) are owned by the thread group; open file
 * description locks (F_OFD_*) by the open file (fs/locks.h). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/file.h>
#include "fs/inode.h"
#include "fs/vfs_ops.h"
#include "fs/locks.h"
#include "syscalls/fcntl_owner.h"
#include "syscalls/vfs_util.h"

/* Object-specific commands live with the object; weak so the VFS links
 * without them. */
extern long pipe_fcntl(struct vfs_file *f, int cmd, unsigned long arg) __attribute__((weak));
extern long memfd_fcntl(struct vfs_file *f, int cmd, unsigned long arg) __attribute__((weak));

#ifndef F_OFD_GETLK
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#endif

SYSCALL_DEFINE(dup)
{
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], true);
	if (!f)
		return -EBADF;
	long fd = fd_table_install(t->fdt, 0, f, false, vfs_nofile(t));
	vfs_file_put(f);
	return fd;
}

static long do_dup3(struct task *t, int oldfd, int newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	struct vfs_file *f = vfs_fd_get(t, oldfd, true);
	if (!f)
		return -EBADF;
	long r = fd_table_install_at(t->fdt, newfd, f, flags & O_CLOEXEC, vfs_nofile(t));
	vfs_file_put(f);
	return r;
}

SYSCALL_DEFINE(dup2)
{
	int oldfd = (int)args->a[0], newfd = (int)args->a[1];
	if (oldfd == newfd) {
		struct vfs_file *f = vfs_fd_get(t, oldfd, true);
		if (!f)
			return -EBADF;
		vfs_file_put(f);
		return newfd;
	}
	return do_dup3(t, oldfd, newfd, 0);
}

SYSCALL_DEFINE(dup3)
{
	return do_dup3(t, (int)args->a[0], (int)args->a[1], (int)args->a[2]);
}

/* Converts a struct flock into an absolute range [start, end]. */
static long flock_range(struct vfs_file *f, const struct flock *fl, off_t *start, off_t *end)
{
	off_t base;
	if (!vfs_seek_origin(f, fl->l_whence, &base)) {
		if (fl->l_whence != SEEK_END)
			return -EINVAL;
		struct stat st;
		long r = vfs_file_getattr(f, &st);
		if (r)
			return r;
		base = st.st_size;
	}
	off_t s = base + fl->l_start;
	if (s < 0)
		return -EINVAL;
	off_t e;
	if (fl->l_len > 0) {
		e = s + fl->l_len - 1;
		if (e < s)
			return -EOVERFLOW;
	} else if (fl->l_len < 0) {
		e = s - 1;
		s += fl->l_len;
		if (s < 0)
			return -EINVAL;
	} else {
		e = VFS_LOCK_EOF;
	}
	*start = s;
	*end = e;
	return 0;
}

static long do_lock(struct task *t, struct vfs_file *f, int cmd, uint64_t uarg)
{
	struct flock fl;
	if (task_copy_in(t, &fl, uarg, sizeof(fl)))
		return -EFAULT;
	struct vfs_inode *inode = vfs_file_inode(f);
	if (!inode)
		return -EINVAL;
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	if (ofd && fl.l_pid != 0)
		return -EINVAL;
	void *owner = ofd ? (void *)f : (void *)t->tg;
	pid_t pid = ofd ? -1 : t->tg->tgid;
	off_t start, end;
	long r = flock_range(f, &fl, &start, &end);
	if (r)
		return r;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
		return -EINVAL;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		if (fl.l_type == F_UNLCK)
			return -EINVAL;
		vfs_posix_lock_test(inode, owner, fl.l_type, start, end, &fl);
		return task_copy_out(t, uarg, &fl, sizeof(fl));
	}
	if (fl.l_type == F_RDLCK && !vfs_file_readable(f))
		return -EBADF;
	if (fl.l_type == F_WRLCK && !vfs_file_writable(f))
		return -EBADF;
	bool wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
	return vfs_posix_lock_set(t, inode, owner, pid, fl.l_type, start, end, wait);
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

SYSCALL_DEFINE(fcntl)
{
	int fd = (int)args->a[0], cmd = (int)args->a[1];
	uint64_t arg = args->a[2];
	struct vfs_file *f = vfs_fd_get(t, fd, true);
	if (!f)
		return -EBADF;
	bool is_path = atomic_load(&f->flags) & O_PATH;
	long r;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((int)arg < 0 || (unsigned long)(int)arg >= vfs_nofile(t))
			r = -EINVAL;
		else
			r = fd_table_install(t->fdt, (int)arg, f, cmd == F_DUPFD_CLOEXEC,
					     vfs_nofile(t));
		break;
	case F_GETFD:
		r = fd_table_get_cloexec(t->fdt, fd);
		if (r > 0)
			r = FD_CLOEXEC;
		break;
	case F_SETFD:
		r = fd_table_set_cloexec(t->fdt, fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = (long)atomic_load(&f->flags);
		break;
	default:
		if (is_path) {
			r = -EBADF;
			break;
		}
		switch (cmd) {
		case F_SETFL: {
			unsigned old = atomic_load(&f->flags), nf;
			do {
				nf = (old & ~(unsigned)SETFL_MASK) | ((unsigned)arg & SETFL_MASK);
			} while (!atomic_compare_exchange_weak(&f->flags, &old, nf));
			r = 0;
			break;
		}
		case F_GETLK:
		case F_SETLK:
		case F_SETLKW:
		case F_OFD_GETLK:
		case F_OFD_SETLK:
		case F_OFD_SETLKW:
			r = do_lock(t, f, cmd, arg);
			break;
		case F_GETOWN:
		case F_SETOWN:
		case F_GETOWN_EX:
		case F_SETOWN_EX:
			r = fcntl_owner(t, f, cmd, arg);
			break;
		case F_GETPIPE_SZ:
		case F_SETPIPE_SZ:
			/* Linux's pipe_fcntl answers EBADF for a file that is
			 * not a pipe, and fcntl passes that on. */
			r = -EBADF;
			if (f->ops->fcntl)
				r = f->ops->fcntl(f, t, cmd, arg);
			else if (pipe_fcntl)
				r = pipe_fcntl(f, cmd, arg);
			break;
		case F_ADD_SEALS:
		case F_GET_SEALS:
			r = -EINVAL;
			if (f->ops->fcntl)
				r = f->ops->fcntl(f, t, cmd, arg);
			else if (memfd_fcntl)
				r = memfd_fcntl(f, cmd, arg);
			break;
		case F_GETLEASE:
			r = F_UNLCK; /* leases are never granted, so none is held */
			break;
		default:
			/* F_SETLEASE, F_NOTIFY, F_SETSIG, hints:
			 * not implemented. */
			r = f->ops->fcntl ? f->ops->fcntl(f, t, cmd, arg) : -EINVAL;
			break;
		}
	}
	vfs_file_put(f);
	return r;
}

SYSCALL_DEFINE(flock)
{
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	long r = vfs_flock(t, f, (int)args->a[1]);
	vfs_file_put(f);
	return r;
}
