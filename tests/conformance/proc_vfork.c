/* Conformance: vfork shares memory and suspends the parent until exec/_exit. */
#include "conf.h"

static volatile int shared;

int main(void)
{
	conf_init();
	shared = 1;
	long long t = now_ns();
	pid_t pid = vfork();
	if (pid == 0) {
		shared = 2;
		sleep_ms(50);
		_exit(5);
	}
	long long el = now_ns() - t;
	printf("parent resumed after child exit: %s\n", yesno(el >= 45000000LL));
	printf("child write visible: %d\n", shared);
	printf("child: %s\n", wait_child(pid));
	/* vfork + exec */
	pid = vfork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exit 12", (char *)NULL);
		_exit(127);
	}
	printf("vfork+exec: %s\n", wait_child(pid));
	/* vfork + failed exec: the child reports the errno through shared memory. */
	shared = 0;
	pid = vfork();
	if (pid == 0) {
		execl("/nonexistent/binary", "x", (char *)NULL);
		shared = errno;
		_exit(126);
	}
	printf("failed exec errno: %s, %s\n", ename(shared), wait_child(pid));
	/* clone(CLONE_VM|CLONE_VFORK) via posix_spawn-like path */
	#include <spawn.h>
	extern char **environ;
	char *argv[] = { "sh", "-c", "exit 4", NULL };
	pid_t sp;
	int r = posix_spawn(&sp, "/bin/sh", NULL, NULL, argv, environ);
	printf("posix_spawn: %s, %s\n", r == 0 ? "ok" : ename(r), wait_child(sp));
	char *bad[] = { "x", NULL };
	r = posix_spawn(&sp, "/nonexistent", NULL, NULL, bad, environ);
	printf("posix_spawn missing: %s\n", ename(r));
	return conf_end();
}
