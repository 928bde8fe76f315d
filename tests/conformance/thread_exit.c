/* Conformance: a thread exiting leaves others running; exit_group ends all. */
#include "conf.h"
#include <pthread.h>

static volatile int progress;

static void *short_lived(void *arg) { pthread_exit((void *)7L); }

static void *long_lived(void *arg)
{
	for (int i = 0; i < 20; i++) {
		progress++;
		sleep_ms(5);
	}
	return NULL;
}

static void *exit_whole(void *arg)
{
	sleep_ms(30);
	exit(23);
}

static void *spin(void *arg)
{
	for (;;)
		sleep_ms(1);
	return NULL;
}

int main(void)
{
	conf_init();
	pthread_t a, b;
	pthread_create(&a, NULL, long_lived, NULL);
	pthread_create(&b, NULL, short_lived, NULL);
	void *r;
	pthread_join(b, &r);
	EXPECT_EQ("pthread_exit value", (long)r, 7);
	pthread_join(a, NULL);
	EXPECT_EQ("other thread kept running", progress, 20);
	/* Main thread exits with pthread_exit: process lives until the last thread. */
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, exit_whole, NULL);
		pthread_exit(NULL);
	}
	printf("main pthread_exit, worker exit(23): %s\n", wait_child(pid));
	pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, long_lived, NULL);
		pthread_exit(NULL);
	}
	printf("main pthread_exit, last thread returns: %s\n", wait_child(pid));
	/* exit() from a thread kills siblings. */
	pid = fork();
	if (pid == 0) {
		pthread_t t1, t2;
		pthread_create(&t1, NULL, spin, NULL);
		pthread_create(&t2, NULL, exit_whole, NULL);
		for (;;)
			pause();
	}
	printf("thread calls exit(23) while others spin: %s\n", wait_child(pid));
	/* A fatal signal sent to one thread kills the whole group. */
	pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, spin, NULL);
		sleep_ms(20);
		pthread_kill(t, SIGKILL);
		for (;;)
			pause();
	}
	printf("SIGKILL via pthread_kill: %s\n", wait_child(pid));
	pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, spin, NULL);
		/* Raw SYS_exit ends only the main thread; the worker spins on. */
		syscall(SYS_exit, 0);
	}
	sleep_ms(50);
	int st;
	EXPECT_EQ("process alive after main's SYS_exit", waitpid(pid, &st, WNOHANG), 0);
	kill(pid, SIGKILL);
	printf("then killed: %s\n", wait_child(pid));
	return conf_end();
}
