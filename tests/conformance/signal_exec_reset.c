/* Conformance: exec resets handled signals to default, keeps ignored ones and the mask. */
#include "conf.h"

static void h(int s) { (void)s; }

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "report") == 0) {
		struct sigaction sa;
		sigaction(SIGUSR1, NULL, &sa);
		printf("USR1 (was handled): %s\n", sa.sa_handler == SIG_DFL ? "SIG_DFL" : "other");
		sigaction(SIGUSR2, NULL, &sa);
		printf("USR2 (was ignored): %s\n", sa.sa_handler == SIG_IGN ? "SIG_IGN" : "other");
		sigaction(SIGCHLD, NULL, &sa);
		printf("CHLD (was handled): %s\n", sa.sa_handler == SIG_DFL ? "SIG_DFL" : "other");
		sigset_t m, p;
		sigprocmask(SIG_SETMASK, NULL, &m);
		printf("TERM still blocked: %s\n", yesno(sigismember(&m, SIGTERM)));
		sigpending(&p);
		printf("TERM still pending: %s\n", yesno(sigismember(&p, SIGTERM)));
		stack_t ss;
		sigaltstack(NULL, &ss);
		printf("altstack cleared: %s\n", yesno(ss.ss_flags == SS_DISABLE));
		return 0;
	}
	conf_init();
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, h);
		signal(SIGUSR2, SIG_IGN);
		signal(SIGCHLD, h);
		static char stk[65536];
		stack_t ss = { .ss_sp = stk, .ss_size = sizeof stk };
		sigaltstack(&ss, NULL);
		sigset_t m;
		sigemptyset(&m);
		sigaddset(&m, SIGTERM);
		sigprocmask(SIG_BLOCK, &m, NULL);
		raise(SIGTERM);
		execl("/proc/self/exe", "signal_exec_reset", "report", (char *)NULL);
		_exit(127);
	}
	printf("child: %s\n", wait_child(pid));
	return conf_end();
}
