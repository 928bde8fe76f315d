/* Memory syscalls (mm/mmap.c, mm/mprotect.c, mm/mremap.c...): argument
 * checks as Linux makes them, then the sentry's mm layer performs the host
 * call in the app's address space and keeps the records. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "fs/file.h"
#include "fs/vfs.h"
#include "sentry/mm.h"
#include "syscalls/syscall.h"

#define TASK_SIZE (1ULL << 47)

SYSCALL_DEFINE(mmap)
{
	uint64_t addr = args->a[0], len = args->a[1], off = args->a[5];
	int prot = (int)args->a[2], flags = (int)args->a[3], fd = (int)args->a[4];
	if (off & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (!len)
		return -EINVAL;
	uint64_t plen = PAGE_ALIGN_UP(len);
	if (plen < len || plen > TASK_SIZE)
		return -ENOMEM;
	int type = flags & MAP_TYPE;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (MM_PAGE_SIZE - 1)))
		return -EINVAL;
	if (flags & MAP_ANONYMOUS)
		return mm_map(t, addr, len, prot, flags, NULL, 0, NULL);

	struct vfs_file *f = fd_table_get_file(t->fdt, fd);
	if (!f)
		return -EBADF;
	long r;
	unsigned acc = f->flags & 3;
	if (f->flags & O_PATH)
		r = -EBADF;
	else if (acc == 1 /* O_WRONLY */)
		r = -EACCES;
	else if (type != MAP_PRIVATE && (prot & PROT_WRITE) && acc != 2)
		r = -EACCES;
	else if (type != MAP_PRIVATE && (prot & PROT_WRITE) && (f->flags & O_APPEND))
		r = -EACCES;
	else if (f->ops && f->ops->mmap_anonymous)
		/* /dev/zero: private or shared zero memory, no file behind it. */
		r = mm_map(t, addr, len, prot, flags | MAP_ANONYMOUS, NULL, 0, NULL);
	else
		r = mm_map(t, addr, len, prot, flags, f, off, NULL);
	vfs_file_put(f);
	return r;
}

SYSCALL_DEFINE(munmap)
{
	uint64_t addr = args->a[0], len = args->a[1];
	if ((addr & (MM_PAGE_SIZE - 1)) || !len || addr + len > TASK_SIZE || addr + len < addr)
		return -EINVAL;
	return mm_unmap(t, addr, len);
}

