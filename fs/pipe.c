/* Pipes (Linux's fs/pipe.c): the page-slot ring, the read/write/poll/ioctl/
 * stat/release operations shared by pipe(2) ends and FIFOs, pipe creation
 * and F_GETPIPE_SZ/F_SETPIPE_SZ. See pipe.h for the model. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include "fs/file.h"
#include "fs/pipe.h"
#include "sentry/task.h"

unsigned int pipe_max_size = 1048576;

/* pipefs's device number as Linux's fstat shows it for pipes. */
#define PIPEFS_DEV makedev(0, 12)

static const struct file_operations pipe_ops;

static struct timespec realtime_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts;
}

struct pipe *pipe_alloc(struct task *t)
{
	struct pipe *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->slots = calloc(PIPE_DEF_SLOTS, sizeof(*p->slots));
	if (!p->slots) {
		free(p);
		return NULL;
	}
	p->ring_size = PIPE_DEF_SLOTS;
	pthread_mutex_init(&p->lock, NULL);
	waitq_init(&p->wq);
	list_init(&p->fifo_link);
	p->ino = vfs_anon_ino();
	if (t && t->tg) {
		p->uid = t->tg->cred.fsuid;
		p->gid = t->tg->cred.fsgid;
	}
	p->atime = p->mtime = p->ctime = realtime_now();
	return p;
}

void pipe_free(struct pipe *p)
{
	for (unsigned int i = p->tail; i != p->head; i++)
		free(pipe_slot_at(p, i)->page);
	free(p->slots);
	free(p->spare_page);
	waitq_destroy(&p->wq);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

static char *pipe_get_page(struct pipe *p)
{
	char *page = p->spare_page;
	if (page) {
		p->spare_page = NULL;
		return page;
	}
	return malloc(PIPE_PAGE_SIZE);
}

void pipe_put_page(struct pipe *p, char *page)
{
	if (!p->spare_page)
		p->spare_page = page;
	else
		free(page);
}

unsigned int pipe_bytes_queued(struct pipe *p)
{
	unsigned int n = 0;
	pthread_mutex_lock(&p->lock);
	for (unsigned int i = p->tail; i != p->head; i++)
		n += pipe_slot_at(p, i)->len;
	pthread_mutex_unlock(&p->lock);
	return n;
}

/* ---- Read. */

struct pipe_read_ctx {
	struct pipe *p;
	char *buf;
	size_t n;
};

/* One attempt: the bytes read, 0 at EOF, -EAGAIN if the caller must wait. */
static long pipe_try_read(void *arg)
{
	struct pipe_read_ctx *c = arg;
	struct pipe *p = c->p;
	size_t done = 0;
	bool freed = false;

	pthread_mutex_lock(&p->lock);
	while (!pipe_empty(p) && done < c->n) {
		struct pipe_slot *s = pipe_slot_at(p, p->tail);
		size_t chars = s->len < c->n - done ? s->len : c->n - done;
		memcpy(c->buf + done, s->page + s->offset, chars);
		done += chars;
		s->offset += chars;
		s->len -= chars;
		bool stop = false;
		if (s->packet) {
			/* A packet is consumed whole by one read. */
			s->len = 0;
			stop = true;
		}
		if (s->len == 0) {
			pipe_put_page(p, s->page);
			s->page = NULL;
			p->tail++;
			freed = true;
		}
		if (stop)
			break;
	}
	long ret;
	if (done > 0) {
		p->atime = realtime_now();
		ret = (long)done;
	} else if (p->writers == 0) {
		ret = 0;
	} else {
		ret = -EAGAIN;
	}
	pthread_mutex_unlock(&p->lock);
	if (freed)
		waitq_notify(&p->wq, POLLOUT | POLLWRNORM);
	return ret;
}

static ssize_t pipe_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	struct pipe_file *pf = f->private;
	if (!pf->reader)
		return -EBADF;
	if (n == 0)
		return 0;
	struct pipe_read_ctx c = { pf->pipe, buf, n };
	return vfs_try_or_wait(t, f->flags & O_NONBLOCK, &pf->pipe->wq, POLLIN | POLLHUP, NULL,
			       pipe_try_read, &c);
}

/* ---- Write. */

struct pipe_write_ctx {
	struct pipe *p;
	const char *buf;
	size_t n, done;
	bool packet;
	bool merge_tried;
};

/* One attempt: n when everything is written, -EPIPE when there is no reader,
 * -EAGAIN when the caller must wait for room (c->done says how far). */
