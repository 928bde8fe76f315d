/* The dentry cache (Linux's fs/dcache.c, much simplified): a hash table of
 * positive dentries keyed by (parent, name). A hashed dentry holds one
 * "tree" reference on itself, taken when it is added and dropped when it is
 * unlinked or replaced, and each dentry holds a reference on its parent, so
 * a cached path stays cached. Everything but get/put runs under vfs_lock. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fs/inode.h"

#define DCACHE_BUCKETS 65536

static struct vfs_dentry *dcache[DCACHE_BUCKETS];

static unsigned dcache_hash(const struct vfs_dentry *parent, const char *name)
{
	uint64_t h = (uint64_t)(uintptr_t)parent * 0x9e3779b97f4a7c15ull;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return (unsigned)(h ^ (h >> 32)) & (DCACHE_BUCKETS - 1);
}

void vfs_dentry_get(struct vfs_dentry *d)
{
	atomic_fetch_add(&d->refs, 1);
}

void vfs_dentry_put(struct vfs_dentry *d)
{
	while (d && atomic_fetch_sub(&d->refs, 1) == 1) {
		struct vfs_dentry *parent = d->parent == d ? NULL : d->parent;
		vfs_inode_put(d->inode);
		free(d->name);
		free(d);
		d = parent;
	}
}

static struct vfs_dentry *dentry_alloc(struct vfs_dentry *parent, const char *name,
				       struct vfs_inode *inode)
{
	struct vfs_dentry *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->name = strdup(name);
	if (!d->name) {
		free(d);
		return NULL;
	}
	atomic_init(&d->refs, 1);
	d->inode = inode;
	d->sb = inode->sb;
	d->parent = parent ? parent : d;
	return d;
}

struct vfs_dentry *vfs_dentry_new_root(struct vfs_inode *inode)
{
	return dentry_alloc(NULL, "/", inode);
}

static void dcache_insert(struct vfs_dentry *d)
{
	unsigned h = dcache_hash(d->parent, d->name);
	d->hash_next = dcache[h];
	dcache[h] = d;
	d->hashed = true;
}

static void dcache_unlink(struct vfs_dentry *d)
{
	unsigned h = dcache_hash(d->parent, d->name);
	for (struct vfs_dentry **pp = &dcache[h]; *pp; pp = &(*pp)->hash_next) {
		if (*pp == d) {
			*pp = d->hash_next;
			break;
		}
	}
	d->hash_next = NULL;
	d->hashed = false;
}

struct vfs_dentry *vfs_dentry_lookup_cached(struct vfs_dentry *parent, const char *name)
{
	unsigned h = dcache_hash(parent, name);
	for (struct vfs_dentry *d = dcache[h]; d; d = d->hash_next) {
		if (d->parent == parent && strcmp(d->name, name) == 0) {
			vfs_dentry_get(d);
			return d;
		}
	}
	return NULL;
}

struct vfs_dentry *vfs_dentry_add(struct vfs_dentry *parent, const char *name,
				  struct vfs_inode *inode)
{
	struct vfs_dentry *d = dentry_alloc(parent, name, inode);
	if (!d) {
		vfs_inode_put(inode);
		return NULL;
	}
	vfs_dentry_get(parent);
	/* One reference for the cache, one for the caller. */
	atomic_fetch_add(&d->refs, 1);
	dcache_insert(d);
	return d;
}

int vfs_dentry_lookup(struct vfs_dentry *parent, const char *name, struct vfs_dentry **out)
{
	struct vfs_inode *dir = parent->inode;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->flags & VFS_I_DEAD)
		return -ENOENT;
	struct vfs_dentry *d = vfs_dentry_lookup_cached(parent, name);
	if (d) {
		const struct inode_operations *ops = d->inode->iops;
		if (!ops || !ops->revalidate || d->mounted || ops->revalidate(d->inode) == 0) {
			*out = d;
			return 0;
		}
		vfs_dentry_drop(d);
		vfs_dentry_put(d);
	}
	if (!dir->iops || !dir->iops->lookup)
		return -ENOENT;
	struct vfs_inode *inode;
	int err = dir->iops->lookup(dir, name, &inode);
	if (err)
		return err;
	d = vfs_dentry_add(parent, name, inode);
	if (!d)
		return -ENOMEM;
	*out = d;
	return 0;
}

void vfs_dentry_drop(struct vfs_dentry *d)
{
	if (!d->hashed)
		return;
	dcache_unlink(d);
	vfs_dentry_put(d); /* the tree reference */
}

static void dentry_rename(struct vfs_dentry *d, struct vfs_dentry *newparent,
			  const char *newname)
{
	char *name = strdup(newname);
	if (!name)
		abort(); /* a few bytes; failing here would corrupt the tree */
	struct vfs_dentry *oldparent = d->parent;
	free(d->name);
	d->name = name;
	if (oldparent != newparent) {
		vfs_dentry_get(newparent);
		d->parent = newparent;
		vfs_dentry_put(oldparent);
	}
}

void vfs_dentry_move(struct vfs_dentry *d, struct vfs_dentry *newparent, const char *newname)
{
	bool was_hashed = d->hashed;
	if (was_hashed)
		dcache_unlink(d);
	dentry_rename(d, newparent, newname);
	if (was_hashed)
		dcache_insert(d);
}

void vfs_dentry_exchange(struct vfs_dentry *a, struct vfs_dentry *b)
{
	dcache_unlink(a);
	dcache_unlink(b);
	struct vfs_dentry *pa = a->parent, *pb = b->parent;
	char *na = a->name, *nb = b->name;
	vfs_dentry_get(pa);
	vfs_dentry_get(pb);
	a->name = strdup(nb);
	b->name = strdup(na);
	if (!a->name || !b->name)
		abort();
	free(na);
	free(nb);
	a->parent = pb;
	b->parent = pa;
	/* Each kept its reference on its old parent; swap them back. */
	vfs_dentry_put(pa);
	vfs_dentry_put(pb);
	dcache_insert(a);
	dcache_insert(b);
}
