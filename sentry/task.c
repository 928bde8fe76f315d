/* Tasks: the current-task pointer, app memory copies and the sleep/wake
 * handshake of blocking syscalls (see task.h). */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include "platform/platform.h"
#include "sentry/kernel.h"
#include "sentry/task.h"

static __thread struct task *current_task;

struct task *task_current(void)
{
	return current_task;
}

void task_set_current(struct task *t)
{
	current_task = t;
}

int task_copy_in(struct task *t, void *dst, uint64_t src, size_t n)
{
	if (n == 0)
		return 0;
	if (src + n < src)
		return -EFAULT;
	return plat_mem_read(t->plat, dst, src, n) == (ssize_t)n ? 0 : -EFAULT;
}

int task_copy_out(struct task *t, uint64_t dst, const void *src, size_t n)
{
	if (n == 0)
		return 0;
	if (dst + n < dst)
		return -EFAULT;
	return plat_mem_write(t->plat, dst, src, n) == (ssize_t)n ? 0 : -EFAULT;
}

size_t task_copy_in_partial(struct task *t, void *dst, uint64_t src, size_t n)
{
	ssize_t r = plat_mem_read(t->plat, dst, src, n);
	return r > 0 ? (size_t)r : 0;
}

size_t task_copy_out_partial(struct task *t, uint64_t dst, const void *src, size_t n)
{
	ssize_t r = plat_mem_write(t->plat, dst, src, n);
	return r > 0 ? (size_t)r : 0;
}

long task_copy_string_in(struct task *t, uint64_t src, char *dst, size_t size)
{
	size_t done = 0;
	while (done < size) {
		/* Never read across a page boundary in one go: the next page
		 * may be unmapped although the string ends before it. */
		uint64_t addr = src + done;
		size_t chunk = 4096 - (addr & 4095);
		if (chunk > size - done)
			chunk = size - done;
		ssize_t r = plat_mem_read(t->plat, dst + done, addr, chunk);
		if (r <= 0)
			return -EFAULT;
		char *nul = memchr(dst + done, 0, (size_t)r);
		if (nul)
			return (long)(nul - dst);
		done += (size_t)r;
	}
	return -ENAMETOOLONG;
}

static void task_waiter_notify(struct waiter *w, uint32_t events)
{
	struct task *t = w->owner;
	pthread_mutex_lock(&t->block_lock);
	__atomic_store_n(&t->woken, true, __ATOMIC_RELEASE);
	bool sleeping = t->blocking;
	/* Its app will run next: start waking the host thread now (t->plat
	 * stays while t sleeps and this holds block_lock). */
	if (sleeping && plat && plat->wake_soon && t->plat)
		plat->wake_soon(t->plat);
	pthread_mutex_unlock(&t->block_lock);
	/* Signalled unlocked, and only if asleep: the sleeper does not wake
	 * into a lock this thread still holds. The waitq's lock (held by
	 * waitq_notify) keeps t from leaving task_wait_until meanwhile. */
	if (sleeping)
		pthread_cond_signal(&t->block_cond);
}

void task_waiter_init(struct task *t, struct waiter *w, uint32_t mask)
{
	list_init(&w->link);
	w->mask = mask;
	w->notify = task_waiter_notify;
	w->owner = t;
}

/* How long a blocking task spins before it sleeps on its condition
 * variable. A wake-up that arrives while spinning costs no cross-CPU
 * wake-up (an inter-processor interrupt, expensive on virtual machines):
 * this is what makes pipe and wait4 round trips cheap. It yields rather
 * than pauses, so that the thread it waits for gets the CPU if they share
 * one (2-CPU machines; see SPIN_NS in platform/seccomp_trap.c). */
#define BLOCK_SPIN_NS 30000

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void spin_before_block(struct task *t)
{
	uint64_t start = monotonic_ns();
	for (;;) {
		if (__atomic_load_n(&t->woken, __ATOMIC_ACQUIRE) ||
		    __atomic_load_n(&t->interrupt_pending, __ATOMIC_ACQUIRE))
			return;
		sched_yield();
		if (monotonic_ns() - start > BLOCK_SPIN_NS)
			return;
	}
}

int task_block(struct task *t, const struct timespec *deadline)
{
	int ret = 0;
	spin_before_block(t);
	if (plat && plat->nap && t->plat && !__atomic_load_n(&t->woken, __ATOMIC_ACQUIRE))
		plat->nap(t->plat); /* the app's host thread need not spin meanwhile */
	pthread_mutex_lock(&t->block_lock);
	t->blocking = true;
	for (;;) {
		if (t->woken) {
			t->woken = false;
			break;
		}
		if (t->interrupt_pending) {
			ret = -ERESTARTSYS_VALUE;
			break;
		}
		if (deadline) {
			if (pthread_cond_timedwait(&t->block_cond, &t->block_lock, deadline) == ETIMEDOUT &&
			    !t->woken && !t->interrupt_pending) {
				ret = -ETIMEDOUT;
				break;
			}
		} else {
			pthread_cond_wait(&t->block_cond, &t->block_lock);
		}
	}
	t->blocking = false;
	pthread_mutex_unlock(&t->block_lock);
	return ret;
}

long task_wait_until(struct task *t, struct waitq *q, uint32_t mask,
		     const struct timespec *deadline,
		     long (*try_fn)(void *arg), void *arg)
{
	struct waiter w;
	task_waiter_init(t, &w, mask);
	pthread_mutex_lock(&t->block_lock);
	t->woken = false;
	pthread_mutex_unlock(&t->block_lock);
	waitq_add(q, &w);
	long r;
	for (;;) {
		r = try_fn(arg);
		if (r != -EAGAIN)
			break;
		int e = task_block(t, deadline);
		if (e) {
			/* As in Linux's wait loops (do_wait, pipe_read, do_poll):
			 * what the sleep was for, if it has come meanwhile, wins
			 * over the signal or the timeout that ended it. A shell's
			 * wait4 returns its exited child, and the SIGCHLD handler
			 * runs after, instead of EINTR and a second wait4. */
			r = try_fn(arg);
			if (r == -EAGAIN)
				r = e;
			break;
		}
	}
	waitq_remove(q, &w);
	return r;
}

void task_interrupt(struct task *t)
{
	pthread_mutex_lock(&t->block_lock);
	__atomic_store_n(&t->interrupt_pending, true, __ATOMIC_RELEASE);
	if (t->blocking && plat && plat->wake_soon && t->plat)
		plat->wake_soon(t->plat); /* as in task_waiter_notify */
	pthread_cond_signal(&t->block_cond);
	pthread_mutex_unlock(&t->block_lock);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&t->in_app, __ATOMIC_SEQ_CST) && t->plat)
		plat->kick(t->plat);
}
