/* The VFS's own objects: inodes, dentries, super blocks and mounts, and the
 * interface a file system implements (struct inode_operations).
 *
 * The model mirrors Linux (include/linux/fs.h, include/linux/dcache.h,
 * fs/mount.h), simplified:
 *
 *  - struct vfs_inode is Linux's struct inode: one file system object with
 *    its attributes and an operations table. A file system embeds it as the
 *    first member of its own inode struct (container_of), and frees the whole
 *    thing in ->evict when the last reference goes.
 *  - struct vfs_dentry is Linux's struct dentry: a name in a directory bound
 *    to an inode. The dentry cache (dcache.c) only keeps *positive* dentries;
 *    a name that does not exist is looked up in the file system each time.
 *    Every cached dentry is pinned by its parent (the "tree reference") until
 *    it is unlinked or renamed over, so the cache is a faithful image of what
 *    the VFS has seen; file systems that change behind our back (the host
 *    file system when written from outside) are not supported.
 *  - struct vfs_super is Linux's super_block: one instance of a file system
 *    (its device number, its root inode, its statfs answers).
 *  - struct vfs_mount is Linux's struct mount/vfsmount: a super block's root
 *    dentry attached at a mountpoint dentry of a parent mount.
 *
 * Locking: one recursive namespace lock (vfs_lock) serialises every change
 * to and every walk through the dentry tree and the mount table, and every
 * directory operation of a file system (lookup, create, unlink, rename,
 * readdir). File systems therefore need no directory locking of their own.
 * Data I/O and attribute updates take the per-inode lock (inode->lock) and
 * never the namespace lock, so a blocking read never stalls path walks.
 * Lock order: vfs_lock -> inode->lock.
 *
 * Reference rules: vfs_inode_get/put and vfs_dentry_get/put count
 * references; a function returning an inode or dentry through an out
 * pointer returns a new reference. Mounts and super blocks are never freed
 * (there is no umount of a busy tree in the sandbox). */
#pragma once
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <time.h>
#include "fs/file.h"
#include "sentry/cred.h"
#include "sentry/list.h"
#include "sentry/waitq.h"

struct vfs_inode;
struct vfs_super;
struct vfs_dentry;
struct vfs_mount;

/* ---- setattr requests (Linux's struct iattr). */
#define VFS_ATTR_MODE (1u << 0)
#define VFS_ATTR_UID (1u << 1)
#define VFS_ATTR_GID (1u << 2)
#define VFS_ATTR_SIZE (1u << 3)
#define VFS_ATTR_ATIME (1u << 4)
#define VFS_ATTR_MTIME (1u << 5)
#define VFS_ATTR_CTIME (1u << 6)

struct vfs_iattr {
	unsigned valid;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	off_t size;
	struct timespec atime, mtime, ctime;
};

/* ---- Directory iteration (Linux's struct dir_context). The actor returns
 * false when the caller's buffer is full; the iterator then stops without
 * consuming the entry. next_pos is the position that resumes after this
 * entry (the d_off of getdents). Positions 0 and 1 are "." and "..", which
 * the generic layer emits itself; a file system's iterate sees pos >= 2. */
struct dir_context;
typedef bool (*vfs_filldir_fn)(struct dir_context *ctx, const char *name,
			       size_t namelen, uint64_t ino, unsigned dtype,
			       int64_t next_pos);
struct dir_context {
	vfs_filldir_fn actor;
	int64_t pos;
};

/* ---- What a file system implements. Directory operations are called with
 * vfs_lock held, after the generic layer has done the permission, read-only
 * mount, existence and type checks Linux does in fs/namei.c; they return a
 * new reference to the inode they made through out. NULL entries answer
 * -EPERM for namespace changes (like Linux when an op is missing), -EINVAL
 * for readlink. */
