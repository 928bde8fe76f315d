/* The host file system, seen through the gofer.
 *
 * The gofer protocol (gofer_* below) works on handles, never on host path
 * strings: a handle names one host file (a directory, a regular file, a
 * symlink) and every operation acts on a handle plus at most one path
 * component. Walking never follows symlinks (openat(dirh, name,
 * O_PATH|O_NOFOLLOW)), so a symlink in the rootfs cannot lead outside it:
 * the sentry's own path walk resolves every symlink inside the sandbox's
 * tree. Regular file data moves through host fds the gofer hands out
 * (gofer_open), read with pread/pwrite at the sentry file's own position.
 *
 * Today the server side (fs/gofer_host.c) runs inside the sentry and
 * handles are host O_PATH fds; the same interface can be served by a
 * separate gofer process over a socketpair, handing fds with SCM_RIGHTS.
 *
 * All calls return 0 / a non-negative value or -errno. */
#pragma once
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include "fs/inode.h"

#define GOFER_MAGIC_NUMBER 0x01021997 /* V9FS_MAGIC: what gVisor's gofer mounts show */

/* ---- protocol */
int gofer_attach(const char *root, int *h, struct stat *st);
int gofer_walk(int dirh, const char *name, int *h, struct stat *st);
void gofer_close(int h);
int gofer_getattr(int h, struct stat *st);
/* A host fd open on h with flags (O_ACCMODE, O_DIRECTORY, O_NONBLOCK). */
int gofer_open(int h, int flags);
ssize_t gofer_readlink(int h, char *buf, size_t size);
/* The create family returns a handle to the new file in *h and its
 * attributes; uid/gid become the owner where the host allows it. */
int gofer_create(int dirh, const char *name, mode_t mode, uid_t uid, gid_t gid,
		 int *h, struct stat *st);
int gofer_mkdir(int dirh, const char *name, mode_t mode, uid_t uid, gid_t gid,
		int *h, struct stat *st);
int gofer_mknod(int dirh, const char *name, mode_t mode, dev_t dev, uid_t uid, gid_t gid,
		int *h, struct stat *st);
int gofer_symlink(int dirh, const char *name, const char *target, uid_t uid, gid_t gid,
		  int *h, struct stat *st);
int gofer_link(int h, int dirh, const char *name);
/* flags: 0 or AT_REMOVEDIR. */
int gofer_unlink(int dirh, const char *name, int flags);
int gofer_rename(int odirh, const char *oname, int ndirh, const char *nname, unsigned flags);
int gofer_setattr(int h, const struct vfs_iattr *ia);
int gofer_statfs(int h, struct statfs *sfs);

/* ---- the file system (fs/gofer.c) */
/* A super block for the host tree at root; readonly makes every change
 * fail with EROFS (the lower layer of the root overlay). */
struct vfs_super *gofer_new_super(const char *root, bool readonly, int *err);
bool gofer_is_gofer_inode(struct vfs_inode *inode);
