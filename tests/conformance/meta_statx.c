/* Conformance: statx mask and fields. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	struct statx sx;
	write_file("f", "12345");
	EXPECT_OK("statx", statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx));
	printf("mask has basic: %s\n", yesno((sx.stx_mask & (STATX_TYPE | STATX_MODE | STATX_NLINK |
							   STATX_SIZE | STATX_INO)) ==
						(STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_SIZE | STATX_INO)));
	printf("size=%llu nlink=%u mode=%o\n", (unsigned long long)sx.stx_size, sx.stx_nlink,
	       sx.stx_mode);
	struct stat st;
	stat("f", &st);
	printf("ino matches stat: %s\n", yesno(sx.stx_ino == st.st_ino));
	printf("mtime matches stat: %s\n", yesno(sx.stx_mtime.tv_sec == st.st_mtim.tv_sec &&
						 sx.stx_mtime.tv_nsec == (unsigned)st.st_mtim.tv_nsec));
	int fd = open("f", O_RDONLY);
	EXPECT_OK("statx AT_EMPTY_PATH", statx(fd, "", AT_EMPTY_PATH, STATX_SIZE, &sx));
	EXPECT_EQ("size via fd", sx.stx_size, 5);
	close(fd);
	symlink("f", "l");
	statx(AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx);
	printf("nofollow is link: %s size=%llu\n", yesno(S_ISLNK(sx.stx_mode)),
	       (unsigned long long)sx.stx_size);
	statx(AT_FDCWD, "l", 0, STATX_BASIC_STATS, &sx);
	printf("follow is reg: %s\n", yesno(S_ISREG(sx.stx_mode)));
	EXPECT_ERR("statx missing", statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &sx), ENOENT);
	EXPECT_ERR("statx reserved mask bit", statx(AT_FDCWD, "f", 0, 0x80000000U, &sx), EINVAL);
	EXPECT_ERR("statx bad flags", statx(AT_FDCWD, "f", 0x12345678, STATX_BASIC_STATS, &sx), EINVAL);
	EXPECT_ERR("statx bad buffer", syscall(SYS_statx, AT_FDCWD, "f", 0, STATX_BASIC_STATS, (void *)1), EFAULT);
	mkdir("d", 0700);
	statx(AT_FDCWD, "d", 0, STATX_BASIC_STATS, &sx);
	printf("dir: %s mode=%o nlink=%u\n", yesno(S_ISDIR(sx.stx_mode)), sx.stx_mode & 07777, sx.stx_nlink);
	return conf_end();
}
