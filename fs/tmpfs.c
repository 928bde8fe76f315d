/* tmpfs; see fs/tmpfs.h. Directory operations run under vfs_lock (the
 * namespace lock, see fs/inode.h); data and attributes under inode->lock. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/fs.h>
#include "fs/tmpfs.h"
#include "sentry/task.h"

#define BOGO_DIRENT_SIZE 20 /* Linux's shmem directory size per entry */

struct tmpfs_dirent {
	struct list_node link;
	char *name;
	struct vfs_inode *inode; /* a reference */
	int64_t cookie;
};

struct tmpfs_inode {
	struct vfs_inode vi;
	struct list_node entries; /* directories, in cookie order */
	int64_t next_cookie;
	int memfd;                /* regular files, -1 otherwise */
	char *target;             /* symlinks */
};

static const struct inode_operations tmpfs_iops;
static const struct file_operations tmpfs_reg_fops;
static const struct file_operations tmpfs_dir_fops;

static struct tmpfs_inode *TI(struct vfs_inode *i)
{
	return container_of(i, struct tmpfs_inode, vi);
}

bool tmpfs_is_tmpfs_inode(struct vfs_inode *inode)
{
	return inode->iops == &tmpfs_iops;
}

static void update_blocks(struct vfs_inode *vi)
{
	vi->blocks = ((vi->size + 4095) / 4096) * 8;
}

static int tmpfs_new_inode(struct vfs_super *sb, struct vfs_inode *dir, mode_t mode,
			   const struct cred *c, struct tmpfs_inode **out)
{
	struct tmpfs_inode *ti = calloc(1, sizeof(*ti));
	if (!ti)
		return -ENOMEM;
	vfs_inode_init(&ti->vi, sb, &tmpfs_iops, mode, 0);
	ti->memfd = -1;
	list_init(&ti->entries);
	ti->next_cookie = 2;
	ti->vi.uid = c ? c->fsuid : 0;
	ti->vi.gid = c ? c->fsgid : 0;
	if (dir && (dir->mode & S_ISGID)) {
		ti->vi.gid = dir->gid;
		if (S_ISDIR(mode))
			ti->vi.mode |= S_ISGID;
	}
	if (S_ISDIR(mode))
		ti->vi.size = 2 * BOGO_DIRENT_SIZE;
	if (S_ISREG(mode)) {
		ti->memfd = memfd_create("tmpfs", MFD_CLOEXEC);
		if (ti->memfd < 0) {
			int err = -errno;
			free(ti);
			return err;
		}
	}
	*out = ti;
	return 0;
}

static void tmpfs_evict(struct vfs_inode *vi)
{
	struct tmpfs_inode *ti = TI(vi);
	list_for_each_safe(n, &ti->entries) {
		struct tmpfs_dirent *de = container_of(n, struct tmpfs_dirent, link);
		vfs_inode_put(de->inode);
		free(de->name);
		free(de);
	}
	if (ti->memfd >= 0)
		close(ti->memfd);
	free(ti->target);
	free(ti);
}

struct vfs_super *tmpfs_new_super(mode_t mode, uid_t uid, gid_t gid)
{
	struct vfs_super *sb = vfs_super_new("tmpfs", TMPFS_MAGIC_NUMBER);
	if (!sb)
		return NULL;
	struct tmpfs_inode *root;
	if (tmpfs_new_inode(sb, NULL, S_IFDIR | (mode & 07777), NULL, &root)) {
		free(sb);
		return NULL;
	}
	root->vi.uid = uid;
	root->vi.gid = gid;
	sb->root = &root->vi;
	return sb;
}

static struct tmpfs_dirent *find_entry(struct vfs_inode *dir, const char *name)
{
	list_for_each(n, &TI(dir)->entries) {
		struct tmpfs_dirent *de = container_of(n, struct tmpfs_dirent, link);
		if (strcmp(de->name, name) == 0)
			return de;
	}
	return NULL;
}

static void touch_dir(struct vfs_inode *dir)
{
	pthread_mutex_lock(&dir->lock);
	vfs_timespec_now(&dir->mtime);
	dir->ctime = dir->mtime;
	pthread_mutex_unlock(&dir->lock);
}

