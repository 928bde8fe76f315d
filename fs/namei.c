/* Path resolution; see fs/namei.h for the rules and Linux's fs/namei.c
 * (link_path_walk, walk_component, follow_dotdot, trailing symlinks) for the
 * structure this follows. All of it runs under vfs_lock, so the dentries it
 * passes cannot be renamed or unlinked under it; references are still taken
 * on nd->cur and nd->root because the results outlive the lock. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "fs/fs_context.h"
#include "fs/namei.h"
#include "fs/proc/procfs.h"
#include "sentry/task.h"

#define MAX_SYMLINKS 40
#define NAME_MAX_LEN 255

const struct cred *vfs_task_cred(struct task *t)
{
	return t && t->tg ? &t->tg->cred : NULL;
}

unsigned vfs_at_lookup_flags(int at_flags)
{
	unsigned lf = (at_flags & AT_SYMLINK_NOFOLLOW) ? 0 : VFS_LOOKUP_FOLLOW;
	if (at_flags & AT_EMPTY_PATH)
		lf |= VFS_LOOKUP_EMPTY;
	return lf;
}

mode_t vfs_task_umask(struct task *t)
{
	return t && t->fs ? atomic_load(&t->fs->umask) : 022;
}

static void path_replace(struct vfs_path *dst, struct vfs_path src)
{
	vfs_path_put(dst);
	*dst = src;
}

/* Descends into whatever is mounted on p (stacked mounts: the topmost). */
static void follow_mounts(struct vfs_path *p)
{
	struct vfs_mount *m;
	while ((m = vfs_mount_lookup(p->mnt, p->dentry))) {
		vfs_dentry_get(m->root);
		vfs_dentry_put(p->dentry);
		p->mnt = m;
		p->dentry = m->root;
	}
}

static void follow_dotdot(struct nameidata *nd)
{
	for (;;) {
		if (vfs_path_equal(&nd->cur, &nd->root))
			return; /* chroot: ".." of the root is the root */
		if (nd->cur.dentry != nd->cur.mnt->root) {
			struct vfs_dentry *parent = nd->cur.dentry->parent;
			vfs_dentry_get(parent);
			vfs_dentry_put(nd->cur.dentry);
			nd->cur.dentry = parent;
			break;
		}
		if (!nd->cur.mnt->parent)
			return; /* the global root */
		struct vfs_path up = { nd->cur.mnt->parent, nd->cur.mnt->mountpoint };
		vfs_dentry_get(up.dentry);
		path_replace(&nd->cur, up);
	}
	follow_mounts(&nd->cur);
}

static int link_path_walk(struct nameidata *nd, const char *name);

/* Reads the body of the symlink at p into a fresh buffer. */
static int read_link_body(struct vfs_inode *inode, char **out)
{
	if (!inode->iops || !inode->iops->readlink)
		return -EINVAL;
	char *buf = malloc(4096);
	if (!buf)
		return -ENOMEM;
	ssize_t n = inode->iops->readlink(inode, buf, 4095);
	if (n < 0) {
		free(buf);
		return (int)n;
	}
	buf[n] = '\0';
	if (n == 0) {
		free(buf);
		return -ENOENT;
	}
	*out = buf;
	return 0;
}

int nd_complete_last(struct nameidata *nd, bool follow, struct vfs_path *out)
{
	nd->last_missing = false;
	for (;;) {
		switch (nd->last_type) {
		case VFS_LAST_DOTDOT:
			follow_dotdot(nd);
			/* fallthrough */
		case VFS_LAST_ROOT:
		case VFS_LAST_DOT:
			*out = nd->cur;
			vfs_path_get(out);
			return 0;
		}
		struct vfs_dentry *d;
		int err = vfs_dentry_lookup(nd->cur.dentry, nd->last, &d);
		if (err) {
			nd->last_missing = err == -ENOENT;
			return err;
		}
		struct vfs_path child = { nd->cur.mnt, d };
		follow_mounts(&child);
		struct vfs_inode *inode = child.dentry->inode;
		if (!S_ISLNK(inode->mode) || !(follow || nd->trailing_slash)) {
			*out = child;
			return 0;
		}
		bool trailing = nd->trailing_slash;
		if (++nd->depth > MAX_SYMLINKS) {
			vfs_path_put(&child);
			return -ELOOP;
		}
		if (procfs_is_magic_link(inode)) {
			/* /proc/PID/fd/N and friends lead to the object itself,
			 * not to the path their body spells (Linux's
			 * nd_jump_link): an unlinked file or an O_TMPFILE
			 * stays reachable. */
			struct vfs_file *file = NULL;
			err = procfs_magic_link(inode, out, &file);
			vfs_path_put(&child);
			if (file)
				vfs_file_put(file);
			if (!err && !out->dentry)
				err = -ENOENT;
			return err;
		}
		char *body = NULL;
		err = read_link_body(inode, &body);
		vfs_path_put(&child);
		if (err)
			return err;
		err = link_path_walk(nd, body);
		free(body);
		if (err) {
			nd->last_missing = false;
			return err;
		}
		/* A trailing slash after the link applies to its target. */
		nd->trailing_slash |= trailing;
		follow = true;
	}
}

/* Walks an intermediate component (always following symlinks). */
static int walk_component(struct nameidata *nd, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		follow_dotdot(nd);
		return 0;
	}
	memcpy(nd->last, name, len);
	nd->last[len] = '\0';
	nd->last_type = VFS_LAST_NORM;
	nd->trailing_slash = false;
	struct vfs_path next;
	int err = nd_complete_last(nd, true, &next);
	if (err) {
		nd->last_missing = false;
		return err;
	}
	path_replace(&nd->cur, next);
	return 0;
}

