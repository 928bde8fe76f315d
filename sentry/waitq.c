/* Wait queues: registration and notification (see waitq.h). */
#include "sentry/waitq.h"

void waitq_init(struct waitq *q)
{
	pthread_mutex_init(&q->lock, NULL);
	list_init(&q->waiters);
}

void waitq_destroy(struct waitq *q)
{
	pthread_mutex_destroy(&q->lock);
}

void waitq_add(struct waitq *q, struct waiter *w)
{
	pthread_mutex_lock(&q->lock);
	list_add_tail(&q->waiters, &w->link);
	pthread_mutex_unlock(&q->lock);
}

void waitq_remove(struct waitq *q, struct waiter *w)
{
	pthread_mutex_lock(&q->lock);
	list_remove(&w->link);
	pthread_mutex_unlock(&q->lock);
}

void waitq_notify(struct waitq *q, uint32_t events)
{
	pthread_mutex_lock(&q->lock);
	list_for_each_safe(pos, &q->waiters) {
		struct waiter *w = container_of(pos, struct waiter, link);
		if (w->mask & events)
			w->notify(w, events & w->mask);
	}
	pthread_mutex_unlock(&q->lock);
}
