/* /proc/PID/fd/ and /proc/PID/fdinfo/ (Linux's fs/proc/fd.c): one symlink
 * per open fd naming the file ("pipe:[N]" and friends for anonymous
 * files), one small text file per fd with its position and flags; and the
 * magic-link entry point the path walk uses to reach what a link
 * designates (procfs_magic_link). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/fdtable.h"
#include "fs/vfs_ops.h"
#include "fs/proc/proc_internal.h"

/* Linux's name_to_int: decimal, no sign, no leading zero but "0". */
static int parse_fd(const char *name)
{
	if (!name[0] || (name[0] == '0' && name[1]))
		return -1;
	long v = 0;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
		if (v > 0x7fffffff)
			return -1;
	}
	return (int)v;
}

/* A new reference to the file at n's fd, or NULL. */
static struct vfs_file *node_file(struct proc_node *n, bool *cloexec)
{
	struct proc_pinfo p;
	if (proc_pinfo_get(n, PROC_WANT_FILES, &p))
		return NULL;
	struct vfs_file *f = NULL;
	if (p.fdt) {
		f = fd_table_get_file(p.fdt, n->fd);
		if (f && cloexec)
			*cloexec = fd_table_get_cloexec(p.fdt, n->fd) > 0;
	}
	proc_pinfo_put(&p);
	return f;
}

/* Linux's fd link mode: r-x for readable, -wx for writable. */
static mode_t link_mode(struct vfs_file *f)
{
	mode_t m = S_IFLNK;
	unsigned flags = atomic_load(&f->flags);
	if (flags & O_PATH)
		return m;
	if (vfs_file_readable(f))
		m |= S_IRUSR | S_IXUSR;
	if (vfs_file_writable(f))
		m |= S_IWUSR | S_IXUSR;
	return m;
}

static int fd_revalidate(struct proc_node *n)
{
	struct vfs_file *f = node_file(n, NULL);
	if (!f)
		return -ENOENT;
	if (S_ISLNK(n->vi.mode)) {
		pthread_mutex_lock(&n->vi.lock);
		n->vi.mode = link_mode(f);
		pthread_mutex_unlock(&n->vi.lock);
	}
	vfs_file_put(f);
	return 0;
}

/* What fd/N designates: a path for files opened by name, or the open file
 * itself for anonymous ones (a file reopened through a proxy counts as the
 * anonymous file it stands for). */
static int fd_target(struct proc_node *n, struct vfs_path *path, struct vfs_file **file)
{
	if (!proc_may_access(n))
		return -EACCES;
	struct vfs_file *f = node_file(n, NULL);
	if (!f)
		return -ENOENT;
	path->mnt = NULL;
	path->dentry = NULL;
	*file = NULL;
	struct vfs_inode *di = f->dentry ? f->dentry->inode : NULL;
	if (di && di->sb && di->sb->magic == PROC_SUPER_MAGIC && PN(di)->file) {
		*file = PN(di)->file;
		vfs_file_get(*file);
		vfs_file_put(f);
	} else if (f->dentry) {
		path->mnt = f->mnt;
		path->dentry = f->dentry;
		vfs_path_get(path);
		vfs_file_put(f);
	} else {
		*file = f;
	}
	return 0;
}

static int fd_readlink(struct proc_node *n, char *buf, size_t size)
{
	struct vfs_path path;
	struct vfs_file *file;
	int err = fd_target(n, &path, &file);
	if (err)
		return err;
	int len;
	if (file) {
		len = snprintf(buf, size, "%s", file->anon_name);
		if ((size_t)len >= size)
			len = -ENAMETOOLONG;
		vfs_file_put(file);
	} else {
		len = proc_path_string(&path, buf, size);
		vfs_path_put(&path);
	}
	return len;
}

/* ---- anonymous file proxies.
 *
 * Linux reopens a pipe through /proc/PID/fd/N (and so /dev/stdin,
 * /dev/fd/63 of bash's process substitution) because every pipe has an
 * inode in pipefs. Anonymous files here have none, so the magic link leads
 * to a proxy: an unnamed procfs inode whose stat is the file's and whose
 * opens forward every operation to that same open file. */
