/* Conformance: mkdir/rmdir/unlink errors on directories. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	struct stat st;
	EXPECT_OK("mkdir d", mkdir("d", 0755));
	EXPECT_ERR("mkdir existing", mkdir("d", 0755), EEXIST);
	EXPECT_ERR("mkdir missing parent", mkdir("x/y", 0755), ENOENT);
	write_file("f", "x");
	EXPECT_ERR("mkdir over file", mkdir("f", 0755), EEXIST);
	EXPECT_ERR("mkdir under file", mkdir("f/y", 0755), ENOTDIR);
	EXPECT_OK("mkdir trailing slash", mkdir("e/", 0755));
	stat("d", &st);
	EXPECT_EQ("new dir nlink", st.st_nlink, 2);
	mkdir("d/sub", 0755);
	stat("d", &st);
	EXPECT_EQ("nlink after subdir", st.st_nlink, 3);
	EXPECT_ERR("rmdir non-empty", rmdir("d"), ENOTEMPTY);
	EXPECT_ERR("rmdir file", rmdir("f"), ENOTDIR);
	EXPECT_ERR("rmdir missing", rmdir("nope"), ENOENT);
	EXPECT_ERR("rmdir .", rmdir("d/sub/."), EINVAL);
	EXPECT_ERR("rmdir ..", rmdir("d/sub/.."), ENOTEMPTY);
	EXPECT_ERR("unlink dir", unlink("d"), EISDIR);
	EXPECT_ERR("unlinkat dir without AT_REMOVEDIR", unlinkat(AT_FDCWD, "d/sub", 0), EISDIR);
	EXPECT_OK("unlinkat AT_REMOVEDIR", unlinkat(AT_FDCWD, "d/sub", AT_REMOVEDIR));
	EXPECT_ERR("unlinkat AT_REMOVEDIR on file", unlinkat(AT_FDCWD, "f", AT_REMOVEDIR), ENOTDIR);
	EXPECT_ERR("unlinkat bad flag", unlinkat(AT_FDCWD, "f", 0x1), EINVAL);
	stat("d", &st);
	EXPECT_EQ("nlink back to 2", st.st_nlink, 2);
	EXPECT_OK("rmdir empty", rmdir("d"));
	EXPECT_OK("rmdir trailing slash", rmdir("e/"));
	EXPECT_ERR("stat removed", stat("d", &st), ENOENT);
	umask(027);
	mkdir("m", 0777);
	stat("m", &st);
	printf("mkdir 0777 umask 027: %o\n", st.st_mode & 07777);
	umask(0);
	mkdir("s", 01777);
	stat("s", &st);
	printf("mkdir sticky: %o\n", st.st_mode & 07777);
	printf("is dir: %s\n", yesno(S_ISDIR(st.st_mode)));
	/* rmdir of the cwd succeeds; the cwd becomes unreachable. */
	mkdir("gone", 0755);
	chdir("gone");
	EXPECT_OK("rmdir cwd", rmdir("../gone"));
	EXPECT_ERR("create in removed cwd", open("new", O_CREAT | O_WRONLY, 0644), ENOENT);
	char buf[PATH_MAX];
	EXPECT_ERR("getcwd of removed dir", syscall(SYS_getcwd, buf, sizeof buf), ENOENT);
	chdir(conf_dir);
	return conf_end();
}
