/* Conformance: short reads at end of file and zero-length I/O. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[100];
	write_file("f", "0123456789");
	int fd = open("f", O_RDONLY);
	EXPECT_EQ("read 100 of 10", read(fd, buf, 100), 10);
	EXPECT_EQ("read at EOF", read(fd, buf, 100), 0);
	lseek(fd, 8, SEEK_SET);
	EXPECT_EQ("read at 8", read(fd, buf, 100), 2);
	EXPECT_EQ("read 0 bytes", read(fd, buf, 0), 0);
	lseek(fd, 100, SEEK_SET);
	EXPECT_EQ("read past EOF", read(fd, buf, 10), 0);
	EXPECT_EQ("pread past EOF", pread(fd, buf, 10, 1000), 0);
	EXPECT_EQ("pread straddling EOF", pread(fd, buf, 10, 5), 5);
	buf[5] = 0;
	EXPECT_STR("pread data", buf, "56789");
	close(fd);
	/* The file grows under an open reader: the next read sees new data. */
	fd = open("f", O_RDONLY);
	read(fd, buf, 100);
	int w = open("f", O_WRONLY | O_APPEND);
	write(w, "ab", 2);
	close(w);
	EXPECT_EQ("read after growth", read(fd, buf, 100), 2);
	close(fd);
	/* Empty file. */
	close(open("empty", O_CREAT | O_WRONLY, 0644));
	fd = open("empty", O_RDONLY);
	EXPECT_EQ("read empty", read(fd, buf, 10), 0);
	close(fd);
	/* Large read of a multi-page file returns it in full. */
	fd = open("big", O_CREAT | O_RDWR, 0644);
	static char big[200000], in[300000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7);
	EXPECT_EQ("write 200000", write(fd, big, sizeof big), 200000);
	lseek(fd, 0, SEEK_SET);
	ssize_t got = 0, r;
	while ((r = read(fd, in + got, sizeof in - got)) > 0)
		got += r;
	EXPECT_EQ("total read", got, 200000);
	CHECK("content matches", memcmp(big, in, sizeof big) == 0);
	close(fd);
	return conf_end();
}
