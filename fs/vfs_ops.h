/* Path-based file operations used by the syscall layer (Linux's do_sys_open,
 * do_mkdirat, do_unlinkat, do_renameat2, ... in fs/namei.c and fs/open.c).
 * Each does Linux's checks in Linux's order (EROFS, EEXIST, EACCES, EPERM,
 * EBUSY, EXDEV, ENOTEMPTY, ...) with t's credentials (t may be NULL: the
 * kernel, no permission checks, root of the global tree) and then calls the
 * file system. Paths are sentry strings (already copied in). */
#pragma once
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include "fs/inode.h"
#include "fs/namei.h"

struct task;

/* open(2)/openat(2): flags as the syscall (O_CLOEXEC is left to the
 * caller, who installs the fd); mode before the umask. */
int vfs_openat(struct task *t, int dirfd, const char *path, int flags, mode_t mode,
	       struct vfs_file **out);
/* Opens what p names (no walk): the permission and type checks of open. */
int vfs_open_path(struct task *t, const struct vfs_path *p, int flags,
		  struct vfs_file **out);

int vfs_mkdirat(struct task *t, int dirfd, const char *path, mode_t mode);
int vfs_mknodat(struct task *t, int dirfd, const char *path, mode_t mode, dev_t dev);
/* flags: 0 or AT_REMOVEDIR. */
int vfs_unlinkat(struct task *t, int dirfd, const char *path, int flags);
int vfs_renameat2(struct task *t, int odirfd, const char *opath, int ndirfd,
		  const char *npath, unsigned flags);
/* flags: AT_SYMLINK_FOLLOW, AT_EMPTY_PATH. */
int vfs_linkat(struct task *t, int odirfd, const char *opath, int ndirfd,
	       const char *npath, int flags);
int vfs_symlinkat(struct task *t, const char *target, int dirfd, const char *path);
/* Returns the length copied into buf (not NUL-terminated). */
ssize_t vfs_readlinkat(struct task *t, int dirfd, const char *path, char *buf,
		       size_t size);

/* Attribute changes on a resolved path (the *at variants resolve first). */
int vfs_chmod(struct task *t, const struct vfs_path *p, mode_t mode);
/* uid/gid (uid_t)-1: unchanged. */
int vfs_chown(struct task *t, const struct vfs_path *p, uid_t uid, gid_t gid);
/* times NULL: both now. Otherwise tv_nsec may be UTIME_NOW / UTIME_OMIT. */
int vfs_utimes(struct task *t, const struct vfs_path *p, const struct timespec times[2]);
int vfs_truncate(struct task *t, const struct vfs_path *p, off_t length);
/* ftruncate: f must be open for writing (the caller checks EBADF/EINVAL). */
int vfs_ftruncate(struct task *t, struct vfs_file *f, off_t length);
/* access/faccessat2: mode F_OK or R_OK|W_OK|X_OK; flags AT_EACCESS,
 * AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
int vfs_faccessat(struct task *t, int dirfd, const char *path, int mode, int flags);

int vfs_getattr(const struct vfs_path *p, struct stat *st);
int vfs_statfs(const struct vfs_path *p, struct statfs *sfs);
/* fstat on an open file, anonymous or not. */
int vfs_file_getattr(struct vfs_file *f, struct stat *st);
int vfs_file_statfs(struct vfs_file *f, struct statfs *sfs);
/* True if writing to p is refused because its mount is read-only. */
bool vfs_path_readonly(const struct vfs_path *p);

/* The fifo object is the pipe engineer's (fs/fifo.h); mknod of a fifo
 * answers ENOSYS until it is linked in. */
bool vfs_fifo_supported(void);
