/* Names of flags and enumerations for --strace, in strace's order (its xlat
 * tables), with Linux's x86_64 values. */
#include <string.h>
#include "syscalls/strace_impl.h"

#define F(name, val) { (val), #name }

void print_flags(struct sbuf *b, const struct flag_name *tbl, size_t n, uint64_t v,
		 const char *zero_name)
{
	if (v == 0) {
		sb_puts(b, zero_name ? zero_name : "0");
		return;
	}
	bool any = false;
	for (size_t i = 0; i < n && v; i++) {
		if (tbl[i].val && (v & tbl[i].val) == tbl[i].val) {
			if (any)
				sb_putc(b, '|');
			sb_puts(b, tbl[i].name);
			v &= ~tbl[i].val;
			any = true;
		}
	}
	if (v) {
		if (any)
			sb_putc(b, '|');
		print_hex(b, v);
	}
}

void print_enum(struct sbuf *b, const struct flag_name *tbl, size_t n, uint64_t v,
		const char *unknown_comment)
{
	for (size_t i = 0; i < n; i++) {
		if (tbl[i].val == v) {
			sb_puts(b, tbl[i].name);
			return;
		}
	}
	print_hex(b, v);
	if (unknown_comment)
		sb_printf(b, " /* %s */", unknown_comment);
}

/* ---- Signals. */
static const char *const signames[] = {
	NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
	"SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
	"SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
	"SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
	"SIGIO", "SIGPWR", "SIGSYS", "SIGRTMIN",
};

const char *signal_name(int sig)
{
	if (sig > 0 && sig < (int)N_(signames))
		return signames[sig];
	return NULL;
}

void print_signum(struct sbuf *b, int sig)
{
	const char *name = signal_name(sig);
	if (name)
		sb_puts(b, name);
	else if (sig > 32 && sig <= 64)
		sb_printf(b, "SIGRT_%d", sig - 32);
	else
		sb_printf(b, "%d", sig);
}

/* ---- Files. */
static const struct flag_name open_flags[] = {
	F(O_CREAT, 0100), F(O_EXCL, 0200), F(O_NOCTTY, 0400), F(O_TRUNC, 01000),
	F(O_APPEND, 02000), F(O_NONBLOCK, 04000), F(O_SYNC, 04010000),
	F(__O_SYNC, 04000000), F(O_DSYNC, 010000), F(O_DIRECT, 040000),
	F(O_LARGEFILE, 0100000), F(O_NOFOLLOW, 0400000), F(O_NOATIME, 01000000),
	F(O_CLOEXEC, 02000000), F(O_PATH, 010000000), F(O_TMPFILE, 020200000),
	F(__O_TMPFILE, 020000000), F(O_DIRECTORY, 0200000), F(FASYNC, 020000),
};

void print_open_flags(struct sbuf *b, uint64_t flags)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
	sb_puts(b, acc[flags & 3]);
	flags &= ~3ull;
	if (flags) {
		sb_putc(b, '|');
		print_flags(b, open_flags, N_(open_flags), flags, NULL);
	}
}

/* O_CLOEXEC/O_NONBLOCK-style flags of pipe2, dup3, eventfd2, timerfd...:
 * the same bits under each family's prefix. */
void print_o_flags(struct sbuf *b, uint64_t flags, const char *prefix)
{
	if (strcmp(prefix, "O_") == 0) {
		print_flags(b, open_flags, N_(open_flags), flags, NULL);
		return;
	}
	char cloexec[24], nonblock[24];
	snprintf(cloexec, sizeof(cloexec), "%sCLOEXEC", prefix);
	snprintf(nonblock, sizeof(nonblock), "%sNONBLOCK", prefix);
	const struct flag_name tbl[] = { { 02000000, cloexec }, { 04000, nonblock } };
	print_flags(b, tbl, N_(tbl), flags, NULL);
}

void print_mode(struct sbuf *b, uint64_t mode, bool with_type)
{
	if (!with_type) {
		/* chmod's and open's modes are plain octal, setuid bits too. */
		sb_printf(b, "%#03llo", (unsigned long long)mode);
		return;
	}
	static const struct flag_name types[] = {
		F(S_IFREG, 0100000), F(S_IFSOCK, 0140000), F(S_IFIFO, 010000),
		F(S_IFLNK, 0120000), F(S_IFDIR, 040000), F(S_IFBLK, 060000),
		F(S_IFCHR, 020000),
	};
	if (with_type) {
		for (size_t i = 0; i < N_(types); i++)
			if ((mode & 0170000) == types[i].val) {
				sb_puts(b, types[i].name);
				sb_putc(b, '|');
				break;
			}
		mode &= ~0170000ull;
	}
	if (mode & 04000)
		sb_puts(b, "S_ISUID|");
	if (mode & 02000)
		sb_puts(b, "S_ISGID|");
	if (mode & 01000)
		sb_puts(b, "S_ISVTX|");
	sb_printf(b, "%#03llo", (unsigned long long)(mode & ~07000ull));
}

