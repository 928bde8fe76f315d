/* Conformance: lseek whence values, errors, SEEK_DATA/SEEK_HOLE. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	write(fd, "0123456789", 10);
	EXPECT_EQ("SEEK_SET 3", lseek(fd, 3, SEEK_SET), 3);
	EXPECT_EQ("SEEK_CUR +2", lseek(fd, 2, SEEK_CUR), 5);
	EXPECT_EQ("SEEK_CUR -1", lseek(fd, -1, SEEK_CUR), 4);
	EXPECT_EQ("SEEK_END 0", lseek(fd, 0, SEEK_END), 10);
	EXPECT_EQ("SEEK_END -3", lseek(fd, -3, SEEK_END), 7);
	EXPECT_ERR("negative result", lseek(fd, -100, SEEK_SET), EINVAL);
	EXPECT_EQ("offset kept after error", lseek(fd, 0, SEEK_CUR), 7);
	EXPECT_ERR("bad whence", lseek(fd, 0, 42), EINVAL);
	EXPECT_EQ("beyond end", lseek(fd, 1000, SEEK_SET), 1000);
	struct stat st;
	fstat(fd, &st);
	EXPECT_EQ("size unchanged by seek", st.st_size, 10);
	/* Data at [0,4096), hole, data at [1 MiB, 1 MiB + 4096). */
	static char page[4096];
	memset(page, 'd', sizeof page);
	pwrite(fd, page, sizeof page, 0);
	pwrite(fd, page, sizeof page, 1 << 20);
	off_t size = (1 << 20) + 4096;
	EXPECT_EQ("SEEK_DATA 0", lseek(fd, 0, SEEK_DATA), 0);
	off_t h = lseek(fd, 0, SEEK_HOLE);
	printf("SEEK_HOLE 0 is 4096 or EOF: %s\n", yesno(h == 4096 || h == size));
	off_t d = lseek(fd, 8192, SEEK_DATA);
	printf("SEEK_DATA 8192 in [8192, 1MiB]: %s\n", yesno(d >= 8192 && d <= (1 << 20)));
	EXPECT_EQ("SEEK_HOLE in last data", lseek(fd, (1 << 20) + 10, SEEK_HOLE), size);
	EXPECT_ERR("SEEK_DATA at EOF", lseek(fd, size, SEEK_DATA), ENXIO);
	EXPECT_ERR("SEEK_HOLE at EOF", lseek(fd, size, SEEK_HOLE), ENXIO);
	EXPECT_ERR("SEEK_DATA negative", lseek(fd, -1, SEEK_DATA), ENXIO);
	close(fd);
	int p[2];
	pipe(p);
	EXPECT_ERR("lseek pipe", lseek(p[0], 0, SEEK_CUR), ESPIPE);
	EXPECT_ERR("lseek bad fd", lseek(-1, 0, SEEK_SET), EBADF);
	fd = open("/dev/null", O_RDONLY);
	EXPECT_EQ("lseek /dev/null", lseek(fd, 123, SEEK_SET), 0);
	close(fd);
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	EXPECT_EQ("lseek dir rewind", lseek(dfd, 0, SEEK_SET), 0);
	close(dfd);
	return conf_end();
}
