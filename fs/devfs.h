/* /dev: a tmpfs populated with the standard device nodes and links
 * (null, zero, full, random, urandom, tty, console, fd, stdin, stdout,
 * stderr, ptmx -> pts/ptmx, shm/, pts/), whose character devices open
 * through the chrdev table (vfs_register_chrdev in fs/inode.h). */
#pragma once
#include "fs/inode.h"

struct vfs_super *devfs_new_super(int *err);

/* The host terminal the sandbox's stdio is attached to, if any: /dev/tty
 * and /dev/console open it (-ENXIO when there is none). vfs_host_file_new
 * registers the first terminal it wraps; runsc may set it explicitly. The
 * fd is dup'ed. */
void devfs_set_host_tty(int hostfd);
