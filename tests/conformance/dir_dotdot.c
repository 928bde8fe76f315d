/* Conformance: path resolution of ".", ".." and extra slashes. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[32];
	struct stat st, st2;
	mkdir("a", 0755);
	mkdir("a/b", 0755);
	write_file("a/c", "C");
	write_file("top", "T");
	read_file("a/b/../c", buf, sizeof buf);
	EXPECT_STR("a/b/../c", buf, "C");
	read_file("a/./b/./../../top", buf, sizeof buf);
	EXPECT_STR("dots", buf, "T");
	read_file("a//b///..//c", buf, sizeof buf);
	EXPECT_STR("multiple slashes", buf, "C");
	stat("/", &st);
	stat("/..", &st2);
	printf("/.. is /: %s\n", yesno(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev));
	stat("/../../..", &st2);
	printf("/../../.. is /: %s\n", yesno(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev));
	EXPECT_ERR("file/..", stat("top/..", &st), ENOTDIR);
	EXPECT_ERR("file/.", stat("top/.", &st), ENOTDIR);
	EXPECT_ERR("missing/..", stat("missing/..", &st), ENOENT);
	/* .. of a symlinked dir goes to the real parent. */
	mkdir("a/b/deep", 0755);
	symlink("a/b/deep", "shortcut");
	write_file("a/b/marker", "M");
	read_file("shortcut/../marker", buf, sizeof buf);
	EXPECT_STR("symlink then ..", buf, "M");
	chdir("a/b");
	read_file("../c", buf, sizeof buf);
	EXPECT_STR("relative .. from cwd", buf, "C");
	read_file("../../top", buf, sizeof buf);
	EXPECT_STR("two levels up", buf, "T");
	stat(".", &st);
	stat("deep/..", &st2);
	printf("deep/.. is .: %s\n", yesno(st.st_ino == st2.st_ino));
	chdir(conf_dir);
	int dfd = open("a/b", O_RDONLY | O_DIRECTORY);
	int fd = openat(dfd, "../c", O_RDONLY);
	printf("openat with ..: %s\n", fd >= 0 ? "ok" : ename(errno));
	close(fd);
	close(dfd);
	return conf_end();
}
