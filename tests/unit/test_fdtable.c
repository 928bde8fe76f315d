/* fd tables: lowest-free allocation, dup2-style install, close-on-exec,
 * close_range, RLIMIT_NOFILE, copies. */
#define _GNU_SOURCE
#include "vfs_test_util.h"

static const struct file_operations dummy_ops = { 0 };

static struct vfs_file *dummy(void)
{
	return vfs_anon_file_new(&dummy_ops, O_RDWR, NULL, "anon_inode:[test]");
}

Test(fdtable, lowest_free)
{
	struct fd_table *t = fd_table_new();
	struct vfs_file *f = dummy();
	cr_assert_eq(fd_table_install(t, 0, f, false, 1024), 0);
	cr_assert_eq(fd_table_install(t, 0, f, false, 1024), 1);
	cr_assert_eq(fd_table_install(t, 0, f, false, 1024), 2);
	cr_assert_eq(fd_table_close(t, 1), 0);
	cr_assert_eq(fd_table_close(t, 1), -EBADF);
	cr_assert_eq(fd_table_install(t, 0, f, false, 1024), 1);
	cr_assert_eq(fd_table_install(t, 10, f, true, 1024), 10);
	cr_assert_eq(fd_table_install(t, 0, f, false, 1024), 3);
	cr_assert_eq(fd_table_get_cloexec(t, 10), 1);
	cr_assert_eq(fd_table_get_cloexec(t, 3), 0);
	cr_assert_eq(fd_table_get_cloexec(t, 4), -EBADF);
	cr_assert_eq(fd_table_max_fd(t), 11);
	cr_assert_eq(atomic_load(&f->refs), 6);
	fd_table_put(t);
	cr_assert_eq(atomic_load(&f->refs), 1);
	vfs_file_put(f);
}

Test(fdtable, limits)
{
	struct fd_table *t = fd_table_new();
	struct vfs_file *f = dummy();
	for (int i = 0; i < 4; i++)
		cr_assert_eq(fd_table_install(t, 0, f, false, 4), i);
	cr_assert_eq(fd_table_install(t, 0, f, false, 4), -EMFILE);
	cr_assert_eq(fd_table_install(t, 5, f, false, 4), -EMFILE);
	cr_assert_eq(fd_table_install_at(t, 4, f, false, 4), -EBADF);
	cr_assert_eq(fd_table_install_at(t, 100, f, false, 1024), 100);
	fd_table_put(t);
	vfs_file_put(f);
}

Test(fdtable, install_at_replaces)
{
	struct fd_table *t = fd_table_new();
	struct vfs_file *a = dummy(), *b = dummy();
	cr_assert_eq(fd_table_install(t, 0, a, false, 1024), 0);
	cr_assert_eq(fd_table_install_at(t, 0, b, true, 1024), 0);
	cr_assert_eq(atomic_load(&a->refs), 1);
	struct vfs_file *g = fd_table_get_file(t, 0);
	cr_assert_eq(g, b);
	vfs_file_put(g);
	cr_assert_eq(fd_table_get_cloexec(t, 0), 1);
	cr_assert_null(fd_table_get_file(t, 1));
	cr_assert_null(fd_table_get_file(t, -1));
	fd_table_put(t);
	vfs_file_put(a);
	vfs_file_put(b);
}

Test(fdtable, cloexec_and_close_range)
{
	struct fd_table *t = fd_table_new();
	struct vfs_file *f = dummy();
	for (int i = 0; i < 8; i++)
		fd_table_install(t, 0, f, i % 2, 1024);
	fd_table_close_on_exec(t);
	for (int i = 0; i < 8; i++) {
		struct vfs_file *g = fd_table_get_file(t, i);
		cr_assert_eq(g != NULL, i % 2 == 0, "fd %d", i);
		if (g)
			vfs_file_put(g);
	}
	cr_assert_eq(fd_table_close_range(t, 0, 2, 4 /* CLOSE_RANGE_CLOEXEC */), 0);
	cr_assert_eq(fd_table_get_cloexec(t, 0), 1);
	cr_assert_eq(fd_table_get_cloexec(t, 2), 1);
	cr_assert_eq(fd_table_get_cloexec(t, 4), 0);
	cr_assert_eq(fd_table_close_range(t, 3, ~0u, 0), 0);
	cr_assert_null(fd_table_get_file(t, 4));
	cr_assert_eq(fd_table_close_range(t, 5, 3, 0), -EINVAL);
	cr_assert_eq(fd_table_close_range(t, 0, 1, 0x100), -EINVAL);
	fd_table_put(t);
	cr_assert_eq(atomic_load(&f->refs), 1);
	vfs_file_put(f);
}

Test(fdtable, copy_is_independent)
{
	struct fd_table *t = fd_table_new();
	struct vfs_file *f = dummy();
	fd_table_install(t, 0, f, true, 1024);
	struct fd_table *c = fd_table_copy(t);
	cr_assert_eq(fd_table_get_cloexec(c, 0), 1);
	cr_assert_eq(fd_table_close(t, 0), 0);
	struct vfs_file *g = fd_table_get_file(c, 0);
	cr_assert_eq(g, f);
	vfs_file_put(g);
	fd_table_put(c);
	fd_table_put(t);
	cr_assert_eq(atomic_load(&f->refs), 1);
	vfs_file_put(f);
}
