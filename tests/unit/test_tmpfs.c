/* tmpfs through the VFS: data, sizes, links, unlink of open files,
 * directories, rename rules, readdir. */
#define _GNU_SOURCE
#include <stdio.h>
#include <linux/fs.h>
#include "vfs_test_util.h"

static void setup(void)
{
	cr_assert_eq(vfs_init(NULL), 0);
}

TestSuite(tmpfs, .init = setup);

Test(tmpfs, write_read_stat)
{
	put_file("/a", "hello world");
	char buf[64];
	cr_assert_eq(get_file("/a", buf, sizeof(buf)), 11);
	cr_assert_str_eq(buf, "hello world");
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/a", 0, &p), 0);
	struct stat st;
	cr_assert_eq(vfs_getattr(&p, &st), 0);
	cr_assert_eq(st.st_size, 11);
	cr_assert(S_ISREG(st.st_mode));
	cr_assert_eq(st.st_mode & 07777, 0644 & ~022);
	cr_assert_eq(st.st_blksize, 4096);
	cr_assert_eq(st.st_blocks, 8);
	cr_assert_eq(st.st_nlink, 1);
	cr_assert_eq(vfs_truncate(NULL, &p, 5), 0);
	cr_assert_eq(vfs_getattr(&p, &st), 0);
	cr_assert_eq(st.st_size, 5);
	vfs_path_put(&p);
	cr_assert_eq(get_file("/a", buf, sizeof(buf)), 5);
	cr_assert_str_eq(buf, "hello");
}

Test(tmpfs, append_and_trunc)
{
	put_file("/f", "abc");
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/f", O_WRONLY | O_APPEND, 0, &f), 0);
	off_t pos = 0;
	cr_assert_eq(f->ops->write(f, NULL, "de", 2, &pos), 2);
	cr_assert_eq(pos, 5);
	vfs_file_put(f);
	char buf[16];
	cr_assert_eq(get_file("/f", buf, sizeof(buf)), 5);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/f", O_WRONLY | O_TRUNC, 0, &f), 0);
	vfs_file_put(f);
	cr_assert_eq(get_file("/f", buf, sizeof(buf)), 0);
}

Test(tmpfs, unlink_open_file_keeps_data)
{
	put_file("/u", "data");
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/u", O_RDONLY, 0, &f), 0);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/u", 0), 0);
	char buf[8] = { 0 };
	cr_assert_eq(vfs_file_pread(f, buf, 4, 0), 4);
	cr_assert_str_eq(buf, "data");
	struct stat st;
	cr_assert_eq(vfs_file_getattr(f, &st), 0);
	cr_assert_eq(st.st_nlink, 0);
	char path[64];
	cr_assert_gt(vfs_file_path(f, path, sizeof(path)), 0);
	cr_assert_str_eq(path, "/u (deleted)");
	vfs_file_put(f);
	cr_assert_eq(get_file("/u", buf, sizeof(buf)), -ENOENT);
}

Test(tmpfs, mkdir_rmdir)
{
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/d", 0755), 0);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/d", 0755), -EEXIST);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/d/e/", 0755), 0);
	put_file("/d/e/x", "1");
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/d/e", AT_REMOVEDIR), -ENOTEMPTY);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/d/e", 0), -EISDIR);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/d/e/x", AT_REMOVEDIR), -ENOTDIR);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/d/e/x/", 0), -ENOTDIR);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/d/e/x", 0), 0);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/d/e/.", AT_REMOVEDIR), -EINVAL);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/d/e", AT_REMOVEDIR), 0);
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/d", 0, &p), 0);
	struct stat st;
	vfs_getattr(&p, &st);
	cr_assert_eq(st.st_nlink, 2);
	vfs_path_put(&p);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/d", AT_REMOVEDIR), 0);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/d", 0, &p), -ENOENT);
}

