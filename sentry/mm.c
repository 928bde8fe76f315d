/* Memory-map records and the host operations that change them (mm.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/vfs.h"
#include "platform/platform.h"
#include "sentry/mm.h"
#include "sentry/task.h"

struct mm *mm_new(void)
{
	struct mm *mm = calloc(1, sizeof(*mm));
	if (!mm)
		return NULL;
	mm->refs = 1;
	pthread_mutex_init(&mm->lock, NULL);
	list_init(&mm->vmas);
	return mm;
}

static struct vma *vma_dup(const struct vma *v)
{
	struct vma *n = malloc(sizeof(*n));
	if (!n)
		return NULL;
	*n = *v;
	list_init(&n->link);
	if (n->file)
		vfs_file_get(n->file);
	return n;
}

static void vma_free(struct vma *v)
{
	if (v->file)
		vfs_file_put(v->file);
	free(v);
}

struct mm *mm_copy(struct mm *src)
{
	struct mm *mm = mm_new();
	if (!mm)
		return NULL;
	pthread_mutex_lock(&src->lock);
	list_for_each(pos, &src->vmas) {
		struct vma *v = vma_dup(container_of(pos, struct vma, link));
		if (v)
			list_add_tail(&mm->vmas, &v->link);
	}
	mm->brk_start = src->brk_start;
	mm->brk = src->brk;
	mm->stack_start = src->stack_start;
	mm->stack_end = src->stack_end;
	mm->vdso = src->vdso;
	/* fork copies the host fd table, so the cached fds exist in the child. */
	memcpy(mm->fd_cache, src->fd_cache, sizeof(mm->fd_cache));
	for (int i = 0; i < MM_FD_CACHE_SIZE; i++)
		if (mm->fd_cache[i].file)
			vfs_file_get(mm->fd_cache[i].file);
	mm->fd_cache_clock = src->fd_cache_clock;
	/* fork keeps the platform's own mappings too. */
	memcpy(mm->reserved, src->reserved, sizeof(mm->reserved));
	mm->n_reserved = src->n_reserved;
	pthread_mutex_unlock(&src->lock);
	return mm;
}

void mm_get(struct mm *mm)
{
	pthread_mutex_lock(&mm->lock);
	mm->refs++;
	pthread_mutex_unlock(&mm->lock);
}

static void fd_cache_drop(struct mm *mm)
{
	for (int i = 0; i < MM_FD_CACHE_SIZE; i++) {
		if (mm->fd_cache[i].file)
			vfs_file_put(mm->fd_cache[i].file);
		mm->fd_cache[i].file = NULL;
	}
}

void mm_clear(struct mm *mm)
{
	pthread_mutex_lock(&mm->lock);
	fd_cache_drop(mm);
	list_for_each_safe(pos, &mm->vmas) {
		list_remove(pos);
		vma_free(container_of(pos, struct vma, link));
	}
	mm->brk_start = mm->brk = 0;
	mm->n_reserved = 0; /* exec: a fresh host process holds none */
	pthread_mutex_unlock(&mm->lock);
}

void mm_put(struct mm *mm)
{
	if (!mm)
		return;
	pthread_mutex_lock(&mm->lock);
	int refs = --mm->refs;
	pthread_mutex_unlock(&mm->lock);
	if (refs)
		return;
	mm_clear(mm);
	pthread_mutex_destroy(&mm->lock);
	free(mm);
}

/* Cuts [start, end) out of the records, splitting VMAs at the edges. */
static void unmap_locked(struct mm *mm, uint64_t start, uint64_t end)
{
	list_for_each_safe(pos, &mm->vmas) {
		struct vma *v = container_of(pos, struct vma, link);
		if (v->end <= start || v->start >= end)
			continue;
		if (v->start < start && v->end > end) {
			struct vma *tail = vma_dup(v);
			if (tail) {
				tail->offset += end - v->start;
				tail->start = end;
				list_insert_between(&tail->link, &v->link, v->link.next);
			}
			v->end = start;
		} else if (v->start < start) {
			v->end = start;
		} else if (v->end > end) {
			v->offset += end - v->start;
			v->start = end;
		} else {
			list_remove(&v->link);
			vma_free(v);
		}
	}
}

