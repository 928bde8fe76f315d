/* Sentry threads for tasks (DESIGN: one sentry thread per app thread),
 * kept for reuse. A shell runs every command in a new task: creating its
 * thread (clone3, a stack, the new thread's first wake-up on another CPU)
 * and exiting it cost about 30 us of CPU per command here, where waking a
 * parked thread is one futex wake. At most POOL_IDLE_MAX threads wait;
 * more exit as before. A parked thread holds nothing of its last task:
 * task_run sets the current task, and a task leaves no host state on its
 * thread (signal masks, affinity and names are the app's, emulated). */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include "sentry/thread_pool.h"

#define POOL_IDLE_MAX 8
#define THREAD_STACK_SIZE (256 * 1024)

struct parked {
	pthread_cond_t cond;
	void *(*fn)(void *);
	void *arg;
	struct parked *next;
};

static struct {
	pthread_mutex_t lock;
	struct parked *idle;
	int n_idle;
} pool = { PTHREAD_MUTEX_INITIALIZER, NULL, 0 };

struct first_job {
	void *(*fn)(void *);
	void *arg;
};

static void *pool_thread_main(void *job_arg)
{
	struct first_job *job = job_arg;
	void *(*fn)(void *) = job->fn;
	void *arg = job->arg;
	free(job);
	struct parked self;
	pthread_cond_init(&self.cond, NULL);
	for (;;) {
		fn(arg);
		pthread_mutex_lock(&pool.lock);
		if (pool.n_idle >= POOL_IDLE_MAX) {
			pthread_mutex_unlock(&pool.lock);
			break;
		}
		self.fn = NULL;
		self.next = pool.idle;
		pool.idle = &self;
		pool.n_idle++;
		while (!self.fn)
			pthread_cond_wait(&self.cond, &pool.lock);
		fn = self.fn;
		arg = self.arg;
		pthread_mutex_unlock(&pool.lock);
	}
	pthread_cond_destroy(&self.cond);
	return NULL;
}

int sentry_thread_run(void *(*fn)(void *), void *arg)
{
	pthread_mutex_lock(&pool.lock);
	struct parked *p = pool.idle;
	if (p) {
		pool.idle = p->next;
		pool.n_idle--;
		p->fn = fn;
		p->arg = arg;
		pthread_cond_signal(&p->cond);
		pthread_mutex_unlock(&pool.lock);
		return 0;
	}
	pthread_mutex_unlock(&pool.lock);

	struct first_job *job = malloc(sizeof(*job));
	if (!job)
		return ENOMEM;
	*job = (struct first_job){ fn, arg };
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, THREAD_STACK_SIZE);
	pthread_t thread;
	int err = pthread_create(&thread, &attr, pool_thread_main, job);
	pthread_attr_destroy(&attr);
	if (err)
		free(job);
	return err;
}
