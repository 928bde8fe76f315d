/* Conformance: sigaction handlers, sa_mask, SA_RESETHAND, SA_NODEFER. */
#include "conf.h"

static volatile sig_atomic_t count, nested_blocked, depth, max_depth, calls;

static void on_usr1(int sig)
{
	count++;
	sigset_t cur;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	nested_blocked = sigismember(&cur, SIGUSR1) * 1 + sigismember(&cur, SIGUSR2) * 2;
}

static void recurse(int sig)
{
	depth++;
	calls++;
	if (depth > max_depth)
		max_depth = depth;
	/* Raise again from inside: nested only when SA_NODEFER. */
	if (calls < 3)
		raise(sig);
	depth--;
}

int main(void)
{
	conf_init();
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	EXPECT_OK("sigaction", sigaction(SIGUSR1, &sa, &old));
	printf("old was SIG_DFL: %s\n", yesno(old.sa_handler == SIG_DFL));
	raise(SIGUSR1);
	EXPECT_EQ("handler ran", count, 1);
	printf("in handler: USR1 blocked=%s USR2 blocked=%s\n", yesno(nested_blocked & 1), yesno(nested_blocked & 2));
	sigset_t cur;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	printf("mask restored after handler: %s\n", yesno(!sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2)));
	sigaction(SIGUSR1, NULL, &old);
	printf("query returns handler: %s\n", yesno(old.sa_handler == on_usr1));
	printf("query returns mask: %s\n", yesno(sigismember(&old.sa_mask, SIGUSR2)));
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &old);
	printf("SA_RESETHAND reset to default: %s\n", yesno(old.sa_handler == SIG_DFL));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = recurse;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	EXPECT_EQ("without SA_NODEFER: nested depth", max_depth, 1);
	EXPECT_EQ("without SA_NODEFER: calls", calls, 3);
	max_depth = 0;
	calls = 0;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	EXPECT_EQ("with SA_NODEFER: nested depth", max_depth, 3);
	EXPECT_ERR("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL), EINVAL);
	EXPECT_ERR("sigaction SIGSTOP", sigaction(SIGSTOP, &sa, NULL), EINVAL);
	EXPECT_ERR("sigaction signal 0", sigaction(0, &sa, NULL), EINVAL);
	EXPECT_ERR("sigaction signal 65", syscall(SYS_rt_sigaction, 65, NULL, NULL, 8), EINVAL);
	EXPECT_ERR("rt_sigaction bad sigsetsize", syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4), EINVAL);
	EXPECT_OK("query SIGKILL", sigaction(SIGKILL, NULL, &old));
	/* Handler inherited by fork, runs in the child. */
	count = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		raise(SIGUSR1);
		_exit(count == 1 ? 0 : 1);
	}
	printf("child handler ran: %s\n", wait_child(pid));
	/* signal() gives BSD semantics (SA_RESTART, handler stays). */
	signal(SIGUSR1, on_usr1);
	sigaction(SIGUSR1, NULL, &old);
	printf("signal() sets SA_RESTART: %s\n", yesno(old.sa_flags & SA_RESTART));
	raise(SIGUSR1);
	raise(SIGUSR1);
	EXPECT_EQ("signal() handler persists", count, 2);
	return conf_end();
}
