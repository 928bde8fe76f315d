/* Conformance: user/group ids (uid 0 natively in CI and inside the sandbox). */
#include "conf.h"
#include <grp.h>

int main(void)
{
	conf_init();
	printf("uid=%u euid=%u gid=%u egid=%u\n", getuid(), geteuid(), getgid(), getegid());
	uid_t r, e, s;
	getresuid(&r, &e, &s);
	printf("resuid=%u,%u,%u\n", r, e, s);
	gid_t gr, ge, gs;
	getresgid(&gr, &ge, &gs);
	printf("resgid=%u,%u,%u\n", gr, ge, gs);
	int n = getgroups(0, NULL);
	printf("getgroups(0) >= 0: %s\n", yesno(n >= 0));
	gid_t groups[256];
	if (n > 0) {
		gid_t small[1];
		errno = 0;
		if (n > 1)
			EXPECT_ERR("getgroups too small", getgroups(1, small), EINVAL);
		EXPECT_EQ("getgroups full", getgroups(256, groups), n);
	}
	EXPECT_ERR("getgroups negative", syscall(SYS_getgroups, -1, groups), EINVAL);
	/* Changing ids in a child, as root. */
	pid_t pid = fork();
	if (pid == 0) {
		printf("child setgroups: %s\n", setgroups(0, NULL) == 0 ? "ok" : ename(errno));
		printf("child setresgid(1000): %s\n", setresgid(1000, 1000, 1000) == 0 ? "ok" : ename(errno));
		printf("child setresuid(1000): %s\n", setresuid(1000, 1000, 1000) == 0 ? "ok" : ename(errno));
		printf("child now uid=%u euid=%u gid=%u\n", getuid(), geteuid(), getgid());
		errno = 0;
		printf("child setuid(0) back: %s\n", setuid(0) == 0 ? "ok" : ename(errno));
		errno = 0;
		printf("child kill parent: %s\n", kill(getppid(), 0) == 0 ? "ok" : ename(errno));
		_exit(0);
	}
	printf("child: %s\n", wait_child(pid));
	pid = fork();
	if (pid == 0) {
		seteuid(1234);
		printf("seteuid: uid=%u euid=%u\n", getuid(), geteuid());
		seteuid(0);
		printf("seteuid back: euid=%u\n", geteuid());
		_exit(0);
	}
	wait_child(pid);
	return conf_end();
}
