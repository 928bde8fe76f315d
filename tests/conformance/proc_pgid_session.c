/* Conformance: setpgid/getpgid/setsid/getsid rules. */
#include "conf.h"

int main(void)
{
	conf_init();
	printf("getpgid(0)==getpgrp(): %s\n", yesno(getpgid(0) == getpgrp()));
	printf("getsid(0)==getsid(getpid()): %s\n", yesno(getsid(0) == getsid(getpid())));
	EXPECT_ERR("getpgid missing pid", getpgid(0x3ffffff), ESRCH);
	EXPECT_ERR("getsid missing pid", getsid(0x3ffffff), ESRCH);
	EXPECT_ERR("setpgid negative", setpgid(0, -1), EINVAL);
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(p[0], &c, 1);
		/* The parent made us a group leader; move back into the parent's
		 * group (same session: allowed), then setsid works. */
		errno = 0;
		printf("child rejoins parent's group: %s\n",
		       setpgid(0, getpgid(getppid())) < 0 ? ename(errno) : "ok");
		pid_t s = setsid();
		printf("child setsid: %s\n", s == getpid() ? "new session = pid" : ename(errno));
		printf("child getsid==pid: %s getpgrp==pid: %s\n", yesno(getsid(0) == getpid()),
		       yesno(getpgrp() == getpid()));
		errno = 0;
		printf("child setsid again: %s\n", setsid() < 0 ? ename(errno) : "ok");
		errno = 0;
		printf("setpgid into other session's group: %s\n",
		       setpgid(0, getppid()) < 0 ? ename(errno) : "ok");
		write(q[1], "d", 1);
		_exit(0);
	}
	EXPECT_OK("parent setpgid(child, child)", setpgid(pid, pid));
	printf("child pgid is child: %s\n", yesno(getpgid(pid) == pid));
	EXPECT_OK("setpgid(child, child) again", setpgid(pid, pid));
	EXPECT_ERR("setpgid(child, nonexistent group)", setpgid(pid, 0x3fffff0), EPERM);
	write(p[1], "g", 1);
	char c;
	read(q[0], &c, 1);
	sleep_ms(20);
	EXPECT_ERR("setpgid on child in another session", setpgid(pid, pid), EPERM);
	printf("child: %s\n", wait_child(pid));
	/* A pid that no longer exists (pid 1 may be ourselves in a sandbox). */
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	wait_child(gone);
	EXPECT_ERR("setpgid on nonexistent pid", setpgid(gone, gone), ESRCH);
	/* setpgid on a child that has exec'd: EACCES. */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		dup2(p[0], 0);
		execl("/bin/sh", "sh", "-c", "read x", (char *)NULL);
		_exit(127);
	}
	sleep_ms(100);
	EXPECT_ERR("setpgid after child exec", setpgid(pid, pid), EACCES);
	write(p[1], "\n", 1);
	printf("exec child: %s\n", wait_child(pid));
	/* A group leader cannot setsid. */
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		errno = 0;
		printf("group leader setsid: %s\n", setsid() < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	wait_child(pid);
	/* Children inherit pgid and sid. */
	pid = fork();
	if (pid == 0) {
		setsid();
		pid_t gc = fork();
		if (gc == 0) {
			printf("grandchild inherits sid: %s pgid: %s\n", yesno(getsid(0) == getppid()),
			       yesno(getpgrp() == getppid()));
			_exit(0);
		}
		wait_child(gc);
		_exit(0);
	}
	wait_child(pid);
	return conf_end();
}