/* Adds an entry taking a new reference to inode. */
static int add_entry(struct vfs_inode *dir, const char *name, struct vfs_inode *inode)
{
	struct tmpfs_dirent *de = calloc(1, sizeof(*de));
	if (!de || !(de->name = strdup(name))) {
		free(de);
		return -ENOMEM;
	}
	vfs_inode_get(inode);
	de->inode = inode;
	de->cookie = TI(dir)->next_cookie++;
	list_add_tail(&TI(dir)->entries, &de->link);
	dir->size += BOGO_DIRENT_SIZE;
	touch_dir(dir);
	return 0;
}

static void remove_entry(struct vfs_inode *dir, struct tmpfs_dirent *de)
{
	list_remove(&de->link);
	dir->size -= BOGO_DIRENT_SIZE;
	vfs_inode_put(de->inode);
	free(de->name);
	free(de);
	touch_dir(dir);
}

static int tmpfs_lookup(struct vfs_inode *dir, const char *name, struct vfs_inode **out)
{
	struct tmpfs_dirent *de = find_entry(dir, name);
	if (!de)
		return -ENOENT;
	vfs_inode_get(de->inode);
	*out = de->inode;
	return 0;
}

static int make_node(struct vfs_inode *dir, const char *name, mode_t mode, dev_t rdev,
		     const char *target, const struct cred *c, struct vfs_inode **out)
{
	if (find_entry(dir, name))
		return -EEXIST;
	struct tmpfs_inode *ti = NULL;
	int err = tmpfs_new_inode(dir->sb, dir, mode, c, &ti);
	if (err)
		return err;
	ti->vi.rdev = rdev;
	if (target) {
		ti->target = strdup(target);
		if (!ti->target) {
			vfs_inode_put(&ti->vi);
			return -ENOMEM;
		}
		ti->vi.size = (off_t)strlen(target);
	}
	err = add_entry(dir, name, &ti->vi);
	if (err) {
		vfs_inode_put(&ti->vi);
		return err;
	}
	if (S_ISDIR(mode))
		dir->nlink++;
	*out = &ti->vi;
	return 0;
}

static int tmpfs_create(struct vfs_inode *dir, const char *name, mode_t mode,
			const struct cred *c, struct vfs_inode **out)
{
	return make_node(dir, name, S_IFREG | (mode & 07777), 0, NULL, c, out);
}

static int tmpfs_mkdir(struct vfs_inode *dir, const char *name, mode_t mode,
		       const struct cred *c, struct vfs_inode **out)
{
	return make_node(dir, name, S_IFDIR | (mode & 07777), 0, NULL, c, out);
}

static int tmpfs_mknod(struct vfs_inode *dir, const char *name, mode_t mode, dev_t rdev,
		       const struct cred *c, struct vfs_inode **out)
{
	return make_node(dir, name, mode, rdev, NULL, c, out);
}

static int tmpfs_symlink(struct vfs_inode *dir, const char *name, const char *target,
			 const struct cred *c, struct vfs_inode **out)
{
	return make_node(dir, name, S_IFLNK | 0777, 0, target, c, out);
}

static int tmpfs_link(struct vfs_inode *dir, const char *name, struct vfs_inode *target,
		      struct vfs_inode **out)
{
	if (!tmpfs_is_tmpfs_inode(target) || target->sb != dir->sb)
		return -EXDEV;
	if (find_entry(dir, name))
		return -EEXIST;
	int err = add_entry(dir, name, target);
	if (err)
		return err;
	pthread_mutex_lock(&target->lock);
	target->nlink++;
	vfs_timespec_now(&target->ctime);
	pthread_mutex_unlock(&target->lock);
	vfs_inode_get(target);
	*out = target;
	return 0;
}

static void drop_nlink(struct vfs_inode *inode, bool dir)
{
	pthread_mutex_lock(&inode->lock);
	if (dir)
		inode->nlink = 0;
	else if (inode->nlink)
		inode->nlink--;
	vfs_timespec_now(&inode->ctime);
	pthread_mutex_unlock(&inode->lock);
}

static int tmpfs_unlink(struct vfs_inode *dir, const char *name, struct vfs_inode *victim)
{
	struct tmpfs_dirent *de = find_entry(dir, name);
	if (!de)
		return -ENOENT;
	drop_nlink(de->inode, false);
	remove_entry(dir, de);
	return 0;
}

