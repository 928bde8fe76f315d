/* The sentry's own host allowlist: the only host syscalls the sentry (and
 * what it spawns before exec) may make once the first app process exists.
 * One row per syscall with the reason it is needed. Anything else raises
 * SIGSYS (SECCOMP_RET_TRAP), whose handler here names the call and ends
 * the sentry (with --debug it only logs, so a missing row is found
 * quickly). Not SECCOMP_RET_KILL: seccomp-trap stubs are spawned by a
 * sentry thread and inherit this filter, and KILL would take precedence
 * over the stub's own filter, whose TRAP makes every app call reach the
 * sentry; with TRAP here both agree. Installed with libseccomp on all
 * sentry threads (TSYNC) before any app code runs.
 *
 * What it does not yet restrict: openat and the other path calls, which
 * the in-process host file system (fs/gofer_host.c) still needs until the
 * gofer runs as its own process. */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sentry/host_filter.h"

struct host_rule {
	int nr;
	const char *why;
	int argc; /* 0, or 2: allowed only with exactly these first arguments */
	uint64_t arg[2];
};

#define R(name, why) { SYS_##name, why, 0, { 0, 0 } }
#define R2(name, a0, a1, why) { SYS_##name, why, 2, { a0, a1 } }

static const struct host_rule host_rules[] = {
	/* I/O on host fds: stdio, host files, memfds, the control socket. */
	R(read, "host files and stdio"), R(write, "host files, stdio, logs"),
	R(pread64, "host file data"), R(pwrite64, "host file data"),
	R(readv, "host files"), R(writev, "host files and logs"),
	R(preadv, "host files"), R(pwritev, "host files"),
	R(preadv2, "host files"), R(pwritev2, "host files"),
	R(lseek, "SEEK_DATA/SEEK_HOLE on host files"), R(close, "host fds"),
	R(close_range, "stub start-up"), R(dup, "host stdio"), R(dup2, "stub start-up"),
	R(dup3, "stub start-up"), R(fcntl, "flags, seals, F_DUPFD"),
	R(ioctl, "terminal ioctls forwarded to the host tty"),
	R(poll, "readiness of host stdio"), R(ppoll, "readiness of host stdio"),
	R(copy_file_range, "copy-up"), R(sendfile, "copy-up"),
	R(splice, "copy-up"),
	/* The host root file system (until the gofer is a process). */
	R(openat, "host files through their O_PATH handles"), R(open, "glibc internals"),
	R(newfstatat, "stat of host files"), R(fstat, "stat of host files"),
	R(statx, "stat of host files"), R(lstat, "glibc"), R(stat, "glibc"),
	R(readlinkat, "host symlinks"), R(getdents64, "host directories"),
	R(mkdirat, "writable host roots"), R(unlinkat, "writable host roots"),
	R(renameat2, "writable host roots"), R(renameat, "glibc rename"),
	R(linkat, "writable host roots"), R(symlinkat, "writable host roots"),
	R(mknodat, "writable host roots"), R(fchmodat, "writable host roots"),
	R(fchmod, "writable host roots"), R(fchownat, "writable host roots"),
	R(fchown, "writable host roots"), R(utimensat, "writable host roots"),
	R(ftruncate, "tmpfs memfds and host files"), R(fallocate, "tmpfs memfds"),
	R(fsync, "host files"), R(fdatasync, "host files"), R(statfs, "statfs"),
	R(fstatfs, "statfs"), R(faccessat, "glibc"), R(faccessat2, "glibc"),
	R(getcwd, "glibc"), R(chdir, "glibc"), R(fchdir, "stub chroot"),
	R(chroot, "stubs chroot into an empty directory"),
	R(memfd_create, "tmpfs file data, stub images"),
	/* Memory of the sentry itself. */
	R(mmap, "malloc, thread stacks, shared contexts"), R(munmap, "malloc"),
	R(mprotect, "thread stacks"), R(mremap, "realloc"), R(madvise, "malloc, thread exit"),
	R(brk, "malloc"), R(msync, "shared contexts"),
	/* Calls seccomp-trap stubs (spawned by a sentry thread, so under this
	 * filter too) make for their app: its memory calls and its TLS. */
	R(mincore, "app mincore"), R(mlock, "app mlock"), R(mlock2, "app mlock2"),
	R(munlock, "app munlock"), R(mlockall, "app mlockall"), R(munlockall, "app munlockall"),
	R(arch_prctl, "the app's fs base"),
	/* Threads and synchronisation. */
	R(futex, "locks and condition variables"), R(set_robust_list, "pthreads"),
	R(get_robust_list, "pthreads"), R(rseq, "glibc thread start"),
	R(clone, "sentry threads, stub processes"), R(clone3, "sentry threads"),
	R(fork, "stub processes"), R(vfork, "stub processes"),
	R(exit, "thread exit"), R(exit_group, "sentry exit"),
	R(sched_yield, "spinning hand-offs"),
	R2(sched_setscheduler, 0, SCHED_IDLE, "an exiting seccomp-trap stub lowers itself"), R(sched_getaffinity, "CPU placement"),
	R(sched_setaffinity, "CPU placement"), R(getcpu, "getcpu emulation"),
	R(set_tid_address, "pthreads"),
	/* Driving app processes. */
	R(ptrace, "the ptrace platform"), R(wait4, "tracee stops and exits"),
	R(waitid, "stub exits"), R(process_vm_readv, "app memory"),
	R(process_vm_writev, "app memory"), R(kill, "killing stubs"),
	R(tgkill, "kicking app threads"), R(tkill, "raise"),
	R(socketpair, "control socket"), R(sendmsg, "passing fds to stubs"),
	R(recvmsg, "control socket"), R(recvfrom, "control socket"), R(sendto, "glibc send"),
	R(execve, "stub image"), R(execveat, "stub image from its memfd"),
	R(seccomp, "installing the app filter in a new stub"), R(prctl, "stub set-up, names"),
	R(setsid, "stub set-up"), R(getpgid, "job control queries"),
	/* Inherited by seccomp-trap stubs: they register for, then issue,
	 * core-serialising barriers over their own threads only, while the
	 * sentry patches syscall sites in their code (systrap_rewrite.c). */
	R(membarrier, "stubs serialise their own threads' code while it is patched"),
	/* Signals of the sentry. */
	R(rt_sigaction, "sentry signal set-up"), R(rt_sigprocmask, "pthreads, stubs"),
	R(rt_sigreturn, "signal return"), R(sigaltstack, "glibc"),
	R(rt_sigtimedwait, "glibc"),
	/* Time, ids, randomness, host facts. */
	R(clock_gettime, "clocks, CPU clocks of stub processes"), R(clock_getres, "emulation"),
	R(gettimeofday, "emulation"), R(time, "emulation"), R(nanosleep, "timers"),
	R(clock_nanosleep, "timer service"), R(getrandom, "getrandom emulation"),
	R(getpid, "glibc"), R(gettid, "glibc"), R(getppid, "glibc"), R(getuid, "glibc"),
	R(geteuid, "glibc"), R(getgid, "glibc"), R(getegid, "glibc"), R(uname, "uname emulation"),
	R(sysinfo, "sysinfo, /proc/meminfo"), R(getrusage, "accounting"),
	R(prlimit64, "glibc"), R(getrlimit, "glibc"), R(times, "accounting"),
	R(restart_syscall, "interrupted sleeps"),
};

