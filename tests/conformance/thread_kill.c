/* Conformance: pthread_kill/tgkill target one thread; signal masks are per thread. */
#include "conf.h"
#include <pthread.h>

static volatile pid_t handled_by;
static pid_t worker_tid;
static volatile int stop;

static void h(int s) { handled_by = gettid(); }

static void *worker(void *arg)
{
	worker_tid = gettid();
	while (!stop)
		sleep_ms(1);
	return NULL;
}

static void *blocker(void *arg)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	int sig;
	sigwait(&set, &sig);
	return (void *)(long)sig;
}

int main(void)
{
	conf_init();
	signal(SIGUSR1, h);
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	while (!worker_tid)
		sleep_ms(1);
	printf("worker tid != pid: %s\n", yesno(worker_tid != getpid()));
	EXPECT_EQ("pthread_kill", pthread_kill(t, SIGUSR1), 0);
	for (int i = 0; i < 200 && !handled_by; i++)
		sleep_ms(5);
	printf("handled by the target thread: %s\n", yesno(handled_by == worker_tid));
	handled_by = 0;
	EXPECT_OK("tgkill to worker", syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1));
	for (int i = 0; i < 200 && !handled_by; i++)
		sleep_ms(5);
	printf("tgkill handled by target: %s\n", yesno(handled_by == worker_tid));
	EXPECT_EQ("pthread_kill sig 0", pthread_kill(t, 0), 0);
	stop = 1;
	pthread_join(t, NULL);
	/* A process-directed signal goes to a thread that doesn't block it. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	stop = 0;
	worker_tid = 0;
	handled_by = 0;
	pthread_create(&t, NULL, worker, NULL); /* inherits our mask: blocked */
	while (!worker_tid)
		sleep_ms(1);
	/* Unblock in the worker only by using a second thread with an empty mask */
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 200 && !handled_by; i++)
		sleep_ms(5);
	printf("process signal handled by main (worker blocks it): %s\n", yesno(handled_by == getpid()));
	stop = 1;
	pthread_join(t, NULL);
	/* sigwait in a thread that blocks the signal. */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_t b;
	pthread_create(&b, NULL, blocker, NULL);
	sleep_ms(20);
	pthread_kill(b, SIGUSR1);
	void *r;
	pthread_join(b, &r);
	printf("sigwait in thread got: %s\n", signame((int)(long)r));
	EXPECT_ERR("tgkill to exited thread", syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1), ESRCH);
	return conf_end();
}
