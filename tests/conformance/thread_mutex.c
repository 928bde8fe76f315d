/* Conformance: futex-backed mutex and condition variable under contention. */
#include "conf.h"
#include <pthread.h>
#include <sched.h>

#define THREADS 4
#define ITERS 20000

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn, rounds_done;

static void *inc(void *arg)
{
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&m);
		long v = counter;
		if ((i & 1023) == 0)
			sched_yield();
		counter = v + 1;
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

/* Threads take strict turns 0,1,2,3,0,... through a condition variable. */
static void *taker(void *arg)
{
	int me = (int)(long)arg;
	for (int r = 0; r < 50; r++) {
		pthread_mutex_lock(&m);
		while (turn != me)
			pthread_cond_wait(&cv, &m);
		rounds_done++;
		turn = (turn + 1) % THREADS;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

static void *timed(void *arg)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 30000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	*(int *)arg = pthread_mutex_timedlock(&m, &ts);
	return NULL;
}

int main(void)
{
	conf_init();
	pthread_t th[THREADS];
	for (long i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, inc, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ("counter", counter, (long)THREADS * ITERS);
	for (long i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, taker, (void *)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ("condvar rounds", rounds_done, THREADS * 50);
	EXPECT_EQ("trylock free", pthread_mutex_trylock(&m), 0);
	EXPECT_EQ("trylock held", pthread_mutex_trylock(&m), EBUSY);
	pthread_mutex_unlock(&m);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_t e;
	pthread_mutex_init(&e, &a);
	pthread_mutex_lock(&e);
	EXPECT_EQ("errorcheck relock", pthread_mutex_lock(&e), EDEADLK);
	pthread_mutex_unlock(&e);
	EXPECT_EQ("errorcheck unlock unowned", pthread_mutex_unlock(&e), EPERM);
	/* A timed lock on a mutex held by another thread times out. */
	pthread_mutex_lock(&m);
	pthread_t waiter;
	int timed_result = -1;
	pthread_create(&waiter, NULL, timed, &timed_result);
	pthread_join(waiter, NULL);
	pthread_mutex_unlock(&m);
	printf("timedlock: %s\n", ename(timed_result));
	return conf_end();
}
