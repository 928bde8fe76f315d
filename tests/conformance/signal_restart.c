/* Conformance: SA_RESTART restarts a blocking pipe read; without it, EINTR. */
#include "conf.h"
#include <sys/time.h>

static volatile sig_atomic_t hits;
static void on_alrm(int s) { hits++; }

static void arm(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	conf_init();
	int p[2];
	pipe(p);
	char buf[8];
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);
	arm(50);
	errno = 0;
	ssize_t r = read(p[0], buf, sizeof buf);
	printf("without SA_RESTART: ret=%zd errno=%s handler=%d\n", r, ename(errno), hits);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	hits = 0;
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(300);
		write(p[1], "data", 4);
		_exit(0);
	}
	arm(50);
	r = read(p[0], buf, sizeof buf);
	printf("with SA_RESTART: ret=%zd handler=%d\n", r, hits);
	printf("child: %s\n", wait_child(pid));
	/* wait4 is restarted too. */
	hits = 0;
	pid = fork();
	if (pid == 0) {
		sleep_ms(200);
		_exit(3);
	}
	arm(50);
	int st;
	r = waitpid(pid, &st, 0);
	printf("waitpid restarted: %s status=%s handler=%d\n", yesno(r == pid), wstatus_str(st), hits);
	/* nanosleep is never restarted: EINTR with the remaining time. */
	hits = 0;
	arm(50);
	struct timespec req = { 1, 0 }, rem = { 0, 0 };
	errno = 0;
	int n = nanosleep(&req, &rem);
	printf("nanosleep: ret=%d errno=%s rem in (0.5s, 1s): %s\n", n, ename(errno),
	       yesno(rem.tv_sec == 0 && rem.tv_nsec > 500000000));
	/* Interrupted write to a full pipe returns EINTR if nothing was written. */
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, NULL);
	int q[2];
	pipe(q);
	static char big[65536];
	write(q[1], big, sizeof big);
	arm(50);
	errno = 0;
	r = write(q[1], "x", 1);
	printf("write to full pipe: ret=%zd errno=%s\n", r, ename(errno));
	/* poll is not restarted even with SA_RESTART. */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	arm(50);
	#include <poll.h>
	struct pollfd pf = { p[0], POLLIN, 0 };
	errno = 0;
	n = poll(&pf, 1, 2000);
	printf("poll with SA_RESTART: ret=%d errno=%s\n", n, ename(errno));
	return conf_end();
}
