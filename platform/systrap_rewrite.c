/* Syscall-site rewriting for the seccomp-trap platform: owns the pattern
 * checker, the trampoline chunks mapped into app address spaces, and the
 * patching of app text (systrap_rewrite.h).
 *
 * When a trapped call comes from one of three known sites,
 *     b8 imm32        mov $nr, %eax        (libc's wrappers)
 *     bf imm32        mov $imm, %edi       (ld.so's openat(AT_FDCWD...))
 *     4c 8b 4c 24 08  mov 0x8(%rsp), %r9   (glibc's syscall())
 * followed by `syscall` (0f 05), the 5-byte instruction is replaced by a
 * `jmp rel32` to a per-site trampoline that runs the displaced
 * instruction, sets rcx to the address after the `syscall` (rcx is the
 * syscall instruction's to clobber) and jumps to the stub's fast entry,
 * which hands the call over without a signal. The `syscall` itself stays:
 * code that jumps to it traps as before, and a restarted call (rip moved
 * back over it) re-executes it. Nothing jumps into a `mov`'s immediate,
 * which is why only these patterns are patched; the number of the last
 * two is checked at run time (the stub's fast_entry_dyn).
 *
 * Trampolines live in 64 KiB chunks of private anonymous memory mapped
 * read+exec into the app within +-2 GiB of the sites, and reserved in the
 * sentry's mm (the app cannot unmap, remap, change or map over them).
 * Trampolines and text are written through /proc/TID/mem, which may write
 * read-only private pages (copying them first); the sentry's records must
 * show the text mapped private, never shared. Being private, chunks and
 * patched text are copied by fork like the rest of the address space, so
 * the child's record starts as a copy of its parent's.
 * With a single host thread (stopped in the stub) the 5 bytes are written
 * at once: nothing else can be executing them. With more threads, the
 * way Linux patches its own text: an int3 over the first byte, serialise
 * every thread's instruction stream (membarrier SYNC_CORE, made by the
 * stopped thread, for its own process), the other 4 bytes, serialise, the
 * first byte, serialise. A thread that runs into the int3 meanwhile gets
 * SIGTRAP at site+1, which seccomp_trap.c recognises (systrap_rw_is_site)
 * and answers by resuming it at the site. Without membarrier, only
 * single-threaded address spaces are patched. */
#define _GNU_SOURCE
#include "platform/systrap_rewrite.h"
#include <capstone/capstone.h>
#include <linux/membarrier.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "platform/platform.h"
#include "platform/seccomp_trap.h"
#include "platform/seccomp_trap_abi.h"
#include "platform/systrap_preload.h"
#include "platform/systrap_textcache.h"
#include "sentry/mm.h"

#define CHUNK_SIZE 0x10000ULL
#define TRAMP_SIZE SYSTRAP_TRAMP_SIZE
#define MAX_CHUNKS 16
/* Keep trampolines comfortably inside rel32 reach of their sites. */
#define REACH ((1ULL << 31) - CHUNK_SIZE - 4096)

/* ---- the pattern checker ---- */

static const uint64_t fast_allow[SYSTRAP_FAST_MAX_NR / 64] = {
#define ALLOW_WORD(w) (0 SYSTRAP_FAST_CALLS(ALLOW_BIT))
#define ALLOW_BIT(nr) | ((nr) / 64 == W ? 1ULL << ((nr) % 64) : 0)
#define W 0
	ALLOW_WORD(0),
#undef W
#define W 1
	ALLOW_WORD(1),
#undef W
#define W 2
	ALLOW_WORD(2),
#undef W
#define W 3
	ALLOW_WORD(3),
#undef W
#define W 4
	ALLOW_WORD(4),
#undef W
#define W 5
	ALLOW_WORD(5),
#undef W
#define W 6
	ALLOW_WORD(6),
#undef W
#define W 7
	ALLOW_WORD(7),
#undef W
};

