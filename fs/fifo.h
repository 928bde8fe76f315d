/* Named pipes: the VFS opens a fifo inode by handing a stable key for the
 * inode (the struct vfs_inode pointer the path resolved to) to the pipe
 * code, which keeps one pipe object per key and returns a new open file
 * on it, blocking as fifo(7) says (O_RDONLY waits for a writer, O_WRONLY
 * for a reader, O_WRONLY|O_NONBLOCK without a reader fails with ENXIO).
 * Implemented by the pipe code (fs/pipe*.c); the VFS links to it weakly. */
#pragma once

struct task;
struct vfs_file;

int fifo_open(struct task *t, void *fifo_key, unsigned flags, struct vfs_file **out);