static int tmpfs_rmdir(struct vfs_inode *dir, const char *name, struct vfs_inode *victim)
{
	struct tmpfs_dirent *de = find_entry(dir, name);
	if (!de)
		return -ENOENT;
	if (!S_ISDIR(de->inode->mode))
		return -ENOTDIR;
	if (!list_empty(&TI(de->inode)->entries))
		return -ENOTEMPTY;
	drop_nlink(de->inode, true);
	remove_entry(dir, de);
	dir->nlink--;
	return 0;
}

static int tmpfs_rename(struct vfs_inode *odir, const char *oname, struct vfs_inode *src,
			struct vfs_inode *ndir, const char *nname, struct vfs_inode *tgt,
			unsigned flags)
{
	struct tmpfs_dirent *ode = find_entry(odir, oname);
	if (!ode)
		return -ENOENT;
	struct tmpfs_dirent *nde = find_entry(ndir, nname);
	bool src_dir = S_ISDIR(ode->inode->mode);
	if (flags & RENAME_EXCHANGE) {
		if (!nde)
			return -ENOENT;
		bool tgt_dir = S_ISDIR(nde->inode->mode);
		struct vfs_inode *tmp = ode->inode;
		ode->inode = nde->inode;
		nde->inode = tmp;
		if (src_dir != tgt_dir && odir != ndir) {
			if (src_dir) {
				odir->nlink--;
				ndir->nlink++;
			} else {
				odir->nlink++;
				ndir->nlink--;
			}
		}
		touch_dir(odir);
		touch_dir(ndir);
		return 0;
	}
	if (nde) {
		if (flags & RENAME_NOREPLACE)
			return -EEXIST;
		if (nde->inode == ode->inode)
			return 0; /* hard links to one inode: nothing to do */
		if (S_ISDIR(nde->inode->mode)) {
			if (!list_empty(&TI(nde->inode)->entries))
				return -ENOTEMPTY;
			drop_nlink(nde->inode, true);
			ndir->nlink--;
		} else {
			drop_nlink(nde->inode, false);
		}
		remove_entry(ndir, nde);
	}
	char *name = strdup(nname);
	if (!name)
		return -ENOMEM;
	free(ode->name);
	ode->name = name;
	list_remove(&ode->link);
	ode->cookie = TI(ndir)->next_cookie++;
	list_add_tail(&TI(ndir)->entries, &ode->link);
	if (odir != ndir) {
		odir->size -= BOGO_DIRENT_SIZE;
		ndir->size += BOGO_DIRENT_SIZE;
		if (src_dir) {
			odir->nlink--;
			ndir->nlink++;
		}
	}
	pthread_mutex_lock(&ode->inode->lock);
	vfs_timespec_now(&ode->inode->ctime);
	pthread_mutex_unlock(&ode->inode->lock);
	touch_dir(odir);
	touch_dir(ndir);
	return 0;
}

static ssize_t tmpfs_readlink(struct vfs_inode *inode, char *buf, size_t size)
{
	const char *t = TI(inode)->target;
	if (!t)
		return -EINVAL;
	size_t n = strlen(t);
	if (n > size)
		n = size;
	memcpy(buf, t, n);
	return (ssize_t)n;
}

static int tmpfs_setattr(struct vfs_inode *inode, const struct vfs_iattr *ia)
{
	if (ia->valid & VFS_ATTR_SIZE) {
		if (!S_ISREG(inode->mode))
			return -EINVAL;
		pthread_mutex_lock(&inode->lock);
		int r = ftruncate(TI(inode)->memfd, ia->size);
		if (r == 0) {
			inode->size = ia->size;
			update_blocks(inode);
		}
		pthread_mutex_unlock(&inode->lock);
		if (r)
			return -errno;
	}
	vfs_generic_setattr(inode, ia);
	return 0;
}

static int tmpfs_open(struct vfs_inode *inode, struct vfs_file *f)
{
	if (S_ISDIR(inode->mode))
		f->ops = &tmpfs_dir_fops;
	else if (S_ISREG(inode->mode))
		f->ops = &tmpfs_reg_fops;
	else
		return -ENXIO;
	return 0;
}

