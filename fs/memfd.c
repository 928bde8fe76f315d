/* memfd_create files: an inode of our own kind (so the VFS's generic
 * fstat/ftruncate/fchmod reach us through ->getattr/->setattr) whose data
 * and seals live in a host memfd. See memfd.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/memfd.h"
#include "sentry/task.h"

#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif

struct memfd_inode {
	struct vfs_inode vi;
	int hostfd;
};

static const struct inode_operations memfd_iops;
static const struct file_operations memfd_fops;

static struct memfd_inode *MI(struct vfs_inode *vi)
{
	return container_of(vi, struct memfd_inode, vi);
}

/* Linux puts every memfd on the internal shm mount: one device for all. */
static struct vfs_super *memfd_sb;

static void memfd_super_init(void)
{
	memfd_sb = vfs_super_new("tmpfs", 0x01021994 /* TMPFS_MAGIC */);
}

static struct vfs_super *memfd_super(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, memfd_super_init);
	return memfd_sb;
}

static int memfd_getattr(struct vfs_inode *vi, struct stat *st)
{
	struct stat hst;
	if (fstat(MI(vi)->hostfd, &hst) < 0)
		return -errno;
	vfs_generic_getattr(vi, st);
	st->st_size = hst.st_size;
	st->st_blocks = hst.st_blocks;
	return 0;
}

static int memfd_setattr(struct vfs_inode *vi, const struct vfs_iattr *ia)
{
	if ((ia->valid & VFS_ATTR_SIZE) && ftruncate(MI(vi)->hostfd, ia->size) < 0)
		return -errno; /* EPERM under F_SEAL_SHRINK/GROW, EFBIG, ... */
	vfs_generic_setattr(vi, ia);
	if (ia->valid & VFS_ATTR_SIZE) {
		pthread_mutex_lock(&vi->lock);
		vfs_timespec_now(&vi->mtime);
		vi->ctime = vi->mtime;
		pthread_mutex_unlock(&vi->lock);
	}
	return 0;
}

static void memfd_evict(struct vfs_inode *vi)
{
	close(MI(vi)->hostfd);
	free(MI(vi));
}

static const struct inode_operations memfd_iops = {
	.setattr = memfd_setattr,
	.getattr = memfd_getattr,
	.evict = memfd_evict,
};

static int memfd_hostfd(struct vfs_file *f)
{
	return MI(f->inode)->hostfd;
}

static ssize_t memfd_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	ssize_t r = pread(memfd_hostfd(f), buf, n, *pos);
	if (r < 0)
		return -errno;
	*pos += r;
	return r;
}

static ssize_t memfd_write(struct vfs_file *f, struct task *t, const void *buf, size_t n,
			   off_t *pos)
{
	struct vfs_inode *vi = f->inode;
	int fd = memfd_hostfd(f);
	/* The inode lock makes an O_APPEND write's size-then-write atomic. */
	pthread_mutex_lock(&vi->lock);
	if (atomic_load(&f->flags) & O_APPEND) {
		struct stat st;
		if (fstat(fd, &st) < 0) {
			pthread_mutex_unlock(&vi->lock);
			return -errno;
		}
		*pos = st.st_size;
	}
	ssize_t r = pwrite(fd, buf, n, *pos);
	if (r < 0) {
		r = -errno; /* EPERM under F_SEAL_WRITE or F_SEAL_GROW */
	} else {
		*pos += r;
		vfs_timespec_now(&vi->mtime);
		vi->ctime = vi->mtime;
	}
	pthread_mutex_unlock(&vi->lock);
	return r;
}

static off_t memfd_llseek(struct vfs_file *f, off_t off, int whence)
{
	struct stat st;
	off_t base;
	if (vfs_seek_origin(f, whence, &base))
		return vfs_seek_offset(base, off);
	switch (whence) {
	case SEEK_END:
		if (fstat(memfd_hostfd(f), &st) < 0)
			return -errno;
		return vfs_seek_offset(st.st_size, off);
	case SEEK_DATA:
	case SEEK_HOLE: {
		/* The host memfd knows its holes; its own offset is unused
		 * (all our I/O is positional). */
		off_t r = lseek(memfd_hostfd(f), off, whence);
		return r < 0 ? -errno : r;
	}
	default:
		return -EINVAL;
	}
}

