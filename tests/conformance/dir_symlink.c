/* Conformance: symlink creation, readlink, lstat vs stat. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[64];
	struct stat st;
	write_file("target", "hello");
	EXPECT_OK("symlink", symlink("target", "ln"));
	EXPECT_ERR("symlink existing", symlink("target", "ln"), EEXIST);
	EXPECT_ERR("symlink empty target", symlink("", "empty"), ENOENT);
	EXPECT_EQ("readlink", readlink("ln", buf, sizeof buf), 6);
	EXPECT_EQ("readlink truncated", readlink("ln", buf, 3), 3);
	CHECK("truncated bytes", memcmp(buf, "tar", 3) == 0);
	EXPECT_ERR("readlink bufsize 0", readlink("ln", buf, 0), EINVAL);
	EXPECT_ERR("readlink on file", readlink("target", buf, sizeof buf), EINVAL);
	EXPECT_ERR("readlink missing", readlink("nope", buf, sizeof buf), ENOENT);
	lstat("ln", &st);
	printf("lstat is link: %s, size %ld\n", yesno(S_ISLNK(st.st_mode)), (long)st.st_size);
	printf("link mode: %o\n", st.st_mode & 0777);
	stat("ln", &st);
	printf("stat is reg: %s, size %ld\n", yesno(S_ISREG(st.st_mode)), (long)st.st_size);
	symlink("/nonexistent/path/x", "abs");
	EXPECT_EQ("readlink absolute", readlink("abs", buf, sizeof buf), 19);
	EXPECT_ERR("stat dangling", stat("abs", &st), ENOENT);
	EXPECT_OK("lstat dangling", lstat("abs", &st));
	mkdir("d", 0755);
	write_file("d/inner", "in");
	symlink("d", "ld");
	symlink("../target", "d/up");
	read_file("ld/inner", buf, sizeof buf);
	EXPECT_STR("through dir link", buf, "in");
	read_file("ld/up", buf, sizeof buf);
	EXPECT_STR("relative to link's dir", buf, "hello");
	/* Long target (near PATH_MAX) */
	char longt[4000];
	memset(longt, 'x', sizeof longt - 1);
	longt[sizeof longt - 1] = 0;
	EXPECT_OK("symlink 3999-byte target", symlink(longt, "long"));
	char rb[4096];
	EXPECT_EQ("readlink long", readlink("long", rb, sizeof rb), 3999);
	char toolong[5000];
	memset(toolong, 'y', sizeof toolong - 1);
	toolong[sizeof toolong - 1] = 0;
	EXPECT_ERR("symlink target > PATH_MAX", symlink(toolong, "toolong"), ENAMETOOLONG);
	EXPECT_OK("symlinkat", symlinkat("target", AT_FDCWD, "ln2"));
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	EXPECT_EQ("readlinkat", readlinkat(dfd, "up", buf, sizeof buf), 9);
	close(dfd);
	return conf_end();
}