static struct vfs_file *U(struct vfs_file *f)
{
	return f->private;
}

/* Plain read/write (pos is the proxy's own position) move the shared
 * file's position, under its lock as the syscall layer would take it;
 * pread/pwrite pass their explicit offset through. */
static ssize_t proxy_rw(struct vfs_file *f, struct task *t, void *rbuf, const void *wbuf,
			size_t n, off_t *pos)
{
	struct vfs_file *u = U(f);
	if (!u->ops || (rbuf ? !u->ops->read : !u->ops->write))
		return -EINVAL;
	bool shared = pos == &f->pos;
	bool lock = shared && u->ops->llseek;
	if (shared)
		pos = &u->pos;
	if (lock)
		pthread_mutex_lock(&u->pos_lock);
	ssize_t r = rbuf ? u->ops->read(u, t, rbuf, n, pos) : u->ops->write(u, t, wbuf, n, pos);
	if (lock)
		pthread_mutex_unlock(&u->pos_lock);
	return r;
}

static ssize_t proxy_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	return proxy_rw(f, t, buf, NULL, n, pos);
}

static ssize_t proxy_write(struct vfs_file *f, struct task *t, const void *buf, size_t n,
			   off_t *pos)
{
	return proxy_rw(f, t, NULL, buf, n, pos);
}

static off_t proxy_llseek(struct vfs_file *f, off_t off, int whence)
{
	struct vfs_file *u = U(f);
	if (!u->ops || !u->ops->llseek)
		return -ESPIPE;
	pthread_mutex_lock(&u->pos_lock);
	off_t r = u->ops->llseek(u, off, whence);
	if (r >= 0)
		u->pos = r;
	pthread_mutex_unlock(&u->pos_lock);
	return r;
}

