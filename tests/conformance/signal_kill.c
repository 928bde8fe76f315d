/* Conformance: kill/tgkill/tkill argument rules. */
#include "conf.h"

static volatile sig_atomic_t got;
static void h(int s) { got++; }

int main(void)
{
	conf_init();
	signal(SIGUSR1, h);
	EXPECT_OK("kill self 0 (probe)", kill(getpid(), 0));
	EXPECT_OK("kill self USR1", kill(getpid(), SIGUSR1));
	EXPECT_EQ("delivered", got, 1);
	EXPECT_ERR("invalid signal", kill(getpid(), 65), EINVAL);
	EXPECT_ERR("negative signal", kill(getpid(), -1), EINVAL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	wait_child(pid);
	EXPECT_ERR("reaped pid", kill(pid, 0), ESRCH);
	EXPECT_ERR("tgkill wrong tgid", syscall(SYS_tgkill, pid, gettid(), SIGUSR1), ESRCH);
	EXPECT_ERR("tgkill tid 0", syscall(SYS_tgkill, getpid(), 0, SIGUSR1), EINVAL);
	EXPECT_ERR("tgkill bad sig", syscall(SYS_tgkill, getpid(), gettid(), 100), EINVAL);
	EXPECT_OK("tgkill self", syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1));
	EXPECT_OK("tkill self", syscall(SYS_tkill, gettid(), SIGUSR1));
	EXPECT_EQ("delivered count", got, 3);
	EXPECT_ERR("tkill negative", syscall(SYS_tkill, -5, SIGUSR1), EINVAL);
	/* Zombie: signal 0 still succeeds until reaped. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	sleep_ms(50);
	EXPECT_OK("kill zombie 0", kill(pid, 0));
	wait_child(pid);
	/* Process group kill reaches all members. */
	pid_t kids[3];
	int ready[2];
	pipe(ready);
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			setpgid(0, i == 0 ? 0 : kids[0]);
			write(ready[1], "r", 1);
			for (;;)
				pause();
		}
		setpgid(kids[i], kids[0]);
	}
	char c;
	for (int i = 0; i < 3; i++)
		read(ready[0], &c, 1);
	EXPECT_OK("kill process group", kill(-kids[0], SIGTERM));
	for (int i = 0; i < 3; i++)
		printf("member %d: %s\n", i, wait_child(kids[i]));
	EXPECT_ERR("kill empty group", kill(-kids[0], SIGTERM), ESRCH);
	/* kill(0, sig) signals the caller's own group: do it in a child that
	 * leads a fresh group, so the harness's group is never hit. */
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		got = 0;
		if (kill(0, SIGUSR1) != 0)
			_exit(2);
		_exit(got == 1 ? 0 : 1);
	}
	printf("kill(0) in own group: %s\n", wait_child(pid));
	return conf_end();
}