static const struct flag_name at_flags[] = {
	F(AT_SYMLINK_NOFOLLOW, 0x100), F(AT_REMOVEDIR, 0x200), F(AT_SYMLINK_FOLLOW, 0x400),
	F(AT_NO_AUTOMOUNT, 0x800), F(AT_EMPTY_PATH, 0x1000), F(AT_STATX_FORCE_SYNC, 0x2000),
	F(AT_STATX_DONT_SYNC, 0x4000), F(AT_RECURSIVE, 0x8000),
};
static const struct flag_name faccessat_flags[] = {
	F(AT_SYMLINK_NOFOLLOW, 0x100), F(AT_EACCESS, 0x200), F(AT_EMPTY_PATH, 0x1000),
};
const struct flag_name statx_mask[] = {
	F(STATX_ALL, 0xfff), F(STATX_BASIC_STATS, 0x7ff), F(STATX_TYPE, 1),
	F(STATX_MODE, 2), F(STATX_NLINK, 4), F(STATX_UID, 8), F(STATX_GID, 0x10),
	F(STATX_ATIME, 0x20), F(STATX_MTIME, 0x40), F(STATX_CTIME, 0x80),
	F(STATX_INO, 0x100), F(STATX_SIZE, 0x200), F(STATX_BLOCKS, 0x400),
	F(STATX_BTIME, 0x800), F(STATX_MNT_ID, 0x1000), F(STATX_DIOALIGN, 0x2000),
	F(STATX_MNT_ID_UNIQUE, 0x4000), F(STATX_SUBVOL, 0x8000),
	F(STATX_WRITE_ATOMIC, 0x10000),
};
const size_t statx_mask_count = N_(statx_mask);
static const struct flag_name access_modes[] = {
	F(R_OK, 4), F(W_OK, 2), F(X_OK, 1),
};
static const struct flag_name whences[] = {
	F(SEEK_SET, 0), F(SEEK_CUR, 1), F(SEEK_END, 2), F(SEEK_DATA, 3), F(SEEK_HOLE, 4),
};
static const struct flag_name fcntl_cmds[] = {
	F(F_DUPFD, 0), F(F_GETFD, 1), F(F_SETFD, 2), F(F_GETFL, 3), F(F_SETFL, 4),
	F(F_GETLK, 5), F(F_SETLK, 6), F(F_SETLKW, 7), F(F_SETOWN, 8), F(F_GETOWN, 9),
	F(F_SETSIG, 10), F(F_GETSIG, 11), F(F_SETOWN_EX, 15), F(F_GETOWN_EX, 16),
	F(F_GETOWNER_UIDS, 17), F(F_OFD_GETLK, 36), F(F_OFD_SETLK, 37),
	F(F_OFD_SETLKW, 38), F(F_SETLEASE, 1024), F(F_GETLEASE, 1025),
	F(F_NOTIFY, 1026), F(F_DUPFD_QUERY, 1027), F(F_CREATED_QUERY, 1028),
	F(F_CANCELLK, 1029), F(F_DUPFD_CLOEXEC, 1030), F(F_SETPIPE_SZ, 1031),
	F(F_GETPIPE_SZ, 1032), F(F_ADD_SEALS, 1033), F(F_GET_SEALS, 1034),
	F(F_GET_RW_HINT, 1035), F(F_SET_RW_HINT, 1036), F(F_GET_FILE_RW_HINT, 1037),
	F(F_SET_FILE_RW_HINT, 1038),
};
static const struct flag_name seals[] = {
	F(F_SEAL_SEAL, 1), F(F_SEAL_SHRINK, 2), F(F_SEAL_GROW, 4), F(F_SEAL_WRITE, 8),
	F(F_SEAL_FUTURE_WRITE, 0x10), F(F_SEAL_EXEC, 0x20),
};
static const struct flag_name flock_ops[] = {
	F(LOCK_SH, 1), F(LOCK_EX, 2), F(LOCK_NB, 4), F(LOCK_UN, 8),
};
static const struct flag_name ioctls[] = {
	F(TCGETS, 0x5401), F(TCSETS, 0x5402), F(TCSETSW, 0x5403), F(TCSETSF, 0x5404),
	F(TCGETA, 0x5405), F(TCSETA, 0x5406), F(TCSETAW, 0x5407), F(TCSETAF, 0x5408),
	F(TCSBRK, 0x5409), F(TCXONC, 0x540a), F(TCFLSH, 0x540b), F(TIOCEXCL, 0x540c),
	F(TIOCNXCL, 0x540d), F(TIOCSCTTY, 0x540e), F(TIOCGPGRP, 0x540f),
	F(TIOCSPGRP, 0x5410), F(TIOCOUTQ, 0x5411), F(TIOCSTI, 0x5412),
	F(TIOCGWINSZ, 0x5413), F(TIOCSWINSZ, 0x5414), F(TIOCMGET, 0x5415),
	F(TIOCMSET, 0x5418), F(FIONREAD, 0x541b), F(TIOCLINUX, 0x541c),
	F(TIOCCONS, 0x541d), F(FIONBIO, 0x5421), F(TIOCNOTTY, 0x5422),
	F(TIOCSETD, 0x5423), F(TIOCGETD, 0x5424), F(TIOCGSID, 0x5429),
	F(TCGETS2, 0x802c542a), F(TCSETS2, 0x402c542b), F(TIOCGPTN, 0x80045430),
	F(TIOCSPTLCK, 0x40045431), F(TIOCGPTLCK, 0x80045439), F(TIOCGPTPEER, 0x5441),
	F(FIONCLEX, 0x5450), F(FIOCLEX, 0x5451), F(FIOASYNC, 0x5452),
	F(TIOCSERGETLSR, 0x5459), F(FS_IOC_GETFLAGS, 0x80086601),
	F(FS_IOC_SETFLAGS, 0x40086602), F(FICLONE, 0x40049409),
	F(FIOQSIZE, 0x5460), F(SIOCGIFCONF, 0x8912), F(SIOCGIFFLAGS, 0x8913),
	F(SIOCSIFFLAGS, 0x8914), F(SIOCGIFADDR, 0x8915), F(SIOCGIFMTU, 0x8921),
	F(SIOCGIFHWADDR, 0x8927), F(SIOCGIFINDEX, 0x8933), F(SIOCGIFNAME, 0x8910),
	F(RNDGETENTCNT, 0x80045200),
};

