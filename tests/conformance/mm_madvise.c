/* Conformance: madvise, mincore, mlock basics, memfd_create with seals. */
#include "conf.h"
#include <sys/mman.h>

int main(void)
{
	conf_init();
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 1, 4 * pg);
	EXPECT_OK("MADV_DONTNEED", madvise(p, 2 * pg, MADV_DONTNEED));
	printf("private anon zeroed: %s, rest kept: %s\n", yesno(p[0] == 0 && p[2 * pg - 1] == 0),
	       yesno(p[2 * pg] == 1));
	EXPECT_OK("MADV_WILLNEED", madvise(p, pg, MADV_WILLNEED));
	EXPECT_OK("MADV_NORMAL", madvise(p, pg, MADV_NORMAL));
	EXPECT_ERR("bad advice", madvise(p, pg, 12345), EINVAL);
	EXPECT_ERR("unaligned", madvise(p + 1, pg, MADV_NORMAL), EINVAL);
	unsigned char vec[4];
	EXPECT_OK("mincore", mincore(p, 4 * pg, vec));
	printf("touched page resident: %s\n", yesno(vec[3] & 1));
	EXPECT_ERR("mincore unaligned", mincore(p + 1, pg, vec), EINVAL);
	munmap(p + 3 * pg, pg);
	EXPECT_ERR("mincore unmapped", mincore(p + 3 * pg, pg, vec), ENOMEM);
	int fd = memfd_create("conf", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	printf("memfd: %s cloexec: %s\n", yesno(fd >= 0), yesno(fcntl(fd, F_GETFD) & FD_CLOEXEC));
	EXPECT_OK("ftruncate", ftruncate(fd, pg));
	char *m = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	strcpy(m, "memfd data");
	char buf[16] = { 0 };
	pread(fd, buf, 10, 0);
	EXPECT_STR("read through fd", buf, "memfd data");
	char path[64], link[64] = { 0 };
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	readlink(path, link, sizeof link - 1);
	printf("link starts with /memfd:conf: %s\n", yesno(strncmp(link, "/memfd:conf", 11) == 0));
	munmap(m, pg);
	EXPECT_OK("F_ADD_SEALS grow|shrink", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK));
	EXPECT_EQ("F_GET_SEALS", fcntl(fd, F_GET_SEALS), F_SEAL_GROW | F_SEAL_SHRINK);
	EXPECT_ERR("grow sealed", ftruncate(fd, 2 * pg), EPERM);
	EXPECT_ERR("shrink sealed", ftruncate(fd, 0), EPERM);
	EXPECT_ERR("write past end sealed", pwrite(fd, "x", 1, pg), EPERM);
	EXPECT_OK("F_SEAL_WRITE", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SEAL));
	EXPECT_ERR("write sealed", pwrite(fd, "x", 1, 0), EPERM);
	EXPECT_ERR("add seal after F_SEAL_SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), EPERM);
	int nf = memfd_create("noseal", 0);
	EXPECT_EQ("no sealing allowed", fcntl(nf, F_GET_SEALS), F_SEAL_SEAL);
	EXPECT_ERR("bad memfd flags", memfd_create("x", 0x1000), EINVAL);
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	EXPECT_ERR("memfd name too long", memfd_create(longname, 0), EINVAL);
	return conf_end();
}
