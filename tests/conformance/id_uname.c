/* Conformance: uname deterministic fields; gethostname non-empty. */
#include "conf.h"
#include <sys/utsname.h>

int main(void)
{
	conf_init();
	struct utsname u;
	EXPECT_OK("uname", uname(&u));
	EXPECT_STR("sysname", u.sysname, "Linux");
	EXPECT_STR("machine", u.machine, "x86_64");
	printf("release non-empty: %s\n", yesno(u.release[0] != 0));
	printf("release starts with digit: %s\n", yesno(u.release[0] >= '0' && u.release[0] <= '9'));
	printf("version non-empty: %s\n", yesno(u.version[0] != 0));
	char host[256];
	EXPECT_OK("gethostname", gethostname(host, sizeof host));
	printf("hostname non-empty: %s\n", yesno(host[0] != 0));
	printf("hostname == nodename: %s\n", yesno(strcmp(host, u.nodename) == 0));
	char small[1];
	EXPECT_ERR("gethostname too small", gethostname(small, sizeof small), ENAMETOOLONG);
	char buf[256];
	read_file("/proc/sys/kernel/hostname", buf, sizeof buf);
	buf[strcspn(buf, "\n")] = 0;
	printf("/proc/sys/kernel/hostname matches: %s\n", yesno(strcmp(buf, host) == 0));
	read_file("/proc/sys/kernel/ostype", buf, sizeof buf);
	buf[strcspn(buf, "\n")] = 0;
	EXPECT_STR("ostype", buf, "Linux");
	EXPECT_ERR("uname EFAULT", syscall(SYS_uname, (void *)1), EFAULT);
	/* Only a privileged process may set the hostname, and we must not
	 * change the host's: check just the argument validation on a long name. */
	char longname[100];
	memset(longname, 'h', sizeof longname);
	EXPECT_ERR("sethostname too long", sethostname(longname, 65), EINVAL);
	EXPECT_ERR("sethostname negative", syscall(SYS_sethostname, longname, -1L), EINVAL);
	return conf_end();
}
