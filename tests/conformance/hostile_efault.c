/* Conformance: bad user pointers give EFAULT (never a crash); unknown syscalls ENOSYS. */
#include "conf.h"
#include <sys/socket.h>
#include <sys/utsname.h>

#define BAD ((void *)1)
#define KERNEL_PTR ((void *)0xffffffff81000000UL)

int main(void)
{
	conf_init();
	conf_tmpdir();
	write_file("f", "data");
	int fd = open("f", O_RDWR);
	EXPECT_ERR("read into (void*)1", syscall(SYS_read, fd, BAD, 4), EFAULT);
	EXPECT_ERR("write from (void*)1", syscall(SYS_write, fd, BAD, 4), EFAULT);
	EXPECT_ERR("read into kernel address", syscall(SYS_read, fd, KERNEL_PTR, 4), EFAULT);
	EXPECT_ERR("stat path (void*)1", syscall(SYS_stat, BAD, BAD), EFAULT);
	struct stat st;
	EXPECT_ERR("stat buffer (void*)1", syscall(SYS_stat, "f", BAD), EFAULT);
	EXPECT_ERR("fstat buffer (void*)1", syscall(SYS_fstat, fd, BAD), EFAULT);
	EXPECT_ERR("open path (void*)1", syscall(SYS_open, BAD, O_RDONLY), EFAULT);
	EXPECT_ERR("openat NULL path", syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY), EFAULT);
	EXPECT_ERR("mkdir (void*)1", syscall(SYS_mkdir, BAD, 0755), EFAULT);
	EXPECT_ERR("unlink (void*)1", syscall(SYS_unlink, BAD), EFAULT);
	EXPECT_ERR("rename (void*)1", syscall(SYS_rename, BAD, "x"), EFAULT);
	EXPECT_ERR("chdir (void*)1", syscall(SYS_chdir, BAD), EFAULT);
	EXPECT_ERR("readlink buffer (void*)1", (symlink("f", "l"), syscall(SYS_readlink, "l", BAD, 10)), EFAULT);
	EXPECT_ERR("pipe (void*)1", syscall(SYS_pipe, BAD), EFAULT);
	EXPECT_ERR("uname (void*)1", syscall(SYS_uname, BAD), EFAULT);
	EXPECT_ERR("clock_gettime (void*)1", syscall(SYS_clock_gettime, CLOCK_REALTIME, BAD), EFAULT);
	EXPECT_ERR("gettimeofday (void*)1", syscall(SYS_gettimeofday, BAD, NULL), EFAULT);
	EXPECT_ERR("getcwd (void*)1", syscall(SYS_getcwd, BAD, 100), EFAULT);
	EXPECT_ERR("sigaction (void*)1", syscall(SYS_rt_sigaction, SIGUSR1, BAD, NULL, 8), EFAULT);
	EXPECT_ERR("getrlimit (void*)1", syscall(SYS_getrlimit, RLIMIT_NOFILE, BAD), EFAULT);
	EXPECT_ERR("execve path (void*)1", syscall(SYS_execve, BAD, NULL, NULL), EFAULT);
	EXPECT_ERR("socketpair (void*)1", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, BAD), EFAULT);
	EXPECT_ERR("wait4 status (void*)1", (fork() == 0 ? _exit(0), 0 : 0, syscall(SYS_wait4, -1, BAD, 0, NULL)), EFAULT);
	while (wait(NULL) > 0)
		;
	/* A partially valid buffer: read copies up to the fault. */
	#include <sys/mman.h>
	long pg = sysconf(_SC_PAGESIZE);
	char *two = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(two + pg, pg);
	int big = open("big", O_RDWR | O_CREAT, 0644);
	static char zeros[16384];
	write(big, zeros, sizeof zeros);
	lseek(big, 0, SEEK_SET);
	long r = syscall(SYS_read, big, two + pg - 100, 1000);
	printf("read straddling unmapped page: %s\n", r == 100 ? "100 (partial)" : r < 0 ? ename(errno) : "other");
	/* Unknown syscall numbers. */
	EXPECT_ERR("syscall(99999)", syscall(99999), ENOSYS);
	EXPECT_ERR("syscall(-1)", syscall(-1), ENOSYS);
	EXPECT_ERR("syscall(1000)", syscall(1000), ENOSYS);
	EXPECT_ERR("x32 bit set", syscall(0x40000000 | 39), ENOSYS);
	/* The process survived everything above. */
	printf("alive: yes\n");
	(void)st;
	return conf_end();
}
