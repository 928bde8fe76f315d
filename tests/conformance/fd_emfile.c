/* Conformance: RLIMIT_NOFILE bounds the fd table (EMFILE). */
#include "conf.h"

int main(void)
{
	conf_init();
	struct rlimit rl = { 16, 16 };
	EXPECT_OK("setrlimit NOFILE 16", setrlimit(RLIMIT_NOFILE, &rl));
	int n = 0, fd, last = -1;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0) {
		n++;
		last = fd;
	}
	printf("stopped with: %s\n", ename(errno));
	EXPECT_EQ("opened", n, 13);
	EXPECT_EQ("last fd", last, 15);
	EXPECT_ERR("dup at limit", dup(0), EMFILE);
	int p[2];
	EXPECT_ERR("pipe at limit", pipe(p), EMFILE);
	EXPECT_ERR("dup2 to fd >= limit", dup2(0, 16), EBADF);
	EXPECT_EQ("dup2 below limit", dup2(0, 15), 15);
	close(15);
	EXPECT_ERR("pipe with one free slot", pipe(p), EMFILE);
	close(14);
	EXPECT_OK("pipe with two free slots", pipe(p));
	printf("pipe fds: %d %d\n", p[0], p[1]);
	/* Lowering the limit below open fds is allowed; existing fds stay. */
	rl.rlim_cur = 5;
	EXPECT_OK("lower to 5", setrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_OK("fd 10 still open", fcntl(10, F_GETFD));
	EXPECT_ERR("new open fails", open("/dev/null", O_RDONLY), EMFILE);
	for (int i = 3; i < 16; i++)
		close(i);
	EXPECT_EQ("open after closing", open("/dev/null", O_RDONLY), 3);
	rl.rlim_cur = 17;
	EXPECT_ERR("soft above hard", setrlimit(RLIMIT_NOFILE, &rl), EINVAL);
	return conf_end();
}