void print_fcntl_cmd(struct sbuf *b, int cmd)
{
	print_enum(b, fcntl_cmds, N_(fcntl_cmds), (uint64_t)(unsigned)cmd, "F_???");
}

/* ---- Memory. */
static const struct flag_name prots[] = {
	F(PROT_READ, 1), F(PROT_WRITE, 2), F(PROT_EXEC, 4), F(PROT_SEM, 8),
	F(PROT_GROWSDOWN, 0x01000000), F(PROT_GROWSUP, 0x02000000),
};
static const struct flag_name map_types[] = {
	F(MAP_SHARED, 1), F(MAP_PRIVATE, 2), F(MAP_SHARED_VALIDATE, 3), F(MAP_DROPPABLE, 8),
};
static const struct flag_name map_flags[] = {
	F(MAP_FIXED, 0x10), F(MAP_ANONYMOUS, 0x20), F(MAP_32BIT, 0x40),
	F(MAP_ABOVE4G, 0x80), F(MAP_NORESERVE, 0x4000), F(MAP_POPULATE, 0x8000),
	F(MAP_NONBLOCK, 0x10000), F(MAP_GROWSDOWN, 0x100), F(MAP_DENYWRITE, 0x800),
	F(MAP_EXECUTABLE, 0x1000), F(MAP_LOCKED, 0x2000), F(MAP_STACK, 0x20000),
	F(MAP_HUGETLB, 0x40000), F(MAP_SYNC, 0x80000), F(MAP_FIXED_NOREPLACE, 0x100000),
	F(MAP_UNINITIALIZED, 0x4000000),
};
static const struct flag_name mremap_flags[] = {
	F(MREMAP_MAYMOVE, 1), F(MREMAP_FIXED, 2), F(MREMAP_DONTUNMAP, 4),
};
static const struct flag_name msync_flags[] = {
	F(MS_ASYNC, 1), F(MS_INVALIDATE, 2), F(MS_SYNC, 4),
};
static const struct flag_name madvs[] = {
	F(MADV_NORMAL, 0), F(MADV_RANDOM, 1), F(MADV_SEQUENTIAL, 2), F(MADV_WILLNEED, 3),
	F(MADV_DONTNEED, 4), F(MADV_FREE, 8), F(MADV_REMOVE, 9), F(MADV_DONTFORK, 10),
	F(MADV_DOFORK, 11), F(MADV_MERGEABLE, 12), F(MADV_UNMERGEABLE, 13),
	F(MADV_HUGEPAGE, 14), F(MADV_NOHUGEPAGE, 15), F(MADV_DONTDUMP, 16),
	F(MADV_DODUMP, 17), F(MADV_WIPEONFORK, 18), F(MADV_KEEPONFORK, 19),
	F(MADV_COLD, 20), F(MADV_PAGEOUT, 21), F(MADV_POPULATE_READ, 22),
	F(MADV_POPULATE_WRITE, 23), F(MADV_DONTNEED_LOCKED, 24), F(MADV_COLLAPSE, 25),
	F(MADV_HWPOISON, 100), F(MADV_SOFT_OFFLINE, 101), F(MADV_GUARD_INSTALL, 102),
	F(MADV_GUARD_REMOVE, 103),
};

