/*
 * tests/stress/stress.c: a concurrency stress test for the sandbox, run
 * natively and under runsc by tests/stress/run.sh.
 *
 * For DURATION seconds (argv[1], default 60) 64 worker threads loop over a
 * mix of system calls: getpid, a write+read round trip on a pipe of their
 * own, clock_gettime, a mutex/condition variable (futex) protecting a shared
 * counter, nanosleep(0) and a small mmap/touch/munmap. Meanwhile the main
 * thread sends signals to random workers (SIGRTMIN+1, which queues, and
 * SIGUSR1, which may coalesce) and forks a child now and then; the child
 * makes a few system calls and _exits with a known status, which the parent
 * checks. At the end it verifies, printing one PASS or FAIL line each:
 *   - every worker made progress and saw no wrong result;
 *   - the mutex-protected counter equals the sum of every worker's
 *     increments (no lost wake-up or broken mutual exclusion);
 *   - every SIGRTMIN+1 whose pthread_kill succeeded was handled exactly once
 *     by its target (real-time signals are never coalesced);
 *   - every worker sent SIGUSR1 handled it at least once, never more often
 *     than sent;
 *   - every child was reaped with the status it exited with.
 * Exit status 0 only if every check passed. The sending is throttled (at
 * most MAX_INFLIGHT undelivered signals per worker) so the pending-signal
 * limit is never what fails a send.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 64
#define MAX_INFLIGHT 4
#define FORK_EVERY_MS 20
#define QUIESCE_SECONDS 20

struct worker {
	pthread_t thread;
	int pipe[2];
	atomic_ulong iterations;
	atomic_ulong rt_handled;
	atomic_ulong usr1_handled;
	unsigned long rt_sent;   /* touched by the main thread only */
	unsigned long usr1_sent; /* likewise */
	unsigned long increments; /* of the shared counter; read after join */
	atomic_ulong errors;
	char first_error[96];
};

static struct worker workers[NTHREADS];
static atomic_bool stop;
static __thread int self_index = -1;

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t counter_cond = PTHREAD_COND_INITIALIZER;
static unsigned long shared_counter;

static int failures;

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		failures++;
}

static void on_signal(int sig)
{
	int i = self_index;

	if (i < 0)
		return; /* the main thread never unblocks them; be safe anyway */
	if (sig == SIGUSR1)
		atomic_fetch_add(&workers[i].usr1_handled, 1);
	else
		atomic_fetch_add(&workers[i].rt_handled, 1);
}

static void worker_error(struct worker *w, const char *what, long value)
{
	if (atomic_fetch_add(&w->errors, 1) == 0)
		snprintf(w->first_error, sizeof(w->first_error), "%s (%ld, errno %d)", what,
			 value, errno);
}

/* Whole transfers on a pipe the thread owns; a signal may interrupt. */
static bool pipe_round_trip(struct worker *w, uint64_t value)
{
	uint64_t back = 0;
	ssize_t n;

	do
		n = write(w->pipe[1], &value, sizeof(value));
	while (n < 0 && errno == EINTR);
	if (n != sizeof(value)) {
		worker_error(w, "pipe write", n);
		return false;
	}
	do
		n = read(w->pipe[0], &back, sizeof(back));
	while (n < 0 && errno == EINTR);
	if (n != sizeof(back) || back != value) {
		worker_error(w, "pipe read", n);
		return false;
	}
	return true;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	sigset_t set;
	unsigned long i;

	self_index = (int)(w - workers);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN + 1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);

	for (i = 0; !atomic_load(&stop); i++) {
		struct timespec ts, zero = { 0, 0 };
		long pid = syscall(SYS_getpid);
		size_t len = 4096 * (1 + i % 4);
		char *p;

		if (pid != getpid())
			worker_error(w, "getpid", pid);
		pipe_round_trip(w, ((uint64_t)self_index << 32) | i);
		if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
			worker_error(w, "clock_gettime", -1);

		pthread_mutex_lock(&counter_lock);
		shared_counter++;
		w->increments++;
		if (i % 8 == 0)
			pthread_cond_broadcast(&counter_cond);
		if (i % 32 == 0) {
			/* A short timed wait: FUTEX_WAIT with a timeout, woken either
			 * by another worker's broadcast or by the deadline. */
			struct timespec until;
			int rc;

			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += 1000000;
			if (until.tv_nsec >= 1000000000) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000;
			}
			rc = pthread_cond_timedwait(&counter_cond, &counter_lock, &until);
			if (rc != 0 && rc != ETIMEDOUT)
				worker_error(w, "pthread_cond_timedwait", rc);
		}
		pthread_mutex_unlock(&counter_lock);

		nanosleep(&zero, NULL); /* EINTR is fine */

		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			worker_error(w, "mmap", (long)len);
		} else {
			p[0] = (char)i;
			p[len - 1] = (char)(i + 1);
			if (p[0] != (char)i || p[len - 1] != (char)(i + 1))
				worker_error(w, "mmap contents", (long)len);
			if (munmap(p, len) != 0)
				worker_error(w, "munmap", (long)len);
		}
		atomic_fetch_add(&w->iterations, 1);
	}
	return NULL;
}

