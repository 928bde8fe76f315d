/* The sentry-wide timer service: one host thread that runs callbacks at
 * CLOCK_MONOTONIC deadlines. timerfd uses it so that a task blocked in
 * read/poll/epoll on a timer wakes when the timer expires; anything else in
 * the sentry that needs a wake-up at a deadline may use it too.
 *
 * A timer is embedded in its owner's object (no allocation). Callbacks run
 * on the service thread with no service lock held, so they may re-arm their
 * own timer; they must be short and must not block. */
#pragma once
#include <stdbool.h>
#include <time.h>
#include "sentry/list.h"

struct service_timer {
	struct list_node link;   /* on the service's sorted list while armed */
	struct timespec deadline; /* CLOCK_MONOTONIC */
	void (*fn)(void *arg);
	void *arg;
	bool armed;
};

void service_timer_init(struct service_timer *tm, void (*fn)(void *arg), void *arg);
/* (Re)arms tm to fire once at deadline (CLOCK_MONOTONIC). Starts the
 * service thread on first use. Returns 0 or -errno (thread creation). */
int timer_service_arm(struct service_timer *tm, const struct timespec *deadline);
/* Disarms tm. When it returns, tm's callback is not running and will not
 * run (unless re-armed), so the owner may free it — except when called from
 * tm's own callback, where it only disarms. */
void timer_service_cancel(struct service_timer *tm);
/* Disarms tm without waiting for a callback already running (safe to call
 * under a lock that the callback takes; the callback must then tolerate
 * running once after the disarm). */
void timer_service_disarm(struct service_timer *tm);