bool systrap_fast_call_allowed(long nr)
{
	return nr >= 0 && nr < SYSTRAP_FAST_MAX_NR &&
	       (fast_allow[nr / 64] & (1ULL << (nr % 64))) != 0;
}

static pthread_mutex_t cs_lock = PTHREAD_MUTEX_INITIALIZER;
static csh cs_handle;
static int cs_state; /* 0 not opened, 1 open, -1 failed */

/* Decodes the site with capstone: exactly two instructions, the first
 * 5 bytes a mov of want's shape, the second `syscall`. */
static bool decode_site(const uint8_t *code, enum systrap_site_kind want, uint32_t imm)
{
	bool ok = false;
	pthread_mutex_lock(&cs_lock);
	if (cs_state == 0) {
		cs_state = -1;
		if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs_handle) == CS_ERR_OK) {
			if (cs_option(cs_handle, CS_OPT_DETAIL, CS_OPT_ON) == CS_ERR_OK)
				cs_state = 1;
			else
				cs_close(&cs_handle);
		}
	}
	if (cs_state != 1)
		goto out;
	cs_insn *insn = NULL;
	size_t n = cs_disasm(cs_handle, code, SYSTRAP_SITE_LEN, 0, 0, &insn);
	if (n != 2 || insn[0].size != 5 || insn[1].size != 2 || insn[1].id != X86_INS_SYSCALL ||
	    insn[0].id != X86_INS_MOV || !insn[0].detail)
		goto free;
	const cs_x86 *x = &insn[0].detail->x86;
	if (x->op_count != 2 || x->operands[0].type != X86_OP_REG)
		goto free;
	const cs_x86_op *src = &x->operands[1];
	switch (want) {
	case SYSTRAP_SITE_MOV_EAX:
	case SYSTRAP_SITE_MOV_EDI:
		ok = x->operands[0].reg == (want == SYSTRAP_SITE_MOV_EAX ? X86_REG_EAX : X86_REG_EDI) &&
		     src->type == X86_OP_IMM && (uint32_t)src->imm == imm;
		break;
	case SYSTRAP_SITE_SYSCALL_FN:
		ok = x->operands[0].reg == X86_REG_R9 && src->type == X86_OP_MEM &&
		     src->mem.base == X86_REG_RSP && src->mem.index == X86_REG_INVALID &&
		     src->mem.segment == X86_REG_INVALID && src->mem.disp == 8 && src->size == 8;
		break;
	case SYSTRAP_SITE_NONE:
		break;
	}
free:
	cs_free(insn, n);
out:
	pthread_mutex_unlock(&cs_lock);
	return ok;
}

/* Whether b is an instruction prefix: legacy (lock, rep, segment,
 * operand or address size) or REX. */
static bool is_prefix(uint8_t b)
{
	return (b >= 0x40 && b <= 0x4f) || b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 ||
	       b == 0xf3 || b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 ||
	       b == 0x65;
}

enum systrap_site_kind systrap_site_check(const uint8_t code[SYSTRAP_CHECK_LEN], long nr, uint64_t rdi)
{
	static const uint8_t syscall_fn[5] = { 0x4c, 0x8b, 0x4c, 0x24, 0x08 };
	const uint8_t *site = code + 1;
	if (is_prefix(code[0]) || site[5] != 0x0f || site[6] != 0x05)
		return SYSTRAP_SITE_NONE;
	uint32_t imm;
	memcpy(&imm, site + 1, 4);
	enum systrap_site_kind want;
	if (site[0] == 0xb8) {
		if ((long)imm != nr || !systrap_fast_call_allowed(nr))
			return SYSTRAP_SITE_NONE;
		want = SYSTRAP_SITE_MOV_EAX;
	} else if (site[0] == 0xbf) {
		/* (mov to %edi zero-extends.) A call the fast path never takes
		 * would only detour through the stub back to the syscall. */
		if (rdi != imm || !systrap_fast_call_allowed(nr))
			return SYSTRAP_SITE_NONE;
		want = SYSTRAP_SITE_MOV_EDI;
	} else if (memcmp(site, syscall_fn, 5) == 0) {
		want = SYSTRAP_SITE_SYSCALL_FN;
	} else {
		return SYSTRAP_SITE_NONE;
	}
	/* The byte tests above are exact; capstone confirms the decoding (a
	 * prefix or encoding we misread would show up here). */
	return decode_site(site, want, imm) ? want : SYSTRAP_SITE_NONE;
}

