/* Host fds that every new app process of the seccomp-trap platform starts
 * with: the files (and patched text images) that many processes map, such
 * as ld.so, libc and ld.so.cache. See platform/systrap_preload.c. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

enum preload_kind {
	PRELOAD_FILE = 1,  /* a file's data: a = the sentry's dev, b = its ino */
	PRELOAD_IMAGE = 2, /* a systrap_text_image: a = its id */
};

struct preload_key {
	enum preload_kind kind;
	uint64_t a, b;
};

/* The fds one zygote's processes inherit: immutable once built,
 * shared by reference. */
struct preload_set;

/* The fd number, in a process started with set s (may be NULL), of the
 * file key names; -1 if it has none. Also counts the use: a key used
 * often is handed to the processes of the next zygote. open_host(arg)
 * gives a new host fd of the data, called only when the key is first
 * counted; the platform keeps such an fd only if it is read-only. */
int preload_fd(const struct preload_set *s, const struct preload_key *key,
	       int (*open_host)(void *arg), void *arg);

/* A set of the keys used often since the last call (at least twice),
 * each installed with install(arg, hostfd), which returns the fd number
 * in the new zygote or -errno; NULL if there is none. Keys unused for a
 * while are forgotten. */
struct preload_set *preload_build(int (*install)(void *arg, int hostfd), void *arg);

/* Whether fd is one of the fd numbers of set s (may be NULL). */
bool preload_has_fd(const struct preload_set *s, int fd);

void preload_get(struct preload_set *s);
void preload_put(struct preload_set *s); /* NULL is fine */