static int tmpfs_tmpfile(struct vfs_inode *dir, mode_t mode, const struct cred *c,
			 struct vfs_inode **out)
{
	struct tmpfs_inode *ti = NULL;
	int err = tmpfs_new_inode(dir->sb, dir, S_IFREG | (mode & 07777), c, &ti);
	if (err)
		return err;
	ti->vi.nlink = 0;
	*out = &ti->vi;
	return 0;
}

static int tmpfs_statfs(struct vfs_inode *inode, struct statfs *sfs)
{
	vfs_simple_statfs(inode, sfs);
	return 0;
}

static const struct inode_operations tmpfs_iops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.mknod = tmpfs_mknod,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.readlink = tmpfs_readlink,
	.setattr = tmpfs_setattr,
	.open = tmpfs_open,
	.tmpfile = tmpfs_tmpfile,
	.statfs = tmpfs_statfs,
	.evict = tmpfs_evict,
};

/* ---- regular files */
static ssize_t tmpfs_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	struct tmpfs_inode *ti = TI(f->inode);
	ssize_t r = pread(ti->memfd, buf, n, *pos);
	if (r < 0)
		return -errno;
	*pos += r;
	return r;
}

static ssize_t tmpfs_write(struct vfs_file *f, struct task *t, const void *buf, size_t n,
			   off_t *pos)
{
	struct vfs_inode *vi = f->inode;
	pthread_mutex_lock(&vi->lock);
	if (atomic_load(&f->flags) & O_APPEND)
		*pos = vi->size;
	ssize_t r = pwrite(TI(vi)->memfd, buf, n, *pos);
	if (r < 0) {
		r = -errno;
	} else {
		*pos += r;
		if (*pos > vi->size) {
			vi->size = *pos;
			update_blocks(vi);
		}
		vfs_timespec_now(&vi->mtime);
		vi->ctime = vi->mtime;
		/* A write by a non-owner clears set-user-ID (Linux's
		 * file_remove_privs, simplified). */
		if (vi->mode & (S_ISUID | S_ISGID)) {
			const struct cred *c = t ? &t->tg->cred : NULL;
			if (c && !cred_fs_privileged(c))
				vi->mode &= ~(mode_t)(S_ISUID | ((vi->mode & S_IXGRP) ? S_ISGID : 0));
		}
	}
	pthread_mutex_unlock(&vi->lock);
	return r;
}

static int tmpfs_mmap_fd(struct vfs_file *f, bool writable)
{
	if (writable && !vfs_file_writable(f))
		return -EACCES;
	int fd = fcntl(TI(f->inode)->memfd, F_DUPFD_CLOEXEC, 0);
	return fd < 0 ? -errno : fd;
}

static int tmpfs_fsync(struct vfs_file *f, bool datasync)
{
	return 0;
}

static const struct file_operations tmpfs_reg_fops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.llseek = vfs_generic_llseek,
	.mmap_fd = tmpfs_mmap_fd,
	.fsync = tmpfs_fsync,
};

/* ---- directories */
static int tmpfs_iterate(struct vfs_file *f, struct dir_context *ctx)
{
	list_for_each(n, &TI(f->inode)->entries) {
		struct tmpfs_dirent *de = container_of(n, struct tmpfs_dirent, link);
		if (de->cookie < ctx->pos)
			continue;
		if (!ctx->actor(ctx, de->name, strlen(de->name), de->inode->ino,
				vfs_mode_to_dtype(de->inode->mode), de->cookie + 1))
			return 0;
		ctx->pos = de->cookie + 1;
	}
	return 0;
}

static const struct file_operations tmpfs_dir_fops = {
	.read = vfs_dir_read,
	.llseek = vfs_dir_llseek,
	.iterate = tmpfs_iterate,
	.fsync = tmpfs_fsync,
};

static int tmpfs_mount(const char *source, unsigned long flags, const void *data,
		       struct vfs_dentry **root)
{
	struct vfs_super *sb = tmpfs_new_super(01777, 0, 0);
	if (!sb)
		return -ENOMEM;
	*root = vfs_dentry_new_root(sb->root);
	return *root ? 0 : -ENOMEM;
}

int tmpfs_register(void)
{
	return vfs_register_filesystem("tmpfs", tmpfs_mount);
}
