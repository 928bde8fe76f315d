/* epoll (Linux's fs/eventpoll.c): interest lists, the ready list fed by
 * waiter callbacks, epoll_ctl and epoll_wait, nesting and loop checks, and
 * the registry that drops a file's registrations when it is closed. See
 * epoll.h for the model and the lock order. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "fs/epoll.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "sentry/list.h"
#include "sentry/task.h"

#ifndef EPOLLEXCLUSIVE
#define EPOLLEXCLUSIVE (1u << 28)
#endif
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EPOLLEXCLUSIVE_OK_BITS \
	(EPOLLINOUT_BITS | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)
#define EPOLLINOUT_BITS (EPOLLIN | EPOLLOUT)
/* task_block's code for "a signal is pending" (syscalls/syscall.h). */
#ifndef ERESTARTSYS
#define ERESTARTSYS 512
#endif

struct eventpoll {
	pthread_mutex_t mtx;
	pthread_mutex_t rdlock;
	struct list_node items;   /* of epitem.ep_link */
	struct list_node rdlist;  /* of epitem.rdlink */
	struct list_node ovflist; /* of epitem.ovflink: events while draining */
	bool processing;          /* draining: callbacks go to ovflist */
	struct waitq wq;          /* epoll_wait sleepers and pollers of the fd */
};

struct epitem {
	struct eventpoll *ep;
	struct vfs_file *file; /* no reference: see epoll_file_closing */
	int fd;
	uint32_t events; /* interest plus EPOLLERR|EPOLLHUP and private bits */
	uint64_t data;
	struct waiter w;
	struct waitq *wq;
	struct list_node ep_link;
	struct list_node reg_link;
	struct list_node rdlink;
	struct list_node ovflink;
	bool on_rdlist; /* on rdlist, or on a drain's private list */
	bool on_ovf;
};

static const struct file_operations epoll_ops;

/* ---- The registry of items by watched file, under epoll_global_lock. */

#define EP_BUCKETS 1024
static pthread_mutex_t epoll_global_lock = PTHREAD_MUTEX_INITIALIZER;
static struct list_node ep_registry[EP_BUCKETS];
static bool ep_registry_ready;
static atomic_long ep_nr_items;

static struct list_node *ep_bucket(const struct vfs_file *f)
{
	if (!ep_registry_ready) {
		for (int i = 0; i < EP_BUCKETS; i++)
			list_init(&ep_registry[i]);
		ep_registry_ready = true;
	}
	uintptr_t h = (uintptr_t)f >> 4;
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return &ep_registry[(h >> 32) % EP_BUCKETS];
}

static struct epitem *ep_find(struct eventpoll *ep, struct vfs_file *f, int fd)
{
	struct list_node *b = ep_bucket(f);
	list_for_each(pos, b) {
		struct epitem *it = container_of(pos, struct epitem, reg_link);
		if (it->ep == ep && it->file == f && it->fd == fd)
			return it;
	}
	return NULL;
}

/* ---- Ready list. */

static void ep_item_notify(struct waiter *w, uint32_t events)
{
	struct epitem *it = w->owner;
	struct eventpoll *ep = it->ep;
	bool queued = false;
	pthread_mutex_lock(&ep->rdlock);
	if (it->events & ~EP_PRIVATE_BITS) {
		if (ep->processing) {
			if (!it->on_ovf) {
				list_add_tail(&ep->ovflist, &it->ovflink);
				it->on_ovf = true;
			}
		} else if (!it->on_rdlist) {
			list_add_tail(&ep->rdlist, &it->rdlink);
			it->on_rdlist = true;
		}
		queued = true;
	}
	pthread_mutex_unlock(&ep->rdlock);
	if (queued)
		waitq_notify(&ep->wq, POLLIN | POLLRDNORM);
}

/* Starts draining: moves the ready list to tx. ep->mtx held. */
static void ep_start_scan(struct eventpoll *ep, struct list_node *tx)
{
	list_init(tx);
	pthread_mutex_lock(&ep->rdlock);
	ep->processing = true;
	if (!list_empty(&ep->rdlist)) {
		/* Splice: tx takes over the whole chain. */
		tx->next = ep->rdlist.next;
		tx->prev = ep->rdlist.prev;
		tx->next->prev = tx;
		tx->prev->next = tx;
		list_init(&ep->rdlist);
	}
	pthread_mutex_unlock(&ep->rdlock);
}