static long pipe_try_write(void *arg)
{
	struct pipe_write_ctx *c = arg;
	struct pipe *p = c->p;
	size_t before = c->done;
	long ret = -EAGAIN;

	pthread_mutex_lock(&p->lock);
	if (p->readers == 0) {
		ret = -EPIPE;
		goto out;
	}
	if (!c->merge_tried) {
		/* Linux merges the part that is not a whole page into the
		 * last buffer first, if it fits there entirely. */
		c->merge_tried = true;
		size_t chars = c->n & (PIPE_PAGE_SIZE - 1);
		if (chars && !pipe_empty(p)) {
			struct pipe_slot *s = pipe_slot_at(p, p->head - 1);
			if (!s->packet && !c->packet && s->offset + s->len + chars <= PIPE_PAGE_SIZE) {
				memcpy(s->page + s->offset + s->len, c->buf, chars);
				s->len += chars;
				c->done += chars;
			}
		}
	}
	while (c->done < c->n) {
		if (p->readers == 0) {
			ret = -EPIPE;
			goto out;
		}
		if (pipe_full(p))
			goto out;
		char *page = pipe_get_page(p);
		if (!page) {
			ret = -ENOMEM;
			goto out;
		}
		size_t chars = c->n - c->done;
		if (chars > PIPE_PAGE_SIZE)
			chars = PIPE_PAGE_SIZE;
		memcpy(page, c->buf + c->done, chars);
		struct pipe_slot *s = pipe_slot_at(p, p->head);
		s->page = page;
		s->offset = 0;
		s->len = (uint32_t)chars;
		s->packet = c->packet;
		p->head++;
		c->done += chars;
	}
	ret = (long)c->n;
out:
	if (c->done > before)
		p->mtime = p->ctime = realtime_now();
	pthread_mutex_unlock(&p->lock);
	if (c->done > before)
		waitq_notify(&p->wq, POLLIN | POLLRDNORM);
	return ret;
}

static ssize_t pipe_write(struct vfs_file *f, struct task *t, const void *buf, size_t n, off_t *pos)
{
	struct pipe_file *pf = f->private;
	if (!pf->writer)
		return -EBADF;
	if (n == 0)
		return 0;
	struct pipe_write_ctx c = { pf->pipe, buf, n, 0, (f->flags & O_DIRECT) != 0, false };
	long r = vfs_try_or_wait(t, f->flags & O_NONBLOCK, &pf->pipe->wq, POLLOUT | POLLERR, NULL,
				 pipe_try_write, &c);
	if (r == -EPIPE && t)
		task_send_signal(t, SIGPIPE, NULL);
	if (r < 0 && c.done > 0)
		return (ssize_t)c.done;
	return r;
}

/* ---- Readiness, ioctl, stat. */

static uint32_t pipe_poll(struct vfs_file *f)
{
	struct pipe_file *pf = f->private;
	struct pipe *p = pf->pipe;
	uint32_t mask = 0;
	pthread_mutex_lock(&p->lock);
	if (pf->reader) {
		if (!pipe_empty(p))
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0 && pf->w_counter_seen != p->w_counter)
			mask |= POLLHUP;
	}
	if (pf->writer) {
		if (!pipe_full(p))
			mask |= POLLOUT | POLLWRNORM;
		/* Linux reports POLLERR to writers of a readerless pipe. */
		if (p->readers == 0)
			mask |= POLLERR;
	}
	pthread_mutex_unlock(&p->lock);
	return mask;
}

static struct waitq *pipe_poll_waitq(struct vfs_file *f)
{
	struct pipe_file *pf = f->private;
	return &pf->pipe->wq;
}

static long pipe_ioctl(struct vfs_file *f, struct task *t, unsigned long cmd, uint64_t arg)
{
	struct pipe_file *pf = f->private;
	if (cmd != FIONREAD)
		return -ENOTTY;
	int count = (int)pipe_bytes_queued(pf->pipe);
	return task_copy_out(t, arg, &count, sizeof(count));
}

static int pipe_stat(struct vfs_file *f, struct stat *st)
{
	struct pipe_file *pf = f->private;
	struct pipe *p = pf->pipe;
	memset(st, 0, sizeof(*st));
	pthread_mutex_lock(&p->lock);
	st->st_dev = PIPEFS_DEV;
	st->st_ino = p->ino;
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_uid = p->uid;
	st->st_gid = p->gid;
	st->st_blksize = PIPE_PAGE_SIZE;
	st->st_atim = p->atime;
	st->st_mtim = p->mtime;
	st->st_ctim = p->ctime;
	pthread_mutex_unlock(&p->lock);
	return 0;
}

/* ---- Lifetime. */

bool pipe_drop_file(struct pipe *p, bool reader, bool writer)
{
	uint32_t wake = 0;
	pthread_mutex_lock(&p->lock);
	if (reader && --p->readers == 0)
		wake |= POLLOUT | POLLWRNORM | POLLERR;
	if (writer && --p->writers == 0)
		wake |= POLLIN | POLLRDNORM | POLLHUP;
	bool last = --p->files == 0;
	pthread_mutex_unlock(&p->lock);
	if (wake && !last)
		waitq_notify(&p->wq, wake);
	return last;
}

