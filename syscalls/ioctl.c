/* ioctl(2): the generic commands (FIONBIO, FIOASYNC, FIOCLEX, FIONCLEX,
 * FIONREAD for regular files, FIGETBSZ), then the file's own ->ioctl, else ENOTTY. */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <linux/fs.h>
#include "fs/inode.h"
#include "fs/vfs_ops.h"
#include "syscalls/vfs_util.h"

static long set_flag(struct task *t, struct vfs_file *f, uint64_t uarg, unsigned flag)
{
	int on;
	if (task_copy_in(t, &on, uarg, sizeof(on)))
		return -EFAULT;
	if (on)
		atomic_fetch_or(&f->flags, flag);
	else
		atomic_fetch_and(&f->flags, ~flag);
	return 0;
}

SYSCALL_DEFINE(ioctl)
{
	int fd = (int)args->a[0];
	unsigned long cmd = (unsigned)args->a[1];
	uint64_t arg = args->a[2];
	struct vfs_file *f = vfs_fd_get(t, fd, false);
	if (!f)
		return -EBADF;
	long r;
	switch (cmd) {
	case FIOCLEX:
		r = fd_table_set_cloexec(t->fdt, fd, true);
		break;
	case FIONCLEX:
		r = fd_table_set_cloexec(t->fdt, fd, false);
		break;
	case FIONBIO:
		r = set_flag(t, f, arg, O_NONBLOCK);
		break;
	case FIOASYNC:
		r = set_flag(t, f, arg, O_ASYNC);
		break;
	case FIONREAD: {
		struct vfs_inode *inode = vfs_file_inode(f);
		if (f->ops->ioctl) {
			r = f->ops->ioctl(f, t, cmd, arg);
		} else if (inode && S_ISREG(inode->mode)) {
			struct stat st;
			r = vfs_file_getattr(f, &st);
			if (!r) {
				off_t left = st.st_size - f->pos;
				int n = left < 0 ? 0 : (left > INT_MAX ? INT_MAX : (int)left);
				r = task_copy_out(t, arg, &n, sizeof(n));
			}
		} else {
			r = -ENOTTY;
		}
		break;
	}
	case FIGETBSZ: {
		/* The file system's block size: what stat shows as st_blksize
		 * (pipes and sockets have their pseudo file system's page). */
		struct stat st;
		r = vfs_file_getattr(f, &st);
		if (!r) {
			int bs = st.st_blksize ? (int)st.st_blksize : 4096;
			r = task_copy_out(t, arg, &bs, sizeof(bs));
		}
		break;
	}
	default:
		r = f->ops->ioctl ? f->ops->ioctl(f, t, cmd, arg) : -ENOTTY;
		break;
	}
	vfs_file_put(f);
	return r;
}
