/* Pre-patched text for the seccomp-trap platform (systrap_textcache.h).
 *
 * The live rewriter (systrap_rewrite.c) patches a site once it trapped
 * HOT_TRAPS times in one process. A short-lived process never gets there:
 * `/bin/true` traps some 25 times at ld.so's sites (mmap, openat, read,
 * pread64, fstat, close, mprotect...), a few times each, and so does every
 * process of a shell loop or a build. Here traps are counted per file and
 * offset over all processes; once a site is hot, the next process that
 * maps the file's code gets a copy of the file (a sealed memfd, shared by
 * every process) in which the hot sites already jump to trampolines.
 *
 * A site's jump is relative, and its trampoline sits at a fixed distance
 * below the address of the file's offset 0 (TEXTCACHE_REGION bytes below
 * it, slot i for the i-th site), so one image serves every load address;
 * systrap_rw_map_image maps the trampoline page and the text, and falls
 * back to the file itself when the page below is taken.
 *
 * What a file is: the sentry's (dev, ino) for counting; the image also
 * keeps the host's identity of the file it copied (device, inode, size,
 * modification and change times) and is dropped, with the counts, when
 * the file no longer matches. A file rewritten in place while an image
 * maps it behaves as if it were copied at the mmap (Linux would show
 * later writes to pages never written by the process).
 *
 * Bounded: TEXTCACHE_FILES files, FILE_SITES counted sites each, at most
 * MAX_VERSIONS images per file; beyond that, sites just keep trapping. */
#define _GNU_SOURCE
#include "platform/systrap_textcache.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <unistd.h>
#include "platform/systrap_rewrite.h"

#define TEXTCACHE_FILES 64
#define FILE_SITES 512
#define MAX_VERSIONS 8

enum site_state { SITE_COUNTING, SITE_IN_IMAGE, SITE_REFUSED };

struct text_site {
	uint64_t off1; /* file offset + 1; 0 = empty slot */
	uint32_t traps;
	uint8_t state;
	long nr;       /* what its traps saw: -1 if they disagree */
	uint64_t rdi;  /* UINT64_MAX if they disagree */
};