SYSCALL_DEFINE(mprotect)
{
	uint64_t addr = args->a[0], len = args->a[1];
	if (addr & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (!len)
		return 0;
	if (PAGE_ALIGN_UP(len) < len || addr + len < addr)
		return -ENOMEM;
	return mm_protect(t, addr, len, (int)args->a[2]);
}

SYSCALL_DEFINE(pkey_mprotect)
{
	if ((int)args->a[3] != -1)
		return -EINVAL; /* protection keys are not offered */
	uint64_t addr = args->a[0], len = args->a[1];
	if (addr & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (!len)
		return 0;
	return mm_protect(t, addr, len, (int)args->a[2]);
}

SYSCALL_DEFINE(brk)
{
	struct mm *mm = t->tg->mm;
	uint64_t want = args->a[0];
	pthread_mutex_lock(&mm->lock);
	uint64_t cur = mm->brk, start = mm->brk_start;
	pthread_mutex_unlock(&mm->lock);
	if (want < start)
		return (long)cur;
	rlim_t lim = task_rlimit(t, RLIMIT_DATA);
	if (lim != RLIM_INFINITY && want - start > lim)
		return (long)cur;
	uint64_t old_end = PAGE_ALIGN_UP(cur), new_end = PAGE_ALIGN_UP(want);
	if (new_end > old_end) {
		long r = mm_host_call(t, SYS_mmap, old_end, new_end - old_end, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
				      (uint64_t)-1, 0);
		if (r < 0 && r > -4096)
			return (long)cur;
		if ((uint64_t)r != old_end) {
			mm_host_call(t, SYS_munmap, (uint64_t)r, new_end - old_end, 0, 0, 0, 0);
			return (long)cur;
		}
	} else if (new_end < old_end) {
		if (mm_host_call(t, SYS_munmap, new_end, old_end - new_end, 0, 0, 0, 0) < 0)
			return (long)cur;
	}
	pthread_mutex_lock(&mm->lock);
	mm->brk = want;
	pthread_mutex_unlock(&mm->lock);
	/* The heap record covers [start, new_end): replace the old one. */
	if (old_end > PAGE_ALIGN_UP(start))
		mm_record_unmap(mm, PAGE_ALIGN_UP(start), old_end - PAGE_ALIGN_UP(start));
	if (new_end > PAGE_ALIGN_UP(start))
		mm_record_map(mm, PAGE_ALIGN_UP(start), new_end - PAGE_ALIGN_UP(start),
			      PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, "[heap]");
	return (long)want;
}

SYSCALL_DEFINE(mremap)
{
	uint64_t old = args->a[0], old_len = args->a[1], new_len = args->a[2];
	int flags = (int)args->a[3];
	uint64_t new_addr = args->a[4];
	if (old & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if (mm_overlaps_stub(old, old_len ? old_len : 1) ||
	    ((flags & MREMAP_FIXED) && mm_overlaps_stub(new_addr, new_len)))
		return -EINVAL;
	/* The text moves byte for byte: rewritten sites' relative jumps
	 * would no longer reach their trampolines. */
	mm_code_unmapping(t, old, old_len ? old_len : 1, true);
	long r = mm_host_call(t, SYS_mremap, old, old_len, new_len, (uint64_t)flags, new_addr, 0);
	if (r < 0 && r > -4096)
		return r;
	/* Move the record: same protections and backing as the old start. */
	struct mm *mm = t->tg->mm;
	int prot = PROT_READ | PROT_WRITE, mflags = MAP_PRIVATE | MAP_ANONYMOUS;
	struct vfs_file *file = NULL;
	uint64_t offset = 0;
	char name[64] = "";
	pthread_mutex_lock(&mm->lock);
	list_for_each(pos, &mm->vmas) {
		struct vma *v = container_of(pos, struct vma, link);
		if (v->start <= old && old < v->end) {
			prot = v->prot;
			mflags = v->flags;
			file = v->file;
			if (file)
				vfs_file_get(file);
			offset = v->offset + (old - v->start);
			snprintf(name, sizeof(name), "%s", v->name);
			break;
		}
	}
	pthread_mutex_unlock(&mm->lock);
	if (!(flags & MREMAP_DONTUNMAP))
		mm_record_unmap(mm, old, old_len);
	mm_record_map(mm, (uint64_t)r, new_len, prot, mflags, file, offset, name);
	if (file)
		vfs_file_put(file);
	return r;
}

/* Calls that only affect pages the app already owns: the host does the
 * work in the app's address space. */
static long host_on_range(struct task *t, long nr, const struct syscall_args *args)
{
	if (mm_overlaps_stub(args->a[0], args->a[1] ? args->a[1] : 1))
		return -EINVAL;
	return mm_host_call(t, nr, args->a[0], args->a[1], args->a[2], args->a[3], 0, 0);
}

SYSCALL_DEFINE(madvise)
{
	return host_on_range(t, SYS_madvise, args);
}

SYSCALL_DEFINE(msync)
{
	return host_on_range(t, SYS_msync, args);
}

SYSCALL_DEFINE(mlock)
{
	return host_on_range(t, SYS_mlock, args);
}

SYSCALL_DEFINE(munlock)
{
	return host_on_range(t, SYS_munlock, args);
}

SYSCALL_DEFINE(mlock2)
{
	return host_on_range(t, SYS_mlock2, args);
}

SYSCALL_DEFINE(mincore)
{
	/* The vector is written by the host into app memory. */
	return host_on_range(t, SYS_mincore, args);
}

SYSCALL_DEFINE(mlockall)
{
	return mm_host_call(t, SYS_mlockall, args->a[0], 0, 0, 0, 0, 0);
}

SYSCALL_DEFINE(munlockall)
{
	return mm_host_call(t, SYS_munlockall, 0, 0, 0, 0, 0, 0);
}
