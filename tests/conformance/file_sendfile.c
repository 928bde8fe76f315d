/* Conformance: sendfile between files and into pipes. */
#include "conf.h"
#include <sys/sendfile.h>

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[64];
	write_file("src", "abcdefghijklmnopqrstuvwxyz");
	int in = open("src", O_RDONLY);
	int out = open("dst", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	EXPECT_EQ("sendfile 10", sendfile(out, in, NULL, 10), 10);
	EXPECT_EQ("in offset advanced", lseek(in, 0, SEEK_CUR), 10);
	off_t off = 20;
	EXPECT_EQ("sendfile with offset, partial at EOF", sendfile(out, in, &off, 100), 6);
	EXPECT_EQ("offset updated", off, 26);
	EXPECT_EQ("in offset untouched", lseek(in, 0, SEEK_CUR), 10);
	EXPECT_EQ("sendfile at EOF", sendfile(out, in, &off, 100), 0);
	EXPECT_EQ("sendfile count 0", sendfile(out, in, NULL, 0), 0);
	close(out);
	read_file("dst", buf, sizeof buf);
	EXPECT_STR("dst", buf, "abcdefghijuvwxyz");
	int p[2];
	pipe(p);
	off = 0;
	EXPECT_EQ("sendfile to pipe", sendfile(p[1], in, &off, 5), 5);
	memset(buf, 0, sizeof buf);
	read(p[0], buf, sizeof buf);
	EXPECT_STR("pipe got", buf, "abcde");
	EXPECT_ERR("sendfile from O_WRONLY", sendfile(p[1], open("dst", O_WRONLY), NULL, 1), EBADF);
	int ro = open("dst", O_RDONLY);
	EXPECT_ERR("sendfile to O_RDONLY", sendfile(ro, in, NULL, 1), EBADF);
	EXPECT_ERR("sendfile bad in fd", sendfile(p[1], 999, NULL, 1), EBADF);
	off = -1;
	EXPECT_ERR("sendfile negative offset", sendfile(p[1], in, &off, 1), EINVAL);
	return conf_end();
}