static uint32_t proxy_poll(struct vfs_file *f)
{
	struct vfs_file *u = U(f);
	if (u->ops && u->ops->poll)
		return u->ops->poll(u);
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

static struct waitq *proxy_poll_waitq(struct vfs_file *f)
{
	struct vfs_file *u = U(f);
	return u->ops && u->ops->poll_waitq ? u->ops->poll_waitq(u) : NULL;
}

static long proxy_ioctl(struct vfs_file *f, struct task *t, unsigned long cmd, uint64_t arg)
{
	struct vfs_file *u = U(f);
	return u->ops && u->ops->ioctl ? u->ops->ioctl(u, t, cmd, arg) : -ENOTTY;
}

static int proxy_stat(struct vfs_file *f, struct stat *st)
{
	return vfs_file_getattr(U(f), st);
}

static int proxy_fsync(struct vfs_file *f, bool datasync)
{
	struct vfs_file *u = U(f);
	return u->ops && u->ops->fsync ? u->ops->fsync(u, datasync) : -EINVAL;
}

static long proxy_fcntl(struct vfs_file *f, struct task *t, int cmd, unsigned long arg)
{
	struct vfs_file *u = U(f);
	return u->ops && u->ops->fcntl ? u->ops->fcntl(u, t, cmd, arg) : -EINVAL;
}

static void proxy_release(struct vfs_file *f)
{
	if (f->private)
		vfs_file_put(f->private);
}

#define PROXY_OPS                         \
	.read = proxy_read,               \
	.write = proxy_write,             \
	.poll = proxy_poll,               \
	.poll_waitq = proxy_poll_waitq,   \
	.ioctl = proxy_ioctl,             \
	.stat = proxy_stat,               \
	.fsync = proxy_fsync,             \
	.fcntl = proxy_fcntl,             \
	.release = proxy_release

/* Stream files (pipes, terminals) have no llseek, so the syscall layer
 * takes no position lock for them; seekable ones forward it. */
static const struct file_operations proxy_stream_fops = { PROXY_OPS };
static const struct file_operations proxy_seekable_fops = { PROXY_OPS,
							    .llseek = proxy_llseek };

static int proxy_getattr(struct proc_node *n, struct stat *st)
{
	return vfs_file_getattr(n->file, st);
}

/* The open is of the same object, so it may only ask for the access that
 * object was opened with (a pipe's read end cannot become a writer). */
static int proxy_open(struct proc_node *n, struct vfs_file *f)
{
	if (vfs_file_readable(f) && !vfs_file_readable(n->file))
		return -EACCES;
	if (vfs_file_writable(f) && !vfs_file_writable(n->file))
		return -EACCES;
	vfs_file_get(n->file);
	f->private = n->file;
	f->ops = n->file->ops && n->file->ops->llseek ? &proxy_seekable_fops : &proxy_stream_fops;
	return 0;
}

static const struct proc_entry proxy_entry = {
	.name = "anon",
	.mode = S_IFREG | 0600,
	.getattr = proxy_getattr,
	.open = proxy_open,
};

struct find_mount {
	struct vfs_super *sb;
	struct vfs_mount *found;
};

static void match_mount(struct vfs_mount *m, void *arg)
{
	struct find_mount *fm = arg;
	if (!fm->found && m->sb == fm->sb)
		fm->found = m;
}

/* An unnamed dentry for a proxy of file (takes over the reference). */
static int proxy_path(struct proc_node *n, struct vfs_file *file, struct vfs_path *path)
{
	/* Sockets cannot be opened through /proc (Linux: ENXIO). */
	if (strncmp(file->anon_name, "socket:", 7) == 0) {
		vfs_file_put(file);
		return -ENXIO;
	}
	struct find_mount fm = { n->vi.sb, NULL };
	vfs_mounts_foreach(match_mount, &fm);
	if (!fm.found) {
		vfs_file_put(file);
		return -ENOENT;
	}
	struct proc_node *p = proc_node_new(n, &proxy_entry, "anon");
	if (!p) {
		vfs_file_put(file);
		return -ENOMEM;
	}
	p->file = file;
	p->vi.mode = S_IFREG | (vfs_file_readable(file) ? 0400 : 0) |
		     (vfs_file_writable(file) ? 0200 : 0);
	vfs_lock();
	struct vfs_dentry *d = vfs_dentry_add(fm.found->root, p->entry->name, &p->vi);
	if (d)
		vfs_dentry_drop(d); /* reachable only through this walk */
	vfs_unlock();
	if (!d)
		return -ENOMEM;
	path->mnt = fm.found;
	path->dentry = d;
	return 0;
}

static int fd_get_link(struct proc_node *n, struct vfs_path *path, struct vfs_file **file)
{
	int err = fd_target(n, path, file);
	if (err || !*file)
		return err;
	struct vfs_file *f = *file;
	*file = NULL;
	return proxy_path(n, f, path);
}

static int fdinfo_show(struct proc_node *n, struct proc_buf *b)
{
	bool cloexec = false;
	struct vfs_file *f = node_file(n, &cloexec);
	if (!f)
		return -ENOENT;
	unsigned flags = atomic_load(&f->flags);
	if (cloexec)
		flags |= O_CLOEXEC;
	/* open(2) on 64-bit forces the kernel's O_LARGEFILE (0100000), which
	 * glibc's x86_64 headers define as 0. */
	if (f->dentry)
		flags |= 0100000;
	struct vfs_inode *inode = vfs_file_inode(f);
	pb_printf(b, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%llu\n", (long long)f->pos,
		  flags, f->mnt ? f->mnt->id : 0,
		  (unsigned long long)(inode ? inode->ino : 0));
	vfs_file_put(f);
	return 0;
}

const struct proc_entry proc_fd_link_entry = {
	.name = "fd",
	.mode = S_IFLNK | 0700,
	.readlink = fd_readlink,
	.get_link = fd_get_link,
	.revalidate = fd_revalidate,
};

const struct proc_entry proc_fdinfo_entry = {
	.name = "fdinfo",
	.mode = S_IFREG | 0444,
	.show = fdinfo_show,
	.revalidate = fd_revalidate,
};

static int fd_lookup_common(struct proc_node *dir, const char *name,
			    const struct proc_entry *e, struct vfs_inode **out)
{
	int fd = parse_fd(name);
	if (fd < 0)
		return -ENOENT;
	struct proc_node *n = proc_node_new(dir, e, name);
	if (!n)
		return -ENOMEM;
	n->fd = fd;
	int err = fd_revalidate(n);
	if (err) {
		vfs_inode_put(&n->vi);
		return err;
	}
	*out = &n->vi;
	return 0;
}

struct fd_list {
	int *fds;
	size_t n, cap;
	bool nomem;
};

static void collect_fd(int fd, struct vfs_file *f, bool cloexec, void *arg)
{
	struct fd_list *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		int *bigger = realloc(l->fds, cap * sizeof(*bigger));
		if (!bigger) {
			l->nomem = true;
			return;
		}
		l->fds = bigger;
		l->cap = cap;
	}
	l->fds[l->n++] = fd;
}