/* Walks all components of name but the last, which it leaves in nd->last
 * (Linux's link_path_walk). */
static int link_path_walk(struct nameidata *nd, const char *name)
{
	if (*name == '/') {
		struct vfs_path r = nd->root;
		vfs_path_get(&r);
		path_replace(&nd->cur, r);
		while (*name == '/')
			name++;
		if (!*name) {
			nd->last_type = VFS_LAST_ROOT;
			nd->last[0] = '\0';
			nd->trailing_slash = false;
			return 0;
		}
	}
	if (!*name) {
		/* Only reachable for an empty path with AT_EMPTY_PATH. */
		nd->last_type = VFS_LAST_DOT;
		nd->last[0] = '\0';
		nd->trailing_slash = false;
		return 0;
	}
	for (;;) {
		struct vfs_inode *dir = nd->cur.dentry->inode;
		if (!S_ISDIR(dir->mode))
			return -ENOTDIR;
		int err = vfs_inode_permission(dir, nd->cred, VFS_MAY_EXEC);
		if (err)
			return err;
		const char *comp = name;
		size_t len = strcspn(name, "/");
		if (len > NAME_MAX_LEN)
			return -ENAMETOOLONG;
		name += len;
		bool slash = *name == '/';
		while (*name == '/')
			name++;
		if (!*name) {
			memcpy(nd->last, comp, len);
			nd->last[len] = '\0';
			nd->trailing_slash = slash;
			if (len == 1 && comp[0] == '.')
				nd->last_type = VFS_LAST_DOT;
			else if (len == 2 && comp[0] == '.' && comp[1] == '.')
				nd->last_type = VFS_LAST_DOTDOT;
			else
				nd->last_type = VFS_LAST_NORM;
			return 0;
		}
		err = walk_component(nd, comp, len);
		if (err)
			return err;
	}
}

int nd_start_from(struct nameidata *nd, const struct cred *cred, struct fs_context *fs,
		  const struct vfs_path *start, const char *path, unsigned flags)
{
	memset(nd, 0, sizeof(*nd));
	nd->cred = cred;
	if (fs)
		fs_context_get_root(fs, &nd->root);
	else
		vfs_root_path(&nd->root);
	if (!nd->root.dentry)
		return -ENOENT; /* no file system yet */
	if (!*path && !(flags & VFS_LOOKUP_EMPTY))
		return -ENOENT;
	if (start) {
		nd->cur = *start;
		vfs_path_get(&nd->cur);
	} else if (fs) {
		fs_context_get_cwd(fs, &nd->cur);
	} else {
		nd->cur = nd->root;
		vfs_path_get(&nd->cur);
	}
	return 0;
}

int nd_start(struct nameidata *nd, struct task *t, int dirfd, const char *path,
	     unsigned flags)
{
	struct fs_context *fs = t ? t->fs : NULL;
	if (path[0] == '/' || dirfd == AT_FDCWD || !t)
		return nd_start_from(nd, vfs_task_cred(t), fs, NULL, path, flags);
	memset(nd, 0, sizeof(*nd));
	if (!*path && !(flags & VFS_LOOKUP_EMPTY))
		return -ENOENT;
	struct vfs_file *f = fd_table_get_file(t->fdt, dirfd);
	if (!f)
		return -EBADF;
	int err = 0;
	if (!f->dentry)
		err = -ENOTDIR;
	else if (*path && !S_ISDIR(f->dentry->inode->mode))
		err = -ENOTDIR;
	if (!err) {
		struct vfs_path start = { f->mnt, f->dentry };
		err = nd_start_from(nd, vfs_task_cred(t), fs, &start, path, flags);
	}
	vfs_file_put(f);
	return err;
}

int nd_walk_parent(struct nameidata *nd, const char *path)
{
	return link_path_walk(nd, path);
}

void nd_cleanup(struct nameidata *nd)
{
	vfs_path_put(&nd->cur);
	vfs_path_put(&nd->root);
}

static int lookup_finish(struct nameidata *nd, const char *path, unsigned flags,
			 struct vfs_path *out)
{
	int err = nd_walk_parent(nd, path);
	if (!err)
		err = nd_complete_last(nd, flags & VFS_LOOKUP_FOLLOW, out);
	if (!err && (nd->trailing_slash || (flags & VFS_LOOKUP_DIRECTORY)) &&
	    !S_ISDIR(out->dentry->inode->mode)) {
		vfs_path_put(out);
		err = -ENOTDIR;
	}
	return err;
}

int vfs_lookup(struct task *t, int dirfd, const char *path, unsigned flags,
	       struct vfs_path *out)
{
	struct nameidata nd;
	vfs_lock();
	int err = nd_start(&nd, t, dirfd, path, flags);
	if (!err)
		err = lookup_finish(&nd, path, flags, out);
	nd_cleanup(&nd);
	vfs_unlock();
	return err;
}

int vfs_lookup_from(const struct cred *cred, struct fs_context *fs,
		    const struct vfs_path *start, const char *path, unsigned flags,
		    struct vfs_path *out)
{
	struct nameidata nd;
	vfs_lock();
	int err = nd_start_from(&nd, cred, fs, start, path, flags);
	if (!err)
		err = lookup_finish(&nd, path, flags, out);
	nd_cleanup(&nd);
	vfs_unlock();
	return err;
}
