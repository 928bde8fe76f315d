/* Conformance: pipe/pipe2 basics: data, EOF, flags, fstat. */
#include "conf.h"

int main(void)
{
	conf_init();
	int p[2];
	char buf[64];
	EXPECT_OK("pipe", pipe(p));
	printf("fds: %d %d\n", p[0], p[1]);
	EXPECT_EQ("write", write(p[1], "hello", 5), 5);
	EXPECT_EQ("partial read", read(p[0], buf, 2), 2);
	EXPECT_EQ("rest", read(p[0], buf, sizeof buf), 3);
	EXPECT_ERR("read on write end", read(p[1], buf, 1), EBADF);
	EXPECT_ERR("write on read end", write(p[0], "x", 1), EBADF);
	write(p[1], "tail", 4);
	close(p[1]);
	EXPECT_EQ("data before EOF", read(p[0], buf, sizeof buf), 4);
	EXPECT_EQ("EOF", read(p[0], buf, sizeof buf), 0);
	EXPECT_EQ("EOF again", read(p[0], buf, sizeof buf), 0);
	close(p[0]);
	EXPECT_OK("pipe2 flags", pipe2(p, O_CLOEXEC | O_NONBLOCK));
	printf("cloexec: %s %s\n", yesno(fcntl(p[0], F_GETFD) & FD_CLOEXEC), yesno(fcntl(p[1], F_GETFD) & FD_CLOEXEC));
	printf("nonblock: %s %s\n", yesno(fcntl(p[0], F_GETFL) & O_NONBLOCK), yesno(fcntl(p[1], F_GETFL) & O_NONBLOCK));
	printf("accmode: %s %s\n", (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY ? "rdonly" : "?",
	       (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY ? "wronly" : "?");
	EXPECT_ERR("pipe2 bad flags", pipe2(p, O_APPEND), EINVAL);
	EXPECT_ERR("pipe EFAULT", syscall(SYS_pipe2, (void *)1, 0), EFAULT);
	struct stat st;
	fstat(p[0], &st);
	printf("fifo: %s size=%ld\n", yesno(S_ISFIFO(st.st_mode)), (long)st.st_size);
	/* Data written by a child arrives; EOF only after all writers close. */
	int q[2];
	pipe(q);
	pid_t pid = fork();
	if (pid == 0) {
		close(q[0]);
		for (int i = 0; i < 3; i++) {
			char m[8];
			int n = snprintf(m, sizeof m, "m%d;", i);
			write(q[1], m, n);
			sleep_ms(10);
		}
		_exit(0);
	}
	close(q[1]);
	size_t got = 0;
	ssize_t r;
	while ((r = read(q[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += r;
	buf[got] = 0;
	EXPECT_STR("from child", buf, "m0;m1;m2;");
	printf("child: %s\n", wait_child(pid));
	/* Large transfer through a pipe with a child reader. */
	pipe(q);
	pid = fork();
	if (pid == 0) {
		close(q[1]);
		long total = 0;
		unsigned sum = 0;
		unsigned char b[4096];
		while ((r = read(q[0], b, sizeof b)) > 0) {
			for (ssize_t i = 0; i < r; i++)
				sum += b[i];
			total += r;
		}
		printf("child read %ld bytes sum %u\n", total, sum);
		_exit(0);
	}
	close(q[0]);
	static unsigned char big[1 << 20];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)i;
	EXPECT_EQ("write 1 MiB blocking", write(q[1], big, sizeof big), 1 << 20);
	close(q[1]);
	printf("child: %s\n", wait_child(pid));
	return conf_end();
}
