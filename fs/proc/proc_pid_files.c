/* The smaller per-process files of /proc/PID (Linux's fs/proc/base.c):
 * cmdline and environ (read from the app's memory), comm, maps, limits,
 * the oom knobs, audit and namespace stubs that have one fixed answer in
 * the sandbox (loginuid, sessionid, cgroup, uid_map, ...), and the magic
 * links exe, cwd and root. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs/fs_context.h"
#include "fs/proc/proc_internal.h"
#include "sentry/kernel.h"
#include "sentry/mm.h"

/* ---- cmdline and environ */

/* Appends [start, end) of the process's memory to b. */
static int copy_mem(struct proc_node *n, uint64_t start, uint64_t end, struct proc_buf *b)
{
	char chunk[4096];
	while (start < end) {
		size_t want = end - start < sizeof(chunk) ? (size_t)(end - start) : sizeof(chunk);
		ssize_t r = proc_read_mem(n, start, chunk, want);
		if (r < 0)
			return b->len ? 0 : (int)r;
		if (r == 0)
			break;
		pb_write(b, chunk, (size_t)r);
		start += (uint64_t)r;
	}
	return 0;
}

/* Linux's get_mm_cmdline: argv as written at exec, unless the process
 * overwrote the final NUL (setproctitle), in which case the area up to the
 * first NUL, possibly running on into the environment. */
int proc_show_cmdline(struct proc_node *n, struct proc_buf *b)
{
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, 0, &p);
	if (err)
		return err;
	if (p.zombie || p.arg_start >= p.arg_end)
		return 0;
	uint64_t env_start = p.env_start, env_end = p.env_end;
	if (env_start != p.arg_end || env_end < env_start)
		env_start = env_end = p.arg_end;
	char last = 0;
	if (proc_read_mem(n, p.arg_end - 1, &last, 1) == 1 && last) {
		char page[4096];
		size_t want = env_end - p.arg_start;
		if (want > sizeof(page))
			want = sizeof(page);
		ssize_t r = proc_read_mem(n, p.arg_start, page, want);
		if (r <= 0)
			return 0;
		size_t len = strnlen(page, (size_t)r);
		if (len < (size_t)r)
			len++; /* the NUL found */
		pb_write(b, page, len);
		return 0;
	}
	return copy_mem(n, p.arg_start, p.arg_end, b);
}

int proc_show_environ(struct proc_node *n, struct proc_buf *b)
{
	if (!proc_may_access(n))
		return -EACCES;
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, 0, &p);
	if (err)
		return err;
	if (p.zombie || p.env_start >= p.env_end)
		return 0;
	return copy_mem(n, p.env_start, p.env_end, b);
}

/* ---- comm */
int proc_show_comm(struct proc_node *n, struct proc_buf *b)
{
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, 0, &p);
	if (err)
		return err;
	pb_printf(b, "%s\n", p.comm);
	return 0;
}

/* Linux's comm_write: the first 15 bytes, newline and all, and only for a
 * thread of the writer's own group (-EINVAL otherwise). */
ssize_t proc_write_comm(struct proc_node *n, struct task *t, const char *buf, size_t len)
{
	char name[16] = { 0 };
	memcpy(name, buf, len < sizeof(name) - 1 ? len : sizeof(name) - 1);
	struct task *cur = t ? t : task_current();
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg = NULL;
	struct task *target = NULL;
	if (proc_resolve_locked(n, &tg, &target, NULL))
		target = NULL;
	ssize_t r = (ssize_t)len;
	if (!target)
		r = -ESRCH;
	else if (cur && cur->tg != tg)
		r = -EINVAL;
	else
		memcpy(target->comm, name, sizeof(name));
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

/* ---- maps */
int proc_show_maps(struct proc_node *n, struct proc_buf *b)
{
	if (!proc_may_access(n))
		return -EACCES;
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, PROC_WANT_MM, &p);
	if (err)
		return err;
	if (!p.mm)
		return 0;
	/* mm_format_maps stops at the last whole line that fits: grow until
	 * a line's worth of room is left over. */
	size_t size = 64 * 1024;
	char *text = NULL;
	size_t len = 0;
	for (;;) {
		char *bigger = realloc(text, size);
		if (!bigger) {
			err = -ENOMEM;
			break;
		}
		text = bigger;
		len = mm_format_maps(p.mm, text, size);
		if (len + 8192 < size)
			break;
		size *= 2;
	}
	if (!err)
		pb_write(b, text, len);
	free(text);
	proc_pinfo_put(&p);
	return err;
}

