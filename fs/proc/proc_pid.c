/* The process part of /proc (Linux's fs/proc/base.c and fs/proc/root.c):
 * the root directory (fixed entries, then one directory per thread group),
 * /proc/PID/ and its table of entries, and /proc/PID/task/ with one
 * directory per thread. Ids are the sandbox's virtual pids. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/proc/proc_internal.h"
#include "sentry/kernel.h"

/* Directory positions of dynamic entries: after the fixed table. */
#define PROC_PID_POS_BASE 0x10000

/* A decimal id as Linux accepts it in /proc (no sign, no leading zero). */
static pid_t parse_id(const char *name)
{
	if (name[0] < '1' || name[0] > '9')
		return 0;
	long v = 0;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
		if (v > KERNEL_PID_MAX)
			return 0;
	}
	return (pid_t)v;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

/* Emits sorted ids >= from as directories named by number; pos = base + id. */
static int emit_ids(struct proc_node *dir, struct dir_context *ctx, int64_t base,
		    pid_t *ids, size_t n)
{
	qsort(ids, n, sizeof(*ids), cmp_pid);
	for (size_t i = 0; i < n; i++) {
		int64_t pos = base + ids[i];
		if (pos < ctx->pos)
			continue;
		char name[16];
		int len = snprintf(name, sizeof(name), "%d", ids[i]);
		if (!ctx->actor(ctx, name, (size_t)len, proc_ino(dir->vi.ino, name), DT_DIR, pos + 1))
			return 0;
		ctx->pos = pos + 1;
	}
	return 0;
}

/* ---- /proc itself */
int proc_pid_lookup(struct proc_node *root, const char *name, struct vfs_inode **out)
{
	pid_t id = parse_id(name);
	if (!id)
		return -ENOENT;
	struct proc_node *n = proc_node_new(root, &proc_pid_dir_entry, name);
	if (!n)
		return -ENOMEM;
	n->pid = id;
	n->tid = 0;
	/* A thread group's id, or a thread's (hidden from readdir). */
	int err = proc_node_refresh(n);
	if (err) {
		vfs_inode_put(&n->vi);
		return err;
	}
	*out = &n->vi;
	return 0;
}

int proc_pid_iterate(struct proc_node *root, struct dir_context *ctx, int64_t base)
{
	pthread_mutex_lock(&kernel.lock);
	size_t cap = 64, n = 0;
	pid_t *ids = malloc(cap * sizeof(*ids));
	list_for_each(pos, &kernel.thread_groups) {
		struct thread_group *tg = container_of(pos, struct thread_group, all_link);
		if (!ids || tg->state == TG_DEAD || base + tg->tgid < ctx->pos)
			continue;
		if (n == cap) {
			pid_t *bigger = realloc(ids, 2 * cap * sizeof(*ids));
			if (!bigger) {
				free(ids);
				ids = NULL;
				continue;
			}
			ids = bigger;
			cap *= 2;
		}
		ids[n++] = tg->tgid;
	}
	pthread_mutex_unlock(&kernel.lock);
	if (!ids)
		return -ENOMEM;
	int err = emit_ids(root, ctx, base, ids, n);
	free(ids);
	return err;
}

static int root_lookup(struct proc_node *dir, const char *name, struct vfs_inode **out)
{
	int err = proc_lookup_table(dir, proc_root_entries, name, 0, out);
	if (err != -ENOENT)
		return err;
	return proc_pid_lookup(dir, name, out);
}

static int root_iterate(struct proc_node *dir, struct dir_context *ctx)
{
	bool full;
	proc_iterate_table(dir, proc_root_entries, 0, ctx, &full);
	if (full)
		return 0;
	if (ctx->pos < PROC_PID_POS_BASE)
		ctx->pos = PROC_PID_POS_BASE;
	return proc_pid_iterate(dir, ctx, PROC_PID_POS_BASE);
}

const struct proc_dir_ops proc_root_dir_ops = {
	.lookup = root_lookup,
	.iterate = root_iterate,
};

/* ---- /proc/PID/task */
static int task_lookup(struct proc_node *dir, const char *name, struct vfs_inode **out)
{
	pid_t tid = parse_id(name);
	if (!tid)
		return -ENOENT;
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg;
	struct task *unused;
	struct task *t = kernel_find_task(tid);
	bool ok = t && !proc_resolve_locked(dir, &tg, &unused, NULL) && t->tg == tg;
	pthread_mutex_unlock(&kernel.lock);
	if (!ok)
		return -ENOENT;
	struct proc_node *n = proc_node_new(dir, &proc_tid_dir_entry, name);
	if (!n)
		return -ENOMEM;
	n->tid = tid;
	int err = proc_node_refresh(n);
	if (err) {
		vfs_inode_put(&n->vi);
		return err;
	}
	*out = &n->vi;
	return 0;
}

