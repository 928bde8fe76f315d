/* signalfd (fs/signalfd.c): an open file whose reads dequeue the reading
 * task's pending signals in its mask, as struct signalfd_siginfo records.
 * Readiness: the thread group's signalfd_waitq is notified whenever a
 * signal is queued to the group or one of its threads. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include "fs/file.h"
#include "fs/poll.h"
#include "sentry/exit.h"
#include "sentry/kernel.h"
#include "sentry/signal.h"
#include "sentry/signalfd.h"

struct signalfd_ctx {
	uint64_t mask;
	struct thread_group *tg; /* whose waitq readiness uses (creator's) */
};

static const struct file_operations signalfd_ops;

bool vfs_file_is_signalfd(const struct vfs_file *f)
{
	return f->ops == &signalfd_ops;
}

static void to_signalfd_info(const siginfo_t *in, struct signalfd_siginfo *out)
{
	memset(out, 0, sizeof(*out));
	out->ssi_signo = (uint32_t)in->si_signo;
	out->ssi_errno = in->si_errno;
	out->ssi_code = in->si_code;
	out->ssi_pid = (uint32_t)in->si_pid;
	out->ssi_uid = in->si_uid;
	out->ssi_status = in->si_status;
	out->ssi_int = in->si_int;
	out->ssi_ptr = (uint64_t)(uintptr_t)in->si_ptr;
	if (in->si_signo == SIGSEGV || in->si_signo == SIGBUS || in->si_signo == SIGILL ||
	    in->si_signo == SIGFPE || in->si_signo == SIGTRAP)
		out->ssi_addr = (uint64_t)(uintptr_t)in->si_addr;
	if (in->si_signo == SIGCHLD) {
		out->ssi_utime = (uint64_t)in->si_utime;
		out->ssi_stime = (uint64_t)in->si_stime;
	}
}

/* Dequeues one signal in mask for t (kernel.lock held). */
static int dequeue_masked(struct task *t, uint64_t mask, siginfo_t *info)
{
	uint64_t saved = t->sigmask;
	t->sigmask = ~mask;
	int sig = sig_dequeue(t, info);
	t->sigmask = saved;
	return sig;
}

struct read_ctx {
	struct task *t;
	struct signalfd_ctx *ctx;
	struct signalfd_siginfo *out;
	size_t max;
};

static long try_read(void *arg)
{
	struct read_ctx *rc = arg;
	size_t n = 0;
	pthread_mutex_lock(&kernel.lock);
	while (n < rc->max) {
		siginfo_t info;
		int sig = dequeue_masked(rc->t, rc->ctx->mask, &info);
		if (!sig)
			break;
		to_signalfd_info(&info, &rc->out[n++]);
	}
	pthread_mutex_unlock(&kernel.lock);
	return n ? (long)(n * sizeof(struct signalfd_siginfo)) : -EAGAIN;
}

static ssize_t signalfd_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	struct signalfd_ctx *ctx = f->private;
	if (n < sizeof(struct signalfd_siginfo))
		return -EINVAL;
	struct read_ctx rc = { t, ctx, buf, n / sizeof(struct signalfd_siginfo) };
	long r = try_read(&rc);
	if (r != -EAGAIN || (f->flags & O_NONBLOCK))
		return r;
	return task_wait_until(t, &t->tg->signalfd_waitq, POLLIN, NULL, try_read, &rc);
}

static uint32_t signalfd_poll(struct vfs_file *f)
{
	struct signalfd_ctx *ctx = f->private;
	struct task *t = task_current();
	uint32_t ev = 0;
	pthread_mutex_lock(&kernel.lock);
	uint64_t pending = ctx->tg->shared_pending.set;
	if (t && t->tg == ctx->tg)
		pending |= t->pending.set;
	if (pending & ctx->mask)
		ev |= POLLIN;
	pthread_mutex_unlock(&kernel.lock);
	return ev;
}

static struct waitq *signalfd_waitq(struct vfs_file *f)
{
	struct signalfd_ctx *ctx = f->private;
	return &ctx->tg->signalfd_waitq;
}

static int signalfd_stat(struct vfs_file *f, struct stat *st)
{
	readiness_anon_stat(st);
	return 0;
}

static void signalfd_release(struct vfs_file *f)
{
	struct signalfd_ctx *ctx = f->private;
	pthread_mutex_lock(&kernel.lock);
	if (--ctx->tg->file_refs == 0 && ctx->tg->state == TG_DEAD)
		tg_release_memory(ctx->tg);
	pthread_mutex_unlock(&kernel.lock);
	free(ctx);
}

static const struct file_operations signalfd_ops = {
	.read = signalfd_read,
	.poll = signalfd_poll,
	.poll_waitq = signalfd_waitq,
	.stat = signalfd_stat,
	.release = signalfd_release,
};

long signalfd_update_or_create(struct task *t, int fd, uint64_t mask, int flags)
{
	mask &= ~SIG_KERNEL_ONLY_MASK;
	if (fd != -1) {
		struct vfs_file *f = fd_table_get_file(t->fdt, fd);
		if (!f)
			return -EBADF;
		if (!vfs_file_is_signalfd(f)) {
			vfs_file_put(f);
			return -EINVAL;
		}
		struct signalfd_ctx *ctx = f->private;
		pthread_mutex_lock(&kernel.lock);
		ctx->mask = mask;
		pthread_mutex_unlock(&kernel.lock);
		waitq_notify(&ctx->tg->signalfd_waitq, POLLIN);
		vfs_file_put(f);
		return fd;
	}
	struct signalfd_ctx *ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->mask = mask;
	ctx->tg = t->tg;
	pthread_mutex_lock(&kernel.lock);
	t->tg->file_refs++;
	pthread_mutex_unlock(&kernel.lock);
	unsigned oflags = O_RDWR | ((flags & SFD_NONBLOCK) ? O_NONBLOCK : 0);
	struct vfs_file *f = vfs_anon_file_new(&signalfd_ops, oflags, ctx, "anon_inode:[signalfd]");
	if (!f) {
		signalfd_release(&(struct vfs_file){ .private = ctx });
		return -ENOMEM;
	}
	return readiness_fd_install(t, f, flags & SFD_CLOEXEC); /* takes our reference */
}