size_t host_filter_rule_count(void)
{
	return sizeof(host_rules) / sizeof(host_rules[0]);
}

int host_filter_syscall_allowed(int nr)
{
	for (size_t i = 0; i < host_filter_rule_count(); i++)
		if (host_rules[i].nr == nr)
			return 1;
	return 0;
}

int host_filter_pinned_args(int nr)
{
	for (size_t i = 0; i < host_filter_rule_count(); i++)
		if (host_rules[i].nr == nr)
			return host_rules[i].argc;
	return 0;
}

static bool debug_mode;

/* A call outside the list: name it, then end the sentry (not in debug). */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	char msg[96];
	int n = snprintf(msg, sizeof(msg), "runsc: sentry made host syscall %d outside its allowlist\n",
			 si->si_syscall);
	if (n > 0)
		(void)!write(STDERR_FILENO, msg, (size_t)n);
	if (!debug_mode)
		_exit(125);
}

int host_filter_install(bool debug)
{
	debug_mode = debug;
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
	if (!ctx)
		return -ENOMEM;
	int err = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (size_t i = 0; !err && i < host_filter_rule_count(); i++) {
		const struct host_rule *r = &host_rules[i];
		err = r->argc ? seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 2,
						 SCMP_A0(SCMP_CMP_EQ, r->arg[0]),
						 SCMP_A1(SCMP_CMP_EQ, r->arg[1]))
			      : seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 0);
	}
	if (!err) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_sigsys;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGSYS, &sa, NULL);
	}
	if (!err)
		err = seccomp_load(ctx);
	seccomp_release(ctx);
	return err;
}
