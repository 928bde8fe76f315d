/* The root overlay over a host directory: lookup through both layers,
 * copy-up on write, whiteouts, opaque directories, merged readdir, EXDEV
 * for lower directories; the host tree itself never changes. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/fs.h>
#include "vfs_test_util.h"

static char lower[64];

static void host_write(const char *rel, const char *data)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", lower, rel);
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f);
	fputs(data, f);
	fclose(f);
}

static void host_mkdir(const char *rel)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", lower, rel);
	cr_assert_eq(mkdir(p, 0755), 0);
}

static void host_read(const char *rel, char *buf, size_t size)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", lower, rel);
	FILE *f = fopen(p, "r");
	cr_assert_not_null(f, "%s", p);
	size_t n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void setup(void)
{
	strcpy(lower, "/tmp/ovltestXXXXXX");
	cr_assert_not_null(mkdtemp(lower));
	host_mkdir("etc");
	host_write("etc/hello", "lower");
	host_mkdir("dir");
	host_write("dir/a", "A");
	host_write("dir/b", "B");
	host_mkdir("dir/sub");
	host_write("dir/sub/c", "C");
	char p[256];
	snprintf(p, sizeof(p), "%s/link", lower);
	cr_assert_eq(symlink("etc/hello", p), 0);
	struct vfs_config cfg = { .host_root = lower, .root_readonly_lower = true };
	cr_assert_eq(vfs_init(&cfg), 0);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", lower);
	if (system(cmd))
		(void)0;
}

TestSuite(overlay, .init = setup, .fini = teardown);

Test(overlay, read_lower_and_symlink)
{
	char buf[64];
	cr_assert_eq(get_file("/etc/hello", buf, sizeof(buf)), 5);
	cr_assert_str_eq(buf, "lower");
	cr_assert_eq(get_file("/link", buf, sizeof(buf)), 5);
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/", 0, &p), 0);
	cr_assert_str_eq(p.dentry->sb->fstype, "overlay");
	vfs_path_put(&p);
}

Test(overlay, copy_up_on_write)
{
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/etc/hello", 0, &p), 0);
	struct stat before;
	cr_assert_eq(vfs_getattr(&p, &before), 0);
	vfs_path_put(&p);
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/etc/hello", O_WRONLY | O_APPEND, 0, &f), 0);
	off_t pos = 0;
	cr_assert_eq(f->ops->write(f, NULL, "+upper", 6, &pos), 6);
	vfs_file_put(f);
	char buf[64];
	cr_assert_eq(get_file("/etc/hello", buf, sizeof(buf)), 11);
	cr_assert_str_eq(buf, "lower+upper");
	host_read("etc/hello", buf, sizeof(buf));
	cr_assert_str_eq(buf, "lower");
	struct stat after;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/etc/hello", 0, &p), 0);
	cr_assert_eq(vfs_getattr(&p, &after), 0);
	cr_assert_eq(after.st_mode, before.st_mode);
	cr_assert_eq(after.st_ino, before.st_ino);
	/* setattr copies up too. */
	vfs_path_put(&p);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/dir/sub/c", 0, &p), 0);
	cr_assert_eq(vfs_chmod(NULL, &p, 0600), 0);
	cr_assert_eq(vfs_getattr(&p, &after), 0);
	cr_assert_eq(after.st_mode & 0777, 0600);
	vfs_path_put(&p);
	struct stat hst;
	char hp[256];
	snprintf(hp, sizeof(hp), "%s/dir/sub/c", lower);
	stat(hp, &hst);
	cr_assert_neq(hst.st_mode & 0777, 0600);
}

Test(overlay, whiteouts_and_merged_readdir)
{
	put_file("/dir/new", "N");
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/dir/a", 0), 0);
	char buf[16];
	cr_assert_eq(get_file("/dir/a", buf, sizeof(buf)), -ENOENT);
	host_read("dir/a", buf, sizeof(buf));
	cr_assert_str_eq(buf, "A");
	/* Write b so it exists in both layers: listed once. */
	struct vfs_file *f;
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/dir/b", O_RDWR, 0, &f), 0);
	vfs_file_put(f);
	struct name_list l;
	cr_assert_eq(list_dir("/dir", &l), 0);
	cr_assert_eq(l.n, 5, "got %d entries", l.n); /* . .. b sub new */
	cr_assert(!name_list_has(&l, "a"));
	cr_assert(name_list_has(&l, "b") && name_list_has(&l, "sub") && name_list_has(&l, "new"));
	/* Re-creating a whited-out name works. */
	put_file("/dir/a", "again");
	cr_assert_eq(get_file("/dir/a", buf, sizeof(buf)), 5);
}

Test(overlay, rmdir_and_opaque_mkdir)
{
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/dir/sub", AT_REMOVEDIR), -ENOTEMPTY);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/dir/sub/c", 0), 0);
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/dir/sub", AT_REMOVEDIR), 0);
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/dir/sub", 0, &p), -ENOENT);
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/dir/sub", 0755), 0);
	struct name_list l;
	cr_assert_eq(list_dir("/dir/sub", &l), 0);
	cr_assert_eq(l.n, 2); /* only . and ..: the lower c stays hidden */
	char buf[16];
	cr_assert_eq(get_file("/dir/sub/c", buf, sizeof(buf)), -ENOENT);
}

Test(overlay, rename_rules)
{
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/dir", AT_FDCWD, "/dir2", 0), -EXDEV);
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/etc/hello", AT_FDCWD, "/etc/bye", 0), 0);
	char buf[16];
	cr_assert_eq(get_file("/etc/hello", buf, sizeof(buf)), -ENOENT);
	cr_assert_eq(get_file("/etc/bye", buf, sizeof(buf)), 5);
	cr_assert_str_eq(buf, "lower");
	struct name_list l;
	cr_assert_eq(list_dir("/etc", &l), 0);
	cr_assert_eq(l.n, 3);
	cr_assert(name_list_has(&l, "bye"));
	/* A new (upper) directory can move. */
	cr_assert_eq(vfs_mkdirat(NULL, AT_FDCWD, "/newdir", 0755), 0);
	put_file("/newdir/x", "x");
	cr_assert_eq(vfs_renameat2(NULL, AT_FDCWD, "/newdir", AT_FDCWD, "/dir/moved", 0), 0);
	cr_assert_eq(get_file("/dir/moved/x", buf, sizeof(buf)), 1);
}

Test(overlay, host_masked)
{
	/* /proc, /sys and /dev are ours even though the lower has none. */
	struct vfs_path p;
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/dev/null", 0, &p), 0);
	vfs_path_put(&p);
	cr_assert_eq(vfs_lookup(NULL, AT_FDCWD, "/proc", 0, &p), 0);
	cr_assert_str_neq(p.dentry->sb->fstype, "9p");
	vfs_path_put(&p);
	struct stat st;
	char hp[256];
	snprintf(hp, sizeof(hp), "%s/proc", lower);
	cr_assert_neq(stat(hp, &st), 0);
}
