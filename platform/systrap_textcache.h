/* Pre-patched text for the seccomp-trap platform: syscall sites that
 * trapped often across processes, per file, and sealed copies of such
 * files with those sites already patched. See platform/systrap_textcache.c. */
#pragma once
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

/* The trampolines of an image's sites lie in the TEXTCACHE_REGION bytes
 * just below the address where the file's offset 0 is mapped; a patched
 * site's jump is relative, so the image works at any load address. */
#define TEXTCACHE_REGION 0x2000ULL
#define TEXTCACHE_SLOTS (TEXTCACHE_REGION / 32)
/* Traps at one site, summed over every process of the sandbox, that make
 * it hot (the live rewriter patches at 32 traps in one process). */
#define TEXTCACHE_HOT 32

/* A sealed memfd: the file's bytes with every site of sites[] patched to
 * jump to its trampoline (slot i for sites[i]), rounded up to a page,
 * then the trampolines at tramp_off. Immutable once built. */
struct systrap_text_image {
	atomic_int refs;
	uint64_t id;            /* unique in this sentry, never reused */
	int memfd;
	uint64_t tramp_off;     /* the rounded file size */
	struct stat ident;      /* the file it was copied from */
	uint32_t nsites;
	uint64_t sites[TEXTCACHE_SLOTS]; /* file offsets of site starts, ascending */
};

/* Where the trampolines' jumps go (the stub's fast entries). */
struct systrap_text_entries {
	uint64_t fast_entry, fast_entry_dyn;
};

/* A site as its traps saw it: where it starts in the file, and the call
 * number and first argument of its traps (the checker's evidence). */
struct systrap_text_site {
	uint64_t off;
	long nr;
	uint64_t rdi;
};

/* Counts a trap of call nr (first argument rdi) at the site starting at
 * file offset off of the file the sentry knows as (dev, ino). Traps that
 * disagree on nr (or rdi) leave no evidence for a check that needs it. */
void systrap_text_note_trap(uint64_t dev, uint64_t ino, uint64_t off, long nr, uint64_t rdi);

/* The image to map for (dev, ino), a reference (systrap_text_image_put),
 * or NULL when the file has no patched sites. open_host(arg) gives a new
 * host fd of the file's data (closed here); it is called only for files
 * with hot sites, to check that the image still matches the file
 * (identity, size, times) and to build a new image when sites became
 * hot since the last one. */
struct systrap_text_image *systrap_text_image_get(uint64_t dev, uint64_t ino,
						  int (*open_host)(void *arg), void *arg,
						  const struct systrap_text_entries *entries);
void systrap_text_image_put(struct systrap_text_image *img);

/* Builds an image of the file at hostfd with those of sites[0..n)
 * (ascending offsets) whose bytes in the file pass systrap_site_check
 * with their traps' evidence; refused ones are left out and flagged in
 * refused[] (may be NULL). NULL if none qualify or on a host error.
 * Exposed for the unit tests. */
struct systrap_text_image *systrap_text_image_build(int hostfd, const struct systrap_text_site *sites,
						    uint32_t n, bool *refused,
						    const struct systrap_text_entries *entries);
