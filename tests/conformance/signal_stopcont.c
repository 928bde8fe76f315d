/* Conformance: SIGSTOP/SIGCONT and WUNTRACED/WCONTINUED reporting. */
#include "conf.h"

int main(void)
{
	conf_init();
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (int i = 0;; i++) {
			char c = 'a' + (i % 26);
			write(p[1], &c, 1);
			sleep_ms(5);
		}
	}
	close(p[1]);
	char c;
	read(p[0], &c, 1);
	kill(pid, SIGSTOP);
	int st;
	CHECK("waitpid WUNTRACED", waitpid(pid, &st, WUNTRACED) == pid);
	printf("status: %s\n", wstatus_str(st));
	EXPECT_EQ("stop reported once", waitpid(pid, &st, WUNTRACED | WNOHANG), 0);
	char buf[4096];
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	while (read(p[0], buf, sizeof buf) > 0)
		;
	sleep_ms(50);
	errno = 0;
	printf("stopped child writes nothing: %s\n", yesno(read(p[0], buf, sizeof buf) < 0 && errno == EAGAIN));
	char path[64], stat_buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	read_file(path, stat_buf, sizeof stat_buf);
	char *rp = strrchr(stat_buf, ')');
	printf("/proc state: %c\n", rp ? rp[2] : '?');
	kill(pid, SIGCONT);
	CHECK("waitpid WCONTINUED", waitpid(pid, &st, WCONTINUED) == pid);
	printf("status: %s\n", wstatus_str(st));
	fcntl(p[0], F_SETFL, 0);
	printf("running again: %s\n", yesno(read(p[0], buf, 1) == 1));
	/* Without WUNTRACED the stop is not reported. */
	kill(pid, SIGSTOP);
	sleep_ms(50);
	EXPECT_EQ("no WUNTRACED", waitpid(pid, &st, WNOHANG), 0);
	/* SIGKILL kills a stopped process. */
	kill(pid, SIGKILL);
	printf("killed while stopped: %s\n", wait_child(pid));
	/* SIGTERM to a stopped process stays pending until SIGCONT. */
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGTERM);
	sleep_ms(30);
	EXPECT_EQ("still stopped", waitpid(pid, &st, WNOHANG), 0);
	kill(pid, SIGCONT);
	printf("after SIGCONT: %s\n", wait_child(pid));
	/* waitid with WSTOPPED. */
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(4);
	}
	siginfo_t si;
	memset(&si, 0, sizeof si);
	EXPECT_OK("waitid WSTOPPED", waitid(P_PID, pid, &si, WSTOPPED));
	printf("waitid: code=%s status=%s\n", si.si_code == CLD_STOPPED ? "CLD_STOPPED" : "?",
	       signame(si.si_status));
	kill(pid, SIGCONT);
	printf("resumed child: %s\n", wait_child(pid));
	return conf_end();
}