static int task_iterate(struct proc_node *dir, struct dir_context *ctx)
{
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg;
	struct task *unused;
	if (proc_resolve_locked(dir, &tg, &unused, NULL))
		tg = NULL;
	size_t n = 0;
	pid_t *ids = NULL;
	if (tg) {
		size_t cap = 1;
		list_for_each(pos, &tg->threads)
			cap++;
		ids = malloc(cap * sizeof(*ids));
		if (ids) {
			list_for_each(pos, &tg->threads)
				ids[n++] = container_of(pos, struct task, tg_link)->tid;
		}
	}
	pthread_mutex_unlock(&kernel.lock);
	if (!tg)
		return -ENOENT;
	if (!ids)
		return -ENOMEM;
	int err = emit_ids(dir, ctx, 2, ids, n);
	free(ids);
	return err;
}

const struct proc_dir_ops proc_task_dir_ops = {
	.lookup = task_lookup,
	.iterate = task_iterate,
};

/* ---- /proc/PID and /proc/PID/task/TID: one table, the thread view
 * leaves out what only makes sense per process (Linux's tgid_base_stuff
 * and tid_base_stuff). */
#define REG(n, m, s) { .name = n, .mode = S_IFREG | (m), .show = s }
#define REGW(n, m, s, w) { .name = n, .mode = S_IFREG | (m), .show = s, .write = w }
#define MAGIC(n, r, g) { .name = n, .mode = S_IFLNK | 0777, .readlink = r, .get_link = g }

static const struct proc_entry pid_entries[] = {
	{ .name = "task", .mode = S_IFDIR | 0555, .flags = PROC_E_NOT_IN_TASK,
	  .dir = &proc_task_dir_ops },
	{ .name = "fd", .mode = S_IFDIR | 0500, .dir = &proc_fd_dir_ops },
	{ .name = "fdinfo", .mode = S_IFDIR | 0500, .dir = &proc_fdinfo_dir_ops },
	REG("environ", 0400, proc_show_environ),
	REG("status", 0444, proc_show_pid_status),
	REG("personality", 0400, proc_show_personality),
	REG("limits", 0444, proc_show_limits),
	REGW("comm", 0644, proc_show_comm, proc_write_comm),
	REG("cmdline", 0444, proc_show_cmdline),
	REG("stat", 0444, proc_show_pid_stat),
	REG("statm", 0444, proc_show_pid_statm),
	REG("maps", 0444, proc_show_maps),
	MAGIC("cwd", proc_readlink_cwd, proc_get_link_cwd),
	MAGIC("root", proc_readlink_root, proc_get_link_root),
	MAGIC("exe", proc_readlink_exe, proc_get_link_exe),
	REG("mounts", 0444, proc_show_mounts),
	REG("mountinfo", 0444, proc_show_mountinfo),
	REG("wchan", 0444, proc_show_wchan),
	REG("cgroup", 0444, proc_show_cgroup),
	REG("oom_score", 0444, proc_show_oom_score),
	REGW("oom_adj", 0644, proc_show_oom_adj, proc_write_oom_adj),
	REGW("oom_score_adj", 0644, proc_show_oom_score_adj, proc_write_oom_score_adj),
	REG("loginuid", 0644, proc_show_unset_id),
	REG("sessionid", 0444, proc_show_unset_id),
	REG("uid_map", 0644, proc_show_id_map),
	REG("gid_map", 0644, proc_show_id_map),
	REG("setgroups", 0644, proc_show_setgroups),
	{ .name = "coredump_filter", .mode = S_IFREG | 0644, .flags = PROC_E_NOT_IN_TASK,
	  .show = proc_show_coredump_filter },
	{ 0 },
};

static int pid_dir_lookup(struct proc_node *dir, const char *name, struct vfs_inode **out)
{
	return proc_lookup_table(dir, pid_entries, name, 0, out);
}

static int pid_dir_iterate(struct proc_node *dir, struct dir_context *ctx)
{
	bool full;
	proc_iterate_table(dir, pid_entries, 0, ctx, &full);
	return 0;
}

static int tid_dir_lookup(struct proc_node *dir, const char *name, struct vfs_inode **out)
{
	return proc_lookup_table(dir, pid_entries, name, PROC_E_NOT_IN_TASK, out);
}

static int tid_dir_iterate(struct proc_node *dir, struct dir_context *ctx)
{
	bool full;
	proc_iterate_table(dir, pid_entries, PROC_E_NOT_IN_TASK, ctx, &full);
	return 0;
}

const struct proc_dir_ops proc_pid_dir_ops = {
	.lookup = pid_dir_lookup,
	.iterate = pid_dir_iterate,
};

static const struct proc_dir_ops tid_dir_ops = {
	.lookup = tid_dir_lookup,
	.iterate = tid_dir_iterate,
};

const struct proc_entry proc_pid_dir_entry = {
	.name = "pid",
	.mode = S_IFDIR | 0555,
	.dir = &proc_pid_dir_ops,
};

const struct proc_entry proc_tid_dir_entry = {
	.name = "tid",
	.mode = S_IFDIR | 0555,
	.dir = &tid_dir_ops,
};
