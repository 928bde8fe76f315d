/* timerfd (Linux's fs/timerfd.c): timer state in CLOCK_MONOTONIC
 * nanoseconds, lazy expiration counting, and the file operations. A read
 * returns the number of expirations since the last read (8 bytes) and
 * blocks while there are none. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include "fs/file.h"
#include "fs/poll.h"
#include "fs/timer_service.h"
#include "fs/timerfd.h"
#include "sentry/task.h"

#define NSEC_PER_SEC 1000000000LL

struct timerfd {
	pthread_mutex_t lock;
	struct waitq wq;
	int clockid;
	bool armed;
	int64_t next_ns;     /* CLOCK_MONOTONIC of the next expiry, if armed */
	int64_t interval_ns; /* 0: one-shot */
	uint64_t ticks;      /* expirations not yet read */
	struct service_timer tm;
};

static const struct file_operations timerfd_ops;

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static int64_t ts_to_ns(const struct timespec *ts)
{
	/* Saturate: a deadline centuries away behaves as "never" anyway. */
	if (ts->tv_sec > INT64_MAX / NSEC_PER_SEC - 1)
		return INT64_MAX / 2;
	return (int64_t)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static struct timespec ns_to_ts(int64_t ns)
{
	struct timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
	return ts;
}

/* Counts the expirations up to now. Called with tfd->lock held. */
static void tfd_update(struct timerfd *tfd, int64_t now)
{
	if (!tfd->armed || now < tfd->next_ns)
		return;
	if (tfd->interval_ns) {
		uint64_t n = 1 + (uint64_t)(now - tfd->next_ns) / (uint64_t)tfd->interval_ns;
		tfd->ticks += n;
		tfd->next_ns += (int64_t)n * tfd->interval_ns;
	} else {
		tfd->ticks++;
		tfd->armed = false;
	}
}

/* Asks the timer service for a wake-up at the next expiry. tfd->lock held. */
static void tfd_arm_service(struct timerfd *tfd)
{
	if (!tfd->armed)
		return;
	struct timespec deadline = ns_to_ts(tfd->next_ns);
	timer_service_arm(&tfd->tm, &deadline);
}

static void tfd_expired(void *arg)
{
	struct timerfd *tfd = arg;
	pthread_mutex_lock(&tfd->lock);
	tfd_update(tfd, clock_ns(CLOCK_MONOTONIC));
	bool ready = tfd->ticks > 0;
	if (!ready)
		tfd_arm_service(tfd); /* re-set meanwhile: wait for the new expiry */
	pthread_mutex_unlock(&tfd->lock);
	if (ready)
		waitq_notify(&tfd->wq, POLLIN | POLLRDNORM);
}

struct tfd_read_ctx {
	struct timerfd *tfd;
	uint64_t value;
};

static long tfd_try_read(void *arg)
{
	struct tfd_read_ctx *c = arg;
	struct timerfd *tfd = c->tfd;
	pthread_mutex_lock(&tfd->lock);
	tfd_update(tfd, clock_ns(CLOCK_MONOTONIC));
	if (tfd->ticks == 0) {
		pthread_mutex_unlock(&tfd->lock);
		return -EAGAIN;
	}
	c->value = tfd->ticks;
	tfd->ticks = 0;
	/* The service is idle after an expiry until the ticks are read
	 * (Linux restarts its hrtimer on read the same way). */
	tfd_arm_service(tfd);
	pthread_mutex_unlock(&tfd->lock);
	return 8;
}

static ssize_t tfd_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	if (n < 8)
		return -EINVAL;
	struct tfd_read_ctx c = { f->private, 0 };
	long r = vfs_try_or_wait(t, f->flags & O_NONBLOCK, &c.tfd->wq, POLLIN, NULL, tfd_try_read,
				 &c);
	if (r == 8)
		memcpy(buf, &c.value, 8);
	return r;
}

static uint32_t tfd_poll(struct vfs_file *f)
{
	struct timerfd *tfd = f->private;
	pthread_mutex_lock(&tfd->lock);
	tfd_update(tfd, clock_ns(CLOCK_MONOTONIC));
	bool ready = tfd->ticks > 0;
	pthread_mutex_unlock(&tfd->lock);
	return ready ? POLLIN | POLLRDNORM : 0;
}

