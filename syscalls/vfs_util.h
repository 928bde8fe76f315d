/* Small helpers shared by the file syscall families (file.c, rw.c, stat.c,
 * dir.c, fcntl.c, ioctl.c): copying in paths, looking up fds. */
#pragma once
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include "fs/fdtable.h"
#include "fs/file.h"
#include "syscalls/syscall.h"

#define VFS_PATH_MAX 4096

/* Copies the path at addr into buf (VFS_PATH_MAX bytes): its length,
 * -EFAULT, or -ENAMETOOLONG. */
static inline long vfs_path_in(struct task *t, uint64_t addr, char *buf)
{
	return task_copy_string_in(t, addr, buf, VFS_PATH_MAX);
}

/* The file at fd (a new reference) or NULL; O_PATH files are refused
 * unless allow_path (Linux's fdget vs fdget_raw). */
static inline struct vfs_file *vfs_fd_get(struct task *t, int fd, bool allow_path)
{
	struct vfs_file *f = fd_table_get_file(t->fdt, fd);
	if (f && !allow_path && (atomic_load(&f->flags) & O_PATH)) {
		vfs_file_put(f);
		return NULL;
	}
	return f;
}

static inline unsigned long vfs_nofile(struct task *t)
{
	return task_rlimit(t, RLIMIT_NOFILE);
}

/* Linux's MAX_RW_COUNT: one transfer moves at most INT_MAX & PAGE_MASK. */
#define VFS_MAX_RW_COUNT ((size_t)INT_MAX & ~(size_t)4095)
