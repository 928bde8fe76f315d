/* File descriptor tables; see fs/fdtable.h and fs/vfs.h. */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/locks.h"
#include "sentry/task.h"

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Linux's sysctl fs.nr_open default: the hard ceiling for any fd. */
#define FD_NR_OPEN (1 << 20)

struct fd_table {
	atomic_int refs;
	pthread_mutex_t lock;
	int size;               /* slots allocated */
	struct vfs_file **files;
	unsigned char *cloexec;
	int lowest_free_hint;   /* no free slot below this */
};

struct fd_table *fd_table_new(void)
{
	struct fd_table *fdt = calloc(1, sizeof(*fdt));
	if (!fdt)
		return NULL;
	atomic_init(&fdt->refs, 1);
	pthread_mutex_init(&fdt->lock, NULL);
	return fdt;
}

static int fdt_grow(struct fd_table *fdt, int need)
{
	if (need <= fdt->size)
		return 0;
	int n = fdt->size ? fdt->size : 64;
	while (n < need)
		n *= 2;
	struct vfs_file **files = realloc(fdt->files, (size_t)n * sizeof(*files));
	if (!files)
		return -ENOMEM;
	fdt->files = files;
	unsigned char *ce = realloc(fdt->cloexec, (size_t)n);
	if (!ce)
		return -ENOMEM;
	fdt->cloexec = ce;
	memset(files + fdt->size, 0, (size_t)(n - fdt->size) * sizeof(*files));
	memset(ce + fdt->size, 0, (size_t)(n - fdt->size));
	fdt->size = n;
	return 0;
}

struct fd_table *fd_table_copy(struct fd_table *old)
{
	struct fd_table *fdt = fd_table_new();
	if (!fdt)
		return NULL;
	pthread_mutex_lock(&old->lock);
	if (fdt_grow(fdt, old->size)) {
		pthread_mutex_unlock(&old->lock);
		fd_table_put(fdt);
		return NULL;
	}
	for (int i = 0; i < old->size; i++) {
		fdt->files[i] = old->files[i];
		fdt->cloexec[i] = old->cloexec[i];
		if (fdt->files[i])
			vfs_file_get(fdt->files[i]);
	}
	fdt->lowest_free_hint = old->lowest_free_hint;
	pthread_mutex_unlock(&old->lock);
	return fdt;
}

void fd_table_get(struct fd_table *fdt)
{
	atomic_fetch_add(&fdt->refs, 1);
}

static void *lock_owner(void)
{
	struct task *t = task_current();
	return t ? (void *)t->tg : NULL;
}

/* Drops a file removed from a table: POSIX locks first, then the ref. */
static void fd_release(struct vfs_file *f, void *owner)
{
	if (owner)
		vfs_posix_locks_release(f, owner);
	vfs_file_put(f);
}

void fd_table_put(struct fd_table *fdt)
{
	if (!fdt || atomic_fetch_sub(&fdt->refs, 1) != 1)
		return;
	void *owner = lock_owner();
	for (int i = 0; i < fdt->size; i++)
		if (fdt->files[i])
			fd_release(fdt->files[i], owner);
	free(fdt->files);
	free(fdt->cloexec);
	pthread_mutex_destroy(&fdt->lock);
	free(fdt);
}

static unsigned long fd_limit(unsigned long nofile_limit)
{
	return nofile_limit > FD_NR_OPEN ? FD_NR_OPEN : nofile_limit;
}

int fd_table_install(struct fd_table *fdt, int minfd, struct vfs_file *f,
		     bool cloexec, unsigned long nofile_limit)
{
	if (minfd < 0)
		return -EINVAL;
	unsigned long limit = fd_limit(nofile_limit);
	pthread_mutex_lock(&fdt->lock);
	int fd = minfd > fdt->lowest_free_hint ? minfd : fdt->lowest_free_hint;
	while (fd < fdt->size && fdt->files[fd])
		fd++;
	if ((unsigned long)fd >= limit) {
		pthread_mutex_unlock(&fdt->lock);
		return -EMFILE;
	}
	int err = fdt_grow(fdt, fd + 1);
	if (err) {
		pthread_mutex_unlock(&fdt->lock);
		return err;
	}
	vfs_file_get(f);
	fdt->files[fd] = f;
	fdt->cloexec[fd] = cloexec;
	if (minfd <= fdt->lowest_free_hint)
		fdt->lowest_free_hint = fd + 1;
	pthread_mutex_unlock(&fdt->lock);
	return fd;
}

