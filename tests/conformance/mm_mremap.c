/* Conformance: mremap grow/shrink/move and MAP_FIXED semantics. */
#include "conf.h"
#include <sys/mman.h>

int main(void)
{
	conf_init();
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'a', 2 * pg);
	/* Block growth in place with a mapping right after. */
	munmap(p + 2 * pg, pg);
	char *blocker = mmap(p + 2 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	printf("blocker placed: %s\n", yesno(blocker == p + 2 * pg));
	void *r = mremap(p, 2 * pg, 8 * pg, 0);
	printf("grow in place blocked: %s\n", r == MAP_FAILED ? ename(errno) : "grew");
	char *q = mremap(p, 2 * pg, 8 * pg, MREMAP_MAYMOVE);
	printf("MAYMOVE grow: %s moved: %s\n", q == MAP_FAILED ? ename(errno) : "ok", yesno(q != p));
	printf("contents preserved: %s\n", yesno(q[0] == 'a' && q[2 * pg - 1] == 'a'));
	printf("new part zero: %s\n", yesno(q[2 * pg] == 0 && q[8 * pg - 1] == 0));
	q[8 * pg - 1] = 'z';
	char *s = mremap(q, 8 * pg, pg, 0);
	printf("shrink in place: %s\n", yesno(s == q));
	char *target = mmap(NULL, 4 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *m = mremap(s, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, target + pg);
	printf("MREMAP_FIXED: %s, content: %c\n", yesno(m == target + pg), m[0]);
	EXPECT_ERR("MREMAP_FIXED without MAYMOVE", (long)mremap(m, pg, pg, MREMAP_FIXED, target), EINVAL);
	EXPECT_ERR("bad flags", (long)mremap(m, pg, pg, 0x80), EINVAL);
	EXPECT_ERR("unaligned old", (long)mremap(m + 1, pg, pg, 0), EINVAL);
	EXPECT_ERR("new size 0", (long)mremap(m, pg, 0, MREMAP_MAYMOVE), EINVAL);
	char *unmapped = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(unmapped, pg);
	EXPECT_ERR("old range unmapped", (long)mremap(unmapped, pg, 2 * pg, MREMAP_MAYMOVE), EFAULT);
	/* Shared anonymous mapping duplicated with old_size 0. */
	char *sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	sh[0] = 'S';
	char *dup = mremap(sh, 0, pg, MREMAP_MAYMOVE);
	if (dup != MAP_FAILED) {
		dup[1] = 'D';
		printf("old_size 0 duplicate shares memory: %s\n", yesno(dup[0] == 'S' && sh[1] == 'D'));
	} else {
		printf("old_size 0 duplicate: %s\n", ename(errno));
	}
	/* Growing a mapping many times keeps data. */
	size_t sz = pg;
	char *g = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	g[0] = 'G';
	for (int i = 0; i < 10; i++) {
		g = mremap(g, sz, sz * 2, MREMAP_MAYMOVE);
		sz *= 2;
		g[sz - 1] = 'e';
	}
	printf("after 10 doublings (%zu pages): first=%c last=%c\n", sz / pg, g[0], g[sz - 1]);
	return conf_end();
}
