/* Conformance: O_TMPFILE creates an unnamed file that linkat can name. */
#include "conf.h"

/* Number of names in the cwd other than . and .. */
static int count_entries(void)
{
	int n = 0, dfd = open(".", O_RDONLY | O_DIRECTORY);
	char dbuf[4096];
	long r = syscall(SYS_getdents64, dfd, dbuf, sizeof dbuf);
	for (long off = 0; off < r;) {
		unsigned short reclen = *(unsigned short *)(dbuf + off + 16);
		const char *name = dbuf + off + 19;
		if (strcmp(name, ".") && strcmp(name, ".."))
			n++;
		off += reclen;
	}
	close(dfd);
	return n;
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[64];
	EXPECT_ERR("O_TMPFILE O_RDONLY", open(".", O_TMPFILE | O_RDONLY, 0600), EINVAL);
	int fd = EXPECT_OK("O_TMPFILE O_RDWR", open(".", O_TMPFILE | O_RDWR, 0600));
	if (fd < 0)
		return conf_end();
	EXPECT_EQ("write", write(fd, "tmpdata", 7), 7);
	struct stat st;
	fstat(fd, &st);
	EXPECT_EQ("nlink 0", st.st_nlink, 0);
	printf("regular: %s\n", yesno(S_ISREG(st.st_mode)));
	printf("mode: %o\n", st.st_mode & 07777);
	/* Directory stays empty while the file is unnamed. */
	EXPECT_EQ("entries before link", count_entries(), 0);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	EXPECT_OK("linkat via /proc/self/fd", linkat(AT_FDCWD, path, AT_FDCWD, "named", AT_SYMLINK_FOLLOW));
	EXPECT_EQ("entries after link", count_entries(), 1);
	fstat(fd, &st);
	EXPECT_EQ("nlink after link", st.st_nlink, 1);
	read_file("named", buf, sizeof buf);
	EXPECT_STR("named content", buf, "tmpdata");
	close(fd);
	fd = EXPECT_OK("O_TMPFILE|O_EXCL", open(".", O_TMPFILE | O_WRONLY | O_EXCL, 0600));
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	EXPECT_ERR("linkat of O_EXCL tmpfile", linkat(AT_FDCWD, path, AT_FDCWD, "named2", AT_SYMLINK_FOLLOW), ENOENT);
	close(fd);
	EXPECT_ERR("O_TMPFILE on file", open("named", O_TMPFILE | O_RDWR, 0600), ENOTDIR);
	EXPECT_ERR("O_TMPFILE missing dir", open("nodir", O_TMPFILE | O_RDWR, 0600), ENOENT);
	return conf_end();
}