void systrap_tramp_bytes(uint8_t t[SYSTRAP_TRAMP_SIZE], const uint8_t code[5], uint64_t tramp,
			 uint64_t rip, uint64_t entry)
{
	/* displaced insn; lea rip(%rip), %rcx; jmp *0(%rip); .quad entry */
	int32_t back = (int32_t)(int64_t)(rip - (tramp + 12));
	memset(t, 0xcc, SYSTRAP_TRAMP_SIZE);
	memcpy(t, code, 5);
	t[5] = 0x48;
	t[6] = 0x8d;
	t[7] = 0x0d;
	memcpy(t + 8, &back, 4);
	t[12] = 0xff;
	t[13] = 0x25;
	memset(t + 14, 0, 4);
	memcpy(t + 18, &entry, 8);
}

void systrap_jmp_bytes(uint8_t jmp[5], uint64_t site, uint64_t tramp)
{
	int32_t rel = (int32_t)(int64_t)(tramp - (site + 5));
	jmp[0] = 0xe9;
	memcpy(jmp + 1, &rel, 4);
}

/* ---- per address space records ---- */

/* A trampoline chunk mapped in the app: one of ours (image 0), or the
 * trampoline page of a pre-patched image (systrap_textcache.h). */
struct chunk {
	uint64_t addr;
	uint32_t used; /* trampolines handed out (an image's: its sites) */
	uint64_t image;
};

/* Images' memfds installed in the app process (close-on-exec). */
#define IMAGE_FDS 8
struct image_fd {
	uint64_t image;
	int app_fd;
};

enum {
	SITE_PATCHED = 1,
	SITE_REFUSED = 2, /* never touched */
	SITE_ABORTED = 3, /* an int3 was written, then the original byte again */
	SITE_SEEN = 4,    /* SITE_SEEN + n: trapped n times, not looked at yet */
};

/* A site is looked at on its HOT_TRAPS-th trap: patching costs 20-70 us
 * here (decoding, opening /proc/TID/mem, copying a text page, maybe
 * mapping a chunk) and a fast call saves about 2.5 us, so sites that run
 * a few times only (a program's start-up: ld.so maps a small program's
 * libraries with about 10 mmaps) are better left trapping. With 8, every
 * exec of /bin/true patched ld.so's mmap and fork+exec lost ~0.2 ms. */
#define HOT_TRAPS 32

struct systrap_rw {
	pthread_mutex_t lock;
	struct chunk chunks[MAX_CHUNKS];
	int nchunks;
	int mem_fd; /* /proc/TID/mem of this address space, or -1 */
	struct image_fd image_fds[IMAGE_FDS];
	int n_image_fds;
	uint64_t *keys; /* open addressing: site rip, 0 = empty */
	uint8_t *vals;
	size_t cap, count;
};

struct systrap_rw *systrap_rw_new(void)
{
	struct systrap_rw *rw = calloc(1, sizeof(*rw));
	if (!rw)
		return NULL;
	pthread_mutex_init(&rw->lock, NULL);
	rw->mem_fd = -1;
	return rw;
}

void systrap_rw_free(struct systrap_rw *rw)
{
	if (!rw)
		return;
	if (rw->mem_fd >= 0)
		close(rw->mem_fd);
	free(rw->keys);
	free(rw->vals);
	pthread_mutex_destroy(&rw->lock);
	free(rw);
}

static size_t slot_of(uint64_t key, size_t cap)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 17) & (cap - 1);
}

