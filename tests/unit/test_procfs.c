/* procfs: formats of the per-process files, directory listings consistent
 * with lookup, fd links and magic links, writable files, and system files,
 * against a fake process registered with the kernel object (no sentry). */
#include "tests/unit/vfs_test_util.h"
#include "fs/proc/proc_internal.h"
#include "fs/proc/procfs.h"
#include "sentry/kernel.h"

static struct fake_task ft;

static void setup(void)
{
	kernel_init();
	struct vfs_config cfg = { 0 };
	cr_assert_eq(vfs_init(&cfg), 0);
	fake_task_init(&ft, 1000, 1000);
	ft.t.tid = 1;
	ft.tg.tgid = ft.tg.pgid = ft.tg.sid = 1;
	ft.tg.state = TG_RUNNING;
	ft.tg.leader = &ft.t;
	ft.tg.live_threads = 1;
	ft.tg.exit_signal = SIGCHLD;
	ft.tg.start_time = kernel.boot_time;
	strcpy(ft.t.comm, "tester");
	list_init(&ft.tg.threads);
	list_init(&ft.tg.children);
	list_init(&ft.tg.sibling);
	list_init(&ft.tg.shared_pending.queue);
	list_init(&ft.t.pending.queue);
	list_add_tail(&ft.tg.threads, &ft.t.tg_link);
	list_add_tail(&kernel.tasks, &ft.t.all_link);
	list_add_tail(&kernel.thread_groups, &ft.tg.all_link);
	task_set_current(&ft.t);
}

TestSuite(procfs, .init = setup);

/* Reads a whole procfs file as the fake task; returns its length or -errno. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	struct vfs_file *f;
	int err = vfs_openat(&ft.t, AT_FDCWD, path, O_RDONLY, 0, &f);
	if (err)
		return err;
	size_t n = 0;
	for (;;) {
		ssize_t r = f->ops->read(f, &ft.t, buf + n, size - 1 - n, &f->pos);
		if (r < 0) {
			vfs_file_put(f);
			return r;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	vfs_file_put(f);
	return (ssize_t)n;
}

static char buf[65536];

Test(procfs, stat_has_linux_fields)
{
	cr_assert_gt(slurp("/proc/self/stat", buf, sizeof(buf)), 0);
	cr_assert(strncmp(buf, "1 (tester) R 0 1 1 0 -1 ", 24) == 0, "got %s", buf);
	/* 52 fields: pid, comm, then 50 more after the ')'. */
	int fields = 2;
	char *rest = strrchr(buf, ')') + 1, *save = NULL;
	for (char *tok = strtok_r(rest, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
		fields++;
	cr_assert_eq(fields, 52);
}

Test(procfs, status_labels)
{
	cr_assert_gt(slurp("/proc/1/status", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "Name:\ttester\n"));
	cr_assert(strstr(buf, "State:\tR (running)\n"));
	cr_assert(strstr(buf, "Tgid:\t1\nNgid:\t0\nPid:\t1\nPPid:\t0\n"));
	cr_assert(strstr(buf, "Uid:\t1000\t1000\t1000\t1000\n"));
	cr_assert(strstr(buf, "SigBlk:\t0000000000000000\n"));
	cr_assert(strstr(buf, "CapEff:\t0000000000000000\n"));
	cr_assert(strstr(buf, "Threads:\t1\n"));
	cr_assert(strstr(buf, "Umask:\t0022\n"));
}

Test(procfs, self_links_to_tgid)
{
	char link[64];
	ssize_t n = vfs_readlinkat(&ft.t, AT_FDCWD, "/proc/self", link, sizeof(link));
	cr_assert_eq(n, 1);
	cr_assert_eq(link[0], '1');
	n = vfs_readlinkat(&ft.t, AT_FDCWD, "/proc/thread-self", link, sizeof(link));
	cr_assert_eq(n, 8);
	cr_assert(strncmp(link, "1/task/1", 8) == 0);
}

struct names {
	char all[4096];
};

struct collector {
	struct dir_context ctx;
	struct names *names;
};

static bool collect(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
		    unsigned dtype, int64_t next)
{
	struct names *n = container_of(ctx, struct collector, ctx)->names;
	strncat(n->all, name, len);
	strcat(n->all, "|");
	return true;
}

static void list_names(const char *path, struct names *out)
{
	struct collector c = { { collect, 0 }, out };
	memset(out, 0, sizeof(*out));
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(&ft.t, AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0, &f), 0);
	cr_assert_eq(vfs_iterate_dir(f, &c.ctx), 0);
	vfs_file_put(f);
}

