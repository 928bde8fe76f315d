/* Conformance: symlink loops and the 40-link limit. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	char a[32], b[32];
	symlink("loopb", "loopa");
	symlink("loopa", "loopb");
	EXPECT_ERR("open loop", open("loopa", O_RDONLY), ELOOP);
	struct stat st;
	EXPECT_ERR("stat loop", stat("loopa", &st), ELOOP);
	EXPECT_OK("lstat loop", lstat("loopa", &st));
	symlink("self", "self");
	EXPECT_ERR("self loop", open("self", O_RDONLY), ELOOP);
	EXPECT_ERR("loop as dir component", open("loopa/x", O_RDONLY), ELOOP);
	EXPECT_ERR("O_CREAT through loop", open("self", O_CREAT | O_WRONLY, 0644), ELOOP);
	/* Chain c0 -> file, cN -> c(N-1) */
	write_file("file", "end");
	symlink("file", "c0");
	for (int i = 1; i <= 50; i++) {
		snprintf(a, sizeof a, "c%d", i);
		snprintf(b, sizeof b, "c%d", i - 1);
		symlink(b, a);
	}
	int fd = open("c39", O_RDONLY);
	printf("40 links: %s\n", fd >= 0 ? "ok" : ename(errno));
	close(fd);
	EXPECT_ERR("41 links", open("c40", O_RDONLY), ELOOP);
	EXPECT_ERR("51 links", open("c50", O_RDONLY), ELOOP);
	/* Links used as directory components count too. */
	mkdir("d", 0755);
	write_file("d/x", "x");
	symlink("d", "dl0");
	for (int i = 1; i <= 45; i++) {
		snprintf(a, sizeof a, "dl%d", i);
		snprintf(b, sizeof b, "dl%d", i - 1);
		symlink(b, a);
	}
	fd = open("dl39/x", O_RDONLY);
	printf("40 dir links: %s\n", fd >= 0 ? "ok" : ename(errno));
	close(fd);
	EXPECT_ERR("41 dir links", open("dl40/x", O_RDONLY), ELOOP);
	return conf_end();
}
