/* pipe, pipe2 (Linux's do_pipe2 in fs/pipe.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include "fs/file.h"
#include "fs/pipe.h"
#include "fs/vfs.h"
#include "syscalls/syscall.h"

static long do_pipe2(struct task *t, uint64_t ufds, unsigned int flags)
{
	/* O_NOTIFICATION_PIPE (watch queues) is not supported. */
	if (flags & ~(unsigned int)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	struct vfs_file *r, *w;
	int err = pipe_create(t, flags, &r, &w);
	if (err)
		return err;
	bool cloexec = flags & O_CLOEXEC;
	unsigned long nofile = task_rlimit(t, RLIMIT_NOFILE);
	int fds[2] = { -1, -1 };
	fds[0] = fd_table_install(t->fdt, 0, r, cloexec, nofile);
	if (fds[0] >= 0)
		fds[1] = fd_table_install(t->fdt, 0, w, cloexec, nofile);
	vfs_file_put(r);
	vfs_file_put(w);
	if (fds[1] < 0) {
		int e = fds[0] < 0 ? fds[0] : fds[1];
		if (fds[0] >= 0)
			fd_table_close(t->fdt, fds[0]);
		return e;
	}
	err = task_copy_out(t, ufds, fds, sizeof(fds));
	if (err) {
		fd_table_close(t->fdt, fds[0]);
		fd_table_close(t->fdt, fds[1]);
		return err;
	}
	return 0;
}

SYSCALL_DEFINE(pipe)
{
	return do_pipe2(t, args->a[0], 0);
}

SYSCALL_DEFINE(pipe2)
{
	return do_pipe2(t, args->a[0], (unsigned int)args->a[1]);
}
