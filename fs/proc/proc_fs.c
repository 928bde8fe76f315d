/* procfs: the file system itself - super block and root, the generic inode,
 * file and directory operations every procfs node shares (Linux's
 * fs/proc/inode.c, fs/proc/generic.c and fs/seq_file.c), the output buffer,
 * and registration as "proc". What each node shows lives in the other files
 * of this folder. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/proc/proc_internal.h"
#include "sentry/task.h"

/* ---- output buffer */
static bool pb_reserve(struct proc_buf *b, size_t extra)
{
	if (b->err)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *d = realloc(b->data, cap);
	if (!d) {
		b->err = -ENOMEM;
		return false;
	}
	b->data = d;
	b->cap = cap;
	return true;
}

void pb_write(struct proc_buf *b, const void *data, size_t n)
{
	if (!pb_reserve(b, n))
		return;
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void pb_puts(struct proc_buf *b, const char *s)
{
	pb_write(b, s, strlen(s));
}

void pb_printf(struct proc_buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->err = b->err ? b->err : -EINVAL;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		pb_write(b, small, (size_t)n);
		return;
	}
	if (!pb_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void pb_escape_path(struct proc_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\\')
			pb_printf(b, "\\%03o", c);
		else
			pb_write(b, s, 1);
	}
}

int proc_show_text(struct proc_node *n, struct proc_buf *b)
{
	pb_puts(b, n->entry->text ? n->entry->text : "");
	return 0;
}

/* ---- nodes */
static const struct inode_operations proc_iops;

uint64_t proc_ino(uint64_t parent_ino, const char *name)
{
	/* FNV-1a over the parent's number and the name: the same (pid,
	 * entry) always gets the same number, across lookups and mounts. */
	uint64_t h = 0xcbf29ce484222325ull;
	for (int i = 0; i < 8; i++)
		h = (h ^ ((parent_ino >> (8 * i)) & 0xff)) * 0x100000001b3ull;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h &= 0x7fffffffffffffffull; /* stays positive as an off_t-sized ino */
	return h < 2 ? h + 2 : h;
}

struct proc_node *proc_node_new(struct proc_node *parent, const struct proc_entry *e,
				const char *name)
{
	struct proc_node *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	vfs_inode_init(&n->vi, parent->vi.sb, &proc_iops, e->mode,
		       proc_ino(parent->vi.ino, name));
	n->entry = e;
	n->pid = parent->pid;
	n->tid = parent->tid;
	n->fd = parent->fd;
	n->vi.uid = parent->vi.uid;
	n->vi.gid = parent->vi.gid;
	if (!n->pid) {
		n->vi.uid = 0;
		n->vi.gid = 0;
	}
	return n;
}

int proc_lookup_table(struct proc_node *dir, const struct proc_entry *table,
		      const char *name, unsigned skip_flags, struct vfs_inode **out)
{
	for (const struct proc_entry *e = table; e->name; e++) {
		if ((e->flags & skip_flags) || strcmp(e->name, name) != 0)
			continue;
		struct proc_node *n = proc_node_new(dir, e, name);
		if (!n)
			return -ENOMEM;
		*out = &n->vi;
		return 0;
	}
	return -ENOENT;
}

int64_t proc_iterate_table(struct proc_node *dir, const struct proc_entry *table,
			   unsigned skip_flags, struct dir_context *ctx, bool *full)
{
	int64_t pos = 2;
	*full = false;
	for (const struct proc_entry *e = table; e->name; e++, pos++) {
		if (pos < ctx->pos || (e->flags & skip_flags))
			continue;
		if (!ctx->actor(ctx, e->name, strlen(e->name), proc_ino(dir->vi.ino, e->name),
				vfs_mode_to_dtype(e->mode), pos + 1)) {
			*full = true;
			return pos;
		}
		ctx->pos = pos + 1;
	}
	return pos;
}

/* ---- inode operations */
static int proc_lookup(struct vfs_inode *dir, const char *name, struct vfs_inode **out)
{
	struct proc_node *n = PN(dir);
	int err = proc_node_refresh(n);
	if (err)
		return err;
	if (n->entry->dir)
		return n->entry->dir->lookup(n, name, out);
	if (n->entry->children)
		return proc_lookup_table(n, n->entry->children, name, 0, out);
	return -ENOENT;
}

static ssize_t proc_readlink(struct vfs_inode *inode, char *buf, size_t size)
{
	struct proc_node *n = PN(inode);
	if (!n->entry->readlink)
		return -EINVAL;
	int err = proc_node_refresh(n);
	if (err)
		return err;
	char *tmp = malloc(4096);
	if (!tmp)
		return -ENOMEM;
	int len = n->entry->readlink(n, tmp, 4096);
	if (len >= 0) {
		if ((size_t)len > size)
			len = (int)size;
		memcpy(buf, tmp, (size_t)len);
	}
	free(tmp);
	return len;
}

static int proc_getattr(struct vfs_inode *inode, struct stat *st)
{
	struct proc_node *n = PN(inode);
	int err = proc_node_refresh(n);
	if (err)
		return err;
	if (n->entry->getattr)
		return n->entry->getattr(n, st);
	vfs_generic_getattr(inode, st);
	return 0;
}

/* Linux's proc_setattr: no mode changes; sizes are ignored (so O_TRUNC on
 * a writable file such as comm is harmless); owners and times stick. */
static int proc_setattr(struct vfs_inode *inode, const struct vfs_iattr *ia)
{
	if (ia->valid & VFS_ATTR_MODE)
		return -EPERM;
	struct vfs_iattr copy = *ia;
	copy.valid &= ~VFS_ATTR_SIZE;
	vfs_generic_setattr(inode, &copy);
	return 0;
}

struct proc_file {
	pthread_mutex_t lock;
	bool generated;
	struct proc_buf buf;
};

static const struct file_operations proc_file_fops;
static const struct file_operations proc_dir_fops;

static int proc_open(struct vfs_inode *inode, struct vfs_file *f)
{
	struct proc_node *n = PN(inode);
	int err = proc_node_refresh(n);
	if (err)
		return err;
	if (S_ISDIR(inode->mode)) {
		f->ops = &proc_dir_fops;
		return 0;
	}
	if (!S_ISREG(inode->mode))
		return -ENXIO;
	if (n->entry->open)
		return n->entry->open(n, f);
	/* Root passes the mode check; a file nobody can write still refuses. */
	if (vfs_file_writable(f) && !n->entry->write)
		return -EACCES;
	if (vfs_file_readable(f) && !n->entry->show)
		return -EACCES;
	struct proc_file *pf = calloc(1, sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	pthread_mutex_init(&pf->lock, NULL);
	f->private = pf;
	f->ops = &proc_file_fops;
	return 0;
}

static int proc_statfs(struct vfs_inode *inode, struct statfs *sfs)
{
	memset(sfs, 0, sizeof(*sfs));
	sfs->f_type = PROC_SUPER_MAGIC;
	sfs->f_bsize = 4096;
	sfs->f_frsize = 4096;
	sfs->f_namelen = 255;
	return 0;
}

static void proc_evict(struct vfs_inode *inode)
{
	if (PN(inode)->file)
		vfs_file_put(PN(inode)->file);
	free(PN(inode));
}

/* A cached /proc/PID (or anything below it) of a process that is gone
 * must not be found again. */
static int proc_revalidate(struct vfs_inode *inode)
{
	return proc_node_refresh(PN(inode));
}

static const struct inode_operations proc_iops = {
	.revalidate = proc_revalidate,
	.lookup = proc_lookup,
	.readlink = proc_readlink,
	.setattr = proc_setattr,
	.getattr = proc_getattr,
	.open = proc_open,
	.statfs = proc_statfs,
	.evict = proc_evict,
};

/* ---- regular files: generated at the first read (seq_file) */
static ssize_t proc_file_read(struct vfs_file *f, struct task *t, void *buf, size_t n,
			      off_t *pos)
{
	struct proc_file *pf = f->private;
	struct proc_node *node = PN(f->inode);
	pthread_mutex_lock(&pf->lock);
	if (!pf->generated) {
		int err = node->entry->show(node, &pf->buf);
		if (!err)
			err = pf->buf.err;
		if (err) {
			free(pf->buf.data);
			memset(&pf->buf, 0, sizeof(pf->buf));
			pthread_mutex_unlock(&pf->lock);
			/* A process gone between open and read: ESRCH (Linux). */
			return err == -ENOENT ? -ESRCH : err;
		}
		pf->generated = true;
	}
	ssize_t r = 0;
	if (*pos >= 0 && (size_t)*pos < pf->buf.len) {
		size_t avail = pf->buf.len - (size_t)*pos;
		r = (ssize_t)(n < avail ? n : avail);
		memcpy(buf, pf->buf.data + *pos, (size_t)r);
		*pos += r;
	}
	pthread_mutex_unlock(&pf->lock);
	return r;
}

static ssize_t proc_file_write(struct vfs_file *f, struct task *t, const void *buf, size_t n,
			       off_t *pos)
{
	struct proc_node *node = PN(f->inode);
	if (!node->entry->write)
		return -EINVAL;
	ssize_t r = node->entry->write(node, t, buf, n);
	if (r > 0)
		*pos += r;
	return r;
}

/* Linux's seq_lseek: SEEK_SET and SEEK_CUR only. */
static off_t proc_file_llseek(struct vfs_file *f, off_t off, int whence)
{
	off_t base;
	if (!vfs_seek_origin(f, whence, &base))
		return -EINVAL;
	return vfs_seek_offset(base, off);
}

static void proc_file_release(struct vfs_file *f)
{
	struct proc_file *pf = f->private;
	if (!pf)
		return;
	free(pf->buf.data);
	pthread_mutex_destroy(&pf->lock);
	free(pf);
}

static const struct file_operations proc_file_fops = {
	.read = proc_file_read,
	.write = proc_file_write,
	.llseek = proc_file_llseek,
	.release = proc_file_release,
};

/* ---- directories */
static int proc_dir_iterate(struct vfs_file *f, struct dir_context *ctx)
{
	struct proc_node *n = PN(f->inode);
	int err = proc_node_refresh(n);
	if (err)
		return err;
	if (n->entry->dir)
		return n->entry->dir->iterate(n, ctx);
	bool full;
	if (n->entry->children)
		proc_iterate_table(n, n->entry->children, 0, ctx, &full);
	return 0;
}

static const struct file_operations proc_dir_fops = {
	.read = vfs_dir_read,
	.llseek = vfs_dir_llseek,
	.iterate = proc_dir_iterate,
};

/* ---- mounting */
static const struct proc_entry proc_root_entry = {
	.name = "/",
	.mode = S_IFDIR | 0555,
	.dir = &proc_root_dir_ops,
};

static int procfs_mount(const char *source, unsigned long flags, const void *data,
			struct vfs_dentry **root)
{
	proc_host_facts_init();
	struct vfs_super *sb = vfs_super_new("proc", PROC_SUPER_MAGIC);
	if (!sb)
		return -ENOMEM;
	struct proc_node *n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	vfs_inode_init(&n->vi, sb, &proc_iops, proc_root_entry.mode, 1 /* PROC_ROOT_INO */);
	n->entry = &proc_root_entry;
	n->fd = -1;
	sb->root = &n->vi;
	vfs_inode_get(&n->vi); /* the super block's own reference */
	*root = vfs_dentry_new_root(&n->vi);
	return *root ? 0 : -ENOMEM;
}

int procfs_register(void)
{
	if (vfs_find_filesystem("proc"))
		return 0;
	return vfs_register_filesystem("proc", procfs_mount);
}

__attribute__((constructor)) static void procfs_register_early(void)
{
	procfs_register();
}