/* The child of a fork: a few system calls, then a status the parent checks. */
static void child_main(int status, pid_t parent)
{
	int fds[2];
	char c = 'x';
	struct timespec ts;

	if (getppid() != parent || syscall(SYS_getpid) != getpid() || getpid() == parent)
		_exit(255);
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		_exit(254);
	if (pipe(fds) != 0 || write(fds[1], &c, 1) != 1 || read(fds[0], &c, 1) != 1 || c != 'x')
		_exit(253);
	_exit(status);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool all_delivered(void)
{
	for (int i = 0; i < NTHREADS; i++) {
		if (atomic_load(&workers[i].rt_handled) != workers[i].rt_sent)
			return false;
		if (workers[i].usr1_sent && atomic_load(&workers[i].usr1_handled) == 0)
			return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	double duration = argc > 1 ? atof(argv[1]) : 60;
	struct sigaction sa;
	sigset_t set;
	unsigned long forked = 0, reaped = 0, bad_status = 0, fork_failed = 0, kill_failed = 0;
	unsigned long rt_sent = 0, usr1_sent = 0, total_iters = 0, min_iters = ULONG_MAX, sum_inc = 0;
	double start, next_fork, deadline;
	unsigned seed = 12345;
	int created = 0;
	char first_bad[128] = "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (duration <= 0)
		duration = 60;

	/* The main thread keeps both signals blocked so only the target
	 * thread of each pthread_kill can take it; workers unblock them. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN + 1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) != 0 || sigaction(SIGRTMIN + 1, &sa, NULL) != 0) {
		perror("sigaction");
		return 1;
	}

	for (int i = 0; i < NTHREADS; i++) {
		int rc;

		if (pipe(workers[i].pipe) != 0) {
			perror("pipe");
			return 1;
		}
		rc = pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
		if (rc != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(rc));
			break;
		}
		created++;
	}
	check(created == NTHREADS, "created %d of %d threads", created, NTHREADS);
	if (created != NTHREADS) {
		atomic_store(&stop, true);
		for (int i = 0; i < created; i++)
			pthread_join(workers[i].thread, NULL);
		return 1;
	}

	start = now_seconds();
	next_fork = start;
	while (now_seconds() - start < duration) {
		struct timespec pause = { 0, 200000 };

		for (int k = 0; k < 32; k++) {
			int i = (int)(rand_r(&seed) % NTHREADS);
			struct worker *w = &workers[i];
			bool usr1 = rand_r(&seed) % 4 == 0;
			int rc;

			if (!usr1 && w->rt_sent - atomic_load(&w->rt_handled) >= MAX_INFLIGHT)
				continue;
			rc = pthread_kill(w->thread, usr1 ? SIGUSR1 : SIGRTMIN + 1);
			if (rc != 0) {
				kill_failed++; /* EAGAIN when the queue is full: not sent */
				continue;
			}
			if (usr1) {
				w->usr1_sent++;
				usr1_sent++;
			} else {
				w->rt_sent++;
				rt_sent++;
			}
		}
		if (now_seconds() >= next_fork) {
			int status = (int)(forked % 250) + 1;
			pid_t parent = getpid();
			pid_t pid = fork();

			next_fork += FORK_EVERY_MS / 1000.0;
			if (pid == 0)
				child_main(status, parent);
			if (pid < 0) {
				fork_failed++;
			} else {
				int st = 0;
				pid_t got;

				forked++;
				do
					got = waitpid(pid, &st, 0);
				while (got < 0 && errno == EINTR);
				if (got == pid) {
					reaped++;
					if (!WIFEXITED(st) || WEXITSTATUS(st) != status) {
						if (bad_status++ == 0)
							snprintf(first_bad, sizeof(first_bad),
								 "child %d: wait status 0x%x, expected exit %d",
								 (int)pid, st, status);
					}
				} else if (!first_bad[0]) {
					snprintf(first_bad, sizeof(first_bad), "waitpid(%d) = %d, errno %d",
						 (int)pid, (int)got, errno);
				}
			}
		}
		nanosleep(&pause, NULL);
	}

	/* Quiescence: the workers keep running (and so keep taking signals)
	 * until every successfully sent signal has been handled. */
	deadline = now_seconds() + QUIESCE_SECONDS;
	while (!all_delivered() && now_seconds() < deadline) {
		struct timespec pause = { 0, 10000000 };
		nanosleep(&pause, NULL);
	}
	atomic_store(&stop, true);
	pthread_mutex_lock(&counter_lock);
	pthread_cond_broadcast(&counter_cond);
	pthread_mutex_unlock(&counter_lock);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(workers[i].thread, NULL);

	{
		int stalled = 0, errored = 0, rt_lost = 0, usr1_bad = 0, first_err = -1;
		int first_stalled = -1, first_rt = -1, first_usr1 = -1;

		for (int i = 0; i < NTHREADS; i++) {
			struct worker *w = &workers[i];
			unsigned long it = atomic_load(&w->iterations);
			unsigned long rt = atomic_load(&w->rt_handled);
			unsigned long u1 = atomic_load(&w->usr1_handled);

			total_iters += it;
			sum_inc += w->increments;
			if (it < min_iters)
				min_iters = it;
			if (it == 0 && stalled++ == 0)
				first_stalled = i;
			if (atomic_load(&w->errors) && errored++ == 0)
				first_err = i;
			if (rt != w->rt_sent && rt_lost++ == 0)
				first_rt = i;
			if ((w->usr1_sent && u1 == 0) || u1 > w->usr1_sent) {
				if (usr1_bad++ == 0)
					first_usr1 = i;
			}
		}
		printf("stress: %.0f s, %d threads, %lu iterations (least %lu), %lu signals sent "
		       "(%lu SIGRTMIN+1, %lu SIGUSR1, %lu sends refused), %lu children\n",
		       now_seconds() - start, NTHREADS, total_iters, min_iters, rt_sent + usr1_sent,
		       rt_sent, usr1_sent, kill_failed, forked);
		if (stalled)
			check(false, "%d threads made no progress, first #%d", stalled, first_stalled);
		else
			check(true, "every thread made progress");
		if (first_err >= 0)
			check(false, "thread #%d: %lu wrong results, first: %s", first_err,
			      atomic_load(&workers[first_err].errors), workers[first_err].first_error);
		else
			check(true, "no wrong system call results");
		check(shared_counter == sum_inc, "mutex-protected counter %lu == sum of increments %lu",
		      shared_counter, sum_inc);
		if (first_rt >= 0)
			check(false, "SIGRTMIN+1 lost: %d threads, first #%d sent %lu handled %lu", rt_lost,
			      first_rt, workers[first_rt].rt_sent,
			      atomic_load(&workers[first_rt].rt_handled));
		else
			check(rt_sent > 0, "every SIGRTMIN+1 handled exactly once (%lu)", rt_sent);
		if (first_usr1 >= 0)
			check(false, "SIGUSR1: %d threads wrong, first #%d sent %lu handled %lu", usr1_bad,
			      first_usr1, workers[first_usr1].usr1_sent,
			      atomic_load(&workers[first_usr1].usr1_handled));
		else
			check(usr1_sent > 0, "SIGUSR1 handled at least once and at most as sent (%lu)",
			      usr1_sent);
		check(forked > 0 && fork_failed == 0, "forked %lu children, %lu fork failures", forked,
		      fork_failed);
		check(reaped == forked && bad_status == 0, "reaped %lu of %lu children, %lu bad statuses%s%s",
		      reaped, forked, bad_status, first_bad[0] ? ": " : "", first_bad);
	}
	printf("%s\n", failures ? "stress: FAIL" : "stress: PASS");
	return failures ? 1 : 0;
}
