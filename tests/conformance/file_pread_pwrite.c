/* Conformance: pread/pwrite use explicit offsets and leave the file offset. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[32];
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	write(fd, "abcdefghij", 10);
	lseek(fd, 3, SEEK_SET);
	EXPECT_EQ("pwrite 2 at 0", pwrite(fd, "XY", 2, 0), 2);
	EXPECT_EQ("offset unchanged", lseek(fd, 0, SEEK_CUR), 3);
	EXPECT_EQ("pread 4 at 1", pread(fd, buf, 4, 1), 4);
	buf[4] = 0;
	EXPECT_STR("pread data", buf, "Ycde");
	EXPECT_EQ("offset still", lseek(fd, 0, SEEK_CUR), 3);
	EXPECT_ERR("pread negative offset", pread(fd, buf, 1, -1), EINVAL);
	EXPECT_ERR("pwrite negative offset", pwrite(fd, buf, 1, -5), EINVAL);
	EXPECT_EQ("pwrite at 100 creates hole", pwrite(fd, "Z", 1, 100), 1);
	struct stat st;
	fstat(fd, &st);
	EXPECT_EQ("size", st.st_size, 101);
	EXPECT_EQ("pread in hole", pread(fd, buf, 5, 50), 5);
	CHECK("hole reads zeros", memcmp(buf, "\0\0\0\0\0", 5) == 0);
	close(fd);
	int p[2];
	pipe(p);
	EXPECT_ERR("pread on pipe", pread(p[0], buf, 1, 0), ESPIPE);
	EXPECT_ERR("pwrite on pipe", pwrite(p[1], buf, 1, 0), ESPIPE);
	fd = open("f", O_RDONLY);
	EXPECT_ERR("pwrite on O_RDONLY", pwrite(fd, "a", 1, 0), EBADF);
	close(fd);
	fd = open("f", O_WRONLY);
	EXPECT_ERR("pread on O_WRONLY", pread(fd, buf, 1, 0), EBADF);
	close(fd);
	/* preadv/pwritev */
	fd = open("g", O_RDWR | O_CREAT, 0644);
	struct iovec iov[2] = { { "hello ", 6 }, { "world", 5 } };
	EXPECT_EQ("pwritev", pwritev(fd, iov, 2, 4), 11);
	char a[3], b[20];
	struct iovec rio[2] = { { a, 3 }, { b, 20 } };
	EXPECT_EQ("preadv", preadv(fd, rio, 2, 4), 11);
	b[8] = 0;
	printf("preadv parts: %.3s|%s\n", a, b);
	EXPECT_EQ("offset of g", lseek(fd, 0, SEEK_CUR), 0);
	close(fd);
	return conf_end();
}
