/* tmpfs: the in-memory file system (Linux's mm/shmem.c in spirit).
 * Directories are lists of entries in the sentry; regular file data lives
 * in one host memfd per file, so mmap hands the app that memfd and file
 * size is not bounded by the sentry's heap. Also the upper layer of the
 * root overlay, and the base of devfs. */
#pragma once
#include "fs/inode.h"

#define TMPFS_MAGIC_NUMBER 0x01021994

/* A new tmpfs instance whose root directory has mode (S_IFDIR added) and
 * owner uid:gid. */
struct vfs_super *tmpfs_new_super(mode_t mode, uid_t uid, gid_t gid);
/* Registers "tmpfs" with vfs_register_filesystem (done by vfs_init). */
int tmpfs_register(void);
bool tmpfs_is_tmpfs_inode(struct vfs_inode *inode);
/* An overlay whiteout is what Linux uses: a character device 0:0. */
static inline bool vfs_inode_is_whiteout(const struct vfs_inode *inode)
{
	return S_ISCHR(inode->mode) && inode->rdev == 0;
}
