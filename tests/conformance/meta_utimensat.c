/* Conformance: utimensat/futimens with fixed times, UTIME_OMIT, UTIME_NOW. */
#include "conf.h"
#include <sys/time.h>

static void show(const char *label, const char *path, int flags)
{
	struct stat st;
	fstatat(AT_FDCWD, path, &st, flags);
	printf("%s: atime=%ld.%09ld mtime=%ld.%09ld\n", label, (long)st.st_atim.tv_sec,
	       st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	write_file("f", "x");
	struct timespec t[2] = { { 1000000000, 123456789 }, { 1100000000, 5000 } };
	EXPECT_OK("utimensat fixed", utimensat(AT_FDCWD, "f", t, 0));
	show("fixed", "f", 0);
	struct timespec o[2] = { { 1200000000, 0 }, { 0, UTIME_OMIT } };
	EXPECT_OK("utimensat omit mtime", utimensat(AT_FDCWD, "f", o, 0));
	show("omit mtime", "f", 0);
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	time_t before = time(NULL);
	EXPECT_OK("utimensat UTIME_NOW atime", utimensat(AT_FDCWD, "f", now, 0));
	struct stat st;
	stat("f", &st);
	printf("atime is now: %s\n", yesno(st.st_atim.tv_sec >= before - 1 && st.st_atim.tv_sec <= time(NULL) + 1));
	printf("mtime kept: %ld\n", (long)st.st_mtim.tv_sec);
	EXPECT_OK("utimensat NULL (both now)", utimensat(AT_FDCWD, "f", NULL, 0));
	stat("f", &st);
	printf("mtime is now: %s\n", yesno(st.st_mtim.tv_sec >= before - 1));
	int fd = open("f", O_RDONLY);
	EXPECT_OK("futimens", futimens(fd, t));
	show("futimens", "f", 0);
	close(fd);
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	EXPECT_ERR("nsec out of range", utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
	EXPECT_ERR("missing file", utimensat(AT_FDCWD, "missing", t, 0), ENOENT);
	symlink("f", "l");
	struct timespec lt[2] = { { 900000000, 0 }, { 900000000, 0 } };
	EXPECT_OK("AT_SYMLINK_NOFOLLOW", utimensat(AT_FDCWD, "l", lt, AT_SYMLINK_NOFOLLOW));
	show("link itself", "l", AT_SYMLINK_NOFOLLOW);
	show("target unchanged", "f", 0);
	EXPECT_ERR("bad flags", utimensat(AT_FDCWD, "f", t, 0x1), EINVAL);
	struct timeval tv[2] = { { 1300000000, 1 }, { 1300000001, 2 } };
	EXPECT_OK("utimes", utimes("f", tv));
	show("utimes", "f", 0);
	return conf_end();
}
