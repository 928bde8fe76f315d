/* pidfds (kernel/pid.c's pidfd_open, fs/pidfs): open files that name a
 * thread group, readable (POLLIN) once it has exited (sentry/pidfd.c). */
#pragma once
#include <stdbool.h>
#include "sentry/task.h"

struct vfs_file;
/* Creates a pidfd for tg (kernel.lock held or tg otherwise pinned). */
struct vfs_file *pidfd_create(struct thread_group *tg, bool nonblock);
/* The group a pidfd names, or NULL if f is not a pidfd. */
struct thread_group *pidfd_group(struct vfs_file *f);
