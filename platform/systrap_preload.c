/* Host fds that every new app process starts with (systrap_preload.h).
 *
 * Mapping a file into an app process needs a host fd of it in that
 * process: the sentry passes one over the control socket (sendmsg, and a
 * recvmsg the stub makes), about 7 us here. A dynamic program's exec and
 * start need five to seven: the program, ld.so, ld.so.cache, libc, and the
 * patched text images of the code among them. They are the same files in
 * nearly every process, so the platform counts which files are asked for,
 * installs the often used ones into each new zygote once, and every
 * process forked from it inherits them: its mappings of those files need
 * no fd passing at all.
 *
 * What a process gets this way: read-only fds (or, for text images,
 * memfds sealed against writing) of files that the sentry judged readable
 * by anyone (mm.c: "other" may read them) or that it made itself. Through
 * the stub's call site app code can map them, that is, read what any
 * process of the sandbox may read; it cannot change them.
 *
 * Bounded: HOT_MAX files counted, SET_MAX fds per zygote. */
#define _GNU_SOURCE
#include "platform/systrap_preload.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define HOT_MAX 16
#define SET_MAX 12
/* Uses since the last zygote that make a key worth handing out. */
#define MIN_USES 2
/* Zygotes in a row that saw no use of a key before it is forgotten. */
#define IDLE_MAX 4

struct preload_set {
	atomic_int refs;
	int n;
	struct {
		struct preload_key key;
		int app_fd;
	} e[SET_MAX];
};

struct hot_entry {
	struct preload_key key;
	int hostfd; /* -1: a free entry */
	unsigned uses, idle;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct hot_entry hot[HOT_MAX];
static bool hot_init;

static bool same_key(const struct preload_key *x, const struct preload_key *y)
{
	return x->kind == y->kind && x->a == y->a && x->b == y->b;
}

/* Whether nobody can write the file through fd: opened read-only, or a
 * memfd sealed against writes. */
static bool read_only(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0 && (fl & O_ACCMODE) == O_RDONLY)
		return true;
	int seals = fcntl(fd, F_GET_SEALS);
	return seals >= 0 && (seals & F_SEAL_WRITE) && (seals & F_SEAL_SEAL);
}

static void init_locked(void)
{
	if (hot_init)
		return;
	for (int i = 0; i < HOT_MAX; i++)
		hot[i].hostfd = -1;
	hot_init = true;
}

/* Counts a use of key; a new key takes a free entry, or the idlest one
 * nobody used since the last zygote. */
static void note(const struct preload_key *key, int (*open_host)(void *arg), void *arg)
{
	pthread_mutex_lock(&lock);
	init_locked();
	int free_i = -1, idle_i = -1;
	for (int i = 0; i < HOT_MAX; i++) {
		struct hot_entry *h = &hot[i];
		if (h->hostfd < 0) {
			if (free_i < 0)
				free_i = i;
		} else if (same_key(&h->key, key)) {
			h->uses++;
			pthread_mutex_unlock(&lock);
			return;
		} else if (h->uses == 0 && (idle_i < 0 || h->idle > hot[idle_i].idle)) {
			idle_i = i;
		}
	}
	int victim = free_i >= 0 ? free_i : idle_i;
	if (victim < 0) {
		pthread_mutex_unlock(&lock);
		return;
	}
	int fd = open_host(arg);
	if (fd >= 0 && !read_only(fd)) {
		close(fd);
		fd = -1;
	}
	if (fd >= 0) {
		struct hot_entry *h = &hot[victim];
		if (h->hostfd >= 0)
			close(h->hostfd);
		*h = (struct hot_entry){ *key, fd, 1, 0 };
	}
	pthread_mutex_unlock(&lock);
}

int preload_fd(const struct preload_set *s, const struct preload_key *key,
	       int (*open_host)(void *arg), void *arg)
{
	int fd = -1;
	for (int i = 0; s && i < s->n; i++) {
		if (same_key(&s->e[i].key, key)) {
			fd = s->e[i].app_fd;
			break;
		}
	}
	note(key, open_host, arg);
	return fd;
}

struct preload_set *preload_build(int (*install)(void *arg, int hostfd), void *arg)
{
	struct preload_key keys[SET_MAX];
	int fds[SET_MAX], n = 0;
	/* Chosen under the lock, installed without it: an install is a round
	 * trip to the zygote, and app processes count uses meanwhile. */
	pthread_mutex_lock(&lock);
	init_locked();
	for (int i = 0; i < HOT_MAX; i++) {
		struct hot_entry *h = &hot[i];
		if (h->hostfd < 0)
			continue;
		if (h->uses >= MIN_USES && n < SET_MAX) {
			fds[n] = fcntl(h->hostfd, F_DUPFD_CLOEXEC, 0);
			if (fds[n] >= 0)
				keys[n++] = h->key;
		}
		if (h->uses == 0 && ++h->idle >= IDLE_MAX) {
			close(h->hostfd);
			h->hostfd = -1;
		} else if (h->uses) {
			h->idle = 0;
		}
		h->uses = 0;
	}
	pthread_mutex_unlock(&lock);

	struct preload_set *s = n ? calloc(1, sizeof(*s)) : NULL;
	for (int i = 0; i < n; i++) {
		int app_fd = s ? install(arg, fds[i]) : -1;
		close(fds[i]);
		if (app_fd >= 0) {
			s->e[s->n].key = keys[i];
			s->e[s->n].app_fd = app_fd;
			s->n++;
		}
	}
	if (s && !s->n) {
		free(s);
		return NULL;
	}
	if (s)
		atomic_init(&s->refs, 1);
	return s;
}

bool preload_has_fd(const struct preload_set *s, int fd)
{
	for (int i = 0; s && i < s->n; i++)
		if (s->e[i].app_fd == fd)
			return true;
	return false;
}

void preload_get(struct preload_set *s)
{
	if (s)
		atomic_fetch_add(&s->refs, 1);
}

void preload_put(struct preload_set *s)
{
	if (s && atomic_fetch_sub(&s->refs, 1) == 1)
		free(s);
}
