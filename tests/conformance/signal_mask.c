/* Conformance: sigprocmask blocking, pending sets, delivery on unblock. */
#include "conf.h"

static volatile sig_atomic_t got[65];
static void h(int s) { got[s]++; }

int main(void)
{
	conf_init();
	signal(SIGUSR1, h);
	signal(SIGUSR2, h);
	signal(SIGRTMIN + 1, h);
	sigset_t set, old, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN + 1);
	EXPECT_OK("block", sigprocmask(SIG_BLOCK, &set, &old));
	printf("old mask empty: %s\n", yesno(sigisemptyset(&old)));
	raise(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGRTMIN + 1);
	raise(SIGRTMIN + 1);
	raise(SIGUSR2);
	printf("USR1 handled while blocked: %d, USR2 handled: %d\n", got[SIGUSR1], got[SIGUSR2]);
	sigpending(&pend);
	printf("pending USR1=%s RT1=%s USR2=%s\n", yesno(sigismember(&pend, SIGUSR1)),
	       yesno(sigismember(&pend, SIGRTMIN + 1)), yesno(sigismember(&pend, SIGUSR2)));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("after unblock: USR1 count=%d (standard signals coalesce), RT count=%d (queued)\n",
	       got[SIGUSR1], got[SIGRTMIN + 1]);
	sigpending(&pend);
	printf("nothing pending: %s\n", yesno(sigisemptyset(&pend)));
	/* SIGKILL and SIGSTOP cannot be blocked: silently dropped from the mask. */
	sigfillset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &old);
	printf("KILL in mask: %s, STOP in mask: %s, TERM in mask: %s\n", yesno(sigismember(&old, SIGKILL)),
	       yesno(sigismember(&old, SIGSTOP)), yesno(sigismember(&old, SIGTERM)));
	EXPECT_ERR("bad how", syscall(SYS_rt_sigprocmask, 99, &set, NULL, 8), EINVAL);
	EXPECT_ERR("bad sigsetsize", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), EINVAL);
	EXPECT_OK("bad how with NULL set is ok", syscall(SYS_rt_sigprocmask, 99, NULL, &old, 8));
	EXPECT_ERR("EFAULT", syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)1, NULL, 8), EFAULT);
	/* Mask is inherited across fork; pending signals are not. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_SETMASK, &set, NULL);
	raise(SIGUSR2);
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t m, p;
		sigprocmask(SIG_SETMASK, NULL, &m);
		sigpending(&p);
		printf("child: mask has USR2=%s, pending USR2=%s\n", yesno(sigismember(&m, SIGUSR2)),
		       yesno(sigismember(&p, SIGUSR2)));
		_exit(0);
	}
	printf("child: %s\n", wait_child(pid));
	/* A blocked, ignored signal is discarded at generation. */
	signal(SIGUSR2, SIG_IGN);
	sigpending(&pend);
	printf("setting SIG_IGN discards pending: %s\n", yesno(!sigismember(&pend, SIGUSR2)));
	raise(SIGUSR2);
	sigpending(&pend);
	printf("ignored+blocked raise pending: %s\n", yesno(sigismember(&pend, SIGUSR2)));
	return conf_end();
}
