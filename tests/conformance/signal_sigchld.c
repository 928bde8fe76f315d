/* Conformance: SIGCHLD on child exit; SIG_IGN/SA_NOCLDWAIT auto-reap. */
#include "conf.h"

static volatile int g_code, g_status, g_pid, g_count;

static void h(int s, siginfo_t *si, void *uc)
{
	g_code = si->si_code;
	g_status = si->si_status;
	g_pid = si->si_pid;
	g_count++;
}

static const char *cld(int c)
{
	switch (c) {
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_DUMPED: return "CLD_DUMPED";
	case CLD_STOPPED: return "CLD_STOPPED";
	case CLD_CONTINUED: return "CLD_CONTINUED";
	default: return "other";
	}
}

int main(void)
{
	conf_init();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &sa, NULL);
	sigset_t block, empty;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	while (!g_count)
		sigsuspend(&empty);
	printf("exit: code=%s status=%d pid matches=%s\n", cld(g_code), g_status, yesno(g_pid == pid));
	printf("reap: %s\n", wait_child(pid));
	g_count = 0;
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGKILL);
	while (!g_count)
		sigsuspend(&empty);
	printf("kill: code=%s status=%s\n", cld(g_code), signame(g_status));
	wait_child(pid);
	/* SA_NOCLDSTOP: no SIGCHLD for stops. */
	sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	g_count = 0;
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGSTOP);
	int st;
	waitpid(pid, &st, WUNTRACED);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	sigprocmask(SIG_BLOCK, &block, NULL);
	printf("SA_NOCLDSTOP: stop produced SIGCHLD: %s\n", yesno(g_count > 0));
	kill(pid, SIGKILL);
	wait_child(pid);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	/* SIG_IGN for SIGCHLD: children are reaped automatically. */
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(0);
	errno = 0;
	pid_t r = waitpid(pid, &st, 0);
	printf("SIG_IGN: waitpid=%s errno=%s\n", r == pid ? "pid" : "-1", ename(errno));
	/* SA_NOCLDWAIT likewise. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0)
		_exit(0);
	errno = 0;
	r = waitpid(pid, &st, 0);
	printf("SA_NOCLDWAIT: waitpid=%s errno=%s\n", r == pid ? "pid" : "-1", ename(errno));
	/* Default SIGCHLD: ignored, zombie remains until waited. */
	signal(SIGCHLD, SIG_DFL);
	pid = fork();
	if (pid == 0)
		_exit(5);
	sleep_ms(30);
	printf("default: %s\n", wait_child(pid));
	return conf_end();
}
