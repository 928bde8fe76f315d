/* Conformance: copy_file_range offsets, partial copies and errors. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[64];
	write_file("src", "0123456789");
	int in = open("src", O_RDONLY);
	int out = open("dst", O_RDWR | O_CREAT | O_TRUNC, 0644);
	EXPECT_EQ("copy 4", copy_file_range(in, NULL, out, NULL, 4, 0), 4);
	EXPECT_EQ("in offset", lseek(in, 0, SEEK_CUR), 4);
	EXPECT_EQ("out offset", lseek(out, 0, SEEK_CUR), 4);
	loff_t ioff = 8, ooff = 10;
	EXPECT_EQ("copy with offsets, short at EOF", copy_file_range(in, &ioff, out, &ooff, 100, 0), 2);
	EXPECT_EQ("ioff", ioff, 10);
	EXPECT_EQ("ooff", ooff, 12);
	EXPECT_EQ("fd offsets untouched", lseek(in, 0, SEEK_CUR) + lseek(out, 0, SEEK_CUR), 8);
	EXPECT_EQ("copy at EOF", copy_file_range(in, &ioff, out, &ooff, 100, 0), 0);
	struct stat st;
	fstat(out, &st);
	EXPECT_EQ("dst size", st.st_size, 12);
	pread(out, buf, 12, 0);
	CHECK("dst content", memcmp(buf, "0123\0\0\0\0\0\0" "89", 12) == 0);
	EXPECT_ERR("flags != 0", copy_file_range(in, NULL, out, NULL, 1, 1), EINVAL);
	int rw = open("src", O_RDWR);
	loff_t a = 0, b = 2;
	EXPECT_ERR("same file overlapping", copy_file_range(rw, &a, rw, &b, 5, 0), EINVAL);
	a = 0; b = 5;
	EXPECT_EQ("same file non-overlapping", copy_file_range(rw, &a, rw, &b, 5, 0), 5);
	read_file("src", buf, sizeof buf);
	EXPECT_STR("src now", buf, "0123401234");
	int ro = open("src", O_RDONLY);
	EXPECT_ERR("out O_RDONLY", copy_file_range(in, NULL, ro, NULL, 1, 0), EBADF);
	int ap = open("dst", O_WRONLY | O_APPEND);
	EXPECT_ERR("out O_APPEND", copy_file_range(in, NULL, ap, NULL, 1, 0), EBADF);
	int d = open(".", O_RDONLY);
	EXPECT_ERR("in is dir", copy_file_range(d, NULL, out, NULL, 1, 0), EISDIR);
	int p[2];
	pipe(p);
	EXPECT_ERR("in is pipe", copy_file_range(p[0], NULL, out, NULL, 1, 0), EINVAL);
	return conf_end();
}
