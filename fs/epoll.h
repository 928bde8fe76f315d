/* epoll instances (Linux's fs/eventpoll.c).
 *
 * An instance keeps an interest list of (file, fd) items and a ready list
 * fed by waiter callbacks on the watched files' waitqs; epoll_wait drains
 * the ready list, rechecking each item with ->poll, re-queuing
 * level-triggered items, disabling EPOLLONESHOT items and reporting
 * EPOLLET items again only after a new notification.
 *
 * A registration lives as long as the watched open file description: the
 * VFS must call epoll_file_closing(f) when f's last reference goes, before
 * ->release (Linux's eventpoll_release in __fput). Items hold no reference
 * to their file, so closing every fd of a pipe end still gives EOF.
 *
 * Locking: epoll_global_lock (ctl, close) -> ep.mtx (interest list, ready
 * list draining) -> a watched file's own locks and waitq lock -> ep.rdlock
 * (the ready list; a leaf taken in waiter callbacks) ; ep.wq's lock is taken
 * after the watched waitq's lock when a callback notifies the instance. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <time.h>

struct task;
struct vfs_file;

#define EPOLL_MAX_NESTS 4
/* Largest maxevents epoll_wait accepts (INT_MAX / sizeof(epoll_event)). */
#define EPOLL_MAX_EVENTS (0x7fffffff / (int)sizeof(struct epoll_event))

/* A new epoll file (O_RDWR); flags: O_CLOEXEC is the caller's. 0/-ENOMEM. */
int epoll_create_file(struct vfs_file **out);
bool vfs_file_is_epoll(const struct vfs_file *f);
/* epoll_ctl after the syscall has looked both files up: errors in Linux's
 * order from the EPERM check on (-EPERM if tf cannot be polled, -EINVAL for
 * epf == tf / epf not epoll / bad EPOLLEXCLUSIVE use / unknown op, -ELOOP,
 * -EEXIST, -ENOENT, -ENOMEM). ev is ignored for EPOLL_CTL_DEL. */
int epoll_ctl_file(struct vfs_file *epf, int op, int fd, struct vfs_file *tf,
		   const struct epoll_event *ev);
/* Waits for events on epf: stores up to maxevents in out and returns their
 * count. deadline is CLOCK_MONOTONIC (NULL: forever); no_wait returns 0 at
 * once when nothing is ready (timeout 0; t may then be NULL). Returns 0 at
 * the deadline, -EINTR when a signal interrupts (epoll_wait is never
 * restarted), -EINVAL if epf is not an epoll file. */
int epoll_wait_file(struct vfs_file *epf, struct task *t, struct epoll_event *out,
		    int maxevents, const struct timespec *deadline, bool no_wait);
/* Removes f from every interest list (see above). Cheap when no epoll
 * instance watches anything. */
void epoll_file_closing(struct vfs_file *f);
