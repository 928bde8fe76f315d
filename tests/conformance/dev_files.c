/* Conformance: /dev/null, /dev/zero, /dev/full, /dev/urandom, /dev/random. */
#include "conf.h"
#include <sys/sysmacros.h>

int main(void)
{
	conf_init();
	char buf[4096];
	int fd = open("/dev/null", O_RDWR);
	EXPECT_EQ("null write", write(fd, "abc", 3), 3);
	EXPECT_EQ("null read", read(fd, buf, sizeof buf), 0);
	EXPECT_EQ("null huge write", write(fd, buf, sizeof buf), sizeof buf);
	close(fd);
	fd = open("/dev/zero", O_RDWR);
	memset(buf, 1, sizeof buf);
	EXPECT_EQ("zero read", read(fd, buf, sizeof buf), sizeof buf);
	int nz = 0;
	for (size_t i = 0; i < sizeof buf; i++)
		nz += buf[i] != 0;
	EXPECT_EQ("nonzero bytes", nz, 0);
	EXPECT_EQ("zero write", write(fd, "x", 1), 1);
	#include <sys/mman.h>
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	printf("mmap /dev/zero: %s zero: %s\n", yesno(m != MAP_FAILED), yesno(m != MAP_FAILED && m[8191] == 0));
	close(fd);
	fd = open("/dev/full", O_RDWR);
	EXPECT_ERR("full write", write(fd, "x", 1), ENOSPC);
	memset(buf, 1, 16);
	EXPECT_EQ("full read", read(fd, buf, 16), 16);
	printf("full reads zeros: %s\n", yesno(buf[0] == 0 && buf[15] == 0));
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	char a[64], b[64];
	EXPECT_EQ("urandom read", read(fd, a, 64), 64);
	read(fd, b, 64);
	printf("urandom differs: %s\n", yesno(memcmp(a, b, 64) != 0));
	close(fd);
	fd = open("/dev/random", O_RDONLY | O_NONBLOCK);
	EXPECT_EQ("random read", read(fd, a, 16), 16);
	close(fd);
	fd = open("/dev/urandom", O_WRONLY);
	EXPECT_EQ("urandom write accepted", write(fd, "seed", 4), 4);
	close(fd);
	const char *devs[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty" };
	for (unsigned i = 0; i < sizeof devs / sizeof devs[0]; i++) {
		struct stat st;
		if (stat(devs[i], &st) == 0)
			printf("%s: chr=%s %u,%u\n", devs[i], yesno(S_ISCHR(st.st_mode)), major(st.st_rdev),
			       minor(st.st_rdev));
		else
			printf("%s: %s\n", devs[i], ename(errno));
	}
	struct stat st;
	printf("/dev/fd -> /proc/self/fd works: %s\n", yesno(stat("/dev/fd/1", &st) == 0));
	printf("/dev/stdin exists: %s\n", yesno(lstat("/dev/stdin", &st) == 0));
	printf("/dev/shm is dir: %s\n", yesno(stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode)));
	printf("/dev/pts is dir: %s\n", yesno(stat("/dev/pts", &st) == 0 && S_ISDIR(st.st_mode)));
	EXPECT_EQ("lseek on /dev/null", lseek(open("/dev/null", O_RDONLY), 10, SEEK_SET), 0);
	return conf_end();
}
