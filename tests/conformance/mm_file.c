/* Conformance: file-backed mappings: private COW, shared + msync, read() coherence, SIGBUS. */
#include "conf.h"
#include <sys/mman.h>
#include <setjmp.h>

static sigjmp_buf jb;
static volatile int bus_code;
static void on_bus(int s, siginfo_t *si, void *uc)
{
	bus_code = si->si_code;
	siglongjmp(jb, 1);
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	char buf[64];
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	ftruncate(fd, 2 * pg);
	pwrite(fd, "file-content", 12, 0);
	char *priv = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	printf("private sees file: %.12s\n", priv);
	memcpy(priv, "PRIVATE", 7);
	pread(fd, buf, 12, 0);
	printf("file after private write: %.12s\n", buf);
	char *sh = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memcpy(sh, "SHARED", 6);
	EXPECT_OK("msync", msync(sh, 2 * pg, MS_SYNC));
	pread(fd, buf, 12, 0);
	printf("file after shared write: %.12s\n", buf);
	pwrite(fd, "WRITE", 5, pg);
	printf("shared mapping sees write(): %.5s\n", sh + pg);
	/* Private mapping of a page it never wrote sees the file. */
	printf("private unwritten page sees write(): %.5s\n", priv + pg);
	printf("private written page keeps copy: %.7s\n", priv);
	/* Shared mapping survives close and is visible to another process. */
	close(fd);
	pid_t pid = fork();
	if (pid == 0) {
		memcpy(sh + 100, "child", 5);
		_exit(0);
	}
	wait_child(pid);
	read_file("f", buf, 0);
	fd = open("f", O_RDONLY);
	pread(fd, buf, 5, 100);
	printf("child's shared write in file: %.5s\n", buf);
	close(fd);
	/* Read-only fd cannot back a writable shared mapping. */
	fd = open("f", O_RDONLY);
	void *r = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("RW shared on O_RDONLY: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	r = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	printf("RW private on O_RDONLY: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	close(fd);
	fd = open("f", O_WRONLY);
	r = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	printf("read map on O_WRONLY: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	close(fd);
	int dfd = open(".", O_RDONLY);
	r = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, dfd, 0);
	printf("map a directory: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	/* Offset mapping. */
	fd = open("f", O_RDWR);
	char *off = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, pg);
	printf("offset mapping: %.5s\n", off);
	/* Access beyond EOF (whole page past the end) raises SIGBUS. */
	char *past = mmap(NULL, 4 * pg, PROT_READ, MAP_SHARED, fd, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	if (sigsetjmp(jb, 1) == 0) {
		volatile char c = past[3 * pg];
		(void)c;
		printf("read past EOF: no signal\n");
	} else {
		printf("read past EOF: SIGBUS code=%s\n", bus_code == BUS_ADRERR ? "BUS_ADRERR" : "other");
	}
	/* Partial last page reads zeros beyond EOF. */
	ftruncate(fd, pg + 10);
	printf("tail of last page is zero: %s\n", yesno(past[pg + 10] == 0 && past[2 * pg - 1] == 0));
	/* munmap + remap sees the data persisted. */
	munmap(sh, 2 * pg);
	sh = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	printf("remapped: %.6s\n", sh);
	EXPECT_ERR("msync unaligned", msync(sh + 1, pg, MS_SYNC), EINVAL);
	EXPECT_ERR("msync bad flags", msync(sh, pg, MS_SYNC | MS_ASYNC), EINVAL);
	return conf_end();
}
