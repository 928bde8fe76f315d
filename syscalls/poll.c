/* poll, ppoll, select, pselect6 (Linux's fs/select.c): one engine that
 * registers the task on every file's waitq, rechecks readiness and sleeps
 * until something is ready, the deadline passes or a signal arrives. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include "fs/file.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "syscalls/syscall.h"

#define POLLIN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET (POLLPRI)

struct poll_item {
	struct vfs_file *f; /* NULL: not polled (negative fd, or bad fd) */
	uint32_t filter;    /* the events that count */
	uint32_t revents;
	bool nval;          /* poll: a bad fd, reported as POLLNVAL */
};

/* The shared wait loop. Returns the number of ready items (POLLNVAL ones
 * included), 0 at the deadline or with no_wait, -ERESTARTNOHAND when a
 * signal is pending, -ENOMEM. */
static long poll_engine(struct task *t, struct poll_item *items, size_t n,
			const struct timespec *deadline, bool no_wait)
{
	struct poll_wait_set ws;
	poll_wait_set_init(&ws, t);
	bool registered = false;
	long ret;
	for (;;) {
		long count = 0;
		for (size_t i = 0; i < n; i++) {
			struct poll_item *it = &items[i];
			if (it->nval) {
				it->revents = POLLNVAL;
				count++;
			} else if (it->f) {
				it->revents = vfs_poll(it->f) & it->filter;
				if (it->revents)
					count++;
			} else {
				it->revents = 0;
			}
		}
		if (count || no_wait) {
			ret = count;
			break;
		}
		if (!registered) {
			/* Register, then look again: a change between the
			 * first look and the registration is not lost. */
			registered = true;
			int err = 0;
			for (size_t i = 0; i < n && !err; i++)
				if (items[i].f)
					err = poll_wait_set_add(&ws, vfs_poll_waitq(items[i].f),
								items[i].filter);
			if (err) {
				ret = err;
				break;
			}
			continue;
		}
		int r = task_block(t, deadline);
		if (r == -ETIMEDOUT) {
			ret = 0;
			break;
		}
		if (r == -ERESTARTSYS) {
			ret = -ERESTARTNOHAND;
			break;
		}
	}
	poll_wait_set_destroy(&ws);
	return ret;
}

static void put_items(struct poll_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].f)
			vfs_file_put(items[i].f);
}

/* ---- poll / ppoll. */

static long do_sys_poll(struct task *t, uint64_t ufds, uint64_t nfds,
			const struct timespec *deadline, bool no_wait)
{
	if (nfds > task_rlimit(t, RLIMIT_NOFILE))
		return -EINVAL;
	struct pollfd *pfds = NULL;
	struct poll_item *items = NULL;
	if (nfds) {
		pfds = malloc(nfds * sizeof(*pfds));
		items = calloc(nfds, sizeof(*items));
		if (!pfds || !items) {
			free(pfds);
			free(items);
			return -ENOMEM;
		}
		int err = task_copy_in(t, pfds, ufds, nfds * sizeof(*pfds));
		if (err) {
			free(pfds);
			free(items);
			return err;
		}
	}
	for (size_t i = 0; i < nfds; i++) {
		if (pfds[i].fd < 0)
			continue;
		items[i].f = fd_table_get_file(t->fdt, pfds[i].fd);
		items[i].nval = !items[i].f;
		items[i].filter = (uint16_t)pfds[i].events | POLLERR | POLLHUP;
	}
	long ret = poll_engine(t, items, nfds, deadline, no_wait);
	put_items(items, nfds);
	if (ret != -ENOMEM) {
		/* Linux writes every revents back, even when interrupted. */
		for (size_t i = 0; i < nfds; i++) {
			uint16_t rev = (uint16_t)items[i].revents;
			if (task_copy_out(t, ufds + i * sizeof(struct pollfd) +
					  offsetof(struct pollfd, revents), &rev, sizeof(rev))) {
				ret = -EFAULT;
				break;
			}
		}
	}
	free(pfds);
	free(items);
	return ret;
}

/* restart_syscall for an interrupted poll: same fds, same deadline. */
static long poll_restart(struct task *t)
{
	bool has_deadline = t->restart_args[2] != 0;
	struct timespec deadline = t->restart_deadline;
	long r = do_sys_poll(t, t->restart_args[0], t->restart_args[1],
			     has_deadline ? &deadline : NULL, false);
	if (r == -ERESTARTNOHAND)
		r = -ERESTART_RESTARTBLOCK; /* restart_fn and args are still set */
	return r;
}