static int site_lookup(const struct systrap_rw *rw, uint64_t rip)
{
	if (!rw->cap)
		return 0;
	for (size_t i = slot_of(rip, rw->cap);; i = (i + 1) & (rw->cap - 1)) {
		if (rw->keys[i] == rip)
			return rw->vals[i];
		if (rw->keys[i] == 0)
			return 0;
	}
}

static void site_insert_raw(uint64_t *keys, uint8_t *vals, size_t cap, uint64_t rip, int v)
{
	size_t i = slot_of(rip, cap);
	while (keys[i] && keys[i] != rip)
		i = (i + 1) & (cap - 1);
	keys[i] = rip;
	vals[i] = (uint8_t)v;
}

/* Room in rw's site table for n more records (rw->lock held). */
static bool site_room(struct systrap_rw *rw, size_t n)
{
	size_t cap = rw->cap ? rw->cap : 64;
	while ((rw->count + n) * 2 > cap)
		cap *= 2;
	if (cap == rw->cap)
		return true;
	uint64_t *keys = calloc(cap, sizeof(*keys));
	uint8_t *vals = calloc(cap, 1);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return false;
	}
	for (size_t i = 0; i < rw->cap; i++)
		if (rw->keys[i])
			site_insert_raw(keys, vals, cap, rw->keys[i], rw->vals[i]);
	free(rw->keys);
	free(rw->vals);
	rw->keys = keys;
	rw->vals = vals;
	rw->cap = cap;
	return true;
}

static void site_set(struct systrap_rw *rw, uint64_t rip, int v)
{
	if (!site_room(rw, 1))
		return; /* unrecorded: looked at again next time */
	if (!site_lookup(rw, rip))
		rw->count++;
	site_insert_raw(rw->keys, rw->vals, rw->cap, rip, v);
}

struct systrap_rw *systrap_rw_fork(struct systrap_rw *parent)
{
	if (!parent)
		return NULL;
	struct systrap_rw *rw = systrap_rw_new();
	if (!rw)
		return NULL;
	pthread_mutex_lock(&parent->lock);
	memcpy(rw->chunks, parent->chunks, sizeof(rw->chunks));
	rw->nchunks = parent->nchunks;
	/* fork copies the host fd table too. */
	memcpy(rw->image_fds, parent->image_fds, sizeof(rw->image_fds));
	rw->n_image_fds = parent->n_image_fds;
	if (parent->cap) {
		rw->keys = malloc(parent->cap * sizeof(*rw->keys));
		rw->vals = malloc(parent->cap);
		if (rw->keys && rw->vals) {
			memcpy(rw->keys, parent->keys, parent->cap * sizeof(*rw->keys));
			memcpy(rw->vals, parent->vals, parent->cap);
			rw->cap = parent->cap;
			rw->count = parent->count;
		} else {
			/* Without the record the child would patch a patched
			 * site again: give it no rewriting at all. */
			pthread_mutex_unlock(&parent->lock);
			systrap_rw_free(rw);
			return NULL;
		}
	}
	pthread_mutex_unlock(&parent->lock);
	return rw;
}

/* ---- trampoline chunks ---- */

static bool reaches(uint64_t chunk, uint64_t site)
{
	uint64_t d = chunk > site ? chunk - site : site - chunk;
	return d < REACH;
}

