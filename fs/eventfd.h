/* eventfd objects (Linux's fs/eventfd.c): a 64-bit counter that writes add
 * to and reads take from. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct vfs_file;

#define EVENTFD_SEMAPHORE 1 /* EFD_SEMAPHORE */

/* Creates an eventfd file (O_RDWR, plus O_NONBLOCK if flags has it) with
 * count initval. flags: EFD_SEMAPHORE | EFD_NONBLOCK; the caller validates.
 * Returns 0 or -ENOMEM. */
int eventfd_create(uint64_t initval, unsigned int flags, struct vfs_file **out);
bool vfs_file_is_eventfd(const struct vfs_file *f);
/* Kernel-side signal (aio, io_uring): adds n, saturating like Linux's
 * eventfd_signal. -EINVAL if f is not an eventfd. */
int eventfd_signal(struct vfs_file *f, uint64_t n);
/* The current count (for /proc fdinfo "eventfd-count"). */
uint64_t eventfd_count(struct vfs_file *f);
