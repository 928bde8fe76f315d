/* The syscall table: one row per x86_64 syscall, generated from
 * syscalls/syscall_list_x86_64.h, and the dispatcher that answers a call from
 * it. The same rows drive --strace (syscalls/strace.h), the audit log and
 * the compatibility list in the docs.
 *
 * A row's handler is the function sys_<name> if any object linked into the
 * binary defines it: table.c declares every sys_<name> weak, so a family
 * file (file.c, mm.c, ...) only has to define its handlers with
 * SYSCALL_DEFINE. A row with no handler answers -ENOSYS and is counted; a
 * refused row answers its errno. */
#pragma once
#include <stdint.h>
#include <stdio.h>
#include "syscalls/syscall.h"

/* How --strace and the audit log show an argument. "_IN" formats are read
 * from app memory at syscall entry, "_OUT" ones at exit (only if the call
 * succeeded; otherwise the address is shown, as strace does). */
enum syscall_arg_fmt {
	SF__ = 0,        /* no argument */
	SF_SKIP,         /* passed but not shown (preadv's pos_h on 64-bit) */
	/* Plain numbers. */
	SF_INT,          /* int, decimal */
	SF_UINT,         /* unsigned int, decimal */
	SF_LONG,         /* long/off_t, decimal */
	SF_ULONG,        /* size_t, decimal */
	SF_HEX,          /* 0x-prefixed hex, 0 as 0 */
	SF_PTR,          /* address: NULL or 0x... */
	SF_OCT,          /* mode_t permissions: 0644 */
	SF_MODE,         /* mode_t with file type: S_IFCHR|0600 */
	SF_FD,           /* int */
	SF_DIRFD,        /* AT_FDCWD or int */
	SF_PID,          /* int */
	/* Strings and buffers. */
	SF_STR,          /* NUL-terminated, cut at 32 chars like strace -s 32 */
	SF_PATH,         /* NUL-terminated, shown whole (up to PATH_MAX) */
	SF_PATH_OUT,     /* getcwd: a path written by the call */
	SF_BUF_IN,       /* buffer, length in the next argument */
	SF_BUF_OUT,      /* buffer filled by the call, length = return value */
	SF_RANDOM_OUT,   /* getrandom: like BUF_OUT but always \x hex */
	SF_IOV_IN,       /* struct iovec[], count in the next argument */
	SF_IOV_OUT,      /* same, filled by the call (return value bytes) */
	SF_ARGV,         /* execve argv: ["ls", "-l"] */
	SF_ENVP,         /* execve envp: 0x7ffd... / * 12 vars * / */
	/* Flags and enumerations. */
	SF_OFLAGS,       /* open flags with access mode: O_RDONLY|O_CLOEXEC */
	SF_OMODE,        /* open mode, shown only with O_CREAT or O_TMPFILE */
	SF_O_FLAGS,      /* O_CLOEXEC|O_NONBLOCK style, 0 as 0 (pipe2, dup3) */
	SF_ACCESS,       /* F_OK or R_OK|W_OK|X_OK */
	SF_ATFLAGS,      /* AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH... */
	SF_PROT,         /* PROT_READ|PROT_WRITE */
	SF_MMAP_FLAGS,   /* MAP_PRIVATE|MAP_ANONYMOUS */
	SF_MREMAP_FLAGS,
	SF_MSYNC_FLAGS,
	SF_MADV,         /* MADV_DONTNEED */
	SF_CLONE,        /* clone's first argument: the whole clone() layout */
	SF_CLONE_FLAGS,  /* CLONE_NEWNS|... (unshare, setns) */
	SF_CLONE3_ARGS,  /* struct clone_args */
	SF_SIGNUM,       /* SIGINT */
	SF_SIGSET_IN,    /* [INT TERM], ~[RTMIN RT_1] */
	SF_SIGSET_OUT,
	SF_SIGACT_IN,    /* {sa_handler=..., sa_mask=[], sa_flags=...} */
	SF_SIGACT_OUT,
	SF_SIGHOW,       /* SIG_BLOCK */
	SF_FCNTL_CMD,    /* F_SETFD */
	SF_FCNTL_ARG,    /* depends on the command; omitted for F_GETFD... */
	SF_FLOCK_OP,     /* LOCK_EX|LOCK_NB */
	SF_IOCTL_REQ,    /* TCGETS */
	SF_WHENCE,       /* SEEK_SET */
	SF_WAIT_OPTS,    /* WNOHANG|__WALL */
	SF_WSTATUS_OUT,  /* [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] */
	SF_IDTYPE,       /* P_PID */
	SF_FUTEX_OP,     /* FUTEX_WAIT_PRIVATE; decides how many args show */
	SF_FUTEX_TIMEOUT,/* timespec for waits, val2 for requeues */
	SF_SOCK_DOMAIN,  /* AF_INET */
	SF_SOCK_TYPE,    /* SOCK_STREAM|SOCK_CLOEXEC */
	SF_SOCK_FLAGS,   /* SOCK_CLOEXEC|SOCK_NONBLOCK (accept4) */
	SF_SOCKADDR_IN,  /* {sa_family=AF_INET, ...}, length in next arg */
	SF_SOCKADDR_OUT, /* filled by the call, length pointer in next arg */
	SF_SOCKLEN_PTR,  /* [16] */
	SF_MSG_FLAGS,    /* MSG_NOSIGNAL */
	SF_SOCKOPT_LEVEL,/* SOL_SOCKET */
	SF_SOCKOPT_NAME, /* SO_REUSEADDR (for SOL_SOCKET) */
	SF_SOCKOPT_VAL,  /* [1] for int-sized values */
	SF_SHUT_HOW,     /* SHUT_WR */
	SF_POLLFDS,      /* [{fd=3, events=POLLIN}], revents after the result */
	SF_FDSET,        /* select's fd_set: [0 3], size from the first arg */
	SF_TIMESPEC_IN,  /* {tv_sec=1, tv_nsec=0} */
	SF_TIMESPEC_OUT,
	SF_TIMESPEC_REM, /* nanosleep's remainder: decoded only on EINTR */
	SF_TIMEVAL_IN,   /* {tv_sec=1, tv_usec=0} */
	SF_TIMEVAL_OUT,
	SF_TIMER_FLAGS,  /* TIMER_ABSTIME */
	SF_CLOCKID,      /* CLOCK_MONOTONIC */
	SF_RLIMIT_RES,   /* RLIMIT_NOFILE */
	SF_RLIMIT_IN,    /* {rlim_cur=1024, rlim_max=RLIM64_INFINITY} */
	SF_RLIMIT_OUT,
	SF_PRCTL_OP,     /* PR_SET_NAME */
	SF_ARCH_PRCTL_OP,/* ARCH_SET_FS */
	SF_FDPAIR_OUT,   /* [3, 4] */
	SF_INT_PTR_OUT,  /* [0] */
	SF_OFF_PTR,      /* loff_t *: NULL or [123] */
	SF_UNAME_OUT,    /* {sysname="Linux", nodename="x", ...} */
	SF_DIRENTS_OUT,  /* 0x55... / * 5 entries * / */
	SF_STAT_OUT,     /* {st_mode=S_IFREG|0644, st_size=123, ...} */
	SF_STATX_OUT,
	SF_EPOLL_OP,     /* EPOLL_CTL_ADD */
	SF_EPOLL_EVENT_IN,  /* {events=EPOLLIN, data={u32=3, u64=3}} */
	SF_EPOLL_EVENTS_OUT,/* [{events=EPOLLIN, data=...}], count = return */
	SF_EPOLL_FLAGS,  /* EPOLL_CLOEXEC */
	SF_TFD_FLAGS,    /* TFD_CLOEXEC|TFD_NONBLOCK (or TFD_TIMER_ABSTIME) */
	SF_EFD_FLAGS,
	SF_SFD_FLAGS,
	SF_IN_FLAGS,     /* inotify_init1 */
	SF_MFD_FLAGS,    /* MFD_CLOEXEC|MFD_ALLOW_SEALING */
	SF_GRND_FLAGS,   /* GRND_NONBLOCK */
	SF_RENAME_FLAGS, /* RENAME_NOREPLACE */
	SF_OPEN_HOW,     /* openat2's struct open_how */
	SF_SOCK_PROTO,   /* IPPROTO_TCP for inet sockets, a number otherwise */
	SF_IOCTL_ARG,    /* hex; omitted for requests without one (FIOCLEX) */
	SF_SYSINFO_OUT,  /* struct sysinfo */
	SF_FACCESSAT_FLAGS, /* AT_EACCESS|AT_SYMLINK_NOFOLLOW */
	SF_STATX_FLAGS,  /* AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW... */
	SF_STATX_MASK,   /* STATX_BASIC_STATS */
	SF_CPUSET_IN,    /* [0 1], size in the previous argument */
	SF_CPUSET_OUT,   /* [0 1], size = return value */
	SF_ULONG_PTR_OUT,/* [0x7f...] (arch_prctl ARCH_GET_FS) */
	SF_SIGFRAME,     /* rt_sigreturn: {mask=[...]} from the signal frame at
			  * the stack pointer (strace_set_stack_pointer) */
	SF_COUNT
};

