/* Conformance: writing to a pipe without readers: SIGPIPE, or EPIPE if ignored. */
#include "conf.h"

static volatile sig_atomic_t got_pipe;
static void on_pipe(int s) { got_pipe = s; }

int main(void)
{
	conf_init();
	int p[2];
	pipe(p);
	close(p[0]);
	pid_t pid = fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	printf("default action: %s\n", wait_child(pid));
	signal(SIGPIPE, SIG_IGN);
	EXPECT_ERR("ignored SIGPIPE -> EPIPE", write(p[1], "x", 1), EPIPE);
	signal(SIGPIPE, on_pipe);
	EXPECT_ERR("handled SIGPIPE -> EPIPE", write(p[1], "x", 1), EPIPE);
	printf("handler ran: %s\n", yesno(got_pipe == SIGPIPE));
	signal(SIGPIPE, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	EXPECT_ERR("blocked SIGPIPE -> EPIPE", write(p[1], "x", 1), EPIPE);
	sigset_t pend;
	sigpending(&pend);
	printf("SIGPIPE pending: %s\n", yesno(sigismember(&pend, SIGPIPE)));
	int sig;
	sigwait(&set, &sig);
	printf("sigwait got: %s\n", signame(sig));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	/* Reader closes while the writer is blocked on a full pipe. */
	int q[2];
	pipe(q);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		close(q[0]);
		static char big[200000];
		ssize_t r = write(q[1], big, sizeof big);
		printf("blocked writer got: %s\n", r < 0 ? ename(errno) : (r == 65536 ? "partial 65536" : "other"));
		_exit(0);
	}
	close(q[1]);
	sleep_ms(100);
	close(q[0]);
	printf("child: %s\n", wait_child(pid));
	return conf_end();
}
