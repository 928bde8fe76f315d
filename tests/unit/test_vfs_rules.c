/* VFS rules that real programs observe: removed directories are dead
 * (ENOENT for lookups, creations and readdir), O_TMPFILE linkability
 * (I_LINKABLE vs O_EXCL), no new name for an unlinked file, fifo opens
 * that sleep without the namespace lock, chroot reachability, and the pipe
 * peek/consume pair splice uses. */
#define _GNU_SOURCE
#include <pthread.h>
#include <time.h>
#include "fs/pipe.h"
#include "vfs_test_util.h"

static void setup(void)
{
	cr_assert_eq(vfs_init(NULL), 0);
}

TestSuite(vfs_rules, .init = setup, .timeout = 20);

static int install(struct fake_task *ft, struct vfs_file *f)
{
	int fd = fd_table_install(ft->t.fdt, 0, f, false, 1024);
	cr_assert_geq(fd, 0);
	vfs_file_put(f);
	return fd;
}

Test(vfs_rules, removed_directory_is_dead)
{
	struct fake_task ft;
	fake_task_init(&ft, 0, 0);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/tmp/gone", 0755), 0);
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/tmp/gone", O_RDONLY | O_DIRECTORY, 0, &f), 0);
	int dfd = install(&ft, f);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/tmp/gone", AT_REMOVEDIR), 0);
	/* Every way of making a name in it fails with ENOENT. */
	cr_assert_eq(vfs_openat(&ft.t, dfd, "new", O_CREAT | O_WRONLY, 0644, &f), -ENOENT);
	cr_assert_eq(vfs_mkdirat(&ft.t, dfd, "sub", 0755), -ENOENT);
	cr_assert_eq(vfs_symlinkat(&ft.t, "x", dfd, "ln"), -ENOENT);
	put_file("/tmp/src", "s");
	cr_assert_eq(vfs_renameat2(&ft.t, AT_FDCWD, "/tmp/src", dfd, "moved", 0), -ENOENT);
	cr_assert_eq(vfs_linkat(&ft.t, AT_FDCWD, "/tmp/src", dfd, "hard", 0), -ENOENT);
	/* ".." still leads out; readdir shows nothing, not even ".". */
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(&ft.t, dfd, "..", 0, &p), 0);
	vfs_path_put(&p);
	struct vfs_file *df = fd_table_get_file(ft.t.fdt, dfd);
	struct name_list l;
	memset(&l, 0, sizeof(l));
	l.ctx.actor = name_list_actor;
	cr_assert_eq(vfs_iterate_dir(df, &l.ctx), -ENOENT);
	cr_assert_eq(l.n, 0);
	vfs_file_put(df);
}

Test(vfs_rules, renamed_over_directory_is_dead)
{
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/tmp/a", 0755), 0);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/tmp/b", 0755), 0);
	struct vfs_path b;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/tmp/b", 0, &b), 0);
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/tmp/a", AT_FDCWD, "/tmp/b", 0), 0);
	cr_assert(b.dentry->inode->flags & VFS_I_DEAD);
	struct vfs_path p;
	cr_assert_eq(vfs_lookup_from(NULL, NULL, &b, "x", 0, &p), -ENOENT);
	vfs_path_put(&b);
}

Test(vfs_rules, tmpfile_linkable_unless_excl)
{
	struct fake_task ft;
	fake_task_init(&ft, 0, 0);
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(&ft.t, AT_FDCWD, "/tmp", O_TMPFILE | O_RDWR, 0600, &f), 0);
	int fd = install(&ft, f);
	cr_assert_eq(vfs_linkat(&ft.t, fd, "", AT_FDCWD, "/tmp/named", AT_EMPTY_PATH), 0);
	struct stat st;
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/tmp/named", 0, &p), 0);
	cr_assert_eq(vfs_getattr(&p, &st), 0);
	cr_assert_eq(st.st_nlink, 1);
	vfs_path_put(&p);

	cr_assert_eq(vfs_openat(&ft.t, AT_FDCWD, "/tmp", O_TMPFILE | O_RDWR | O_EXCL, 0600, &f), 0);
	fd = install(&ft, f);
	cr_assert_eq(vfs_linkat(&ft.t, fd, "", AT_FDCWD, "/tmp/named2", AT_EMPTY_PATH), -ENOENT);
	cr_assert_eq(vfs_openat(&ft.t, AT_FDCWD, "/tmp", O_TMPFILE | O_RDONLY, 0600, &f), -EINVAL);
}

