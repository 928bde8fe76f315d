/* A task's file system context (Linux's struct fs_struct): its root (chroot),
 * its working directory and its umask, shared between tasks cloned with
 * CLONE_FS. lock guards root and cwd (the paths are swapped, never edited). */
#pragma once
#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>
#include "fs/inode.h"

struct fs_context {
	atomic_int refs;
	pthread_mutex_t lock;
	struct vfs_path root;
	struct vfs_path cwd;
	_Atomic mode_t umask;
};

/* New references to the root / cwd. */
void fs_context_get_root(struct fs_context *fs, struct vfs_path *out);
void fs_context_get_cwd(struct fs_context *fs, struct vfs_path *out);
/* Replace cwd/root by p (takes a new reference of its own). */
void fs_context_set_cwd(struct fs_context *fs, const struct vfs_path *p);
void fs_context_set_root(struct fs_context *fs, const struct vfs_path *p);
