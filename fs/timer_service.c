/* The sentry-wide timer service (see timer_service.h): a sorted list of
 * armed timers and one thread sleeping on a CLOCK_MONOTONIC condition
 * variable until the earliest deadline. */
#include <errno.h>
#include <pthread.h>
#include "fs/timer_service.h"

static pthread_mutex_t svc_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t svc_cond;      /* the thread's sleep; CLOCK_MONOTONIC */
static pthread_cond_t svc_done_cond; /* a callback finished */
static struct list_node svc_timers = LIST_INIT(svc_timers);
static bool svc_started;
static struct service_timer *svc_running;   /* whose callback runs now */
static pthread_t svc_thread;

static bool ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void *svc_main(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&svc_lock);
	for (;;) {
		if (list_empty(&svc_timers)) {
			pthread_cond_wait(&svc_cond, &svc_lock);
			continue;
		}
		struct service_timer *tm = container_of(svc_timers.next, struct service_timer, link);
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (ts_before(&now, &tm->deadline)) {
			pthread_cond_timedwait(&svc_cond, &svc_lock, &tm->deadline);
			continue;
		}
		list_remove(&tm->link);
		tm->armed = false;
		svc_running = tm;
		pthread_mutex_unlock(&svc_lock);
		tm->fn(tm->arg);
		pthread_mutex_lock(&svc_lock);
		svc_running = NULL;
		pthread_cond_broadcast(&svc_done_cond);
	}
	return NULL;
}

static int svc_start_locked(void)
{
	if (svc_started)
		return 0;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&svc_cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_cond_init(&svc_done_cond, NULL);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	int err = pthread_create(&svc_thread, &attr, svc_main, NULL);
	pthread_attr_destroy(&attr);
	if (err)
		return -err;
	svc_started = true;
	return 0;
}

void service_timer_init(struct service_timer *tm, void (*fn)(void *arg), void *arg)
{
	list_init(&tm->link);
	tm->fn = fn;
	tm->arg = arg;
	tm->armed = false;
	tm->deadline.tv_sec = tm->deadline.tv_nsec = 0;
}

int timer_service_arm(struct service_timer *tm, const struct timespec *deadline)
{
	pthread_mutex_lock(&svc_lock);
	int err = svc_start_locked();
	if (err) {
		pthread_mutex_unlock(&svc_lock);
		return err;
	}
	if (tm->armed)
		list_remove(&tm->link);
	tm->deadline = *deadline;
	tm->armed = true;
	struct list_node *pos = svc_timers.next;
	while (pos != &svc_timers &&
	       !ts_before(deadline, &container_of(pos, struct service_timer, link)->deadline))
		pos = pos->next;
	list_insert_between(&tm->link, pos->prev, pos);
	/* Wake the thread only if tm is now the earliest. */
	if (svc_timers.next == &tm->link)
		pthread_cond_signal(&svc_cond);
	pthread_mutex_unlock(&svc_lock);
	return 0;
}

void timer_service_cancel(struct service_timer *tm)
{
	pthread_mutex_lock(&svc_lock);
	if (tm->armed) {
		list_remove(&tm->link);
		tm->armed = false;
	}
	if (svc_started && !pthread_equal(pthread_self(), svc_thread)) {
		while (svc_running == tm)
			pthread_cond_wait(&svc_done_cond, &svc_lock);
	}
	pthread_mutex_unlock(&svc_lock);
}

void timer_service_disarm(struct service_timer *tm)
{
	pthread_mutex_lock(&svc_lock);
	if (tm->armed) {
		list_remove(&tm->link);
		tm->armed = false;
	}
	pthread_mutex_unlock(&svc_lock);
}
