/* The host file system as a VFS file system, on top of the gofer protocol
 * (fs/gofer.h); gVisor's fsimpl/gofer. Each inode holds one handle; its
 * attributes are refreshed from the host on getattr. Open regular files
 * hold a host fd from gofer_open and do I/O with pread/pwrite at the
 * sentry's own file position. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fs/gofer.h"
#include "sentry/task.h"

struct gofer_super {
	bool readonly;
};

struct gofer_inode {
	struct vfs_inode vi;
	int h;
	/* A symlink's target, read once: h names one host inode, and a
	 * symlink's target never changes (a new link is a new inode). Path
	 * walks follow /bin, /lib and /lib64 on every exec. */
	struct link_target *link;
	/* A read-only host fd of a regular file, opened by its first
	 * read-only open and shared by every later one until the inode goes
	 * (-1: none yet). Reads use pread at the sentry's own position, so
	 * opens need no host file of their own, and opening one anew through
	 * /proc/self/fd costs ~8 us here: ld.so opens libc in every process.
	 * Guarded by vi.lock. */
	int ro_fd;
};

struct link_target {
	size_t len;
	char text[];
};

static const struct inode_operations gofer_iops;
static const struct file_operations gofer_reg_fops;
static const struct file_operations gofer_dir_fops;

static struct gofer_inode *GI(struct vfs_inode *i)
{
	return container_of(i, struct gofer_inode, vi);
}

bool gofer_is_gofer_inode(struct vfs_inode *inode)
{
	return inode->iops == &gofer_iops;
}

static bool sb_readonly(struct vfs_inode *i)
{
	return ((struct gofer_super *)i->sb->private)->readonly;
}

static void fill_from_stat(struct vfs_inode *vi, const struct stat *st)
{
	pthread_mutex_lock(&vi->lock);
	vi->mode = st->st_mode;
	vi->nlink = st->st_nlink;
	vi->uid = st->st_uid;
	vi->gid = st->st_gid;
	vi->size = st->st_size;
	vi->blocks = st->st_blocks;
	vi->rdev = st->st_rdev;
	vi->atime = st->st_atim;
	vi->mtime = st->st_mtim;
	vi->ctime = st->st_ctim;
	pthread_mutex_unlock(&vi->lock);
}

static int new_inode(struct vfs_super *sb, int h, const struct stat *st,
		     struct vfs_inode **out)
{
	struct gofer_inode *gi = calloc(1, sizeof(*gi));
	if (!gi) {
		gofer_close(h);
		return -ENOMEM;
	}
	vfs_inode_init(&gi->vi, sb, &gofer_iops, st->st_mode, st->st_ino);
	gi->h = h;
	gi->ro_fd = -1;
	fill_from_stat(&gi->vi, st);
	*out = &gi->vi;
	return 0;
}

static void gofer_evict(struct vfs_inode *vi)
{
	if (GI(vi)->ro_fd >= 0)
		close(GI(vi)->ro_fd);
	gofer_close(GI(vi)->h);
	free(GI(vi)->link);
	free(GI(vi));
}

static int gofer_lookup(struct vfs_inode *dir, const char *name, struct vfs_inode **out)
{
	int h;
	struct stat st;
	int err = gofer_walk(GI(dir)->h, name, &h, &st);
	if (err)
		return err;
	return new_inode(dir->sb, h, &st, out);
}

static uid_t c_uid(const struct cred *c) { return c ? c->fsuid : 0; }
static gid_t c_gid(const struct cred *c, struct vfs_inode *dir)
{
	if (dir->mode & S_ISGID)
		return dir->gid;
	return c ? c->fsgid : 0;
}

static int gofer_create_op(struct vfs_inode *dir, const char *name, mode_t mode,
			   const struct cred *c, struct vfs_inode **out)
{
	if (sb_readonly(dir))
		return -EROFS;
	int h;
	struct stat st;
	int err = gofer_create(GI(dir)->h, name, mode, c_uid(c), c_gid(c, dir), &h, &st);
	return err ? err : new_inode(dir->sb, h, &st, out);
}

