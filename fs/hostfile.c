/* Host files; see fs/hostfile.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "fs/devfs.h"
#include "fs/hostfile.h"
#include "fs/inode.h"
#include "sentry/task.h"
#include "syscalls/syscall.h"

struct host_file {
	int fd;
	bool is_tty;
	bool seekable;
	pid_t pgrp; /* virtual foreground process group, 0: not set */
};

/* Linux's struct termios as the ioctls see it (not glibc's). */
struct kernel_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};

static int host_poll(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r = poll(&p, 1, timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	return r ? p.revents : 0;
}

/* Waits until fd is ready for events or a signal arrives. */
static int wait_ready(struct vfs_file *f, struct task *t, short events)
{
	struct host_file *hf = f->private;
	for (;;) {
		int r = host_poll(hf->fd, events, (atomic_load(&f->flags) & O_NONBLOCK) ? 0 : 50);
		if (r < 0)
			return r;
		if (r)
			return 0;
		if (atomic_load(&f->flags) & O_NONBLOCK)
			return -EAGAIN;
		if (t && task_signal_pending(t))
			return -ERESTARTSYS;
	}
}

static ssize_t host_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	struct host_file *hf = f->private;
	/* pread/preadv pass a local position, read passes &f->pos: only a
	 * positional read of a seekable file uses the offset. */
	if (pos != &f->pos && hf->seekable) {
		ssize_t r = pread(hf->fd, buf, n, *pos);
		if (r < 0)
			return -errno;
		*pos += r;
		return r;
	}
	for (;;) {
		if (!hf->seekable) {
			int err = wait_ready(f, t, POLLIN);
			if (err)
				return err;
		}
		ssize_t r = read(hf->fd, buf, n);
		if (r >= 0)
			return r;
		if (errno == EINTR || (errno == EAGAIN && !(atomic_load(&f->flags) & O_NONBLOCK)))
			continue;
		return -errno;
	}
}

static ssize_t host_write(struct vfs_file *f, struct task *t, const void *buf, size_t n,
			  off_t *pos)
{
	struct host_file *hf = f->private;
	if (pos != &f->pos && hf->seekable) {
		ssize_t r = pwrite(hf->fd, buf, n, *pos);
		if (r < 0)
			return -errno;
		*pos += r;
		return r;
	}
	for (;;) {
		if (!hf->seekable) {
			int err = wait_ready(f, t, POLLOUT);
			if (err)
				return err;
		}
		ssize_t r = write(hf->fd, buf, n);
		if (r >= 0)
			return r;
		if (errno == EINTR || (errno == EAGAIN && !(atomic_load(&f->flags) & O_NONBLOCK)))
			continue;
		if (errno == EPIPE && t)
			task_send_signal(t, SIGPIPE, NULL);
		return -errno;
	}
}

static off_t host_llseek(struct vfs_file *f, off_t off, int whence)
{
	struct host_file *hf = f->private;
	off_t r = lseek(hf->fd, off, whence);
	return r < 0 ? -errno : r;
}

static uint32_t host_poll_op(struct vfs_file *f)
{
	struct host_file *hf = f->private;
	int r = host_poll(hf->fd, POLLIN | POLLOUT | POLLPRI, 0);
	return r < 0 ? POLLERR : (uint32_t)r;
}

static long host_ioctl(struct vfs_file *f, struct task *t, unsigned long cmd, uint64_t arg)
{
	struct host_file *hf = f->private;
	switch (cmd) {
	case FIONREAD: {
		int n;
		if (ioctl(hf->fd, FIONREAD, &n))
			return -errno;
		return task_copy_out(t, arg, &n, sizeof(n));
	}
	case TCGETS: {
		struct kernel_termios kt;
		if (ioctl(hf->fd, TCGETS, &kt))
			return -errno;
		return task_copy_out(t, arg, &kt, sizeof(kt));
	}
	case TCSETS:
	case TCSETSW:
	case TCSETSF: {
		struct kernel_termios kt;
		int err = task_copy_in(t, &kt, arg, sizeof(kt));
		if (err)
			return err;
		return ioctl(hf->fd, cmd, &kt) ? -errno : 0;
	}
	case TIOCGWINSZ: {
		struct winsize ws;
		if (ioctl(hf->fd, TIOCGWINSZ, &ws))
			return -errno;
		return task_copy_out(t, arg, &ws, sizeof(ws));
	}
	case TIOCSWINSZ: {
		struct winsize ws;
		int err = task_copy_in(t, &ws, arg, sizeof(ws));
		if (err)
			return err;
		return ioctl(hf->fd, TIOCSWINSZ, &ws) ? -errno : 0;
	}
	case TIOCGPGRP: {
		if (!hf->is_tty)
			return -ENOTTY;
		pid_t pg = hf->pgrp ? hf->pgrp : (t ? t->tg->pgid : 0);
		return task_copy_out(t, arg, &pg, sizeof(pg));
	}
	case TIOCSPGRP: {
		if (!hf->is_tty)
			return -ENOTTY;
		pid_t pg;
		int err = task_copy_in(t, &pg, arg, sizeof(pg));
		if (err)
			return err;
		if (pg < 0)
			return -EINVAL;
		hf->pgrp = pg;
		return 0;
	}
	case TIOCGSID: {
		if (!hf->is_tty)
			return -ENOTTY;
		pid_t sid = t ? t->tg->sid : 0;
		return task_copy_out(t, arg, &sid, sizeof(sid));
	}
	case TIOCSCTTY:
	case TIOCNOTTY:
		/* The sandbox's terminal is the controlling terminal of its
		 * session already; nothing to change on the host. */
		return hf->is_tty ? 0 : -ENOTTY;
	}
	return -ENOTTY;
}

