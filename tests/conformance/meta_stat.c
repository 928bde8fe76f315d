/* Conformance: deterministic stat/fstat/lstat fields for each file type. */
#include "conf.h"
#include <sys/sysmacros.h>

static void show(const char *label, const char *path, int follow)
{
	struct stat st;
	if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) {
		printf("%s: errno=%s\n", label, ename(errno));
		return;
	}
	const char *t = S_ISREG(st.st_mode) ? "reg" : S_ISDIR(st.st_mode) ? "dir" :
			S_ISLNK(st.st_mode) ? "lnk" : S_ISFIFO(st.st_mode) ? "fifo" :
			S_ISCHR(st.st_mode) ? "chr" : S_ISSOCK(st.st_mode) ? "sock" : "other";
	printf("%s: type=%s perm=%o nlink=%lu", label, t, st.st_mode & 07777,
	       (unsigned long)st.st_nlink);
	if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
		printf(" size=%ld", (long)st.st_size);
	if (S_ISCHR(st.st_mode))
		printf(" rdev=%u,%u", major(st.st_rdev), minor(st.st_rdev));
	/* Device nodes may be owned by an unmapped id natively: only files
	 * we created have a known owner. */
	if (!S_ISCHR(st.st_mode))
		printf(" uid=%u gid=%u", st.st_uid, st.st_gid);
	printf("\n");
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	write_file("f", "twelve bytes");
	chmod("f", 0640);
	mkdir("d", 0751);
	mkdir("d/s1", 0755);
	symlink("f", "l");
	mkfifo("p", 0600);
	show("file", "f", 1);
	show("dir", "d", 1);
	show("symlink lstat", "l", 0);
	show("symlink stat", "l", 1);
	show("fifo", "p", 1);
	show("/dev/null", "/dev/null", 1);
	show("/dev/zero", "/dev/zero", 1);
	struct stat a, b;
	int fd = open("f", O_RDONLY);
	fstat(fd, &a);
	stat("f", &b);
	printf("fstat == stat: %s\n", yesno(a.st_ino == b.st_ino && a.st_dev == b.st_dev &&
					   a.st_mode == b.st_mode && a.st_size == b.st_size));
	printf("blksize > 0: %s\n", yesno(a.st_blksize > 0));
	close(fd);
	int p[2];
	pipe(p);
	fstat(p[0], &a);
	printf("pipe is fifo: %s\n", yesno(S_ISFIFO(a.st_mode)));
	printf("pipe perm: %o\n", a.st_mode & 0777);
	EXPECT_ERR("stat missing", stat("missing", &a), ENOENT);
	EXPECT_ERR("fstat bad fd", fstat(999, &a), EBADF);
	EXPECT_ERR("stat EFAULT", stat("f", (struct stat *)1), EFAULT);
	/* mtime changes after a write. */
	stat("f", &a);
	struct timespec past = { 1000000000, 0 }, times[2] = { past, past };
	utimensat(AT_FDCWD, "f", times, 0);
	fd = open("f", O_WRONLY | O_APPEND);
	write(fd, "!", 1);
	fstat(fd, &b);
	printf("write updates mtime: %s\n", yesno(b.st_mtim.tv_sec > past.tv_sec));
	printf("size after write: %ld\n", (long)b.st_size);
	close(fd);
	return conf_end();
}
