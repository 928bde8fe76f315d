/* Conformance: O_NOFOLLOW and O_DIRECTORY with symlinks. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	write_file("f", "x");
	mkdir("d", 0755);
	symlink("f", "lf");
	symlink("d", "ld");
	symlink("missing", "dangling");
	EXPECT_ERR("O_NOFOLLOW final symlink", open("lf", O_RDONLY | O_NOFOLLOW), ELOOP);
	int fd = EXPECT_OK("O_NOFOLLOW regular file", open("f", O_RDONLY | O_NOFOLLOW));
	close(fd);
	fd = EXPECT_OK("O_NOFOLLOW symlink in middle", open("ld/../f", O_RDONLY | O_NOFOLLOW));
	close(fd);
	fd = EXPECT_OK("O_DIRECTORY through symlink", open("ld", O_RDONLY | O_DIRECTORY));
	close(fd);
	EXPECT_ERR("O_DIRECTORY|O_NOFOLLOW on symlink to dir", open("ld", O_RDONLY | O_DIRECTORY | O_NOFOLLOW), ENOTDIR);
	EXPECT_ERR("O_DIRECTORY symlink to file", open("lf", O_RDONLY | O_DIRECTORY), ENOTDIR);
	EXPECT_ERR("open dangling", open("dangling", O_RDONLY), ENOENT);
	EXPECT_ERR("O_CREAT|O_EXCL on dangling", open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	EXPECT_ERR("O_CREAT|O_NOFOLLOW dangling", open("dangling", O_WRONLY | O_CREAT | O_NOFOLLOW, 0644), ELOOP);
	fd = EXPECT_OK("O_CREAT through dangling", open("dangling", O_WRONLY | O_CREAT, 0644));
	close(fd);
	struct stat st;
	printf("target created: %s\n", yesno(stat("missing", &st) == 0));
	fd = EXPECT_OK("trailing slash on symlink to dir", open("ld/", O_RDONLY));
	close(fd);
	EXPECT_ERR("trailing slash on file", open("f/", O_RDONLY), ENOTDIR);
	EXPECT_ERR("trailing slash symlink to file", open("lf/", O_RDONLY), ENOTDIR);
	EXPECT_ERR("O_CREAT with trailing slash", open("newfile/", O_WRONLY | O_CREAT, 0644), EISDIR);
	return conf_end();
}
