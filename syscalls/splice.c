/* splice, tee, vmsplice (Linux's fs/splice.c): moving data into, out of
 * and between pipes without the app copying it.
 *
 * The sentry has no page references to pass around, so data moves through
 * a sentry buffer; what is kept from Linux is every rule the app can see:
 * which end must be a pipe, the offset rules (ESPIPE, EINVAL), when a call
 * blocks (SPLICE_F_NONBLOCK or O_NONBLOCK on the pipe), that only what the
 * destination accepted leaves the source pipe, and SIGPIPE/EPIPE when a
 * destination pipe has no reader. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/uio.h>
#include "fs/pipe.h"
#include "syscalls/vfs_util.h"

#define SPLICE_FLAGS_ALL (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)
#define SPLICE_CHUNK ((size_t)1 << 16)
#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif

static struct pipe *pipe_of(struct vfs_file *f)
{
	return ((struct pipe_file *)f->private)->pipe;
}

static bool nonblocking(struct vfs_file *f)
{
	return atomic_load(&f->flags) & O_NONBLOCK;
}

/* Space in the destination pipe; a missing reader means SIGPIPE. */
static long wait_space(struct task *t, struct vfs_file *out, bool nonblock)
{
	long r = pipe_wait_space(out, t, nonblock);
	if (r == -EPIPE)
		task_send_signal(t, SIGPIPE, NULL);
	return r;
}

/* Waits for room in the pipe out and allocates a buffer for what fits of
 * len: the buffer (the caller frees it) with its size in *n, or NULL with
 * -errno in *err. */
static char *wait_space_buffer(struct task *t, struct vfs_file *out, size_t len, bool nonblock,
			       size_t *n, long *err)
{
	long space = wait_space(t, out, nonblock);
	if (space < 0) {
		*err = space;
		return NULL;
	}
	*n = len < (size_t)space ? len : (size_t)space;
	char *buf = malloc(*n);
	if (!buf)
		*err = -ENOMEM;
	return buf;
}

/* A write into the pipe out (a pipe has no position). */
static ssize_t pipe_write(struct task *t, struct vfs_file *out, const void *buf, size_t n)
{
	off_t unused = 0;
	return out->ops->write(out, t, buf, n, &unused);
}

/* Pipe to a file or socket: everything queued up to len, blocking only
 * for the first bytes (Linux's splice_from_pipe_next). */
static long pipe_to_file(struct task *t, struct vfs_file *in, struct vfs_file *out,
			 off_t *pos, size_t len, bool nonblock)
{
	char *buf = malloc(len < SPLICE_CHUNK ? len : SPLICE_CHUNK);
	if (!buf)
		return -ENOMEM;
	size_t done = 0;
	long err = 0;
	while (done < len) {
		long r = pipe_wait_data(in, t, nonblock || done > 0);
		if (r <= 0) {
			err = r == -EAGAIN && done ? 0 : r;
			break;
		}
		size_t want = len - done < SPLICE_CHUNK ? len - done : SPLICE_CHUNK;
		size_t n = pipe_peek(in, buf, want);
		ssize_t w = out->ops->write(out, t, buf, n, pos);
		if (w < 0) {
			err = w;
			break;
		}
		pipe_consume(in, (size_t)w);
		done += (size_t)w;
		if ((size_t)w < n)
			break;
	}
	free(buf);
	return syscall_partial_result(done, err);
}

/* A file or socket into a pipe: one read of what fits (Linux's
 * splice_file_to_pipe). */
static long file_to_pipe(struct task *t, struct vfs_file *in, off_t *pos,
			 struct vfs_file *out, size_t len, bool nonblock)
{
	size_t n;
	long err;
	char *buf = wait_space_buffer(t, out, len, nonblock, &n, &err);
	if (!buf)
		return err;
	ssize_t r = in->ops->read(in, t, buf, n, pos);
	if (r > 0)
		r = pipe_write(t, out, buf, (size_t)r);
	free(buf);
	return r;
}

/* Pipe to pipe, or (tee) a copy that leaves the source untouched. */
static long pipe_to_pipe(struct task *t, struct vfs_file *in, struct vfs_file *out,
			 size_t len, bool nonblock, bool consume)
{
	long r = pipe_wait_data(in, t, nonblock);
	if (r <= 0)
		return r;
	size_t n;
	char *buf = wait_space_buffer(t, out, len, nonblock, &n, &r);
	if (!buf)
		return r;
	n = pipe_peek(in, buf, n);
	ssize_t w = pipe_write(t, out, buf, n);
	if (w > 0 && consume)
		pipe_consume(in, (size_t)w);
	free(buf);
	return w;
}

