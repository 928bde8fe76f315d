/* Helpers shared by the VFS unit tests: a tmpfs-rooted VFS and a fake task
 * carrying only what the VFS reads (credentials, fs context, fd table), so
 * the tests need no running sentry. */
#pragma once
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include "fs/fdtable.h"
#include "fs/fs_context.h"
#include "fs/inode.h"
#include "fs/vfs_ops.h"
#include "sentry/task.h"

struct fake_task {
	struct task t;
	struct thread_group tg;
};

static inline void fake_task_init(struct fake_task *ft, uid_t uid, gid_t gid)
{
	memset(ft, 0, sizeof(*ft));
	ft->t.tg = &ft->tg;
	cred_init_root(&ft->tg.cred);
	ft->tg.cred.uid = ft->tg.cred.euid = ft->tg.cred.suid = ft->tg.cred.fsuid = uid;
	ft->tg.cred.gid = ft->tg.cred.egid = ft->tg.cred.sgid = ft->tg.cred.fsgid = gid;
	ft->t.fs = fs_context_new();
	ft->t.fdt = fd_table_new();
	for (int i = 0; i < RLIM_NLIMITS; i++)
		ft->tg.rlimits[i].rlim_cur = ft->tg.rlimits[i].rlim_max = RLIM_INFINITY;
	ft->tg.rlimits[RLIMIT_NOFILE].rlim_cur = 1024;
}

/* Creates path with data as content (kernel credentials). */
static inline void put_file(const char *path, const char *data)
{
	struct vfs_file *f;
	int err = vfs_openat(NULL, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, 0644, &f);
	cr_assert_eq(err, 0, "create %s: %d", path, err);
	off_t pos = 0;
	cr_assert_eq(f->ops->write(f, NULL, data, strlen(data), &pos), (ssize_t)strlen(data));
	vfs_file_put(f);
}

/* Reads path into buf (NUL-terminated); returns the length or -errno. */
static inline ssize_t get_file(const char *path, char *buf, size_t size)
{
	struct vfs_file *f;
	int err = vfs_openat(NULL, AT_FDCWD, path, O_RDONLY, 0, &f);
	if (err)
		return err;
	off_t pos = 0;
	ssize_t n = f->ops->read(f, NULL, buf, size - 1, &pos);
	vfs_file_put(f);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

struct name_list {
	struct dir_context ctx;
	char names[64][64];
	int n;
};

static inline bool name_list_actor(struct dir_context *ctx, const char *name, size_t len,
				   uint64_t ino, unsigned dtype, int64_t next)
{
	struct name_list *l = container_of(ctx, struct name_list, ctx);
	if (l->n == 64)
		return false;
	snprintf(l->names[l->n++], 64, "%.*s", (int)len, name);
	return true;
}

/* Lists a directory (including "." and ".."). */
static inline int list_dir(const char *path, struct name_list *l)
{
	memset(l, 0, sizeof(*l));
	l->ctx.actor = name_list_actor;
	struct vfs_file *f;
	int err = vfs_openat(NULL, AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0, &f);
	if (err)
		return err;
	err = vfs_iterate_dir(f, &l->ctx);
	vfs_file_put(f);
	return err;
}

static inline bool name_list_has(const struct name_list *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->names[i], name) == 0)
			return true;
	return false;
}
