/* pidfds: an anonymous file holding a thread group, so the group's memory
 * outlives its reaping while a pidfd names it (tg->file_refs). Readiness is
 * the group's exit: POLLIN once it is a zombie or reaped. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include "fs/file.h"
#include "fs/poll.h"
#include "sentry/exit.h"
#include "sentry/kernel.h"
#include "sentry/pidfd.h"

static const struct file_operations pidfd_ops;

struct thread_group *pidfd_group(struct vfs_file *f)
{
	return f && f->ops == &pidfd_ops ? f->private : NULL;
}

static uint32_t pidfd_poll(struct vfs_file *f)
{
	struct thread_group *tg = f->private;
	pthread_mutex_lock(&kernel.lock);
	uint32_t ev = tg->state != TG_RUNNING ? POLLIN : 0;
	pthread_mutex_unlock(&kernel.lock);
	return ev;
}

static struct waitq *pidfd_waitq(struct vfs_file *f)
{
	return &((struct thread_group *)f->private)->exit_waitq;
}

static int pidfd_stat(struct vfs_file *f, struct stat *st)
{
	readiness_anon_stat(st);
	return 0;
}

static void pidfd_release(struct vfs_file *f)
{
	struct thread_group *tg = f->private;
	pthread_mutex_lock(&kernel.lock);
	if (--tg->file_refs == 0 && tg->state == TG_DEAD)
		tg_release_memory(tg);
	pthread_mutex_unlock(&kernel.lock);
}

static const struct file_operations pidfd_ops = {
	.poll = pidfd_poll,
	.poll_waitq = pidfd_waitq,
	.stat = pidfd_stat,
	.release = pidfd_release,
};

struct vfs_file *pidfd_create(struct thread_group *tg, bool nonblock)
{
	struct vfs_file *f = vfs_anon_file_new(&pidfd_ops, O_RDWR | (nonblock ? O_NONBLOCK : 0), tg,
					       "anon_inode:[pidfd]");
	if (f) {
		pthread_mutex_lock(&kernel.lock);
		tg->file_refs++;
		pthread_mutex_unlock(&kernel.lock);
	}
	return f;
}
