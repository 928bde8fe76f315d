/* Conformance: fork, exit codes, and the raw wait status encoding. */
#include "conf.h"

int main(void)
{
	conf_init();
	int codes[] = { 0, 1, 42, 255, 256, 257, -1 };
	for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(codes[i]);
		int st;
		waitpid(pid, &st, 0);
		printf("_exit(%d): raw=0x%x %s\n", codes[i], st, wstatus_str(st));
	}
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st, 0);
	printf("SIGKILL: raw=0x%x\n", st);
	/* exit() from main's return value. */
	pid = fork();
	if (pid == 0)
		exit(3);
	printf("exit(3): %s\n", wait_child(pid));
	/* Fork returns 0 in the child, the child's pid in the parent. */
	int p[2];
	pipe(p);
	pid = fork();
	if (pid == 0) {
		pid_t me = getpid();
		write(p[1], &me, sizeof me);
		_exit(0);
	}
	pid_t reported;
	read(p[0], &reported, sizeof reported);
	printf("fork returned child's pid: %s\n", yesno(reported == pid));
	printf("pid > 0: %s, differs from parent: %s\n", yesno(pid > 0), yesno(pid != getpid()));
	wait_child(pid);
	/* Memory is copied, not shared. */
	static int value = 1;
	pid = fork();
	if (pid == 0) {
		value = 2;
		_exit(value);
	}
	printf("child saw copy: %s parent value: %d\n", wait_child(pid), value);
	/* wait() with no children. */
	EXPECT_ERR("wait without children", wait(&st), ECHILD);
	EXPECT_ERR("waitpid of non-child (our parent)", waitpid(getppid(), &st, 0), ECHILD);
	EXPECT_ERR("waitpid bad options", waitpid(-1, &st, 0x1000), EINVAL);
	/* wait(-1) collects children in any order: count them. */
	for (int i = 0; i < 5; i++)
		if (fork() == 0)
			_exit(10 + i);
	int sum = 0, n = 0;
	while ((pid = wait(&st)) > 0) {
		sum += WEXITSTATUS(st);
		n++;
	}
	printf("collected %d children, exit sum %d\n", n, sum);
	/* waitpid(0) waits for the caller's process group; waitpid(-pgid) for a group. */
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		_exit(6);
	}
	setpgid(pid, pid);
	sleep_ms(20);
	EXPECT_ERR("waitpid(0): no child in our group", waitpid(0, &st, WNOHANG), ECHILD);
	CHECK("waitpid(-pgid) finds it", waitpid(-pid, &st, 0) == pid);
	return conf_end();
}
