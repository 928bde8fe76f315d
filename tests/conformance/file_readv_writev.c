/* Conformance: scatter/gather I/O. */
#include "conf.h"
#include <sys/uio.h>

int main(void)
{
	conf_init();
	conf_tmpdir();
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	struct iovec w[3] = { { "one,", 4 }, { "", 0 }, { "two,three", 9 } };
	EXPECT_EQ("writev", writev(fd, w, 3), 13);
	lseek(fd, 0, SEEK_SET);
	char a[2], b[5], c[100];
	struct iovec r[3] = { { a, 2 }, { b, 5 }, { c, 100 } };
	EXPECT_EQ("readv", readv(fd, r, 3), 13);
	c[6] = 0;
	printf("parts: %.2s|%.5s|%s\n", a, b, c);
	EXPECT_EQ("readv at EOF", readv(fd, r, 3), 0);
	EXPECT_EQ("writev iovcnt 0", writev(fd, w, 0), 0);
	EXPECT_ERR("writev iovcnt -1", syscall(SYS_writev, fd, w, -1), EINVAL);
	EXPECT_ERR("writev iovcnt > IOV_MAX", syscall(SYS_writev, fd, w, 1025), EINVAL);
	struct iovec huge[1] = { { c, (size_t)-1 } };
	EXPECT_ERR("readv negative iov_len", readv(fd, huge, 1), EINVAL);
	struct iovec bad[2] = { { "ok", 2 }, { (void *)1, 10 } };
	lseek(fd, 0, SEEK_END);
	/* Partial transfer wins over a fault in a later iovec. */
	EXPECT_EQ("writev with faulting 2nd iov", writev(fd, bad, 2), 2);
	struct iovec allbad[1] = { { (void *)1, 10 } };
	EXPECT_ERR("writev faulting only iov", writev(fd, allbad, 1), EFAULT);
	close(fd);
	/* writev to a pipe keeps order. */
	int p[2];
	pipe(p);
	EXPECT_EQ("writev pipe", writev(p[1], w, 3), 13);
	char pb[32] = { 0 };
	EXPECT_EQ("read pipe", read(p[0], pb, sizeof pb - 1), 13);
	EXPECT_STR("pipe data", pb, "one,two,three");
	return conf_end();
}