/* ---- Processes. */
static const struct flag_name clone_flags[] = {
	F(CLONE_VM, 0x100), F(CLONE_FS, 0x200), F(CLONE_FILES, 0x400),
	F(CLONE_SIGHAND, 0x800), F(CLONE_PIDFD, 0x1000), F(CLONE_PTRACE, 0x2000),
	F(CLONE_VFORK, 0x4000), F(CLONE_PARENT, 0x8000), F(CLONE_THREAD, 0x10000),
	F(CLONE_NEWNS, 0x20000), F(CLONE_SYSVSEM, 0x40000), F(CLONE_SETTLS, 0x80000),
	F(CLONE_PARENT_SETTID, 0x100000), F(CLONE_CHILD_CLEARTID, 0x200000),
	F(CLONE_UNTRACED, 0x800000), F(CLONE_CHILD_SETTID, 0x1000000),
	F(CLONE_NEWCGROUP, 0x2000000), F(CLONE_NEWUTS, 0x4000000),
	F(CLONE_NEWIPC, 0x8000000), F(CLONE_NEWUSER, 0x10000000),
	F(CLONE_NEWPID, 0x20000000), F(CLONE_NEWNET, 0x40000000), F(CLONE_IO, 0x80000000),
	F(CLONE_CLEAR_SIGHAND, 0x100000000ull), F(CLONE_INTO_CGROUP, 0x200000000ull),
	F(CLONE_NEWTIME, 0x80),
};

void print_clone_flags(struct sbuf *b, uint64_t flags, bool with_signal)
{
	uint64_t sig = with_signal ? flags & 0xff : 0;
	flags &= with_signal ? ~0xffull : ~0ull;
	if (flags)
		print_flags(b, clone_flags, N_(clone_flags), flags, NULL);
	if (sig || !flags) {
		if (flags)
			sb_putc(b, '|');
		print_signum(b, (int)sig);
	}
}