/* Ends draining: what is left on tx goes back first, then requeue (the
 * level-triggered items just reported), then the items notified meanwhile.
 * Returns true if the ready list is not empty. ep->mtx held. */
static bool ep_done_scan(struct eventpoll *ep, struct list_node *tx, struct list_node *requeue)
{
	pthread_mutex_lock(&ep->rdlock);
	ep->processing = false;
	list_for_each_safe(pos, tx) {
		list_remove(pos);
		list_add_tail(&ep->rdlist, pos);
	}
	if (requeue) {
		list_for_each_safe(pos, requeue) {
			list_remove(pos);
			list_add_tail(&ep->rdlist, pos);
		}
	}
	list_for_each_safe(pos, &ep->ovflist) {
		struct epitem *it = container_of(pos, struct epitem, ovflink);
		list_remove(pos);
		it->on_ovf = false;
		if (!it->on_rdlist) {
			list_add_tail(&ep->rdlist, &it->rdlink);
			it->on_rdlist = true;
		}
	}
	bool ready = !list_empty(&ep->rdlist);
	pthread_mutex_unlock(&ep->rdlock);
	return ready;
}

static uint32_t ep_item_poll(struct epitem *it)
{
	return vfs_poll(it->file) & it->events & ~EP_PRIVATE_BITS;
}

/* Reports up to maxevents ready items into out. ep->mtx held. */
static int ep_send_events(struct eventpoll *ep, struct epoll_event *out, int maxevents,
			  bool *still_ready)
{
	struct list_node tx, requeue;
	list_init(&requeue);
	ep_start_scan(ep, &tx);
	int n = 0;
	while (!list_empty(&tx) && n < maxevents) {
		struct epitem *it = container_of(tx.next, struct epitem, rdlink);
		list_remove(&it->rdlink);
		it->on_rdlist = false;
		uint32_t revents = ep_item_poll(it);
		if (!revents)
			continue;
		out[n].events = revents;
		out[n].data.u64 = it->data;
		n++;
		if (it->events & EPOLLONESHOT) {
			pthread_mutex_lock(&ep->rdlock);
			it->events &= EP_PRIVATE_BITS;
			pthread_mutex_unlock(&ep->rdlock);
		} else if (!(it->events & EPOLLET)) {
			/* Level-triggered: look again next time. */
			list_add_tail(&requeue, &it->rdlink);
			it->on_rdlist = true;
		}
	}
	*still_ready = ep_done_scan(ep, &tx, &requeue);
	return n;
}

/* ---- The epoll file. */

static uint32_t epoll_poll(struct vfs_file *f)
{
	struct eventpoll *ep = f->private;
	struct list_node tx;
	uint32_t mask = 0;
	pthread_mutex_lock(&ep->mtx);
	ep_start_scan(ep, &tx);
	list_for_each_safe(pos, &tx) {
		struct epitem *it = container_of(pos, struct epitem, rdlink);
		if (ep_item_poll(it)) {
			mask = POLLIN | POLLRDNORM;
			break;
		}
		/* Notified but not ready for what it asks: drop it, as
		 * Linux's ep_read_events_proc does. */
		list_remove(&it->rdlink);
		it->on_rdlist = false;
	}
	ep_done_scan(ep, &tx, NULL);
	pthread_mutex_unlock(&ep->mtx);
	return mask;
}

static struct waitq *epoll_poll_waitq(struct vfs_file *f)
{
	struct eventpoll *ep = f->private;
	return &ep->wq;
}

static int epoll_stat(struct vfs_file *f, struct stat *st)
{
	readiness_anon_stat(st);
	return 0;
}

/* Unlinks and frees it. epoll_global_lock and it->ep->mtx held. */
static void ep_remove(struct epitem *it)
{
	struct eventpoll *ep = it->ep;
	if (it->wq)
		waitq_remove(it->wq, &it->w); /* after this no callback runs */
	pthread_mutex_lock(&ep->rdlock);
	if (it->on_rdlist)
		list_remove(&it->rdlink);
	if (it->on_ovf)
		list_remove(&it->ovflink);
	pthread_mutex_unlock(&ep->rdlock);
	list_remove(&it->ep_link);
	list_remove(&it->reg_link);
	atomic_fetch_sub(&ep_nr_items, 1);
	free(it);
}

