/* read/write family: read, write, pread64, pwrite64, readv, writev,
 * preadv, pwritev, preadv2, pwritev2, lseek, sendfile, copy_file_range,
 * fsync, fdatasync, sync, syncfs, fallocate.
 *
 * Data moves through a sentry buffer of at most RW_CHUNK bytes per file
 * operation; regular files loop until done, stream files (pipes, sockets,
 * terminals) do one operation so a short transfer returns at once instead
 * of blocking again. "Bytes moved beat the error" (syscall_partial_result).
 * RLIMIT_FSIZE is enforced here for regular files (EFBIG and SIGXFSZ). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <linux/falloc.h>
#include "fs/inode.h"
#include "fs/vfs_ops.h"
#include "syscalls/vfs_util.h"

#define RW_CHUNK ((size_t)1 << 20)
#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif

#ifndef RWF_HIPRI
#define RWF_HIPRI 0x1
#define RWF_DSYNC 0x2
#define RWF_SYNC 0x4
#define RWF_NOWAIT 0x8
#define RWF_APPEND 0x10
#endif

struct iov_iter {
	const struct iovec *iov;
	int cnt;
	int idx;
	size_t off; /* into iov[idx] */
};

static size_t iter_remaining(const struct iov_iter *it)
{
	size_t n = 0;
	for (int i = it->idx; i < it->cnt; i++)
		n += it->iov[i].iov_len;
	return n - it->off;
}

static void iter_advance(struct iov_iter *it, size_t n)
{
	while (n && it->idx < it->cnt) {
		size_t left = it->iov[it->idx].iov_len - it->off;
		if (n < left) {
			it->off += n;
			return;
		}
		n -= left;
		it->idx++;
		it->off = 0;
	}
	while (it->idx < it->cnt && it->iov[it->idx].iov_len == 0)
		it->idx++;
}

/* Copies up to n bytes between the app's iovecs and buf without advancing
 * it; returns the bytes copied before a fault. */
static size_t iter_copy(struct task *t, const struct iov_iter *it0, void *buf, size_t n,
			bool to_app)
{
	struct iov_iter it = *it0;
	size_t done = 0;
	while (done < n && it.idx < it.cnt) {
		size_t left = it.iov[it.idx].iov_len - it.off;
		size_t k = left < n - done ? left : n - done;
		uint64_t addr = (uint64_t)(uintptr_t)it.iov[it.idx].iov_base + it.off;
		size_t c = to_app ? task_copy_out_partial(t, addr, (char *)buf + done, k)
				  : task_copy_in_partial(t, (char *)buf + done, addr, k);
		done += c;
		if (c < k)
			break;
		iter_advance(&it, k);
	}
	return done;
}

static bool file_is_regular(struct vfs_file *f)
{
	struct vfs_inode *i = vfs_file_inode(f);
	return i && S_ISREG(i->mode) && f->inode;
}

/* Applies RLIMIT_FSIZE to a write of n bytes at pos: the allowed count,
 * or -EFBIG after sending SIGXFSZ. */
static long fsize_limit(struct task *t, struct vfs_file *f, off_t pos, size_t n)
{
	rlim_t lim = task_rlimit(t, RLIMIT_FSIZE);
	if (lim == RLIM_INFINITY || !file_is_regular(f))
		return (long)n;
	if (atomic_load(&f->flags) & O_APPEND) {
		struct stat st;
		if (vfs_inode_getattr(f->inode, &st) == 0)
			pos = st.st_size;
	}
	if ((rlim_t)pos >= lim) {
		task_send_signal(t, SIGXFSZ, NULL);
		return -EFBIG;
	}
	if ((rlim_t)pos + n > lim)
		n = (size_t)(lim - (rlim_t)pos);
	return (long)n;
}

