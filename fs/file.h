/* Open file descriptions (Linux's struct file) and their operations.
 *
 * Every kind of open file (a regular file of some file system, a pipe end, an
 * eventfd, an epoll instance, a socket, a host terminal) is a struct vfs_file
 * whose ops table says what it can do. A file system's or object's own state
 * hangs off ->private or embeds struct vfs_file as its first member.
 *
 * I/O goes through sentry buffers: the syscall layer copies between the app
 * and a kernel buffer, the ops move data between that buffer and the object.
 * Ops that can block take the calling task and sleep with task_wait_until,
 * honouring O_NONBLOCK in f->flags (-EAGAIN). */
#pragma once
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "fs/vfs.h"

struct task;
struct waitq;
struct vfs_dentry;
struct vfs_mount;
struct vfs_inode;
struct dir_context;

struct file_operations {
	/* pos is the file position to use and advance (f->pos under the
	 * position lock for read/write, a local for pread/pwrite); stream
	 * files ignore it. Return bytes moved or -errno. */
	ssize_t (*read)(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos);
	ssize_t (*write)(struct vfs_file *f, struct task *t, const void *buf, size_t n, off_t *pos);
	/* NULL: -ESPIPE. */
	off_t (*llseek)(struct vfs_file *f, off_t off, int whence);
	/* Current readiness as poll bits (POLLIN, POLLOUT, POLLHUP, ...).
	 * NULL: always readable and writable (regular files). */
	uint32_t (*poll)(struct vfs_file *f);
	/* Where readiness changes are announced; NULL: never changes. */
	struct waitq *(*poll_waitq)(struct vfs_file *f);
	/* NULL: -ENOTTY. */
	long (*ioctl)(struct vfs_file *f, struct task *t, unsigned long cmd, uint64_t arg);
	/* Metadata of files that have no dentry (pipes, anon inodes). */
	int (*stat)(struct vfs_file *f, struct stat *st);
	/* Host fd backing the data for mmap (see vfs_file_mmap_fd). */
	int (*mmap_fd)(struct vfs_file *f, bool writable);
	/* mmap of this file gives anonymous memory instead (/dev/zero,
	 * Linux's mmap_zero): MAP_PRIVATE is a private anonymous mapping,
	 * MAP_SHARED a shared one, each mapping its own zeroed memory. */
	bool mmap_anonymous;
	int (*fsync)(struct vfs_file *f, bool datasync);
	/* Called when the last reference is dropped. */
	void (*release)(struct vfs_file *f);
	/* Directories: emits entries from ctx->pos (>= 2) on (fs/inode.h).
	 * NULL: not a directory (getdents answers -ENOTDIR). */
	int (*iterate)(struct vfs_file *f, struct dir_context *ctx);
	/* fcntl commands that belong to the object (F_GETPIPE_SZ,
	 * F_SETPIPE_SZ, F_ADD_SEALS, F_GET_SEALS, ...). NULL or -EINVAL: the
	 * command does not apply to this file. */
	long (*fcntl)(struct vfs_file *f, struct task *t, int cmd, unsigned long arg);
};

struct vfs_file {
	atomic_int refs;
	const struct file_operations *ops;
	/* Access mode and status flags: O_RDONLY/O_WRONLY/O_RDWR, O_APPEND,
	 * O_NONBLOCK, O_DIRECT, O_PATH, ...; F_SETFL changes the status part. */
	_Atomic unsigned int flags;
	pthread_mutex_t pos_lock;
	off_t pos;
	/* Where the file was opened; NULL for anonymous files. */
	struct vfs_mount *mnt;
	struct vfs_dentry *dentry;
	void *private;
	/* The inode holding the data (a reference), NULL for anonymous files.
	 * Usually f->dentry->inode; for overlay files the real upper or lower
	 * inode while f->dentry is the overlay's (Linux's backing file). */
	struct vfs_inode *inode;
	/* F_SETOWN/F_SETOWN_EX target, packed as (F_OWNER_* type << 32) |
	 * (uint32_t)id; 0 = none (syscalls/fcntl_owner.c). Recorded for
	 * F_GETOWN; SIGIO is not delivered yet. */
	_Atomic uint64_t owner;
	char anon_name[48]; /* "pipe:[12]", "anon_inode:[eventfd]" */
};

/* Creates an anonymous open file (pipes, eventfd, epoll...) with one
 * reference. name is what /proc/PID/fd shows ("pipe:[5]"). */
struct vfs_file *vfs_anon_file_new(const struct file_operations *ops,
				   unsigned int flags, void *private,
				   const char *name);
/* A fresh inode number for an anonymous object (pipes, sockets). */
uint64_t vfs_anon_ino(void);

struct timespec;
/* The blocking frame of file operations: try_fn(arg) at once (the common
 * case never sleeps) and, when it says -EAGAIN and the caller may block,
 * task_wait_until on q for mask (deadline NULL: none). Returns try_fn's
 * result or task_wait_until's. */
long vfs_try_or_wait(struct task *t, bool nonblock, struct waitq *q, uint32_t mask,
		     const struct timespec *deadline, long (*try_fn)(void *arg), void *arg);

static inline bool vfs_file_readable(const struct vfs_file *f)
{
	unsigned acc = f->flags & 3;
	return acc == 0 /* O_RDONLY */ || acc == 2 /* O_RDWR */;
}
static inline bool vfs_file_writable(const struct vfs_file *f)
{
	unsigned acc = f->flags & 3;
	return acc == 1 || acc == 2;
}