static void epoll_release(struct vfs_file *f)
{
	struct eventpoll *ep = f->private;
	pthread_mutex_lock(&epoll_global_lock);
	pthread_mutex_lock(&ep->mtx);
	list_for_each_safe(pos, &ep->items)
		ep_remove(container_of(pos, struct epitem, ep_link));
	pthread_mutex_unlock(&ep->mtx);
	pthread_mutex_unlock(&epoll_global_lock);
	waitq_destroy(&ep->wq);
	pthread_mutex_destroy(&ep->rdlock);
	pthread_mutex_destroy(&ep->mtx);
	free(ep);
}

static const struct file_operations epoll_ops = {
	.poll = epoll_poll,
	.poll_waitq = epoll_poll_waitq,
	.stat = epoll_stat,
	.release = epoll_release,
};

bool vfs_file_is_epoll(const struct vfs_file *f)
{
	return f && f->ops == &epoll_ops;
}

int epoll_create_file(struct vfs_file **out)
{
	struct eventpoll *ep = calloc(1, sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	pthread_mutex_init(&ep->mtx, NULL);
	pthread_mutex_init(&ep->rdlock, NULL);
	list_init(&ep->items);
	list_init(&ep->rdlist);
	list_init(&ep->ovflist);
	waitq_init(&ep->wq);
	struct vfs_file *f = vfs_anon_file_new(&epoll_ops, O_RDWR, ep, "anon_inode:[eventpoll]");
	if (!f) {
		waitq_destroy(&ep->wq);
		free(ep);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

void epoll_file_closing(struct vfs_file *f)
{
	if (atomic_load(&ep_nr_items) == 0)
		return;
	pthread_mutex_lock(&epoll_global_lock);
	struct list_node *b = ep_bucket(f);
	list_for_each_safe(pos, b) {
		struct epitem *it = container_of(pos, struct epitem, reg_link);
		if (it->file != f)
			continue;
		struct eventpoll *ep = it->ep;
		pthread_mutex_lock(&ep->mtx);
		ep_remove(it);
		pthread_mutex_unlock(&ep->mtx);
	}
	pthread_mutex_unlock(&epoll_global_lock);
}

/* ---- epoll_ctl. */

/* True if adding target (an epoll file) under ep would close a cycle or
 * nest deeper than EPOLL_MAX_NESTS. epoll_global_lock held (it freezes
 * every interest list). */
static bool ep_loop_check(struct eventpoll *ep, struct eventpoll *target, int depth)
{
	if (target == ep || depth > EPOLL_MAX_NESTS)
		return true;
	list_for_each(pos, &target->items) {
		struct epitem *it = container_of(pos, struct epitem, ep_link);
		if (vfs_file_is_epoll(it->file) &&
		    ep_loop_check(ep, it->file->private, depth + 1))
			return true;
	}
	return false;
}

static void ep_queue_if_ready(struct eventpoll *ep, struct epitem *it, bool *wake)
{
	if (!ep_item_poll(it))
		return;
	pthread_mutex_lock(&ep->rdlock);
	if (!it->on_rdlist) {
		list_add_tail(&ep->rdlist, &it->rdlink);
		it->on_rdlist = true;
	}
	pthread_mutex_unlock(&ep->rdlock);
	*wake = true;
}

static void ep_set_waiter_mask(struct epitem *it)
{
	it->w.mask = it->events & ~EP_PRIVATE_BITS;
}

static int ep_insert(struct eventpoll *ep, struct vfs_file *tf, int fd,
		     const struct epoll_event *ev, bool *wake)
{
	struct epitem *it = calloc(1, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->ep = ep;
	it->file = tf;
	it->fd = fd;
	it->events = ev->events | EPOLLERR | EPOLLHUP;
	it->data = ev->data.u64;
	list_init(&it->rdlink);
	list_init(&it->ovflink);
	list_add_tail(&ep->items, &it->ep_link);
	list_add_tail(ep_bucket(tf), &it->reg_link);
	atomic_fetch_add(&ep_nr_items, 1);
	it->w.notify = ep_item_notify;
	it->w.owner = it;
	ep_set_waiter_mask(it);
	it->wq = vfs_poll_waitq(tf);
	if (it->wq)
		waitq_add(it->wq, &it->w);
	ep_queue_if_ready(ep, it, wake);
	return 0;
}

static void ep_modify(struct eventpoll *ep, struct epitem *it, const struct epoll_event *ev,
		      bool *wake)
{
	if (it->wq)
		waitq_remove(it->wq, &it->w);
	pthread_mutex_lock(&ep->rdlock);
	it->events = ev->events | EPOLLERR | EPOLLHUP;
	it->data = ev->data.u64;
	pthread_mutex_unlock(&ep->rdlock);
	ep_set_waiter_mask(it);
	if (it->wq)
		waitq_add(it->wq, &it->w);
	ep_queue_if_ready(ep, it, wake);
}

int epoll_ctl_file(struct vfs_file *epf, int op, int fd, struct vfs_file *tf,
		   const struct epoll_event *ev)
{
	if (!vfs_file_can_poll(tf))
		return -EPERM;
	if (epf == tf || !vfs_file_is_epoll(epf))
		return -EINVAL;
	bool has_event = op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD;
	if (has_event && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (vfs_file_is_epoll(tf) || (ev->events & ~(uint32_t)EPOLLEXCLUSIVE_OK_BITS))
			return -EINVAL;
	}
	struct eventpoll *ep = epf->private;
	bool wake = false;
	int err;
	pthread_mutex_lock(&epoll_global_lock);
	if (op == EPOLL_CTL_ADD && vfs_file_is_epoll(tf) &&
	    ep_loop_check(ep, tf->private, 1)) {
		pthread_mutex_unlock(&epoll_global_lock);
		return -ELOOP;
	}
	pthread_mutex_lock(&ep->mtx);
	struct epitem *it = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		err = it ? -EEXIST : ep_insert(ep, tf, fd, ev, &wake);
		break;
	case EPOLL_CTL_DEL:
		if (it) {
			ep_remove(it);
			err = 0;
		} else {
			err = -ENOENT;
		}
		break;
	case EPOLL_CTL_MOD:
		if (!it) {
			err = -ENOENT;
		} else if (it->events & EPOLLEXCLUSIVE) {
			err = -EINVAL;
		} else {
			ep_modify(ep, it, ev, &wake);
			err = 0;
		}
		break;
	default:
		err = -EINVAL;
	}
	pthread_mutex_unlock(&ep->mtx);
	pthread_mutex_unlock(&epoll_global_lock);
	if (wake)
		waitq_notify(&ep->wq, POLLIN | POLLRDNORM);
	return err;
}

/* ---- epoll_wait. */

struct ep_wait_ctx {
	struct eventpoll *ep;
	struct epoll_event *out;
	int maxevents;
};

static long ep_try_wait(void *arg)
{
	struct ep_wait_ctx *c = arg;
	bool still_ready;
	pthread_mutex_lock(&c->ep->mtx);
	int n = ep_send_events(c->ep, c->out, c->maxevents, &still_ready);
	pthread_mutex_unlock(&c->ep->mtx);
	/* Level-triggered items stay queued: let other sleepers (and an
	 * epoll watching this one) see them, as Linux does. */
	if (n > 0 && still_ready)
		waitq_notify(&c->ep->wq, POLLIN | POLLRDNORM);
	return n > 0 ? n : -EAGAIN;
}

int epoll_wait_file(struct vfs_file *epf, struct task *t, struct epoll_event *out,
		    int maxevents, const struct timespec *deadline, bool no_wait)
{
	if (!vfs_file_is_epoll(epf))
		return -EINVAL;
	struct ep_wait_ctx c = { epf->private, out, maxevents };
	long r = vfs_try_or_wait(t, no_wait, &c.ep->wq, POLLIN, deadline, ep_try_wait, &c);
	if (r == -EAGAIN || r == -ETIMEDOUT)
		return 0;
	if (r == -ERESTARTSYS)
		return -EINTR;
	return (int)r;
}
