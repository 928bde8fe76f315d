/* Name-changing and attribute operations on paths (Linux's do_mkdirat,
 * do_mknodat, do_unlinkat/do_rmdir, do_renameat2, do_linkat, do_symlinkat,
 * do_readlinkat, chmod_common, chown_common, utimes_common, do_truncate,
 * do_faccessat), with their checks in Linux's order. The dentry cache is
 * updated after the file system succeeded, all under vfs_lock. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/fs.h>
#include "fs/fs_context.h"
#include "fs/vfs_ops.h"
#include "sentry/task.h"

/* statfs f_flags (Linux's ST_* in include/linux/statfs.h). */
#define ST_RDONLY 0x0001
#define ST_NOSUID 0x0002
#define ST_NODEV 0x0004
#define ST_NOEXEC 0x0008
#define ST_VALID 0x0020

/* Linux's filename_create: the parent of a name to be created. On success
 * nd->cur is the parent directory and nd->last the new name. */
static int create_prepare(struct nameidata *nd, struct task *t, int dirfd, const char *path,
			  bool want_dir)
{
	int err = nd_start(nd, t, dirfd, path, 0);
	if (!err)
		err = nd_walk_parent(nd, path);
	if (err)
		return err;
	if (nd->last_type != VFS_LAST_NORM)
		return -EEXIST;
	struct vfs_dentry *d;
	err = vfs_dentry_lookup(nd->cur.dentry, nd->last, &d);
	if (!err) {
		vfs_dentry_put(d);
		return -EEXIST;
	}
	if (err != -ENOENT)
		return err;
	if (nd->trailing_slash && !want_dir)
		return -ENOENT;
	if (nd->cur.dentry->inode->flags & VFS_I_DEAD)
		return -ENOENT;
	if (vfs_path_readonly(&nd->cur))
		return -EROFS;
	return vfs_inode_permission(nd->cur.dentry->inode, nd->cred,
				    VFS_MAY_WRITE | VFS_MAY_EXEC);
}

static int add_created(struct nameidata *nd, struct vfs_inode *inode)
{
	struct vfs_dentry *d = vfs_dentry_add(nd->cur.dentry, nd->last, inode);
	if (!d)
		return -ENOMEM;
	vfs_dentry_put(d);
	return 0;
}

/* What mkdir, mknod and symlink make in the parent directory. */
struct new_node {
	enum { NEW_DIR, NEW_FILE, NEW_DEVICE_OR_SPECIAL, NEW_SYMLINK } kind;
	mode_t mode;        /* before the umask; for mknod with the S_IFMT type */
	dev_t rdev;         /* NEW_DEVICE_OR_SPECIAL */
	const char *target; /* NEW_SYMLINK */
};

/* The directory's own operation for nn (-EPERM when it has none). */
static int make_node(struct vfs_inode *dir, const char *name, const struct cred *c,
		     const struct new_node *nn, mode_t umask, struct vfs_inode **out)
{
	mode_t m = nn->mode & 07777 & ~umask;
	switch (nn->kind) {
	case NEW_DIR:
		return dir->iops->mkdir ? dir->iops->mkdir(dir, name, m, c, out) : -EPERM;
	case NEW_FILE:
		return dir->iops->create ? dir->iops->create(dir, name, m, c, out) : -EPERM;
	case NEW_DEVICE_OR_SPECIAL:
		return dir->iops->mknod ? dir->iops->mknod(dir, name, (nn->mode & S_IFMT) | m,
							   nn->rdev, c, out)
					: -EPERM;
	case NEW_SYMLINK:
		return dir->iops->symlink ? dir->iops->symlink(dir, name, nn->target, c, out)
					  : -EPERM;
	}
	return -EINVAL;
}

/* The frame of mkdir, mknod and symlink: the parent prepared, the node
 * made, the new inode entered under the last name. */
static int create_at(struct task *t, int dirfd, const char *path, const struct new_node *nn)
{
	struct nameidata nd;
	struct vfs_inode *inode;
	vfs_lock();
	int err = create_prepare(&nd, t, dirfd, path, nn->kind == NEW_DIR);
	if (!err)
		err = make_node(nd.cur.dentry->inode, nd.last, nd.cred, nn, vfs_task_umask(t), &inode);
	if (!err)
		err = add_created(&nd, inode);
	nd_cleanup(&nd);
	vfs_unlock();
	return err;
}

