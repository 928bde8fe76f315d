/* Conformance: getdents64 listing, d_type, small buffers, rewinding. */
#include "conf.h"

struct ent { char name[64]; int type; };

static int cmp(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name);
}

static int list(int fd, size_t bufsize, struct ent *out, int *calls)
{
	char buf[4096];
	int n = 0;
	*calls = 0;
	for (;;) {
		long r = syscall(SYS_getdents64, fd, buf, bufsize);
		if (r <= 0)
			return r < 0 ? -1 : n;
		(*calls)++;
		for (long off = 0; off < r;) {
			unsigned short reclen = *(unsigned short *)(buf + off + 16);
			snprintf(out[n].name, sizeof out[n].name, "%s", buf + off + 19);
			out[n].type = (unsigned char)buf[off + 18];
			n++;
			off += reclen;
		}
	}
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	mkdir("d", 0755);
	char name[64];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "d/file%02d", i);
		write_file(name, "x");
	}
	mkdir("d/subdir", 0755);
	symlink("file00", "d/link");
	mkfifo("d/fifo", 0644);
	struct ent e[64];
	int calls;
	int fd = open("d", O_RDONLY | O_DIRECTORY);
	int n = list(fd, sizeof(char[4096]), e, &calls);
	EXPECT_EQ("entries", n, 25);
	qsort(e, n, sizeof e[0], cmp);
	for (int i = 0; i < n; i++) {
		const char *t = e[i].type == DT_DIR ? "dir" : e[i].type == DT_REG ? "reg" :
				e[i].type == DT_LNK ? "lnk" : e[i].type == DT_FIFO ? "fifo" :
				e[i].type == DT_UNKNOWN ? "unknown" : "other";
		printf("%s %s\n", e[i].name, t);
	}
	EXPECT_EQ("at end", syscall(SYS_getdents64, fd, e, sizeof e), 0);
	lseek(fd, 0, SEEK_SET);
	n = list(fd, 64, e, &calls);
	EXPECT_EQ("entries with 64-byte buffer", n, 25);
	printf("needed several calls: %s\n", yesno(calls > 5));
	lseek(fd, 0, SEEK_SET);
	char tiny[8];
	EXPECT_ERR("buffer too small", syscall(SYS_getdents64, fd, tiny, sizeof tiny), EINVAL);
	close(fd);
	int f = open("d/file00", O_RDONLY);
	EXPECT_ERR("getdents on file", syscall(SYS_getdents64, f, e, sizeof e), ENOTDIR);
	close(f);
	EXPECT_ERR("getdents bad fd", syscall(SYS_getdents64, 999, e, sizeof e), EBADF);
	/* Entries removed before reading are not listed. */
	unlink("d/file05");
	fd = open("d", O_RDONLY | O_DIRECTORY);
	n = list(fd, 4096, e, &calls);
	EXPECT_EQ("entries after unlink", n, 24);
	close(fd);
	/* An empty directory lists only . and .. */
	mkdir("empty", 0755);
	fd = open("empty", O_RDONLY | O_DIRECTORY);
	n = list(fd, 4096, e, &calls);
	qsort(e, n, sizeof e[0], cmp);
	printf("empty dir: %d entries: %s %s\n", n, e[0].name, e[1].name);
	close(fd);
	return conf_end();
}
