/* Generic inode code: reference counting, attributes, permission checks,
 * super blocks and the namespace lock (Linux's fs/inode.c, fs/attr.c and
 * the generic_permission part of fs/namei.c). */
#include <dirent.h>
#include <sys/sysmacros.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs/inode.h"

static pthread_mutex_t namespace_lock;
static pthread_once_t namespace_lock_once = PTHREAD_ONCE_INIT;

static void namespace_lock_init(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	/* Recursive: a file system (overlay) calls back into generic code
	 * that takes the lock again. */
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&namespace_lock, &a);
	pthread_mutexattr_destroy(&a);
}

void vfs_lock(void)
{
	pthread_once(&namespace_lock_once, namespace_lock_init);
	pthread_mutex_lock(&namespace_lock);
}

void vfs_unlock(void)
{
	pthread_mutex_unlock(&namespace_lock);
}

void vfs_timespec_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

void vfs_inode_init(struct vfs_inode *inode, struct vfs_super *sb,
		    const struct inode_operations *iops, mode_t mode, uint64_t ino)
{
	atomic_init(&inode->refs, 1);
	pthread_mutex_init(&inode->lock, NULL);
	inode->sb = sb;
	inode->iops = iops;
	inode->mode = mode;
	inode->nlink = S_ISDIR(mode) ? 2 : 1;
	inode->ino = ino ? ino : (sb ? atomic_fetch_add(&sb->next_ino, 1) : 1);
	vfs_timespec_now(&inode->mtime);
	inode->atime = inode->ctime = inode->btime = inode->mtime;
	list_init(&inode->posix_locks);
	list_init(&inode->flock_locks);
	waitq_init(&inode->lock_waitq);
}

void vfs_inode_get(struct vfs_inode *inode)
{
	atomic_fetch_add(&inode->refs, 1);
}

void vfs_inode_put(struct vfs_inode *inode)
{
	if (!inode || atomic_fetch_sub(&inode->refs, 1) != 1)
		return;
	pthread_mutex_destroy(&inode->lock);
	waitq_destroy(&inode->lock_waitq);
	if (inode->iops && inode->iops->evict)
		inode->iops->evict(inode);
	else
		free(inode);
}

void vfs_generic_getattr(struct vfs_inode *inode, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	pthread_mutex_lock(&inode->lock);
	st->st_dev = inode->sb ? inode->sb->dev : 0;
	st->st_ino = inode->ino;
	st->st_mode = inode->mode;
	st->st_nlink = inode->nlink;
	st->st_uid = inode->uid;
	st->st_gid = inode->gid;
	st->st_rdev = inode->rdev;
	st->st_size = inode->size;
	st->st_blksize = 4096;
	st->st_blocks = inode->blocks;
	st->st_atim = inode->atime;
	st->st_mtim = inode->mtime;
	st->st_ctim = inode->ctime;
	pthread_mutex_unlock(&inode->lock);
}

int vfs_inode_getattr(struct vfs_inode *inode, struct stat *st)
{
	if (inode->iops && inode->iops->getattr)
		return inode->iops->getattr(inode, st);
	vfs_generic_getattr(inode, st);
	return 0;
}

void vfs_generic_setattr(struct vfs_inode *inode, const struct vfs_iattr *ia)
{
	pthread_mutex_lock(&inode->lock);
	if (ia->valid & VFS_ATTR_MODE)
		inode->mode = (inode->mode & S_IFMT) | (ia->mode & 07777);
	if (ia->valid & VFS_ATTR_UID)
		inode->uid = ia->uid;
	if (ia->valid & VFS_ATTR_GID)
		inode->gid = ia->gid;
	if (ia->valid & VFS_ATTR_SIZE)
		inode->size = ia->size;
	if (ia->valid & VFS_ATTR_ATIME)
		inode->atime = ia->atime;
	if (ia->valid & VFS_ATTR_MTIME)
		inode->mtime = ia->mtime;
	if (ia->valid & VFS_ATTR_CTIME)
		inode->ctime = ia->ctime;
	else
		vfs_timespec_now(&inode->ctime);
	pthread_mutex_unlock(&inode->lock);
}

/* Linux's generic_permission with the capability overrides of the
 * sandbox's root (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). */
int vfs_inode_permission(struct vfs_inode *inode, const struct cred *c, int mask)
{
	if (!c || !mask)
		return 0;
	mode_t mode = inode->mode;
	if (cred_fs_privileged(c)) {
		/* Root may execute only if some x bit is set (directories are
		 * always searchable). */
		if ((mask & VFS_MAY_EXEC) && !S_ISDIR(mode) && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	unsigned bits;
	if (c->fsuid == inode->uid)
		bits = (mode >> 6) & 7;
	else if (cred_in_group(c, inode->gid))
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	if ((bits & (unsigned)mask) == (unsigned)mask)
		return 0;
	return -EACCES;
}

bool vfs_inode_owner_or_capable(struct vfs_inode *inode, const struct cred *c)
{
	return !c || c->fsuid == inode->uid || cred_fs_privileged(c);
}

unsigned vfs_mode_to_dtype(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return DT_REG;
	case S_IFDIR: return DT_DIR;
	case S_IFLNK: return DT_LNK;
	case S_IFCHR: return DT_CHR;
	case S_IFBLK: return DT_BLK;
	case S_IFIFO: return DT_FIFO;
	case S_IFSOCK: return DT_SOCK;
	}
	return DT_UNKNOWN;
}

struct vfs_super *vfs_super_new(const char *fstype, long magic)
{
	/* Anonymous devices get major 0 and a fresh minor, as Linux's
	 * get_anon_bdev does. */
	static atomic_uint next_minor = 20;
	struct vfs_super *sb = calloc(1, sizeof(*sb));
	if (!sb)
		return NULL;
	sb->fstype = fstype;
	sb->magic = magic;
	sb->dev = makedev(0, atomic_fetch_add(&next_minor, 1));
	atomic_init(&sb->next_ino, 2);
	return sb;
}

void vfs_simple_statfs(struct vfs_inode *inode, struct statfs *sfs)
{
	memset(sfs, 0, sizeof(*sfs));
	sfs->f_type = inode->sb ? inode->sb->magic : 0;
	sfs->f_bsize = 4096;
	sfs->f_frsize = 4096;
	sfs->f_blocks = 1u << 20;
	sfs->f_bfree = 1u << 19;
	sfs->f_bavail = 1u << 19;
	sfs->f_files = 1u << 20;
	sfs->f_ffree = 1u << 19;
	sfs->f_namelen = 255;
}