static int gofer_mkdir_op(struct vfs_inode *dir, const char *name, mode_t mode,
			  const struct cred *c, struct vfs_inode **out)
{
	if (sb_readonly(dir))
		return -EROFS;
	int h;
	struct stat st;
	if (dir->mode & S_ISGID)
		mode |= S_ISGID;
	int err = gofer_mkdir(GI(dir)->h, name, mode, c_uid(c), c_gid(c, dir), &h, &st);
	return err ? err : new_inode(dir->sb, h, &st, out);
}

static int gofer_mknod_op(struct vfs_inode *dir, const char *name, mode_t mode, dev_t rdev,
			  const struct cred *c, struct vfs_inode **out)
{
	if (sb_readonly(dir))
		return -EROFS;
	int h;
	struct stat st;
	int err = gofer_mknod(GI(dir)->h, name, mode, rdev, c_uid(c), c_gid(c, dir), &h, &st);
	return err ? err : new_inode(dir->sb, h, &st, out);
}

static int gofer_symlink_op(struct vfs_inode *dir, const char *name, const char *target,
			    const struct cred *c, struct vfs_inode **out)
{
	if (sb_readonly(dir))
		return -EROFS;
	int h;
	struct stat st;
	int err = gofer_symlink(GI(dir)->h, name, target, c_uid(c), c_gid(c, dir), &h, &st);
	return err ? err : new_inode(dir->sb, h, &st, out);
}

static int gofer_link_op(struct vfs_inode *dir, const char *name, struct vfs_inode *target,
			 struct vfs_inode **out)
{
	if (sb_readonly(dir))
		return -EROFS;
	if (!gofer_is_gofer_inode(target) || target->sb != dir->sb)
		return -EXDEV;
	int err = gofer_link(GI(target)->h, GI(dir)->h, name);
	if (err)
		return err;
	/* A second inode object for the same host file: attributes come
	 * from the host, so both stay right. */
	return gofer_lookup(dir, name, out);
}

static int gofer_unlink_op(struct vfs_inode *dir, const char *name, struct vfs_inode *victim)
{
	if (sb_readonly(dir))
		return -EROFS;
	return gofer_unlink(GI(dir)->h, name, 0);
}

static int gofer_rmdir_op(struct vfs_inode *dir, const char *name, struct vfs_inode *victim)
{
	if (sb_readonly(dir))
		return -EROFS;
	return gofer_unlink(GI(dir)->h, name, AT_REMOVEDIR);
}

static int gofer_rename_op(struct vfs_inode *odir, const char *oname, struct vfs_inode *src,
			   struct vfs_inode *ndir, const char *nname, struct vfs_inode *tgt,
			   unsigned flags)
{
	if (sb_readonly(odir))
		return -EROFS;
	if (!gofer_is_gofer_inode(ndir))
		return -EXDEV;
	return gofer_rename(GI(odir)->h, oname, GI(ndir)->h, nname, flags);
}

static ssize_t gofer_readlink_op(struct vfs_inode *inode, char *buf, size_t size)
{
	struct gofer_inode *gi = GI(inode);
	struct link_target *l = __atomic_load_n(&gi->link, __ATOMIC_ACQUIRE);
	if (!l) {
		char target[PATH_MAX];
		ssize_t n = gofer_readlink(gi->h, target, sizeof(target));
		if (n < 0 || (size_t)n == sizeof(target)) /* error, or maybe cut */
			return n < 0 ? n : gofer_readlink(gi->h, buf, size);
		l = malloc(sizeof(*l) + (size_t)n);
		if (!l)
			return -ENOMEM;
		l->len = (size_t)n;
		memcpy(l->text, target, (size_t)n);
		struct link_target *none = NULL;
		if (!__atomic_compare_exchange_n(&gi->link, &none, l, false, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE)) {
			free(l); /* another thread cached the same target first */
			l = none;
		}
	}
	size_t n = l->len < size ? l->len : size; /* readlink truncates silently */
	memcpy(buf, l->text, n);
	return (ssize_t)n;
}