Test(procfs, readdir_matches_lookup)
{
	struct names n;
	list_names("/proc", &n);
	cr_assert(strstr(n.all, "|1|"), "root: %s", n.all);
	cr_assert(strstr(n.all, "|self|"));
	cr_assert(strstr(n.all, "|cpuinfo|"));
	/* Every listed name can be looked up. */
	char *save = NULL;
	for (char *name = strtok_r(n.all, "|", &save); name; name = strtok_r(NULL, "|", &save)) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%s", name);
		struct vfs_path p;
		cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, path, 0, &p), 0, "%s", path);
		vfs_path_put(&p);
	}
	list_names("/proc/1/task", &n);
	cr_assert_str_eq(n.all, ".|..|1|");
}

Test(procfs, stable_inode_numbers)
{
	struct vfs_path a, b;
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "/proc/1/status", 0, &a), 0);
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "/proc/self/status", VFS_LOOKUP_FOLLOW, &b), 0);
	cr_assert_eq(a.dentry->inode->ino, b.dentry->inode->ino);
	cr_assert_eq(a.dentry->inode->uid, 1000);
	cr_assert_eq(a.dentry->inode->mode, S_IFREG | 0444);
	vfs_path_put(&a);
	vfs_path_put(&b);
}

static const struct file_operations dummy_ops = { 0 };

Test(procfs, fd_links_and_magic_links)
{
	put_file("/tmp/data", "hello");
	struct vfs_file *reg, *anon = vfs_anon_file_new(&dummy_ops, O_RDWR, NULL, "pipe:[42]");
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/tmp/data", O_RDONLY, 0, &reg), 0);
	cr_assert_eq(fd_table_install_at(ft.t.fdt, 5, anon, false, 1024), 5);
	cr_assert_eq(fd_table_install_at(ft.t.fdt, 6, reg, true, 1024), 6);

	char link[256];
	ssize_t n = vfs_readlinkat(&ft.t, AT_FDCWD, "/proc/self/fd/5", link, sizeof(link));
	cr_assert_eq(n, 9);
	cr_assert(strncmp(link, "pipe:[42]", 9) == 0);
	n = vfs_readlinkat(&ft.t, AT_FDCWD, "/proc/self/fd/6", link, sizeof(link));
	cr_assert_eq(n, 9);
	cr_assert(strncmp(link, "/tmp/data", 9) == 0);

	struct names names;
	list_names("/proc/self/fd", &names);
	cr_assert_str_eq(names.all, ".|..|5|6|");

	/* The magic link leads to the file's own dentry. */
	struct vfs_path p, target;
	struct vfs_file *file;
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "/proc/self/fd/6", 0, &p), 0);
	cr_assert(procfs_is_magic_link(p.dentry->inode));
	vfs_lock();
	cr_assert_eq(procfs_magic_link(p.dentry->inode, &target, &file), 0);
	vfs_unlock();
	cr_assert_null(file);
	cr_assert_eq(target.dentry, reg->dentry);
	vfs_path_put(&target);
	vfs_path_put(&p);

	/* An anonymous file is reached through a proxy that shares it. */
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "/proc/self/fd/5", 0, &p), 0);
	vfs_lock();
	cr_assert_eq(procfs_magic_link(p.dentry->inode, &target, &file), 0);
	vfs_unlock();
	struct vfs_file *again;
	cr_assert_eq(vfs_open_path(&ft.t, &target, O_WRONLY, &again), 0);
	cr_assert_eq(again->private, anon);
	vfs_file_put(again);
	vfs_path_put(&target);
	vfs_path_put(&p);

	cr_assert_gt(slurp("/proc/self/fdinfo/6", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "pos:\t0\nflags:\t02100000\n"), "got %s", buf);
}

Test(procfs, comm_write_sets_thread_name)
{
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(&ft.t, AT_FDCWD, "/proc/self/comm", O_WRONLY | O_TRUNC, 0, &f), 0);
	cr_assert_eq(f->ops->write(f, &ft.t, "a-much-longer-name", 18, &f->pos), 18);
	vfs_file_put(f);
	cr_assert_str_eq(ft.t.comm, "a-much-longer-n");
	cr_assert_gt(slurp("/proc/1/comm", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "a-much-longer-n\n");
}