void mm_record_map(struct mm *mm, uint64_t start, uint64_t len, int prot, int flags,
		   struct vfs_file *file, uint64_t offset, const char *name)
{
	struct vma *v = calloc(1, sizeof(*v));
	if (!v)
		return;
	uint64_t end = PAGE_ALIGN_UP(start + len);
	v->start = start;
	v->end = end;
	v->prot = prot;
	v->flags = flags;
	v->offset = offset;
	v->file = file;
	if (file)
		vfs_file_get(file);
	if (name)
		snprintf(v->name, sizeof(v->name), "%s", name);
	pthread_mutex_lock(&mm->lock);
	unmap_locked(mm, start, end);
	struct list_node *before = &mm->vmas;
	list_for_each(pos, &mm->vmas) {
		if (container_of(pos, struct vma, link)->start > start) {
			before = pos;
			break;
		}
	}
	list_add_tail(before, &v->link);
	pthread_mutex_unlock(&mm->lock);
}

void mm_record_unmap(struct mm *mm, uint64_t start, uint64_t len)
{
	pthread_mutex_lock(&mm->lock);
	unmap_locked(mm, start, PAGE_ALIGN_UP(start + len));
	pthread_mutex_unlock(&mm->lock);
}

void mm_record_protect(struct mm *mm, uint64_t start, uint64_t len, int prot)
{
	uint64_t end = PAGE_ALIGN_UP(start + len);
	pthread_mutex_lock(&mm->lock);
	list_for_each_safe(pos, &mm->vmas) {
		struct vma *v = container_of(pos, struct vma, link);
		if (v->end <= start || v->start >= end || v->prot == prot)
			continue;
		/* Split so that exactly the covered part changes. */
		if (v->start < start) {
			struct vma *tail = vma_dup(v);
			if (!tail)
				continue;
			tail->offset += start - v->start;
			tail->start = start;
			v->end = start;
			list_insert_between(&tail->link, &v->link, v->link.next);
			continue; /* the loop visits tail next */
		}
		if (v->end > end) {
			struct vma *tail = vma_dup(v);
			if (tail) {
				tail->offset += end - v->start;
				tail->start = end;
				list_insert_between(&tail->link, &v->link, v->link.next);
			}
			v->end = end;
		}
		v->prot = prot;
	}
	pthread_mutex_unlock(&mm->lock);
}

size_t mm_format_maps(struct mm *mm, char *buf, size_t size)
{
	size_t n = 0;
	pthread_mutex_lock(&mm->lock);
	list_for_each(pos, &mm->vmas) {
		struct vma *v = container_of(pos, struct vma, link);
		char path[4096] = "";
		unsigned long ino = 0;
		unsigned maj = 0, min = 0;
		if (v->file) {
			vfs_file_path(v->file, path, sizeof(path));
		} else {
			snprintf(path, sizeof(path), "%s", v->name);
		}
		char line[4096 + 128];
		int len = snprintf(line, sizeof(line), "%012lx-%012lx %c%c%c%c %08lx %02x:%02x %-10lu %s%s\n",
				   (unsigned long)v->start, (unsigned long)v->end,
				   (v->prot & PROT_READ) ? 'r' : '-', (v->prot & PROT_WRITE) ? 'w' : '-',
				   (v->prot & PROT_EXEC) ? 'x' : '-', (v->flags & MAP_SHARED) ? 's' : 'p',
				   (unsigned long)v->offset, maj, min, ino, path[0] ? "" : "", path);
		if (len < 0)
			continue;
		if (!path[0]) {
			/* Linux prints no padding for anonymous mappings. */
			char *p = strrchr(line, ' ');
			while (p > line && p[-1] == ' ')
				p--;
			strcpy(p, "\n");
			len = (int)strlen(line);
		}
		if (n + (size_t)len > size)
			break;
		memcpy(buf + n, line, (size_t)len);
		n += (size_t)len;
	}
	pthread_mutex_unlock(&mm->lock);
	return n;
}

/* The current task's address space (every caller acts for the task it
 * runs), or NULL. */
static struct mm *current_mm(void)
{
	struct task *t = task_current();
	return t && t->tg ? t->tg->mm : NULL;
}

int mm_overlaps_stub(uint64_t addr, uint64_t len)
{
	if (addr < stub_layout.hi && addr + len > stub_layout.lo)
		return 1;
	/* The current task's address space is the one being changed. */
	struct mm *mm = current_mm();
	if (!mm)
		return 0;
	pthread_mutex_lock(&mm->lock);
	int hit = 0;
	for (int i = 0; i < mm->n_reserved && !hit; i++)
		hit = addr < mm->reserved[i][1] && addr + len > mm->reserved[i][0];
	pthread_mutex_unlock(&mm->lock);
	return hit;
}