static int gofer_getattr_op(struct vfs_inode *inode, struct stat *st)
{
	int err = gofer_getattr(GI(inode)->h, st);
	if (err)
		return err;
	fill_from_stat(inode, st);
	st->st_dev = inode->sb->dev;
	return 0;
}

static int gofer_setattr_op(struct vfs_inode *inode, const struct vfs_iattr *ia)
{
	if (sb_readonly(inode))
		return -EROFS;
	int err = gofer_setattr(GI(inode)->h, ia);
	if (err)
		return err;
	struct stat st;
	if (gofer_getattr(GI(inode)->h, &st) == 0)
		fill_from_stat(inode, &st);
	return 0;
}

static int gofer_statfs_op(struct vfs_inode *inode, struct statfs *sfs)
{
	int err = gofer_statfs(GI(inode)->h, sfs);
	if (!err)
		sfs->f_type = inode->sb->magic;
	return err;
}

/* ---- open files: f->private is a struct gofer_file */
#define GOFER_DIR_BUF 8192
struct gofer_file {
	int fd;
	bool shared_fd; /* the inode's ro_fd, not this file's to close */
	/* Directory stream state: host entries are numbered from 0 (without
	 * "." and ".."); the position is 2 + that number, so telldir values
	 * are stable and seekdir rewinds and skips. */
	int64_t index;
	size_t buf_len, buf_off;
	char buf[]; /* GOFER_DIR_BUF bytes, directories only */
};

static int gofer_open_op(struct vfs_inode *inode, struct vfs_file *f)
{
	unsigned flags = atomic_load(&f->flags);
	int hflags;
	if (S_ISDIR(inode->mode)) {
		hflags = O_RDONLY | O_DIRECTORY;
		f->ops = &gofer_dir_fops;
	} else if (S_ISREG(inode->mode)) {
		hflags = (int)(flags & O_ACCMODE);
		if (hflags == 3)
			hflags = O_RDWR;
		if ((hflags != O_RDONLY) && sb_readonly(inode))
			return -EROFS;
		f->ops = &gofer_reg_fops;
	} else {
		return -ENXIO;
	}
	struct gofer_file *gf = malloc(sizeof(*gf) + (S_ISDIR(inode->mode) ? GOFER_DIR_BUF : 0));
	if (!gf)
		return -ENOMEM;
	gf->shared_fd = S_ISREG(inode->mode) && hflags == O_RDONLY;
	if (gf->shared_fd) {
		struct gofer_inode *gi = GI(inode);
		pthread_mutex_lock(&inode->lock);
		if (gi->ro_fd < 0)
			gi->ro_fd = gofer_open(gi->h, O_RDONLY);
		gf->fd = gi->ro_fd;
		if (gi->ro_fd < 0)
			gi->ro_fd = -1; /* (an error: the next open tries again) */
		pthread_mutex_unlock(&inode->lock);
	} else {
		gf->fd = gofer_open(GI(inode)->h, hflags);
	}
	if (gf->fd < 0) {
		int err = gf->fd;
		free(gf);
		f->ops = NULL;
		return err;
	}
	gf->index = 0;
	gf->buf_len = gf->buf_off = 0;
	f->private = gf;
	return 0;
}

static void gofer_release(struct vfs_file *f)
{
	struct gofer_file *gf = f->private;
	if (gf) {
		if (!gf->shared_fd)
			close(gf->fd);
		free(gf);
	}
}

static ssize_t gofer_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	struct gofer_file *gf = f->private;
	ssize_t r = pread(gf->fd, buf, n, *pos);
	if (r < 0)
		return -errno;
	*pos += r;
	return r;
}

static ssize_t gofer_write(struct vfs_file *f, struct task *t, const void *buf, size_t n,
			   off_t *pos)
{
	struct gofer_file *gf = f->private;
	struct vfs_inode *vi = f->inode;
	pthread_mutex_lock(&vi->lock);
	if (atomic_load(&f->flags) & O_APPEND) {
		struct stat st;
		if (fstat(gf->fd, &st) == 0)
			*pos = st.st_size;
	}
	ssize_t r = pwrite(gf->fd, buf, n, *pos);
	if (r < 0) {
		r = -errno;
	} else {
		*pos += r;
		if (*pos > vi->size)
			vi->size = *pos;
	}
	pthread_mutex_unlock(&vi->lock);
	return r;
}

