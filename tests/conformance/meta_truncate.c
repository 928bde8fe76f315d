/* Conformance: truncate/ftruncate growing, shrinking and errors. */
#include "conf.h"

static long fsize(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[32];
	write_file("f", "0123456789");
	EXPECT_OK("truncate shrink", truncate("f", 4));
	EXPECT_EQ("size", fsize("f"), 4);
	EXPECT_OK("truncate grow", truncate("f", 8));
	EXPECT_EQ("size", fsize("f"), 8);
	int fd = open("f", O_RDWR);
	EXPECT_EQ("read", read(fd, buf, sizeof buf), 8);
	CHECK("grown part is zero", memcmp(buf, "0123\0\0\0\0", 8) == 0);
	EXPECT_OK("ftruncate 2", ftruncate(fd, 2));
	EXPECT_EQ("offset unchanged", lseek(fd, 0, SEEK_CUR), 8);
	EXPECT_EQ("read past new EOF", read(fd, buf, sizeof buf), 0);
	write(fd, "Z", 1);
	EXPECT_EQ("write at old offset extends", fsize("f"), 9);
	EXPECT_ERR("ftruncate negative", ftruncate(fd, -1), EINVAL);
	close(fd);
	fd = open("f", O_RDONLY);
	EXPECT_ERR("ftruncate O_RDONLY", ftruncate(fd, 0), EINVAL);
	close(fd);
	EXPECT_ERR("truncate negative", truncate("f", -1), EINVAL);
	mkdir("d", 0755);
	EXPECT_ERR("truncate dir", truncate("d", 0), EISDIR);
	EXPECT_ERR("truncate missing", truncate("missing", 0), ENOENT);
	EXPECT_ERR("ftruncate bad fd", ftruncate(999, 0), EBADF);
	int p[2];
	pipe(p);
	EXPECT_ERR("ftruncate pipe", ftruncate(p[1], 0), EINVAL);
	symlink("f", "l");
	EXPECT_OK("truncate via symlink", truncate("l", 1));
	EXPECT_EQ("target size", fsize("f"), 1);
	fd = open("f", O_WRONLY | O_APPEND);
	EXPECT_OK("ftruncate O_APPEND fd", ftruncate(fd, 0));
	close(fd);
	EXPECT_EQ("size 0", fsize("f"), 0);
	EXPECT_OK("truncate to 1 GiB (sparse)", truncate("f", 1L << 30));
	EXPECT_EQ("big size", fsize("f"), 1L << 30);
	return conf_end();
}
