/* open(2) and exec's open: the last steps of the path walk for opening
 * (Linux's path_openat / do_open / may_open / do_dentry_open), O_CREAT,
 * O_EXCL, O_TRUNC, O_TMPFILE, O_PATH, O_DIRECTORY, O_NOFOLLOW, and the
 * dispatch to device nodes and fifos. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/fifo.h"
#include "fs/fs_context.h"
#include "fs/vfs_ops.h"
#include "sentry/task.h"

/* Weak: provided by the pipe code once it is linked in. */
extern int fifo_open(struct task *t, void *fifo_key, unsigned flags,
		     struct vfs_file **out) __attribute__((weak));

bool vfs_fifo_supported(void)
{
	return fifo_open != NULL;
}

bool vfs_path_readonly(const struct vfs_path *p)
{
	return p->mnt && (p->mnt->flags & VFS_MNT_RDONLY);
}

/* O_PATH files can do nothing but be a place (fstat, *at, fchdir). */
static const struct file_operations path_fops = { 0 };

static int acc_mode_of(int flags)
{
	int acc = 0;
	switch (flags & O_ACCMODE) {
	case O_RDONLY: acc = VFS_MAY_READ; break;
	case O_WRONLY: acc = VFS_MAY_WRITE; break;
	case O_RDWR: acc = VFS_MAY_READ | VFS_MAY_WRITE; break;
	default: acc = VFS_MAY_READ | VFS_MAY_WRITE; break; /* 3: ioctl-only */
	}
	if (flags & O_TRUNC)
		acc |= VFS_MAY_WRITE;
	return acc;
}

/* Linux's may_open. */
static int may_open(struct task *t, const struct vfs_path *p, int flags, bool created)
{
	struct vfs_inode *inode = p->dentry->inode;
	int acc = acc_mode_of(flags);
	switch (inode->mode & S_IFMT) {
	case S_IFLNK:
		return -ELOOP;
	case S_IFDIR:
		if (acc & VFS_MAY_WRITE)
			return -EISDIR;
		break;
	case S_IFBLK:
	case S_IFCHR:
		if (p->mnt->flags & VFS_MNT_NODEV)
			return -EACCES;
		/* fallthrough */
	case S_IFIFO:
	case S_IFSOCK:
		break;
	}
	if ((acc & VFS_MAY_WRITE) && vfs_path_readonly(p) &&
	    (S_ISREG(inode->mode) || S_ISDIR(inode->mode) || S_ISLNK(inode->mode)))
		return -EROFS;
	/* A file this open just created is opened with the access asked for,
	 * whatever its mode says (open("f", O_CREAT|O_RDWR, 0)). */
	if (!created) {
		int err = vfs_inode_permission(inode, vfs_task_cred(t), acc);
		if (err)
			return err;
	}
	if ((flags & O_NOATIME) && !vfs_inode_owner_or_capable(inode, vfs_task_cred(t)))
		return -EPERM;
	return 0;
}