struct inode_operations {
	/* -ENOENT if name does not exist. */
	int (*lookup)(struct vfs_inode *dir, const char *name, struct vfs_inode **out);
	int (*create)(struct vfs_inode *dir, const char *name, mode_t mode,
		      const struct cred *c, struct vfs_inode **out);
	int (*mkdir)(struct vfs_inode *dir, const char *name, mode_t mode,
		     const struct cred *c, struct vfs_inode **out);
	/* Fifos, sockets, device nodes. */
	int (*mknod)(struct vfs_inode *dir, const char *name, mode_t mode, dev_t rdev,
		     const struct cred *c, struct vfs_inode **out);
	int (*symlink)(struct vfs_inode *dir, const char *name, const char *target,
		       const struct cred *c, struct vfs_inode **out);
	/* out: the inode the new name refers to (overlay may copy up). */
	int (*link)(struct vfs_inode *dir, const char *name, struct vfs_inode *target,
		    struct vfs_inode **out);
	int (*unlink)(struct vfs_inode *dir, const char *name, struct vfs_inode *victim);
	/* The fs checks emptiness (-ENOTEMPTY). */
	int (*rmdir)(struct vfs_inode *dir, const char *name, struct vfs_inode *victim);
	/* flags: RENAME_NOREPLACE / RENAME_EXCHANGE. tgt is the inode at the
	 * new name or NULL. The fs checks a replaced directory is empty. */
	int (*rename)(struct vfs_inode *odir, const char *oname, struct vfs_inode *src,
		      struct vfs_inode *ndir, const char *nname, struct vfs_inode *tgt,
		      unsigned flags);
	/* Returns the target length (not NUL-terminated), truncated to size. */
	ssize_t (*readlink)(struct vfs_inode *inode, char *buf, size_t size);
	int (*setattr)(struct vfs_inode *inode, const struct vfs_iattr *ia);
	/* Refreshes and fills st; NULL: vfs_generic_getattr from the fields. */
	int (*getattr)(struct vfs_inode *inode, struct stat *st);
	/* Prepares f (f->flags set, f->inode = inode) for I/O: sets f->ops and
	 * f->private; may replace f->inode by the inode holding the data
	 * (overlay). Not called for device nodes, fifos and sockets. */
	int (*open)(struct vfs_inode *inode, struct vfs_file *f);
	/* O_TMPFILE: a new unnamed regular file (nlink 0) in dir. */
	int (*tmpfile)(struct vfs_inode *dir, mode_t mode, const struct cred *c,
		       struct vfs_inode **out);
	int (*statfs)(struct vfs_inode *inode, struct statfs *sfs);
	/* Called on a cache hit for inode's dentry (Linux's d_revalidate):
	 * nonzero means the name no longer stands (a /proc/PID of a reaped
	 * process) and the VFS drops it and looks the name up again. NULL:
	 * always valid. */
	int (*revalidate)(struct vfs_inode *inode);
	/* Last reference dropped: release fs state and free the object. NULL:
	 * free(inode). */
	void (*evict)(struct vfs_inode *inode);
};

/* inode->flags */
#define VFS_I_OPAQUE (1u << 0) /* overlay: directory hides the lower layer */
/* A directory that was removed (rmdir, or renamed over): Linux's S_DEAD.
 * Lookups, creations and readdir in it fail with ENOENT, even through a
 * cwd or an open fd that still refers to it. Set under vfs_lock. */
#define VFS_I_DEAD (1u << 1)
/* An O_TMPFILE file opened without O_EXCL: linkat may give it a name
 * although its link count is 0 (Linux's I_LINKABLE). */
#define VFS_I_LINKABLE (1u << 2)

struct vfs_inode {
	atomic_int refs;
	pthread_mutex_t lock; /* attributes and data of this inode */
	uint64_t ino;
	mode_t mode;
	nlink_t nlink;
	uid_t uid;
	gid_t gid;
	off_t size;
	blkcnt_t blocks; /* 512-byte units */
	dev_t rdev;
	struct timespec atime, mtime, ctime, btime;
	unsigned flags;
	const struct inode_operations *iops;
	struct vfs_super *sb;
	void *private;
	/* Advisory locks (locks.c): POSIX record locks and flock locks, and
	 * where waiters for them sleep. Guarded by lock. */
	struct list_node posix_locks;
	struct list_node flock_locks;
	struct waitq lock_waitq;
};

/* ---- Super blocks. */
struct vfs_super {
	dev_t dev;
	const char *fstype;  /* "tmpfs", "overlay", "9p", "proc", ... */
	long magic;          /* statfs f_type */
	struct vfs_inode *root;
	void *private;
	atomic_uint_fast64_t next_ino;
};

