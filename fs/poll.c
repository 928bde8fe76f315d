/* Shared readiness helpers (see poll.h): default poll masks, the multi-waitq
 * wait set used by poll/select, and deadline arithmetic. */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "fs/file.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "sentry/kernel.h"
#include "sentry/task.h"

uint32_t vfs_poll(struct vfs_file *f)
{
	if (!f->ops->poll)
		return POLL_DEFAULT_MASK;
	return f->ops->poll(f);
}

struct waitq *vfs_poll_waitq(struct vfs_file *f)
{
	return f->ops->poll_waitq ? f->ops->poll_waitq(f) : NULL;
}

bool vfs_file_can_poll(struct vfs_file *f)
{
	return f->ops->poll != NULL;
}

void poll_wait_set_init(struct poll_wait_set *s, struct task *t)
{
	s->t = t;
	s->entries = NULL;
	s->n = s->cap = 0;
}

int poll_wait_set_add(struct poll_wait_set *s, struct waitq *q, uint32_t mask)
{
	if (!q)
		return 0;
	if (s->n == s->cap) {
		/* The waitq lists point into the array: unregister, move,
		 * re-register. A wake-up lost in between is harmless because
		 * callers recheck readiness after registering. */
		size_t cap = s->cap ? s->cap * 2 : 16;
		if (s->n) {
			for (size_t i = 0; i < s->n; i++)
				waitq_remove(s->entries[i].q, &s->entries[i].w);
		}
		struct poll_wait_entry *e = realloc(s->entries, cap * sizeof(*e));
		if (!e) {
			for (size_t i = 0; i < s->n; i++)
				waitq_add(s->entries[i].q, &s->entries[i].w);
			return -ENOMEM;
		}
		s->entries = e;
		s->cap = cap;
		for (size_t i = 0; i < s->n; i++)
			waitq_add(s->entries[i].q, &s->entries[i].w);
	}
	struct poll_wait_entry *e = &s->entries[s->n++];
	e->q = q;
	task_waiter_init(s->t, &e->w, mask);
	waitq_add(q, &e->w);
	return 0;
}

void poll_wait_set_destroy(struct poll_wait_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		waitq_remove(s->entries[i].q, &s->entries[i].w);
	free(s->entries);
	s->entries = NULL;
	s->n = s->cap = 0;
}

struct timespec poll_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

static struct timespec ts_add(struct timespec a, long long sec, long nsec)
{
	a.tv_sec += sec;
	a.tv_nsec += nsec;
	if (a.tv_nsec >= 1000000000L) {
		a.tv_sec++;
		a.tv_nsec -= 1000000000L;
	}
	return a;
}

struct timespec poll_deadline_ms(long ms)
{
	return ts_add(poll_now(), ms / 1000, (ms % 1000) * 1000000L);
}

struct timespec poll_deadline_ts(const struct timespec *ts)
{
	/* Clamp absurd timeouts so the sum cannot overflow time_t. */
	long long sec = ts->tv_sec > (1LL << 40) ? (1LL << 40) : ts->tv_sec;
	return ts_add(poll_now(), sec, ts->tv_nsec);
}

struct timespec poll_remaining(const struct timespec *deadline)
{
	struct timespec now = poll_now(), r;
	r.tv_sec = deadline->tv_sec - now.tv_sec;
	r.tv_nsec = deadline->tv_nsec - now.tv_nsec;
	if (r.tv_nsec < 0) {
		r.tv_sec--;
		r.tv_nsec += 1000000000L;
	}
	if (r.tv_sec < 0)
		r.tv_sec = r.tv_nsec = 0;
	return r;
}

bool poll_timespec_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000L;
}

void readiness_anon_stat(struct stat *st)
{
	static _Atomic uint64_t ino;
	uint64_t i = ino;
	if (!i) {
		uint64_t fresh = vfs_anon_ino(), expected = 0;
		i = atomic_compare_exchange_strong(&ino, &expected, fresh) ? fresh : expected;
	}
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(0, 14); /* anon_inodefs */
	st->st_ino = i;
	st->st_mode = S_IRUSR | S_IWUSR;
	st->st_nlink = 1;
	st->st_blksize = 4096;
}

long readiness_fd_install(struct task *t, struct vfs_file *f, bool cloexec)
{
	int fd = fd_table_install(t->fdt, 0, f, cloexec, task_rlimit(t, RLIMIT_NOFILE));
	vfs_file_put(f);
	return fd;
}

int readiness_set_sigmask(struct task *t, uint64_t umask, uint64_t sigsetsize)
{
	if (!umask)
		return 0;
	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	uint64_t mask;
	int err = task_copy_in(t, &mask, umask, sizeof(mask));
	if (err)
		return err;
	mask &= ~(SIGSET_BIT(SIGKILL) | SIGSET_BIT(SIGSTOP));
	pthread_mutex_lock(&kernel.lock);
	t->saved_sigmask = t->sigmask;
	t->restore_sigmask = true;
	t->sigmask = mask;
	/* A signal the new mask unblocks must end the coming wait at once;
	 * task_block only watches interrupt_pending. */
	if ((t->pending.set | t->tg->shared_pending.set) & ~mask)
		task_interrupt(t);
	pthread_mutex_unlock(&kernel.lock);
	return 0;
}

void readiness_restore_sigmask(struct task *t, bool interrupted)
{
	if (interrupted)
		return;
	pthread_mutex_lock(&kernel.lock);
	if (t->restore_sigmask) {
		t->restore_sigmask = false;
		t->sigmask = t->saved_sigmask;
	}
	pthread_mutex_unlock(&kernel.lock);
}
