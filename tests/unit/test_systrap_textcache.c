/* Pre-patched text images (platform/systrap_textcache.c): which sites of
 * a file make it into an image, the bytes of the patched sites and their
 * trampolines (each jump must land on its own trampoline, which must
 * return right after the site's `syscall`, wherever the file is mapped),
 * the seals, and when images are made and dropped. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "platform/systrap_rewrite.h"
#include "platform/systrap_textcache.h"

#define FILE_SIZE 10000
#define GETPID_OFF 100   /* mov $39, %eax; syscall */
#define OVERLAP_OFF 103  /* starts inside the getpid site */
#define EXIT_OFF 200     /* mov $60, %eax; syscall: exit is no fast call */
#define DYN_OFF 5000     /* mov 0x8(%rsp), %r9; syscall (glibc's syscall()) */
#define PLAIN_OFF 6000   /* zeros, no pattern at all */
#define SECOND_OFF 7000  /* another getpid site */

static const struct systrap_text_entries entries = { 0x7ffe00001000ULL, 0x7ffe00002000ULL };
static const uint8_t getpid_site[7] = { 0xb8, 0x27, 0, 0, 0, 0x0f, 0x05 };
static const uint8_t exit_site[7] = { 0xb8, 0x3c, 0, 0, 0, 0x0f, 0x05 };
static const uint8_t dyn_site[7] = { 0x4c, 0x8b, 0x4c, 0x24, 0x08, 0x0f, 0x05 };
static char path[64];

static int make_file(void)
{
	uint8_t buf[FILE_SIZE];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7);
	memcpy(buf + GETPID_OFF, getpid_site, 7);
	memcpy(buf + EXIT_OFF, exit_site, 7);
	memcpy(buf + DYN_OFF, dyn_site, 7);
	memset(buf + PLAIN_OFF, 0, 7);
	memcpy(buf + SECOND_OFF, getpid_site, 7);
	snprintf(path, sizeof(path), "/tmp/textcache-XXXXXX");
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	return fd;
}

static void read_image(const struct systrap_text_image *img, uint8_t *buf, size_t n)
{
	cr_assert_eq(pread(img->memfd, buf, n, 0), (ssize_t)n);
}

/* Where the jump at file offset site lands, relative to the file's
 * offset 0. */
static int64_t jump_target(const uint8_t *image, uint64_t site)
{
	cr_assert_eq(image[site], 0xe9, "a jmp rel32 at the site");
	int32_t rel;
	memcpy(&rel, image + site + 1, 4);
	return (int64_t)site + 5 + rel;
}

Test(systrap_textcache, build_patches_only_patterns)
{
	int fd = make_file();
	const struct systrap_text_site sites_in[] = {
		{ GETPID_OFF, SYS_getpid, 0 }, { OVERLAP_OFF, SYS_getpid, 0 },
		{ EXIT_OFF, SYS_exit, 0 },     { DYN_OFF, SYS_getpid, 0 },
		{ PLAIN_OFF, SYS_getpid, 0 },
	};
	bool refused[5];
	struct systrap_text_image *img = systrap_text_image_build(fd, sites_in, 5, refused, &entries);
	cr_assert_not_null(img);
	cr_expect(!refused[0] && refused[1] && refused[2] && !refused[3] && refused[4]);
	cr_assert_eq(img->nsites, 2);
	cr_expect_eq(img->sites[0], GETPID_OFF);
	cr_expect_eq(img->sites[1], DYN_OFF);
	cr_expect_eq(img->tramp_off, 12288, "the file size rounded up to a page");

	size_t total = img->tramp_off + TEXTCACHE_REGION;
	struct stat st;
	cr_assert_eq(fstat(img->memfd, &st), 0);
	cr_expect_eq((size_t)st.st_size, total);
	cr_expect_eq(fcntl(img->memfd, F_GET_SEALS) & (F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW),
		     F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW);
	cr_expect_eq(pwrite(img->memfd, "x", 1, 0), -1, "sealed against writes");

	uint8_t *image = malloc(total), orig[FILE_SIZE];
	read_image(img, image, total);
	cr_assert_eq(pread(fd, orig, sizeof(orig), 0), (ssize_t)sizeof(orig));
	/* Everything but the two patched jumps is the file's. */
	for (size_t i = 0; i < FILE_SIZE; i++) {
		bool patched = (i >= GETPID_OFF && i < GETPID_OFF + 5) || (i >= DYN_OFF && i < DYN_OFF + 5);
		if (!patched)
			cr_assert_eq(image[i], orig[i], "byte %zu", i);
	}
	const uint64_t sites[2] = { GETPID_OFF, DYN_OFF };
	const uint8_t *codes[2] = { getpid_site, dyn_site };
	const uint64_t entry[2] = { entries.fast_entry, entries.fast_entry_dyn };
	for (int s = 0; s < 2; s++) {
		int64_t tramp = jump_target(image, sites[s]);
		cr_expect_eq(tramp, (int64_t)s * SYSTRAP_TRAMP_SIZE - (int64_t)TEXTCACHE_REGION,
			     "site %d uses slot %d", s, s);
		const uint8_t *t = image + img->tramp_off + (uint64_t)s * SYSTRAP_TRAMP_SIZE;
		cr_expect_arr_eq(t, codes[s], 5, "the displaced instruction first");
		/* lea disp(%rip), %rcx at t+5: rcx = site + 7 */
		cr_expect(t[5] == 0x48 && t[6] == 0x8d && t[7] == 0x0d);
		int32_t disp;
		memcpy(&disp, t + 8, 4);
		cr_expect_eq(tramp + 12 + disp, (int64_t)sites[s] + 7, "returns after the syscall");
		uint64_t target;
		memcpy(&target, t + 18, 8);
		cr_expect(t[12] == 0xff && t[13] == 0x25, "jmp *0(%%rip)");
		cr_expect_eq(target, entry[s], "the entry for the site's kind");
	}
	/* Unused slots are int3. */
	cr_expect_eq(image[img->tramp_off + 2 * SYSTRAP_TRAMP_SIZE], 0xcc);
	cr_expect_eq(image[total - 1], 0xcc);
	free(image);
	systrap_text_image_put(img);
	close(fd);
	unlink(path);
}

