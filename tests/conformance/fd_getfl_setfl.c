/* Conformance: F_GETFL/F_SETFL and F_GETFD/F_SETFD. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	write_file("f", "x");
	int fd = open("f", O_RDWR);
	int fl = fcntl(fd, F_GETFL);
	printf("accmode O_RDWR: %s\n", yesno((fl & O_ACCMODE) == O_RDWR));
	EXPECT_OK("set O_NONBLOCK|O_APPEND", fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND));
	fl = fcntl(fd, F_GETFL);
	printf("nonblock: %s append: %s\n", yesno(fl & O_NONBLOCK), yesno(fl & O_APPEND));
	EXPECT_OK("F_SETFL access mode ignored", fcntl(fd, F_SETFL, O_RDONLY));
	fl = fcntl(fd, F_GETFL);
	printf("still O_RDWR: %s\n", yesno((fl & O_ACCMODE) == O_RDWR));
	printf("flags cleared: %s\n", yesno(!(fl & (O_NONBLOCK | O_APPEND))));
	fcntl(fd, F_SETFL, O_CREAT | O_EXCL | O_TRUNC);
	fl = fcntl(fd, F_GETFL);
	printf("creation flags ignored: %s\n", yesno(!(fl & (O_CREAT | O_EXCL | O_TRUNC))));
	int ro = open("f", O_RDONLY);
	printf("O_RDONLY accmode: %s\n", yesno((fcntl(ro, F_GETFL) & O_ACCMODE) == O_RDONLY));
	int wo = open("f", O_WRONLY | O_APPEND);
	fl = fcntl(wo, F_GETFL);
	printf("O_WRONLY|O_APPEND: %s\n", yesno((fl & O_ACCMODE) == O_WRONLY && (fl & O_APPEND)));
	EXPECT_EQ("F_GETFD default", fcntl(fd, F_GETFD), 0);
	EXPECT_OK("F_SETFD", fcntl(fd, F_SETFD, FD_CLOEXEC));
	EXPECT_EQ("F_GETFD after set", fcntl(fd, F_GETFD), FD_CLOEXEC);
	EXPECT_OK("F_SETFD unknown bits", fcntl(fd, F_SETFD, 0xfe));
	EXPECT_EQ("F_GETFD keeps only cloexec", fcntl(fd, F_GETFD), 0);
	EXPECT_ERR("F_GETFL bad fd", fcntl(999, F_GETFL), EBADF);
	EXPECT_ERR("F_SETFD bad fd", fcntl(999, F_SETFD, 0), EBADF);
	/* Nonblocking pipe behaviour follows F_SETFL. */
	int p[2];
	pipe(p);
	char c;
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	EXPECT_ERR("nonblocking read", read(p[0], &c, 1), EAGAIN);
	/* O_APPEND set later makes writes append. */
	int w = open("f", O_WRONLY);
	fcntl(w, F_SETFL, O_APPEND);
	write(w, "y", 1);
	struct stat st;
	fstat(w, &st);
	EXPECT_EQ("size after append", st.st_size, 2);
	/* F_GETOWN defaults to 0. */
	EXPECT_EQ("F_GETOWN", fcntl(p[0], F_GETOWN), 0);
	return conf_end();
}