static int gofer_mmap_fd(struct vfs_file *f, bool writable)
{
	struct gofer_file *gf = f->private;
	if (writable && !vfs_file_writable(f))
		return -EACCES;
	int fd = fcntl(gf->fd, F_DUPFD_CLOEXEC, 0);
	return fd < 0 ? -errno : fd;
}

static int gofer_fsync(struct vfs_file *f, bool datasync)
{
	struct gofer_file *gf = f->private;
	int r = datasync ? fdatasync(gf->fd) : fsync(gf->fd);
	return r ? -errno : 0;
}

static const struct file_operations gofer_reg_fops = {
	.read = gofer_read,
	.write = gofer_write,
	.llseek = vfs_generic_llseek,
	.mmap_fd = gofer_mmap_fd,
	.fsync = gofer_fsync,
	.release = gofer_release,
};

struct host_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int gofer_iterate(struct vfs_file *f, struct dir_context *ctx)
{
	struct gofer_file *gf = f->private;
	int64_t want = ctx->pos - 2;
	if (want != gf->index) {
		/* seekdir/rewinddir: restart the host stream and skip. */
		if (lseek(gf->fd, 0, SEEK_SET) < 0)
			return -errno;
		gf->index = 0;
		gf->buf_len = gf->buf_off = 0;
	}
	for (;;) {
		if (gf->buf_off >= gf->buf_len) {
			long n = syscall(SYS_getdents64, gf->fd, gf->buf, GOFER_DIR_BUF);
			if (n < 0)
				return -errno;
			if (n == 0)
				return 0;
			gf->buf_len = (size_t)n;
			gf->buf_off = 0;
		}
		struct host_dirent64 *de = (struct host_dirent64 *)(gf->buf + gf->buf_off);
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
			gf->buf_off += de->d_reclen;
			continue;
		}
		if (gf->index >= want) {
			if (!ctx->actor(ctx, de->d_name, strlen(de->d_name), de->d_ino, de->d_type,
					gf->index + 3))
				return 0;
			ctx->pos = gf->index + 3;
		}
		gf->buf_off += de->d_reclen;
		gf->index++;
	}
}

static const struct file_operations gofer_dir_fops = {
	.read = vfs_dir_read,
	.llseek = vfs_dir_llseek,
	.iterate = gofer_iterate,
	.fsync = gofer_fsync,
	.release = gofer_release,
};

static const struct inode_operations gofer_iops = {
	.lookup = gofer_lookup,
	.create = gofer_create_op,
	.mkdir = gofer_mkdir_op,
	.mknod = gofer_mknod_op,
	.symlink = gofer_symlink_op,
	.link = gofer_link_op,
	.unlink = gofer_unlink_op,
	.rmdir = gofer_rmdir_op,
	.rename = gofer_rename_op,
	.readlink = gofer_readlink_op,
	.setattr = gofer_setattr_op,
	.getattr = gofer_getattr_op,
	.open = gofer_open_op,
	.statfs = gofer_statfs_op,
	.evict = gofer_evict,
};

struct vfs_super *gofer_new_super(const char *root, bool readonly, int *err)
{
	struct vfs_super *sb = vfs_super_new("9p", GOFER_MAGIC_NUMBER);
	struct gofer_super *gs = calloc(1, sizeof(*gs));
	if (!sb || !gs) {
		free(sb);
		free(gs);
		*err = -ENOMEM;
		return NULL;
	}
	gs->readonly = readonly;
	sb->private = gs;
	int h;
	struct stat st;
	*err = gofer_attach(root, &h, &st);
	if (*err) {
		free(sb);
		free(gs);
		return NULL;
	}
	*err = new_inode(sb, h, &st, &sb->root);
	if (*err) {
		free(sb);
		free(gs);
		return NULL;
	}
	return sb;
}