/* ---- limits (Linux's proc_pid_limits) */
static const struct {
	const char *name, *unit;
} limit_names[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { "Max cpu time", "seconds" },
	[RLIMIT_FSIZE] = { "Max file size", "bytes" },
	[RLIMIT_DATA] = { "Max data size", "bytes" },
	[RLIMIT_STACK] = { "Max stack size", "bytes" },
	[RLIMIT_CORE] = { "Max core file size", "bytes" },
	[RLIMIT_RSS] = { "Max resident set", "bytes" },
	[RLIMIT_NPROC] = { "Max processes", "processes" },
	[RLIMIT_NOFILE] = { "Max open files", "files" },
	[RLIMIT_MEMLOCK] = { "Max locked memory", "bytes" },
	[RLIMIT_AS] = { "Max address space", "bytes" },
	[RLIMIT_LOCKS] = { "Max file locks", "locks" },
	[RLIMIT_SIGPENDING] = { "Max pending signals", "signals" },
	[RLIMIT_MSGQUEUE] = { "Max msgqueue size", "bytes" },
	[RLIMIT_NICE] = { "Max nice priority", NULL },
	[RLIMIT_RTPRIO] = { "Max realtime priority", NULL },
	[RLIMIT_RTTIME] = { "Max realtime timeout", "us" },
};

int proc_show_limits(struct proc_node *n, struct proc_buf *b)
{
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, 0, &p);
	if (err)
		return err;
	pb_printf(b, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (int i = 0; i < RLIM_NLIMITS; i++) {
		const struct rlimit *rl = &p.rlimits[i];
		if (rl->rlim_cur == RLIM_INFINITY)
			pb_printf(b, "%-25s %-20s ", limit_names[i].name, "unlimited");
		else
			pb_printf(b, "%-25s %-20llu ", limit_names[i].name,
				  (unsigned long long)rl->rlim_cur);
		if (rl->rlim_max == RLIM_INFINITY)
			pb_printf(b, "%-20s ", "unlimited");
		else
			pb_printf(b, "%-20llu ", (unsigned long long)rl->rlim_max);
		if (limit_names[i].unit)
			pb_printf(b, "%-10s\n", limit_names[i].unit);
		else
			pb_puts(b, "\n");
	}
	return 0;
}

/* ---- oom_score_adj: kept here per process, keyed by (pid, start time) so
 * a reused pid starts from 0 again. */
#define OOM_ADJ_MIN (-1000)
#define OOM_ADJ_MAX 1000
#define OOM_DISABLE (-17)
#define OOM_ADJUST_MAX 15

struct oom_slot {
	pid_t tgid;
	uint64_t start;
	int adj;
};
static pthread_mutex_t oom_lock = PTHREAD_MUTEX_INITIALIZER;
static struct oom_slot *oom_slots;
static size_t oom_nslots;

static int oom_get(struct proc_node *n, int *adj)
{
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, 0, &p);
	if (err)
		return err;
	*adj = 0;
	pthread_mutex_lock(&oom_lock);
	for (size_t i = 0; i < oom_nslots; i++)
		if (oom_slots[i].tgid == p.tgid && oom_slots[i].start == p.start_ticks)
			*adj = oom_slots[i].adj;
	pthread_mutex_unlock(&oom_lock);
	return 0;
}

static int oom_set(struct proc_node *n, struct task *t, int adj)
{
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, 0, &p);
	if (err)
		return err;
	struct task *cur = t ? t : task_current();
	/* Lowering below 0 needs CAP_SYS_RESOURCE (Linux keeps a per-process
	 * minimum; the sandbox's unprivileged minimum is 0). */
	if (adj < 0 && cur && !cred_is_privileged(&cur->tg->cred))
		return -EACCES;
	pthread_mutex_lock(&oom_lock);
	struct oom_slot *slot = NULL;
	for (size_t i = 0; i < oom_nslots; i++) {
		if (oom_slots[i].tgid == p.tgid) {
			slot = &oom_slots[i];
			break;
		}
	}
	if (!slot) {
		struct oom_slot *bigger = realloc(oom_slots, (oom_nslots + 1) * sizeof(*bigger));
		if (!bigger) {
			pthread_mutex_unlock(&oom_lock);
			return -ENOMEM;
		}
		oom_slots = bigger;
		slot = &oom_slots[oom_nslots++];
	}
	slot->tgid = p.tgid;
	slot->start = p.start_ticks;
	slot->adj = adj;
	pthread_mutex_unlock(&oom_lock);
	return 0;
}

/* kstrtoint after strstrip, as Linux's oom writers parse. */
static int parse_int(const char *buf, size_t len, int *out)
{
	char tmp[32];
	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	char *s = tmp;
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	if (!*s)
		return -EINVAL;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno || v < -2147483647L - 1 || v > 2147483647L)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

int proc_show_oom_score_adj(struct proc_node *n, struct proc_buf *b)
{
	int adj, err = oom_get(n, &adj);
	if (!err)
		pb_printf(b, "%d\n", adj);
	return err;
}

ssize_t proc_write_oom_score_adj(struct proc_node *n, struct task *t, const char *buf,
				 size_t len)
{
	int v, err = parse_int(buf, len, &v);
	if (err)
		return err;
	if (v < OOM_ADJ_MIN || v > OOM_ADJ_MAX)
		return -EINVAL;
	err = oom_set(n, t, v);
	return err ? err : (ssize_t)len;
}

int proc_show_oom_adj(struct proc_node *n, struct proc_buf *b)
{
	int adj, err = oom_get(n, &adj);
	if (err)
		return err;
	int legacy = adj == OOM_ADJ_MAX ? OOM_ADJUST_MAX : adj * -OOM_DISABLE / OOM_ADJ_MAX;
	pb_printf(b, "%d\n", legacy);
	return 0;
}

