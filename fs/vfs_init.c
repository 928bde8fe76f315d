/* The mount tree the sandbox starts with (vfs_init), and the hooks that let
 * later file systems (procfs, sysfs) be mounted by name.
 *
 *   /          overlay(host root read-only, tmpfs) for runsc do and
 *              --overlay2=root:memory; the host root writable otherwise;
 *              a plain tmpfs when no host root is given (unit tests)
 *   /dev       devfs (a tmpfs with device nodes, fs/devfs.c)
 *   /dev/shm   tmpfs
 *   /tmp       tmpfs, except under an overlay root (runsc do)
 *   /proc      "proc" if registered, else an empty read-only tmpfs
 *   /sys       "sysfs" if registered, else an empty read-only tmpfs
 *
 * The host's /proc, /sys and /dev are never visible: each is covered by a
 * mount of ours. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include "fs/devfs.h"
#include "fs/gofer.h"
#include "fs/overlay.h"
#include "fs/tmpfs.h"
#include "fs/vfs_ops.h"

/* Looks up (creating if missing) the directory path for a mount. */
static int mountpoint_at(const char *path, struct vfs_path *out)
{
	int err = vfs_lookup_from(NULL, NULL, NULL, path, VFS_LOOKUP_FOLLOW, out);
	if (err == -ENOENT) {
		err = vfs_mkdirat(NULL, AT_FDCWD, path, 0755);
		if (!err)
			err = vfs_lookup_from(NULL, NULL, NULL, path, VFS_LOOKUP_FOLLOW, out);
	}
	if (!err && !S_ISDIR(out->dentry->inode->mode)) {
		vfs_path_put(out);
		err = -ENOTDIR;
	}
	return err;
}

int vfs_mount_root_at(const char *path, struct vfs_dentry *root, unsigned flags,
		      const char *source)
{
	struct vfs_path mp;
	int err = mountpoint_at(path, &mp);
	if (err)
		return err;
	vfs_lock();
	struct vfs_mount *m = vfs_mount_add(root->sb, root, &mp, flags, source);
	vfs_unlock();
	vfs_path_put(&mp);
	return m ? 0 : -ENOMEM;
}

static int mount_tmpfs_at(const char *path, mode_t mode, unsigned flags)
{
	struct vfs_super *sb = tmpfs_new_super(mode, 0, 0);
	if (!sb)
		return -ENOMEM;
	struct vfs_dentry *root = vfs_dentry_new_root(sb->root);
	if (!root)
		return -ENOMEM;
	int err = vfs_mount_root_at(path, root, flags, "tmpfs");
	vfs_dentry_put(root);
	return err;
}

/* Mounts a registered file system type at path; -ENODEV if none. */
static int mount_named(const char *fstype, const char *path, unsigned flags)
{
	vfs_mount_fn fn = vfs_find_filesystem(fstype);
	if (!fn)
		return -ENODEV;
	struct vfs_dentry *root = NULL;
	int err = fn(fstype, 0, NULL, &root);
	if (err)
		return err;
	err = vfs_mount_root_at(path, root, flags, fstype);
	vfs_dentry_put(root);
	return err;
}

int vfs_mount_procfs(void)
{
	return mount_named("proc", "/proc", VFS_MNT_NOSUID | VFS_MNT_NODEV | VFS_MNT_NOEXEC);
}

static int make_root(const struct vfs_config *cfg, struct vfs_dentry **root,
		     const char **source)
{
	struct vfs_super *sb;
	int err = 0;
	*source = "none";
	if (!cfg || !cfg->host_root) {
		sb = tmpfs_new_super(0755, 0, 0);
		if (!sb)
			return -ENOMEM;
		*source = "tmpfs";
	} else if (cfg->root_readonly_lower) {
		struct vfs_super *lower = gofer_new_super(cfg->host_root, true, &err);
		if (!lower)
			return err;
		struct vfs_super *upper = tmpfs_new_super(0755, 0, 0);
		if (!upper)
			return -ENOMEM;
		sb = overlay_new_super(lower, upper, &err);
		if (!sb)
			return err;
		*source = "overlay";
	} else {
		sb = gofer_new_super(cfg->host_root, false, &err);
		if (!sb)
			return err;
		*source = cfg->host_root;
	}
	vfs_inode_get(sb->root);
	*root = vfs_dentry_new_root(sb->root);
	return *root ? 0 : -ENOMEM;
}

int vfs_init(const struct vfs_config *cfg)
{
	tmpfs_register();
	struct vfs_dentry *root = NULL;
	const char *source;
	int err = make_root(cfg, &root, &source);
	if (err)
		return err;
	vfs_lock();
	struct vfs_mount *m = vfs_mount_add(root->sb, root, NULL, 0, source);
	vfs_unlock();
	vfs_dentry_put(root);
	if (!m)
		return -ENOMEM;

	struct vfs_super *dev = devfs_new_super(&err);
	if (!dev)
		return err;
	struct vfs_dentry *devroot = vfs_dentry_new_root(dev->root);
	vfs_inode_get(dev->root);
	err = vfs_mount_root_at("/dev", devroot, VFS_MNT_NOSUID | VFS_MNT_NOEXEC, "devtmpfs");
	vfs_dentry_put(devroot);
	if (err)
		return err;
	err = mount_tmpfs_at("/dev/shm", 01777, VFS_MNT_NOSUID | VFS_MNT_NODEV);
	/* With an overlay root (runsc do), /tmp stays the host's /tmp seen
	 * through the overlay: the caller's working directory there must
	 * exist inside, and writes still land only in the in-memory upper. */
	if (!err && !(cfg && cfg->root_readonly_lower))
		err = mount_tmpfs_at("/tmp", 01777, VFS_MNT_NOSUID | VFS_MNT_NODEV);
	if (err)
		return err;
	err = vfs_mount_procfs();
	if (err == -ENODEV)
		err = mount_tmpfs_at("/proc", 0555, VFS_MNT_RDONLY | VFS_MNT_NOSUID |
							  VFS_MNT_NODEV | VFS_MNT_NOEXEC);
	if (err)
		return err;
	err = mount_named("sysfs", "/sys", VFS_MNT_RDONLY | VFS_MNT_NOSUID | VFS_MNT_NODEV |
					     VFS_MNT_NOEXEC);
	if (err == -ENODEV)
		err = mount_tmpfs_at("/sys", 0555, VFS_MNT_RDONLY | VFS_MNT_NOSUID |
							 VFS_MNT_NODEV | VFS_MNT_NOEXEC);
	return err;
}