Test(procfs, oom_score_adj_keeps_value)
{
	ft.tg.cred.euid = ft.tg.cred.fsuid = 0; /* lowering needs privilege */
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(&ft.t, AT_FDCWD, "/proc/self/oom_score_adj", O_WRONLY, 0, &f), 0);
	cr_assert_eq(f->ops->write(f, &ft.t, "-500\n", 5, &f->pos), 5);
	cr_assert_eq(f->ops->write(f, &ft.t, "1001", 4, &f->pos), -EINVAL);
	vfs_file_put(f);
	cr_assert_gt(slurp("/proc/self/oom_score_adj", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "-500\n");
	cr_assert_gt(slurp("/proc/self/oom_adj", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "-8\n");
}

Test(procfs, gone_process_is_enoent)
{
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "/proc/1/status", 0, &p), 0);
	vfs_path_put(&p);
	list_remove(&ft.tg.all_link);
	list_remove(&ft.t.all_link);
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(&ft.t, AT_FDCWD, "/proc/1/status", O_RDONLY, 0, &f), -ENOENT);
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "/proc/2", 0, &p), -ENOENT);
}

Test(procfs, system_files)
{
	cr_assert_gt(slurp("/proc/sys/kernel/ostype", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "Linux\n");
	cr_assert_gt(slurp("/proc/sys/kernel/pid_max", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "4194304\n");
	cr_assert_gt(slurp("/proc/cpuinfo", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "processor"));
	cr_assert_gt(slurp("/proc/meminfo", buf, sizeof(buf)), 0);
	cr_assert(strncmp(buf, "MemTotal:       ", 16) == 0);
	cr_assert_gt(slurp("/proc/loadavg", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, " 1/1 "), "got %s", buf);
	cr_assert_gt(slurp("/proc/self/limits", buf, sizeof(buf)), 0);
	cr_assert(strncmp(buf, "Limit                     Soft Limit           Hard Limit"
			       "           Units     \n", 79) == 0);
	cr_assert_gt(slurp("/proc/mounts", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"), "%s", buf);
	cr_assert_gt(slurp("/proc/self/mountinfo", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, " / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"));
	/* Nobody can write a file without a writer, not even root. */
	struct vfs_file *f;
	ft.tg.cred.fsuid = 0;
	cr_assert_eq(vfs_openat(&ft.t, AT_FDCWD, "/proc/version", O_WRONLY, 0, &f), -EACCES);
}

Test(procfs, escape_mount_paths)
{
	struct proc_buf b = { 0 };
	pb_escape_path(&b, "a b\\c\n");
	cr_assert_str_eq(b.data, "a\\040b\\134c\\012");
	free(b.data);
}

Test(procfs, thread_ids_and_task_dir)
{
	struct task t2;
	memset(&t2, 0, sizeof(t2));
	t2.tid = 2;
	t2.tg = &ft.tg;
	strcpy(t2.comm, "worker");
	list_init(&t2.pending.queue);
	list_add_tail(&ft.tg.threads, &t2.tg_link);
	list_add_tail(&kernel.tasks, &t2.all_link);
	ft.tg.live_threads = 2;

	struct names n;
	list_names("/proc/1/task", &n);
	cr_assert_str_eq(n.all, ".|..|1|2|");
	list_names("/proc", &n);
	cr_assert_null(strstr(n.all, "|2|"), "threads are hidden: %s", n.all);
	/* ... but /proc/TID still resolves, as the thread. */
	cr_assert_gt(slurp("/proc/2/status", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "Name:\tworker\n"));
	cr_assert(strstr(buf, "Tgid:\t1\nNgid:\t0\nPid:\t2\n"));
	cr_assert(strstr(buf, "Threads:\t2\n"));
	cr_assert_gt(slurp("/proc/1/task/2/comm", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "worker\n");
	cr_assert_gt(slurp("/proc/1/task/2/stat", buf, sizeof(buf)), 0);
	cr_assert(strncmp(buf, "2 (worker) ", 11) == 0);
	/* The thread view leaves out the per-process entries. */
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "/proc/1/task/2/task", 0, &p), -ENOENT);
	list_remove(&t2.all_link);
	list_remove(&t2.tg_link);
}