/* The engine: moves the iterator's bytes to/from f at *pos. */
static long rw_iter(struct task *t, struct vfs_file *f, struct iov_iter *it, bool write,
		    off_t *pos)
{
	size_t total = iter_remaining(it);
	if (total > VFS_MAX_RW_COUNT)
		total = VFS_MAX_RW_COUNT;
	if (total == 0) {
		/* A zero-length read/write still reports errors of the file
		 * kind (EISDIR for directories). */
		char dummy;
		ssize_t r = write ? (f->ops->write ? 0 : -EINVAL)
				  : f->ops->read(f, t, &dummy, 0, pos);
		return r < 0 ? r : 0;
	}
	bool regular = file_is_regular(f);
	size_t bufsize = total < RW_CHUNK ? total : RW_CHUNK;
	char *buf = malloc(bufsize);
	if (!buf)
		return -ENOMEM;
	size_t done = 0;
	long err = 0;
	while (done < total) {
		size_t n = total - done < bufsize ? total - done : bufsize;
		ssize_t r;
		if (write) {
			size_t got = iter_copy(t, it, buf, n, false);
			if (got == 0) {
				err = -EFAULT;
				break;
			}
			long allowed = fsize_limit(t, f, *pos, got);
			if (allowed < 0) {
				err = allowed;
				break;
			}
			r = f->ops->write(f, t, buf, (size_t)allowed, pos);
			if (r < 0) {
				err = r;
				break;
			}
			iter_advance(it, (size_t)r);
			done += (size_t)r;
			if ((size_t)r < n)
				break;
		} else {
			r = f->ops->read(f, t, buf, n, pos);
			if (r < 0) {
				err = r;
				break;
			}
			size_t put = iter_copy(t, it, buf, (size_t)r, true);
			iter_advance(it, put);
			done += put;
			if (put < (size_t)r) {
				err = -EFAULT;
				break;
			}
			if ((size_t)r < n)
				break;
		}
		if (!regular)
			break;
	}
	free(buf);
	return syscall_partial_result(done, err);
}

/* Checks that f can do the transfer at all (EBADF, EINVAL). */
static long rw_check(struct vfs_file *f, bool write)
{
	if (!f)
		return -EBADF;
	if (write ? !vfs_file_writable(f) : !vfs_file_readable(f))
		return -EBADF;
	if (write ? !f->ops->write : !f->ops->read)
		return -EINVAL;
	return 0;
}

/* pos: NULL uses and advances the file position (under its lock). */
static long do_rw(struct task *t, int fd, struct iov_iter *it, bool write, off_t *pos)
{
	struct vfs_file *f = vfs_fd_get(t, fd, false);
	long err = rw_check(f, write);
	/* Linux's access_ok, after the fd checks as in vfs_read/vfs_write. */
	for (int i = 0; !err && i < it->cnt; i++)
		if (!task_access_ok((uint64_t)(uintptr_t)it->iov[i].iov_base, it->iov[i].iov_len))
			err = -EFAULT;
	if (err) {
		if (f)
			vfs_file_put(f);
		return err;
	}
	if (pos) {
		if (!f->ops->llseek)
			err = -ESPIPE;
		else if (*pos < 0)
			err = -EINVAL;
		else
			err = rw_iter(t, f, it, write, pos);
	} else {
		/* Stream files need no position lock; holding it across a
		 * blocking pipe read would serialise unrelated readers. */
		bool lock = f->ops->llseek != NULL;
		if (lock)
			pthread_mutex_lock(&f->pos_lock);
		err = rw_iter(t, f, it, write, &f->pos);
		if (lock)
			pthread_mutex_unlock(&f->pos_lock);
	}
	vfs_file_put(f);
	return err;
}

static long single(struct task *t, int fd, uint64_t buf, size_t count, bool write, off_t *pos)
{
	struct iovec iov = { (void *)(uintptr_t)buf, count };
	struct iov_iter it = { &iov, 1, 0, 0 };
	return do_rw(t, fd, &it, write, pos);
}

SYSCALL_DEFINE(read)
{
	return single(t, (int)args->a[0], args->a[1], args->a[2], false, NULL);
}

SYSCALL_DEFINE(write)
{
	return single(t, (int)args->a[0], args->a[1], args->a[2], true, NULL);
}

SYSCALL_DEFINE(pread64)
{
	off_t pos = (off_t)args->a[3];
	return single(t, (int)args->a[0], args->a[1], args->a[2], false, &pos);
}

SYSCALL_DEFINE(pwrite64)
{
	off_t pos = (off_t)args->a[3];
	return single(t, (int)args->a[0], args->a[1], args->a[2], true, &pos);
}

