/* Conformance: sigtimedwait/sigwaitinfo/rt_sigtimedwait. */
#include "conf.h"

int main(void)
{
	conf_init();
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	struct timespec zero = { 0, 0 }, small = { 0, 30000000 };
	siginfo_t si;
	EXPECT_ERR("nothing pending, timeout 0", sigtimedwait(&set, &si, &zero), EAGAIN);
	long long t = now_ns();
	EXPECT_ERR("timeout 30ms", sigtimedwait(&set, &si, &small), EAGAIN);
	printf("waited >= 25ms: %s\n", yesno(now_ns() - t >= 25000000LL));
	raise(SIGUSR1);
	EXPECT_EQ("returns signo", sigtimedwait(&set, &si, &zero), SIGUSR1);
	printf("si_signo: %s\n", signame(si.si_signo));
	union sigval v;
	for (int i = 0; i < 3; i++) {
		v.sival_int = 10 + i;
		sigqueue(getpid(), SIGRTMIN, v);
	}
	for (int i = 0; i < 4; i++) {
		errno = 0;
		int r = sigtimedwait(&set, &si, &zero);
		if (r > 0)
			printf("rt %d: value %d\n", i, si.si_value.sival_int);
		else
			printf("rt %d: %s\n", i, ename(errno));
	}
	raise(SIGRTMIN);
	raise(SIGUSR1);
	EXPECT_EQ("lowest signal first", sigwaitinfo(&set, &si), SIGUSR1);
	EXPECT_EQ("then RT", sigwaitinfo(&set, &si), SIGRTMIN);
	/* Wait woken by a signal sent later from a child. */
	pid_t pid = conf_signal_later(SIGUSR1, 50);
	struct timespec big = { 5, 0 };
	EXPECT_EQ("woken by child", sigtimedwait(&set, &si, &big), SIGUSR1);
	printf("child: %s\n", wait_child(pid));
	struct timespec bad = { 0, 1000000000 };
	EXPECT_ERR("bad timespec", sigtimedwait(&set, &si, &bad), EINVAL);
	EXPECT_ERR("bad sigsetsize", syscall(SYS_rt_sigtimedwait, &set, &si, &zero, 4), EINVAL);
	/* A signal not in the set is not consumed; an unblocked signal with
	 * a handler interrupts the wait with EINTR. */
	sigset_t only;
	sigemptyset(&only);
	sigaddset(&only, SIGUSR2);
	sigprocmask(SIG_BLOCK, &only, NULL);
	raise(SIGUSR1);
	EXPECT_ERR("other signal pending", sigtimedwait(&only, &si, &zero), EAGAIN);
	sigset_t pend;
	sigpending(&pend);
	printf("USR1 still pending: %s\n", yesno(sigismember(&pend, SIGUSR1)));
	return conf_end();
}
