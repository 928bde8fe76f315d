/* Conformance: clone3 basics (fork-like), argument validation, CLONE_PIDFD. */
#include "conf.h"
#include <linux/sched.h>
#include <poll.h>

static long clone3(struct clone_args *a, size_t size) { return syscall(SYS_clone3, a, size); }

int main(void)
{
	conf_init();
	struct clone_args a;
	memset(&a, 0, sizeof a);
	a.exit_signal = SIGCHLD;
	long pid = clone3(&a, sizeof a);
	if (pid == 0)
		_exit(21);
	printf("clone3 returned pid>0: %s\n", yesno(pid > 0));
	printf("child: %s\n", wait_child(pid));
	EXPECT_ERR("size too small", clone3(&a, 8), EINVAL);
	EXPECT_ERR("EFAULT", syscall(SYS_clone3, (void *)1, sizeof a), EFAULT);
	memset(&a, 0, sizeof a);
	a.flags = CLONE_THREAD;
	EXPECT_ERR("CLONE_THREAD without CLONE_SIGHAND", clone3(&a, sizeof a), EINVAL);
	a.flags = CLONE_SIGHAND;
	EXPECT_ERR("CLONE_SIGHAND without CLONE_VM", clone3(&a, sizeof a), EINVAL);
	memset(&a, 0, sizeof a);
	a.exit_signal = 100;
	EXPECT_ERR("bad exit_signal", clone3(&a, sizeof a), EINVAL);
	/* Larger struct with non-zero tail bytes is rejected. */
	char big[sizeof a + 8];
	memset(big, 0, sizeof big);
	memcpy(big, &a, sizeof a);
	((struct clone_args *)big)->exit_signal = SIGCHLD;
	big[sizeof a + 3] = 1;
	EXPECT_ERR("non-zero tail", clone3((struct clone_args *)big, sizeof big), E2BIG);
	/* CLONE_PIDFD: pidfd becomes readable when the child exits. */
	int pidfd = -1;
	memset(&a, 0, sizeof a);
	a.flags = CLONE_PIDFD;
	a.pidfd = (unsigned long)&pidfd;
	a.exit_signal = SIGCHLD;
	pid = clone3(&a, sizeof a);
	if (pid == 0) {
		sleep_ms(30);
		_exit(2);
	}
	printf("pidfd valid: %s\n", yesno(pidfd >= 0));
	struct pollfd p = { pidfd, POLLIN, 0 };
	EXPECT_EQ("pidfd not ready while running", poll(&p, 1, 0), 0);
	EXPECT_EQ("pidfd ready on exit", poll(&p, 1, 2000), 1);
	printf("child: %s\n", wait_child(pid));
	/* exit_signal 0: no SIGCHLD, wait needs __WALL/__WCLONE. */
	memset(&a, 0, sizeof a);
	pid = clone3(&a, sizeof a);
	if (pid == 0)
		_exit(6);
	int st;
	CHECK("__WCLONE wait", waitpid(pid, &st, __WCLONE) == pid);
	printf("status: %s\n", wstatus_str(st));
	/* CLONE_VFORK: parent waits for the child's _exit. */
	static volatile int flag;
	memset(&a, 0, sizeof a);
	a.flags = CLONE_VFORK;
	a.exit_signal = SIGCHLD;
	long long t = now_ns();
	pid = clone3(&a, sizeof a);
	if (pid == 0) {
		sleep_ms(40);
		_exit(0);
	}
	printf("CLONE_VFORK parent waited: %s\n", yesno(now_ns() - t >= 35000000LL));
	wait_child(pid);
	(void)flag;
	return conf_end();
}