static const struct flag_name wait_opts[] = {
	F(WNOHANG, 1), F(WUNTRACED, 2), F(WEXITED, 4), F(WCONTINUED, 8),
	F(WNOWAIT, 0x1000000), F(__WCLONE, 0x80000000), F(__WALL, 0x40000000),
	F(__WNOTHREAD, 0x20000000),
};
static const struct flag_name idtypes[] = {
	F(P_ALL, 0), F(P_PID, 1), F(P_PGID, 2), F(P_PIDFD, 3),
};
static const struct flag_name sighows[] = {
	F(SIG_BLOCK, 0), F(SIG_UNBLOCK, 1), F(SIG_SETMASK, 2),
};
static const struct flag_name rlimits[] = {
	F(RLIMIT_CPU, 0), F(RLIMIT_FSIZE, 1), F(RLIMIT_DATA, 2), F(RLIMIT_STACK, 3),
	F(RLIMIT_CORE, 4), F(RLIMIT_RSS, 5), F(RLIMIT_NPROC, 6), F(RLIMIT_NOFILE, 7),
	F(RLIMIT_MEMLOCK, 8), F(RLIMIT_AS, 9), F(RLIMIT_LOCKS, 10),
	F(RLIMIT_SIGPENDING, 11), F(RLIMIT_MSGQUEUE, 12), F(RLIMIT_NICE, 13),
	F(RLIMIT_RTPRIO, 14), F(RLIMIT_RTTIME, 15),
};
static const struct flag_name prctls[] = {
	F(PR_SET_PDEATHSIG, 1), F(PR_GET_PDEATHSIG, 2), F(PR_GET_DUMPABLE, 3),
	F(PR_SET_DUMPABLE, 4), F(PR_GET_KEEPCAPS, 7), F(PR_SET_KEEPCAPS, 8),
	F(PR_GET_TIMING, 13), F(PR_SET_NAME, 15), F(PR_GET_NAME, 16),
	F(PR_GET_SECCOMP, 21), F(PR_SET_SECCOMP, 22), F(PR_CAPBSET_READ, 23),
	F(PR_CAPBSET_DROP, 24), F(PR_GET_SECUREBITS, 27), F(PR_SET_SECUREBITS, 28),
	F(PR_GET_TIMERSLACK, 30), F(PR_SET_TIMERSLACK, 29), F(PR_SET_MM, 35),
	F(PR_SET_CHILD_SUBREAPER, 36), F(PR_GET_CHILD_SUBREAPER, 37),
	F(PR_SET_NO_NEW_PRIVS, 38), F(PR_GET_NO_NEW_PRIVS, 39), F(PR_GET_TID_ADDRESS, 40),
	F(PR_SET_THP_DISABLE, 41), F(PR_GET_THP_DISABLE, 42), F(PR_CAP_AMBIENT, 47),
	F(PR_SET_VMA, 0x53564d41),
};
static const struct flag_name arch_prctls[] = {
	F(ARCH_SET_GS, 0x1001), F(ARCH_SET_FS, 0x1002), F(ARCH_GET_FS, 0x1003),
	F(ARCH_GET_GS, 0x1004), F(ARCH_GET_CPUID, 0x1011), F(ARCH_SET_CPUID, 0x1012),
	F(ARCH_GET_XCOMP_SUPP, 0x1021), F(ARCH_GET_XCOMP_PERM, 0x1022),
	F(ARCH_REQ_XCOMP_PERM, 0x1023), F(ARCH_MAP_VDSO_X32, 0x2001),
	F(ARCH_MAP_VDSO_32, 0x2002), F(ARCH_MAP_VDSO_64, 0x2003),
	F(ARCH_SHSTK_ENABLE, 0x5001), F(ARCH_SHSTK_DISABLE, 0x5002),
	F(ARCH_SHSTK_STATUS, 0x5005),
};
static const struct flag_name futex_cmds[] = {
	F(FUTEX_WAIT, 0), F(FUTEX_WAKE, 1), F(FUTEX_FD, 2), F(FUTEX_REQUEUE, 3),
	F(FUTEX_CMP_REQUEUE, 4), F(FUTEX_WAKE_OP, 5), F(FUTEX_LOCK_PI, 6),
	F(FUTEX_UNLOCK_PI, 7), F(FUTEX_TRYLOCK_PI, 8), F(FUTEX_WAIT_BITSET, 9),
	F(FUTEX_WAKE_BITSET, 10), F(FUTEX_WAIT_REQUEUE_PI, 11),
	F(FUTEX_CMP_REQUEUE_PI, 12), F(FUTEX_LOCK_PI2, 13),
};
static const struct flag_name clocks[] = {
	F(CLOCK_REALTIME, 0), F(CLOCK_MONOTONIC, 1), F(CLOCK_PROCESS_CPUTIME_ID, 2),
	F(CLOCK_THREAD_CPUTIME_ID, 3), F(CLOCK_MONOTONIC_RAW, 4),
	F(CLOCK_REALTIME_COARSE, 5), F(CLOCK_MONOTONIC_COARSE, 6), F(CLOCK_BOOTTIME, 7),
	F(CLOCK_REALTIME_ALARM, 8), F(CLOCK_BOOTTIME_ALARM, 9), F(CLOCK_TAI, 11),
};

