/* Shared readiness helpers: how poll, select and epoll ask an open file
 * whether it is ready, and how a task waits on many files at once.
 *
 * A file reports readiness through ->poll (current bits) and announces
 * changes on ->poll_waitq. Files without ->poll (regular files, directories)
 * are always readable and writable, as in Linux (DEFAULT_POLLMASK). */
#pragma once
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "sentry/waitq.h"

struct task;
struct vfs_file;

#ifndef POLLRDHUP
#define POLLRDHUP 0x2000
#endif
#define POLL_DEFAULT_MASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* Current readiness of f (POLL_DEFAULT_MASK for files without ->poll). */
uint32_t vfs_poll(struct vfs_file *f);
/* The waitq that announces f's readiness changes, or NULL. */
struct waitq *vfs_poll_waitq(struct vfs_file *f);
/* True if f can be watched by epoll (it has ->poll): Linux's file_can_poll. */
bool vfs_file_can_poll(struct vfs_file *f);

/* A set of waiters of one task on several waitqs (poll, select): each entry
 * wakes the task when its waitq is notified with an event in its mask. */
struct poll_wait_entry {
	struct waiter w;
	struct waitq *q;
};

struct poll_wait_set {
	struct task *t;
	struct poll_wait_entry *entries;
	size_t n, cap;
};

void poll_wait_set_init(struct poll_wait_set *s, struct task *t);
/* Registers the task on q for mask; q NULL is ignored. -ENOMEM. */
int poll_wait_set_add(struct poll_wait_set *s, struct waitq *q, uint32_t mask);
/* Removes every waiter and frees the set. */
void poll_wait_set_destroy(struct poll_wait_set *s);

/* ---- Time helpers shared by the readiness syscalls. */
/* Now on CLOCK_MONOTONIC. */
struct timespec poll_now(void);
/* now + ms (ms >= 0). */
struct timespec poll_deadline_ms(long ms);
/* now + ts (a valid, non-negative timespec). */
struct timespec poll_deadline_ts(const struct timespec *ts);
/* deadline - now, clamped at zero. */
struct timespec poll_remaining(const struct timespec *deadline);
/* True if ts is a valid relative timeout (tv_sec >= 0, 0 <= tv_nsec < 1e9). */
bool poll_timespec_valid(const struct timespec *ts);

/* fstat of Linux's anon_inode objects (eventfd, timerfd, epoll): one shared
 * inode with mode 0600 and no file type bits, owned by root. */
struct stat;
void readiness_anon_stat(struct stat *st);

/* ---- Shared by the readiness syscalls (syscalls/poll.c, epoll.c, ...). */
/* Installs f at the lowest free fd of t and drops the caller's reference
 * (also on failure). Returns the fd or -EMFILE. */
long readiness_fd_install(struct task *t, struct vfs_file *f, bool cloexec);
/* Linux's set_user_sigmask: if umask (an app address) is non-zero, checks
 * sigsetsize == 8 (-EINVAL), copies it in (-EFAULT) and makes it t's mask
 * until the syscall ends, saving the old one for the task loop
 * (t->saved_sigmask, t->restore_sigmask). */
int readiness_set_sigmask(struct task *t, uint64_t umask, uint64_t sigsetsize);
/* Linux's restore_saved_sigmask_unless: restores the saved mask now unless
 * interrupted, in which case the task loop restores it after delivering
 * the signal (so the handler runs under the temporary mask). */
void readiness_restore_sigmask(struct task *t, bool interrupted);