Test(vfs_rules, unlinked_file_gets_no_new_name)
{
	struct fake_task ft;
	fake_task_init(&ft, 0, 0);
	put_file("/tmp/victim", "v");
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(&ft.t, AT_FDCWD, "/tmp/victim", O_RDONLY, 0, &f), 0);
	int fd = install(&ft, f);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/tmp/victim", 0), 0);
	cr_assert_eq(vfs_linkat(&ft.t, fd, "", AT_FDCWD, "/tmp/back", AT_EMPTY_PATH), -ENOENT);
}

struct open_job {
	struct fake_task ft;
	int flags;
	int err;
	struct vfs_file *f;
};

static void *open_main(void *arg)
{
	struct open_job *j = arg;
	j->err = vfs_openat(&j->ft.t, AT_FDCWD, "/tmp/fifo", j->flags, 0, &j->f);
	return NULL;
}

Test(vfs_rules, fifo_open_sleeps_without_the_namespace_lock)
{
	cr_assert_eq(vfs_mknodat(NULL, AT_FDCWD, "/tmp/fifo", S_IFIFO | 0600, 0), 0);
	static struct open_job reader, writer;
	fake_task_init(&reader.ft, 0, 0);
	fake_task_init(&writer.ft, 0, 0);
	reader.flags = O_RDONLY;
	writer.flags = O_WRONLY;
	pthread_t rt, wt;
	pthread_create(&rt, NULL, open_main, &reader);
	struct timespec ts = { 0, 50 * 1000000L };
	nanosleep(&ts, NULL);
	/* The writer's walk needs the namespace lock the sleeping reader
	 * must not hold; then its arrival wakes the reader. */
	pthread_create(&wt, NULL, open_main, &writer);
	pthread_join(wt, NULL);
	pthread_join(rt, NULL);
	cr_assert_eq(writer.err, 0);
	cr_assert_eq(reader.err, 0);
	vfs_file_put(reader.f);
	vfs_file_put(writer.f);
}

Test(vfs_rules, path_under_root)
{
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/tmp/jail", 0755), 0);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/tmp/jail/in", 0755), 0);
	struct vfs_path jail, in, out;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/tmp/jail", 0, &jail), 0);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/tmp/jail/in", 0, &in), 0);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/dev", 0, &out), 0);
	cr_assert(vfs_path_is_under(&in, &jail));
	cr_assert(vfs_path_is_under(&jail, &jail));
	cr_assert_not(vfs_path_is_under(&out, &jail));
	vfs_path_put(&jail);
	vfs_path_put(&in);
	vfs_path_put(&out);
}

Test(vfs_rules, pipe_peek_then_consume)
{
	struct vfs_file *r, *w;
	cr_assert_eq(pipe_create(NULL, O_NONBLOCK, &r, &w), 0);
	cr_assert_eq(w->ops->write(w, NULL, "abcdef", 6, NULL), 6);
	cr_assert_eq(pipe_wait_data(r, NULL, true), 1);
	char buf[16];
	cr_assert_eq(pipe_peek(r, buf, 4), 4);
	cr_assert_eq(memcmp(buf, "abcd", 4), 0);
	cr_assert_eq(pipe_peek(r, buf, sizeof(buf)), 6, "peek consumed nothing");
	pipe_consume(r, 2);
	cr_assert_eq(r->ops->read(r, NULL, buf, sizeof(buf), NULL), 4);
	cr_assert_eq(memcmp(buf, "cdef", 4), 0);
	cr_assert_eq(pipe_wait_data(r, NULL, true), -EAGAIN);
	cr_assert_eq(pipe_wait_space(w, NULL, true), 16 * 4096);
	vfs_file_put(r);
	cr_assert_eq(pipe_wait_space(w, NULL, true), -EPIPE);
	vfs_file_put(w);
}

Test(vfs_rules, pipe_peek_stops_at_a_packet)
{
	struct vfs_file *r, *w;
	cr_assert_eq(pipe_create(NULL, O_NONBLOCK | O_DIRECT, &r, &w), 0);
	cr_assert_eq(w->ops->write(w, NULL, "one", 3, NULL), 3);
	cr_assert_eq(w->ops->write(w, NULL, "two", 3, NULL), 3);
	char buf[16];
	cr_assert_eq(pipe_peek(r, buf, sizeof(buf)), 3);
	pipe_consume(r, 1); /* a packet leaves whole */
	cr_assert_eq(pipe_peek(r, buf, sizeof(buf)), 3);
	cr_assert_eq(memcmp(buf, "two", 3), 0);
	vfs_file_put(r);
	vfs_file_put(w);
}