/* ---- Sockets. */
static const struct flag_name domains[] = {
	F(AF_UNSPEC, 0), F(AF_UNIX, 1), F(AF_INET, 2), F(AF_INET6, 10),
	F(AF_NETLINK, 16), F(AF_PACKET, 17), F(AF_ALG, 38), F(AF_VSOCK, 40),
};
static const struct flag_name socktypes[] = {
	F(SOCK_STREAM, 1), F(SOCK_DGRAM, 2), F(SOCK_RAW, 3), F(SOCK_RDM, 4),
	F(SOCK_SEQPACKET, 5), F(SOCK_DCCP, 6), F(SOCK_PACKET, 10),
};
static const struct flag_name sock_flags[] = {
	F(SOCK_CLOEXEC, 02000000), F(SOCK_NONBLOCK, 04000),
};
static const struct flag_name inet_protos[] = {
	F(IPPROTO_IP, 0), F(IPPROTO_ICMP, 1), F(IPPROTO_TCP, 6), F(IPPROTO_UDP, 17),
	F(IPPROTO_IPV6, 41), F(IPPROTO_ICMPV6, 58), F(IPPROTO_SCTP, 132),
	F(IPPROTO_UDPLITE, 136), F(IPPROTO_RAW, 255), F(IPPROTO_MPTCP, 262),
};
static const struct flag_name netlink_protos[] = {
	F(NETLINK_ROUTE, 0), F(NETLINK_SOCK_DIAG, 4), F(NETLINK_AUDIT, 9),
	F(NETLINK_KOBJECT_UEVENT, 15), F(NETLINK_GENERIC, 16),
};
static const struct flag_name msg_flags[] = {
	F(MSG_OOB, 0x1), F(MSG_PEEK, 0x2), F(MSG_DONTROUTE, 0x4), F(MSG_CTRUNC, 0x8),
	F(MSG_PROBE, 0x10), F(MSG_TRUNC, 0x20), F(MSG_DONTWAIT, 0x40), F(MSG_EOR, 0x80),
	F(MSG_WAITALL, 0x100), F(MSG_FIN, 0x200), F(MSG_SYN, 0x400),
	F(MSG_CONFIRM, 0x800), F(MSG_RST, 0x1000), F(MSG_ERRQUEUE, 0x2000),
	F(MSG_NOSIGNAL, 0x4000), F(MSG_MORE, 0x8000), F(MSG_WAITFORONE, 0x10000),
	F(MSG_BATCH, 0x40000), F(MSG_ZEROCOPY, 0x4000000), F(MSG_FASTOPEN, 0x20000000),
	F(MSG_CMSG_CLOEXEC, 0x40000000),
};
static const struct flag_name sol_levels[] = {
	F(SOL_IP, 0), F(SOL_SOCKET, 1), F(SOL_TCP, 6), F(SOL_UDP, 17), F(SOL_IPV6, 41),
	F(SOL_ICMPV6, 58), F(SOL_RAW, 255), F(SOL_PACKET, 263), F(SOL_NETLINK, 270),
};
static const struct flag_name so_names[] = {
	F(SO_DEBUG, 1), F(SO_REUSEADDR, 2), F(SO_TYPE, 3), F(SO_ERROR, 4),
	F(SO_DONTROUTE, 5), F(SO_BROADCAST, 6), F(SO_SNDBUF, 7), F(SO_RCVBUF, 8),
	F(SO_KEEPALIVE, 9), F(SO_OOBINLINE, 10), F(SO_NO_CHECK, 11),
	F(SO_PRIORITY, 12), F(SO_LINGER, 13), F(SO_BSDCOMPAT, 14), F(SO_REUSEPORT, 15),
	F(SO_PASSCRED, 16), F(SO_PEERCRED, 17), F(SO_RCVLOWAT, 18), F(SO_SNDLOWAT, 19),
	F(SO_RCVTIMEO_OLD, 20), F(SO_SNDTIMEO_OLD, 21), F(SO_BINDTODEVICE, 25),
	F(SO_ATTACH_FILTER, 26), F(SO_PEERNAME, 28), F(SO_TIMESTAMP_OLD, 29),
	F(SO_ACCEPTCONN, 30), F(SO_PEERSEC, 31), F(SO_SNDBUFFORCE, 32),
	F(SO_RCVBUFFORCE, 33), F(SO_PASSSEC, 34), F(SO_MARK, 36), F(SO_PROTOCOL, 38),
	F(SO_DOMAIN, 39), F(SO_PEEK_OFF, 42), F(SO_BUSY_POLL, 46),
	F(SO_INCOMING_CPU, 49), F(SO_PEERGROUPS, 59), F(SO_ZEROCOPY, 60),
};
static const struct flag_name tcp_names[] = {
	F(TCP_NODELAY, 1), F(TCP_MAXSEG, 2), F(TCP_CORK, 3), F(TCP_KEEPIDLE, 4),
	F(TCP_KEEPINTVL, 5), F(TCP_KEEPCNT, 6), F(TCP_SYNCNT, 7), F(TCP_LINGER2, 8),
	F(TCP_DEFER_ACCEPT, 9), F(TCP_WINDOW_CLAMP, 10), F(TCP_INFO, 11),
	F(TCP_QUICKACK, 12), F(TCP_CONGESTION, 13), F(TCP_USER_TIMEOUT, 18),
	F(TCP_FASTOPEN, 23), F(TCP_NOTSENT_LOWAT, 25),
};
static const struct flag_name shut_hows[] = {
	F(SHUT_RD, 0), F(SHUT_WR, 1), F(SHUT_RDWR, 2),
};

/* ---- Descriptors of the event families. */
static const struct flag_name epoll_ops[] = {
	F(EPOLL_CTL_ADD, 1), F(EPOLL_CTL_DEL, 2), F(EPOLL_CTL_MOD, 3),
};
static const struct flag_name tfd_flags[] = {
	F(TFD_TIMER_ABSTIME, 1), F(TFD_TIMER_CANCEL_ON_SET, 2),
	F(TFD_CLOEXEC, 02000000), F(TFD_NONBLOCK, 04000),
};
static const struct flag_name efd_flags[] = {
	F(EFD_SEMAPHORE, 1), F(EFD_CLOEXEC, 02000000), F(EFD_NONBLOCK, 04000),
};
static const struct flag_name mfd_flags[] = {
	F(MFD_CLOEXEC, 1), F(MFD_ALLOW_SEALING, 2), F(MFD_HUGETLB, 4),
	F(MFD_NOEXEC_SEAL, 8), F(MFD_EXEC, 0x10),
};
static const struct flag_name grnd_flags[] = {
	F(GRND_NONBLOCK, 1), F(GRND_RANDOM, 2), F(GRND_INSECURE, 4),
};
static const struct flag_name rename_flags[] = {
	F(RENAME_NOREPLACE, 1), F(RENAME_EXCHANGE, 2), F(RENAME_WHITEOUT, 4),
};