/* The checks of a splice's non-pipe end (all -EINVAL in Linux): an
 * offset only for a seekable file and never negative, and the read or
 * write it needs (has_op) present. */
static bool splice_file_ok(const struct vfs_file *f, const off_t *off, bool has_op)
{
	return !(off && !f->ops->llseek) && has_op && !(off && *off < 0);
}

/* Linux's do_splice, after the fds and offsets are in hand. */
static long do_splice(struct task *t, struct vfs_file *in, off_t *off_in,
		      struct vfs_file *out, off_t *off_out, size_t len, unsigned flags)
{
	if (!vfs_file_readable(in) || !vfs_file_writable(out))
		return -EBADF;
	bool ipipe = vfs_file_is_pipe(in), opipe = vfs_file_is_pipe(out);
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	if (len > VFS_MAX_RW_COUNT)
		len = VFS_MAX_RW_COUNT;
	if (ipipe && opipe) {
		if (pipe_of(in) == pipe_of(out))
			return -EINVAL;
		return pipe_to_pipe(t, in, out, len, nonblock || nonblocking(in) || nonblocking(out),
				    true);
	}
	if (ipipe) {
		if ((atomic_load(&out->flags) & O_APPEND) ||
		    !splice_file_ok(out, off_out, out->ops->write != NULL))
			return -EINVAL;
		nonblock |= nonblocking(in);
		if (off_out)
			return pipe_to_file(t, in, out, off_out, len, nonblock);
		pthread_mutex_lock(&out->pos_lock);
		long r = pipe_to_file(t, in, out, &out->pos, len, nonblock);
		pthread_mutex_unlock(&out->pos_lock);
		return r;
	}
	if (opipe) {
		if (!splice_file_ok(in, off_in, in->ops->read != NULL))
			return -EINVAL;
		nonblock |= nonblocking(out);
		if (off_in || !in->ops->llseek) {
			off_t unused = 0;
			return file_to_pipe(t, in, off_in ? off_in : &unused, out, len, nonblock);
		}
		pthread_mutex_lock(&in->pos_lock);
		long r = file_to_pipe(t, in, &in->pos, out, len, nonblock);
		pthread_mutex_unlock(&in->pos_lock);
		return r;
	}
	return -EINVAL;
}

SYSCALL_DEFINE(splice)
{
	int fd_in = (int)args->a[0], fd_out = (int)args->a[2];
	uint64_t uoff_in = args->a[1], uoff_out = args->a[3];
	size_t len = args->a[4];
	unsigned flags = (unsigned)args->a[5];
	if (!len)
		return 0;
	if (flags & ~SPLICE_FLAGS_ALL)
		return -EINVAL;
	struct vfs_file *in = vfs_fd_get(t, fd_in, false);
	struct vfs_file *out = in ? vfs_fd_get(t, fd_out, false) : NULL;
	long r = 0;
	off_t off_in = 0, off_out = 0;
	if (!in || !out)
		r = -EBADF;
	else if ((uoff_in && vfs_file_is_pipe(in)) || (uoff_out && vfs_file_is_pipe(out)))
		r = -ESPIPE;
	else if (uoff_in && task_copy_in(t, &off_in, uoff_in, sizeof(off_in)))
		r = -EFAULT;
	else if (uoff_out && task_copy_in(t, &off_out, uoff_out, sizeof(off_out)))
		r = -EFAULT;
	if (!r) {
		r = do_splice(t, in, uoff_in ? &off_in : NULL, out, uoff_out ? &off_out : NULL,
			      len, flags);
		if (r >= 0 && uoff_in && task_copy_out(t, uoff_in, &off_in, sizeof(off_in)))
			r = -EFAULT;
		if (r >= 0 && uoff_out && task_copy_out(t, uoff_out, &off_out, sizeof(off_out)))
			r = -EFAULT;
	}
	if (in)
		vfs_file_put(in);
	if (out)
		vfs_file_put(out);
	return r;
}

SYSCALL_DEFINE(tee)
{
	size_t len = args->a[2];
	unsigned flags = (unsigned)args->a[3];
	if (flags & ~SPLICE_FLAGS_ALL)
		return -EINVAL;
	if (!len)
		return 0;
	struct vfs_file *in = vfs_fd_get(t, (int)args->a[0], false);
	struct vfs_file *out = in ? vfs_fd_get(t, (int)args->a[1], false) : NULL;
	long r;
	if (!in || !out)
		r = -EBADF;
	else if (!vfs_file_readable(in) || !vfs_file_writable(out))
		r = -EBADF;
	else if (!vfs_file_is_pipe(in) || !vfs_file_is_pipe(out) || pipe_of(in) == pipe_of(out))
		r = -EINVAL;
	else
		r = pipe_to_pipe(t, in, out, len < VFS_MAX_RW_COUNT ? len : VFS_MAX_RW_COUNT,
				 (flags & SPLICE_F_NONBLOCK) || nonblocking(in) || nonblocking(out),
				 false);
	if (in)
		vfs_file_put(in);
	if (out)
		vfs_file_put(out);
	return r;
}

