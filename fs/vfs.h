/* The VFS boundary: what the sentry core (exec, clone, the task loop, runsc
 * start-up) needs from the file system layer. The VFS's own objects (inodes,
 * dentries, mounts, open files, path walk) are declared in fs/ headers owned
 * by the VFS; this header is the contract the rest of the kernel codes to.
 *
 * Reference rules: every function returning a struct vfs_file * returns a new
 * reference; the caller drops it with vfs_file_put. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct task;
struct vfs_file;
struct fs_context;
struct fd_table;

/* ---- Mount tree set-up, done once by runsc before the first task runs. */
struct vfs_config {
	const char *host_root;   /* host directory that is the rootfs ("/") */
	bool root_readonly_lower; /* overlay with an in-memory upper layer */
};
/* Builds the mount tree (fs/vfs_init.c): host_root NULL gives a plain
 * tmpfs root (tests). File systems registered by name before this call
 * (vfs_register_filesystem in fs/inode.h, e.g. from a constructor) are
 * mounted: "proc" at /proc, "sysfs" at /sys; otherwise those are empty
 * read-only tmpfs so the host's never show through. */
int vfs_init(const struct vfs_config *cfg);
/* Mounts the registered "proc" file system at /proc (-ENODEV if none is
 * registered); for a procfs registered after vfs_init. */
int vfs_mount_procfs(void);

/* ---- Open files. */
void vfs_file_get(struct vfs_file *f);
void vfs_file_put(struct vfs_file *f);
/* Wraps a host fd (the caller's stdin/stdout/stderr) as an open file that
 * shares the host open file description; takes ownership of hostfd. */
struct vfs_file *vfs_host_file_new(int hostfd);
/* Reads from f at offset off into a sentry buffer (exec's ELF loader). */
ssize_t vfs_file_pread(struct vfs_file *f, void *buf, size_t n, off_t off);
/* A host fd backing f's data, for mmap into an app process: dup'ed, the
 * caller closes it. writable asks for an fd that may be mapped shared and
 * writable. -ENODEV if f cannot be mapped, -EACCES if not writable. */
int vfs_file_mmap_fd(struct vfs_file *f, bool writable);
/* The path of f as seen inside the sandbox (for /proc/PID/exe, maps). */
int vfs_file_path(struct vfs_file *f, char *buf, size_t size);

/* Opens path (relative to dirfd in t's fd table/cwd) for execve:
 * checks a regular file with execute permission, follows symlinks unless
 * AT_SYMLINK_NOFOLLOW, honours AT_EMPTY_PATH. Errors as execve(2). */
int vfs_open_exec(struct task *t, int dirfd, const char *path, int at_flags,
		  struct vfs_file **out);

/* ---- fs context (root, cwd, umask), shared with CLONE_FS. */
struct fs_context *fs_context_new(void); /* root = cwd = the sandbox root */
struct fs_context *fs_context_copy(struct fs_context *fs);
void fs_context_get(struct fs_context *fs);
void fs_context_put(struct fs_context *fs);
/* chdir for runsc's --cwd (no task yet); errors as chdir(2). */
int fs_context_chdir(struct fs_context *fs, const char *path);

/* ---- fd tables, shared with CLONE_FILES. */
struct fd_table *fd_table_new(void);
struct fd_table *fd_table_copy(struct fd_table *fdt);
void fd_table_get(struct fd_table *fdt);
void fd_table_put(struct fd_table *fdt);
/* Installs f at the lowest free fd >= minfd; returns the fd or -EMFILE. */
int fd_table_install(struct fd_table *fdt, int minfd, struct vfs_file *f,
		     bool cloexec, unsigned long nofile_limit);
/* Installs f exactly at fd, closing what was there (dup2). */
int fd_table_install_at(struct fd_table *fdt, int fd, struct vfs_file *f,
			bool cloexec, unsigned long nofile_limit);
/* A new reference to the file at fd, or NULL (EBADF). */
struct vfs_file *fd_table_get_file(struct fd_table *fdt, int fd);
int fd_table_close(struct fd_table *fdt, int fd);
void fd_table_close_on_exec(struct fd_table *fdt);
