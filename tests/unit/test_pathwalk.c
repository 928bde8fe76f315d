/* The path walk: ".", "..", mounts, symlinks, trailing slashes, error
 * order, permissions, O_CREAT/O_EXCL/O_NOFOLLOW/O_DIRECTORY. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include "vfs_test_util.h"

static void setup(void)
{
	cr_assert_eq(vfs_init(NULL), 0);
}

TestSuite(pathwalk, .init = setup);

static struct vfs_inode *inode_of(const char *path, unsigned flags)
{
	struct vfs_path p;
	if (vfs_lookup(NULL, AT_FDCWD, path, flags, &p))
		return NULL;
	struct vfs_inode *i = p.dentry->inode;
	vfs_path_put(&p);
	return i;
}

Test(pathwalk, dots_and_root)
{
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/a", 0755), 0);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/a/b", 0755), 0);
	struct vfs_inode *root = inode_of("/", 0);
	cr_assert_not_null(root);
	cr_assert_eq(inode_of("/..", 0), root);
	cr_assert_eq(inode_of("/../../..", 0), root);
	cr_assert_eq(inode_of("//a/./b/../..", 0), root);
	cr_assert_eq(inode_of("/a/b/..", 0), inode_of("/a", 0));
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "", 0, &p), -ENOENT);
}

Test(pathwalk, mounts_and_dotdot)
{
	/* /tmp is a tmpfs mount: its root differs from the dentry below. */
	struct vfs_path tmp, up;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/tmp", 0, &tmp), 0);
	cr_assert_str_eq(tmp.dentry->sb->fstype, "tmpfs");
	cr_assert_eq(tmp.dentry, tmp.mnt->root);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/tmp/..", 0, &up), 0);
	cr_assert_eq(up.dentry->inode, inode_of("/", 0));
	char buf[64];
	cr_assert_eq(vfs_path_string(&tmp, NULL, buf, sizeof(buf)), 4);
	cr_assert_str_eq(buf, "/tmp");
	vfs_path_put(&tmp);
	vfs_path_put(&up);
	cr_assert_not_null(inode_of("/dev/null", 0));
	cr_assert(S_ISCHR(inode_of("/dev/null", 0)->mode));
}

Test(pathwalk, chroot_dotdot_stays)
{
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/jail", 0755), 0);
	put_file("/jail/inside", "in");
	struct fake_task ft;
	fake_task_init(&ft, 0, 0);
	struct vfs_path jail;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/jail", 0, &jail), 0);
	fs_context_set_root(ft.t.fs, &jail);
	fs_context_set_cwd(ft.t.fs, &jail);
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "../../inside", 0, &p), 0);
	cr_assert_str_eq(p.dentry->name, "inside");
	vfs_path_put(&p);
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "/..", 0, &p), 0);
	cr_assert_eq(p.dentry, jail.dentry);
	vfs_path_put(&p);
	vfs_path_put(&jail);
}

Test(pathwalk, symlinks)
{
	put_file("/target", "t");
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/dir", 0755), 0);
	cr_assert_eq(vfs_symlinkat(NULL, "../target", AT_FDCWD, "/dir/rel"), 0);
	cr_assert_eq(vfs_symlinkat(NULL, "/dir", AT_FDCWD, "/abs"), 0);
	cr_assert_eq(vfs_symlinkat(NULL, "loop2", AT_FDCWD, "/loop1"), 0);
	cr_assert_eq(vfs_symlinkat(NULL, "loop1", AT_FDCWD, "/loop2"), 0);
	cr_assert_eq(vfs_symlinkat(NULL, "", AT_FDCWD, "/empty"), -ENOENT);
	cr_assert_eq(inode_of("/abs/rel", VFS_LOOKUP_FOLLOW), inode_of("/target", 0));
	struct vfs_inode *l = inode_of("/abs/rel", 0);
	cr_assert(S_ISLNK(l->mode));
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/loop1", VFS_LOOKUP_FOLLOW, &p), -ELOOP);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/loop1/x", 0, &p), -ELOOP);
	/* A trailing slash follows the link and requires a directory. */
	cr_assert(S_ISDIR(inode_of("/abs/", 0)->mode));
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/dir/rel/", 0, &p), -ENOTDIR);
	char buf[64];
	cr_assert_eq(vfs_readlinkat(NULL, AT_FDCWD, "/dir/rel", buf, sizeof(buf)), 9);
	cr_assert_eq(vfs_readlinkat(NULL, AT_FDCWD, "/target", buf, sizeof(buf)), -EINVAL);
	/* 40 links are fine, 41 are not. */
	char name[32], prev[32] = "/target";
	for (int i = 0; i < 41; i++) {
		snprintf(name, sizeof(name), "/chain%d", i);
		cr_assert_eq(vfs_symlinkat(NULL, prev, AT_FDCWD, name), 0);
		strcpy(prev, name);
	}
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/chain39", VFS_LOOKUP_FOLLOW, &p), 0);
	vfs_path_put(&p);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/chain40", VFS_LOOKUP_FOLLOW, &p), -ELOOP);
}

Test(pathwalk, errors_in_linux_order)
{
	put_file("/file", "");
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/file/x", 0, &p), -ENOTDIR);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/file/", 0, &p), -ENOTDIR);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/nope/x", 0, &p), -ENOENT);
	char longname[300];
	memset(longname, 'a', sizeof(longname));
	longname[0] = '/';
	longname[299] = '\0';
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, longname, 0, &p), -ENAMETOOLONG);
	longname[256] = '\0'; /* a 255-byte component is allowed */
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, longname, 0, &p), -ENOENT);
}

