/* Advisory file locks (Linux's fs/locks.c): POSIX record locks (fcntl
 * F_SETLK/F_SETLKW/F_GETLK), owned by a thread group and released when that
 * process closes any fd of the file, and flock(2) locks, owned by the open
 * file description and released when its last reference goes. Both live on
 * the inode the file shows (vfs_file_inode), guarded by inode->lock;
 * blocked lockers sleep on inode->lock_waitq. No deadlock detection. */
#pragma once
#include <fcntl.h>
#include <stdbool.h>
#include <sys/types.h>
#include "fs/inode.h"

struct task;

/* A lock range: [start, end], end == VFS_LOCK_EOF for "to the end". */
#define VFS_LOCK_EOF INT64_MAX

/* F_GETLK: if a lock of another owner conflicts with (type, start, end),
 * describes it in *fl (l_type, l_whence = SEEK_SET, l_start, l_len, l_pid);
 * else sets fl->l_type = F_UNLCK. */
void vfs_posix_lock_test(struct vfs_inode *inode, void *owner, short type,
			 off_t start, off_t end, struct flock *fl);
/* F_SETLK(W): type F_RDLCK/F_WRLCK/F_UNLCK. wait: sleep (interruptibly:
 * -ERESTARTSYS) until no conflict; else -EAGAIN on conflict. */
int vfs_posix_lock_set(struct task *t, struct vfs_inode *inode, void *owner, pid_t pid,
		       short type, off_t start, off_t end, bool wait);
/* Drops every POSIX lock owner holds on f's inode (close). */
void vfs_posix_locks_release(struct vfs_file *f, void *owner);
/* flock(2): op is LOCK_SH/LOCK_EX/LOCK_UN, optionally | LOCK_NB. */
int vfs_flock(struct task *t, struct vfs_file *f, int op);
/* Drops the flock and OFD locks of f (its last reference went). */
void vfs_locks_release_file(struct vfs_file *f);
