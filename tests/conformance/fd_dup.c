/* Conformance: dup/dup2/dup3 rules and shared open file descriptions. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	write_file("f", "0123456789");
	int fd = open("f", O_RDONLY);
	EXPECT_EQ("first open is 3", fd, 3);
	EXPECT_EQ("dup lowest free", dup(fd), 4);
	close(3);
	EXPECT_EQ("dup reuses 3", dup(4), 3);
	char c;
	read(3, &c, 1);
	EXPECT_EQ("offset shared with dup", lseek(4, 0, SEEK_CUR), 1);
	EXPECT_EQ("dup2 to 10", dup2(4, 10), 10);
	EXPECT_EQ("dup2 same fd", dup2(4, 4), 4);
	EXPECT_ERR("dup2 same bad fd", dup2(50, 50), EBADF);
	EXPECT_ERR("dup2 bad oldfd", dup2(50, 11), EBADF);
	EXPECT_ERR("dup2 newfd negative", dup2(4, -1), EBADF);
	EXPECT_ERR("dup2 newfd beyond rlimit", dup2(4, 1 << 30), EBADF);
	EXPECT_ERR("dup bad fd", dup(77), EBADF);
	EXPECT_ERR("dup3 same fd", dup3(4, 4, 0), EINVAL);
	EXPECT_ERR("dup3 bad flags", dup3(4, 12, O_NONBLOCK), EINVAL);
	EXPECT_EQ("dup3 O_CLOEXEC", dup3(4, 12, O_CLOEXEC), 12);
	printf("cloexec on 12: %s\n", yesno(fcntl(12, F_GETFD) & FD_CLOEXEC));
	printf("cloexec on 4: %s\n", yesno(fcntl(4, F_GETFD) & FD_CLOEXEC));
	/* dup2 over an open fd closes it silently; dup2 clears cloexec. */
	int g = open("f", O_RDONLY);
	EXPECT_EQ("g", g, 5);
	EXPECT_EQ("dup2 over open", dup2(12, g), 5);
	printf("dup2 result cloexec: %s\n", yesno(fcntl(5, F_GETFD) & FD_CLOEXEC));
	EXPECT_EQ("offset through replaced fd", lseek(5, 0, SEEK_CUR), 1);
	/* Flags set with F_SETFL are per open file description. */
	int p[2];
	pipe(p);
	int d = dup(p[0]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	printf("O_NONBLOCK visible through dup: %s\n", yesno(fcntl(d, F_GETFL) & O_NONBLOCK));
	/* Close of one dup leaves the other usable. */
	close(p[0]);
	EXPECT_ERR("read empty nonblocking via dup", read(d, &c, 1), EAGAIN);
	EXPECT_ERR("close twice", (close(d), close(d)), EBADF);
	return conf_end();
}
