/* Conformance: O_NONBLOCK pipe reads and writes, partial large writes. */
#include "conf.h"

int main(void)
{
	conf_init();
	int p[2];
	pipe2(p, O_NONBLOCK);
	char buf[70000];
	EXPECT_ERR("read empty", read(p[0], buf, 1), EAGAIN);
	memset(buf, 'x', sizeof buf);
	EXPECT_EQ("write 61440", write(p[1], buf, 61440), 61440);
	/* 4096 bytes free: a write > PIPE_BUF is partial. */
	EXPECT_EQ("partial write of 10000", write(p[1], buf, 10000), 4096);
	EXPECT_ERR("write to full", write(p[1], buf, 1), EAGAIN);
	read(p[0], buf, 100);
	/* 100 bytes free: a write <= PIPE_BUF that doesn't fit fails whole. */
	EXPECT_ERR("atomic write of 200 with 100 free", write(p[1], buf, 200), EAGAIN);
	read(p[0], buf, 4000);
	EXPECT_EQ("write 200 after drain", write(p[1], buf, 200), 200);
	EXPECT_EQ("drain", read(p[0], buf, sizeof buf), 65536 - 4100 + 200);
	EXPECT_ERR("empty again", read(p[0], buf, 1), EAGAIN);
	close(p[1]);
	EXPECT_EQ("EOF beats EAGAIN", read(p[0], buf, 1), 0);
	close(p[0]);
	/* Nonblocking read end, blocking write end: only reads are affected. */
	pipe(p);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	write(p[1], "ab", 2);
	EXPECT_EQ("read available", read(p[0], buf, 10), 2);
	EXPECT_ERR("read empty", read(p[0], buf, 10), EAGAIN);
	/* Clearing O_NONBLOCK makes read block until data arrives. */
	fcntl(p[0], F_SETFL, 0);
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		write(p[1], "late", 4);
		_exit(0);
	}
	EXPECT_EQ("blocking read waits", read(p[0], buf, 10), 4);
	printf("child: %s\n", wait_child(pid));
	return conf_end();
}