/* Maps a new chunk near site into p's address space; 0 on failure. */
static uint64_t chunk_map(struct plat_thread *p, uint64_t site)
{
	/* Below the site first: above an executable lies its heap, which
	 * brk grows into. */
	static const uint64_t dist[] = { 1ULL << 20, 4ULL << 20, 16ULL << 20, 64ULL << 20,
					 256ULL << 20, 1ULL << 30 };
	uint64_t base = site & ~(CHUNK_SIZE - 1);
	for (int up = 0; up < 2; up++) {
		for (size_t i = 0; i < sizeof(dist) / sizeof(dist[0]); i++) {
			uint64_t at = up ? base + dist[i] : base - dist[i];
			if ((up && at < base) || (!up && at > base) || at < (1ULL << 20) ||
			    at + CHUNK_SIZE > SYSTRAP_CTX_BASE || mm_overlaps_stub(at, CHUNK_SIZE))
				continue;
			uint64_t a[6] = { at, CHUNK_SIZE, PROT_READ | PROT_EXEC,
					  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
					  (uint64_t)-1, 0 };
			long r = plat->host_syscall(p, SYS_mmap, a);
			if (r >= 0 || r < -4095) {
				uint64_t u[6] = { (uint64_t)r, CHUNK_SIZE, 0, 0, 0, 0 };
				if (r == (long)at && mm_reserve_current(at, at + CHUNK_SIZE) == 0)
					return at;
				plat->host_syscall(p, SYS_munmap, u);
				if (r == (long)at)
					return 0; /* no room to reserve it */
			}
		}
	}
	return 0;
}

/* A free trampoline within reach of site (rw->lock held): its address
 * in the app, 0 if there is none. */
static uint64_t tramp_alloc(struct systrap_rw *rw, struct plat_thread *p, uint64_t site)
{
	for (int i = 0; i < rw->nchunks; i++) {
		struct chunk *c = &rw->chunks[i];
		if (!c->image && reaches(c->addr, site) && c->used < CHUNK_SIZE / TRAMP_SIZE)
			return c->addr + (uint64_t)c->used++ * TRAMP_SIZE;
	}
	if (rw->nchunks == MAX_CHUNKS)
		return 0;
	uint64_t at = chunk_map(p, site);
	if (!at)
		return 0;
	rw->chunks[rw->nchunks++] = (struct chunk){ at, 1, 0 };
	return at;
}

/* ---- patching ---- */

/* Whether [site, site+len) lies in one private executable mapping, by the
 * sentry's records (never patch shared memory: the write would reach
 * the file or another process). */
static bool private_exec_mapping(uint64_t site, uint64_t len)
{
	int prot, flags;
	return mm_query_current(site, len, &prot, &flags) == 0 && (prot & PROT_EXEC) &&
	       !(flags & MAP_SHARED);
}

/* Opens the address space's /proc/TID/mem once (it stays bound to the
 * address space, whichever thread it was opened through). */
static bool open_mem(struct systrap_rw *rw, pid_t tid)
{
	if (rw->mem_fd >= 0)
		return true;
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	rw->mem_fd = open(path, O_RDWR | O_CLOEXEC);
	return rw->mem_fd >= 0;
}

/* Writes n bytes of app code (read-only pages: /proc/TID/mem forces the
 * write, copying a private page first). */
static bool write_text(struct systrap_rw *rw, uint64_t addr, const uint8_t *bytes, size_t n)
{
	return pwrite(rw->mem_fd, bytes, n, (off_t)addr) == (ssize_t)n;
}

bool systrap_rw_is_site(struct systrap_rw *rw, uint64_t addr)
{
	pthread_mutex_lock(&rw->lock);
	int v = site_lookup(rw, addr + SYSTRAP_SITE_LEN);
	pthread_mutex_unlock(&rw->lock);
	return v == SITE_PATCHED || v == SITE_ABORTED;
}

/* Serialises the instruction streams of every thread of p's process. */
static bool sync_cores(struct plat_thread *p)
{
	uint64_t a[6] = { MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0, 0, 0, 0 };
	return plat->host_syscall(p, SYS_membarrier, a) == 0;
}

/* The multi-threaded protocol (see the top of the file). Called with the
 * site recorded SITE_ABORTED, so that an int3 hit is recognised. */
