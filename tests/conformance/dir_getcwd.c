/* Conformance: getcwd, chdir, fchdir. */
#include "conf.h"

/* Print the cwd relative to the scratch directory. */
static void show(const char *label)
{
	char buf[PATH_MAX];
	if (!getcwd(buf, sizeof buf)) {
		printf("%s: errno=%s\n", label, ename(errno));
		return;
	}
	const char *rest = conf_tmp_rest(buf);
	if (rest)
		printf("%s: <tmp>%s\n", label, rest);
	else
		printf("%s: %s\n", label, buf);
}

int main(void)
{
	conf_init();
	conf_tmpdir_resolved();
	show("start");
	mkdir("a", 0755);
	mkdir("a/b", 0755);
	EXPECT_OK("chdir a/b", chdir("a/b"));
	show("after chdir");
	chdir("..");
	show("after ..");
	symlink("a/b", "../lnk");
	chdir("../lnk");
	show("after chdir through symlink");
	chdir(conf_dir);
	int fd = open("a", O_RDONLY | O_DIRECTORY);
	EXPECT_OK("fchdir", fchdir(fd));
	show("after fchdir");
	close(fd);
	fd = open("/dev/null", O_RDONLY);
	EXPECT_ERR("fchdir to non-dir", fchdir(fd), ENOTDIR);
	EXPECT_ERR("fchdir bad fd", fchdir(999), EBADF);
	close(fd);
	chdir(conf_dir);
	write_file("file", "x");
	EXPECT_ERR("chdir to file", chdir("file"), ENOTDIR);
	EXPECT_ERR("chdir missing", chdir("missing"), ENOENT);
	chdir("/");
	show("root");
	char small[2];
	EXPECT_ERR("getcwd size 0", syscall(SYS_getcwd, small, 0), ERANGE);
	chdir(conf_dir);
	EXPECT_ERR("getcwd too small", syscall(SYS_getcwd, small, 2), ERANGE);
	char buf[PATH_MAX];
	long n = syscall(SYS_getcwd, buf, sizeof buf);
	EXPECT_EQ("syscall returns length incl NUL", n, (long)strlen(buf) + 1);
	return conf_end();
}