int vfs_mkdirat(struct task *t, int dirfd, const char *path, mode_t mode)
{
	const struct new_node nn = { .kind = NEW_DIR, .mode = mode };
	return create_at(t, dirfd, path, &nn);
}

int vfs_mknodat(struct task *t, int dirfd, const char *path, mode_t mode, dev_t dev)
{
	mode_t type = mode & S_IFMT;
	switch (type) {
	case 0:
		type = S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (t && !cred_is_privileged(vfs_task_cred(t)))
			return -EPERM;
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	if (type == S_IFIFO && !vfs_fifo_supported())
		return -ENOSYS;
	struct new_node nn = { .kind = NEW_DEVICE_OR_SPECIAL, .mode = type | (mode & 07777) };
	if (type == S_IFREG)
		nn.kind = NEW_FILE;
	else if (type == S_IFCHR || type == S_IFBLK)
		nn.rdev = dev;
	return create_at(t, dirfd, path, &nn);
}

int vfs_symlinkat(struct task *t, const char *target, int dirfd, const char *path)
{
	if (!*target)
		return -ENOENT;
	const struct new_node nn = { .kind = NEW_SYMLINK, .target = target };
	return create_at(t, dirfd, path, &nn);
}

/* Linux's may_delete (the checks of the parent and the victim). */
static int may_delete(const struct cred *c, struct vfs_inode *dir, struct vfs_dentry *victim,
		      bool isdir)
{
	int err = vfs_inode_permission(dir, c, VFS_MAY_WRITE | VFS_MAY_EXEC);
	if (err)
		return err;
	struct vfs_inode *inode = victim->inode;
	if (c && (dir->mode & S_ISVTX) && !cred_fs_privileged(c) &&
	    c->fsuid != inode->uid && c->fsuid != dir->uid)
		return -EPERM;
	if (isdir && !S_ISDIR(inode->mode))
		return -ENOTDIR;
	if (!isdir && S_ISDIR(inode->mode))
		return -EISDIR;
	if (victim->parent == victim)
		return -EBUSY;
	return 0;
}

/* The existing child that nd's last component names, to be removed or
 * renamed: -EROFS on a read-only mount, then the lookup's error. */
static int lookup_victim(struct nameidata *nd, struct vfs_dentry **out)
{
	if (vfs_path_readonly(&nd->cur))
		return -EROFS;
	return vfs_dentry_lookup(nd->cur.dentry, nd->last, out);
}

int vfs_unlinkat(struct task *t, int dirfd, const char *path, int flags)
{
	bool rmdir = flags & AT_REMOVEDIR;
	struct nameidata nd;
	struct vfs_dentry *d = NULL;
	vfs_lock();
	int err = nd_start(&nd, t, dirfd, path, 0);
	if (!err)
		err = nd_walk_parent(&nd, path);
	if (err)
		goto out;
	if (rmdir) {
		switch (nd.last_type) {
		case VFS_LAST_DOTDOT: err = -ENOTEMPTY; goto out;
		case VFS_LAST_DOT: err = -EINVAL; goto out;
		case VFS_LAST_ROOT: err = -EBUSY; goto out;
		}
	} else if (nd.last_type != VFS_LAST_NORM) {
		err = -EISDIR;
		goto out;
	}
	err = lookup_victim(&nd, &d);
	if (err)
		goto out;
	if (!rmdir && nd.trailing_slash) {
		err = S_ISDIR(d->inode->mode) ? -EISDIR : -ENOTDIR;
		goto out;
	}
	struct vfs_inode *dir = nd.cur.dentry->inode;
	err = may_delete(nd.cred, dir, d, rmdir);
	if (err)
		goto out;
	if (d->mounted) {
		err = -EBUSY;
		goto out;
	}
	if (rmdir)
		err = dir->iops->rmdir ? dir->iops->rmdir(dir, nd.last, d->inode) : -EPERM;
	else
		err = dir->iops->unlink ? dir->iops->unlink(dir, nd.last, d->inode) : -EPERM;
	if (!err) {
		if (rmdir)
			d->inode->flags |= VFS_I_DEAD;
		vfs_dentry_drop(d);
	}
out:
	if (d)
		vfs_dentry_put(d);
	nd_cleanup(&nd);
	vfs_unlock();
	return err;
}

static bool is_ancestor(struct vfs_dentry *anc, struct vfs_dentry *d)
{
	for (;;) {
		if (d == anc)
			return true;
		if (d->parent == d)
			return false;
		d = d->parent;
	}
}

int vfs_renameat2(struct task *t, int odirfd, const char *opath, int ndirfd,
		  const char *npath, unsigned flags)
{
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL; /* only overlay's own use in Linux; not offered */
	struct nameidata ond, nnd;
	struct vfs_dentry *od = NULL, *ndn = NULL;
	vfs_lock();
	int err = nd_start(&ond, t, odirfd, opath, 0);
	int err2 = nd_start(&nnd, t, ndirfd, npath, 0);
	if (!err)
		err = nd_walk_parent(&ond, opath);
	if (!err)
		err = err2;
	if (!err)
		err = nd_walk_parent(&nnd, npath);
	if (err)
		goto out;
	if (ond.cur.mnt != nnd.cur.mnt) {
		err = -EXDEV;
		goto out;
	}
	if (ond.last_type != VFS_LAST_NORM) {
		err = -EBUSY;
		goto out;
	}
	if (nnd.last_type != VFS_LAST_NORM) {
		err = (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
		goto out;
	}
	err = lookup_victim(&ond, &od);
	if (err)
		goto out;
	err = vfs_dentry_lookup(nnd.cur.dentry, nnd.last, &ndn);
	if (err == -ENOENT && !(flags & RENAME_EXCHANGE)) {
		ndn = NULL;
		err = 0;
	}
	if (err)
		goto out;
	if (ndn && (flags & RENAME_NOREPLACE)) {
		err = -EEXIST;
		goto out;
	}
	bool odir = S_ISDIR(od->inode->mode);
	if (!odir && (ond.trailing_slash || (nnd.trailing_slash && !(flags & RENAME_EXCHANGE)))) {
		err = -ENOTDIR;
		goto out;
	}
	if (flags & RENAME_EXCHANGE) {
		if (!S_ISDIR(ndn->inode->mode) && nnd.trailing_slash) {
			err = -ENOTDIR;
			goto out;
		}
	}
	/* The source must not be an ancestor of the target, nor (for an
	 * exchange or a replaced directory) the other way round. */
	if (is_ancestor(od, nnd.cur.dentry)) {
		err = -EINVAL;
		goto out;
	}
	if (ndn && is_ancestor(ndn, ond.cur.dentry)) {
		err = (flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
		goto out;
	}
	if (od == ndn || (ndn && od->inode == ndn->inode)) {
		err = 0; /* same file: Linux does nothing */
		goto out;
	}
	struct vfs_inode *oldd = ond.cur.dentry->inode, *newd = nnd.cur.dentry->inode;
	err = may_delete(ond.cred, oldd, od, odir);
	if (err)
		goto out;
	if (ndn) {
		bool ndir = S_ISDIR(ndn->inode->mode);
		err = may_delete(nnd.cred, newd, ndn, (flags & RENAME_EXCHANGE) ? ndir : odir);
	} else if (newd->flags & VFS_I_DEAD) {
		err = -ENOENT; /* may_create of a removed directory */
	} else {
		err = vfs_inode_permission(newd, nnd.cred, VFS_MAY_WRITE | VFS_MAY_EXEC);
	}
	if (err)
		goto out;
	if (od->mounted || (ndn && ndn->mounted)) {
		err = -EBUSY;
		goto out;
	}
	/* Moving a directory to another parent rewrites its "..". */
	if (oldd != newd) {
		if (odir)
			err = vfs_inode_permission(od->inode, ond.cred, VFS_MAY_WRITE);
		if (!err && ndn && (flags & RENAME_EXCHANGE) && S_ISDIR(ndn->inode->mode))
			err = vfs_inode_permission(ndn->inode, nnd.cred, VFS_MAY_WRITE);
		if (err)
			goto out;
	}
	if (!oldd->iops->rename) {
		err = -EPERM;
		goto out;
	}
	err = oldd->iops->rename(oldd, ond.last, od->inode, newd, nnd.last,
				 ndn ? ndn->inode : NULL, flags);
	if (err)
		goto out;
	if (flags & RENAME_EXCHANGE) {
		vfs_dentry_exchange(od, ndn);
	} else {
		if (ndn) {
			if (S_ISDIR(ndn->inode->mode))
				ndn->inode->flags |= VFS_I_DEAD;
			vfs_dentry_drop(ndn);
		}
		vfs_dentry_move(od, nnd.cur.dentry, nnd.last);
	}
out:
	if (od)
		vfs_dentry_put(od);
	if (ndn)
		vfs_dentry_put(ndn);
	nd_cleanup(&ond);
	nd_cleanup(&nnd);
	vfs_unlock();
	return err;
}

int vfs_linkat(struct task *t, int odirfd, const char *opath, int ndirfd,
	       const char *npath, int flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	unsigned lf = (flags & AT_SYMLINK_FOLLOW) ? VFS_LOOKUP_FOLLOW : 0;
	if (flags & AT_EMPTY_PATH)
		lf |= VFS_LOOKUP_EMPTY;
	struct vfs_path old;
	struct nameidata nd;
	vfs_lock();
	int err = vfs_lookup(t, odirfd, opath, lf, &old);
	if (err) {
		vfs_unlock();
		return err;
	}
	err = create_prepare(&nd, t, ndirfd, npath, false);
	if (err)
		goto out;
	if (old.mnt != nd.cur.mnt) {
		err = -EXDEV;
		goto out;
	}
	struct vfs_inode *inode = old.dentry->inode, *dir = nd.cur.dentry->inode;
	if (S_ISDIR(inode->mode)) {
		err = -EPERM;
		goto out;
	}
	/* A file whose last name is gone cannot get a new one, unless it is
	 * a linkable O_TMPFILE (Linux's vfs_link). */
	struct stat st;
	err = vfs_inode_getattr(inode, &st);
	if (err)
		goto out;
	if (st.st_nlink == 0 && !(inode->flags & VFS_I_LINKABLE)) {
		err = -ENOENT;
		goto out;
	}
	struct vfs_inode *linked;
	err = dir->iops->link ? dir->iops->link(dir, nd.last, inode, &linked) : -EPERM;
	if (!err) {
		inode->flags &= ~VFS_I_LINKABLE;
		err = add_created(&nd, linked);
	}
out:
	vfs_path_put(&old);
	nd_cleanup(&nd);
	vfs_unlock();
	return err;
}

ssize_t vfs_readlinkat(struct task *t, int dirfd, const char *path, char *buf, size_t size)
{
	struct vfs_path p;
	int err = vfs_lookup(t, dirfd, path, VFS_LOOKUP_EMPTY, &p);
	if (err)
		return err;
	struct vfs_inode *inode = p.dentry->inode;
	ssize_t r;
	if (!S_ISLNK(inode->mode) || !inode->iops || !inode->iops->readlink)
		r = -EINVAL;
	else
		r = inode->iops->readlink(inode, buf, size);
	vfs_path_put(&p);
	return r;
}

static int do_setattr(struct vfs_inode *inode, struct vfs_iattr *ia)
{
	if (!inode->iops || !inode->iops->setattr)
		return -EPERM;
	vfs_lock();
	int err = inode->iops->setattr(inode, ia);
	vfs_unlock();
	return err;
}

int vfs_chmod(struct task *t, const struct vfs_path *p, mode_t mode)
{
	struct vfs_inode *inode = p->dentry->inode;
	const struct cred *c = vfs_task_cred(t);
	if (vfs_path_readonly(p))
		return -EROFS;
	if (!vfs_inode_owner_or_capable(inode, c))
		return -EPERM;
	mode &= 07777;
	if (c && !cred_fs_privileged(c) && !cred_in_group(c, inode->gid))
		mode &= ~(mode_t)S_ISGID;
	struct vfs_iattr ia = { .valid = VFS_ATTR_MODE, .mode = mode };
	return do_setattr(inode, &ia);
}

int vfs_chown(struct task *t, const struct vfs_path *p, uid_t uid, gid_t gid)
{
	struct vfs_inode *inode = p->dentry->inode;
	const struct cred *c = vfs_task_cred(t);
	if (vfs_path_readonly(p))
		return -EROFS;
	struct vfs_iattr ia = { 0 };
	bool priv = !c || cred_fs_privileged(c);
	if (uid != (uid_t)-1) {
		if (!priv && !(c->fsuid == inode->uid && uid == inode->uid))
			return -EPERM;
		ia.valid |= VFS_ATTR_UID;
		ia.uid = uid;
	}
	if (gid != (gid_t)-1) {
		if (!priv && !(c->fsuid == inode->uid &&
			       (gid == inode->gid || cred_in_group(c, gid))))
			return -EPERM;
		ia.valid |= VFS_ATTR_GID;
		ia.gid = gid;
	}
	/* chown clears set-user-ID, and set-group-ID when group-executable
	 * (Linux's ATTR_KILL_SUID/ATTR_KILL_SGID), for non-directories. */
	if (ia.valid && !S_ISDIR(inode->mode) && (inode->mode & (S_ISUID | S_ISGID))) {
		mode_t m = inode->mode & 07777;
		m &= ~(mode_t)S_ISUID;
		if (m & S_IXGRP)
			m &= ~(mode_t)S_ISGID;
		ia.valid |= VFS_ATTR_MODE;
		ia.mode = m;
	}
	return do_setattr(inode, &ia);
}

int vfs_utimes(struct task *t, const struct vfs_path *p, const struct timespec times[2])
{
	struct vfs_inode *inode = p->dentry->inode;
	const struct cred *c = vfs_task_cred(t);
	struct vfs_iattr ia = { .valid = VFS_ATTR_ATIME | VFS_ATTR_MTIME };
	struct timespec now;
	vfs_timespec_now(&now);
	ia.atime = ia.mtime = now;
	bool explicit = false;
	if (times) {
		if (times[0].tv_nsec == UTIME_OMIT && times[1].tv_nsec == UTIME_OMIT)
			return 0;
		for (int i = 0; i < 2; i++) {
			unsigned bit = i == 0 ? VFS_ATTR_ATIME : VFS_ATTR_MTIME;
			struct timespec *dst = i == 0 ? &ia.atime : &ia.mtime;
			if (times[i].tv_nsec == UTIME_OMIT) {
				ia.valid &= ~bit;
			} else if (times[i].tv_nsec != UTIME_NOW) {
				if (times[i].tv_nsec < 0 || times[i].tv_nsec > 999999999)
					return -EINVAL;
				*dst = times[i];
				explicit = true;
			}
		}
	}
	if (vfs_path_readonly(p))
		return -EROFS;
	if (!vfs_inode_owner_or_capable(inode, c)) {
		if (explicit)
			return -EPERM;
		int err = vfs_inode_permission(inode, c, VFS_MAY_WRITE);
		if (err)
			return err;
	}
	return do_setattr(inode, &ia);
}

static int do_truncate(struct vfs_inode *inode, off_t length)
{
	struct vfs_iattr ia = { .valid = VFS_ATTR_SIZE | VFS_ATTR_MTIME | VFS_ATTR_CTIME,
				.size = length };
	vfs_timespec_now(&ia.mtime);
	ia.ctime = ia.mtime;
	return do_setattr(inode, &ia);
}

int vfs_truncate(struct task *t, const struct vfs_path *p, off_t length)
{
	struct vfs_inode *inode = p->dentry->inode;
	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	if (!S_ISREG(inode->mode))
		return -EINVAL;
	int err = vfs_inode_permission(inode, vfs_task_cred(t), VFS_MAY_WRITE);
	if (err)
		return err;
	if (vfs_path_readonly(p))
		return -EROFS;
	return do_truncate(inode, length);
}

int vfs_ftruncate(struct task *t, struct vfs_file *f, off_t length)
{
	struct vfs_inode *inode = vfs_file_inode(f);
	if (length < 0 || !inode || !S_ISREG(inode->mode))
		return -EINVAL;
	return do_truncate(inode, length);
}

int vfs_faccessat(struct task *t, int dirfd, const char *path, int mode, int flags)
{
	if (mode & ~(F_OK | R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	/* access(2) checks with the real ids unless AT_EACCESS. */
	struct cred real;
	const struct cred *c = vfs_task_cred(t);
	if (c && !(flags & AT_EACCESS)) {
		real = *c;
		real.fsuid = c->uid;
		real.fsgid = c->gid;
		real.euid = c->uid;
		c = &real;
	}
	unsigned lf = vfs_at_lookup_flags(flags);
	struct nameidata nd;
	struct vfs_path p = { 0 };
	vfs_lock();
	int err = nd_start(&nd, t, dirfd, path, lf);
	if (!err) {
		nd.cred = c;
		err = nd_walk_parent(&nd, path);
	}
	if (!err)
		err = nd_complete_last(&nd, lf & VFS_LOOKUP_FOLLOW, &p);
	if (!err && nd.trailing_slash && !S_ISDIR(p.dentry->inode->mode))
		err = -ENOTDIR;
	if (!err && mode != F_OK) {
		struct vfs_inode *inode = p.dentry->inode;
		int mask = ((mode & R_OK) ? VFS_MAY_READ : 0) | ((mode & W_OK) ? VFS_MAY_WRITE : 0) |
			   ((mode & X_OK) ? VFS_MAY_EXEC : 0);
		err = vfs_inode_permission(inode, c, mask);
		if (!err && (mode & W_OK) && vfs_path_readonly(&p) &&
		    (S_ISREG(inode->mode) || S_ISDIR(inode->mode) || S_ISLNK(inode->mode)))
			err = -EROFS;
	}
	vfs_path_put(&p);
	nd_cleanup(&nd);
	vfs_unlock();
	return err;
}

int vfs_getattr(const struct vfs_path *p, struct stat *st)
{
	return vfs_inode_getattr(p->dentry->inode, st);
}

int vfs_statfs(const struct vfs_path *p, struct statfs *sfs)
{
	struct vfs_inode *inode = p->dentry->inode;
	int err = 0;
	if (inode->iops && inode->iops->statfs)
		err = inode->iops->statfs(inode, sfs);
	else
		vfs_simple_statfs(inode, sfs);
	if (!err) {
		sfs->f_flags = ST_VALID;
		if (vfs_path_readonly(p))
			sfs->f_flags |= ST_RDONLY;
		if (p->mnt->flags & VFS_MNT_NOSUID)
			sfs->f_flags |= ST_NOSUID;
		if (p->mnt->flags & VFS_MNT_NODEV)
			sfs->f_flags |= ST_NODEV;
		if (p->mnt->flags & VFS_MNT_NOEXEC)
			sfs->f_flags |= ST_NOEXEC;
		dev_t dev = p->mnt->sb->dev;
		memcpy(&sfs->f_fsid, &dev, sizeof(sfs->f_fsid) < sizeof(dev) ? sizeof(sfs->f_fsid) : sizeof(dev));
	}
	return err;
}

int vfs_file_getattr(struct vfs_file *f, struct stat *st)
{
	if (f->dentry)
		return vfs_inode_getattr(f->dentry->inode, st);
	if (f->ops && f->ops->stat)
		return f->ops->stat(f, st);
	if (f->inode)
		return vfs_inode_getattr(f->inode, st);
	/* An anonymous inode without its own stat: what Linux shows for
	 * anon_inode files (mode 0600, no type). */
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IRUSR | S_IWUSR;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

int vfs_file_statfs(struct vfs_file *f, struct statfs *sfs)
{
	if (f->dentry) {
		struct vfs_path p = { f->mnt, f->dentry };
		return vfs_statfs(&p, sfs);
	}
	memset(sfs, 0, sizeof(*sfs));
	sfs->f_type = 0x09041934; /* ANON_INODE_FS_MAGIC */
	sfs->f_bsize = 4096;
	sfs->f_namelen = 255;
	return 0;
}