/* Builds the open file for p once all checks passed. */
static int do_dentry_open(struct task *t, const struct vfs_path *p, int flags,
			  struct vfs_file **out)
{
	struct vfs_inode *inode = p->dentry->inode;
	/* What F_GETFL shows: no creation flags; O_LARGEFILE always on 64-bit. */
	unsigned fflags = (unsigned)(flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)) |
			  O_LARGEFILE;
	if (flags & O_PATH)
		fflags = (unsigned)(flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW)) | O_LARGEFILE;
	if (S_ISFIFO(inode->mode) && !(flags & O_PATH)) {
		if (!fifo_open)
			return -ENXIO;
		struct vfs_file *f;
		int err = fifo_open(t, inode, fflags, &f);
		if (err)
			return err;
		if (!f->dentry) {
			f->mnt = p->mnt;
			f->dentry = p->dentry;
			vfs_dentry_get(p->dentry);
		}
		*out = f;
		return 0;
	}
	struct vfs_file *f = vfs_file_alloc(fflags);
	if (!f)
		return -ENOMEM;
	f->mnt = p->mnt;
	f->dentry = p->dentry;
	vfs_dentry_get(p->dentry);
	f->inode = inode;
	vfs_inode_get(inode);
	int err = 0;
	if (flags & O_PATH) {
		f->ops = &path_fops;
	} else if (S_ISCHR(inode->mode)) {
		err = vfs_chrdev_open(t, inode, f);
	} else if (S_ISBLK(inode->mode) || S_ISSOCK(inode->mode)) {
		err = -ENXIO;
	} else if (inode->iops && inode->iops->open) {
		err = inode->iops->open(inode, f);
	} else {
		err = -ENXIO;
	}
	if (err) {
		f->ops = NULL;
		vfs_file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

static int handle_truncate(struct task *t, struct vfs_file *f)
{
	struct vfs_inode *inode = vfs_file_inode(f);
	if (!S_ISREG(inode->mode) || !inode->iops->setattr)
		return 0;
	struct vfs_iattr ia = { .valid = VFS_ATTR_SIZE | VFS_ATTR_MTIME | VFS_ATTR_CTIME };
	vfs_timespec_now(&ia.mtime);
	ia.ctime = ia.mtime;
	vfs_lock();
	int err = inode->iops->setattr(inode, &ia);
	vfs_unlock();
	return err;
}

int vfs_open_path(struct task *t, const struct vfs_path *p, int flags, struct vfs_file **out)
{
	if (!(flags & O_PATH)) {
		int err = may_open(t, p, flags, false);
		if (err)
			return err;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(p->dentry->inode->mode))
		return -ENOTDIR;
	int err = do_dentry_open(t, p, flags, out);
	if (!err && (flags & O_TRUNC) && !(flags & O_PATH)) {
		err = handle_truncate(t, *out);
		if (err) {
			vfs_file_put(*out);
			*out = NULL;
		}
	}
	return err;
}

static int open_tmpfile(struct task *t, int dirfd, const char *path, int flags, mode_t mode,
			struct vfs_file **out)
{
	if ((flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	struct vfs_path dir;
	vfs_lock();
	int err = vfs_lookup(t, dirfd, path, VFS_LOOKUP_FOLLOW | VFS_LOOKUP_DIRECTORY, &dir);
	if (err)
		goto out_unlocked;
	struct vfs_inode *di = dir.dentry->inode;
	err = vfs_inode_permission(di, vfs_task_cred(t), VFS_MAY_WRITE | VFS_MAY_EXEC);
	if (!err && vfs_path_readonly(&dir))
		err = -EROFS;
	if (!err && !di->iops->tmpfile)
		err = -EOPNOTSUPP;
	struct vfs_inode *inode = NULL;
	if (!err)
		err = di->iops->tmpfile(di, mode & ~vfs_task_umask(t), vfs_task_cred(t), &inode);
	if (!err) {
		if (!(flags & O_EXCL))
			inode->flags |= VFS_I_LINKABLE;
		char name[32];
		snprintf(name, sizeof(name), "#%llu", (unsigned long long)inode->ino);
		/* An unhashed dentry: reachable only through the fd until
		 * linkat(fd, "", ..., AT_EMPTY_PATH) gives it a name. */
		struct vfs_dentry *d = vfs_dentry_add(dir.dentry, name, inode);
		if (!d) {
			err = -ENOMEM;
		} else {
			vfs_dentry_drop(d);
			struct vfs_path p = { dir.mnt, d };
			err = do_dentry_open(t, &p, flags & ~(O_TMPFILE & ~O_DIRECTORY) & ~O_DIRECTORY, out);
			vfs_dentry_put(d);
		}
	}
	vfs_path_put(&dir);
out_unlocked:
	vfs_unlock();
	return err;
}

int vfs_openat(struct task *t, int dirfd, const char *path, int flags, mode_t mode,
	       struct vfs_file **out)
{
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return open_tmpfile(t, dirfd, path, flags, mode, out);
	struct nameidata nd;
	struct vfs_path p = { 0 };
	bool created = false;
	vfs_lock();
	int err = nd_start(&nd, t, dirfd, path, 0);
	if (err)
		goto out;
	err = nd_walk_parent(&nd, path);
	if (err)
		goto out;
	bool must_dir = nd.trailing_slash || (flags & O_DIRECTORY);
	if (flags & O_CREAT) {
		if (nd.last_type != VFS_LAST_NORM) {
			err = -EISDIR;
			goto out;
		}
		bool excl = flags & O_EXCL;
		err = nd_complete_last(&nd, !excl && !(flags & O_NOFOLLOW), &p);
		if (err == -ENOENT && nd.last_missing) {
			/* The final name is missing in nd.cur: create it. */
			struct vfs_inode *dir = nd.cur.dentry->inode;
			if (!S_ISDIR(dir->mode)) {
				err = -ENOTDIR;
				goto out;
			}
			if (nd.trailing_slash) {
				err = -EISDIR;
				goto out;
			}
			if (dir->flags & VFS_I_DEAD) { /* Linux's lookup_open */
				err = -ENOENT;
				goto out;
			}
			if (vfs_path_readonly(&nd.cur)) {
				err = -EROFS;
				goto out;
			}
			err = vfs_inode_permission(dir, nd.cred, VFS_MAY_WRITE | VFS_MAY_EXEC);
			if (err)
				goto out;
			if (!dir->iops->create) {
				err = -EACCES;
				goto out;
			}
			struct vfs_inode *inode;
			err = dir->iops->create(dir, nd.last, mode & 07777 & ~vfs_task_umask(t),
						nd.cred, &inode);
			if (err)
				goto out;
			struct vfs_dentry *d = vfs_dentry_add(nd.cur.dentry, nd.last, inode);
			if (!d) {
				err = -ENOMEM;
				goto out;
			}
			p.mnt = nd.cur.mnt;
			p.dentry = d;
			created = true;
			flags &= ~O_TRUNC;
		} else if (err) {
			goto out;
		} else if (excl) {
			err = -EEXIST;
			goto out;
		} else if (S_ISDIR(p.dentry->inode->mode)) {
			err = -EISDIR;
			goto out;
		}
	} else {
		err = nd_complete_last(&nd, !(flags & O_NOFOLLOW), &p);
		if (err)
			goto out;
		if (S_ISLNK(p.dentry->inode->mode) && (flags & O_PATH) && !must_dir) {
			/* O_PATH|O_NOFOLLOW: the symlink itself. */
			err = do_dentry_open(t, &p, flags, out);
			goto out;
		}
	}
	if (must_dir && !S_ISDIR(p.dentry->inode->mode)) {
		err = -ENOTDIR;
		goto out;
	}
	if (!(flags & O_PATH)) {
		err = may_open(t, &p, flags, created);
		if (err)
			goto out;
	}
	if (S_ISFIFO(p.dentry->inode->mode) && !(flags & O_PATH)) {
		/* A fifo open sleeps until its partner opens the other end,
		 * which needs the namespace lock to find the fifo: sleep
		 * without it. Our references keep the dentry alive; O_TRUNC
		 * means nothing for a fifo. */
		nd_cleanup(&nd);
		vfs_unlock();
		err = do_dentry_open(t, &p, flags, out);
		vfs_path_put(&p);
		return err;
	}
	err = do_dentry_open(t, &p, flags, out);
	vfs_path_put(&p);
	nd_cleanup(&nd);
	vfs_unlock();
	if (!err && (flags & O_TRUNC) && !(flags & O_PATH)) {
		err = handle_truncate(t, *out);
		if (err) {
			vfs_file_put(*out);
			*out = NULL;
		}
	}
	return err;
out:
	vfs_path_put(&p);
	nd_cleanup(&nd);
	vfs_unlock();
	return err;
}

int vfs_open_exec(struct task *t, int dirfd, const char *path, int at_flags,
		  struct vfs_file **out)
{
	if (at_flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	unsigned lf = vfs_at_lookup_flags(at_flags);
	struct vfs_path p;
	int err = vfs_lookup(t, dirfd, path, lf, &p);
	if (err)
		return err;
	struct vfs_inode *inode = p.dentry->inode;
	if (S_ISLNK(inode->mode))
		err = -ELOOP;
	else if (!S_ISREG(inode->mode))
		err = -EACCES;
	else if (p.mnt->flags & VFS_MNT_NOEXEC)
		err = -EACCES;
	else
		err = vfs_inode_permission(inode, vfs_task_cred(t), VFS_MAY_EXEC);
	if (!err)
		err = do_dentry_open(t, &p, O_RDONLY, out);
	vfs_path_put(&p);
	return err;
}
