/* Conformance: default signal actions seen through wait status. */
#include "conf.h"

static pid_t child_raising(int sig, int ignore)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (ignore)
			signal(sig, SIG_IGN);
		raise(sig);
		_exit(42);
	}
	return pid;
}

int main(void)
{
	conf_init();
	/* Core-dumping signals: print only the signal, not WCOREDUMP (host core settings vary). */
	struct rlimit rl = { 0, 0 };
	setrlimit(RLIMIT_CORE, &rl);
	int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGALRM, SIGPIPE, SIGKILL, SIGQUIT,
		       SIGABRT, SIGSEGV, SIGCHLD, SIGURG, SIGWINCH, SIGCONT, SIGRTMIN };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		pid_t pid = child_raising(sigs[i], 0);
		int st;
		waitpid(pid, &st, 0);
		printf("default %-6s: %s\n", signame(sigs[i]), wstatus_str(st));
	}
	int ign[] = { SIGTERM, SIGINT, SIGUSR1, SIGSEGV };
	for (unsigned i = 0; i < sizeof ign / sizeof ign[0]; i++) {
		pid_t pid = child_raising(ign[i], 1);
		printf("ignored %-6s: %s\n", signame(ign[i]), wait_child(pid));
	}
	/* A real fault (not raise) with SIGSEGV ignored still kills. */
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGSEGV, SIG_IGN);
		*(volatile int *)8 = 1;
		_exit(42);
	}
	printf("fault with SIGSEGV ignored: %s\n", wait_child(pid));
	pid = fork();
	if (pid == 0) {
		abort();
	}
	printf("abort(): %s\n", wait_child(pid));
	/* Ignored dispositions survive exec (checked by a shell). */
	pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_IGN);
		execl("/bin/sh", "sh", "-c", "kill -TERM $$; exit 9", (char *)NULL);
		_exit(127);
	}
	printf("SIG_IGN survives exec: %s\n", wait_child(pid));
	return conf_end();
}
