/* Extended attributes: no file system of ours stores any yet. Lookups
 * resolve the path (so ENOENT/EACCES/ENOTDIR are right) and then report
 * "no such attribute" / an empty list; setting one is refused with
 * EOPNOTSUPP, as a file system without xattr support does. */
#define _GNU_SOURCE
#include "fs/vfs_ops.h"
#include "syscalls/vfs_util.h"

static long xattr_path(struct task *t, uint64_t upath, bool follow)
{
	char path[VFS_PATH_MAX];
	long n = vfs_path_in(t, upath, path);
	if (n < 0)
		return n;
	struct vfs_path p;
	long r = vfs_lookup(t, AT_FDCWD, path, follow ? VFS_LOOKUP_FOLLOW : 0, &p);
	if (!r)
		vfs_path_put(&p);
	return r;
}

static long xattr_fd(struct task *t, int fd)
{
	struct vfs_file *f = vfs_fd_get(t, fd, false);
	if (!f)
		return -EBADF;
	vfs_file_put(f);
	return 0;
}

#define XATTR_RESULT(check, value) ({ long r_ = (check); r_ ? r_ : (value); })

SYSCALL_DEFINE(getxattr) { return XATTR_RESULT(xattr_path(t, args->a[0], true), -ENODATA); }
SYSCALL_DEFINE(lgetxattr) { return XATTR_RESULT(xattr_path(t, args->a[0], false), -ENODATA); }
SYSCALL_DEFINE(fgetxattr) { return XATTR_RESULT(xattr_fd(t, (int)args->a[0]), -ENODATA); }
SYSCALL_DEFINE(listxattr) { return XATTR_RESULT(xattr_path(t, args->a[0], true), 0); }
SYSCALL_DEFINE(llistxattr) { return XATTR_RESULT(xattr_path(t, args->a[0], false), 0); }
SYSCALL_DEFINE(flistxattr) { return XATTR_RESULT(xattr_fd(t, (int)args->a[0]), 0); }
SYSCALL_DEFINE(setxattr) { return XATTR_RESULT(xattr_path(t, args->a[0], true), -EOPNOTSUPP); }
SYSCALL_DEFINE(lsetxattr) { return XATTR_RESULT(xattr_path(t, args->a[0], false), -EOPNOTSUPP); }
SYSCALL_DEFINE(fsetxattr) { return XATTR_RESULT(xattr_fd(t, (int)args->a[0]), -EOPNOTSUPP); }
SYSCALL_DEFINE(removexattr) { return XATTR_RESULT(xattr_path(t, args->a[0], true), -ENODATA); }
SYSCALL_DEFINE(lremovexattr) { return XATTR_RESULT(xattr_path(t, args->a[0], false), -ENODATA); }
SYSCALL_DEFINE(fremovexattr) { return XATTR_RESULT(xattr_fd(t, (int)args->a[0]), -ENODATA); }