int fd_table_install_at(struct fd_table *fdt, int fd, struct vfs_file *f,
			bool cloexec, unsigned long nofile_limit)
{
	if (fd < 0 || (unsigned long)fd >= fd_limit(nofile_limit))
		return -EBADF;
	pthread_mutex_lock(&fdt->lock);
	int err = fdt_grow(fdt, fd + 1);
	if (err) {
		pthread_mutex_unlock(&fdt->lock);
		return err;
	}
	struct vfs_file *old = fdt->files[fd];
	vfs_file_get(f);
	fdt->files[fd] = f;
	fdt->cloexec[fd] = cloexec;
	pthread_mutex_unlock(&fdt->lock);
	if (old)
		fd_release(old, lock_owner());
	return fd;
}

struct vfs_file *fd_table_get_file(struct fd_table *fdt, int fd)
{
	if (!fdt || fd < 0)
		return NULL;
	struct vfs_file *f = NULL;
	pthread_mutex_lock(&fdt->lock);
	if (fd < fdt->size && fdt->files[fd]) {
		f = fdt->files[fd];
		vfs_file_get(f);
	}
	pthread_mutex_unlock(&fdt->lock);
	return f;
}

int fd_table_close(struct fd_table *fdt, int fd)
{
	if (fd < 0)
		return -EBADF;
	pthread_mutex_lock(&fdt->lock);
	if (fd >= fdt->size || !fdt->files[fd]) {
		pthread_mutex_unlock(&fdt->lock);
		return -EBADF;
	}
	struct vfs_file *f = fdt->files[fd];
	fdt->files[fd] = NULL;
	fdt->cloexec[fd] = 0;
	if (fd < fdt->lowest_free_hint)
		fdt->lowest_free_hint = fd;
	pthread_mutex_unlock(&fdt->lock);
	fd_release(f, lock_owner());
	return 0;
}

void fd_table_close_on_exec(struct fd_table *fdt)
{
	fd_table_close_range(fdt, 0, ~0u, 0x80000000u);
}

int fd_table_get_cloexec(struct fd_table *fdt, int fd)
{
	int r = -EBADF;
	pthread_mutex_lock(&fdt->lock);
	if (fd >= 0 && fd < fdt->size && fdt->files[fd])
		r = fdt->cloexec[fd];
	pthread_mutex_unlock(&fdt->lock);
	return r;
}

int fd_table_set_cloexec(struct fd_table *fdt, int fd, bool cloexec)
{
	int r = -EBADF;
	pthread_mutex_lock(&fdt->lock);
	if (fd >= 0 && fd < fdt->size && fdt->files[fd]) {
		fdt->cloexec[fd] = cloexec;
		r = 0;
	}
	pthread_mutex_unlock(&fdt->lock);
	return r;
}

/* Internal flag 0x80000000: close only the close-on-exec slots (exec). */
int fd_table_close_range(struct fd_table *fdt, unsigned first, unsigned last,
			 unsigned flags)
{
	bool only_cloexec = flags & 0x80000000u;
	flags &= ~0x80000000u;
	if (flags & ~(CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	void *owner = lock_owner();
	pthread_mutex_lock(&fdt->lock);
	for (unsigned fd = first; fd <= last && fd < (unsigned)fdt->size; fd++) {
		struct vfs_file *f = fdt->files[fd];
		if (!f)
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC) {
			fdt->cloexec[fd] = 1;
			continue;
		}
		if (only_cloexec && !fdt->cloexec[fd])
			continue;
		fdt->files[fd] = NULL;
		fdt->cloexec[fd] = 0;
		if ((int)fd < fdt->lowest_free_hint)
			fdt->lowest_free_hint = (int)fd;
		/* Dropping a file may run release ops that sleep; do it
		 * without the table lock. */
		pthread_mutex_unlock(&fdt->lock);
		fd_release(f, owner);
		pthread_mutex_lock(&fdt->lock);
	}
	pthread_mutex_unlock(&fdt->lock);
	return 0;
}

int fd_table_max_fd(struct fd_table *fdt)
{
	pthread_mutex_lock(&fdt->lock);
	int n = fdt->size;
	while (n > 0 && !fdt->files[n - 1])
		n--;
	pthread_mutex_unlock(&fdt->lock);
	return n;
}

void fd_table_foreach(struct fd_table *fdt,
		      void (*fn)(int fd, struct vfs_file *f, bool cloexec, void *arg),
		      void *arg)
{
	pthread_mutex_lock(&fdt->lock);
	for (int i = 0; i < fdt->size; i++)
		if (fdt->files[i])
			fn(i, fdt->files[i], fdt->cloexec[i], arg);
	pthread_mutex_unlock(&fdt->lock);
}
