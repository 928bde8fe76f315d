/* Conformance: flock(2) locks belong to open file descriptions. */
#include "conf.h"
#include <sys/file.h>

int main(void)
{
	conf_init();
	conf_tmpdir();
	write_file("f", "x");
	int a = open("f", O_RDONLY);
	int b = open("f", O_RDONLY);
	EXPECT_OK("LOCK_EX on a", flock(a, LOCK_EX));
	EXPECT_ERR("LOCK_EX|LOCK_NB on b", flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	EXPECT_ERR("LOCK_SH|LOCK_NB on b", flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	int d = dup(a);
	EXPECT_OK("dup shares lock (relock ok)", flock(d, LOCK_EX | LOCK_NB));
	EXPECT_OK("convert to shared", flock(a, LOCK_SH));
	EXPECT_OK("b shared", flock(b, LOCK_SH | LOCK_NB));
	int c = open("f", O_RDONLY);
	EXPECT_ERR("c exclusive while shared", flock(c, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	flock(b, LOCK_UN);
	flock(a, LOCK_UN);
	EXPECT_OK("c exclusive after unlock", flock(c, LOCK_EX | LOCK_NB));
	close(c);
	EXPECT_OK("close released lock", flock(a, LOCK_EX | LOCK_NB));
	/* Child inherits the description and the lock. */
	pid_t pid = fork();
	if (pid == 0) {
		printf("child relock inherited: %s\n", flock(a, LOCK_EX | LOCK_NB) < 0 ? ename(errno) : "ok");
		int e = open("f", O_RDONLY);
		printf("child new open: %s\n", flock(e, LOCK_EX | LOCK_NB) < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	printf("child: %s\n", wait_child(pid));
	/* A blocked LOCK_EX waits for the holder. */
	int sync[2];
	pipe(sync);
	pid = fork();
	if (pid == 0) {
		int e = open("f", O_RDONLY);
		write(sync[1], "r", 1);
		long long t = now_ns();
		flock(e, LOCK_EX);
		printf("child waited for lock: %s\n", yesno(now_ns() - t > 50000000LL));
		_exit(0);
	}
	char ch;
	read(sync[0], &ch, 1);
	sleep_ms(150);
	flock(a, LOCK_UN);
	printf("child: %s\n", wait_child(pid));
	EXPECT_ERR("bad operation", flock(a, 0), EINVAL);
	EXPECT_ERR("bad fd", flock(999, LOCK_EX), EBADF);
	return conf_end();
}