/* The record holding all of [addr, addr+len), or NULL (mm->lock held). */
static struct vma *vma_holding(struct mm *mm, uint64_t addr, uint64_t len)
{
	list_for_each(pos, &mm->vmas) {
		struct vma *v = container_of(pos, struct vma, link);
		if (v->start > addr)
			break;
		if (addr + len <= v->end)
			return v;
	}
	return NULL;
}

int mm_query_current(uint64_t addr, uint64_t len, int *prot, int *flags)
{
	struct mm *mm = current_mm();
	if (!mm)
		return -ESRCH;
	pthread_mutex_lock(&mm->lock);
	struct vma *v = vma_holding(mm, addr, len);
	if (v) {
		*prot = v->prot;
		*flags = v->flags;
	}
	pthread_mutex_unlock(&mm->lock);
	return v ? 0 : -ENOENT;
}

/* The identity of a file for the platform's code images: (dev, ino) of
 * the inode holding its data; false for files without one. */
bool mm_file_key(const struct vfs_file *f, uint64_t *dev, uint64_t *ino)
{
	if (!f || !f->inode || !f->inode->sb || !S_ISREG(f->inode->mode))
		return false;
	*dev = (uint64_t)f->inode->sb->dev;
	*ino = f->inode->ino;
	return true;
}

int mm_code_file_current(uint64_t addr, uint64_t len, uint64_t *dev, uint64_t *ino, uint64_t *off)
{
	struct mm *mm = current_mm();
	if (!mm)
		return -ESRCH;
	int err = -ENOENT;
	pthread_mutex_lock(&mm->lock);
	struct vma *v = vma_holding(mm, addr, len);
	if (v && (v->prot & PROT_EXEC) && !(v->flags & MAP_SHARED) &&
	    mm_file_key(v->file, dev, ino)) {
		*off = v->offset + (addr - v->start);
		err = 0;
	}
	pthread_mutex_unlock(&mm->lock);
	return err;
}

int mm_reserve_current(uint64_t lo, uint64_t hi)
{
	struct mm *mm = current_mm();
	if (!mm)
		return -ESRCH;
	pthread_mutex_lock(&mm->lock);
	int err = -ENOSPC;
	if (mm->n_reserved < MM_RESERVED_MAX) {
		mm->reserved[mm->n_reserved][0] = lo;
		mm->reserved[mm->n_reserved][1] = hi;
		mm->n_reserved++;
		err = 0;
	}
	pthread_mutex_unlock(&mm->lock);
	return err;
}

long mm_host_call(struct task *t, long nr, uint64_t a0, uint64_t a1, uint64_t a2,
		  uint64_t a3, uint64_t a4, uint64_t a5)
{
	uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };
	return plat->host_syscall(t->plat, nr, a);
}

int mm_app_fd(struct task *t, struct vfs_file *f, bool writable)
{
	struct mm *mm = t->tg->mm;
	pthread_mutex_lock(&mm->lock);
	int victim = 0;
	for (int i = 0; i < MM_FD_CACHE_SIZE; i++) {
		struct mm_fd_cache_entry *e = &mm->fd_cache[i];
		if (e->file == f && e->writable == writable) {
			e->last_use = ++mm->fd_cache_clock;
			int fd = e->app_fd;
			pthread_mutex_unlock(&mm->lock);
			return fd;
		}
		if (!e->file || (mm->fd_cache[victim].file && e->last_use < mm->fd_cache[victim].last_use))
			victim = i;
	}
	pthread_mutex_unlock(&mm->lock);

	int hostfd = vfs_file_mmap_fd(f, writable);
	if (hostfd < 0)
		return hostfd;
	int appfd = plat->install_fd(t->plat, hostfd);
	close(hostfd);
	if (appfd < 0)
		return appfd;
	pthread_mutex_lock(&mm->lock);
	struct mm_fd_cache_entry *e = &mm->fd_cache[victim];
	struct vfs_file *old = e->file;
	int old_fd = e->app_fd;
	vfs_file_get(f);
	e->file = f;
	e->writable = writable;
	e->app_fd = appfd;
	e->last_use = ++mm->fd_cache_clock;
	pthread_mutex_unlock(&mm->lock);
	if (old) {
		mm_host_call(t, SYS_close, (uint64_t)old_fd, 0, 0, 0, 0, 0);
		vfs_file_put(old);
	}
	return appfd;
}

