/* The seccomp-trap platform's shared memory contract: the layout of the
 * thread contexts that the sentry (platform/seccomp_trap.c) and the stub
 * inside every app process (platform/stub_systrap.c) both map from one memfd
 * per host address space. Freestanding: the stub includes it too.
 *
 * A context ("slot") is SYSTRAP_SLOT_SIZE bytes, aligned to its size, so the
 * stub finds its own from its stack pointer. Each slot holds the header
 * below, a small first stack for a freshly cloned thread, and the
 * alternate signal stack on which every stub signal handler runs: the
 * kernel's signal frame (ucontext with all registers and the XSAVE area)
 * therefore lies in shared memory, where the sentry reads and rewrites the
 * app's registers directly.
 *
 * Everything in a slot is writable by the app (it is mapped in its address
 * space), so the sentry treats every field as untrusted input. */
#pragma once
#ifdef __ASSEMBLER__
#define SYSTRAP_U64(x) x
#else
#include <stdint.h>
#define SYSTRAP_U64(x) x##ULL
#endif

/* Where the context region lies in every app process: right below the
 * stub image (linked at 0x7ffe00000000), so that stub_layout's [lo, hi)
 * covers both and the sentry's mm refuses app mappings over them. */
#define SYSTRAP_SLOT_SIZE SYSTRAP_U64(0x10000)
#define SYSTRAP_MAX_SLOTS 256
#define SYSTRAP_REGION_SIZE (SYSTRAP_SLOT_SIZE * SYSTRAP_MAX_SLOTS)
#define SYSTRAP_CTX_BASE (SYSTRAP_U64(0x7ffe00000000) - SYSTRAP_REGION_SIZE)

/* Inside a slot: the header page, then [0x1000, 0x2000) which holds the
 * seccomp program for slot 0 at process start-up and is the first stack of
 * a cloned thread (they never overlap in time), then the signal stack. */
#define SYSTRAP_FILTER_OFF 0x1000
#define SYSTRAP_FILTER_MAX 512 /* instructions */
#define SYSTRAP_BOOT_STACK_TOP 0x2000
#define SYSTRAP_ALTSTACK_OFF 0x2000
#define SYSTRAP_ALTSTACK_SIZE (SYSTRAP_SLOT_SIZE - SYSTRAP_ALTSTACK_OFF)

/* The syscall-site rewriting fast path (platform/systrap_rewrite.c patches
 * sites, the stub's systrap_fast_entry takes the calls). A fast call saves
 * the app's registers in a ucontext-shaped record and its FPU state in an
 * XSAVE area, both at fixed places of the thread's slot inside the
 * alternate stack (so the sentry reads and edits them exactly as a SIGSYS
 * frame), and runs the stub's C code on the stack below them. The top of
 * the alternate stack, [FAST_XSAVE_OFF + FAST_XSAVE_MAX, end), stays free
 * for a kick frame the kernel delivers while the fast path is not yet (or
 * no longer) on the alternate stack. */
#define SYSTRAP_FAST_STACK_TOP 0x6b00
#define SYSTRAP_FAST_UC_OFF 0x6c00
#define SYSTRAP_FAST_XSAVE_OFF 0x7000
#define SYSTRAP_FAST_XSAVE_MAX 0x3000
/* Offsets in the record (the kernel's struct ucontext, x86_64). */
#define SYSTRAP_UC_R8 40
#define SYSTRAP_UC_R9 48
#define SYSTRAP_UC_R10 56
#define SYSTRAP_UC_R11 64
#define SYSTRAP_UC_R12 72
#define SYSTRAP_UC_R13 80
#define SYSTRAP_UC_R14 88
#define SYSTRAP_UC_R15 96
#define SYSTRAP_UC_RDI 104
#define SYSTRAP_UC_RSI 112
#define SYSTRAP_UC_RBP 120
#define SYSTRAP_UC_RBX 128
#define SYSTRAP_UC_RDX 136
#define SYSTRAP_UC_RAX 144
#define SYSTRAP_UC_RCX 152
#define SYSTRAP_UC_RSP 160
#define SYSTRAP_UC_RIP 168
#define SYSTRAP_UC_EFLAGS 176
#define SYSTRAP_UC_FPSTATE 224
#define SYSTRAP_UC_SIZE 304

