/* Conformance: waitid with siginfo, WNOWAIT, WNOHANG, P_ALL/P_PGID. */
#include "conf.h"

static const char *cld(int c)
{
	return c == CLD_EXITED ? "CLD_EXITED" : c == CLD_KILLED ? "CLD_KILLED" :
	       c == CLD_DUMPED ? "CLD_DUMPED" : c == CLD_STOPPED ? "CLD_STOPPED" :
	       c == CLD_CONTINUED ? "CLD_CONTINUED" : "other";
}

int main(void)
{
	conf_init();
	pid_t pid = fork();
	if (pid == 0)
		_exit(17);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	EXPECT_OK("waitid WEXITED|WNOWAIT", waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	printf("signo=%s code=%s status=%d pid ok=%s uid=%u\n", signame(si.si_signo), cld(si.si_code),
	       si.si_status, yesno(si.si_pid == pid), si.si_uid);
	memset(&si, 0, sizeof si);
	EXPECT_OK("waitid again (still there)", waitid(P_PID, pid, &si, WEXITED));
	printf("status=%d\n", si.si_status);
	EXPECT_ERR("reaped now", waitid(P_PID, pid, &si, WEXITED), ECHILD);
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	memset(&si, 0xff, sizeof si);
	EXPECT_OK("WNOHANG nothing ready", waitid(P_ALL, 0, &si, WEXITED | WNOHANG));
	printf("si_pid zeroed: %s\n", yesno(si.si_pid == 0));
	kill(pid, SIGTERM);
	memset(&si, 0, sizeof si);
	waitid(P_ALL, 0, &si, WEXITED);
	printf("killed: code=%s status=%s\n", cld(si.si_code), signame(si.si_status));
	EXPECT_ERR("no options", waitid(P_ALL, 0, &si, 0), EINVAL);
	EXPECT_ERR("bad idtype", waitid(42, 0, &si, WEXITED), EINVAL);
	EXPECT_ERR("no children", waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		_exit(3);
	}
	setpgid(pid, pid);
	memset(&si, 0, sizeof si);
	EXPECT_OK("P_PGID", waitid(P_PGID, pid, &si, WEXITED));
	printf("pgid child status=%d\n", si.si_status);
	/* P_PIDFD (Linux 5.4+). */
	pid = fork();
	if (pid == 0)
		_exit(8);
	int pfd = syscall(SYS_pidfd_open, pid, 0);
	if (pfd >= 0) {
		memset(&si, 0, sizeof si);
		EXPECT_OK("P_PIDFD", waitid(P_PIDFD, pfd, &si, WEXITED));
		printf("pidfd child status=%d\n", si.si_status);
		close(pfd);
	} else {
		printf("pidfd_open: %s\n", ename(errno));
	}
	return conf_end();
}
