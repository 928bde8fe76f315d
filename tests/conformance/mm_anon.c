/* Conformance: anonymous mmap: zero fill, sharing across fork, errors. */
#include "conf.h"
#include <sys/mman.h>

int main(void)
{
	conf_init();
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	printf("page size: %zu\n", pg);
	unsigned char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap ok: %s, page aligned: %s\n", yesno(p != MAP_FAILED), yesno(((uintptr_t)p & (pg - 1)) == 0));
	int nonzero = 0;
	for (size_t i = 0; i < 4 * pg; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ("zero filled", nonzero, 0);
	memset(p, 0xab, 4 * pg);
	EXPECT_EQ("write/read", p[4 * pg - 1], 0xab);
	/* Private mapping: child's writes are copy-on-write. */
	pid_t pid = fork();
	if (pid == 0) {
		p[0] = 1;
		_exit(p[0]);
	}
	printf("child: %s, parent sees: %u\n", wait_child(pid), p[0]);
	/* Shared anonymous mapping: child's writes visible. */
	unsigned char *s = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[0] = 5;
	pid = fork();
	if (pid == 0) {
		s[0] = 9;
		_exit(0);
	}
	wait_child(pid);
	EXPECT_EQ("shared write visible", s[0], 9);
	EXPECT_OK("munmap", munmap(p, 4 * pg));
	EXPECT_OK("munmap again (no-op)", munmap(p, 4 * pg));
	errno = 0;
	void *r = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("length 0: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	r = mmap(NULL, pg, PROT_READ, MAP_ANONYMOUS, -1, 0);
	printf("neither SHARED nor PRIVATE: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	r = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 999, 0);
	printf("bad fd: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	r = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 123);
	printf("unaligned offset: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	r = mmap((void *)(uintptr_t)(pg + 1), pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED unaligned: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	r = mmap(NULL, (size_t)1 << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	printf("huge length: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	EXPECT_ERR("munmap unaligned", munmap((char *)s + 1, pg), EINVAL);
	EXPECT_ERR("munmap length 0", munmap(s, 0), EINVAL);
	/* Hint address is honoured when free (not required, but Linux does). */
	void *hint = (void *)0x200000000000UL;
	r = mmap(hint, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("hint honoured: %s\n", yesno(r == hint));
	/* MAP_FIXED_NOREPLACE over an existing mapping. */
	r = mmap(hint, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	printf("MAP_FIXED_NOREPLACE on mapped: %s\n", r == MAP_FAILED ? ename(errno) : "mapped");
	/* MAP_FIXED replaces the contents. */
	unsigned char *f = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(f, 7, 2 * pg);
	unsigned char *g = mmap(f + pg, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED at address: %s, new page zero: %s, old page kept: %s\n", yesno(g == f + pg),
	       yesno(g[0] == 0), yesno(f[0] == 7));
	/* Large mapping touched sparsely. */
	size_t big = 256UL << 20;
	unsigned char *b = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	for (size_t off = 0; off < big; off += 16 << 20)
		b[off] = 1;
	printf("256 MiB sparse mapping: %s\n", yesno(b != MAP_FAILED && b[16 << 20] == 1));
	return conf_end();
}