/* The calls a rewritten site may take through the fast path: plain calls
 * whose emulation needs nothing of the trap but the registers (never
 * rt_sigreturn, clone/fork/vfork/execve/exit, arch_prctl, nor a call the
 * app filter passes through for some arguments only, such as futex or
 * clock_gettime: those would stop passing through). A site of
 * `mov $nr, %eax; syscall` is patched only for these numbers; a site of
 * glibc's syscall() (number in rax) takes only these and sends any other
 * number back to its original `syscall` instruction. */
#define SYSTRAP_FAST_MAX_NR 512
#define SYSTRAP_FAST_CALLS(X)                                                          \
	X(__NR_read) X(__NR_write) X(__NR_open) X(__NR_close) X(__NR_stat) X(__NR_fstat) \
	X(__NR_lstat) X(__NR_poll) X(__NR_lseek) X(__NR_mmap) X(__NR_mprotect)            \
	X(__NR_munmap) X(__NR_brk) X(__NR_rt_sigaction) X(__NR_rt_sigprocmask)            \
	X(__NR_ioctl) X(__NR_pread64) X(__NR_pwrite64) X(__NR_readv) X(__NR_writev)       \
	X(__NR_access) X(__NR_pipe) X(__NR_select) X(__NR_mremap) X(__NR_madvise)         \
	X(__NR_dup) X(__NR_dup2) X(__NR_nanosleep) X(__NR_getpid) X(__NR_sendfile)        \
	X(__NR_socket) X(__NR_connect) X(__NR_accept) X(__NR_sendto) X(__NR_recvfrom)     \
	X(__NR_sendmsg) X(__NR_recvmsg) X(__NR_shutdown) X(__NR_bind) X(__NR_listen)      \
	X(__NR_getsockname) X(__NR_getpeername) X(__NR_socketpair) X(__NR_setsockopt)     \
	X(__NR_getsockopt) X(__NR_wait4) X(__NR_kill) X(__NR_uname) X(__NR_fcntl)          \
	X(__NR_flock) X(__NR_fsync) X(__NR_fdatasync) X(__NR_truncate) X(__NR_ftruncate)  \
	X(__NR_getdents64) X(__NR_getcwd) X(__NR_chdir) X(__NR_fchdir) X(__NR_rename)     \
	X(__NR_mkdir) X(__NR_rmdir) X(__NR_unlink) X(__NR_readlink) X(__NR_chmod)         \
	X(__NR_fchmod) X(__NR_umask) X(__NR_getrlimit) X(__NR_getrusage) X(__NR_sysinfo)  \
	X(__NR_times) X(__NR_getuid) X(__NR_getgid) X(__NR_geteuid) X(__NR_getegid)       \
	X(__NR_getppid) X(__NR_getpgrp) X(__NR_getpgid) X(__NR_getsid) X(__NR_statfs)     \
	X(__NR_fstatfs) X(__NR_gettid) X(__NR_tkill) X(__NR_tgkill) X(__NR_epoll_wait)    \
	X(__NR_epoll_ctl) X(__NR_epoll_pwait) X(__NR_epoll_create1) X(__NR_clock_nanosleep) \
	X(__NR_openat) X(__NR_mkdirat) X(__NR_newfstatat) X(__NR_unlinkat)                \
	X(__NR_renameat) X(__NR_renameat2) X(__NR_linkat) X(__NR_symlinkat)               \
	X(__NR_readlinkat) X(__NR_faccessat) X(__NR_faccessat2) X(__NR_pselect6)          \
	X(__NR_ppoll) X(__NR_dup3) X(__NR_pipe2) X(__NR_eventfd2) X(__NR_prlimit64)       \
	X(__NR_getrandom) X(__NR_statx) X(__NR_accept4) X(__NR_preadv) X(__NR_pwritev)    \
	X(__NR_copy_file_range) X(__NR_sched_getaffinity) X(__NR_set_tid_address)       \
	X(__NR_set_robust_list) X(__NR_rseq)

/* The state word (a shared futex): whose turn it is, plus flags. Each side
 * sets SLEEPING only while it waits for its own turn, so the side that
 * hands over sees in the old value whether a FUTEX_WAKE is needed. */
