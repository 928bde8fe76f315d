/* Open files: allocation, reference counting, anonymous files, and the
 * generic helpers every file kind shares (llseek, directory iteration,
 * pread for exec, mmap fds, paths). Linux's fs/file_table.c, fs/read_write.c
 * (generic_file_llseek) and fs/readdir.c (the "." and ".." part). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include "fs/epoll.h"
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/locks.h"
#include "sentry/task.h"

struct vfs_file *vfs_file_alloc(unsigned flags)
{
	struct vfs_file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	atomic_init(&f->refs, 1);
	atomic_init(&f->flags, flags);
	pthread_mutex_init(&f->pos_lock, NULL);
	return f;
}

struct vfs_file *vfs_anon_file_new(const struct file_operations *ops,
				   unsigned int flags, void *private,
				   const char *name)
{
	struct vfs_file *f = vfs_file_alloc(flags);
	if (!f)
		return NULL;
	f->ops = ops;
	f->private = private;
	snprintf(f->anon_name, sizeof(f->anon_name), "%s", name ? name : "anon_inode:[unknown]");
	return f;
}

uint64_t vfs_anon_ino(void)
{
	static atomic_uint_fast64_t next = 1000;
	return atomic_fetch_add(&next, 1);
}

void vfs_file_get(struct vfs_file *f)
{
	atomic_fetch_add(&f->refs, 1);
}

void vfs_file_put(struct vfs_file *f)
{
	if (!f || atomic_fetch_sub(&f->refs, 1) != 1)
		return;
	vfs_locks_release_file(f);
	/* Linux's eventpoll_release: drop f from every epoll interest list
	 * before it goes (epoll items hold no reference). */
	epoll_file_closing(f);
	if (f->ops && f->ops->release)
		f->ops->release(f);
	if (f->inode)
		vfs_inode_put(f->inode);
	if (f->dentry)
		vfs_dentry_put(f->dentry);
	pthread_mutex_destroy(&f->pos_lock);
	free(f);
}

struct vfs_inode *vfs_file_inode(struct vfs_file *f)
{
	if (f->dentry)
		return f->dentry->inode;
	return f->inode;
}

bool vfs_seek_origin(const struct vfs_file *f, int whence, off_t *base)
{
	switch (whence) {
	case SEEK_SET:
		*base = 0;
		return true;
	case SEEK_CUR:
		*base = f->pos;
		return true;
	default:
		return false;
	}
}

off_t vfs_seek_offset(off_t base, off_t off)
{
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	return base + off;
}

off_t vfs_generic_llseek(struct vfs_file *f, off_t off, int whence)
{
	off_t base;
	if (vfs_seek_origin(f, whence, &base))
		return vfs_seek_offset(base, off);
	if (whence != SEEK_END && whence != SEEK_DATA && whence != SEEK_HOLE)
		return -EINVAL;
	struct vfs_inode *inode = f->inode ? f->inode : vfs_file_inode(f);
	if (!inode)
		return -EINVAL;
	struct stat st;
	int err = vfs_inode_getattr(inode, &st);
	if (err)
		return err;
	if (whence == SEEK_END)
		return vfs_seek_offset(st.st_size, off);
	/* No holes are tracked: all data up to the size, one hole at the
	 * end (what Linux's generic code reports). */
	if (off < 0 || off >= st.st_size)
		return -ENXIO;
	return whence == SEEK_DATA ? off : st.st_size;
}

/* "." and ".." come from the dentry tree so every file system gets them
 * right, including at mount roots (where ".." is the mountpoint's parent
 * only in the sense of the path walk; like Linux, d_ino is the file
 * system's own parent). */
int vfs_iterate_dir(struct vfs_file *f, struct dir_context *ctx)
{
	if (!f->ops || !f->ops->iterate)
		return -ENOTDIR;
	/* Linux's iterate_dir: a removed directory lists nothing, not even
	 * "." and "..". */
	if (f->dentry && (f->dentry->inode->flags & VFS_I_DEAD))
		return -ENOENT;
	if (ctx->pos == 0) {
		uint64_t ino = f->dentry ? f->dentry->inode->ino : (f->inode ? f->inode->ino : 0);
		if (!ctx->actor(ctx, ".", 1, ino, DT_DIR, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		uint64_t ino = f->dentry ? f->dentry->parent->inode->ino : 0;
		if (!ctx->actor(ctx, "..", 2, ino, DT_DIR, 2))
			return 0;
		ctx->pos = 2;
	}
	vfs_lock();
	int err = f->ops->iterate(f, ctx);
	vfs_unlock();
	return err;
}

int vfs_open_inode(struct vfs_inode *inode, unsigned flags, struct vfs_file **out)
{
	if (!inode->iops || !inode->iops->open)
		return -ENXIO;
	struct vfs_file *f = vfs_file_alloc(flags);
	if (!f)
		return -ENOMEM;
	vfs_inode_get(inode);
	f->inode = inode;
	int err = inode->iops->open(inode, f);
	if (err) {
		f->ops = NULL;
		vfs_file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

ssize_t vfs_file_pread(struct vfs_file *f, void *buf, size_t n, off_t off)
{
	if (!f->ops || !f->ops->read)
		return -EINVAL;
	size_t done = 0;
	while (done < n) {
		off_t pos = off + (off_t)done;
		ssize_t r = f->ops->read(f, NULL, (char *)buf + done, n - done, &pos);
		if (r < 0)
			return done ? (ssize_t)done : r;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

int vfs_file_mmap_fd(struct vfs_file *f, bool writable)
{
	if (!f->ops || !f->ops->mmap_fd)
		return -ENODEV;
	return f->ops->mmap_fd(f, writable);
}

int vfs_file_path(struct vfs_file *f, char *buf, size_t size)
{
	if (!f->dentry) {
		int n = snprintf(buf, size, "%s", f->anon_name);
		return (size_t)n >= size ? -ENAMETOOLONG : n;
	}
	struct vfs_path p = { f->mnt, f->dentry };
	return vfs_path_string(&p, NULL, buf, size);
}

off_t vfs_dir_llseek(struct vfs_file *f, off_t off, int whence)
{
	if (whence == SEEK_SET && off >= 0)
		return off;
	if (whence == SEEK_CUR && f->pos + off >= 0)
		return f->pos + off;
	return -EINVAL;
}

ssize_t vfs_dir_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	return -EISDIR;
}

long vfs_try_or_wait(struct task *t, bool nonblock, struct waitq *q, uint32_t mask,
		     const struct timespec *deadline, long (*try_fn)(void *arg), void *arg)
{
	long r = try_fn(arg);
	if (r == -EAGAIN && !nonblock)
		r = task_wait_until(t, q, mask, deadline, try_fn, arg);
	return r;
}