Test(systrap_textcache, build_without_patterns_gives_nothing)
{
	int fd = make_file();
	const struct systrap_text_site sites_in[] = {
		{ EXIT_OFF, SYS_exit, 0 },
		{ PLAIN_OFF, SYS_getpid, 0 },
		{ FILE_SIZE - 3, SYS_getpid, 0 },
		/* The trap saw another number than the site loads. */
		{ GETPID_OFF, SYS_getppid, 0 },
	};
	bool refused[4];
	cr_expect_null(systrap_text_image_build(fd, sites_in, 4, refused, &entries));
	cr_expect(refused[0] && refused[1] && refused[2] && refused[3]);
	close(fd);
	unlink(path);
}

static int opens;
static int open_path(void *arg)
{
	opens++;
	return open(arg, O_RDONLY | O_CLOEXEC);
}

Test(systrap_textcache, image_after_enough_traps_and_dropped_when_file_changes)
{
	int fd = make_file();
	const uint64_t dev = 77, ino = 88;
	for (int i = 0; i < TEXTCACHE_HOT - 1; i++)
		systrap_text_note_trap(dev, ino, GETPID_OFF, SYS_getpid, 0);
	opens = 0;
	cr_expect_null(systrap_text_image_get(dev, ino, open_path, path, &entries));
	cr_expect_eq(opens, 0, "a file without hot sites is not even opened");
	systrap_text_note_trap(dev, ino, GETPID_OFF, SYS_getpid, 0);
	struct systrap_text_image *img = systrap_text_image_get(dev, ino, open_path, path, &entries);
	cr_assert_not_null(img);
	cr_expect_eq(img->nsites, 1);
	cr_expect_eq(img->sites[0], GETPID_OFF);
	struct systrap_text_image *again = systrap_text_image_get(dev, ino, open_path, path, &entries);
	cr_expect_eq(again, img, "the same image while nothing changes");
	systrap_text_image_put(again);
	cr_expect_null(systrap_text_image_get(dev, ino + 1, open_path, path, &entries),
		       "another file has none");

	/* A site whose traps disagree is never patched. */
	for (int i = 0; i < TEXTCACHE_HOT; i++)
		systrap_text_note_trap(dev, ino, SECOND_OFF, i ? SYS_getpid : SYS_getppid, 0);
	/* A second hot site: a new image with both. */
	for (int i = 0; i < TEXTCACHE_HOT; i++)
		systrap_text_note_trap(dev, ino, DYN_OFF, SYS_getpid, 0);
	struct systrap_text_image *two = systrap_text_image_get(dev, ino, open_path, path, &entries);
	cr_assert_not_null(two);
	cr_expect_neq(two->id, img->id);
	cr_expect_eq(two->nsites, 2, "the getpid and syscall() sites, not the disagreeing one");
	cr_expect_eq(two->sites[1], DYN_OFF);
	systrap_text_image_put(img); /* the old one stays usable until put */

	/* The file grows: the image no longer matches, and goes. */
	cr_assert_eq(pwrite(fd, "zz", 2, FILE_SIZE), 2);
	cr_expect_null(systrap_text_image_get(dev, ino, open_path, path, &entries));
	systrap_text_image_put(two);
	close(fd);
	unlink(path);
}
