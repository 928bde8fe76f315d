/* Conformance: SA_SIGINFO fields for kill, tgkill, sigqueue, and faults. */
#include "conf.h"

static volatile int g_signo, g_code, g_int, g_pid_ok, g_errno;

static void handler(int sig, siginfo_t *si, void *uc)
{
	g_signo = si->si_signo;
	g_code = si->si_code;
	g_pid_ok = si->si_pid == getpid();
	g_int = si->si_value.sival_int;
	g_errno = si->si_errno;
}

static const char *code(int c)
{
	switch (c) {
	case SI_USER: return "SI_USER";
	case SI_TKILL: return "SI_TKILL";
	case SI_QUEUE: return "SI_QUEUE";
	case SI_KERNEL: return "SI_KERNEL";
	case SI_TIMER: return "SI_TIMER";
	default: return "other";
	}
}

static void show(const char *label)
{
	printf("%s: signo=%s code=%s pid ok=%s errno=%d\n", label, signame(g_signo), code(g_code),
	       yesno(g_pid_ok), g_errno);
}

int main(void)
{
	conf_init();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGRTMIN, &sa, NULL);
	kill(getpid(), SIGUSR1);
	show("kill");
	syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
	show("tgkill");
	raise(SIGUSR1);
	show("raise");
	union sigval v = { .sival_int = 1234 };
	sigqueue(getpid(), SIGRTMIN, v);
	show("sigqueue");
	printf("sigqueue value: %d\n", g_int);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = 99;
	EXPECT_OK("rt_sigqueueinfo", syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si));
	printf("value via rt_sigqueueinfo: %d\n", g_int);
	/* Only self-directed rt_sigqueueinfo may forge a kernel si_code. */
	pid_t victim = fork();
	if (victim == 0) {
		for (;;)
			pause();
	}
	si.si_code = SI_KERNEL;
	EXPECT_ERR("rt_sigqueueinfo SI_KERNEL to another process",
		   syscall(SYS_rt_sigqueueinfo, victim, SIGUSR1, &si), EPERM);
	si.si_code = SI_TKILL;
	EXPECT_ERR("rt_sigqueueinfo SI_TKILL to another process",
		   syscall(SYS_rt_sigqueueinfo, victim, SIGUSR1, &si), EPERM);
	kill(victim, SIGKILL);
	printf("victim: %s\n", wait_child(victim));
	/* Child's kill: si_pid is the child, si_uid is 0. */
	static volatile pid_t from;
	pid_t parent = getpid();
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid_t pid = fork();
	if (pid == 0) {
		kill(parent, SIGUSR1);
		_exit(0);
	}
	siginfo_t got;
	sigwaitinfo(&set, &got);
	from = got.si_pid;
	printf("from child: signo=%s code=%s pid is child: %s uid=%u\n", signame(got.si_signo),
	       code(got.si_code), yesno(from == pid), got.si_uid);
	printf("child: %s\n", wait_child(pid));
	sigprocmask(SIG_SETMASK, &old, NULL);
	return conf_end();
}
