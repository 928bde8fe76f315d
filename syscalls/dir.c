/* Directory reading: getdents64 and the old getdents. Offsets are the
 * file systems' cookies (fs/inode.h: 0 ".", 1 "..", then per file system),
 * so telldir/seekdir positions stay valid across calls. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "fs/inode.h"
#include "syscalls/vfs_util.h"

struct dirent_buf {
	struct dir_context ctx;
	char *buf;
	size_t size, used;
	bool old_format;
	bool refused; /* an entry did not fit */
	int count;
};

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

struct linux_dirent {
	unsigned long d_ino;
	unsigned long d_off;
	unsigned short d_reclen;
	char d_name[]; /* then NUL, padding, and d_type in the last byte */
};

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

static bool fill(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
		 unsigned dtype, int64_t next_pos)
{
	struct dirent_buf *b = container_of(ctx, struct dirent_buf, ctx);
	if (b->old_format) {
		size_t reclen = ALIGN8(offsetof(struct linux_dirent, d_name) + len + 2);
		if (b->used + reclen > b->size) {
			b->refused = true;
			return false;
		}
		struct linux_dirent *d = (struct linux_dirent *)(b->buf + b->used);
		memset(d, 0, reclen);
		d->d_ino = ino;
		d->d_off = (unsigned long)next_pos;
		d->d_reclen = (unsigned short)reclen;
		memcpy(d->d_name, name, len);
		((char *)d)[reclen - 1] = (char)dtype;
		b->used += reclen;
	} else {
		size_t reclen = ALIGN8(offsetof(struct linux_dirent64, d_name) + len + 1);
		if (b->used + reclen > b->size) {
			b->refused = true;
			return false;
		}
		struct linux_dirent64 *d = (struct linux_dirent64 *)(b->buf + b->used);
		memset(d, 0, reclen);
		d->d_ino = ino;
		d->d_off = next_pos;
		d->d_reclen = (unsigned short)reclen;
		d->d_type = (unsigned char)dtype;
		memcpy(d->d_name, name, len);
		b->used += reclen;
	}
	b->count++;
	return true;
}

static long do_getdents(struct task *t, const struct syscall_args *args, bool old_format)
{
	size_t count = (unsigned)args->a[2];
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	long r = 0;
	if (!f->ops->iterate) {
		r = -ENOTDIR;
		goto out;
	}
	if (count > (1u << 20))
		count = 1u << 20; /* enough for any one call; the rest comes next time */
	struct dirent_buf b = { .ctx = { fill, 0 }, .size = count, .old_format = old_format };
	b.buf = malloc(count ? count : 1);
	if (!b.buf) {
		r = -ENOMEM;
		goto out;
	}
	pthread_mutex_lock(&f->pos_lock);
	b.ctx.pos = f->pos;
	r = vfs_iterate_dir(f, &b.ctx);
	f->pos = b.ctx.pos;
	pthread_mutex_unlock(&f->pos_lock);
	if (!r) {
		if (b.count == 0 && b.refused)
			r = -EINVAL; /* the buffer cannot hold even one entry */
		else if (task_copy_out(t, args->a[1], b.buf, b.used))
			r = -EFAULT;
		else
			r = (long)b.used;
	}
	free(b.buf);
out:
	vfs_file_put(f);
	return r;
}

SYSCALL_DEFINE(getdents64) { return do_getdents(t, args, false); }
SYSCALL_DEFINE(getdents) { return do_getdents(t, args, true); }