/* ---- Dentries. */
struct vfs_dentry {
	atomic_int refs;
	struct vfs_dentry *parent; /* itself for a file system root */
	char *name;
	struct vfs_inode *inode; /* never NULL */
	struct vfs_super *sb;
	struct vfs_dentry *hash_next;
	int mounted;  /* number of mounts whose mountpoint this is */
	bool hashed;  /* in the cache (false once unlinked or replaced) */
};

/* ---- Mounts. */
#define VFS_MNT_RDONLY (1u << 0)
#define VFS_MNT_NOSUID (1u << 1)
#define VFS_MNT_NODEV (1u << 2)
#define VFS_MNT_NOEXEC (1u << 3)

struct vfs_mount {
	struct vfs_super *sb;
	struct vfs_dentry *root;
	struct vfs_mount *parent;      /* NULL for the root mount */
	struct vfs_dentry *mountpoint; /* in parent */
	unsigned flags;
	int id;
	char source[64]; /* what /proc/mounts shows as the device */
	struct list_node link; /* vfs_mounts, in mount order */
};

/* A place in the tree: a mount and a dentry in it (Linux's struct path).
 * Holders of a struct vfs_path own a reference to the dentry. */
struct vfs_path {
	struct vfs_mount *mnt;
	struct vfs_dentry *dentry;
};

/* ---- The namespace lock (see the top of this file). */
void vfs_lock(void);
void vfs_unlock(void);

/* ---- Inodes (inode.c). */
/* Initialises the generic part of a newly allocated fs inode: one
 * reference, a fresh inode number from sb (unless ino != 0), times = now. */
void vfs_inode_init(struct vfs_inode *inode, struct vfs_super *sb,
		    const struct inode_operations *iops, mode_t mode, uint64_t ino);
void vfs_inode_get(struct vfs_inode *inode);
void vfs_inode_put(struct vfs_inode *inode);
/* Fills st from the inode's fields. */
void vfs_generic_getattr(struct vfs_inode *inode, struct stat *st);
int vfs_inode_getattr(struct vfs_inode *inode, struct stat *st);
/* Applies ia to the fields (mode, owner, times; size only sets ->size). */
void vfs_generic_setattr(struct vfs_inode *inode, const struct vfs_iattr *ia);
/* MAY_* bits; c == NULL means the kernel itself (always allowed). */
#define VFS_MAY_EXEC 1
#define VFS_MAY_WRITE 2
#define VFS_MAY_READ 4
int vfs_inode_permission(struct vfs_inode *inode, const struct cred *c, int mask);
/* Owner check for chmod/utimes (inode_owner_or_capable). */
bool vfs_inode_owner_or_capable(struct vfs_inode *inode, const struct cred *c);
void vfs_timespec_now(struct timespec *ts);
/* d_type for a mode (DT_REG, DT_DIR, ...). */
unsigned vfs_mode_to_dtype(mode_t mode);
/* Allocates a super block with a fresh anonymous device number. */
struct vfs_super *vfs_super_new(const char *fstype, long magic);

/* ---- Dentries (dcache.c). All but get/put need vfs_lock held. */
void vfs_dentry_get(struct vfs_dentry *d);
void vfs_dentry_put(struct vfs_dentry *d);
/* A root dentry for a file system (parent = itself). Takes over the
 * caller's reference to inode. */
struct vfs_dentry *vfs_dentry_new_root(struct vfs_inode *inode);
/* The cached child, or a fresh one from dir's ->lookup. -ENOENT if absent,
 * -ENOTDIR if parent is no directory. */
int vfs_dentry_lookup(struct vfs_dentry *parent, const char *name, struct vfs_dentry **out);
/* Cached child only (no fs call); NULL if not cached. New reference. */
struct vfs_dentry *vfs_dentry_lookup_cached(struct vfs_dentry *parent, const char *name);
/* Adds a child for an inode just created by the fs (takes over the caller's
 * inode reference); returns a new dentry reference. */
struct vfs_dentry *vfs_dentry_add(struct vfs_dentry *parent, const char *name,
				  struct vfs_inode *inode);
/* Removes d from the cache (after unlink/rmdir, or its name was replaced). */
void vfs_dentry_drop(struct vfs_dentry *d);
/* Moves d under new parent with new name (after rename). */
void vfs_dentry_move(struct vfs_dentry *d, struct vfs_dentry *newparent, const char *newname);
/* Swaps the names and parents of two dentries (RENAME_EXCHANGE). */
void vfs_dentry_exchange(struct vfs_dentry *a, struct vfs_dentry *b);

