/* Conformance: getrlimit/setrlimit/prlimit64 round trips and errors. */
#include "conf.h"
#include <sys/resource.h>

int main(void)
{
	conf_init();
	struct rlimit rl, got;
	EXPECT_OK("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl));
	printf("soft <= hard: %s\n", yesno(rl.rlim_cur <= rl.rlim_max));
	rl.rlim_cur = 100;
	rl.rlim_max = 200;
	EXPECT_OK("setrlimit 100/200", setrlimit(RLIMIT_NOFILE, &rl));
	getrlimit(RLIMIT_NOFILE, &got);
	printf("read back: %lu/%lu\n", (unsigned long)got.rlim_cur, (unsigned long)got.rlim_max);
	rl.rlim_cur = 300;
	EXPECT_ERR("soft > hard", setrlimit(RLIMIT_NOFILE, &rl), EINVAL);
	EXPECT_ERR("bad resource get", getrlimit(99, &got), EINVAL);
	EXPECT_ERR("bad resource set", setrlimit(99, &got), EINVAL);
	struct rlimit64 { unsigned long long cur, max; } n = { 50, 150 }, o;
	EXPECT_OK("prlimit64 set+get", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &n, &o));
	printf("prlimit old: %llu/%llu\n", o.cur, o.max);
	EXPECT_OK("prlimit64 get self by pid", syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, NULL, &o));
	printf("prlimit now: %llu/%llu\n", o.cur, o.max);
	EXPECT_ERR("prlimit64 missing pid", syscall(SYS_prlimit64, 0x3fffff0, RLIMIT_NOFILE, NULL, &o), ESRCH);
	/* Raising a hard limit needs CAP_SYS_RESOURCE, which the native run
	 * may lack even as uid 0: only lower limits here. */
	/* Limits are inherited by children. */
	rl.rlim_cur = 77;
	rl.rlim_max = 150;
	setrlimit(RLIMIT_NOFILE, &rl);
	pid_t pid = fork();
	if (pid == 0) {
		getrlimit(RLIMIT_NOFILE, &got);
		_exit(got.rlim_cur == 77 ? 0 : 1);
	}
	printf("inherited: %s\n", wait_child(pid));
	/* Other resources round-trip too. */
	int res[] = { RLIMIT_CORE, RLIMIT_STACK, RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_NPROC, RLIMIT_AS,
		      RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_RTPRIO, RLIMIT_SIGPENDING };
	for (unsigned i = 0; i < sizeof res / sizeof res[0]; i++) {
		struct rlimit a, b;
		getrlimit(res[i], &a);
		b = a;
		/* Only finite limits are lowered: a soft limit of RLIM_INFINITY-1
		 * on RLIMIT_FSIZE would make every file write raise SIGXFSZ. */
		if (b.rlim_cur > 0 && b.rlim_cur != RLIM_INFINITY)
			b.rlim_cur--;
		int r = setrlimit(res[i], &b);
		getrlimit(res[i], &a);
		printf("resource %d round trip: %s\n", res[i], r == 0 && a.rlim_cur == b.rlim_cur ? "ok" : ename(errno));
	}
	/* RLIMIT_FSIZE: writing beyond it raises SIGXFSZ / EFBIG.  The limit
	 * also applies to a stdout redirected to a file, so the child reports
	 * through a pipe and the parent prints. */
	conf_tmpdir();
	int rep[2];
	pipe(rep);
	pid = fork();
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit f = { 10, 10 };
		setrlimit(RLIMIT_FSIZE, &f);
		int fd = open("big", O_CREAT | O_WRONLY, 0644);
		long res[2];
		res[0] = write(fd, "0123456789abcdef", 16);
		errno = 0;
		res[1] = write(fd, "x", 1) < 0 ? errno : 0;
		write(rep[1], res, sizeof res);
		_exit(0);
	}
	close(rep[1]); /* EOF instead of a hang if the child dies early */
	long fsz[2] = { -1, -1 };
	read(rep[0], fsz, sizeof fsz);
	wait_child(pid);
	printf("write 16 with FSIZE 10: %ld\n", fsz[0]);
	printf("write past limit: %s\n", ename((int)fsz[1]));
	pid = fork();
	if (pid == 0) {
		struct rlimit f = { 10, 10 };
		setrlimit(RLIMIT_FSIZE, &f);
		int fd = open("big2", O_CREAT | O_WRONLY, 0644);
		lseek(fd, 10, SEEK_SET);
		write(fd, "x", 1);
		_exit(0);
	}
	printf("default SIGXFSZ: %s\n", wait_child(pid));
	return conf_end();
}
