/* Conformance: a vfork child that forks, takes a signal, or outlives its
 * parent's exit_group from another thread (on seccomp-trap it runs on the
 * parent's host thread meanwhile: platform/seccomp_trap.c's st_lend). */
#include <pthread.h>
#include "conf.h"

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got++;
}

static void *exit_group_soon(void *arg)
{
	(void)arg;
	sleep_ms(20);
	exit(7);
}

int main(void)
{
	conf_init();
	/* A vfork child forks a grandchild and reaps it before it exits. */
	pid_t pid = vfork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0)
			_exit(3);
		int st;
		waitpid(g, &st, 0);
		_exit(WIFEXITED(st) ? 10 + WEXITSTATUS(st) : 99);
	}
	printf("vfork child that forked: %s\n", wait_child(pid));

	/* A handler runs in the vfork child (its copy of the dispositions). */
	signal(SIGUSR1, on_usr1);
	pid = vfork();
	if (pid == 0) {
		raise(SIGUSR1);
		_exit(got == 1 ? 0 : 1);
	}
	printf("signal handled in the vfork child: %s\n", wait_child(pid));
	signal(SIGUSR1, SIG_DFL);

	/* Another thread of the parent calls exit while one waits in vfork:
	 * the parent is gone, the child goes on to exec. */
	int p[2];
	if (pipe(p) < 0)
		return 1;
	pid_t parent = fork();
	if (parent == 0) {
		close(p[0]);
		pthread_t t;
		pthread_create(&t, NULL, exit_group_soon, NULL);
		pid_t c = vfork();
		if (c == 0) {
			sleep_ms(60);
			dup2(p[1], 1);
			execl("/bin/sh", "sh", "-c", "echo the vfork child outlived the group", (char *)NULL);
			_exit(127);
		}
		for (;;)
			pause();
	}
	close(p[1]);
	printf("parent group: %s\n", wait_child(parent));
	print_pipe_line(p[0], "from the orphan");
	return conf_end();
}