static void print_fcntl_arg(struct sbuf *b, int cmd, uint64_t v)
{
	switch (cmd) {
	case 2: /* F_SETFD */
		print_flags(b, (const struct flag_name[]){ F(FD_CLOEXEC, 1) }, 1, v, NULL);
		break;
	case 4: /* F_SETFL */
		print_open_flags(b, v);
		break;
	case 10: /* F_SETSIG */
		print_signum(b, (int)v);
		break;
	case 1033: /* F_ADD_SEALS */
		print_flags(b, seals, N_(seals), v, NULL);
		break;
	case 0: case 8: case 1024: case 1030: case 1031: case 1027:
		sb_printf(b, "%d", (int)v);
		break;
	default:
		print_hex(b, v);
	}
}

bool print_simple_arg(struct sbuf *b, int fmt, uint64_t v, const uint64_t args[6], int i)
{
	switch (fmt) {
	case SF_INT: case SF_FD: case SF_PID:
		sb_printf(b, "%d", (int)v);
		break;
	case SF_UINT:
		sb_printf(b, "%u", (unsigned)v);
		break;
	case SF_LONG:
		sb_printf(b, "%lld", (long long)v);
		break;
	case SF_ULONG:
		sb_printf(b, "%llu", (unsigned long long)v);
		break;
	case SF_HEX:
		print_hex(b, v);
		break;
	case SF_PTR:
		print_ptr(b, v);
		break;
	case SF_OCT: case SF_OMODE:
		print_mode(b, (uint32_t)v, false);
		break;
	case SF_MODE:
		print_mode(b, (uint32_t)v, true);
		break;
	case SF_DIRFD:
		if ((int)v == -100)
			sb_puts(b, "AT_FDCWD");
		else
			sb_printf(b, "%d", (int)v);
		break;
	case SF_OFLAGS: print_open_flags(b, (uint32_t)v); break;
	case SF_O_FLAGS: print_o_flags(b, (uint32_t)v, "O_"); break;
	case SF_ACCESS: print_flags(b, access_modes, N_(access_modes), (uint32_t)v, "F_OK"); break;
	case SF_ATFLAGS: print_flags(b, at_flags, N_(at_flags), (uint32_t)v, NULL); break;
	case SF_FACCESSAT_FLAGS:
		print_flags(b, faccessat_flags, N_(faccessat_flags), (uint32_t)v, NULL);
		break;
	case SF_STATX_FLAGS:
		print_flags(b, at_flags, N_(at_flags), (uint32_t)v, "AT_STATX_SYNC_AS_STAT");
		break;
	case SF_STATX_MASK:
		print_flags(b, statx_mask, N_(statx_mask), (uint32_t)v, NULL);
		break;
	case SF_PROT: print_flags(b, prots, N_(prots), v, "PROT_NONE"); break;
	case SF_MMAP_FLAGS:
		print_enum(b, map_types, N_(map_types), v & 0xf, NULL);
		if (v & ~0xfull) {
			sb_putc(b, '|');
			print_flags(b, map_flags, N_(map_flags), v & ~0xfull, NULL);
		}
		break;
	case SF_MREMAP_FLAGS: print_flags(b, mremap_flags, N_(mremap_flags), v, NULL); break;
	case SF_MSYNC_FLAGS: print_flags(b, msync_flags, N_(msync_flags), v, NULL); break;
	case SF_MADV: print_enum(b, madvs, N_(madvs), (uint32_t)v, "MADV_???"); break;
	case SF_CLONE_FLAGS: print_clone_flags(b, v, false); break;
	case SF_SIGNUM: print_signum(b, (int)v); break;
	case SF_SIGHOW: print_enum(b, sighows, N_(sighows), (uint32_t)v, "SIG_???"); break;
	case SF_FCNTL_CMD: print_fcntl_cmd(b, (int)v); break;
	case SF_FCNTL_ARG: print_fcntl_arg(b, (int)args[i - 1], v); break;
	case SF_FLOCK_OP: print_flags(b, flock_ops, N_(flock_ops), (uint32_t)v, NULL); break;
	case SF_IOCTL_REQ: print_enum(b, ioctls, N_(ioctls), (uint32_t)v, NULL); break;
	case SF_WHENCE: print_enum(b, whences, N_(whences), (uint32_t)v, "SEEK_???"); break;
	case SF_WAIT_OPTS: print_flags(b, wait_opts, N_(wait_opts), (uint32_t)v, NULL); break;
	case SF_IDTYPE: print_enum(b, idtypes, N_(idtypes), (uint32_t)v, "P_???"); break;
	case SF_FUTEX_OP: {
		uint32_t op = (uint32_t)v;
		print_enum(b, futex_cmds, N_(futex_cmds), op & 0x7f, "FUTEX_???");
		if (op & 128)
			sb_puts(b, "_PRIVATE");
		if (op & 256)
			sb_puts(b, "|FUTEX_CLOCK_REALTIME");
		break;
	}
	case SF_SOCK_DOMAIN: print_enum(b, domains, N_(domains), (uint32_t)v, "AF_???"); break;
	case SF_SOCK_TYPE:
		print_enum(b, socktypes, N_(socktypes), v & 0xf, "SOCK_???");
		if (v & ~0xfull) {
			sb_putc(b, '|');
			print_flags(b, sock_flags, N_(sock_flags), (uint32_t)v & ~0xfu, NULL);
		}
		break;
	case SF_SOCK_PROTO:
		if ((int)args[0] == 2 || (int)args[0] == 10)
			print_enum(b, inet_protos, N_(inet_protos), (uint32_t)v, "IPPROTO_???");
		else if ((int)args[0] == 16)
			print_enum(b, netlink_protos, N_(netlink_protos), (uint32_t)v, "NETLINK_???");
		else
			sb_printf(b, "%d", (int)v);
		break;
	case SF_IOCTL_ARG: print_hex(b, v); break;
	case SF_SOCK_FLAGS: print_flags(b, sock_flags, N_(sock_flags), (uint32_t)v, NULL); break;
	case SF_MSG_FLAGS: print_flags(b, msg_flags, N_(msg_flags), (uint32_t)v, NULL); break;
	case SF_SOCKOPT_LEVEL: print_enum(b, sol_levels, N_(sol_levels), (uint32_t)v, "SOL_???"); break;
	case SF_SOCKOPT_NAME:
		if ((int)args[i - 1] == 1)
			print_enum(b, so_names, N_(so_names), (uint32_t)v, "SO_???");
		else if ((int)args[i - 1] == 6)
			print_enum(b, tcp_names, N_(tcp_names), (uint32_t)v, "TCP_???");
		else
			sb_printf(b, "%d", (int)v);
		break;
	case SF_SHUT_HOW: print_enum(b, shut_hows, N_(shut_hows), (uint32_t)v, "SHUT_???"); break;
	case SF_TIMER_FLAGS:
		print_flags(b, (const struct flag_name[]){ F(TIMER_ABSTIME, 1) }, 1, (uint32_t)v, NULL);
		break;
	case SF_CLOCKID: print_enum(b, clocks, N_(clocks), (uint32_t)v, "CLOCK_???"); break;
	case SF_RLIMIT_RES: print_enum(b, rlimits, N_(rlimits), (uint32_t)v, "RLIMIT_???"); break;
	case SF_PRCTL_OP: print_enum(b, prctls, N_(prctls), (uint32_t)v, "PR_???"); break;
	case SF_ARCH_PRCTL_OP: print_enum(b, arch_prctls, N_(arch_prctls), (uint32_t)v, "ARCH_???"); break;
	case SF_EPOLL_OP: print_enum(b, epoll_ops, N_(epoll_ops), (uint32_t)v, "EPOLL_CTL_???"); break;
	case SF_EPOLL_FLAGS: print_o_flags(b, (uint32_t)v & 02000000, "EPOLL_"); break;
	case SF_TFD_FLAGS: print_flags(b, tfd_flags, N_(tfd_flags), (uint32_t)v, NULL); break;
	case SF_EFD_FLAGS: print_flags(b, efd_flags, N_(efd_flags), (uint32_t)v, NULL); break;
	case SF_SFD_FLAGS: print_o_flags(b, (uint32_t)v, "SFD_"); break;
	case SF_IN_FLAGS: print_o_flags(b, (uint32_t)v, "IN_"); break;
	case SF_MFD_FLAGS: print_flags(b, mfd_flags, N_(mfd_flags), (uint32_t)v, NULL); break;
	case SF_GRND_FLAGS: print_flags(b, grnd_flags, N_(grnd_flags), (uint32_t)v, NULL); break;
	case SF_RENAME_FLAGS: print_flags(b, rename_flags, N_(rename_flags), (uint32_t)v, NULL); break;
	default:
		return false;
	}
	return true;
}
