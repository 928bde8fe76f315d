/* fcntl's file-owner commands (syscalls/fcntl_owner.c). */
#pragma once
#include <stdint.h>

struct task;
struct vfs_file;

/* F_GETOWN, F_SETOWN, F_GETOWN_EX, F_SETOWN_EX on f; errors as fcntl(2):
 * -ESRCH for an owner id nobody has, -EINVAL for a bad type, -EFAULT. */
long fcntl_owner(struct task *t, struct vfs_file *f, int cmd, uint64_t arg);
