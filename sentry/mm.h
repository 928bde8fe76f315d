/* Memory-map records of an address space (Linux's mm_struct and its VMAs).
 *
 * The host kernel holds the real mappings of each app process; the sentry
 * decides every change to them (mm_* below inject the host call) and keeps
 * these records for /proc/PID/maps, brk and exec. Shared between tasks
 * cloned with CLONE_VM; copied by fork. */
#pragma once
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "sentry/list.h"

struct task;
struct vfs_file;

#define MM_PAGE_SIZE 4096ULL
#define PAGE_ALIGN_UP(x) (((x) + MM_PAGE_SIZE - 1) & ~(MM_PAGE_SIZE - 1))
#define PAGE_ALIGN_DOWN(x) ((x) & ~(MM_PAGE_SIZE - 1))

struct vma {
	struct list_node link; /* sorted by start */
	uint64_t start, end;
	int prot;
	int flags;          /* MAP_SHARED / MAP_PRIVATE / MAP_ANONYMOUS ... */
	uint64_t offset;    /* file offset of start */
	struct vfs_file *file; /* a reference, or NULL */
	char name[64];      /* "[heap]", "[stack]", "[vdso]" or "" */
};

/* Host fds already installed in the app process for file mappings, so
 * that mapping the same file again (ld.so maps each library in several
 * segments) costs no further fd passing. The entry holds a file reference;
 * the app-side fds are close-on-exec, so exec needs no host call. */
#define MM_FD_CACHE_SIZE 16
#define MM_RESERVED_MAX 32
struct mm_fd_cache_entry {
	struct vfs_file *file;
	bool writable;
	int app_fd;
	uint64_t last_use;
};

struct mm {
	int refs; /* guarded by lock */
	pthread_mutex_t lock;
	struct list_node vmas;
	uint64_t brk_start, brk;
	uint64_t stack_start, stack_end;
	uint64_t vdso;
	struct mm_fd_cache_entry fd_cache[MM_FD_CACHE_SIZE];
	uint64_t fd_cache_clock;
	/* Ranges the platform mapped for itself in this address space (the
	 * seccomp-trap platform's syscall trampolines): like the stub, the
	 * app may not map over, unmap or change them. Follow fork, dropped
	 * by exec. */
	uint64_t reserved[MM_RESERVED_MAX][2];
	int n_reserved;
};

struct mm *mm_new(void);
struct mm *mm_copy(struct mm *mm);
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);
/* Drops every record (exec). */
void mm_clear(struct mm *mm);

/* Record keeping only (the host call has been made). */
void mm_record_map(struct mm *mm, uint64_t start, uint64_t len, int prot, int flags,
		   struct vfs_file *file, uint64_t offset, const char *name);
void mm_record_unmap(struct mm *mm, uint64_t start, uint64_t len);
void mm_record_protect(struct mm *mm, uint64_t start, uint64_t len, int prot);
/* Writes /proc/PID/maps text; returns bytes (truncated to size). */
size_t mm_format_maps(struct mm *mm, char *buf, size_t size);

/* Host operations on t's address space, recorded on success. Errors as
 * mmap(2)/munmap(2)/mprotect(2). */
long mm_map(struct task *t, uint64_t addr, uint64_t len, int prot, int flags,
	    struct vfs_file *file, uint64_t offset, const char *name);
long mm_unmap(struct task *t, uint64_t addr, uint64_t len);
long mm_protect(struct task *t, uint64_t addr, uint64_t len, int prot);
/* The app-side host fd backing f in t's address space (installed once,
 * then cached); -errno if f cannot be mapped. */
int mm_app_fd(struct task *t, struct vfs_file *f, bool writable);

/* Before t's app unmaps, maps over or (moving) moves [addr, addr+len):
 * the platform drops what it changed in code there (plat_ops.code_unmapping). */
void mm_code_unmapping(struct task *t, uint64_t addr, uint64_t len, bool moving);
/* A host call in t's address space (for madvise, msync, mremap...). */
long mm_host_call(struct task *t, long nr, uint64_t a0, uint64_t a1, uint64_t a2,
		  uint64_t a3, uint64_t a4, uint64_t a5);
/* True if [addr, addr+len) touches the stub's own pages. */
int mm_overlaps_stub(uint64_t addr, uint64_t len);
/* Where the code at [addr, addr+len) of the current task comes from, if
 * one private executable file mapping holds it: the file's (dev, ino) as
 * the sentry knows it and the offset of addr in it. 0, or -ENOENT. */
/* The identity of a regular file's data, as the platform's caches key it
 * (its super block's dev and its ino); false for other files. */
bool mm_file_key(const struct vfs_file *f, uint64_t *dev, uint64_t *ino);
int mm_code_file_current(uint64_t addr, uint64_t len, uint64_t *dev, uint64_t *ino, uint64_t *off);
/* Adds [lo, hi) to the current task's reserved ranges (see struct mm), so
 * mm_overlaps_stub covers it; -ENOSPC when full, -ESRCH without a task. */
int mm_reserve_current(uint64_t lo, uint64_t hi);
/* The protection and flags of the current task's mapping holding all of
 * [addr, addr+len): 0, or -ENOENT if no one record holds it. */
int mm_query_current(uint64_t addr, uint64_t len, int *prot, int *flags);
