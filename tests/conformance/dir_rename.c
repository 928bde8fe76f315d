/* Conformance: rename/renameat2 rules. */
#include "conf.h"

static int rn2(const char *a, const char *b, unsigned flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[32];
	struct stat st;
	write_file("a", "A");
	write_file("b", "B");
	mkdir("d1", 0755);
	mkdir("d2", 0755);
	mkdir("full", 0755);
	write_file("full/x", "x");
	EXPECT_OK("file over file", rename("a", "b"));
	read_file("b", buf, sizeof buf);
	EXPECT_STR("b now", buf, "A");
	EXPECT_ERR("old gone", stat("a", &st), ENOENT);
	EXPECT_ERR("missing source", rename("a", "c"), ENOENT);
	EXPECT_OK("dir over empty dir", rename("d1", "d2"));
	EXPECT_ERR("dir over non-empty dir", rename("d2", "full"), ENOTEMPTY);
	EXPECT_ERR("file over dir", rename("b", "d2"), EISDIR);
	EXPECT_ERR("dir over file", rename("d2", "b"), ENOTDIR);
	EXPECT_ERR("dir into own subdir", rename("full", "full/sub"), EINVAL);
	EXPECT_OK("same name", rename("b", "b"));
	link("b", "b2");
	EXPECT_OK("hard link onto itself", rename("b", "b2"));
	printf("both names remain: %s\n", yesno(stat("b", &st) == 0 && stat("b2", &st) == 0));
	EXPECT_ERR("rename .", rename(".", "x"), EBUSY);
	EXPECT_ERR("rename to ..", rename("b", "full/.."), EBUSY);
	EXPECT_ERR("target dir missing", rename("b", "nodir/b"), ENOENT);
	EXPECT_ERR("trailing slash on file", rename("b", "c/"), ENOTDIR);
	EXPECT_OK("move into dir", rename("b2", "full/b2"));
	write_file("c", "C");
	EXPECT_ERR("RENAME_NOREPLACE existing", rn2("b", "c", RENAME_NOREPLACE), EEXIST);
	EXPECT_OK("RENAME_NOREPLACE new", rn2("b", "e", RENAME_NOREPLACE));
	EXPECT_OK("RENAME_EXCHANGE", rn2("e", "c", RENAME_EXCHANGE));
	read_file("e", buf, sizeof buf);
	printf("e has: %s\n", buf);
	read_file("c", buf, sizeof buf);
	printf("c has: %s\n", buf);
	EXPECT_OK("RENAME_EXCHANGE file and dir", rn2("e", "d2", RENAME_EXCHANGE));
	printf("e is dir: %s\n", yesno(stat("e", &st) == 0 && S_ISDIR(st.st_mode)));
	printf("d2 is file: %s\n", yesno(stat("d2", &st) == 0 && S_ISREG(st.st_mode)));
	EXPECT_ERR("RENAME_EXCHANGE missing", rn2("e", "zzz", RENAME_EXCHANGE), ENOENT);
	EXPECT_ERR("EXCHANGE|NOREPLACE", rn2("e", "c", RENAME_EXCHANGE | RENAME_NOREPLACE), EINVAL);
	EXPECT_ERR("bad flags", rn2("e", "c", 0x80), EINVAL);
	/* Renaming an open file keeps the open file usable. */
	int fd = open("c", O_RDONLY);
	rename("c", "c-renamed");
	EXPECT_EQ("read via old fd", read(fd, buf, sizeof buf), 1);
	close(fd);
	/* Symlinks are renamed, not followed. */
	symlink("c-renamed", "sl");
	rename("sl", "sl2");
	printf("renamed symlink still symlink: %s\n", yesno(lstat("sl2", &st) == 0 && S_ISLNK(st.st_mode)));
	return conf_end();
}