static void pipe_release(struct vfs_file *f)
{
	struct pipe_file *pf = f->private;
	struct pipe *p = pf->pipe;
	bool reader = pf->reader, writer = pf->writer;
	free(pf);
	f->private = NULL;
	if (p->fifo_key)
		fifo_release(p, reader, writer);
	else if (pipe_drop_file(p, reader, writer))
		pipe_free(p);
}

static const struct file_operations pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.poll_waitq = pipe_poll_waitq,
	.ioctl = pipe_ioctl,
	.stat = pipe_stat,
	.release = pipe_release,
};

bool vfs_file_is_pipe(const struct vfs_file *f)
{
	return f && f->ops == &pipe_ops;
}

struct vfs_file *pipe_file_new(struct pipe *p, unsigned int flags, bool reader,
			       bool writer, unsigned int w_counter_seen)
{
	struct pipe_file *pf = malloc(sizeof(*pf));
	if (!pf)
		return NULL;
	pf->pipe = p;
	pf->reader = reader;
	pf->writer = writer;
	pf->w_counter_seen = w_counter_seen;
	char name[32];
	snprintf(name, sizeof(name), "pipe:[%llu]", (unsigned long long)p->ino);
	struct vfs_file *f = vfs_anon_file_new(&pipe_ops, flags, pf, name);
	if (!f)
		free(pf);
	return f;
}

int pipe_create(struct task *t, unsigned int flags, struct vfs_file **rd, struct vfs_file **wr)
{
	struct pipe *p = pipe_alloc(t);
	if (!p)
		return -ENOMEM;
	unsigned int status = flags & (O_NONBLOCK | O_DIRECT);
	/* A pipe starts with one reader and one writer; the w_counter of 1
	 * that a reader has not "seen" makes POLLHUP appear once the writer
	 * goes, as in Linux. */
	p->readers = p->writers = 1;
	p->r_counter = p->w_counter = 1;
	p->files = 2;
	struct vfs_file *r = pipe_file_new(p, O_RDONLY | status, true, false, 0);
	if (!r) {
		pipe_free(p);
		return -ENOMEM;
	}
	struct vfs_file *w = pipe_file_new(p, O_WRONLY | status, false, true, 0);
	if (!w) {
		/* Releasing r drops one file; the pipe survives for w's count. */
		p->writers = 0;
		p->files = 1;
		vfs_file_put(r);
		return -ENOMEM;
	}
	*rd = r;
	*wr = w;
	return 0;
}

/* ---- F_GETPIPE_SZ / F_SETPIPE_SZ. */

/* Linux's round_pipe_size: at least a page, a power of two, at most 2^31
 * (0 means too large). */
static unsigned int round_pipe_size(unsigned int size)
{
	if (size > (1u << 31))
		return 0;
	if (size < PIPE_PAGE_SIZE)
		return PIPE_PAGE_SIZE;
	unsigned int r = PIPE_PAGE_SIZE;
	while (r < size)
		r <<= 1;
	return r;
}

static bool current_privileged(void)
{
	struct task *t = task_current();
	return t && t->tg && cred_is_privileged(&t->tg->cred);
}

static long pipe_set_size(struct pipe *p, unsigned int arg)
{
	unsigned int size = round_pipe_size(arg);
	unsigned int nr_slots = size / PIPE_PAGE_SIZE;
	if (nr_slots == 0)
		return -EINVAL;
	pthread_mutex_lock(&p->lock);
	if (nr_slots > p->ring_size && size > pipe_max_size && !current_privileged()) {
		pthread_mutex_unlock(&p->lock);
		return -EPERM;
	}
	unsigned int occ = pipe_occupancy(p);
	if (nr_slots < occ) {
		pthread_mutex_unlock(&p->lock);
		return -EBUSY;
	}
	struct pipe_slot *slots = calloc(nr_slots, sizeof(*slots));
	if (!slots) {
		pthread_mutex_unlock(&p->lock);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < occ; i++)
		slots[i] = *pipe_slot_at(p, p->tail + i);
	free(p->slots);
	p->slots = slots;
	p->ring_size = nr_slots;
	p->tail = 0;
	p->head = occ;
	pthread_mutex_unlock(&p->lock);
	waitq_notify(&p->wq, POLLOUT | POLLWRNORM);
	return (long)nr_slots * PIPE_PAGE_SIZE;
}

long pipe_fcntl(struct vfs_file *f, int cmd, unsigned long arg)
{
	if (!vfs_file_is_pipe(f))
		return -EBADF;
	struct pipe *p = ((struct pipe_file *)f->private)->pipe;
	switch (cmd) {
	case F_SETPIPE_SZ:
		/* fcntl passes the argument as an int. */
		return pipe_set_size(p, (unsigned int)arg);
	case F_GETPIPE_SZ: {
		pthread_mutex_lock(&p->lock);
		long size = (long)p->ring_size * PIPE_PAGE_SIZE;
		pthread_mutex_unlock(&p->lock);
		return size;
	}
	default:
		return -EINVAL;
	}
}
