/* /proc/PID/mounts and /proc/PID/mountinfo (Linux's fs/proc_namespace.c),
 * from the VFS's mount table. The sandbox has one mount namespace, so every
 * process shows the same table; mount points are written as seen from the
 * reading task's root. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include "fs/fs_context.h"
#include "fs/proc/proc_internal.h"
#include "sentry/task.h"

struct mounts_walk {
	struct proc_buf *b;
	struct vfs_path root; /* the reader's root */
	bool info;            /* mountinfo format */
	char *path;           /* scratch, PATH_MAX */
};

static void put_mount_flags(struct proc_buf *b, unsigned flags)
{
	pb_puts(b, (flags & VFS_MNT_RDONLY) ? "ro" : "rw");
	if (flags & VFS_MNT_NOSUID)
		pb_puts(b, ",nosuid");
	if (flags & VFS_MNT_NODEV)
		pb_puts(b, ",nodev");
	if (flags & VFS_MNT_NOEXEC)
		pb_puts(b, ",noexec");
	pb_puts(b, ",relatime");
}

/* The path of d inside its own file system (mountinfo's 4th field). */
static void put_root_in_fs(struct proc_buf *b, struct vfs_dentry *d, char *scratch, size_t size)
{
	char *end = scratch + size - 1, *s = end;
	*s = '\0';
	while (d->parent != d) {
		size_t len = strlen(d->name);
		if ((size_t)(s - scratch) < len + 1)
			break;
		s -= len;
		memcpy(s, d->name, len);
		*--s = '/';
		d = d->parent;
	}
	pb_escape_path(b, s == end ? "/" : s);
}

static void show_mount(struct vfs_mount *m, void *arg)
{
	struct mounts_walk *w = arg;
	struct vfs_path here = { m, m->root };
	int len = vfs_path_string(&here, w->root.dentry ? &w->root : NULL, w->path, 4096);
	if (len < 0)
		return;
	const char *fstype = m->sb && m->sb->fstype ? m->sb->fstype : "none";
	const char *source = m->source[0] ? m->source : "none";
	if (!w->info) {
		/* device mountpoint fstype options dump pass */
		pb_escape_path(w->b, source);
		pb_puts(w->b, " ");
		pb_escape_path(w->b, w->path);
		pb_printf(w->b, " %s ", fstype);
		put_mount_flags(w->b, m->flags);
		pb_puts(w->b, " 0 0\n");
		return;
	}
	/* id parent major:minor root mountpoint options - fstype source super */
	dev_t dev = m->sb ? m->sb->dev : 0;
	pb_printf(w->b, "%d %d %u:%u ", m->id, m->parent ? m->parent->id : m->id, major(dev),
		  minor(dev));
	char *scratch = malloc(4096);
	if (scratch) {
		put_root_in_fs(w->b, m->root, scratch, 4096);
		free(scratch);
	} else {
		pb_puts(w->b, "/");
	}
	pb_puts(w->b, " ");
	pb_escape_path(w->b, w->path);
	pb_puts(w->b, " ");
	put_mount_flags(w->b, m->flags);
	pb_printf(w->b, " - %s ", fstype);
	pb_escape_path(w->b, source);
	pb_puts(w->b, (m->flags & VFS_MNT_RDONLY) ? " ro\n" : " rw\n");
}

static int show_mounts(struct proc_node *n, struct proc_buf *b, bool info)
{
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, PROC_WANT_FS, &p);
	if (err)
		return err;
	struct mounts_walk w = { .b = b, .info = info, .path = malloc(4096) };
	if (!w.path) {
		proc_pinfo_put(&p);
		return -ENOMEM;
	}
	/* Mount points are shown as the reader sees them (Linux: the
	 * reader's root; the mount namespace is the process's, and there is
	 * only one). */
	struct task *cur = task_current();
	if (cur && cur->fs)
		fs_context_get_root(cur->fs, &w.root);
	else if (p.fs)
		fs_context_get_root(p.fs, &w.root);
	proc_pinfo_put(&p);
	vfs_mounts_foreach(show_mount, &w);
	vfs_path_put(&w.root);
	free(w.path);
	return 0;
}

int proc_show_mounts(struct proc_node *n, struct proc_buf *b)
{
	return show_mounts(n, b, false);
}

int proc_show_mountinfo(struct proc_node *n, struct proc_buf *b)
{
	return show_mounts(n, b, true);
}
