/* Conformance: access/faccessat as root (uid 0 both natively and inside). */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	printf("running as root: %s\n", yesno(geteuid() == 0));
	write_file("f", "x");
	chmod("f", 0);
	EXPECT_OK("F_OK", access("f", F_OK));
	EXPECT_OK("R_OK on 000 as root", access("f", R_OK));
	EXPECT_OK("W_OK on 000 as root", access("f", W_OK));
	EXPECT_ERR("X_OK on 000 as root", access("f", X_OK), EACCES);
	chmod("f", 0100);
	EXPECT_OK("X_OK with one x bit", access("f", X_OK));
	mkdir("d", 0);
	EXPECT_OK("X_OK on dir 000 as root", access("d", X_OK));
	EXPECT_ERR("missing", access("missing", F_OK), ENOENT);
	EXPECT_ERR("bad mode", access("f", 0x10), EINVAL);
	EXPECT_OK("faccessat AT_EACCESS", faccessat(AT_FDCWD, "f", R_OK, AT_EACCESS));
	EXPECT_ERR("faccessat bad flags", faccessat(AT_FDCWD, "f", R_OK, 0x1), EINVAL);
	EXPECT_ERR("through file", access("f/x", F_OK), ENOTDIR);
	symlink("missing", "dangling");
	EXPECT_ERR("dangling", access("dangling", F_OK), ENOENT);
	EXPECT_OK("/dev/null rw", access("/dev/null", R_OK | W_OK));
	EXPECT_OK("/ x", access("/", X_OK));
	return conf_end();
}
