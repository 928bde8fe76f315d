/* Host files: open file descriptions of the host that the sandbox uses
 * directly, i.e. the caller's stdin/stdout/stderr (vfs_host_file_new in
 * fs/vfs.h) and the host terminal behind /dev/tty. I/O uses read/write on
 * the host fd, so the offset and O_APPEND are shared with the caller.
 *
 * A blocking read or write waits in a host poll() with a short timeout,
 * checking for signals in between (-ERESTARTSYS), so it occupies the
 * task's sentry thread but stays interruptible. Terminal ioctls are
 * forwarded to the host, except the foreground process group, which is
 * kept virtually (sandbox pids mean nothing to the host). */
#pragma once
#include "fs/file.h"

/* Makes f (freshly allocated) a host file on hostfd, taking ownership. */
int host_file_setup(struct vfs_file *f, int hostfd);