static int fd_iterate_common(struct proc_node *dir, struct dir_context *ctx, unsigned dtype)
{
	struct proc_pinfo p;
	int err = proc_pinfo_get(dir, PROC_WANT_FILES, &p);
	if (err)
		return err;
	struct fd_list l = { 0 };
	if (p.fdt)
		fd_table_foreach(p.fdt, collect_fd, &l);
	proc_pinfo_put(&p);
	if (l.nomem) {
		free(l.fds);
		return -ENOMEM;
	}
	/* Positions are 2 + fd, so a listing resumes right after a close. */
	for (size_t i = 0; i < l.n; i++) {
		int64_t pos = 2 + (int64_t)l.fds[i];
		if (pos < ctx->pos)
			continue;
		char name[16];
		int len = snprintf(name, sizeof(name), "%d", l.fds[i]);
		if (!ctx->actor(ctx, name, (size_t)len, proc_ino(dir->vi.ino, name), dtype, pos + 1))
			break;
		ctx->pos = pos + 1;
	}
	free(l.fds);
	return 0;
}

static int fd_dir_lookup(struct proc_node *dir, const char *name, struct vfs_inode **out)
{
	return fd_lookup_common(dir, name, &proc_fd_link_entry, out);
}

static int fd_dir_iterate(struct proc_node *dir, struct dir_context *ctx)
{
	return fd_iterate_common(dir, ctx, DT_LNK);
}

static int fdinfo_dir_lookup(struct proc_node *dir, const char *name, struct vfs_inode **out)
{
	return fd_lookup_common(dir, name, &proc_fdinfo_entry, out);
}

static int fdinfo_dir_iterate(struct proc_node *dir, struct dir_context *ctx)
{
	return fd_iterate_common(dir, ctx, DT_REG);
}

const struct proc_dir_ops proc_fd_dir_ops = {
	.lookup = fd_dir_lookup,
	.iterate = fd_dir_iterate,
};

const struct proc_dir_ops proc_fdinfo_dir_ops = {
	.lookup = fdinfo_dir_lookup,
	.iterate = fdinfo_dir_iterate,
};

/* ---- magic links (see fs/proc/procfs.h) */
bool procfs_is_magic_link(const struct vfs_inode *inode)
{
	if (!inode->sb || inode->sb->magic != PROC_SUPER_MAGIC || !S_ISLNK(inode->mode))
		return false;
	const struct proc_node *n = container_of(inode, const struct proc_node, vi);
	return n->entry->get_link != NULL;
}

int procfs_magic_link(struct vfs_inode *inode, struct vfs_path *path, struct vfs_file **file)
{
	path->mnt = NULL;
	path->dentry = NULL;
	*file = NULL;
	if (!procfs_is_magic_link(inode))
		return -EINVAL;
	struct proc_node *n = PN(inode);
	int err = proc_node_refresh(n);
	if (err)
		return err;
	return n->entry->get_link(n, path, file);
}
