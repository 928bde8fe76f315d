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

/* The state word (a shared futex): whose turn it is, plus flags. Each side
 * sets SLEEPING only while it waits for its own turn, so the side that
 * hands over sees in the old value whether a FUTEX_WAKE is needed. */
#define SYSTRAP_TURN_MASK 0xffu
#define SYSTRAP_TURN_STUB 1u   /* app code runs, or the stub runs a command */
#define SYSTRAP_TURN_SENTRY 2u /* an event or result is posted */
#define SYSTRAP_SLEEPING 0x100u
#define SYSTRAP_KILLED 0x200u  /* set by terminate(): the owner stops waiting */

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
	SYSTRAP_CMD_CLONE,      /* args: flags, region fd or -1, child slot address */
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
	uint64_t filter_len;  /* slot 0 at start-up: instructions at FILTER_OFF */
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
