/* procfs: the sandbox's /proc (Linux's fs/proc). It describes the sandbox's
 * processes, mounts and kernel settings, never the host's. The file system
 * registers itself as "proc" (vfs_register_filesystem, from a constructor),
 * so vfs_init mounts it at /proc.
 *
 * This header is what the rest of the kernel may call. */
#pragma once
#include <stdbool.h>
#include "fs/inode.h"

#define PROC_SUPER_MAGIC 0x9fa0

/* Registers "proc" with the VFS (idempotent; also done by a constructor). */
int procfs_register(void);

/* Magic links (Linux's proc_fd_link / proc_exe_link / proc_cwd_link): the
 * symlinks /proc/PID/{exe,cwd,root,fd/N} name an object, not a path, and
 * opening them reaches that object even if it has no (reachable) name.
 *
 * For a procfs symlink inode, resolves what it designates on behalf of the
 * current task: 0 with *path set (a new reference). An anonymous open file
 * (pipe, eventfd, host terminal) is reached through an unnamed procfs
 * "proxy" dentry whose stat is the file's and whose opens share that open
 * file, so the walk always gets a path; *file is reserved for a future
 * direct reopen and is always set to NULL today. Sockets answer -ENXIO as
 * in Linux. Errors: -EINVAL if inode is not a procfs magic link (walk it as an
 * ordinary symlink), -ENOENT if the process or fd is gone, -EACCES if the
 * caller may not look into that process (Linux's ptrace access check,
 * simplified to: same uid or root).
 *
 * The VFS's path walk calls it instead of reading the link body when
 * procfs_is_magic_link(inode) (Linux's nd_jump_link); vfs_lock is held. */
int procfs_magic_link(struct vfs_inode *inode, struct vfs_path *path, struct vfs_file **file);

/* True if inode is a procfs symlink that procfs_magic_link resolves. */
bool procfs_is_magic_link(const struct vfs_inode *inode);