static int host_stat(struct vfs_file *f, struct stat *st)
{
	struct host_file *hf = f->private;
	return fstat(hf->fd, st) ? -errno : 0;
}

static int host_mmap_fd(struct vfs_file *f, bool writable)
{
	struct host_file *hf = f->private;
	if (!hf->seekable)
		return -ENODEV;
	if (writable && !vfs_file_writable(f))
		return -EACCES;
	int fd = fcntl(hf->fd, F_DUPFD_CLOEXEC, 0);
	return fd < 0 ? -errno : fd;
}

static int host_fsync(struct vfs_file *f, bool datasync)
{
	struct host_file *hf = f->private;
	if ((datasync ? fdatasync(hf->fd) : fsync(hf->fd)) && errno != EINVAL && errno != EROFS)
		return -errno;
	return 0;
}

static void host_release(struct vfs_file *f)
{
	struct host_file *hf = f->private;
	if (hf) {
		close(hf->fd);
		free(hf);
	}
}

static const struct file_operations host_fops = {
	.read = host_read,
	.write = host_write,
	.llseek = host_llseek,
	.poll = host_poll_op,
	.ioctl = host_ioctl,
	.stat = host_stat,
	.mmap_fd = host_mmap_fd,
	.fsync = host_fsync,
	.release = host_release,
};

int host_file_setup(struct vfs_file *f, int hostfd)
{
	struct host_file *hf = calloc(1, sizeof(*hf));
	if (!hf) {
		close(hostfd);
		return -ENOMEM;
	}
	struct stat st;
	hf->fd = hostfd;
	hf->is_tty = isatty(hostfd);
	hf->seekable = fstat(hostfd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode));
	int fl = fcntl(hostfd, F_GETFL);
	if (fl >= 0) {
		unsigned keep = atomic_load(&f->flags) & ~(unsigned)(O_ACCMODE | O_APPEND);
		atomic_store(&f->flags, keep | (unsigned)(fl & (O_ACCMODE | O_APPEND)) | O_LARGEFILE);
	}
	f->ops = &host_fops;
	f->private = hf;
	return 0;
}

struct vfs_file *vfs_host_file_new(int hostfd)
{
	struct vfs_file *f = vfs_anon_file_new(NULL, 0, NULL, "host");
	if (!f) {
		close(hostfd);
		return NULL;
	}
	if (host_file_setup(f, hostfd)) {
		vfs_file_put(f);
		return NULL;
	}
	struct host_file *hf = f->private;
	/* The anon name /proc/PID/fd shows: like a pipe or a pts. */
	struct stat st;
	if (fstat(hostfd, &st) == 0) {
		if (S_ISFIFO(st.st_mode))
			snprintf(f->anon_name, sizeof(f->anon_name), "pipe:[%llu]",
				 (unsigned long long)st.st_ino);
		else if (hf->is_tty)
			snprintf(f->anon_name, sizeof(f->anon_name), "/dev/tty");
		else if (S_ISSOCK(st.st_mode))
			snprintf(f->anon_name, sizeof(f->anon_name), "socket:[%llu]",
				 (unsigned long long)st.st_ino);
	}
	static bool tty_registered;
	if (hf->is_tty && !tty_registered) {
		tty_registered = true;
		devfs_set_host_tty(hostfd);
	}
	return f;
}
