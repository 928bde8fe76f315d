/* Conformance: huge and negative lengths/counts are rejected or clamped as Linux does. */
#include "conf.h"
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/epoll.h>

int main(void)
{
	conf_init();
	char buf[16];
	int fd = open("/dev/null", O_WRONLY);
	/* The whole user range is checked before any clamping to MAX_RW_COUNT. */
	EXPECT_ERR("write SIZE_MAX to /dev/null", syscall(SYS_write, fd, buf, (size_t)-1), EFAULT);
	EXPECT_ERR("write 2^48 to /dev/null", syscall(SYS_write, fd, buf, (size_t)1 << 48), EFAULT);
	close(fd);
	int p[2];
	pipe(p);
	write(p[1], "abc", 3);
	EXPECT_ERR("read SIZE_MAX from pipe", syscall(SYS_read, p[0], buf, (size_t)-1), EFAULT);
	EXPECT_ERR("readv iovcnt 1<<20", syscall(SYS_readv, p[0], buf, 1 << 20), EINVAL);
	EXPECT_ERR("mmap 2^63", (long)mmap(NULL, (size_t)1 << 63, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
	EXPECT_ERR("mmap SIZE_MAX", (long)mmap(NULL, (size_t)-1, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
	EXPECT_ERR("munmap huge", syscall(SYS_munmap, 0x1000, (size_t)-4096), EINVAL);
	EXPECT_ERR("mprotect huge", syscall(SYS_mprotect, 0x1000, (size_t)-4096, PROT_READ), ENOMEM);
	EXPECT_ERR("getcwd size huge, bad buf", syscall(SYS_getcwd, (void *)1, (size_t)-1), EFAULT);
	EXPECT_ERR("poll nfds > RLIMIT_NOFILE", syscall(SYS_poll, buf, 1 << 30, 0), EINVAL);
	EXPECT_ERR("select nfds negative", syscall(SYS_select, -5, NULL, NULL, NULL, NULL), EINVAL);
	EXPECT_ERR("epoll_wait maxevents huge", syscall(SYS_epoll_wait, epoll_create1(0), buf, 1 << 30, 0), EINVAL);
	int s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	int v = 1;
	EXPECT_ERR("setsockopt optlen -1", syscall(SYS_setsockopt, s[0], SOL_SOCKET, SO_RCVBUF, &v, -1), EINVAL);
	socklen_t len = (socklen_t)-1;
	EXPECT_ERR("getsockopt optlen -1", getsockopt(s[0], SOL_SOCKET, SO_RCVBUF, &v, &len), EINVAL);
	EXPECT_ERR("bind addrlen huge", syscall(SYS_bind, s[0], buf, 1 << 20), EINVAL);
	EXPECT_ERR("getrandom SIZE_MAX into bad buf", syscall(SYS_getrandom, (void *)1, (size_t)-1, 0), EFAULT);
	EXPECT_ERR("sigaltstack (void*)1", syscall(SYS_sigaltstack, (void *)1, NULL), EFAULT);
	EXPECT_ERR("pipe2 flags all ones", syscall(SYS_pipe2, p, -1), EINVAL);
	EXPECT_ERR("dup3 flags all ones", syscall(SYS_dup3, 0, 10, -1), EINVAL);
	EXPECT_ERR("fcntl cmd huge", syscall(SYS_fcntl, 0, 1 << 30, 0), EINVAL);
	EXPECT_ERR("lseek whence huge", syscall(SYS_lseek, 0, 0, 1 << 30), EINVAL);
	EXPECT_ERR("kill signal huge", syscall(SYS_kill, getpid(), 1 << 30), EINVAL);
	EXPECT_ERR("setrlimit resource huge", syscall(SYS_setrlimit, 1 << 30, buf), EINVAL);
	EXPECT_ERR("O_TMPFILE with O_RDONLY", syscall(SYS_openat, AT_FDCWD, "/tmp", O_TMPFILE | O_RDONLY), EINVAL);
	EXPECT_ERR("sched_setaffinity len 0", syscall(SYS_sched_setaffinity, 0, 0, buf), EINVAL);
	EXPECT_ERR("write to pipe, len huge, bad buf", syscall(SYS_write, p[1], (void *)1, (size_t)-1), EFAULT);
	printf("alive: yes\n");
	return conf_end();
}