ssize_t proc_write_oom_adj(struct proc_node *n, struct task *t, const char *buf, size_t len)
{
	int v, err = parse_int(buf, len, &v);
	if (err)
		return err;
	if (v < OOM_DISABLE || v > OOM_ADJUST_MAX)
		return -EINVAL;
	int adj = v == OOM_ADJUST_MAX ? OOM_ADJ_MAX : v * OOM_ADJ_MAX / -OOM_DISABLE;
	err = oom_set(n, t, adj);
	return err ? err : (ssize_t)len;
}

int proc_show_oom_score(struct proc_node *n, struct proc_buf *b)
{
	int adj, err = oom_get(n, &adj);
	if (err)
		return err;
	/* Linux's badness is memory share (per mille) plus the adjustment;
	 * the share is not known here, so it is the adjustment alone. */
	int score = adj < 0 ? 0 : adj;
	pb_printf(b, "%d\n", score);
	return 0;
}

/* ---- one fixed answer each in the sandbox */

/* loginuid and sessionid: never set (audit is not modelled); no newline,
 * as Linux prints them. */
int proc_show_unset_id(struct proc_node *n, struct proc_buf *b)
{
	pb_puts(b, "4294967295");
	return 0;
}

int proc_show_wchan(struct proc_node *n, struct proc_buf *b)
{
	pb_puts(b, "0");
	return 0;
}

int proc_show_cgroup(struct proc_node *n, struct proc_buf *b)
{
	pb_puts(b, "0::/\n"); /* cgroup v2, the root of the sandbox's hierarchy */
	return 0;
}

/* The sandbox's user namespace maps every id to itself. */
int proc_show_id_map(struct proc_node *n, struct proc_buf *b)
{
	pb_printf(b, "%10u %10u %10u\n", 0u, 0u, 4294967295u);
	return 0;
}

int proc_show_setgroups(struct proc_node *n, struct proc_buf *b)
{
	pb_puts(b, "allow\n");
	return 0;
}

int proc_show_personality(struct proc_node *n, struct proc_buf *b)
{
	if (!proc_may_access(n))
		return -EACCES;
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg;
	struct task *unused;
	if (proc_resolve_locked(n, &tg, &unused, NULL))
		tg = NULL;
	uint32_t pers = tg ? tg->personality : 0;
	pthread_mutex_unlock(&kernel.lock);
	if (!tg)
		return -ESRCH;
	pb_printf(b, "%08x\n", pers);
	return 0;
}

int proc_show_coredump_filter(struct proc_node *n, struct proc_buf *b)
{
	pb_puts(b, "00000033\n"); /* Linux's default filter */
	return 0;
}

/* ---- exe, cwd, root */
static int link_text(const struct vfs_path *p, char *buf, size_t size)
{
	return proc_path_string(p, buf, size);
}

int proc_get_link_exe(struct proc_node *n, struct vfs_path *path, struct vfs_file **file)
{
	if (!proc_may_access(n))
		return -EACCES;
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, PROC_WANT_EXE, &p);
	if (err)
		return err;
	if (!p.exe || !p.exe->dentry) {
		proc_pinfo_put(&p);
		return -ENOENT;
	}
	path->mnt = p.exe->mnt;
	path->dentry = p.exe->dentry;
	vfs_path_get(path);
	*file = NULL;
	proc_pinfo_put(&p);
	return 0;
}

int proc_readlink_exe(struct proc_node *n, char *buf, size_t size)
{
	struct vfs_path path;
	struct vfs_file *file;
	int err = proc_get_link_exe(n, &path, &file);
	if (err)
		return err;
	err = link_text(&path, buf, size);
	vfs_path_put(&path);
	return err;
}

static int fs_link(struct proc_node *n, bool root, struct vfs_path *path)
{
	if (!proc_may_access(n))
		return -EACCES;
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, PROC_WANT_FS, &p);
	if (err)
		return err;
	if (!p.fs) {
		proc_pinfo_put(&p);
		return -ENOENT;
	}
	if (root)
		fs_context_get_root(p.fs, path);
	else
		fs_context_get_cwd(p.fs, path);
	proc_pinfo_put(&p);
	return path->dentry ? 0 : -ENOENT;
}

int proc_get_link_cwd(struct proc_node *n, struct vfs_path *path, struct vfs_file **file)
{
	*file = NULL;
	return fs_link(n, false, path);
}

int proc_get_link_root(struct proc_node *n, struct vfs_path *path, struct vfs_file **file)
{
	*file = NULL;
	return fs_link(n, true, path);
}

int proc_readlink_cwd(struct proc_node *n, char *buf, size_t size)
{
	struct vfs_path path;
	int err = fs_link(n, false, &path);
	if (err)
		return err;
	err = link_text(&path, buf, size);
	vfs_path_put(&path);
	return err;
}

int proc_readlink_root(struct proc_node *n, char *buf, size_t size)
{
	struct vfs_path path;
	int err = fs_link(n, true, &path);
	if (err)
		return err;
	err = link_text(&path, buf, size);
	vfs_path_put(&path);
	return err;
}
