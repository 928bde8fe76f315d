/* The fds a zygote hands to every app process (platform/systrap_preload.c):
 * which keys get in (used often, read-only or write-sealed data only), the
 * fd numbers lookups give back, and when unused keys are forgotten.
 * (Criterion runs each test in its own process: the counts start empty.) */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "platform/systrap_preload.h"

/* open_host: a new fd of the file at the path in arg, opened with the
 * flags the test chose. */
struct opener {
	const char *path;
	int flags;
	int calls;
};

static int open_path(void *arg)
{
	struct opener *o = arg;
	o->calls++;
	return open(o->path, o->flags | O_CLOEXEC);
}

static int open_memfd(void *arg)
{
	return fcntl(*(int *)arg, F_DUPFD_CLOEXEC, 0);
}

/* install: hands out fd numbers 100, 101... and records what it got. */
struct installer {
	int next, count;
};

static int fake_install(void *arg, int hostfd)
{
	struct installer *in = arg;
	cr_assert(fcntl(hostfd, F_GETFD) >= 0, "install gets an open fd");
	in->count++;
	return in->next++;
}

static const struct preload_key libc = { PRELOAD_FILE, 1, 42 };
static const struct preload_key ldso = { PRELOAD_FILE, 1, 43 };

Test(preload, a_key_used_twice_is_handed_out)
{
	struct opener o = { "/proc/self/exe", O_RDONLY, 0 };
	struct installer in = { 100, 0 };
	cr_assert_eq(preload_fd(NULL, &libc, open_path, &o), -1);
	cr_assert_eq(preload_fd(NULL, &libc, open_path, &o), -1);
	cr_assert_eq(o.calls, 1, "the data is opened once, when the key is first seen");
	cr_assert_eq(preload_fd(NULL, &ldso, open_path, &o), -1); /* once only */
	struct preload_set *s = preload_build(fake_install, &in);
	cr_assert_not_null(s);
	cr_assert_eq(in.count, 1, "only the key used twice is installed");
	cr_assert_eq(preload_fd(s, &libc, open_path, &o), 100);
	cr_assert_eq(preload_fd(s, &ldso, open_path, &o), -1);
	preload_put(s);
}

Test(preload, nothing_hot_builds_no_set)
{
	struct installer in = { 100, 0 };
	cr_assert_null(preload_build(fake_install, &in));
	cr_assert_eq(in.count, 0);
}

Test(preload, a_writable_fd_is_never_handed_out)
{
	char path[] = "/tmp/preload_rw_XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	struct opener o = { path, O_RDWR, 0 };
	struct installer in = { 100, 0 };
	for (int i = 0; i < 4; i++)
		preload_fd(NULL, &libc, open_path, &o);
	cr_assert_null(preload_build(fake_install, &in), "an O_RDWR fd stays out");
	cr_assert_eq(o.calls, 4, "and is not kept (each use tries again)");
	unlink(path);
}

Test(preload, a_write_sealed_memfd_is_handed_out)
{
	int mfd = memfd_create("preload-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	cr_assert(mfd >= 0);
	cr_assert_eq(write(mfd, "x", 1), 1);
	const struct preload_key img = { PRELOAD_IMAGE, 7, 0 };
	struct installer in = { 100, 0 };
	preload_fd(NULL, &img, open_memfd, &mfd);
	preload_fd(NULL, &img, open_memfd, &mfd);
	cr_assert_null(preload_build(fake_install, &in), "an unsealed memfd stays out");

	int sealed = memfd_create("preload-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	cr_assert_eq(write(sealed, "x", 1), 1);
	cr_assert_eq(fcntl(sealed, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW |
						   F_SEAL_SEAL), 0);
	const struct preload_key img2 = { PRELOAD_IMAGE, 8, 0 };
	preload_fd(NULL, &img2, open_memfd, &sealed);
	preload_fd(NULL, &img2, open_memfd, &sealed);
	struct preload_set *s = preload_build(fake_install, &in);
	cr_assert_not_null(s);
	cr_assert_eq(preload_fd(s, &img2, open_memfd, &sealed), 100);
	cr_assert_eq(preload_fd(s, &img, open_memfd, &mfd), -1);
	preload_put(s);
	close(mfd);
	close(sealed);
}

Test(preload, unused_keys_are_forgotten_and_used_ones_stay)
{
	struct opener o = { "/proc/self/exe", O_RDONLY, 0 };
	struct installer in = { 100, 0 };
	preload_fd(NULL, &libc, open_path, &o);
	preload_fd(NULL, &libc, open_path, &o);
	preload_put(preload_build(fake_install, &in));
	/* Several zygotes with no use of the key: it is dropped, so the next
	 * use opens the data anew. */
	for (int i = 0; i < 8; i++)
		cr_assert_null(preload_build(fake_install, &in));
	preload_fd(NULL, &libc, open_path, &o);
	cr_assert_eq(o.calls, 2, "a forgotten key is counted afresh");

	/* A key in use through a set keeps its place: lookups count. */
	preload_fd(NULL, &libc, open_path, &o);
	struct preload_set *s = preload_build(fake_install, &in);
	cr_assert_not_null(s);
	for (int i = 0; i < 8; i++) {
		cr_assert(preload_fd(s, &libc, open_path, &o) >= 100);
		preload_fd(s, &libc, open_path, &o);
		struct preload_set *next = preload_build(fake_install, &in);
		cr_assert_not_null(next, "round %d", i);
		preload_put(s);
		s = next;
	}
	cr_assert_eq(o.calls, 2);
	preload_put(s);
}

Test(preload, sets_are_shared_by_reference)
{
	struct opener o = { "/proc/self/exe", O_RDONLY, 0 };
	struct installer in = { 100, 0 };
	preload_fd(NULL, &libc, open_path, &o);
	preload_fd(NULL, &libc, open_path, &o);
	struct preload_set *s = preload_build(fake_install, &in);
	preload_get(s);
	preload_put(s);
	cr_assert_eq(preload_fd(s, &libc, open_path, &o), 100, "alive while referenced");
	preload_put(s);
	preload_put(NULL);
}