SYSCALL_DEFINE(poll)
{
	uint64_t ufds = args->a[0];
	unsigned int nfds = (unsigned int)args->a[1];
	int timeout_ms = (int)args->a[2];
	struct timespec deadline;
	bool has_deadline = timeout_ms >= 0;
	if (has_deadline)
		deadline = poll_deadline_ms(timeout_ms);
	long r = do_sys_poll(t, ufds, nfds, has_deadline ? &deadline : NULL, timeout_ms == 0);
	if (r == -ERESTARTNOHAND) {
		/* Linux restarts poll through restart_syscall with the
		 * original deadline (a handler makes it EINTR). */
		t->restart_fn = poll_restart;
		t->restart_args[0] = ufds;
		t->restart_args[1] = nfds;
		t->restart_args[2] = has_deadline;
		if (has_deadline)
			t->restart_deadline = deadline;
		r = -ERESTART_RESTARTBLOCK;
	}
	return r;
}

/* Reads a relative timespec timeout into a deadline: -EFAULT, -EINVAL. */
static int timeout_from_timespec(struct task *t, uint64_t uts, struct timespec *deadline,
				 bool *zero)
{
	struct timespec ts;
	int err = task_copy_in(t, &ts, uts, sizeof(ts));
	if (err)
		return err;
	if (!poll_timespec_valid(&ts))
		return -EINVAL;
	*zero = ts.tv_sec == 0 && ts.tv_nsec == 0;
	*deadline = poll_deadline_ts(&ts);
	return 0;
}

/* The start of ppoll and pselect6: the timeout at uts (none when 0) as
 * a deadline, then the temporary signal mask installed. */
static int timeout_and_sigmask(struct task *t, uint64_t uts, struct timespec *deadline,
			       bool *zero, uint64_t umask, uint64_t masksize)
{
	if (uts) {
		int err = timeout_from_timespec(t, uts, deadline, zero);
		if (err)
			return err;
	}
	return readiness_set_sigmask(t, umask, masksize);
}

/* Linux's poll_select_finish for timespec/timeval results: writes the time
 * left back (not for a zero timeout); a fault turns ERESTARTNOHAND into
 * EINTR because the timeout can no longer be restarted correctly. */
static long finish_timeout(struct task *t, uint64_t uaddr, const struct timespec *deadline,
			   bool zero, bool timeval, long ret)
{
	if (!uaddr || zero)
		return ret;
	struct timespec rem = poll_remaining(deadline);
	int err;
	if (timeval) {
		struct timeval tv = { rem.tv_sec, rem.tv_nsec / 1000 };
		err = task_copy_out(t, uaddr, &tv, sizeof(tv));
	} else {
		err = task_copy_out(t, uaddr, &rem, sizeof(rem));
	}
	if (err && ret == -ERESTARTNOHAND)
		ret = -EINTR;
	return ret;
}

SYSCALL_DEFINE(ppoll)
{
	uint64_t ufds = args->a[0];
	unsigned int nfds = (unsigned int)args->a[1];
	uint64_t uts = args->a[2];
	struct timespec deadline;
	bool zero = false;
	int err = timeout_and_sigmask(t, uts, &deadline, &zero, args->a[3], args->a[4]);
	if (err)
		return err;
	long r = do_sys_poll(t, ufds, nfds, uts ? &deadline : NULL, zero);
	if (args->a[3])
		readiness_restore_sigmask(t, r == -ERESTARTNOHAND);
	return finish_timeout(t, uts, &deadline, zero, false, r);
}

/* ---- select / pselect6. */

#define NFDBITS_64 64