#define SYSTRAP_TURN_MASK 0xffu
#define SYSTRAP_TURN_STUB 1u   /* app code runs, or the stub runs a command */
#define SYSTRAP_TURN_SENTRY 2u /* an event or result is posted */
#define SYSTRAP_SLEEPING 0x100u
#define SYSTRAP_KILLED 0x200u  /* set by terminate(): the owner stops waiting */
/* Set by the sentry while it holds the turn: its answer will be slow (it
 * sleeps itself), so the stub should sleep at once rather than spin. The
 * sentry's next hand-over clears it. */
#define SYSTRAP_NAP 0x400u
/* Either side polls the word for spin_cycles / SYSTRAP_POLL_SHARE before
 * it starts yielding (see SPIN_NS in seccomp_trap.c). */
#define SYSTRAP_POLL_SHARE 64

#ifndef __ASSEMBLER__
/* Stub -> sentry. */
enum systrap_event {
	SYSTRAP_EV_NONE,
	SYSTRAP_EV_STARTUP,   /* a new host thread is ready (first trap) */
	SYSTRAP_EV_SYSCALL,   /* app syscall trapped (SIGSYS); nr in ctx->nr */
	SYSTRAP_EV_FAULT,     /* synchronous fault in app code */
	SYSTRAP_EV_INTERRUPT, /* a kick */
	SYSTRAP_EV_DONE,      /* a command finished; result in ctx->result */
};

/* Sentry -> stub. */
enum systrap_command {
	SYSTRAP_CMD_RESUME = 1, /* return to app code with the (edited) ucontext */
	SYSTRAP_CMD_SYSCALL,    /* make host call nr(args) and report EV_DONE */
	SYSTRAP_CMD_CLONE,      /* args: flags, region fd or -1 (closed after), child slot address */
	SYSTRAP_CMD_SAVE_FP,    /* a fast call's record: save the FPU state into it */
	SYSTRAP_CMD_EXIT,       /* exit the host thread; no answer */
};

#define SYSTRAP_SET_FS 1u
#define SYSTRAP_SET_GS 2u

struct systrap_ctx {
	uint32_t state;
	uint32_t event;
	uint32_t command;
	uint32_t kick_seen;  /* a kick arrived while the stub itself ran */
	uint64_t uc_addr;    /* app address of the current event's ucontext */
	uint64_t info_addr;  /* ... and of its siginfo */
	int64_t nr;          /* EV_SYSCALL: the call; CMD_SYSCALL: host call */
	uint64_t args[6];
	int64_t result;
	uint64_t fs_base, gs_base;         /* at the last event */
	uint64_t new_fs_base, new_gs_base; /* CMD_RESUME with set_bases */
	uint32_t set_bases;
	uint32_t sentry_tgid; /* the stub exits when orphaned */
	uint64_t spin_cycles; /* how long to spin before sleeping (TSC) */
	uint64_t initial_sp;  /* the stub's initial stack (argv, auxv) */
	uint64_t vdso_base;   /* its AT_SYSINFO_EHDR (0: none) */
	uint64_t filter_len;  /* slot 0 at start-up: instructions at FILTER_OFF */
	uint32_t membarrier_ok; /* at start-up: the process registered for
				 * MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE */
	uint32_t startup_nap; /* set by the sentry: post the start-up event with
			       * SYSTRAP_NAP (a spare, taken much later) */
	uint8_t scratch[1024] __attribute__((aligned(16))); /* install_fd's msghdr */
};
_Static_assert(__builtin_offsetof(struct systrap_ctx, kick_seen) == 12,
	       "stub_systrap_x86_64.S tests kick_seen at offset 12");
_Static_assert(sizeof(struct systrap_ctx) <= SYSTRAP_FILTER_OFF, "header fits its page");
#endif

/* The clone flags the stub may use (the filter pins exactly these). All
 * host processes of a sandbox are children of the sentry (CLONE_PARENT), so
 * it can reap them and collect their rusage; they send no exit signal. */
#define SYSTRAP_CLONE_THREAD (0x00000100 | 0x00000400 | 0x00008000) /* VM|FILES|PARENT */
#define SYSTRAP_CLONE_FORK 0x00008000                                /* PARENT */
