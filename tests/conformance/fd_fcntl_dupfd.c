/* Conformance: F_DUPFD / F_DUPFD_CLOEXEC pick the lowest free fd >= arg. */
#include "conf.h"

int main(void)
{
	conf_init();
	int fd = open("/dev/null", O_RDONLY);
	EXPECT_EQ("open", fd, 3);
	EXPECT_EQ("F_DUPFD 0", fcntl(fd, F_DUPFD, 0), 4);
	EXPECT_EQ("F_DUPFD 10", fcntl(fd, F_DUPFD, 10), 10);
	EXPECT_EQ("F_DUPFD 10 again", fcntl(fd, F_DUPFD, 10), 11);
	close(10);
	EXPECT_EQ("F_DUPFD 5 fills gap", fcntl(fd, F_DUPFD, 5), 5);
	EXPECT_EQ("F_DUPFD 9 -> 9", fcntl(fd, F_DUPFD, 9), 9);
	EXPECT_EQ("F_DUPFD 9 -> 10", fcntl(fd, F_DUPFD, 9), 10);
	int c = fcntl(fd, F_DUPFD_CLOEXEC, 20);
	EXPECT_EQ("F_DUPFD_CLOEXEC 20", c, 20);
	printf("cloexec: %s\n", yesno(fcntl(c, F_GETFD) & FD_CLOEXEC));
	printf("F_DUPFD no cloexec: %s\n", yesno(!(fcntl(10, F_GETFD) & FD_CLOEXEC)));
	EXPECT_ERR("F_DUPFD negative", fcntl(fd, F_DUPFD, -1), EINVAL);
	EXPECT_ERR("F_DUPFD beyond rlimit", fcntl(fd, F_DUPFD, 1 << 30), EINVAL);
	EXPECT_ERR("F_DUPFD bad fd", fcntl(99, F_DUPFD, 0), EBADF);
	struct rlimit rl = { 30, 30 };
	setrlimit(RLIMIT_NOFILE, &rl);
	EXPECT_EQ("F_DUPFD 29 with limit 30", fcntl(fd, F_DUPFD, 29), 29);
	EXPECT_ERR("F_DUPFD 29 again (no room)", fcntl(fd, F_DUPFD, 29), EMFILE);
	EXPECT_ERR("F_DUPFD 30 with limit 30", fcntl(fd, F_DUPFD, 30), EINVAL);
	EXPECT_ERR("bad fcntl cmd", fcntl(fd, 12345), EINVAL);
	return conf_end();
}
