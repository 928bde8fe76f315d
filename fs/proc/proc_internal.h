/* procfs internals shared by the files of fs/proc/.
 *
 * Every procfs inode is a struct proc_node: a generic inode plus a pointer
 * to the static description of what it is (struct proc_entry) and, for the
 * per-process part of the tree, the ids it is about. Nodes hold no pointer
 * to a process: every operation finds the process again by id under
 * kernel.lock, so a node of a process that is gone simply answers ENOENT
 * (lookup, stat, readlink) or ESRCH (read), as Linux does.
 *
 * Files are generated into a buffer at their first read (Linux's seq_file),
 * so one open file sees one snapshot and seeking works.
 *
 * Locking: lookup, iterate and readlink run with vfs_lock held (the VFS
 * calls them so); they take kernel.lock inside it, only long enough to copy
 * ids or take references. Lock order: vfs_lock -> kernel.lock -> mm->lock /
 * fd table lock. Generation at read time runs with no lock held. */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/proc/procfs.h"
#include "sentry/cred.h"

struct task;
struct thread_group;
struct mm;
struct fd_table;
struct fs_context;
struct proc_node;

/* ---- Output buffer (seq_file's buffer). Errors are sticky. */
struct proc_buf {
	char *data;
	size_t len, cap;
	int err;
};
void pb_write(struct proc_buf *b, const void *data, size_t n);
void pb_puts(struct proc_buf *b, const char *s);
void pb_printf(struct proc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Linux's seq_escape for mount paths: space, tab, newline, backslash as
 * \ooo octal. */
void pb_escape_path(struct proc_buf *b, const char *s);

/* ---- What a node is. */
struct proc_dir_ops {
	/* -ENOENT if name does not exist. *out is a new inode. */
	int (*lookup)(struct proc_node *dir, const char *name, struct vfs_inode **out);
	/* Emits entries from ctx->pos (>= 2) on. */
	int (*iterate)(struct proc_node *dir, struct dir_context *ctx);
};

#define PROC_E_NOT_IN_TASK 0x1 /* absent from /proc/PID/task/TID/ */

struct proc_entry {
	const char *name;
	mode_t mode; /* S_IF* | permissions */
	unsigned flags;
	/* Regular files: generate the contents. -errno fails the read. */
	int (*show)(struct proc_node *n, struct proc_buf *b);
	/* Writable files: the whole write (offset ignored, like most of
	 * /proc). Returns bytes consumed or -errno. */
	ssize_t (*write)(struct proc_node *n, struct task *t, const char *buf, size_t len);
	/* Symlinks: writes the target (not NUL-terminated); returns its length
	 * or -errno. */
	int (*readlink)(struct proc_node *n, char *buf, size_t size);
	/* Magic links: what the link designates (see procfs_magic_link). */
	int (*get_link)(struct proc_node *n, struct vfs_path *path, struct vfs_file **file);
	/* Checks the object still exists and refreshes the mode (fd/N);
	 * -ENOENT if gone. Called after the process check. */
	int (*revalidate)(struct proc_node *n);
	/* Replace the generic stat / open of regular files (the anonymous
	 * file proxies of proc_fd.c). */
	int (*getattr)(struct proc_node *n, struct stat *st);
	int (*open)(struct proc_node *n, struct vfs_file *f);
	/* Directories: either fixed children or dynamic operations. */
	const struct proc_entry *children; /* terminated by a NULL name */
	const struct proc_dir_ops *dir;
	/* For proc_show_text: the fixed contents. */
	const char *text;
};

/* Shows entry->text (files with one fixed answer). */
int proc_show_text(struct proc_node *n, struct proc_buf *b);

struct proc_node {
	struct vfs_inode vi;
	const struct proc_entry *entry;
	/* Per-process part of the tree: pid is the id of /proc/ID (0 for
	 * system-wide nodes), resolved on each use (proc_resolve_locked);
	 * tid is the thread of /proc/ID/task/TID (0 elsewhere). */
	pid_t pid, tid;
	int fd; /* fd/N and fdinfo/N */
	/* Anonymous file proxies: the open file stood for (a reference,
	 * dropped at evict). */
	struct vfs_file *file;
};

static inline struct proc_node *PN(struct vfs_inode *i)
{
	return container_of(i, struct proc_node, vi);
}

/* A new node under parent (which gives the super block and the ids to
 * inherit). ino is derived from the parent's and the name, so it is stable
 * for (pid, entry). Owner root:root; pid nodes get their process's
 * credentials from proc_node_refresh. */
struct proc_node *proc_node_new(struct proc_node *parent, const struct proc_entry *e,
				const char *name);
/* Looks up name in a table of entries and makes its node. */
int proc_lookup_table(struct proc_node *dir, const struct proc_entry *table,
		      const char *name, unsigned skip_flags, struct vfs_inode **out);
/* Emits a table of entries as directory entries; positions 2.. map to
 * table indexes. Returns the position after the table (for directories
 * that continue with dynamic entries). */
int64_t proc_iterate_table(struct proc_node *dir, const struct proc_entry *table,
			   unsigned skip_flags, struct dir_context *ctx, bool *full);
/* Stable inode number of name under a directory inode number. */
uint64_t proc_ino(uint64_t parent_ino, const char *name);
/* For pid nodes: checks the process (and thread) exists and updates the
 * owner to its effective ids. -ENOENT if gone. No-op for system nodes. */
int proc_node_refresh(struct proc_node *n);

/* ---- Process state, taken under kernel.lock (proc_task.c). */
/* Finds n's thread group and the thread it shows (kernel.lock held):
 * /proc/ID names a thread group, or else a thread (hidden from readdir, as
 * in Linux); task/TID nodes add the thread. The thread is NULL for a
 * zombie. thread_view (may be NULL): the node is about one thread. */
int proc_resolve_locked(const struct proc_node *n, struct thread_group **tg,
			struct task **t, bool *thread_view);
#define PROC_WANT_MM 0x1
#define PROC_WANT_FILES 0x2 /* fd table */
#define PROC_WANT_FS 0x4    /* root, cwd, umask */
#define PROC_WANT_EXE 0x8

struct proc_pinfo {
	pid_t tgid, tid, ppid, pgid, sid;
	bool thread_view; /* about one thread (tid), not the whole group */
	char comm[16];
	char state; /* R S T Z (Linux's letters) */
	bool zombie;
	struct cred cred;
	struct rlimit rlimits[RLIM_NLIMITS];
	int nthreads;
	uint64_t sig_pending, shared_pending, sig_blocked, sig_ignored, sig_caught;
	int sig_queued;
	uint64_t utime_ns, stime_ns, cutime_ns, cstime_ns;
	uint64_t start_ticks; /* clock ticks since sandbox boot */
	int nice;
	int exit_signal, exit_code;
	bool no_new_privs;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t stack_start, brk_start, brk;
	/* References, or NULL (zombies, or not asked for). */
	struct mm *mm;
	struct fd_table *fdt;
	struct fs_context *fs;
	struct vfs_file *exe;
};

/* Fills info for n's process (and thread); want selects the references to
 * take. -ENOENT if the process is gone (or the thread, for thread nodes). */
int proc_pinfo_get(const struct proc_node *n, unsigned want, struct proc_pinfo *info);
void proc_pinfo_put(struct proc_pinfo *info);
/* Reads another process's memory through one of its live threads. Returns
 * bytes read (may be short), 0 if the process has no live thread, -EFAULT
 * / -ESRCH. */
ssize_t proc_read_mem(const struct proc_node *n, uint64_t addr, void *buf, size_t len);
/* May the current task look into n's process (ptrace access, simplified:
 * root or same uid)? */
bool proc_may_access(const struct proc_node *n);
/* Writes the path of p as seen from the current task's root. */
int proc_path_string(const struct vfs_path *p, char *buf, size_t size);

/* Whether t is asleep (Linux's S) rather than runnable (R): blocked in
 * task_block, or inside a syscall handler (the sentry serves quick calls
 * in microseconds, so a task seen there is almost always waiting).
 * kernel.lock held. */
bool proc_task_sleeping(const struct task *t);

/* Memory totals of an address space, in bytes (approximations where the
 * sentry cannot know: resident = everything accessible). */
struct proc_mm_stats {
	uint64_t size, rss, data, stack, exe, lib, shared_file;
};
void proc_mm_stats(struct mm *mm, struct vfs_file *exe, struct proc_mm_stats *s);

/* ---- Trees (one file each). */
extern const struct proc_dir_ops proc_root_dir_ops;
extern const struct proc_dir_ops proc_pid_dir_ops;   /* /proc/PID, task/TID */
extern const struct proc_dir_ops proc_task_dir_ops;  /* /proc/PID/task */
extern const struct proc_dir_ops proc_fd_dir_ops;    /* /proc/PID/fd */
extern const struct proc_dir_ops proc_fdinfo_dir_ops;
extern const struct proc_entry proc_root_entries[];  /* system files */
extern const struct proc_entry proc_sys_children[];  /* /proc/sys */
extern const struct proc_entry proc_pid_dir_entry;   /* /proc/PID, /proc/TID */
extern const struct proc_entry proc_tid_dir_entry;   /* /proc/PID/task/TID */
/* Finds /proc/NUMBER (root lookup) / lists the process directories. */
int proc_pid_lookup(struct proc_node *root, const char *name, struct vfs_inode **out);
int proc_pid_iterate(struct proc_node *root, struct dir_context *ctx, int64_t base);

/* Per-process files (proc_pid_files.c, proc_pid_mounts.c, proc_fd.c). */
int proc_show_cmdline(struct proc_node *n, struct proc_buf *b);
int proc_show_environ(struct proc_node *n, struct proc_buf *b);
int proc_show_comm(struct proc_node *n, struct proc_buf *b);
ssize_t proc_write_comm(struct proc_node *n, struct task *t, const char *buf, size_t len);
int proc_show_maps(struct proc_node *n, struct proc_buf *b);
int proc_show_limits(struct proc_node *n, struct proc_buf *b);
int proc_show_cgroup(struct proc_node *n, struct proc_buf *b);
int proc_show_oom_score(struct proc_node *n, struct proc_buf *b);
int proc_show_oom_score_adj(struct proc_node *n, struct proc_buf *b);
ssize_t proc_write_oom_score_adj(struct proc_node *n, struct task *t, const char *buf,
				 size_t len);
int proc_show_oom_adj(struct proc_node *n, struct proc_buf *b);
ssize_t proc_write_oom_adj(struct proc_node *n, struct task *t, const char *buf, size_t len);
int proc_show_unset_id(struct proc_node *n, struct proc_buf *b); /* loginuid, sessionid */
int proc_show_wchan(struct proc_node *n, struct proc_buf *b);
int proc_show_id_map(struct proc_node *n, struct proc_buf *b);
int proc_show_setgroups(struct proc_node *n, struct proc_buf *b);
int proc_show_personality(struct proc_node *n, struct proc_buf *b);
int proc_show_coredump_filter(struct proc_node *n, struct proc_buf *b);
int proc_readlink_exe(struct proc_node *n, char *buf, size_t size);
int proc_readlink_cwd(struct proc_node *n, char *buf, size_t size);
int proc_readlink_root(struct proc_node *n, char *buf, size_t size);
int proc_get_link_exe(struct proc_node *n, struct vfs_path *path, struct vfs_file **file);
int proc_get_link_cwd(struct proc_node *n, struct vfs_path *path, struct vfs_file **file);
int proc_get_link_root(struct proc_node *n, struct vfs_path *path, struct vfs_file **file);
int proc_show_mounts(struct proc_node *n, struct proc_buf *b);
int proc_show_mountinfo(struct proc_node *n, struct proc_buf *b);

/* Generators shared between files (proc_pid_stat.c). */
int proc_show_pid_stat(struct proc_node *n, struct proc_buf *b);
int proc_show_pid_statm(struct proc_node *n, struct proc_buf *b);
int proc_show_pid_status(struct proc_node *n, struct proc_buf *b);

/* Host facts captured once at mount time, before any app code runs (the
 * sentry may not open host files later): proc_files.c. */
void proc_host_facts_init(void);
int proc_ncpus(void);

/* Clock ticks (USER_HZ) as Linux exports them. */
#define PROC_USER_HZ 100
static inline uint64_t proc_ns_to_ticks(uint64_t ns)
{
	return ns / (1000000000ull / PROC_USER_HZ);
}
