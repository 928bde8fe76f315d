/* Pipes and FIFOs (Linux's fs/pipe.c): a ring of page-sized buffers shared
 * by the open files of its read and write ends.
 *
 * The ring mirrors Linux's pipe_inode_info exactly because programs observe
 * its geometry: capacity is counted in page slots (16 by default, 64 KiB),
 * a write of at most PIPE_BUF (4096) bytes is never split, small writes
 * merge into the last partly filled page, and POLLOUT means "a slot is
 * free". Packet mode (O_DIRECT) keeps every write in its own slot and a read
 * consumes at most one packet.
 *
 * Locking: pipe.lock guards the ring and the reader/writer counts; it is
 * never held while notifying the waitq or blocking. The FIFO table lock
 * (fifo.c) is taken before pipe.lock. */
#pragma once
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "sentry/list.h"
#include "sentry/waitq.h"

struct task;
struct vfs_file;

#define PIPE_PAGE_SIZE 4096u
#define PIPE_ATOMIC_MAX 4096u  /* PIPE_BUF */
#define PIPE_DEF_SLOTS 16u
/* /proc/sys/fs/pipe-max-size: the largest F_SETPIPE_SZ an unprivileged
 * task may ask for (the proc engineer may expose it read-write). */
extern unsigned int pipe_max_size;

/* ---- What the rest of the kernel calls. */

/* Creates a pipe: *rd (O_RDONLY) and *wr (O_WRONLY) are new open files with
 * one reference each. flags: O_NONBLOCK and O_DIRECT (packet mode) are set
 * on both files; other bits are the caller's to reject. t may be NULL
 * (owner root). Returns 0 or -ENOMEM/-ENFILE. */
int pipe_create(struct task *t, unsigned int flags, struct vfs_file **rd,
		struct vfs_file **wr);
/* fcntl F_GETPIPE_SZ/F_SETPIPE_SZ on f (VFS's fcntl calls this for those
 * two commands). -EBADF if f is not a pipe or FIFO, -EINVAL for another
 * cmd or a size above 2^31, -EPERM above pipe_max_size without privilege,
 * -EBUSY if the pipe holds more than the new size. Returns the capacity. */
long pipe_fcntl(struct vfs_file *f, int cmd, unsigned long arg);
/* True if f is a pipe or FIFO end. */
bool vfs_file_is_pipe(const struct vfs_file *f);

/* Opens the FIFO identified by fifo_key (a stable per-inode pointer; the
 * VFS calls this when an S_IFIFO inode is opened). flags are open(2)'s:
 * O_RDONLY blocks until a writer has opened it (unless O_NONBLOCK),
 * O_WRONLY blocks until a reader has (O_NONBLOCK: -ENXIO), O_RDWR never
 * blocks. Returns 0 with *out a new file, -ERESTARTSYS if a signal ended
 * the wait, -EINVAL for O_DIRECT, -ENOMEM. The VFS may set (*out)->mnt and
 * ->dentry (with references) so fstat and /proc see the FIFO's path. */
int fifo_open(struct task *t, void *fifo_key, unsigned int flags, struct vfs_file **out);

/* ---- Internal to fs/pipe.c and fs/fifo.c (and the unit tests). */

struct pipe_slot {
	char *page;
	uint32_t offset, len;
	bool packet; /* written in packet mode: never merged into */
};

struct pipe {
	pthread_mutex_t lock;
	struct waitq wq;
	struct pipe_slot *slots;
	unsigned int ring_size; /* slots allocated = usable (a power of two) */
	unsigned int head, tail; /* free-running; occupancy = head - tail */
	char *spare_page;
	unsigned int readers, writers;
	unsigned int r_counter, w_counter; /* opens ever made, for FIFOs */
	unsigned int files; /* open files referencing the pipe */
	uint64_t ino;
	uid_t uid;
	gid_t gid;
	struct timespec atime, mtime, ctime;
	void *fifo_key; /* non-NULL for a FIFO: its key in the FIFO table */
	struct list_node fifo_link;
};

/* The private data of one pipe/FIFO open file. */
struct pipe_file {
	struct pipe *pipe;
	bool reader, writer;
	/* Linux's f_version: POLLHUP is reported to a reader only once a
	 * writer opened after this value of w_counter. */
	unsigned int w_counter_seen;
};

/* Ring geometry (p->lock held). */
static inline unsigned int pipe_occupancy(const struct pipe *p)
{
	return p->head - p->tail;
}
static inline bool pipe_empty(const struct pipe *p)
{
	return p->head == p->tail;
}
static inline bool pipe_full(const struct pipe *p)
{
	return pipe_occupancy(p) >= p->ring_size;
}
static inline struct pipe_slot *pipe_slot_at(struct pipe *p, unsigned int i)
{
	return &p->slots[i & (p->ring_size - 1)];
}
/* Returns a consumed slot's page (kept as the spare or freed). p->lock held. */
void pipe_put_page(struct pipe *p, char *page);

struct pipe *pipe_alloc(struct task *t);
void pipe_free(struct pipe *p);
/* Bytes queued in p (FIONREAD). Takes p->lock. */
unsigned int pipe_bytes_queued(struct pipe *p);
/* Wraps p in a new open file; the caller has already counted the file in
 * p->files/readers/writers. NULL on -ENOMEM. */
struct vfs_file *pipe_file_new(struct pipe *p, unsigned int flags, bool reader,
			       bool writer, unsigned int w_counter_seen);
/* Drops a FIFO's file (fifo.c): removes p from the table and frees it when
 * it was the last. Called by pipe.c's release with p->lock NOT held. */
void fifo_release(struct pipe *p, bool reader, bool writer);
/* The shared release accounting: decrements the counts under p->lock and
 * wakes the other side; returns true if p has no files left. */
bool pipe_drop_file(struct pipe *p, bool reader, bool writer);

/* ---- For splice, tee and vmsplice (fs/pipe_splice.c). f is a pipe end
 * (vfs_file_is_pipe); nonblock is O_NONBLOCK or SPLICE_F_NONBLOCK. */
/* Waits until f's pipe holds data: 1, or 0 at EOF (no writers), -EAGAIN
 * (nonblock), -ERESTARTSYS. */
long pipe_wait_data(struct vfs_file *f, struct task *t, bool nonblock);
/* Waits until f's pipe has a free slot: the bytes that fit without
 * blocking, or -EPIPE (no readers; the caller sends SIGPIPE), -EAGAIN,
 * -ERESTARTSYS. */
long pipe_wait_space(struct vfs_file *f, struct task *t, bool nonblock);
/* Copies up to n queued bytes into buf without consuming them, stopping
 * after a packet (packet mode). Returns the bytes copied. */
size_t pipe_peek(struct vfs_file *f, void *buf, size_t n);
/* Consumes n bytes that pipe_peek showed. */
void pipe_consume(struct vfs_file *f, size_t n);
