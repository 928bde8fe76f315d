/* Conformance: read-only opens of one existing file are independent open
 * files (each its own offset), however the sandbox backs them (its gofer
 * shares one host fd among them): reads, seeks, closes and mappings of one
 * never disturb another. */
#include <sys/mman.h>
#include "conf.h"

#define PATH "/etc/passwd" /* present on every system, read-only to us */

int main(void)
{
	conf_init();
	char a[16], b[16], whole[64];
	int fd1 = open(PATH, O_RDONLY);
	int fd2 = open(PATH, O_RDONLY | O_CLOEXEC);
	CHECK("both open", fd1 >= 0 && fd2 >= 0);
	ssize_t n = pread(fd1, whole, sizeof(whole), 0);
	CHECK("the file has 32 bytes at least", n >= 32);

	EXPECT_EQ("read 8 from the first", read(fd1, a, 8), 8);
	EXPECT_EQ("the second is still at 0", lseek(fd2, 0, SEEK_CUR), 0);
	EXPECT_EQ("read 4 from the second", read(fd2, b, 4), 4);
	CHECK("the second read the start", memcmp(b, whole, 4) == 0);
	EXPECT_EQ("read 8 more from the first", read(fd1, a + 8, 8), 8);
	CHECK("the first read on from 8", memcmp(a, whole, 16) == 0);
	EXPECT_EQ("the second is at 4", lseek(fd2, 0, SEEK_CUR), 4);

	/* Flags are per open file too. */
	EXPECT_EQ("O_CLOEXEC only on the second", fcntl(fd1, F_GETFD) & FD_CLOEXEC, 0);
	EXPECT_EQ("set O_NONBLOCK on the first", fcntl(fd1, F_SETFL, O_NONBLOCK), 0);
	EXPECT_EQ("the second has no O_NONBLOCK", fcntl(fd2, F_GETFL) & O_NONBLOCK, 0);

	/* Closing one leaves the other working, mappings included. */
	EXPECT_EQ("close the first", close(fd1), 0);
	EXPECT_EQ("the second reads on", read(fd2, b, 4), 4);
	CHECK("from offset 4", memcmp(b, whole + 4, 4) == 0);
	char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd2, 0);
	CHECK("map the second", m != MAP_FAILED);
	if (m != MAP_FAILED) {
		CHECK("the mapping holds the data", memcmp(m, whole, 16) == 0);
		munmap(m, 4096);
	}
	int fd3 = open(PATH, O_RDONLY);
	EXPECT_EQ("a new open starts at 0", lseek(fd3, 0, SEEK_CUR), 0);
	EXPECT_EQ("and reads the start", read(fd3, a, 4), 4);
	CHECK("the same bytes", memcmp(a, whole, 4) == 0);
	EXPECT_ERR("no writing through a read-only open", write(fd3, "x", 1), EBADF);
	close(fd2);
	close(fd3);

	/* Many opens and closes in a row. */
	int ok = 1;
	for (int i = 0; i < 200 && ok; i++) {
		int fd = open(PATH, O_RDONLY);
		ok = fd >= 0 && read(fd, a, 4) == 4 && memcmp(a, whole, 4) == 0;
		close(fd);
	}
	CHECK("200 opens each read from the start", ok);
	return conf_end();
}