Test(tmpfs, hard_links)
{
	put_file("/h1", "x");
	cr_assert_eq(vfs_linkat(NULL, AT_FDCWD, "/h1", AT_FDCWD, "/h2", 0), 0);
	cr_assert_eq(vfs_linkat(NULL, AT_FDCWD, "/h1", AT_FDCWD, "/h2", 0), -EEXIST);
	struct vfs_path a, b;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/h1", 0, &a), 0);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/h2", 0, &b), 0);
	cr_assert_eq(a.dentry->inode, b.dentry->inode);
	struct stat st;
	vfs_getattr(&a, &st);
	cr_assert_eq(st.st_nlink, 2);
	vfs_path_put(&a);
	vfs_path_put(&b);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/dir", 0755), 0);
	cr_assert_eq(vfs_linkat(NULL, AT_FDCWD, "/dir", AT_FDCWD, "/dir2", 0), -EPERM);
	cr_assert_eq(vfs_linkat(NULL, AT_FDCWD, "/h1", AT_FDCWD, "/tmp/h3", 0), -EXDEV);
}

Test(tmpfs, rename_rules)
{
	put_file("/r1", "one");
	put_file("/r2", "two");
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/r1", AT_FDCWD, "/r2", RENAME_NOREPLACE), -EEXIST);
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/r1", AT_FDCWD, "/r2", RENAME_EXCHANGE), 0);
	char buf[8];
	get_file("/r1", buf, sizeof(buf));
	cr_assert_str_eq(buf, "two");
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/r1", AT_FDCWD, "/r2", 0), 0);
	get_file("/r2", buf, sizeof(buf));
	cr_assert_str_eq(buf, "two");
	cr_assert_eq(get_file("/r1", buf, sizeof(buf)), -ENOENT);

	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/rd", 0755), 0);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/rd/sub", 0755), 0);
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/rd", AT_FDCWD, "/rd/sub/x", 0), -EINVAL);
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/r2", AT_FDCWD, "/rd", 0), -EISDIR);
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/rd", AT_FDCWD, "/r2", 0), -ENOTDIR);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/full", 0755), 0);
	put_file("/full/f", "x");
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/rd", AT_FDCWD, "/full", 0), -ENOTEMPTY);
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/r2", AT_FDCWD, "/tmp/r2", 0), -EXDEV);
	/* A moved directory keeps its subtree. */
	put_file("/rd/sub/leaf", "leaf");
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/rd", AT_FDCWD, "/moved", 0), 0);
	cr_assert_eq(get_file("/moved/sub/leaf", buf, sizeof(buf)), 4);
	cr_assert_eq(get_file("/rd/sub/leaf", buf, sizeof(buf)), -ENOENT);
}

Test(tmpfs, readdir_and_offsets)
{
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/ls", 0755), 0);
	put_file("/ls/a", "");
	put_file("/ls/b", "");
	cr_assert_eq(vfs_symlinkat(NULL, "a", AT_FDCWD, "/ls/c"), 0);
	struct name_list l;
	cr_assert_eq(list_dir("/ls", &l), 0);
	cr_assert_eq(l.n, 5);
	cr_assert_str_eq(l.names[0], ".");
	cr_assert_str_eq(l.names[1], "..");
	cr_assert(name_list_has(&l, "a") && name_list_has(&l, "b") && name_list_has(&l, "c"));
	/* Resuming from an offset returns the remaining entries. */
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/ls", O_RDONLY, 0, &f), 0);
	memset(&l, 0, sizeof(l));
	l.ctx.actor = name_list_actor;
	l.ctx.pos = 3;
	cr_assert_eq(vfs_iterate_dir(f, &l.ctx), 0);
	cr_assert_eq(l.n, 2);
	vfs_file_put(f);
}

Test(tmpfs, tmpfile_and_link)
{
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/tmp", O_TMPFILE | O_RDWR, 0600, &f), 0);
	off_t pos = 0;
	cr_assert_eq(f->ops->write(f, NULL, "tmp", 3, &pos), 3);
	struct stat st;
	cr_assert_eq(vfs_file_getattr(f, &st), 0);
	cr_assert_eq(st.st_nlink, 0);
	vfs_file_put(f);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/tmp", O_TMPFILE | O_RDONLY, 0600, &f), -EINVAL);
}
