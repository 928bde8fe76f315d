/* The host reaper: one background sentry thread that waits for killed host
 * processes (app threads) to die and then runs what must wait for their
 * death (freeing a context slot). A dying process's teardown, unmapping
 * its memory, takes about 0.5 ms on the machines we measure; done here it
 * is off the path of the exit or exec that ended the process, so a
 * parent's wait4 or an execve does not wait for it.
 *
 * Any thread of the sentry may reap any of its host children, tracees of
 * other threads included (wait4 looks at the whole thread group). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include "platform/host_reaper.h"

struct reap_item {
	pid_t tid;
	void (*after)(void *arg);
	void *arg;
	struct reap_item *next;
};

/* After its queue empties the reaper lingers, awake on a timer, before it
 * sleeps until signalled: a process that dies meanwhile is queued without
 * a wake-up. Waking the reaper costs the exit or exec that queues a
 * process 7-17 us here (a wake-up on the other CPU is an inter-processor
 * interrupt), once per command in a shell loop. In a busy sandbox the
 * reaper wakes once per LINGER_NS; an idle one it leaves asleep. Zombies
 * wait at most that long, and with them their context slots. */
#define LINGER_NS 2000000L

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct reap_item *head;
	bool started, failed;
	bool lingering; /* awake on the timer: no need to signal */
} reaper = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

void host_reap_now(pid_t tid, struct rusage *ru)
{
	int status;
	for (;;) {
		struct rusage r;
		pid_t got = wait4(tid, &status, __WALL, &r);
		if (got == tid) {
			if (!WIFEXITED(status) && !WIFSIGNALED(status))
				continue; /* a stop reported on the way out */
			if (ru)
				*ru = r;
			return;
		}
		if (got < 0 && errno == EINTR)
			continue;
		return; /* ECHILD: already reaped */
	}
}

static void *reaper_main(void *arg)
{
	(void)arg;
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, NULL);
	pthread_mutex_lock(&reaper.lock);
	for (;;) {
		if (!reaper.head) {
			struct timespec until;
			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_nsec += LINGER_NS;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			reaper.lingering = true;
			while (!reaper.head &&
			       pthread_cond_timedwait(&reaper.cond, &reaper.lock, &until) == 0)
				;
			reaper.lingering = false;
		}
		while (!reaper.head)
			pthread_cond_wait(&reaper.cond, &reaper.lock);
		struct reap_item *it = reaper.head;
		reaper.head = it->next;
		pthread_mutex_unlock(&reaper.lock);
		kill(it->tid, SIGKILL); /* a zombie's pid is not reused */
		host_reap_now(it->tid, NULL);
		if (it->after)
			it->after(it->arg);
		free(it);
		pthread_mutex_lock(&reaper.lock);
	}
	return NULL;
}

/* With reaper.lock held. */
static bool start_locked(void)
{
	if (reaper.started || reaper.failed)
		return reaper.started;
	pthread_t thread;
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&reaper.cond, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&thread, NULL, reaper_main, NULL) != 0) {
		reaper.failed = true;
		return false;
	}
	pthread_detach(thread);
	reaper.started = true;
	return true;
}

int host_reap_later(pid_t tid, void (*after)(void *arg), void *arg)
{
	struct reap_item *it = malloc(sizeof(*it));
	if (!it)
		return -ENOMEM;
	*it = (struct reap_item){ tid, after, arg, NULL };
	pthread_mutex_lock(&reaper.lock);
	if (!start_locked()) {
		pthread_mutex_unlock(&reaper.lock);
		free(it);
		return -EAGAIN;
	}
	it->next = reaper.head;
	reaper.head = it;
	if (!reaper.lingering)
		pthread_cond_signal(&reaper.cond);
	pthread_mutex_unlock(&reaper.lock);
	return 0;
}
