/* Conformance: open(2) flag handling and the errors of open in Linux order. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	char buf[16];

	int fd = EXPECT_OK("create f", open("f", O_WRONLY | O_CREAT | O_EXCL, 0644));
	EXPECT_EQ("write 5", write(fd, "hello", 5), 5);
	EXPECT_ERR("read on O_WRONLY", read(fd, buf, 1), EBADF);
	close(fd);
	EXPECT_ERR("O_CREAT|O_EXCL existing", open("f", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	fd = EXPECT_OK("open O_RDONLY", open("f", O_RDONLY));
	EXPECT_ERR("write on O_RDONLY", write(fd, "x", 1), EBADF);
	EXPECT_EQ("read back", read(fd, buf, sizeof buf), 5);
	close(fd);
	fd = EXPECT_OK("open O_TRUNC", open("f", O_RDWR | O_TRUNC));
	struct stat st;
	fstat(fd, &st);
	EXPECT_EQ("size after O_TRUNC", st.st_size, 0);
	close(fd);
	EXPECT_ERR("missing file", open("nope", O_RDONLY), ENOENT);
	EXPECT_ERR("missing dir component", open("nodir/f", O_RDONLY), ENOENT);
	EXPECT_ERR("file as dir component", open("f/x", O_RDONLY), ENOTDIR);
	EXPECT_ERR("O_DIRECTORY on file", open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	mkdir("d", 0755);
	EXPECT_ERR("dir O_WRONLY", open("d", O_WRONLY), EISDIR);
	EXPECT_ERR("dir O_RDWR", open("d", O_RDWR), EISDIR);
	EXPECT_ERR("dir O_CREAT", open("d", O_RDONLY | O_CREAT, 0644), EISDIR);
	fd = EXPECT_OK("dir O_RDONLY", open("d", O_RDONLY));
	EXPECT_ERR("read on dir fd", read(fd, buf, 1), EISDIR);
	close(fd);
	EXPECT_ERR("O_CREAT missing parent", open("nodir/f", O_WRONLY | O_CREAT, 0644), ENOENT);
	EXPECT_ERR("empty path", open("", O_RDONLY), ENOENT);
	char longname[300];
	memset(longname, 'a', 299);
	longname[299] = 0;
	EXPECT_ERR("component > NAME_MAX", open(longname, O_RDONLY), ENAMETOOLONG);
	char *longpath = malloc(PATH_MAX + 10);
	for (int i = 0; i < PATH_MAX + 8; i += 2) {
		longpath[i] = 'a';
		longpath[i + 1] = '/';
	}
	longpath[PATH_MAX + 8] = 0;
	EXPECT_ERR("path > PATH_MAX", open(longpath, O_RDONLY), ENAMETOOLONG);
	free(longpath);
	fd = EXPECT_OK("O_CREAT mode 0600", open("g", O_WRONLY | O_CREAT, 0600));
	fstat(fd, &st);
	printf("mode of g: %o\n", st.st_mode & 07777);
	close(fd);
	fd = open("g", O_RDONLY | O_CLOEXEC);
	printf("O_CLOEXEC sets FD_CLOEXEC: %s\n", yesno(fcntl(fd, F_GETFD) & FD_CLOEXEC));
	printf("O_CLOEXEC not in F_GETFL: %s\n", yesno(!(fcntl(fd, F_GETFL) & O_CLOEXEC)));
	close(fd);
	fd = open("g", O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
	printf("O_EXCL on existing with O_NOFOLLOW: errno=%s\n", ename(fd < 0 ? errno : 0));
	fd = open("f", O_WRONLY | O_ACCMODE);
	printf("O_ACCMODE (3) on file: %s\n", fd >= 0 ? "ok" : ename(errno));
	if (fd >= 0) {
		printf("O_ACCMODE write: errno=%s\n", write(fd, "x", 1) < 0 ? ename(errno) : "0");
		close(fd);
	}
	return conf_end();
}