static bool patch_live(struct systrap_rw *rw, struct plat_thread *p, uint64_t site, const uint8_t orig[5],
		       const uint8_t jmp[5])
{
	static const uint8_t int3 = 0xcc;
	if (!write_text(rw, site, &int3, 1))
		return false;
	if (sync_cores(p) && write_text(rw, site + 1, jmp + 1, 4)) {
		if (sync_cores(p) && write_text(rw, site, jmp, 1) && sync_cores(p))
			return true;
		/* Too late to go back safely if byte 0 is the jmp already. */
		uint8_t now = 0;
		if (plat_mem_read(p, &now, site, 1) == 1 && now == jmp[0])
			return true;
		write_text(rw, site + 1, orig + 1, 4);
		sync_cores(p);
	}
	write_text(rw, site, orig, 1);
	sync_cores(p);
	return false;
}

/* Whether tramp is the start of a trampoline handed out (rw->lock held). */
static bool is_trampoline(const struct systrap_rw *rw, uint64_t tramp)
{
	for (int i = 0; i < rw->nchunks; i++) {
		const struct chunk *c = &rw->chunks[i];
		if (tramp >= c->addr && tramp < c->addr + (uint64_t)c->used * TRAMP_SIZE &&
		    (tramp - c->addr) % TRAMP_SIZE == 0)
			return true;
	}
	return false;
}

/* Puts a patched site's own instruction back (rw->lock held): it is the
 * first 5 bytes of the trampoline its jump leads to. A site whose bytes
 * are no longer our jump (the app rewrote its code) is left alone. */
static void unpatch(struct systrap_rw *rw, struct plat_thread *p,
		    const struct systrap_rw_env *env, uint64_t rip)
{
	uint64_t site = rip - SYSTRAP_SITE_LEN;
	uint8_t jmp[5], orig[5];
	/* (A process whose only patched sites came with a pre-patched image
	 * has not opened its memory file yet.) */
	if (!open_mem(rw, env->tid) ||
	    plat_mem_read(p, jmp, site, sizeof(jmp)) != (ssize_t)sizeof(jmp) ||
	    jmp[0] != 0xe9)
		return;
	int32_t rel;
	memcpy(&rel, jmp + 1, sizeof(rel));
	uint64_t tramp = site + 5 + (uint64_t)(int64_t)rel;
	if (!is_trampoline(rw, tramp) ||
	    plat_mem_read(p, orig, tramp, sizeof(orig)) != (ssize_t)sizeof(orig))
		return;
	if (!env->single_thread && env->membarrier) {
		/* The record still says patched: a thread that meets the
		 * protocol's int3 is sent back to the site. */
		patch_live(rw, p, site, jmp, orig);
		return;
	}
	/* Single-threaded, or (patched while it was) without membarrier:
	 * there is no safer way than one write. */
	write_text(rw, site, orig, sizeof(orig));
}

void systrap_rw_forget(struct systrap_rw *rw, struct plat_thread *p,
		       const struct systrap_rw_env *env, uint64_t lo, uint64_t hi, bool restore)
{
	pthread_mutex_lock(&rw->lock);
	size_t gone = 0;
	for (size_t i = 0; i < rw->cap; i++) {
		uint64_t rip = rw->keys[i];
		if (!rip || rip - SYSTRAP_SITE_LEN >= hi || rip <= lo)
			continue;
		if (restore && rw->vals[i] == SITE_PATCHED)
			unpatch(rw, p, env, rip);
		gone++;
	}
	if (!gone)
		goto out;
	uint64_t *keys = calloc(rw->cap, sizeof(*keys));
	uint8_t *vals = calloc(rw->cap, 1);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		/* No room to rebuild: refused records are not taken for the
		 * rewriter's breakpoints, nor patched again. */
		for (size_t i = 0; i < rw->cap; i++)
			if (rw->keys[i] && rw->keys[i] - SYSTRAP_SITE_LEN < hi && rw->keys[i] > lo)
				rw->vals[i] = SITE_REFUSED;
		goto out;
	}
	for (size_t i = 0; i < rw->cap; i++) {
		uint64_t rip = rw->keys[i];
		if (rip && !(rip - SYSTRAP_SITE_LEN < hi && rip > lo))
			site_insert_raw(keys, vals, rw->cap, rip, rw->vals[i]);
	}
	free(rw->keys);
	free(rw->vals);
	rw->keys = keys;
	rw->vals = vals;
	rw->count -= gone;
