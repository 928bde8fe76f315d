/* Conformance: a wait4 that sleeps until its child exits returns the child,
 * even though the child's SIGCHLD arrives at the same moment and the
 * handler has no SA_RESTART (Linux's do_wait looks for the zombie before it
 * looks at pending signals); the handler runs as the call returns. */
#include "conf.h"

static volatile sig_atomic_t got_chld;

static void on_chld(int sig)
{
	(void)sig;
	got_chld++;
}

int main(void)
{
	conf_init();
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld; /* no SA_RESTART */
	sigaction(SIGCHLD, &sa, NULL);
	int returned_child = 0, interrupted = 0, handled = 0;
	for (int i = 0; i < 20; i++) {
		got_chld = 0;
		pid_t pid = fork();
		if (pid == 0) {
			sleep_ms(5);
			_exit(3);
		}
		int st = 0;
		pid_t r = waitpid(pid, &st, 0);
		if (r == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3)
			returned_child++;
		else if (r < 0 && errno == EINTR)
			interrupted++;
		if (got_chld)
			handled++;
		if (r != pid)
			waitpid(pid, &st, 0);
	}
	printf("wait4 returned the child: %d of 20, EINTR: %d\n", returned_child, interrupted);
	printf("SIGCHLD handled by the time wait4 returned: %d of 20\n", handled);
	return conf_end();
}
