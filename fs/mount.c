/* The mount table (Linux's fs/namespace.c, one namespace): mounts in mount
 * order, lookup of the mount on a mountpoint, the registry of mountable
 * file system types, and path strings (Linux's d_path). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/inode.h"

static struct list_node vfs_mounts = LIST_INIT(vfs_mounts);
static struct vfs_mount *root_mount;
static int next_mount_id = 1;

struct vfs_mount *vfs_mount_add(struct vfs_super *sb, struct vfs_dentry *root,
				struct vfs_path *mountpoint, unsigned flags,
				const char *source)
{
	struct vfs_mount *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->sb = sb;
	m->root = root;
	vfs_dentry_get(root);
	m->flags = flags;
	m->id = next_mount_id++;
	snprintf(m->source, sizeof(m->source), "%s", source ? source : "none");
	if (mountpoint) {
		m->parent = mountpoint->mnt;
		m->mountpoint = mountpoint->dentry;
		vfs_dentry_get(m->mountpoint);
		m->mountpoint->mounted++;
	} else {
		root_mount = m;
	}
	list_add_tail(&vfs_mounts, &m->link);
	return m;
}

struct vfs_mount *vfs_mount_lookup(struct vfs_mount *mnt, struct vfs_dentry *d)
{
	if (!d->mounted)
		return NULL;
	struct vfs_mount *found = NULL;
	/* The last mount wins: mounts stack. */
	list_for_each(n, &vfs_mounts) {
		struct vfs_mount *m = container_of(n, struct vfs_mount, link);
		if (m->parent == mnt && m->mountpoint == d)
			found = m;
	}
	return found;
}

void vfs_root_path(struct vfs_path *out)
{
	vfs_lock();
	out->mnt = root_mount;
	out->dentry = root_mount ? root_mount->root : NULL;
	if (out->dentry)
		vfs_dentry_get(out->dentry);
	vfs_unlock();
}

void vfs_mounts_foreach(void (*fn)(struct vfs_mount *m, void *arg), void *arg)
{
	vfs_lock();
	list_for_each(n, &vfs_mounts)
		fn(container_of(n, struct vfs_mount, link), arg);
	vfs_unlock();
}

/* ---- file system types */
#define MAX_FSTYPES 16
static struct {
	char name[16];
	vfs_mount_fn mount;
} fstypes[MAX_FSTYPES];
static int nr_fstypes;

int vfs_register_filesystem(const char *name, vfs_mount_fn mount)
{
	vfs_lock();
	int err = 0;
	if (vfs_find_filesystem(name))
		err = -EBUSY;
	else if (nr_fstypes == MAX_FSTYPES)
		err = -ENOSPC;
	else {
		snprintf(fstypes[nr_fstypes].name, sizeof(fstypes[0].name), "%s", name);
		fstypes[nr_fstypes++].mount = mount;
	}
	vfs_unlock();
	return err;
}

vfs_mount_fn vfs_find_filesystem(const char *name)
{
	for (int i = 0; i < nr_fstypes; i++)
		if (strcmp(fstypes[i].name, name) == 0)
			return fstypes[i].mount;
	return NULL;
}

/* ---- paths */
void vfs_path_get(const struct vfs_path *p)
{
	if (p->dentry)
		vfs_dentry_get(p->dentry);
}

void vfs_path_put(struct vfs_path *p)
{
	if (p->dentry)
		vfs_dentry_put(p->dentry);
	p->dentry = NULL;
	p->mnt = NULL;
}

bool vfs_path_equal(const struct vfs_path *a, const struct vfs_path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/* One step of a walk from (mnt, d) up towards root (NULL: the top),
 * crossing mounts as Linux's follow_up does. */
enum walk_up_step {
	WALK_UP_AT_ROOT, /* (mnt, d) is root: nothing moved */
	WALK_UP_AT_TOP,  /* d is the root of the top mount: nowhere to go */
	WALK_UP_CROSSED, /* (mnt, d) is now the mountpoint in the parent */
	WALK_UP_IN_MOUNT, /* d is not its mount's root: the caller goes on */
};

static enum walk_up_step walk_up(struct vfs_mount **mnt, struct vfs_dentry **d,
				 const struct vfs_path *root)
{
	if (root && *mnt == root->mnt && *d == root->dentry)
		return WALK_UP_AT_ROOT;
	if (*d != (*mnt)->root)
		return WALK_UP_IN_MOUNT;
	if (!(*mnt)->parent)
		return WALK_UP_AT_TOP;
	*d = (*mnt)->mountpoint;
	*mnt = (*mnt)->parent;
	return WALK_UP_CROSSED;
}

bool vfs_path_is_under(const struct vfs_path *p, const struct vfs_path *root)
{
	vfs_lock();
	struct vfs_mount *mnt = p->mnt;
	struct vfs_dentry *d = p->dentry;
	bool under = false;
	for (;;) {
		enum walk_up_step step = walk_up(&mnt, &d, root);
		if (step == WALK_UP_AT_ROOT)
			under = true;
		if (step == WALK_UP_AT_ROOT || step == WALK_UP_AT_TOP)
			break;
		if (step == WALK_UP_CROSSED)
			continue;
		if (d->parent == d)
			break; /* a detached root: below nothing */
		d = d->parent;
	}
	vfs_unlock();
	return under;
}

int vfs_path_string(const struct vfs_path *p, const struct vfs_path *root,
		    char *buf, size_t size)
{
	if (size < 2)
		return -ENAMETOOLONG;
	vfs_lock();
	/* Build from the end of buf backwards, as Linux's prepend_path. */
	char *end = buf + size - 1;
	char *s = end;
	*s = '\0';
	struct vfs_mount *mnt = p->mnt;
	struct vfs_dentry *d = p->dentry;
	bool deleted = !d->hashed && d->parent != d;
	int err = 0;
	for (;;) {
		enum walk_up_step step = walk_up(&mnt, &d, root);
		if (step == WALK_UP_AT_ROOT || step == WALK_UP_AT_TOP)
			break;
		if (step == WALK_UP_CROSSED)
			continue;
		size_t len = strlen(d->name);
		if ((size_t)(s - buf) < len + 1) {
			err = -ENAMETOOLONG;
			break;
		}
		s -= len;
		memcpy(s, d->name, len);
		*--s = '/';
		d = d->parent;
	}
	vfs_unlock();
	if (err)
		return err;
	if (s == end)
		*--s = '/';
	size_t len = (size_t)(end - s);
	memmove(buf, s, len + 1);
	if (deleted) {
		static const char suffix[] = " (deleted)";
		if (len + sizeof(suffix) > size)
			return -ENAMETOOLONG;
		memcpy(buf + len, suffix, sizeof(suffix));
		len += sizeof(suffix) - 1;
	}
	return (int)len;
}
