/* Conformance: hard links, unlink, open-unlinked files. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	struct stat st, st2;
	char buf[16];
	write_file("f", "data");
	EXPECT_OK("link", link("f", "g"));
	stat("f", &st);
	EXPECT_EQ("nlink 2", st.st_nlink, 2);
	stat("g", &st2);
	printf("same inode: %s\n", yesno(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev));
	EXPECT_ERR("link existing", link("f", "g"), EEXIST);
	EXPECT_ERR("link missing", link("nope", "h"), ENOENT);
	mkdir("d", 0755);
	EXPECT_ERR("link dir", link("d", "dl"), EPERM);
	EXPECT_ERR("link into missing dir", link("f", "nodir/x"), ENOENT);
	int fd = open("f", O_RDONLY);
	EXPECT_OK("unlink f", unlink("f"));
	fstat(fd, &st);
	EXPECT_EQ("nlink via fd", st.st_nlink, 1);
	EXPECT_OK("unlink g", unlink("g"));
	fstat(fd, &st);
	EXPECT_EQ("nlink 0 via fd", st.st_nlink, 0);
	EXPECT_EQ("read unlinked", read(fd, buf, sizeof buf), 4);
	close(fd);
	EXPECT_ERR("unlink missing", unlink("f"), ENOENT);
	EXPECT_ERR("unlink trailing slash", unlink("d/"), EISDIR);
	write_file("x", "1");
	symlink("x", "sx");
	EXPECT_OK("unlink symlink", unlink("sx"));
	printf("target kept: %s\n", yesno(stat("x", &st) == 0));
	symlink("x", "sx2");
	EXPECT_OK("link to symlink (no follow)", linkat(AT_FDCWD, "sx2", AT_FDCWD, "hl", 0));
	lstat("hl", &st);
	printf("hard link of symlink is symlink: %s\n", yesno(S_ISLNK(st.st_mode)));
	EXPECT_OK("linkat AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "sx2", AT_FDCWD, "hl2", AT_SYMLINK_FOLLOW));
	lstat("hl2", &st);
	printf("followed link is regular: %s\n", yesno(S_ISREG(st.st_mode)));
	EXPECT_EQ("x nlink", (stat("x", &st), st.st_nlink), 2);
	EXPECT_ERR("linkat bad flags", linkat(AT_FDCWD, "x", AT_FDCWD, "y", 0x1), EINVAL);
	return conf_end();
}
