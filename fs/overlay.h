/* overlay: a writable tmpfs upper layer over a read-only lower layer (the
 * host rootfs), as Linux's overlayfs (fs/overlayfs) without redirect_dir
 * and without xino:
 *  - lookup consults the upper directory, then (unless the upper one is
 *    opaque or the name is a whiteout there) the lower one;
 *  - any change to a lower file (write-open, O_TRUNC, setattr, link,
 *    rename) first copies it up: data, mode, owner, times; symlinks and
 *    special files; parent directories first;
 *  - removing a name the lower layer has leaves a whiteout (a 0:0
 *    character device in the upper directory, Linux's representation);
 *    a directory created over a whiteout is opaque (VFS_I_OPAQUE);
 *  - readdir merges both layers without duplicates or whited-out names;
 *  - renaming a directory that exists in the lower layer answers EXDEV,
 *    so mv(1) falls back to copy and delete.
 * st_ino is the lower file's where there is one, so it survives copy-up. */
#pragma once
#include "fs/inode.h"

#define OVERLAYFS_MAGIC_NUMBER 0x794c7630

/* Takes over the two super blocks (their root inodes become the layers). */
struct vfs_super *overlay_new_super(struct vfs_super *lower, struct vfs_super *upper,
				    int *err);
