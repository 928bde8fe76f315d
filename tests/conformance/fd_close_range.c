/* Conformance: close_range and CLOSE_RANGE_CLOEXEC. */
#include "conf.h"
#include <linux/close_range.h>

static void show(void)
{
	printf("open:");
	for (int fd = 0; fd < 20; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			printf(" %d%s", fd, (fcntl(fd, F_GETFD) & FD_CLOEXEC) ? "c" : "");
	printf("\n");
}

static long cr(unsigned a, unsigned b, unsigned flags)
{
	return syscall(SYS_close_range, a, b, flags);
}

int main(void)
{
	conf_init();
	for (int i = 3; i < 15; i++)
		dup2(1, i);
	show();
	EXPECT_OK("close_range 5..7", cr(5, 7, 0));
	show();
	EXPECT_OK("close_range CLOEXEC 8..10", cr(8, 10, CLOSE_RANGE_CLOEXEC));
	show();
	EXPECT_ERR("first > last", cr(10, 9, 0), EINVAL);
	EXPECT_ERR("bad flags", cr(3, 4, 0x80), EINVAL);
	EXPECT_OK("range past open fds", cr(100, 200, 0));
	EXPECT_OK("close_range 12..~0", cr(12, ~0U, 0));
	show();
	EXPECT_OK("single fd", cr(3, 3, 0));
	show();
	return conf_end();
}
