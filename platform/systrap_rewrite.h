/* Syscall-site rewriting for the seccomp-trap platform (the fast path):
 * the pattern checker, and the per-address-space record of patched sites
 * and trampoline chunks. See platform/systrap_rewrite.c. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct plat_thread;

/* The bytes a site spans: a 5-byte instruction, then the trapped
 * `syscall` (0f 05), whose end is the trap's rip. */
#define SYSTRAP_SITE_LEN 7

enum systrap_site_kind {
	SYSTRAP_SITE_NONE,       /* not a pattern we patch */
	SYSTRAP_SITE_MOV_EAX,    /* mov $nr, %eax; syscall (libc wrappers) */
	SYSTRAP_SITE_SYSCALL_FN, /* mov 0x8(%rsp), %r9; syscall (glibc's syscall()) */
};

/* Pure: classifies the SYSTRAP_SITE_LEN bytes that end with the
 * `syscall` that trapped call nr. Checks the exact bytes and that
 * capstone decodes them as exactly those two instructions; a
 * SYSTRAP_SITE_MOV_EAX site must load nr and nr must be a fast call. */
enum systrap_site_kind systrap_site_check(const uint8_t code[SYSTRAP_SITE_LEN], long nr);
/* Whether the fast path may take call nr (SYSTRAP_FAST_CALLS). */
bool systrap_fast_call_allowed(long nr);

/* Per host address space: sites seen (patched or refused) and the
 * trampoline chunks mapped in it. */
struct systrap_rw;
struct systrap_rw *systrap_rw_new(void);
/* fork: the child's host address space holds the same patched text and
 * chunks at the same addresses. NULL parent gives NULL. */
struct systrap_rw *systrap_rw_fork(struct systrap_rw *parent);
void systrap_rw_free(struct systrap_rw *rw);

struct systrap_rw_env {
	pid_t tid;             /* the host thread, for /proc/TID/{maps,mem} */
	uint64_t fast_entry;     /* stub addresses the trampolines jump to */
	uint64_t fast_entry_dyn;
	bool single_thread;    /* no other host thread uses the address space */
	bool membarrier;       /* the process can serialise its threads' cores */
};

/* Whether a site starting at addr was (or is being) patched: a thread
 * that hits its int3 runs it again (see the multi-threaded protocol). */
bool systrap_rw_is_site(struct systrap_rw *rw, uint64_t addr);

/* Called on the thread's owner while it is stopped at a SIGSYS for call
 * nr whose `syscall` ends at rip: patches the site if it is one of the
 * patterns and it is safe to. Failures only leave the site trapping. */
void systrap_rw_on_trap(struct systrap_rw *rw, struct plat_thread *p,
			const struct systrap_rw_env *env, long nr, uint64_t rip);
/* Called on the thread's owner before the app unmaps, maps over or moves
 * [lo, hi): the sites there are forgotten (new code may come to the same
 * addresses), and with restore, patched ones first get their original
 * instruction back (a move copies the text, and a jump to a trampoline is
 * relative to where it was). */
void systrap_rw_forget(struct systrap_rw *rw, struct plat_thread *p,
		       const struct systrap_rw_env *env, uint64_t lo, uint64_t hi, bool restore);