out:
	pthread_mutex_unlock(&rw->lock);
}

static int image_open_host(void *arg)
{
	const struct systrap_text_image *img = arg;
	return fcntl(img->memfd, F_DUPFD_CLOEXEC, 0);
}

/* The app fd of img's memfd in rw's process: one the process was started
 * with (an image of a file anyone may read: its bytes, some sites
 * patched), or one installed on first use (rw->lock held); -errno. */
static int image_app_fd(struct systrap_rw *rw, struct plat_thread *p,
			struct systrap_text_image *img)
{
	for (int i = 0; i < rw->n_image_fds; i++)
		if (rw->image_fds[i].image == img->id)
			return rw->image_fds[i].app_fd;
	if (img->ident.st_mode & S_IROTH) {
		const struct preload_key key = { PRELOAD_IMAGE, img->id, 0 };
		int fd = systrap_inherited_fd(p, &key, image_open_host, img);
		if (fd >= 0)
			return fd; /* (never closed: not in image_fds) */
	}
	int fd = plat->install_fd(p, img->memfd);
	if (fd < 0)
		return fd;
	if (rw->n_image_fds == IMAGE_FDS) {
		/* The oldest goes (its mappings stay). */
		uint64_t a[6] = { (uint64_t)rw->image_fds[0].app_fd, 0, 0, 0, 0, 0 };
		plat->host_syscall(p, SYS_close, a);
		memmove(rw->image_fds, rw->image_fds + 1, sizeof(rw->image_fds[0]) * (IMAGE_FDS - 1));
		rw->n_image_fds--;
	}
	rw->image_fds[rw->n_image_fds++] = (struct image_fd){ img->id, fd };
	return fd;
}

/* The trampoline page of img at tb in rw's process, mapped and reserved
 * if it is not there yet (rw->lock held); false if tb is taken. */
static bool image_chunk(struct systrap_rw *rw, struct plat_thread *p,
			const struct systrap_text_image *img, int app_fd, uint64_t tb)
{
	for (int i = 0; i < rw->nchunks; i++)
		if (rw->chunks[i].addr == tb)
			return rw->chunks[i].image == img->id;
	if (rw->nchunks == MAX_CHUNKS || tb < (1ULL << 20) ||
	    tb + TEXTCACHE_REGION > SYSTRAP_CTX_BASE || mm_overlaps_stub(tb, TEXTCACHE_REGION))
		return false;
	uint64_t a[6] = { tb, TEXTCACHE_REGION, PROT_READ | PROT_EXEC,
			  MAP_PRIVATE | MAP_FIXED_NOREPLACE, (uint64_t)app_fd, img->tramp_off };
	long r = plat->host_syscall(p, SYS_mmap, a);
	if (r == (long)tb && mm_reserve_current(tb, tb + TEXTCACHE_REGION) == 0) {
		rw->chunks[rw->nchunks++] = (struct chunk){ tb, img->nsites, img->id };
		return true;
	}
	if (r >= 0 || r < -4095) {
		uint64_t u[6] = { (uint64_t)r, TEXTCACHE_REGION, 0, 0, 0, 0 };
		plat->host_syscall(p, SYS_munmap, u);
	}
	return false;
}

