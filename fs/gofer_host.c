/* The gofer protocol served in-process (see fs/gofer.h): handles are host
 * O_PATH|O_NOFOLLOW fds. Operations that Linux does not offer on O_PATH
 * fds directly (reopen for I/O, chmod, utimens, truncate) go through the
 * fd's /proc/self/fd magic link, which names the open file itself and so
 * cannot be redirected by a concurrent rename or symlink swap. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/fs.h>
#include "fs/gofer.h"

static void fd_path(int h, char *buf, size_t size)
{
	snprintf(buf, size, "/proc/self/fd/%d", h);
}

static int stat_handle(int h, struct stat *st)
{
	return fstatat(h, "", st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) ? -errno : 0;
}

/* fd, just opened (negative: the open failed, errno says why), as a new
 * handle in *h with its attributes in *st; on failure nothing is left
 * open. */
static int adopt_handle(int fd, int *h, struct stat *st)
{
	if (fd < 0)
		return -errno;
	int err = stat_handle(fd, st);
	if (err) {
		close(fd);
		return err;
	}
	*h = fd;
	return 0;
}

int gofer_attach(const char *root, int *h, struct stat *st)
{
	return adopt_handle(open(root, O_PATH | O_DIRECTORY | O_CLOEXEC), h, st);
}

int gofer_walk(int dirh, const char *name, int *h, struct stat *st)
{
	return adopt_handle(openat(dirh, name, O_PATH | O_NOFOLLOW | O_CLOEXEC), h, st);
}

void gofer_close(int h)
{
	if (h >= 0)
		close(h);
}

int gofer_getattr(int h, struct stat *st)
{
	return stat_handle(h, st);
}

int gofer_open(int h, int flags)
{
	char p[40];
	fd_path(h, p, sizeof(p));
	int fd = open(p, (flags & (O_ACCMODE | O_DIRECTORY | O_NONBLOCK)) | O_CLOEXEC | O_NOCTTY);
	return fd < 0 ? -errno : fd;
}

ssize_t gofer_readlink(int h, char *buf, size_t size)
{
	ssize_t n = readlinkat(h, "", buf, size);
	return n < 0 ? -errno : n;
}

/* Best effort: the host may not let the sentry give files away. */
static void set_owner(int h, uid_t uid, gid_t gid)
{
	if (fchownat(h, "", uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		(void)0;
}

static int finish_create(int dirh, const char *name, mode_t mode, bool chmod_it, uid_t uid,
			 gid_t gid, int *h, struct stat *st)
{
	int err = gofer_walk(dirh, name, h, st);
	if (err)
		return err;
	set_owner(*h, uid, gid);
	if (chmod_it) {
		/* The sentry's host umask must not apply to app files. */
		char p[40];
		fd_path(*h, p, sizeof(p));
		if (chmod(p, mode & 07777))
			(void)0;
	}
	return stat_handle(*h, st);
}

int gofer_create(int dirh, const char *name, mode_t mode, uid_t uid, gid_t gid,
		 int *h, struct stat *st)
{
	int fd = openat(dirh, name, O_CREAT | O_EXCL | O_RDONLY | O_NOFOLLOW | O_CLOEXEC,
			mode & 07777);
	if (fd < 0)
		return -errno;
	close(fd);
	return finish_create(dirh, name, mode, true, uid, gid, h, st);
}

int gofer_mkdir(int dirh, const char *name, mode_t mode, uid_t uid, gid_t gid,
		int *h, struct stat *st)
{
	if (mkdirat(dirh, name, mode & 07777))
		return -errno;
	return finish_create(dirh, name, mode, true, uid, gid, h, st);
}

int gofer_mknod(int dirh, const char *name, mode_t mode, dev_t dev, uid_t uid, gid_t gid,
		int *h, struct stat *st)
{
	if (mknodat(dirh, name, mode, dev))
		return -errno;
	return finish_create(dirh, name, mode, !S_ISSOCK(mode), uid, gid, h, st);
}

int gofer_symlink(int dirh, const char *name, const char *target, uid_t uid, gid_t gid,
		  int *h, struct stat *st)
{
	if (symlinkat(target, dirh, name))
		return -errno;
	return finish_create(dirh, name, 0, false, uid, gid, h, st);
}

int gofer_link(int h, int dirh, const char *name)
{
	if (linkat(h, "", dirh, name, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno != ENOENT && errno != EPERM)
		return -errno;
	/* AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the magic link does not. */
	char p[40];
	fd_path(h, p, sizeof(p));
	return linkat(AT_FDCWD, p, dirh, name, AT_SYMLINK_FOLLOW) ? -errno : 0;
}

int gofer_unlink(int dirh, const char *name, int flags)
{
	return unlinkat(dirh, name, flags) ? -errno : 0;
}

int gofer_rename(int odirh, const char *oname, int ndirh, const char *nname, unsigned flags)
{
	return renameat2(odirh, oname, ndirh, nname, flags) ? -errno : 0;
}

int gofer_setattr(int h, const struct vfs_iattr *ia)
{
	char p[40];
	fd_path(h, p, sizeof(p));
	if (ia->valid & VFS_ATTR_SIZE) {
		if (truncate(p, ia->size))
			return -errno;
	}
	if (ia->valid & VFS_ATTR_MODE) {
		if (chmod(p, ia->mode & 07777))
			return -errno;
	}
	if (ia->valid & (VFS_ATTR_UID | VFS_ATTR_GID)) {
		uid_t uid = (ia->valid & VFS_ATTR_UID) ? ia->uid : (uid_t)-1;
		gid_t gid = (ia->valid & VFS_ATTR_GID) ? ia->gid : (gid_t)-1;
		if (fchownat(h, "", uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
			return -errno;
	}
	if (ia->valid & (VFS_ATTR_ATIME | VFS_ATTR_MTIME)) {
		struct timespec ts[2] = { { .tv_nsec = UTIME_OMIT }, { .tv_nsec = UTIME_OMIT } };
		if (ia->valid & VFS_ATTR_ATIME)
			ts[0] = ia->atime;
		if (ia->valid & VFS_ATTR_MTIME)
			ts[1] = ia->mtime;
		struct stat st;
		int err = stat_handle(h, &st);
		if (err)
			return err;
		/* Symlinks: utimensat on the link itself via its parent is
		 * not reachable from a handle; the magic link would follow. */
		if (S_ISLNK(st.st_mode))
			return 0;
		if (utimensat(AT_FDCWD, p, ts, 0))
			return -errno;
	}
	return 0;
}

int gofer_statfs(int h, struct statfs *sfs)
{
	return fstatfs(h, sfs) ? -errno : 0;
}