static long do_select(struct task *t, int n, uint64_t uin, uint64_t uout, uint64_t uex,
		      const struct timespec *deadline, bool no_wait)
{
	if (n < 0)
		return -EINVAL;
	/* Linux clamps n to the fd table's size; the limit on fds bounds it
	 * here (bits between the two are EBADF rather than ignored). */
	if ((unsigned long)n > task_rlimit(t, RLIMIT_NOFILE))
		n = (int)task_rlimit(t, RLIMIT_NOFILE);
	size_t words = ((size_t)n + NFDBITS_64 - 1) / NFDBITS_64;
	size_t bytes = words * sizeof(uint64_t);
	uint64_t *in = calloc(words ? words : 1, 3 * sizeof(uint64_t));
	if (!in)
		return -ENOMEM;
	uint64_t *out = in + words, *ex = out + words;
	long ret = 0;
	if ((uin && task_copy_in(t, in, uin, bytes)) ||
	    (uout && task_copy_in(t, out, uout, bytes)) ||
	    (uex && task_copy_in(t, ex, uex, bytes))) {
		free(in);
		return -EFAULT;
	}
	/* Bits past n in the last word are not ours to look at. */
	if (n % NFDBITS_64) {
		uint64_t keep = (1ULL << (n % NFDBITS_64)) - 1;
		in[words - 1] &= keep;
		out[words - 1] &= keep;
		ex[words - 1] &= keep;
	}
	size_t nitems = 0;
	for (size_t w = 0; w < words; w++)
		nitems += (size_t)__builtin_popcountll(in[w] | out[w] | ex[w]);
	struct poll_item *items = calloc(nitems ? nitems : 1, sizeof(*items));
	int *fds = calloc(nitems ? nitems : 1, sizeof(int));
	if (!items || !fds) {
		free(items);
		free(fds);
		free(in);
		return -ENOMEM;
	}
	size_t k = 0;
	for (size_t w = 0; w < words && ret == 0; w++) {
		uint64_t all = in[w] | out[w] | ex[w];
		while (all) {
			int bit = __builtin_ctzll(all);
			all &= all - 1;
			int fd = (int)(w * NFDBITS_64 + (size_t)bit);
			struct vfs_file *f = fd_table_get_file(t->fdt, fd);
			if (!f) {
				ret = -EBADF;
				break;
			}
			uint64_t b = 1ULL << bit;
			items[k].f = f;
			items[k].filter = ((in[w] & b) ? POLLIN_SET : 0) |
					  ((out[w] & b) ? POLLOUT_SET : 0) |
					  ((ex[w] & b) ? POLLEX_SET : 0);
			fds[k] = fd;
			k++;
		}
	}
	if (ret == 0)
		ret = poll_engine(t, items, k, deadline, no_wait);
	if (ret >= 0) {
		/* Each set bit of each result set counts once. */
		long count = 0;
		uint64_t *rin = calloc(words ? words : 1, 3 * sizeof(uint64_t));
		if (!rin) {
			ret = -ENOMEM;
		} else {
			uint64_t *rout = rin + words, *rex = rout + words;
			for (size_t i = 0; i < k; i++) {
				size_t w = (size_t)fds[i] / NFDBITS_64;
				uint64_t b = 1ULL << (fds[i] % NFDBITS_64);
				uint32_t rev = items[i].revents;
				if ((in[w] & b) && (rev & POLLIN_SET)) {
					rin[w] |= b;
					count++;
				}
				if ((out[w] & b) && (rev & POLLOUT_SET)) {
					rout[w] |= b;
					count++;
				}
				if ((ex[w] & b) && (rev & POLLEX_SET)) {
					rex[w] |= b;
					count++;
				}
			}
			ret = count;
			if ((uin && task_copy_out(t, uin, rin, bytes)) ||
			    (uout && task_copy_out(t, uout, rout, bytes)) ||
			    (uex && task_copy_out(t, uex, rex, bytes)))
				ret = -EFAULT;
			free(rin);
		}
	}
	put_items(items, k);
	free(items);
	free(fds);
	free(in);
	return ret;
}

SYSCALL_DEFINE(select)
{
	int n = (int)args->a[0];
	uint64_t utv = args->a[4];
	struct timespec deadline;
	bool zero = false;
	if (utv) {
		struct timeval tv;
		int err = task_copy_in(t, &tv, utv, sizeof(tv));
		if (err)
			return err;
		/* Linux folds whole seconds out of tv_usec before checking. */
		struct timespec ts = { tv.tv_sec + tv.tv_usec / 1000000,
				       (tv.tv_usec % 1000000) * 1000 };
		if (!poll_timespec_valid(&ts))
			return -EINVAL;
		zero = ts.tv_sec == 0 && ts.tv_nsec == 0;
		deadline = poll_deadline_ts(&ts);
	}
	long r = do_select(t, n, args->a[1], args->a[2], args->a[3], utv ? &deadline : NULL, zero);
	return finish_timeout(t, utv, &deadline, zero, true, r);
}

SYSCALL_DEFINE(pselect6)
{
	int n = (int)args->a[0];
	uint64_t uts = args->a[4];
	uint64_t usig = args->a[5];
	struct {
		uint64_t p;
		uint64_t size;
	} sig = { 0, 0 };
	if (usig) {
		int err = task_copy_in(t, &sig, usig, sizeof(sig));
		if (err)
			return err;
	}
	struct timespec deadline;
	bool zero = false;
	int err = timeout_and_sigmask(t, uts, &deadline, &zero, sig.p, sig.size);
	if (err)
		return err;
	long r = do_select(t, n, args->a[1], args->a[2], args->a[3], uts ? &deadline : NULL, zero);
	if (sig.p)
		readiness_restore_sigmask(t, r == -ERESTARTNOHAND);
	return finish_timeout(t, uts, &deadline, zero, false, r);
}