long systrap_rw_map_image(struct systrap_rw *rw, struct plat_thread *p, struct systrap_text_image *img,
			  uint64_t addr, uint64_t len, int prot, int flags, uint64_t off)
{
	uint64_t end = off + len;
	if (end < off || end > img->tramp_off || addr < off + TEXTCACHE_REGION)
		return 0;
	/* The sites inside; one cut by an edge of the mapping would leave
	 * half a jump (the rest of the page comes from elsewhere). */
	uint32_t first = 0, n = 0;
	while (first < img->nsites && img->sites[first] + SYSTRAP_SITE_LEN <= off)
		first++;
	if (first < img->nsites && img->sites[first] < off)
		return 0;
	while (first + n < img->nsites && img->sites[first + n] < end) {
		if (img->sites[first + n] + SYSTRAP_SITE_LEN > end)
			return 0;
		n++;
	}
	if (!n)
		return 0;
	uint64_t base = addr - off, tb = base - TEXTCACHE_REGION;
	long r = 0;
	pthread_mutex_lock(&rw->lock);
	int app_fd = image_app_fd(rw, p, img);
	if (app_fd < 0 || !site_room(rw, n) || !image_chunk(rw, p, img, app_fd, tb))
		goto out;

	uint64_t a[6] = { addr, len, (uint64_t)prot, (uint64_t)flags, (uint64_t)app_fd, off };
	r = plat->host_syscall(p, SYS_mmap, a);
	if (r != (long)addr) {
		r = 0;
		goto out;
	}
	for (uint32_t i = first; i < first + n; i++)
		site_set(rw, base + img->sites[i] + SYSTRAP_SITE_LEN, SITE_PATCHED);
out:
	pthread_mutex_unlock(&rw->lock);
	return r;
}

void systrap_rw_on_trap(struct systrap_rw *rw, struct plat_thread *p,
			const struct systrap_rw_env *env, long nr, uint64_t rdi, uint64_t rip)
{
	if (!rw || rip < SYSTRAP_SITE_LEN + (1ULL << 16) || rip >= SYSTRAP_CTX_BASE)
		return;
	pthread_mutex_lock(&rw->lock);
	int seen = site_lookup(rw, rip);
	if (seen && seen < SITE_SEEN)
		goto out; /* decided */
	/* Counted for the pre-patched images of later processes too. */
	uint64_t dev, ino, off;
	if (mm_code_file_current(rip - SYSTRAP_SITE_LEN, SYSTRAP_SITE_LEN, &dev, &ino, &off) == 0)
		systrap_text_note_trap(dev, ino, off, nr, rdi);
	/* Other threads may run the site: without membarrier it cannot be
	 * changed safely, until the process is single-threaded again. */
	if (!env->single_thread && !env->membarrier)
		goto out;
	int n = seen ? seen - SITE_SEEN + 1 : 1;
	if (n < HOT_TRAPS) {
		site_set(rw, rip, SITE_SEEN + n);
		goto out;
	}
	uint64_t site = rip - SYSTRAP_SITE_LEN;
	uint8_t before_and_code[SYSTRAP_CHECK_LEN];
	const uint8_t *code = before_and_code + 1;
	enum systrap_site_kind kind = SYSTRAP_SITE_NONE;
	if (plat_mem_read(p, before_and_code, site - 1, sizeof(before_and_code)) ==
	    (ssize_t)sizeof(before_and_code))
		kind = systrap_site_check(before_and_code, nr, rdi);
	if (kind == SYSTRAP_SITE_NONE || !private_exec_mapping(site, SYSTRAP_SITE_LEN) ||
	    !open_mem(rw, env->tid))
		goto refuse;
	uint64_t tramp = tramp_alloc(rw, p, site);
	if (!tramp)
		goto refuse;
	uint8_t t[TRAMP_SIZE], jmp[5];
	systrap_tramp_bytes(t, code, tramp, rip,
			    systrap_site_entry(kind, env->fast_entry, env->fast_entry_dyn));
	if (!write_text(rw, tramp, t, sizeof(t)))
		goto refuse;
	systrap_jmp_bytes(jmp, site, tramp);
	if (env->single_thread) {
		if (!write_text(rw, site, jmp, sizeof(jmp)))
			goto refuse;
	} else {
		site_set(rw, rip, SITE_ABORTED);
		if (!patch_live(rw, p, site, code, jmp))
			goto out; /* stays SITE_ABORTED: never tried again */
	}
	site_set(rw, rip, SITE_PATCHED);
	goto out;
refuse:
	site_set(rw, rip, SITE_REFUSED);
out:
	pthread_mutex_unlock(&rw->lock);
}