/* How the result is shown (errors, -4095..-1, always as -1 ENAME (text)). */
enum syscall_ret_fmt {
	SR_INT = 0,      /* decimal */
	SR_FD,
	SR_PID,
	SR_HEX,          /* addresses: mmap, brk */
	SR_OCT,          /* umask */
	SR_NONE,         /* never returns: exit, exit_group ("= ?") */
};

struct syscall_desc {
	int nr;
	const char *name;
	syscall_handler_fn handler; /* NULL: ENOSYS (or refused) */
	uint8_t nargs;
	uint8_t ret_fmt;            /* enum syscall_ret_fmt */
	uint8_t arg_fmt[6];         /* enum syscall_arg_fmt */
	int refused_errno;          /* nonzero: a deliberate refusal */
	const char *refused_reason;
};

/* Highest syscall number with a row, plus one. */
#define SYSCALL_TABLE_SIZE 471

/* The row for nr, or NULL for numbers with no row (gaps, negative numbers,
 * numbers past the table, x32 numbers with __X32_SYSCALL_BIT). */
const struct syscall_desc *syscall_desc_lookup(long nr);

/* The row named name ("openat"), or NULL. Linear; for tools and tests. */
const struct syscall_desc *syscall_desc_by_name(const char *name);

/* Answers syscall nr with args for t: the handler's result, -ENOSYS for a
 * number with no row or no handler (counted, and logged once per number if
 * a log is set), or the refusal's -errno. Thread-safe. */
long syscall_dispatch(struct task *t, long nr, const struct syscall_args *args);

/* Times nr answered ENOSYS because nothing implements it. Numbers with no
 * row share one counter, read with any such number. */
uint64_t syscall_unimplemented_count(long nr);
/* Times refused row nr was refused. */
uint64_t syscall_refused_count(long nr);
/* Lists nonzero unimplemented/refused counts, one "name (nr): count" line
 * each. */
void syscall_report_unimplemented(FILE *out);
/* Clears every counter (tests). */
void syscall_reset_counts(void);
/* Where to write one line the first time each number answers ENOSYS
 * (NULL, the default: nowhere). */
void syscall_set_unimplemented_log(FILE *out);

/* Prints the compatibility list as a Markdown table: nr, name, status
 * (implemented, ENOSYS, or refused with errno name and reason). */
void syscall_table_print_compat(FILE *out);
