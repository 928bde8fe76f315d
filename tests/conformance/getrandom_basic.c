/* Conformance: getrandom lengths, flags and errors. */
#include "conf.h"
#include <sys/random.h>

int main(void)
{
	conf_init();
	unsigned char a[256], b[256];
	EXPECT_EQ("length 0", getrandom(a, 0, 0), 0);
	EXPECT_EQ("length 16", getrandom(a, 16, 0), 16);
	EXPECT_EQ("length 256", getrandom(a, 256, 0), 256);
	getrandom(b, 256, 0);
	CHECK("two calls differ", memcmp(a, b, 256) != 0);
	EXPECT_EQ("GRND_NONBLOCK", getrandom(a, 64, GRND_NONBLOCK), 64);
	EXPECT_EQ("GRND_RANDOM", getrandom(a, 64, GRND_RANDOM | GRND_NONBLOCK) > 0, 1);
	EXPECT_EQ("GRND_INSECURE", getrandom(a, 64, 0x4), 64);
	EXPECT_ERR("bad flags", getrandom(a, 16, 0x80), EINVAL);
	EXPECT_ERR("INSECURE|RANDOM", getrandom(a, 16, 0x4 | GRND_RANDOM), EINVAL);
	EXPECT_ERR("EFAULT", syscall(SYS_getrandom, (void *)1, 16, 0), EFAULT);
	size_t big = 1 << 20;
	unsigned char *m = malloc(big);
	ssize_t got = 0;
	while ((size_t)got < big) {
		ssize_t r = getrandom(m + got, big - got, 0);
		if (r <= 0)
			break;
		got += r;
	}
	EXPECT_EQ("1 MiB in pieces", got, (long)big);
	/* Byte distribution sanity: every value appears. */
	int seen[256] = { 0 }, distinct = 0;
	for (size_t i = 0; i < big; i++)
		seen[m[i]]++;
	for (int i = 0; i < 256; i++)
		distinct += seen[i] > 0;
	EXPECT_EQ("distinct byte values", distinct, 256);
	/* A single call returns at most 32 MiB - 1 bytes. */
	size_t huge = 40u << 20;
	unsigned char *h = malloc(huge);
	ssize_t r = getrandom(h, huge, 0);
	printf("40 MiB call capped: %s\n", yesno(r > 0 && r <= (ssize_t)(huge)));
	return conf_end();
}
