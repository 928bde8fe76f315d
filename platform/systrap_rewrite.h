/* Syscall-site rewriting for the seccomp-trap platform (the fast path):
 * the pattern checker, and the per-address-space record of patched sites
 * and trampoline chunks. See platform/systrap_rewrite.c. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct plat_thread;
struct systrap_text_image;

/* The bytes a site spans: a 5-byte instruction, then the trapped
 * `syscall` (0f 05), whose end is the trap's rip. */
#define SYSTRAP_SITE_LEN 7
/* A trampoline: the displaced instruction, `lea` of the return address
 * into rcx, an indirect jump to the stub's fast entry, int3 padding. */
#define SYSTRAP_TRAMP_SIZE 32

enum systrap_site_kind {
	SYSTRAP_SITE_NONE,       /* not a pattern we patch */
	SYSTRAP_SITE_MOV_EAX,    /* mov $nr, %eax; syscall (libc wrappers) */
	SYSTRAP_SITE_SYSCALL_FN, /* mov 0x8(%rsp), %r9; syscall (glibc's syscall()) */
	SYSTRAP_SITE_MOV_EDI,    /* mov $imm, %edi; syscall (ld.so's openat) */
};

/* A check looks at the byte before the site too: a prefix there (REX,
 * operand size...) would make the site's first instruction another one
 * (41 b8 imm32 is mov $imm, %r8d). */
#define SYSTRAP_CHECK_LEN (SYSTRAP_SITE_LEN + 1)

/* Pure: classifies the site whose bytes, after the one before it, are
 * code[1..SYSTRAP_CHECK_LEN) and end with the `syscall` that trapped
 * call nr with first argument rdi. Checks the exact bytes and that
 * capstone decodes them as exactly those two instructions; the moved
 * immediate must be what the trap saw in its register (a site reached
 * by a jump to its `syscall` would not load it), and a mov site's nr a
 * fast call (mov $imm, %edi and syscall() sites still check the number
 * at run time: it is loaded elsewhere). */
enum systrap_site_kind systrap_site_check(const uint8_t code[SYSTRAP_CHECK_LEN], long nr, uint64_t rdi);
/* The stub entry a site of this kind jumps to. */
static inline uint64_t systrap_site_entry(enum systrap_site_kind kind, uint64_t fast_entry,
					  uint64_t fast_entry_dyn)
{
	return kind == SYSTRAP_SITE_MOV_EAX ? fast_entry : fast_entry_dyn;
}
/* Whether the fast path may take call nr (SYSTRAP_FAST_CALLS). */
bool systrap_fast_call_allowed(long nr);
/* Pure: the trampoline at tramp for the site whose 5-byte instruction is
 * code[0..5) and whose `syscall` ends at rip, jumping on to entry; and
 * the jump at site to tramp. Addresses count only relative to each
 * other (modulo 2^64), so images can be built for any load address. */
void systrap_tramp_bytes(uint8_t t[SYSTRAP_TRAMP_SIZE], const uint8_t code[5], uint64_t tramp,
			 uint64_t rip, uint64_t entry);
void systrap_jmp_bytes(uint8_t jmp[5], uint64_t site, uint64_t tramp);

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
 * nr (first argument rdi) whose `syscall` ends at rip: patches the site
 * if it is one of the patterns and it is safe to. Failures only leave
 * the site trapping. */
void systrap_rw_on_trap(struct systrap_rw *rw, struct plat_thread *p,
			const struct systrap_rw_env *env, long nr, uint64_t rdi, uint64_t rip);
/* Called on the thread's owner to map [addr, addr+len) of a file at off
 * (prot with PROT_EXEC, flags private and MAP_FIXED) from img, its
 * pre-patched copy (systrap_textcache.h): maps the image's trampoline
 * page below the file's offset 0 if it is not there yet, then the text,
 * and records the image's sites as patched. Returns addr, or 0 when the
 * image cannot serve this mapping (the caller maps the file itself). */
long systrap_rw_map_image(struct systrap_rw *rw, struct plat_thread *p, struct systrap_text_image *img,
			  uint64_t addr, uint64_t len, int prot, int flags, uint64_t off);
/* Called on the thread's owner before the app unmaps, maps over or moves
 * [lo, hi): the sites there are forgotten (new code may come to the same
 * addresses), and with restore, patched ones first get their original
 * instruction back (a move copies the text, and a jump to a trampoline is
 * relative to where it was). */
void systrap_rw_forget(struct systrap_rw *rw, struct plat_thread *p,
		       const struct systrap_rw_env *env, uint64_t lo, uint64_t hi, bool restore);
