/* Conformance: O_APPEND writes always land at end of file. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[64];
	write_file("f", "0123456789");
	int fd = open("f", O_WRONLY | O_APPEND);
	EXPECT_EQ("lseek 0", lseek(fd, 0, SEEK_SET), 0);
	EXPECT_EQ("write", write(fd, "ab", 2), 2);
	EXPECT_EQ("offset after append write", lseek(fd, 0, SEEK_CUR), 12);
	/* Linux quirk: pwrite on an O_APPEND fd appends, ignoring the offset. */
	EXPECT_EQ("pwrite at 0", pwrite(fd, "cd", 2, 0), 2);
	close(fd);
	read_file("f", buf, sizeof buf);
	EXPECT_STR("content", buf, "0123456789abcd");
	/* Two descriptors appending interleave without overwriting. */
	int a = open("f", O_WRONLY | O_APPEND), b = open("f", O_WRONLY | O_APPEND);
	write(a, "1", 1);
	write(b, "2", 1);
	write(a, "3", 1);
	close(a);
	close(b);
	read_file("f", buf, sizeof buf);
	EXPECT_STR("interleaved", buf, "0123456789abcd123");
	/* Clearing O_APPEND with F_SETFL goes back to positional writes. */
	fd = open("f", O_WRONLY | O_APPEND);
	fcntl(fd, F_SETFL, 0);
	lseek(fd, 0, SEEK_SET);
	write(fd, "X", 1);
	close(fd);
	read_file("f", buf, sizeof buf);
	EXPECT_STR("after clearing O_APPEND", buf, "X123456789abcd123");
	/* O_APPEND with O_RDWR: reads from offset, writes at end. */
	fd = open("f", O_RDWR | O_APPEND);
	char c;
	read(fd, &c, 1);
	printf("read first byte: %c\n", c);
	write(fd, "Z", 1);
	EXPECT_EQ("offset", lseek(fd, 0, SEEK_CUR), 18);
	close(fd);
	return conf_end();
}