/* vmsplice into a pipe: like writev, waiting for room until all is in
 * (Linux's vmsplice_to_pipe). */
static long vmsplice_in(struct task *t, struct vfs_file *f, const struct iovec *iov, int cnt,
			bool nonblock)
{
	char *buf = malloc(SPLICE_CHUNK);
	if (!buf)
		return -ENOMEM;
	size_t done = 0;
	long err = 0;
	for (int i = 0; i < cnt && !err; i++) {
		size_t off = 0;
		while (off < iov[i].iov_len) {
			long space = wait_space(t, f, nonblock);
			if (space < 0) {
				err = space;
				break;
			}
			size_t n = iov[i].iov_len - off;
			if (n > (size_t)space)
				n = (size_t)space;
			if (n > SPLICE_CHUNK)
				n = SPLICE_CHUNK;
			size_t got = task_copy_in_partial(t, buf, (uint64_t)(uintptr_t)iov[i].iov_base + off, n);
			ssize_t w = got ? pipe_write(t, f, buf, got) : -EFAULT;
			if (w < 0) {
				err = w;
				break;
			}
			done += (size_t)w;
			off += (size_t)w;
			if ((size_t)w < n) {
				err = -EFAULT;
				break;
			}
		}
	}
	free(buf);
	return syscall_partial_result(done, err);
}

/* vmsplice out of a pipe: like readv of what is queued. */
static long vmsplice_out(struct task *t, struct vfs_file *f, const struct iovec *iov, int cnt,
			 bool nonblock)
{
	long r = pipe_wait_data(f, t, nonblock);
	if (r <= 0)
		return r;
	char *buf = malloc(SPLICE_CHUNK);
	if (!buf)
		return -ENOMEM;
	size_t done = 0;
	long err = 0;
	for (int i = 0; i < cnt && !err; i++) {
		size_t n = iov[i].iov_len < SPLICE_CHUNK ? iov[i].iov_len : SPLICE_CHUNK;
		n = pipe_peek(f, buf, n);
		if (!n)
			break;
		size_t put = task_copy_out_partial(t, (uint64_t)(uintptr_t)iov[i].iov_base, buf, n);
		pipe_consume(f, put);
		done += put;
		if (put < n)
			err = -EFAULT;
		else if (n < iov[i].iov_len)
			break;
	}
	free(buf);
	return syscall_partial_result(done, err);
}

SYSCALL_DEFINE(vmsplice)
{
	uint64_t uiov = args->a[1];
	unsigned long cnt = args->a[2];
	unsigned flags = (unsigned)args->a[3];
	if (flags & ~SPLICE_FLAGS_ALL)
		return -EINVAL;
	struct vfs_file *f = vfs_fd_get(t, (int)args->a[0], false);
	if (!f)
		return -EBADF;
	long r = 0;
	bool to_pipe = vfs_file_writable(f);
	struct iovec *iov = NULL;
	if (!to_pipe && !vfs_file_readable(f))
		r = -EBADF;
	else if (cnt > UIO_MAXIOV)
		r = -EINVAL;
	else if (cnt && !(iov = malloc(cnt * sizeof(*iov))))
		r = -ENOMEM;
	else if (cnt && task_copy_in(t, iov, uiov, cnt * sizeof(*iov)))
		r = -EFAULT;
	size_t total = 0;
	for (unsigned long i = 0; !r && i < cnt; i++) {
		if ((ssize_t)iov[i].iov_len < 0 || total + iov[i].iov_len > (size_t)SSIZE_MAX)
			r = -EINVAL;
		else if (!task_access_ok((uint64_t)(uintptr_t)iov[i].iov_base, iov[i].iov_len))
			r = -EFAULT;
		total += iov[i].iov_len;
	}
	if (!r && total) {
		if (!vfs_file_is_pipe(f))
			r = -EBADF;
		else if (to_pipe)
			r = vmsplice_in(t, f, iov, (int)cnt, (flags & SPLICE_F_NONBLOCK) || nonblocking(f));
		else
			r = vmsplice_out(t, f, iov, (int)cnt, (flags & SPLICE_F_NONBLOCK) || nonblocking(f));
	}
	free(iov);
	vfs_file_put(f);
	return r;
}