/* Copies in and validates an iovec array (Linux's import_iovec). */
static long iov_in(struct task *t, uint64_t addr, long cnt, struct iovec **out)
{
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	struct iovec *iov = calloc((size_t)cnt + 1, sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	int err = task_copy_in(t, iov, addr, (size_t)cnt * sizeof(*iov));
	if (err) {
		free(iov);
		return err;
	}
	size_t total = 0;
	for (long i = 0; i < cnt; i++) {
		if ((ssize_t)iov[i].iov_len < 0 || total + iov[i].iov_len > (size_t)SSIZE_MAX) {
			free(iov);
			return -EINVAL;
		}
		total += iov[i].iov_len;
	}
	*out = iov;
	return 0;
}

static long vector(struct task *t, const struct syscall_args *args, bool write, bool positional,
		   uint64_t flags)
{
	if (flags & ~(uint64_t)(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND))
		return -EOPNOTSUPP;
	struct iovec *iov;
	long err = iov_in(t, args->a[1], (long)(int)args->a[2], &iov);
	if (err)
		return err;
	struct iov_iter it = { iov, (int)args->a[2], 0, 0 };
	iter_advance(&it, 0);
	off_t pos = (off_t)args->a[3];
	/* preadv2 with offset -1 means "the file position". */
	err = do_rw(t, (int)args->a[0], &it, write, positional && pos != -1 ? &pos : NULL);
	free(iov);
	return err;
}

SYSCALL_DEFINE(readv) { return vector(t, args, false, false, 0); }
SYSCALL_DEFINE(writev) { return vector(t, args, true, false, 0); }
SYSCALL_DEFINE(preadv)
{
	if ((off_t)args->a[3] < 0)
		return -EINVAL;
	return vector(t, args, false, true, 0);
}
SYSCALL_DEFINE(pwritev)
{
	if ((off_t)args->a[3] < 0)
		return -EINVAL;
	return vector(t, args, true, true, 0);
}
SYSCALL_DEFINE(preadv2) { return vector(t, args, false, true, args->a[5]); }
SYSCALL_DEFINE(pwritev2) { return vector(t, args, true, true, args->a[5]); }

SYSCALL_DEFINE(lseek)
{
	int whence = (int)args->a[2];
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	long r;
	if (!f->ops->llseek)
		r = -ESPIPE;
	else if (whence < SEEK_SET || whence > SEEK_HOLE)
		r = -EINVAL;
	else {
		pthread_mutex_lock(&f->pos_lock);
		r = f->ops->llseek(f, (off_t)args->a[1], whence);
		if (r >= 0)
			f->pos = r;
		pthread_mutex_unlock(&f->pos_lock);
	}
	vfs_file_put(f);
	return r;
}

/* Copies count bytes from in to out through a sentry buffer: the core of
 * sendfile and copy_file_range. inpos/outpos NULL: the file positions. */
static long copy_between(struct task *t, struct vfs_file *in, off_t *inpos,
			 struct vfs_file *out, off_t *outpos, size_t count)
{
	if (count > VFS_MAX_RW_COUNT)
		count = VFS_MAX_RW_COUNT;
	size_t bufsize = count < RW_CHUNK ? count : RW_CHUNK;
	char *buf = malloc(bufsize ? bufsize : 1);
	if (!buf)
		return -ENOMEM;
	size_t done = 0;
	long err = 0;
	bool in_regular = file_is_regular(in);
	while (done < count) {
		size_t n = count - done < bufsize ? count - done : bufsize;
		off_t *ip = inpos ? inpos : &in->pos;
		ssize_t r = in->ops->read(in, t, buf, n, ip);
		if (r <= 0) {
			err = r;
			break;
		}
		size_t w = 0;
		while (w < (size_t)r) {
			off_t *op = outpos ? outpos : &out->pos;
			long allowed = fsize_limit(t, out, *op, (size_t)r - w);
			if (allowed < 0) {
				err = allowed;
				break;
			}
			ssize_t k = out->ops->write(out, t, buf + w, (size_t)allowed, op);
			if (k <= 0) {
				err = k ? k : -EIO;
				break;
			}
			w += (size_t)k;
		}
		done += w;
		if (w < (size_t)r) {
			/* Give back what was read but not written. */
			*ip -= (off_t)((size_t)r - w);
			break;
		}
		if ((size_t)r < n || !in_regular)
			break;
	}
	free(buf);
	return syscall_partial_result(done, err);
}

SYSCALL_DEFINE(sendfile)
{
	struct vfs_file *out = vfs_fd_get(t, (int)args->a[0], false);
	struct vfs_file *in = vfs_fd_get(t, (int)args->a[1], false);
	uint64_t offp = args->a[2];
	size_t count = args->a[3];
	long err = 0;
	if (!in || !out || !vfs_file_readable(in) || !vfs_file_writable(out))
		err = -EBADF;
	else if (!in->ops->read || !out->ops->write || (atomic_load(&out->flags) & O_APPEND))
		err = -EINVAL;
	else if (offp && !in->ops->llseek)
		err = -ESPIPE;
	if (!err) {
		if (offp) {
			off_t pos;
			err = task_copy_in(t, &pos, offp, sizeof(pos));
			if (!err && pos < 0)
				err = -EINVAL;
			if (!err) {
				pthread_mutex_lock(&out->pos_lock);
				err = copy_between(t, in, &pos, out, NULL, count);
				pthread_mutex_unlock(&out->pos_lock);
				if (err >= 0 && task_copy_out(t, offp, &pos, sizeof(pos)))
					err = -EFAULT;
			}
		} else {
			pthread_mutex_lock(&in->pos_lock);
			if (in != out)
				pthread_mutex_lock(&out->pos_lock);
			err = copy_between(t, in, NULL, out, NULL, count);
			if (in != out)
				pthread_mutex_unlock(&out->pos_lock);
			pthread_mutex_unlock(&in->pos_lock);
		}
	}
	if (in)
		vfs_file_put(in);
	if (out)
		vfs_file_put(out);
	return err;
}

SYSCALL_DEFINE(copy_file_range)
{
	struct vfs_file *in = vfs_fd_get(t, (int)args->a[0], false);
	struct vfs_file *out = vfs_fd_get(t, (int)args->a[2], false);
	uint64_t inp = args->a[1], outp = args->a[3];
	size_t count = args->a[4];
	long err = 0;
	off_t ipos = 0, opos = 0;
	if (args->a[5])
		err = -EINVAL;
	else if (!in || !out || !vfs_file_readable(in) || !vfs_file_writable(out))
		err = -EBADF;
	else if ((atomic_load(&out->flags) & O_APPEND))
		err = -EBADF;
	else if (!file_is_regular(in) || !file_is_regular(out)) {
		struct vfs_inode *a = vfs_file_inode(in), *b = vfs_file_inode(out);
		err = (a && S_ISDIR(a->mode)) || (b && S_ISDIR(b->mode)) ? -EISDIR : -EINVAL;
	}
	if (!err && inp && task_copy_in(t, &ipos, inp, sizeof(ipos)))
		err = -EFAULT;
	if (!err && outp && task_copy_in(t, &opos, outp, sizeof(opos)))
		err = -EFAULT;
	if (!err && (ipos < 0 || opos < 0))
		err = -EINVAL;
	if (!err && in->inode == out->inode) {
		off_t a = inp ? ipos : in->pos, b = outp ? opos : out->pos;
		if (a < b + (off_t)count && b < a + (off_t)count)
			err = -EINVAL;
	}
	if (!err) {
		if (!inp)
			pthread_mutex_lock(&in->pos_lock);
		if (!outp && in != out)
			pthread_mutex_lock(&out->pos_lock);
		err = copy_between(t, in, inp ? &ipos : NULL, out, outp ? &opos : NULL, count);
		if (!outp && in != out)
			pthread_mutex_unlock(&out->pos_lock);
		if (!inp)
			pthread_mutex_unlock(&in->pos_lock);
		if (err >= 0 && inp && task_copy_out(t, inp, &ipos, sizeof(ipos)))
			err = -EFAULT;
		if (err >= 0 && outp && task_copy_out(t, outp, &opos, sizeof(opos)))
			err = -EFAULT;
	}
	if (in)
		vfs_file_put(in);
	if (out)
		vfs_file_put(out);
	return err;
}

static long do_fsync(struct task *t, int fd, bool datasync)
{
	struct vfs_file *f = vfs_fd_get(t, fd, false);
	if (!f)
		return -EBADF;
	long r = f->ops->fsync ? f->ops->fsync(f, datasync) : -EINVAL;
	vfs_file_put(f);
	return r;
}

SYSCALL_DEFINE(fsync) { return do_fsync(t, (int)args->a[0], false); }
SYSCALL_DEFINE(fdatasync) { return do_fsync(t, (int)args->a[0], true); }

/* All file data lives in host memfds or host files: the host writes it
 * back on its own schedule; there is nothing of ours to flush. */
SYSCALL_DEFINE(sync) { return 0; }

SYSCALL_DEFINE(syncfs)
{
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	vfs_file_put(f);
	return 0;
}

SYSCALL_DEFINE(fallocate)
{
	int mode = (int)args->a[1];
	off_t off = (off_t)args->a[2], len = (off_t)args->a[3];
	if (off < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~(FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	long r = 0;
	struct vfs_inode *inode = vfs_file_inode(f);
	if (!vfs_file_writable(f))
		r = -EBADF;
	else if (!inode)
		r = -ESPIPE;
	else if (S_ISDIR(inode->mode))
		r = -EISDIR;
	else if (S_ISFIFO(inode->mode))
		r = -ESPIPE;
	else if (!S_ISREG(inode->mode))
		r = -ENODEV;
	else if (off > INT64_MAX - len)
		r = -EFBIG;
	if (!r && !(mode & FALLOC_FL_KEEP_SIZE)) {
		struct stat st;
		r = vfs_inode_getattr(inode, &st);
		/* Space is not reserved (memfds and host files grow on
		 * demand); extending the size is what is visible. */
		if (!r && off + len > st.st_size) {
			long allowed = fsize_limit(t, f, off, (size_t)len);
			if (allowed < 0)
				r = allowed;
			else if (allowed < len)
				r = -EFBIG;
			else
				r = vfs_ftruncate(t, f, off + len);
		}
	}
	vfs_file_put(f);
	return r;
}
