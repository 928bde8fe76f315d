/* Named pipes (Linux's fifo_open in fs/pipe.c): a table of live FIFO pipes
 * keyed by the inode's fifo_key, and the open rules that make a reader wait
 * for a writer and a writer for a reader.
 *
 * A FIFO's pipe lives while any file has it open; when the last one closes
 * its buffered data is discarded and the entry leaves the table, as in
 * Linux. fifo_lock is taken before pipe.lock. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include "fs/file.h"
#include "fs/pipe.h"
#include "sentry/task.h"

static pthread_mutex_t fifo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct list_node fifo_table = LIST_INIT(fifo_table);

static struct pipe *fifo_lookup_locked(void *key)
{
	list_for_each(pos, &fifo_table) {
		struct pipe *p = container_of(pos, struct pipe, fifo_link);
		if (p->fifo_key == key)
			return p;
	}
	return NULL;
}

void fifo_release(struct pipe *p, bool reader, bool writer)
{
	pthread_mutex_lock(&fifo_lock);
	bool last = pipe_drop_file(p, reader, writer);
	if (last)
		list_remove(&p->fifo_link);
	pthread_mutex_unlock(&fifo_lock);
	if (last)
		pipe_free(p);
}

struct partner_wait {
	struct pipe *p;
	unsigned int *counter;
	unsigned int seen;
};

static long partner_arrived(void *arg)
{
	struct partner_wait *w = arg;
	pthread_mutex_lock(&w->p->lock);
	bool arrived = *w->counter != w->seen;
	pthread_mutex_unlock(&w->p->lock);
	return arrived ? 0 : -EAGAIN;
}

/* Linux's wait_for_partner: sleeps until *counter moves past its value now.
 * Called with p->lock held; returns with it held. */
static int wait_for_partner(struct task *t, struct pipe *p, unsigned int *counter)
{
	struct partner_wait w = { p, counter, *counter };
	pthread_mutex_unlock(&p->lock);
	long r = task_wait_until(t, &p->wq, POLLIN | POLLOUT, NULL, partner_arrived, &w);
	pthread_mutex_lock(&p->lock);
	return (int)r;
}

int fifo_open(struct task *t, void *fifo_key, unsigned int flags, struct vfs_file **out)
{
	if (flags & O_DIRECT)
		return -EINVAL;
	unsigned int acc = flags & O_ACCMODE;
	bool reader = acc == O_RDONLY || acc == O_RDWR;
	bool writer = acc == O_WRONLY || acc == O_RDWR;
	if (!reader && !writer)
		return -EINVAL;

	pthread_mutex_lock(&fifo_lock);
	struct pipe *p = fifo_lookup_locked(fifo_key);
	if (!p) {
		p = pipe_alloc(t);
		if (!p) {
			pthread_mutex_unlock(&fifo_lock);
			return -ENOMEM;
		}
		p->fifo_key = fifo_key;
		list_add_tail(&fifo_table, &p->fifo_link);
	}
	pthread_mutex_lock(&p->lock);
	/* Counting the file now keeps the pipe alive while we sleep below
	 * without the table lock. */
	p->files++;
	pthread_mutex_unlock(&fifo_lock);

	int err = 0;
	unsigned int seen = 0;
	bool wake = false;
	if (reader && writer) {
		p->readers++;
		p->writers++;
		p->r_counter++;
		p->w_counter++;
		wake = p->readers == 1 || p->writers == 1;
	} else if (reader) {
		p->r_counter++;
		wake = p->readers++ == 0;
		if (p->writers == 0) {
			if (flags & O_NONBLOCK) {
				/* No POLLHUP until a writer has come. */
				seen = p->w_counter;
			} else {
				if (wake) {
					pthread_mutex_unlock(&p->lock);
					waitq_notify(&p->wq, POLLIN | POLLOUT);
					pthread_mutex_lock(&p->lock);
					wake = false;
				}
				err = wait_for_partner(t, p, &p->w_counter);
				if (err)
					p->readers--;
			}
		}
	} else {
		if ((flags & O_NONBLOCK) && p->readers == 0) {
			err = -ENXIO;
		} else {
			p->w_counter++;
			wake = p->writers++ == 0;
			if (p->readers == 0) {
				if (wake) {
					pthread_mutex_unlock(&p->lock);
					waitq_notify(&p->wq, POLLIN | POLLOUT);
					pthread_mutex_lock(&p->lock);
					wake = false;
				}
				err = wait_for_partner(t, p, &p->r_counter);
				if (err)
					p->writers--;
			}
		}
	}
	pthread_mutex_unlock(&p->lock);
	if (wake)
		waitq_notify(&p->wq, POLLIN | POLLOUT);

	if (!err) {
		unsigned int fflags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
		*out = pipe_file_new(p, fflags, reader, writer, seen);
		if (*out)
			return 0;
		err = -ENOMEM;
		pthread_mutex_lock(&p->lock);
		if (reader)
			p->readers--;
		if (writer)
			p->writers--;
		pthread_mutex_unlock(&p->lock);
	}
	/* Wake whoever saw our count (a writer must now see no reader), then
	 * undo the file count, which may free the pipe. */
	waitq_notify(&p->wq, POLLIN | POLLOUT | POLLERR | POLLHUP);
	fifo_release(p, false, false);
	return err;
}
