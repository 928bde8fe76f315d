/* /dev and the memory-like character devices (Linux's drivers/char/mem.c
 * and random.c, in sentry terms); see fs/devfs.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "fs/devfs.h"
#include "fs/hostfile.h"
#include "fs/tmpfs.h"
#include "sentry/task.h"

/* ---- chrdev table */
#define MAX_CHRDEVS 64
static struct {
	unsigned major, minor;
	vfs_chrdev_open_fn open;
} chrdevs[MAX_CHRDEVS];
static int nr_chrdevs;
static pthread_mutex_t chrdev_lock = PTHREAD_MUTEX_INITIALIZER;

int vfs_register_chrdev(unsigned major, unsigned minor, vfs_chrdev_open_fn open)
{
	int err = 0;
	pthread_mutex_lock(&chrdev_lock);
	for (int i = 0; i < nr_chrdevs; i++)
		if (chrdevs[i].major == major && chrdevs[i].minor == minor)
			err = -EBUSY;
	if (!err && nr_chrdevs == MAX_CHRDEVS)
		err = -ENOSPC;
	if (!err)
		chrdevs[nr_chrdevs++] = (typeof(chrdevs[0])){ major, minor, open };
	pthread_mutex_unlock(&chrdev_lock);
	return err;
}

int vfs_chrdev_open(struct task *t, struct vfs_inode *inode, struct vfs_file *f)
{
	vfs_chrdev_open_fn fn = NULL;
	pthread_mutex_lock(&chrdev_lock);
	for (int i = 0; i < nr_chrdevs; i++)
		if (chrdevs[i].major == major(inode->rdev) && chrdevs[i].minor == minor(inode->rdev))
			fn = chrdevs[i].open;
	pthread_mutex_unlock(&chrdev_lock);
	return fn ? fn(t, inode, f) : -ENXIO;
}

/* ---- mem devices */
static ssize_t null_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	return 0;
}

static ssize_t null_write(struct vfs_file *f, struct task *t, const void *buf, size_t n,
			  off_t *pos)
{
	return (ssize_t)n;
}

static off_t null_llseek(struct vfs_file *f, off_t off, int whence)
{
	return 0; /* Linux's noop_llseek for /dev/null, zero, full */
}

static ssize_t zero_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	memset(buf, 0, n);
	return (ssize_t)n;
}

static ssize_t full_write(struct vfs_file *f, struct task *t, const void *buf, size_t n,
			  off_t *pos)
{
	return -ENOSPC;
}

static ssize_t random_read(struct vfs_file *f, struct task *t, void *buf, size_t n,
			   off_t *pos)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = getrandom((char *)buf + done, n - done, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return done ? (ssize_t)done : -errno;
		}
		done += (size_t)r;
	}
	return (ssize_t)done;
}

static const struct file_operations null_fops = {
	.read = null_read, .write = null_write, .llseek = null_llseek,
};
static const struct file_operations zero_fops = {
	.read = zero_read, .write = null_write, .llseek = null_llseek,
	.mmap_anonymous = true,
};
static const struct file_operations full_fops = {
	.read = zero_read, .write = full_write, .llseek = null_llseek,
};
static const struct file_operations random_fops = {
	.read = random_read, .write = null_write, .llseek = null_llseek,
};

static int mem_open(struct task *t, struct vfs_inode *inode, struct vfs_file *f)
{
	switch (minor(inode->rdev)) {
	case 3: f->ops = &null_fops; return 0;
	case 5: f->ops = &zero_fops; return 0;
	case 7: f->ops = &full_fops; return 0;
	case 8:
	case 9: f->ops = &random_fops; return 0;
	}
	return -ENXIO;
}

/* ---- /dev/tty and /dev/console: the host terminal, if there is one */
static int host_tty_fd = -1;
static pthread_mutex_t host_tty_lock = PTHREAD_MUTEX_INITIALIZER;

void devfs_set_host_tty(int hostfd)
{
	int fd = fcntl(hostfd, F_DUPFD_CLOEXEC, 3);
	pthread_mutex_lock(&host_tty_lock);
	if (host_tty_fd >= 0)
		close(host_tty_fd);
	host_tty_fd = fd;
	pthread_mutex_unlock(&host_tty_lock);
}

static int tty_open(struct task *t, struct vfs_inode *inode, struct vfs_file *f)
{
	pthread_mutex_lock(&host_tty_lock);
	int fd = host_tty_fd >= 0 ? fcntl(host_tty_fd, F_DUPFD_CLOEXEC, 3) : -1;
	pthread_mutex_unlock(&host_tty_lock);
	if (fd < 0)
		return -ENXIO;
	return host_file_setup(f, fd);
}

static void register_devices(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	for (unsigned m = 3; m <= 9; m++)
		if (m != 4 && m != 6)
			vfs_register_chrdev(1, m, mem_open);
	vfs_register_chrdev(5, 0, tty_open);
	vfs_register_chrdev(5, 1, tty_open);
}

struct vfs_super *devfs_new_super(int *err)
{
	register_devices();
	struct vfs_super *sb = tmpfs_new_super(0755, 0, 0);
	if (!sb) {
		*err = -ENOMEM;
		return NULL;
	}
	struct vfs_inode *root = sb->root, *i;
	static const struct {
		const char *name;
		mode_t mode;
		unsigned major, minor;
	} nodes[] = {
		{ "null", 0666, 1, 3 },   { "zero", 0666, 1, 5 },    { "full", 0666, 1, 7 },
		{ "random", 0666, 1, 8 }, { "urandom", 0666, 1, 9 }, { "tty", 0666, 5, 0 },
		{ "console", 0600, 5, 1 },
	};
	static const struct {
		const char *name, *target;
	} links[] = {
		{ "fd", "/proc/self/fd" },
		{ "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" },
		{ "stderr", "/proc/self/fd/2" },
		{ "ptmx", "pts/ptmx" },
		{ "core", "/proc/kcore" },
	};
	vfs_lock();
	*err = 0;
	for (size_t k = 0; !*err && k < sizeof(nodes) / sizeof(nodes[0]); k++) {
		*err = root->iops->mknod(root, nodes[k].name, S_IFCHR | nodes[k].mode,
					 makedev(nodes[k].major, nodes[k].minor), NULL, &i);
		if (!*err)
			vfs_inode_put(i);
	}
	for (size_t k = 0; !*err && k < sizeof(links) / sizeof(links[0]); k++) {
		*err = root->iops->symlink(root, links[k].name, links[k].target, NULL, &i);
		if (!*err)
			vfs_inode_put(i);
	}
	if (!*err)
		*err = root->iops->mkdir(root, "shm", 01777, NULL, &i);
	if (!*err) {
		vfs_inode_put(i);
		*err = root->iops->mkdir(root, "pts", 0755, NULL, &i);
		if (!*err)
			vfs_inode_put(i);
	}
	vfs_unlock();
	return *err ? NULL : sb;
}
