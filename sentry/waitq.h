/* Wait queues: how a blocking operation sleeps until an object becomes ready.
 *
 * An object that can become readable/writable (a pipe, a socket, an eventfd,
 * a child process) owns a struct waitq. A waiter registers an event mask
 * (poll bits: POLLIN, POLLOUT, ...) and a callback; waitq_notify() calls the
 * callback of every waiter whose mask intersects the events. Tasks blocking in
 * a syscall, poll/select and epoll all hook in through this one mechanism.
 *
 * Lock order: waitq.lock is taken before anything a notify callback takes
 * (a task's block lock, an epoll instance's ready-list lock). A callback must
 * not call back into the same waitq. */
#pragma once
#include <pthread.h>
#include <stdint.h>
#include "sentry/list.h"

struct waiter;
typedef void (*waiter_notify_fn)(struct waiter *w, uint32_t events);

struct waiter {
	struct list_node link;
	uint32_t mask;
	waiter_notify_fn notify;
	void *owner; /* the callback's context (a task, an epoll item) */
};

struct waitq {
	pthread_mutex_t lock;
	struct list_node waiters;
};

void waitq_init(struct waitq *q);
void waitq_destroy(struct waitq *q);
void waitq_add(struct waitq *q, struct waiter *w);
void waitq_remove(struct waitq *q, struct waiter *w);
/* Wakes every waiter interested in any of events. */
void waitq_notify(struct waitq *q, uint32_t events);