static int memfd_mmap_fd(struct vfs_file *f, bool writable)
{
	if (writable && !vfs_file_writable(f))
		return -EACCES;
	int fd = fcntl(memfd_hostfd(f), F_DUPFD_CLOEXEC, 0);
	return fd < 0 ? -errno : fd;
}

static int memfd_fsync(struct vfs_file *f, bool datasync)
{
	return 0;
}

static const struct file_operations memfd_fops = {
	.read = memfd_read,
	.write = memfd_write,
	.llseek = memfd_llseek,
	.mmap_fd = memfd_mmap_fd,
	.fsync = memfd_fsync,
};

bool vfs_file_is_memfd(const struct vfs_file *f)
{
	return f && f->ops == &memfd_fops && f->inode && f->inode->iops == &memfd_iops;
}

int memfd_create_file(struct task *t, const char *name, unsigned int flags,
		      struct vfs_file **out)
{
	struct vfs_super *sb = memfd_super();
	if (!sb)
		return -ENOMEM;
	/* MFD_NOEXEC_SEAL implies sealing; the exec seal itself is added
	 * below when the host knows it. */
	bool sealing = (flags & (MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL)) != 0;
	int hostfd = memfd_create(name, MFD_CLOEXEC | (sealing ? MFD_ALLOW_SEALING : 0));
	if (hostfd < 0)
		return -errno;
	if (flags & MFD_NOEXEC_SEAL)
		(void)fcntl(hostfd, F_ADD_SEALS, F_SEAL_EXEC);
	struct memfd_inode *mi = calloc(1, sizeof(*mi));
	if (!mi) {
		close(hostfd);
		return -ENOMEM;
	}
	mode_t mode = (flags & MFD_NOEXEC_SEAL) ? 0666 : 0777;
	vfs_inode_init(&mi->vi, sb, &memfd_iops, S_IFREG | mode, 0);
	mi->hostfd = hostfd;
	mi->vi.nlink = 0; /* unlinked from birth */
	if (t && t->tg) {
		mi->vi.uid = t->tg->cred.fsuid;
		mi->vi.gid = t->tg->cred.fsgid;
	}
	struct vfs_file *f = vfs_file_alloc(O_RDWR | O_LARGEFILE);
	if (!f) {
		vfs_inode_put(&mi->vi);
		return -ENOMEM;
	}
	f->ops = &memfd_fops;
	f->inode = &mi->vi; /* takes over our reference */
	snprintf(f->anon_name, sizeof(f->anon_name), "/memfd:%s (deleted)", name);
	*out = f;
	return 0;
}

long memfd_fcntl(struct vfs_file *f, int cmd, unsigned long arg)
{
	if (!vfs_file_is_memfd(f))
		return -EINVAL;
	int fd = memfd_hostfd(f);
	switch (cmd) {
	case F_ADD_SEALS: {
		if (!vfs_file_writable(f))
			return -EPERM;
		if (arg & ~(unsigned long)(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW |
					   F_SEAL_WRITE | F_SEAL_FUTURE_WRITE | F_SEAL_EXEC))
			return -EINVAL;
		int r = fcntl(fd, F_ADD_SEALS, (int)arg);
		return r < 0 ? -errno : 0;
	}
	case F_GET_SEALS: {
		int r = fcntl(fd, F_GET_SEALS);
		return r < 0 ? -errno : r;
	}
	default:
		return -EINVAL;
	}
}

int memfd_truncate(struct vfs_file *f, off_t length)
{
	if (!vfs_file_is_memfd(f))
		return -EINVAL;
	struct vfs_iattr ia = { .valid = VFS_ATTR_SIZE, .size = length };
	return memfd_setattr(f->inode, &ia);
}