struct text_file {
	uint64_t dev, ino;
	int versions;
	uint32_t nsites;
	uint32_t hot_waiting; /* hot sites still SITE_COUNTING */
	struct text_site sites[FILE_SITES * 2]; /* open addressing */
	struct systrap_text_image *image;       /* current, one reference */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct text_file *files[TEXTCACHE_FILES];
static uint64_t next_image_id = 1;

static struct text_file *file_find(uint64_t dev, uint64_t ino, bool create)
{
	int free_slot = -1;
	for (int i = 0; i < TEXTCACHE_FILES; i++) {
		if (files[i] && files[i]->dev == dev && files[i]->ino == ino)
			return files[i];
		if (!files[i] && free_slot < 0)
			free_slot = i;
	}
	if (!create || free_slot < 0)
		return NULL;
	struct text_file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->dev = dev;
	f->ino = ino;
	files[free_slot] = f;
	return f;
}

static struct text_site *site_find(struct text_file *f, uint64_t off, bool create)
{
	const size_t cap = FILE_SITES * 2;
	size_t i = (size_t)((off * 0x9e3779b97f4a7c15ULL) >> 40) & (cap - 1);
	for (;; i = (i + 1) & (cap - 1)) {
		struct text_site *s = &f->sites[i];
		if (s->off1 == off + 1)
			return s;
		if (!s->off1) {
			if (!create || f->nsites >= FILE_SITES)
				return NULL;
			s->off1 = off + 1;
			f->nsites++;
			return s;
		}
	}
}

void systrap_text_note_trap(uint64_t dev, uint64_t ino, uint64_t off, long nr, uint64_t rdi)
{
	pthread_mutex_lock(&lock);
	struct text_file *f = file_find(dev, ino, true);
	struct text_site *s = f ? site_find(f, off, true) : NULL;
	if (s && s->state == SITE_COUNTING) {
		if (!s->traps) {
			s->nr = nr;
			s->rdi = rdi;
		}
		/* Evidence that varies from trap to trap is no evidence: a
		 * wrapper's rdi varies, its number does not. */
		if (s->nr != nr)
			s->nr = -1;
		if (s->rdi != rdi)
			s->rdi = UINT64_MAX; /* no mov to %edi gives that */
		if (s->traps < TEXTCACHE_HOT && ++s->traps == TEXTCACHE_HOT)
			f->hot_waiting++;
	}
	pthread_mutex_unlock(&lock);
}

void systrap_text_image_put(struct systrap_text_image *img)
{
	if (img && atomic_fetch_sub(&img->refs, 1) == 1) {
		close(img->memfd);
		free(img);
	}
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static bool copy_all(int to, int from, off_t size)
{
	off_t off = 0;
	while (off < size) {
		ssize_t n = sendfile(to, from, &off, (size_t)(size - off));
		if (n <= 0)
			return false;
	}
	return true;
}

/* Patches site into slot of the image's memfd; false if the file's
 * bytes there are not a pattern we patch (with the traps' evidence). */
static bool patch_site(struct systrap_text_image *img, int hostfd, const struct systrap_text_site *site,
		       uint32_t slot, const struct systrap_text_entries *e)
{
	uint8_t before_and_code[SYSTRAP_CHECK_LEN];
	const uint8_t *code = before_and_code + 1;
	uint64_t off = site->off;
	if (off < 1 || off + SYSTRAP_SITE_LEN > (uint64_t)img->ident.st_size ||
	    pread(hostfd, before_and_code, sizeof(before_and_code), (off_t)off - 1) !=
		    (ssize_t)sizeof(before_and_code))
		return false;
	enum systrap_site_kind kind = systrap_site_check(before_and_code, site->nr, site->rdi);
	if (kind == SYSTRAP_SITE_NONE)
		return false;
	/* Addresses relative to the file's offset 0 (wrapping arithmetic):
	 * the site at off, its trampoline TEXTCACHE_REGION below 0. */
	uint64_t tramp = (uint64_t)slot * SYSTRAP_TRAMP_SIZE - TEXTCACHE_REGION;
	uint8_t t[SYSTRAP_TRAMP_SIZE], jmp[5];
	systrap_tramp_bytes(t, code, tramp, off + SYSTRAP_SITE_LEN,
			    systrap_site_entry(kind, e->fast_entry, e->fast_entry_dyn));
	systrap_jmp_bytes(jmp, off, tramp);
	off_t toff = (off_t)(img->tramp_off + (uint64_t)slot * SYSTRAP_TRAMP_SIZE);
	return pwrite(img->memfd, t, sizeof(t), toff) == (ssize_t)sizeof(t) &&
	       pwrite(img->memfd, jmp, sizeof(jmp), (off_t)off) == (ssize_t)sizeof(jmp);
}

struct systrap_text_image *systrap_text_image_build(int hostfd, const struct systrap_text_site *sites,
						    uint32_t n, bool *refused,
						    const struct systrap_text_entries *entries)
{
	struct systrap_text_image *img = calloc(1, sizeof(*img));
	if (!img)
		return NULL;
	atomic_init(&img->refs, 1);
	img->memfd = -1;
	if (fstat(hostfd, &img->ident) != 0 || !S_ISREG(img->ident.st_mode) || img->ident.st_size <= 0)
		goto fail;
	img->tramp_off = ((uint64_t)img->ident.st_size + 4095) & ~4095ULL;
	img->memfd = memfd_create("runsc-text", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (img->memfd < 0 || ftruncate(img->memfd, (off_t)(img->tramp_off + TEXTCACHE_REGION)) != 0 ||
	    !copy_all(img->memfd, hostfd, img->ident.st_size))
		goto fail;
	/* Unused trampoline bytes are int3. */
	static uint8_t int3s[TEXTCACHE_REGION];
	memset(int3s, 0xcc, sizeof(int3s));
	if (pwrite(img->memfd, int3s, sizeof(int3s), (off_t)img->tramp_off) != (ssize_t)sizeof(int3s))
		goto fail;
	for (uint32_t i = 0; i < n; i++) {
		/* Overlapping sites cannot both be patched: the later one goes. */
		bool overlaps = img->nsites &&
				sites[i].off < img->sites[img->nsites - 1] + SYSTRAP_SITE_LEN;
		bool ok = !overlaps && img->nsites < TEXTCACHE_SLOTS &&
			  patch_site(img, hostfd, &sites[i], img->nsites, entries);
		if (ok)
			img->sites[img->nsites++] = sites[i].off;
		if (refused)
			refused[i] = !ok;
	}
	if (!img->nsites ||
	    fcntl(img->memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
		goto fail;
	return img;
fail:
	if (img->memfd >= 0)
		close(img->memfd);
	free(img);
	return NULL;
}

/* Forgets what is known of f (its file changed): counts and image. */
static void file_reset(struct text_file *f)
{
	systrap_text_image_put(f->image);
	uint64_t dev = f->dev, ino = f->ino;
	memset(f, 0, sizeof(*f));
	f->dev = dev;
	f->ino = ino;
}

/* A new image of f with its current sites and the hot waiting ones
 * (lock held); f->image unchanged if no new site qualifies. */
static void file_rebuild(struct text_file *f, int hostfd, const struct systrap_text_entries *e)
{
	/* (Static: lock held; too big for a sentry thread's stack.) */
	static struct systrap_text_site sites[FILE_SITES];
	static struct text_site *who[FILE_SITES];
	static bool refused[FILE_SITES];
	uint32_t n = 0, fresh = 0;
	for (size_t i = 0; i < FILE_SITES * 2; i++) {
		struct text_site *s = &f->sites[i];
		if (!s->off1)
			continue;
		if (s->state == SITE_IN_IMAGE ||
		    (s->state == SITE_COUNTING && s->traps >= TEXTCACHE_HOT)) {
			fresh += s->state == SITE_COUNTING;
			sites[n] = (struct systrap_text_site){ s->off1 - 1, s->nr, s->rdi };
			who[n++] = s;
		}
	}
	f->hot_waiting = 0;
	if (!fresh)
		return;
	/* By offset (insertion sort: a few dozen sites); who[] follows. */
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t j = i; j > 0 && sites[j - 1].off > sites[j].off; j--) {
			struct systrap_text_site o = sites[j];
			sites[j] = sites[j - 1];
			sites[j - 1] = o;
			struct text_site *w = who[j];
			who[j] = who[j - 1];
			who[j - 1] = w;
		}
	struct systrap_text_image *img = systrap_text_image_build(hostfd, sites, n, refused, e);
	f->versions++;
	if (!img) {
		/* Nothing patchable (or a host error): none of these again. */
		for (uint32_t i = 0; i < n; i++)
			if (who[i]->state == SITE_COUNTING)
				who[i]->state = SITE_REFUSED;
		return;
	}
	img->id = next_image_id++;
	for (uint32_t i = 0; i < n; i++)
		who[i]->state = refused[i] ? SITE_REFUSED : SITE_IN_IMAGE;
	systrap_text_image_put(f->image);
	f->image = img;
}

struct systrap_text_image *systrap_text_image_get(uint64_t dev, uint64_t ino,
						  int (*open_host)(void *arg), void *arg,
						  const struct systrap_text_entries *entries)
{
	struct systrap_text_image *img = NULL;
	pthread_mutex_lock(&lock);
	struct text_file *f = file_find(dev, ino, false);
	bool rebuild = f && f->hot_waiting && f->versions < MAX_VERSIONS;
	if (!f || (!f->image && !rebuild))
		goto out;
	int fd = open_host(arg);
	if (fd < 0)
		goto out;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		goto out;
	}
	if (f->image && !same_file(&st, &f->image->ident)) {
		file_reset(f);
		rebuild = false;
	}
	if (rebuild)
		file_rebuild(f, fd, entries);
	close(fd);
	img = f->image;
	if (img)
		atomic_fetch_add(&img->refs, 1);
out:
	pthread_mutex_unlock(&lock);
	return img;
}
