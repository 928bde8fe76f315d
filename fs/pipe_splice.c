/* The pipe side of splice, tee and vmsplice (Linux's fs/splice.c works on
 * pipe buffers directly; so do these): waiting for data or room, and
 * reading queued bytes in two steps, peek then consume, so that a
 * transfer consumes only what its destination accepted.
 *
 * Between a peek and its consume the pipe is unlocked (the destination's
 * write may block). Linux holds the pipe's mutex across the whole splice;
 * here a second reader of the same pipe racing a splice could see the same
 * bytes. Programs do not share one pipe between a splice and a reader. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <string.h>
#include "fs/file.h"
#include "fs/pipe.h"
#include "sentry/task.h"

static struct pipe *P(struct vfs_file *f)
{
	return ((struct pipe_file *)f->private)->pipe;
}

static long try_data(void *arg)
{
	struct pipe *p = arg;
	pthread_mutex_lock(&p->lock);
	long r = !pipe_empty(p) ? 1 : p->writers == 0 ? 0 : -EAGAIN;
	pthread_mutex_unlock(&p->lock);
	return r;
}

long pipe_wait_data(struct vfs_file *f, struct task *t, bool nonblock)
{
	struct pipe *p = P(f);
	return vfs_try_or_wait(t, nonblock, &p->wq, POLLIN | POLLHUP, NULL, try_data, p);
}

static long try_space(void *arg)
{
	struct pipe *p = arg;
	pthread_mutex_lock(&p->lock);
	long r;
	if (p->readers == 0)
		r = -EPIPE;
	else if (pipe_full(p))
		r = -EAGAIN;
	else
		r = (long)(p->ring_size - pipe_occupancy(p)) * PIPE_PAGE_SIZE;
	pthread_mutex_unlock(&p->lock);
	return r;
}

long pipe_wait_space(struct vfs_file *f, struct task *t, bool nonblock)
{
	struct pipe *p = P(f);
	return vfs_try_or_wait(t, nonblock, &p->wq, POLLOUT | POLLERR, NULL, try_space, p);
}

size_t pipe_peek(struct vfs_file *f, void *buf, size_t n)
{
	struct pipe *p = P(f);
	size_t done = 0;
	pthread_mutex_lock(&p->lock);
	for (unsigned int i = p->tail; i != p->head && done < n; i++) {
		struct pipe_slot *s = pipe_slot_at(p, i);
		size_t k = s->len < n - done ? s->len : n - done;
		memcpy((char *)buf + done, s->page + s->offset, k);
		done += k;
		if (s->packet)
			break;
	}
	pthread_mutex_unlock(&p->lock);
	return done;
}

void pipe_consume(struct vfs_file *f, size_t n)
{
	struct pipe *p = P(f);
	bool freed = false;
	pthread_mutex_lock(&p->lock);
	while (n && !pipe_empty(p)) {
		struct pipe_slot *s = pipe_slot_at(p, p->tail);
		size_t k = s->len < n ? s->len : n;
		s->offset += (uint32_t)k;
		s->len -= (uint32_t)k;
		n -= k;
		if (s->packet)
			s->len = 0; /* a packet goes whole, as with read */
		if (s->len == 0) {
			pipe_put_page(p, s->page);
			s->page = NULL;
			p->tail++;
			freed = true;
		}
	}
	clock_gettime(CLOCK_REALTIME, &p->atime);
	pthread_mutex_unlock(&p->lock);
	if (freed)
		waitq_notify(&p->wq, POLLOUT | POLLWRNORM);
}
