/* fs contexts: root, cwd and umask of tasks (see fs/fs_context.h). */
#include <errno.h>
#include <stdlib.h>
#include "fs/fs_context.h"
#include "fs/namei.h"

struct fs_context *fs_context_new(void)
{
	struct fs_context *fs = calloc(1, sizeof(*fs));
	if (!fs)
		return NULL;
	atomic_init(&fs->refs, 1);
	pthread_mutex_init(&fs->lock, NULL);
	vfs_root_path(&fs->root);
	vfs_root_path(&fs->cwd);
	atomic_init(&fs->umask, 022);
	return fs;
}

struct fs_context *fs_context_copy(struct fs_context *old)
{
	struct fs_context *fs = calloc(1, sizeof(*fs));
	if (!fs)
		return NULL;
	atomic_init(&fs->refs, 1);
	pthread_mutex_init(&fs->lock, NULL);
	fs_context_get_root(old, &fs->root);
	fs_context_get_cwd(old, &fs->cwd);
	atomic_init(&fs->umask, atomic_load(&old->umask));
	return fs;
}

void fs_context_get(struct fs_context *fs)
{
	atomic_fetch_add(&fs->refs, 1);
}

void fs_context_put(struct fs_context *fs)
{
	if (!fs || atomic_fetch_sub(&fs->refs, 1) != 1)
		return;
	vfs_path_put(&fs->root);
	vfs_path_put(&fs->cwd);
	pthread_mutex_destroy(&fs->lock);
	free(fs);
}

void fs_context_get_root(struct fs_context *fs, struct vfs_path *out)
{
	pthread_mutex_lock(&fs->lock);
	*out = fs->root;
	vfs_path_get(out);
	pthread_mutex_unlock(&fs->lock);
}

void fs_context_get_cwd(struct fs_context *fs, struct vfs_path *out)
{
	pthread_mutex_lock(&fs->lock);
	*out = fs->cwd;
	vfs_path_get(out);
	pthread_mutex_unlock(&fs->lock);
}

void fs_context_set_cwd(struct fs_context *fs, const struct vfs_path *p)
{
	struct vfs_path old;
	vfs_path_get(p);
	pthread_mutex_lock(&fs->lock);
	old = fs->cwd;
	fs->cwd = *p;
	pthread_mutex_unlock(&fs->lock);
	vfs_path_put(&old);
}

void fs_context_set_root(struct fs_context *fs, const struct vfs_path *p)
{
	struct vfs_path old;
	vfs_path_get(p);
	pthread_mutex_lock(&fs->lock);
	old = fs->root;
	fs->root = *p;
	pthread_mutex_unlock(&fs->lock);
	vfs_path_put(&old);
}

int fs_context_chdir(struct fs_context *fs, const char *path)
{
	struct vfs_path p;
	int err = vfs_lookup_from(NULL, fs, NULL, path, VFS_LOOKUP_FOLLOW | VFS_LOOKUP_DIRECTORY, &p);
	if (err)
		return err;
	if (!S_ISDIR(p.dentry->inode->mode)) {
		vfs_path_put(&p);
		return -ENOTDIR;
	}
	fs_context_set_cwd(fs, &p);
	vfs_path_put(&p);
	return 0;
}
