/* Escape probe: runs only inside the sandbox and tries to reach the host.
 * Every line is "PASS: what" or "FAIL: what"; tests/security/run.sh checks
 * the host side afterwards (nothing written inside may appear outside).
 * It deliberately makes raw syscalls with hostile arguments. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
	if (!ok)
		failures++;
}

/* A raw `syscall` instruction, so no libc wrapper can hide anything. */
static long raw6(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static int count_pids(void)
{
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
			n++;
	closedir(d);
	return n;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own fd */
}

/* seccomp-trap: the stub's host-call function (its bytes are known; the
 * stub is linked at 0x7ffe00000000), which the filter lets through. App
 * code can call it like the stub does; NULL on other platforms. */
typedef long (*stub_call_fn)(long nr, long a, long b, long c, long d, long e, long f);
static stub_call_fn find_stub_call(void)
{
	static const unsigned char code[] = {
		0x48, 0x89, 0xf8, 0x48, 0x89, 0xf7, 0x48, 0x89, 0xd6, 0x48, 0x89, 0xca, 0x4d, 0x89,
		0xc2, 0x4d, 0x89, 0xc8, 0x4c, 0x8b, 0x4c, 0x24, 0x08, 0x0f, 0x05, 0xc3,
	};
	unsigned char *lo = (unsigned char *)0x7ffe00000000UL;
	/* Mapped? write() from unmapped memory is EFAULT, not a fault. */
	int pfd[2];
	if (pipe(pfd) != 0)
		return NULL;
	bool mapped = write(pfd[1], lo + 0x1000, 0x2000) == 0x2000;
	close(pfd[0]);
	close(pfd[1]);
	if (!mapped)
		return NULL;
	for (unsigned char *p = lo + 0x1000; p + sizeof(code) <= lo + 0x3000; p++)
		if (memcmp(p, code, sizeof(code)) == 0)
			return (stub_call_fn)(void *)p;
	return NULL;
}

int main(int argc, char **argv)
{
	const char *marker = argc > 1 ? argv[1] : "/escape-marker";
	check(getpid() == 1, "the first process is pid 1 (virtual pids)");

	/* Host fds in this process (the platform's own, files mapped so far,
	 * those every process inherits): through the stub's call site none
	 * may be mapped shared and writable, which would write a host file
	 * the sandbox may only read. So far only read-only files are mapped. */
	stub_call_fn stub_call = find_stub_call();
	const char *platform = getenv("PROBE_PLATFORM");
	if (platform && strcmp(platform, "seccomp-trap") == 0)
		check(stub_call != NULL, "the stub's call site is found (the next check runs)");
	if (stub_call) {
		int writable = 0, readable = 0;
		for (int hfd = 0; hfd < 128; hfd++) {
			long p = stub_call(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, hfd, 0);
			if (p >= 0 || p < -4095) {
				writable++;
				stub_call(SYS_munmap, p, 4096, 0, 0, 0, 0);
			}
			p = stub_call(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, hfd, 0);
			if (p >= 0 || p < -4095) {
				readable++;
				stub_call(SYS_munmap, p, 4096, 0, 0, 0, 0);
			}
		}
		printf("(stub call site found: %d host fds map readable)\n", readable);
		check(writable == 0, "no host fd in the process maps shared and writable");
	}
	check(raw6(SYS_getppid, 0, 0, 0, 0, 0, 0) == 0, "pid 1 has no parent inside");
	int pids = count_pids();
	check(pids >= 1 && pids < 8, "/proc lists only sandbox processes");
	check(count_fds() == 3, "no host fds leak into the fd table (only 0, 1, 2)");

	/* Signals cannot reach host processes: only sandbox pids exist. */
	int reached = 0;
	for (int pid = 2; pid < 4096; pid++)
		if (raw6(SYS_kill, pid, 0, 0, 0, 0, 0) == 0)
			reached++;
	check(reached == 0, "kill(pid, 0) finds no process but our own");

	/* Calls that would touch the host are emulated or refused. */
	check(raw6(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0, 0, 0) < 0, "ptrace is refused");
	char buf[16];
	struct iovec l = { buf, sizeof(buf) }, r = { (void *)0x400000, sizeof(buf) };
	check(raw6(SYS_process_vm_readv, 1, (long)&l, 1, (long)&r, 1, 0) < 0,
	      "process_vm_readv is refused");
	check(raw6(SYS_mount, (long)"none", (long)"/mnt", (long)"tmpfs", 0, 0, 0) < 0 ||
	      access("/proc/1/root", F_OK) == 0, "mount does not reach the host");
	check(raw6(SYS_reboot, 0xfee1dead, 672274793, 0x4321fedc, 0, 0, 0) < 0, "reboot is refused");
	check(raw6(SYS_kexec_load, 0, 0, 0, 0, 0, 0) < 0, "kexec_load is refused");
	check(raw6(SYS_init_module, 0, 0, 0, 0, 0, 0) < 0, "init_module is refused");
	check(raw6(SYS_clock_gettime, -6 /* a process CPU clock by pid */, (long)buf, 0, 0, 0, 0) < 0,
	      "CPU clocks of other processes are refused");
	check(raw6(99999, 0, 0, 0, 0, 0, 0) == -ENOSYS, "an unknown syscall number is ENOSYS");

	/* Hostile pointers give EFAULT, never a crash. */
	check(raw6(SYS_read, 0, 1, 10, 0, 0, 0) == -EFAULT || raw6(SYS_write, 1, 1, 10, 0, 0, 0) == -EFAULT,
	      "bad buffer pointer is EFAULT");
	check(raw6(SYS_openat, AT_FDCWD, 1, O_RDONLY, 0, 0, 0) == -EFAULT, "bad path pointer is EFAULT");
	check(raw6(SYS_execve, 1, 1, 1, 0, 0, 0) == -EFAULT, "bad execve pointers are EFAULT");
	check(raw6(SYS_rt_sigaction, SIGUSR1, 1, 1, 8, 0, 0) == -EFAULT, "bad sigaction pointer is EFAULT");
	check(raw6(SYS_clock_nanosleep, 1, 0, 1, 0, 0, 0) == -EFAULT, "bad timespec pointer is EFAULT");

	/* Path escapes: .. and symlinks stop at the sandbox root. */
	char real[PATH_MAX];
	check(realpath("/../../../..", real) && strcmp(real, "/") == 0, "/.. stays at /");
	unlink("/tmp/escape-link");
	check(symlink("../../../../../../..", "/tmp/escape-link") == 0 &&
	      realpath("/tmp/escape-link", real) && strcmp(real, "/") == 0,
	      "a symlink full of .. stays at /");
	char target[PATH_MAX];
	ssize_t n = readlink("/proc/self/root", target, sizeof(target) - 1);
	check(n == 1 && target[0] == '/', "/proc/self/root is the sandbox root");

	/* Writes stay inside (run.sh checks the host). */
	int fd = open(marker, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	check(fd >= 0 && write(fd, "x", 1) == 1, "writing a file under / works inside");
	close(fd);

	printf("%d failures\n", failures);
	return failures ? 1 : 0;
}
