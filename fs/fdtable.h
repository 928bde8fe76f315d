/* File descriptor tables (Linux's struct files_struct): a dense array of
 * open files with a close-on-exec bit per slot, shared between tasks cloned
 * with CLONE_FILES and guarded by its own lock. The basic API is in
 * fs/vfs.h; this adds what the fd syscalls need.
 *
 * Closing an fd also releases the POSIX record locks that the closing
 * process holds on the file (Linux's locks_remove_posix on filp_close); the
 * owner is the current task's thread group. */
#pragma once
#include <stdbool.h>
#include "fs/vfs.h"

struct task;

/* Close-on-exec flag of fd: 0/1, or -EBADF. */
int fd_table_get_cloexec(struct fd_table *fdt, int fd);
int fd_table_set_cloexec(struct fd_table *fdt, int fd, bool cloexec);
/* close_range(2): flags CLOSE_RANGE_CLOEXEC / CLOSE_RANGE_UNSHARE (the
 * latter is the caller's business: it copies the table first). */
int fd_table_close_range(struct fd_table *fdt, unsigned first, unsigned last,
			 unsigned flags);
/* Number of slots in use and the highest fd + 1 (for /proc and select). */
int fd_table_max_fd(struct fd_table *fdt);
/* Calls fn for each open fd in order under the table lock (for
 * /proc/PID/fd); fn must not touch the table. */
void fd_table_foreach(struct fd_table *fdt,
		      void (*fn)(int fd, struct vfs_file *f, bool cloexec, void *arg),
		      void *arg);
