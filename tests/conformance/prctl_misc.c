/* Conformance: PR_SET_NO_NEW_PRIVS, PR_GET_DUMPABLE, PR_SET_PDEATHSIG, errors. */
#include "conf.h"
#include <sys/prctl.h>

int main(void)
{
	conf_init();
	EXPECT_EQ("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE), 1);
	EXPECT_OK("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0));
	EXPECT_EQ("PR_GET_DUMPABLE now", prctl(PR_GET_DUMPABLE), 0);
	EXPECT_ERR("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2), EINVAL);
	prctl(PR_SET_DUMPABLE, 1);
	int sig = -1;
	prctl(PR_GET_PDEATHSIG, &sig);
	EXPECT_EQ("PR_GET_PDEATHSIG default", sig, 0);
	EXPECT_OK("PR_SET_PDEATHSIG", prctl(PR_SET_PDEATHSIG, SIGTERM));
	prctl(PR_GET_PDEATHSIG, &sig);
	EXPECT_EQ("PR_GET_PDEATHSIG", sig, SIGTERM);
	EXPECT_ERR("PR_SET_PDEATHSIG invalid", prctl(PR_SET_PDEATHSIG, 99), EINVAL);
	pid_t pid = fork();
	if (pid == 0) {
		int s = -1;
		prctl(PR_GET_PDEATHSIG, &s);
		_exit(s == 0 ? 0 : 1);
	}
	printf("pdeathsig cleared in child: %s\n", wait_child(pid));
	prctl(PR_SET_PDEATHSIG, 0);
	EXPECT_EQ("PR_GET_NO_NEW_PRIVS before", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0);
	pid = fork();
	if (pid == 0) {
		printf("child PR_SET_NO_NEW_PRIVS: %s\n",
		       prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 ? "ok" : ename(errno));
		printf("child PR_GET_NO_NEW_PRIVS: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		errno = 0;
		printf("child unset: %s\n", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0 ? "ok" : ename(errno));
		pid_t g = fork();
		if (g == 0)
			_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1);
		printf("grandchild inherits no_new_privs: %s\n", wait_child(g));
		execl("/bin/sh", "sh", "-c", "grep NoNewPrivs /proc/self/status", (char *)NULL);
		_exit(127);
	}
	wait_child(pid);
	EXPECT_ERR("PR_SET_NO_NEW_PRIVS with extra args", prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0), EINVAL);
	EXPECT_ERR("unknown option", prctl(0x7fffffff, 0, 0, 0, 0), EINVAL);
	EXPECT_EQ("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS), 0);
	EXPECT_EQ("PR_GET_TIMERSLACK > 0", prctl(PR_GET_TIMERSLACK) > 0, 1);
	EXPECT_EQ("PR_CAPBSET_READ CAP_CHOWN", prctl(PR_CAPBSET_READ, 0) >= 0, 1);
	EXPECT_ERR("PR_CAPBSET_READ invalid cap", prctl(PR_CAPBSET_READ, 1000), EINVAL);
	return conf_end();
}