void mm_code_unmapping(struct task *t, uint64_t addr, uint64_t len, bool moving)
{
	if (plat->code_unmapping && t->plat)
		plat->code_unmapping(t->plat, addr, PAGE_ALIGN_UP(len), moving);
}

static int code_file_open_host(void *arg)
{
	return vfs_file_mmap_fd(arg, false);
}

/* A host fd of file that t's process was started with (plat_ops.
 * inherited_fd), for a private mapping; -1 if none. Only for files that
 * anyone may read: the platform may give the same fd to every process. */
static int inherited_fd(struct task *t, struct vfs_file *file)
{
	uint64_t dev, ino;
	if (!plat->inherited_fd || !t->plat || !mm_file_key(file, &dev, &ino) ||
	    !(file->inode->mode & S_IROTH))
		return -1;
	return plat->inherited_fd(t->plat, dev, ino, code_file_open_host, file);
}

/* Executable private text of a file at a fixed address: the platform may
 * map its own patched copy (plat_ops.map_code); 0 if it does not. */
static long map_code(struct task *t, uint64_t addr, uint64_t len, int prot, int flags,
		     struct vfs_file *file, uint64_t offset)
{
	struct plat_code_file cf = { .open_host = code_file_open_host, .arg = file };
	if (!plat->map_code || !t->plat || !(prot & PROT_EXEC) || !(flags & MAP_FIXED) ||
	    (flags & MAP_SHARED) || !mm_file_key(file, &cf.dev, &cf.ino))
		return 0;
	return plat->map_code(t->plat, &cf, addr, len, prot, flags & ~MAP_ANONYMOUS, offset);
}

long mm_map(struct task *t, uint64_t addr, uint64_t len, int prot, int flags,
	    struct vfs_file *file, uint64_t offset, const char *name)
{
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && mm_overlaps_stub(addr, len))
		return -ENOMEM;
	long r;
	if (flags & MAP_FIXED)
		mm_code_unmapping(t, addr, len, false);
	if (file && (r = map_code(t, addr, len, prot, flags, file, offset)) != 0) {
		/* mapped by the platform */
	} else if (file) {
		bool shared_write = (flags & MAP_SHARED) && (prot & PROT_WRITE);
		/* (An inherited fd is read-only: no shared mapping, which the
		 * app could make writable with mprotect.) */
		int appfd = (flags & MAP_SHARED) ? -1 : inherited_fd(t, file);
		if (appfd < 0)
			appfd = mm_app_fd(t, file, shared_write);
		if (appfd < 0)
			return appfd;
		r = mm_host_call(t, SYS_mmap, addr, len, (uint64_t)prot,
				 (uint64_t)(flags & ~MAP_ANONYMOUS), (uint64_t)appfd, offset);
	} else {
		r = mm_host_call(t, SYS_mmap, addr, len, (uint64_t)prot,
				 (uint64_t)(flags | MAP_ANONYMOUS), (uint64_t)-1, 0);
	}
	if (r < 0 && r > -4096)
		return r;
	if (mm_overlaps_stub((uint64_t)r, len)) {
		/* The host picked our pages' neighbourhood: impossible unless
		 * the app unmapped around them; refuse rather than alias. */
		mm_host_call(t, SYS_munmap, (uint64_t)r, len, 0, 0, 0, 0);
		return -ENOMEM;
	}
	mm_record_map(t->tg->mm, (uint64_t)r, len, prot, flags, file, offset, name);
	return r;
}

long mm_unmap(struct task *t, uint64_t addr, uint64_t len)
{
	if (mm_overlaps_stub(addr, len))
		return -EINVAL;
	mm_code_unmapping(t, addr, len, false);
	long r = mm_host_call(t, SYS_munmap, addr, len, 0, 0, 0, 0);
	if (r == 0)
		mm_record_unmap(t->tg->mm, addr, len);
	return r;
}

long mm_protect(struct task *t, uint64_t addr, uint64_t len, int prot)
{
	if (mm_overlaps_stub(addr, len))
		return -EINVAL;
	long r = mm_host_call(t, SYS_mprotect, addr, len, (uint64_t)prot, 0, 0, 0);
	if (r == 0)
		mm_record_protect(t->tg->mm, addr, len, prot & ~(PROT_GROWSDOWN | PROT_GROWSUP));
	return r;
}