static struct waitq *tfd_poll_waitq(struct vfs_file *f)
{
	struct timerfd *tfd = f->private;
	return &tfd->wq;
}

static int tfd_stat(struct vfs_file *f, struct stat *st)
{
	readiness_anon_stat(st);
	return 0;
}

static void tfd_free(struct timerfd *tfd)
{
	timer_service_cancel(&tfd->tm);
	waitq_destroy(&tfd->wq);
	pthread_mutex_destroy(&tfd->lock);
	free(tfd);
}

static void tfd_release(struct vfs_file *f)
{
	tfd_free(f->private);
}

static const struct file_operations timerfd_ops = {
	.read = tfd_read,
	.poll = tfd_poll,
	.poll_waitq = tfd_poll_waitq,
	.stat = tfd_stat,
	.release = tfd_release,
};

static clockid_t base_clock(int clockid)
{
	switch (clockid) {
	case CLOCK_REALTIME_ALARM:
		return CLOCK_REALTIME;
	case CLOCK_BOOTTIME_ALARM:
		return CLOCK_BOOTTIME;
	default:
		return clockid;
	}
}

int timerfd_create_file(int clockid, unsigned int flags, struct vfs_file **out)
{
	struct timerfd *tfd = calloc(1, sizeof(*tfd));
	if (!tfd)
		return -ENOMEM;
	pthread_mutex_init(&tfd->lock, NULL);
	waitq_init(&tfd->wq);
	tfd->clockid = base_clock(clockid);
	service_timer_init(&tfd->tm, tfd_expired, tfd);
	struct vfs_file *f = vfs_anon_file_new(&timerfd_ops, O_RDWR | (flags & O_NONBLOCK), tfd,
					       "anon_inode:[timerfd]");
	if (!f) {
		tfd_free(tfd);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

bool vfs_file_is_timerfd(const struct vfs_file *f)
{
	return f && f->ops == &timerfd_ops;
}

/* The current setting as timerfd_gettime reports it. tfd->lock held. */
static void tfd_get_locked(struct timerfd *tfd, struct itimerspec *cur)
{
	int64_t now = clock_ns(CLOCK_MONOTONIC);
	tfd_update(tfd, now);
	cur->it_interval = ns_to_ts(tfd->interval_ns);
	cur->it_value = ns_to_ts(tfd->armed ? tfd->next_ns - now : 0);
}

int timerfd_gettime_file(struct vfs_file *f, struct itimerspec *cur)
{
	if (!vfs_file_is_timerfd(f))
		return -EINVAL;
	struct timerfd *tfd = f->private;
	pthread_mutex_lock(&tfd->lock);
	tfd_get_locked(tfd, cur);
	pthread_mutex_unlock(&tfd->lock);
	return 0;
}

int timerfd_settime_file(struct vfs_file *f, int flags, const struct itimerspec *new_value,
			 struct itimerspec *old_value)
{
	if (!vfs_file_is_timerfd(f))
		return -EINVAL;
	struct timerfd *tfd = f->private;
	pthread_mutex_lock(&tfd->lock);
	if (old_value)
		tfd_get_locked(tfd, old_value);
	/* Not cancel: the callback takes tfd->lock, and tolerates a stale run. */
	timer_service_disarm(&tfd->tm);
	tfd->ticks = 0;
	tfd->interval_ns = ts_to_ns(&new_value->it_interval);
	tfd->armed = new_value->it_value.tv_sec != 0 || new_value->it_value.tv_nsec != 0;
	if (tfd->armed) {
		int64_t value = ts_to_ns(&new_value->it_value);
		int64_t mono = clock_ns(CLOCK_MONOTONIC);
		if (flags & TFD_TIMER_ABSTIME)
			tfd->next_ns = value - clock_ns(tfd->clockid) + mono;
		else
			tfd->next_ns = mono + value;
		tfd_arm_service(tfd);
	}
	pthread_mutex_unlock(&tfd->lock);
	return 0;
}
