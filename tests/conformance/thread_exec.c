/* Conformance: execve from a non-main thread kills the other threads; pid is kept. */
#include "conf.h"
#include <pthread.h>

static char pidbuf[32];

static void *spin(void *arg)
{
	for (;;)
		sleep_ms(1);
	return NULL;
}

static void *do_exec(void *arg)
{
	sleep_ms(20);
	execl("/proc/self/exe", "thread_exec", "after", pidbuf, (char *)NULL);
	printf("exec failed: %s\n", ename(errno));
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "after") == 0) {
		printf("after exec: pid kept: %s\n", yesno(atoi(argv[2]) == getpid()));
		printf("after exec: tid == pid: %s\n", yesno(gettid() == getpid()));
		char buf[4096];
		read_file("/proc/self/status", buf, sizeof buf);
		char *th = strstr(buf, "Threads:");
		printf("after exec: %.10s\n", th ? th : "missing");
		return 0;
	}
	conf_init();
	pid_t pid = fork();
	if (pid == 0) {
		snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
		pthread_t t1, t2, t3;
		pthread_create(&t1, NULL, spin, NULL);
		pthread_create(&t2, NULL, spin, NULL);
		pthread_create(&t3, NULL, do_exec, NULL);
		for (;;)
			pause();
	}
	printf("child: %s\n", wait_child(pid));
	return conf_end();
}
