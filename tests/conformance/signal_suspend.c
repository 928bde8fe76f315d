/* Conformance: sigsuspend atomically swaps the mask and waits. */
#include "conf.h"

static volatile sig_atomic_t got, mask_had_usr2;

static void h(int s)
{
	got = s;
	sigset_t m;
	sigprocmask(SIG_SETMASK, NULL, &m);
	mask_had_usr2 = sigismember(&m, SIGUSR2);
}

int main(void)
{
	conf_init();
	signal(SIGUSR1, h);
	sigset_t block, old, during;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR1);
	printf("blocked, not delivered: %s\n", yesno(got == 0));
	sigemptyset(&during);
	sigaddset(&during, SIGUSR2);
	errno = 0;
	int r = sigsuspend(&during);
	printf("sigsuspend: ret=%d errno=%s handler got %s\n", r, ename(errno), signame(got));
	printf("temporary mask in effect in handler (USR2 blocked): %s\n", yesno(mask_had_usr2));
	sigset_t now;
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("mask restored (USR1 blocked, USR2 not): %s\n",
	       yesno(sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2)));
	/* Wait for a signal sent later by a child. */
	got = 0;
	pid_t parent = getpid();
	pid_t pid = conf_signal_later(SIGUSR1, 50);
	sigemptyset(&during);
	while (!got)
		sigsuspend(&during);
	printf("woken by child: %s\n", signame(got));
	printf("child: %s\n", wait_child(pid));
	/* A signal ignored during sigsuspend does not wake it; a handled one does. */
	signal(SIGUSR2, SIG_IGN);
	got = 0;
	pid = fork();
	if (pid == 0) {
		kill(parent, SIGUSR2);
		sleep_ms(50);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	sigsuspend(&during);
	printf("woken by: %s\n", signame(got));
	printf("child: %s\n", wait_child(pid));
	/* pause() returns EINTR after a handler. */
	sigprocmask(SIG_SETMASK, &old, NULL);
	got = 0;
	pid = conf_signal_later(SIGUSR1, 50);
	errno = 0;
	r = pause();
	printf("pause: ret=%d errno=%s\n", r, ename(errno));
	printf("child: %s\n", wait_child(pid));
	return conf_end();
}
