/* eventfd (Linux's fs/eventfd.c): the counter state machine and its file
 * operations. Reads return 8 bytes (the count, or 1 in semaphore mode) and
 * block at zero; writes add and block while the count would exceed
 * 0xfffffffffffffffe. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "fs/eventfd.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "sentry/task.h"

struct eventfd {
	pthread_mutex_t lock;
	struct waitq wq;
	uint64_t count;
	bool semaphore;
};

static const struct file_operations eventfd_ops;

struct efd_read_ctx {
	struct eventfd *e;
	uint64_t value;
};

static long efd_try_read(void *arg)
{
	struct efd_read_ctx *c = arg;
	struct eventfd *e = c->e;
	pthread_mutex_lock(&e->lock);
	if (e->count == 0) {
		pthread_mutex_unlock(&e->lock);
		return -EAGAIN;
	}
	c->value = e->semaphore ? 1 : e->count;
	e->count -= c->value;
	pthread_mutex_unlock(&e->lock);
	waitq_notify(&e->wq, POLLOUT | POLLWRNORM);
	return 8;
}

static ssize_t efd_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	if (n < 8)
		return -EINVAL;
	struct efd_read_ctx c = { f->private, 0 };
	long r = vfs_try_or_wait(t, f->flags & O_NONBLOCK, &c.e->wq, POLLIN, NULL, efd_try_read,
				 &c);
	if (r == 8)
		memcpy(buf, &c.value, 8);
	return r;
}

struct efd_write_ctx {
	struct eventfd *e;
	uint64_t value;
};

static long efd_try_write(void *arg)
{
	struct efd_write_ctx *c = arg;
	struct eventfd *e = c->e;
	pthread_mutex_lock(&e->lock);
	if (UINT64_MAX - e->count <= c->value) {
		pthread_mutex_unlock(&e->lock);
		return -EAGAIN;
	}
	e->count += c->value;
	pthread_mutex_unlock(&e->lock);
	waitq_notify(&e->wq, POLLIN | POLLRDNORM);
	return 8;
}

static ssize_t efd_write(struct vfs_file *f, struct task *t, const void *buf, size_t n, off_t *pos)
{
	if (n < 8)
		return -EINVAL;
	struct efd_write_ctx c = { f->private, 0 };
	memcpy(&c.value, buf, 8);
	if (c.value == UINT64_MAX)
		return -EINVAL;
	return vfs_try_or_wait(t, f->flags & O_NONBLOCK, &c.e->wq, POLLOUT, NULL, efd_try_write,
			       &c);
}

static uint32_t efd_poll(struct vfs_file *f)
{
	struct eventfd *e = f->private;
	uint32_t mask = 0;
	pthread_mutex_lock(&e->lock);
	uint64_t count = e->count;
	pthread_mutex_unlock(&e->lock);
	if (count > 0)
		mask |= POLLIN | POLLRDNORM;
	if (count == UINT64_MAX)
		mask |= POLLERR;
	if (UINT64_MAX - 1 > count)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static struct waitq *efd_poll_waitq(struct vfs_file *f)
{
	struct eventfd *e = f->private;
	return &e->wq;
}

static int efd_stat(struct vfs_file *f, struct stat *st)
{
	readiness_anon_stat(st);
	return 0;
}

static void efd_release(struct vfs_file *f)
{
	struct eventfd *e = f->private;
	waitq_destroy(&e->wq);
	pthread_mutex_destroy(&e->lock);
	free(e);
}

static const struct file_operations eventfd_ops = {
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.poll_waitq = efd_poll_waitq,
	.stat = efd_stat,
	.release = efd_release,
};

int eventfd_create(uint64_t initval, unsigned int flags, struct vfs_file **out)
{
	struct eventfd *e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	pthread_mutex_init(&e->lock, NULL);
	waitq_init(&e->wq);
	e->count = initval;
	e->semaphore = (flags & EVENTFD_SEMAPHORE) != 0;
	struct vfs_file *f = vfs_anon_file_new(&eventfd_ops, O_RDWR | (flags & O_NONBLOCK), e,
					       "anon_inode:[eventfd]");
	if (!f) {
		efd_release(&(struct vfs_file){ .private = e });
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

bool vfs_file_is_eventfd(const struct vfs_file *f)
{
	return f && f->ops == &eventfd_ops;
}

int eventfd_signal(struct vfs_file *f, uint64_t n)
{
	if (!vfs_file_is_eventfd(f))
		return -EINVAL;
	struct eventfd *e = f->private;
	pthread_mutex_lock(&e->lock);
	if (UINT64_MAX - e->count < n)
		n = UINT64_MAX - e->count;
	e->count += n;
	pthread_mutex_unlock(&e->lock);
	waitq_notify(&e->wq, POLLIN | POLLRDNORM);
	return 0;
}

uint64_t eventfd_count(struct vfs_file *f)
{
	struct eventfd *e = f->private;
	pthread_mutex_lock(&e->lock);
	uint64_t c = e->count;
	pthread_mutex_unlock(&e->lock);
	return c;
}