Test(pathwalk, open_flags)
{
	struct vfs_file *f;
	put_file("/o", "x");
	cr_assert_eq(vfs_symlinkat(NULL, "/o", AT_FDCWD, "/lo"), 0);
	cr_assert_eq(vfs_symlinkat(NULL, "/newtarget", AT_FDCWD, "/dangling"), 0);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/o", O_CREAT | O_EXCL | O_RDWR, 0644, &f), -EEXIST);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/dangling", O_CREAT | O_EXCL | O_RDWR, 0644, &f),
		     -EEXIST);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/lo", O_RDONLY | O_NOFOLLOW, 0, &f), -ELOOP);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/lo", O_PATH | O_NOFOLLOW, 0, &f), 0);
	cr_assert(S_ISLNK(f->dentry->inode->mode));
	vfs_file_put(f);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/o", O_RDONLY | O_DIRECTORY, 0, &f), -ENOTDIR);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/tmp", O_WRONLY, 0, &f), -EISDIR);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/tmp", O_CREAT | O_RDONLY, 0, &f), -EISDIR);
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/newdir/", O_CREAT | O_RDWR, 0644, &f), -EISDIR);
	/* O_CREAT through a dangling symlink creates its target. */
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/dangling", O_CREAT | O_RDWR, 0644, &f), 0);
	vfs_file_put(f);
	cr_assert_not_null(inode_of("/newtarget", 0));
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/o", O_RDONLY, 0, &f), 0);
	cr_assert_eq(atomic_load(&f->flags) & (O_CREAT | O_TRUNC), 0);
	vfs_file_put(f);
}

Test(pathwalk, permissions)
{
	struct fake_task user;
	fake_task_init(&user, 1000, 1000);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/secret", 0700), 0);
	put_file("/secret/f", "s");
	put_file("/ro", "r");
	struct vfs_path p;
	struct vfs_file *f;
	cr_assert_eq(vfs_lookup(&user.t, AT_FDCWD, "/secret/f", 0, &p), -EACCES);
	cr_assert_eq(vfs_openat(&user.t, AT_FDCWD, "/ro", O_RDONLY, 0, &f), 0);
	vfs_file_put(f);
	cr_assert_eq(vfs_openat(&user.t, AT_FDCWD, "/ro", O_WRONLY, 0, &f), -EACCES);
	cr_assert_eq(vfs_openat(&user.t, AT_FDCWD, "/new", O_CREAT | O_WRONLY, 0644, &f), -EACCES);
	cr_assert_eq(vfs_mkdirat(&user.t, AT_FDCWD, "/tmp/mine", 0755), 0);
	cr_assert_eq(vfs_openat(&user.t, AT_FDCWD, "/tmp/mine/x", O_CREAT | O_WRONLY, 0600, &f), 0);
	struct stat st;
	vfs_file_getattr(f, &st);
	cr_assert_eq(st.st_uid, 1000);
	vfs_file_put(f);
	/* Sticky /tmp: others cannot remove it. */
	struct fake_task other;
	fake_task_init(&other, 1001, 1001);
	cr_assert_eq(vfs_unlinkat(&other.t, AT_FDCWD, "/tmp/mine", AT_REMOVEDIR), -EPERM);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/ro", 0, &p), 0);
	cr_assert_eq(vfs_chmod(&user.t, &p, 0777), -EPERM);
	cr_assert_eq(vfs_chown(&user.t, &p, 1000, -1), -EPERM);
	cr_assert_eq(vfs_chmod(NULL, &p, 0600), 0);
	vfs_path_put(&p);
	cr_assert_eq(vfs_faccessat(&user.t, AT_FDCWD, "/ro", R_OK, 0), -EACCES);
	cr_assert_eq(vfs_faccessat(&user.t, AT_FDCWD, "/ro", F_OK, 0), 0);
	/* Root may execute only files with an x bit. */
	struct fake_task root;
	fake_task_init(&root, 0, 0);
	cr_assert_eq(vfs_open_exec(&root.t, AT_FDCWD, "/ro", 0, &f), -EACCES);
	cr_assert_eq(vfs_open_exec(&root.t, AT_FDCWD, "/tmp", 0, &f), -EACCES);
}

Test(pathwalk, dirfd_relative)
{
	struct fake_task ft;
	fake_task_init(&ft, 0, 0);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/base", 0755), 0);
	put_file("/base/rel", "r");
	struct vfs_file *dir;
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/base", O_RDONLY | O_DIRECTORY, 0, &dir), 0);
	int fd = fd_table_install(ft.t.fdt, 0, dir, false, 1024);
	cr_assert_eq(fd, 0);
	vfs_file_put(dir);
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(&ft.t, fd, "rel", 0, &p), 0);
	vfs_path_put(&p);
	cr_assert_eq(vfs_lookup(&ft.t, 7, "rel", 0, &p), -EBADF);
	cr_assert_eq(vfs_lookup(&ft.t, fd, "", VFS_LOOKUP_EMPTY, &p), 0);
	cr_assert_str_eq(p.dentry->name, "base");
	vfs_path_put(&p);
	/* chdir and relative lookups from the cwd. */
	cr_assert_eq(fs_context_chdir(ft.t.fs, "/base"), 0);
	cr_assert_eq(vfs_lookup(&ft.t, AT_FDCWD, "rel", 0, &p), 0);
	vfs_path_put(&p);
	cr_assert_eq(fs_context_chdir(ft.t.fs, "/base/rel"), -ENOTDIR);
}
