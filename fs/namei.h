/* Path resolution (Linux's fs/namei.c): one resolving object, struct
 * nameidata, carries the walk's state from component to component.
 *
 * A walk starts at the task's root (absolute paths), its cwd, or a dirfd;
 * resolves "." and "..", where ".." at the task's root stays there (chroot)
 * and ".." at a mount's root crosses to the mountpoint in the parent mount;
 * descends into mounts; follows symlinks (40 in total per walk, ELOOP);
 * checks search permission on every directory it passes with the caller's
 * credentials. Errors come in Linux's order: ENAMETOOLONG for a component
 * over 255 bytes, ENOENT for a missing or empty path, ENOTDIR when a
 * non-directory is used as one, EACCES for a missing search right, ELOOP.
 *
 * Every function here takes vfs_lock itself (it is recursive, so callers
 * that need the result to stay valid hold it around the call and their use
 * of the result). */
#pragma once
#include <stdbool.h>
#include "fs/inode.h"

struct task;
struct fs_context;

#define VFS_LOOKUP_FOLLOW 0x1    /* follow a final symlink */
#define VFS_LOOKUP_DIRECTORY 0x2 /* the result must be a directory */
#define VFS_LOOKUP_EMPTY 0x4     /* "" means the starting directory/fd (AT_EMPTY_PATH) */

/* The lookup flags an *at call's AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH
 * ask for (other bits are the caller's to check). */
unsigned vfs_at_lookup_flags(int at_flags);

enum { VFS_LAST_NORM, VFS_LAST_ROOT, VFS_LAST_DOT, VFS_LAST_DOTDOT };

struct nameidata {
	const struct cred *cred; /* NULL: the kernel, no permission checks */
	struct vfs_path root;    /* the task's root: ".." stops here */
	struct vfs_path cur;     /* where the walk is */
	char last[256];          /* the final component, once walked to it */
	int last_type;
	bool trailing_slash;     /* the final component had a trailing '/' */
	int depth;               /* symlinks followed so far */
	bool last_missing;       /* nd_complete_last: -ENOENT for nd->last in nd->cur */
};

/* Credentials used for t's file accesses (NULL for t == NULL). */
const struct cred *vfs_task_cred(struct task *t);
/* The umask of t's file creations (022 for t == NULL). */
mode_t vfs_task_umask(struct task *t);

/* Resolves path for t relative to dirfd (AT_FDCWD: t's cwd). A new
 * reference in out. */
int vfs_lookup(struct task *t, int dirfd, const char *path, unsigned flags,
	       struct vfs_path *out);
/* The same without a task: cred NULL means privileged; fs NULL means the
 * global root as root and cwd; start (if not NULL) replaces the cwd. */
int vfs_lookup_from(const struct cred *cred, struct fs_context *fs,
		    const struct vfs_path *start, const char *path, unsigned flags,
		    struct vfs_path *out);

/* The two halves used by operations that create or remove names:
 * nd_start sets up nd for path (resolving dirfd; -EBADF, -ENOTDIR), and
 * nd_walk_parent walks every component but the last, leaving nd->cur on the
 * parent directory and the last component in nd->last/last_type. After
 * that, nd_complete_last resolves the final component (following symlinks
 * if follow): 0 with a positive path in out, or -ENOENT with nd->cur and
 * nd->last naming where the missing name would be created. Call nd_cleanup
 * in every case. Hold vfs_lock across these and the operation. */
int nd_start(struct nameidata *nd, struct task *t, int dirfd, const char *path,
	     unsigned flags);
int nd_start_from(struct nameidata *nd, const struct cred *cred, struct fs_context *fs,
		  const struct vfs_path *start, const char *path, unsigned flags);
int nd_walk_parent(struct nameidata *nd, const char *path);
int nd_complete_last(struct nameidata *nd, bool follow, struct vfs_path *out);
void nd_cleanup(struct nameidata *nd);
