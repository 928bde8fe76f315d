/* signalfd objects (sentry/signalfd.c). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "sentry/task.h"

struct vfs_file;
bool vfs_file_is_signalfd(const struct vfs_file *f);
/* signalfd4: fd -1 creates, else updates the mask of an existing one. */
long signalfd_update_or_create(struct task *t, int fd, uint64_t mask, int flags);
