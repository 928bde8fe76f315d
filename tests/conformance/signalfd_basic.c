/* Conformance: signalfd reads blocked signals as siginfo records. */
#include "conf.h"
#include <sys/signalfd.h>
#include <poll.h>

int main(void)
{
	conf_init();
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	EXPECT_OK("signalfd", fd);
	struct signalfd_siginfo si;
	EXPECT_ERR("nothing pending", read(fd, &si, sizeof si), EAGAIN);
	kill(getpid(), SIGUSR1);
	struct pollfd p = { fd, POLLIN, 0 };
	EXPECT_EQ("poll readable", poll(&p, 1, 0), 1);
	EXPECT_EQ("read", read(fd, &si, sizeof si), sizeof si);
	printf("signo=%s code=%s pid matches: %s uid=%u\n", signame(si.ssi_signo),
	       si.ssi_code == SI_USER ? "SI_USER" : "?", yesno(si.ssi_pid == (unsigned)getpid()), si.ssi_uid);
	sigset_t pend;
	sigpending(&pend);
	printf("consumed: %s\n", yesno(!sigismember(&pend, SIGUSR1)));
	union sigval v = { .sival_int = 77 };
	sigqueue(getpid(), SIGUSR2, v);
	raise(SIGUSR1);
	struct signalfd_siginfo two[2];
	EXPECT_EQ("read two", read(fd, two, sizeof two), 2 * sizeof si);
	printf("first: %s second: %s\n", signame(two[0].ssi_signo), signame(two[1].ssi_signo));
	for (int i = 0; i < 2; i++)
		if (two[i].ssi_signo == SIGUSR2)
			printf("sigqueue code=%s int=%d\n", two[i].ssi_code == SI_QUEUE ? "SI_QUEUE" : "?", two[i].ssi_int);
	EXPECT_ERR("short buffer", read(fd, &si, 10), EINVAL);
	/* Changing the mask of an existing signalfd. */
	sigset_t only2;
	sigemptyset(&only2);
	sigaddset(&only2, SIGUSR2);
	EXPECT_EQ("update mask", signalfd(fd, &only2, 0), fd);
	raise(SIGUSR1);
	EXPECT_ERR("USR1 no longer read", read(fd, &si, sizeof si), EAGAIN);
	sigpending(&pend);
	printf("USR1 still pending: %s\n", yesno(sigismember(&pend, SIGUSR1)));
	int n;
	sigwait(&set, &n);
	EXPECT_ERR("bad flags", signalfd(-1, &set, 0x1), EINVAL);
	int nfd = open("/dev/null", O_RDONLY);
	EXPECT_ERR("fd not signalfd", signalfd(nfd, &set, 0), EINVAL);
	/* Blocking read woken by a child's kill. */
	close(fd);
	fd = signalfd(-1, &set, 0);
	pid_t pid = conf_signal_later(SIGUSR2, 50);
	EXPECT_EQ("blocking read", read(fd, &si, sizeof si), sizeof si);
	printf("from child: %s pid matches: %s\n", signame(si.ssi_signo), yesno(si.ssi_pid == (unsigned)pid));
	printf("child: %s\n", wait_child(pid));
	return conf_end();
}