/* ---- Mounts (mount.c). Need vfs_lock held except where noted. */
/* Mounts sb's root at mountpoint (NULL: becomes the root mount). */
struct vfs_mount *vfs_mount_add(struct vfs_super *sb, struct vfs_dentry *root,
				struct vfs_path *mountpoint, unsigned flags,
				const char *source);
/* The topmost mount on (mnt, d), or NULL. */
struct vfs_mount *vfs_mount_lookup(struct vfs_mount *mnt, struct vfs_dentry *d);
/* The root of the mount tree (a new dentry reference in out). */
void vfs_root_path(struct vfs_path *out);
/* Calls fn for each mount in mount order, under vfs_lock (for /proc/mounts). */
void vfs_mounts_foreach(void (*fn)(struct vfs_mount *m, void *arg), void *arg);

/* Mounts root (a file system's root dentry) at the directory path of the
 * global tree, creating the directory if missing (start-up only). */
int vfs_mount_root_at(const char *path, struct vfs_dentry *root, unsigned flags,
		      const char *source);

/* A file system type that can be mounted by name (procfs, sysfs, ...):
 * mount builds a new super block and returns its root dentry. */
typedef int (*vfs_mount_fn)(const char *source, unsigned long flags, const void *data,
			    struct vfs_dentry **root);
int vfs_register_filesystem(const char *name, vfs_mount_fn mount);
vfs_mount_fn vfs_find_filesystem(const char *name);

/* ---- Paths. */
void vfs_path_get(const struct vfs_path *p);
void vfs_path_put(struct vfs_path *p);
bool vfs_path_equal(const struct vfs_path *a, const struct vfs_path *b);
/* True if p is root or below it (crossing mounts). */
bool vfs_path_is_under(const struct vfs_path *p, const struct vfs_path *root);
/* Writes the absolute path of p as seen from root into buf (a path not
 * under root is written from the global root). Returns the length, or
 * -ENAMETOOLONG. An unlinked file gets " (deleted)" appended, as Linux's
 * d_path does. */
int vfs_path_string(const struct vfs_path *p, const struct vfs_path *root,
		    char *buf, size_t size);

/* ---- Character devices (devfs.c): opening a device node of any file
 * system dispatches on its rdev (Linux's chrdev_open). */
typedef int (*vfs_chrdev_open_fn)(struct task *t, struct vfs_inode *inode,
				  struct vfs_file *f);
int vfs_register_chrdev(unsigned major, unsigned minor, vfs_chrdev_open_fn open);
int vfs_chrdev_open(struct task *t, struct vfs_inode *inode, struct vfs_file *f);

/* ---- Open files (file.c). */
/* A new open file of inode at path (takes no references: the caller
 * passes references to path and inode into it). */
struct vfs_file *vfs_file_alloc(unsigned flags);
/* The inode whose metadata f shows (stat), NULL for anonymous files. */
struct vfs_inode *vfs_file_inode(struct vfs_file *f);
/* Generic llseek for files with a size (uses getattr for SEEK_END). */
off_t vfs_generic_llseek(struct vfs_file *f, off_t off, int whence);
/* The origins every seek shares: true with *base set for SEEK_SET (0)
 * and SEEK_CUR (f->pos), false for any other whence. */
bool vfs_seek_origin(const struct vfs_file *f, int whence, off_t *base);
/* base + off as a new position, -EINVAL when negative or overflowing. */
off_t vfs_seek_offset(off_t base, off_t off);
/* llseek and read for directories (positions are iterate cookies). */
off_t vfs_dir_llseek(struct vfs_file *f, off_t off, int whence);
ssize_t vfs_dir_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos);
/* Directory iteration: emits ".", ".." then calls f->ops->iterate. */
int vfs_iterate_dir(struct vfs_file *f, struct dir_context *ctx);
/* Opens an inode that is not (necessarily) reachable by path, for internal
 * use (overlay copy-up, merged readdir): no permission checks. */
int vfs_open_inode(struct vfs_inode *inode, unsigned flags, struct vfs_file **out);

/* ---- statfs helper for in-memory file systems. */
void vfs_simple_statfs(struct vfs_inode *inode, struct statfs *sfs);
