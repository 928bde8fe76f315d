/* The protocol-independent socket layer: the socket open file and its
 * file operations (read/write = recv/send without flags, poll, FIONREAD/
 * SIOCINQ/SIOCOUTQ, fstat as S_IFSOCK), creation by family, the data
 * iterator and ancillary-data helpers. */
#include "net/socket.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include "fs/file.h"
#include "fs/vfs.h"
#include "net/unix.h"
#include "sentry/task.h"

/* ---- Iterator. */

void net_iter_init(struct net_iter *it, struct task *t, const struct iovec *iov,
		   unsigned long nr, size_t total)
{
	it->t = t;
	it->iov = iov;
	it->nr = nr;
	it->idx = 0;
	it->off = 0;
	it->left = total;
	it->fault = false;
}

/* Moves n bytes between buf and the iterator (to_iter: buf -> iter). */
static size_t net_iter_move(struct net_iter *it, void *buf, size_t n, bool to_iter)
{
	size_t done = 0;
	if (n > it->left)
		n = it->left;
	while (done < n && it->idx < it->nr) {
		const struct iovec *v = &it->iov[it->idx];
		size_t room = v->iov_len - it->off;
		if (room == 0) {
			it->idx++;
			it->off = 0;
			continue;
		}
		size_t k = n - done < room ? n - done : room;
		char *p = (char *)buf + done;
		uint64_t addr = (uint64_t)(uintptr_t)v->iov_base + it->off;
		size_t moved;
		if (!it->t) {
			if (to_iter)
				memcpy((void *)(uintptr_t)addr, p, k);
			else
				memcpy(p, (const void *)(uintptr_t)addr, k);
			moved = k;
		} else if (to_iter) {
			moved = task_copy_out_partial(it->t, addr, p, k);
		} else {
			moved = task_copy_in_partial(it->t, p, addr, k);
		}
		done += moved;
		it->off += moved;
		it->left -= moved;
		if (moved < k) {
			it->fault = true;
			break;
		}
	}
	return done;
}

size_t net_iter_copy_from(struct net_iter *it, void *dst, size_t n)
{
	return net_iter_move(it, dst, n, false);
}

size_t net_iter_copy_to(struct net_iter *it, const void *src, size_t n)
{
	return net_iter_move(it, (void *)src, n, true);
}

/* ---- Ancillary data. */

void net_scm_release(struct net_scm *scm)
{
	for (unsigned int i = 0; i < scm->nfds; i++)
		vfs_file_put(scm->fds[i]);
	scm->nfds = 0;
}

void net_creds_of(struct task *t, struct net_creds *c)
{
	if (!t || !t->tg) {
		c->pid = 0;
		c->uid = 0;
		c->gid = 0;
		return;
	}
	c->pid = t->tg->tgid;
	c->uid = t->tg->cred.uid;
	c->gid = t->tg->cred.gid;
}

/* ---- The socket file. */

static struct net_socket *file_sock(struct vfs_file *f)
{
	return f->private;
}

bool net_nonblock(struct vfs_file *f, int msg_flags)
{
	return (atomic_load(&f->flags) & O_NONBLOCK) || (msg_flags & MSG_DONTWAIT);
}

static ssize_t sock_read(struct vfs_file *f, struct task *t, void *buf, size_t n, off_t *pos)
{
	return net_recv_buf(f, t, buf, n, 0, NULL, NULL);
}

static ssize_t sock_write(struct vfs_file *f, struct task *t, const void *buf, size_t n,
			  off_t *pos)
{
	return net_send_buf(f, t, buf, n, 0, NULL);
}

static uint32_t sock_poll(struct vfs_file *f)
{
	struct net_socket *s = file_sock(f);
	return s->ops->poll(s);
}

static struct waitq *sock_poll_waitq(struct vfs_file *f)
{
	return &file_sock(f)->wq;
}

static long sock_ioctl(struct vfs_file *f, struct task *t, unsigned long cmd, uint64_t arg)
{
	struct net_socket *s = file_sock(f);
	int v;
	switch (cmd) {
	case SIOCINQ: /* == FIONREAD */
		v = s->ops->inq(s);
		break;
	case SIOCOUTQ:
		v = s->ops->outq(s);
		break;
	default:
		return -ENOTTY;
	}
	if (v < 0)
		return v;
	return task_copy_out(t, arg, &v, sizeof(v));
}

static int sock_stat(struct vfs_file *f, struct stat *st)
{
	struct net_socket *s = file_sock(f);
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFSOCK | 0777;
	st->st_ino = s->ino;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	/* Linux's sockfs reports the creating task's fsuid/fsgid; we report
	 * root, the sandbox's usual owner (no task is at hand here). */
	return 0;
}

static void sock_release(struct vfs_file *f)
{
	struct net_socket *s = file_sock(f);
	s->ops->release(s);
}

static const struct file_operations socket_fops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.poll_waitq = sock_poll_waitq,
	.ioctl = sock_ioctl,
	.stat = sock_stat,
	.release = sock_release,
};

struct net_socket *net_socket_of(struct vfs_file *f)
{
	return f && f->ops == &socket_fops ? f->private : NULL;
}

void net_socket_init(struct net_socket *s, int family, int type, int protocol,
		     const struct net_proto_ops *ops, pthread_mutex_t *lock)
{
	s->family = family;
	s->type = type;
	s->protocol = protocol;
	s->ops = ops;
	s->ino = vfs_anon_ino();
	waitq_init(&s->wq);
	s->lock = lock;
	s->sndbuf = NET_WMEM_DEFAULT;
	s->rcvbuf = NET_RMEM_DEFAULT;
	s->rcvlowat = 1;
}

struct vfs_file *net_socket_file_new(struct net_socket *s, unsigned int flags)
{
	char name[48];
	snprintf(name, sizeof(name), "socket:[%llu]", (unsigned long long)s->ino);
	unsigned int fflags = O_RDWR | ((flags & SOCK_NONBLOCK) ? O_NONBLOCK : 0);
	return vfs_anon_file_new(&socket_fops, fflags, s, name);
}

/* ---- Creation. */

/* socket(2)'s flag bits, then Linux's __sock_create checks, then the
 * family. */
static int net_check_type(int family, int *type, unsigned int *flags)
{
	if ((*type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC | 0xf)) != 0)
		return -EINVAL;
	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	*flags = (unsigned int)*type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	*type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (*type < 0 || *type >= 11 /* SOCK_MAX */)
		return -EINVAL;
	return 0;
}

/* socket and socketpair: the checks, then the family's constructor of
 * one file, or of two connected ones (pair) in out[0] and out[1]. */
static int net_create(struct task *t, int family, int type, int protocol, bool pair,
		      struct vfs_file **out)
{
	unsigned int flags;
	int err = net_check_type(family, &type, &flags);
	if (err)
		return err;
	switch (family) {
	case AF_UNIX:
		return pair ? unix_socketpair(t, type, protocol, flags, out)
			    : unix_create(t, type, protocol, flags, out);
	default:
		/* AF_INET, AF_INET6 and AF_NETLINK wait for the netstack;
		 * glibc and iproute2 handle EAFNOSUPPORT from netlink. */
		return -EAFNOSUPPORT;
	}
}

int net_socket_create(struct task *t, int family, int type, int protocol, struct vfs_file **out)
{
	return net_create(t, family, type, protocol, false, out);
}

int net_socketpair(struct task *t, int family, int type, int protocol, struct vfs_file *out[2])
{
	return net_create(t, family, type, protocol, true, out);
}

/* ---- Kernel-buffer convenience. */

ssize_t net_send_buf(struct vfs_file *f, struct task *t, const void *buf, size_t n, int flags,
		     struct net_scm *scm)
{
	struct net_socket *s = net_socket_of(f);
	if (!s)
		return -ENOTSOCK;
	struct iovec iov = { (void *)buf, n };
	struct net_msg m = { .scm = scm };
	/* buf is sentry memory whatever the task: the iterator gets NULL. */
	net_iter_init(&m.iter, NULL, &iov, 1, n);
	return s->ops->sendmsg(s, t, &m, flags, net_nonblock(f, flags));
}

ssize_t net_recv_buf(struct vfs_file *f, struct task *t, void *buf, size_t n, int flags,
		     struct net_scm *scm, int *msg_flags)
{
	struct net_socket *s = net_socket_of(f);
	if (!s)
		return -ENOTSOCK;
	struct iovec iov = { buf, n };
	struct net_msg m = { .scm = scm };
	net_iter_init(&m.iter, NULL, &iov, 1, n);
	ssize_t r = s->ops->recvmsg(s, t, &m, flags, net_nonblock(f, flags));
	if (msg_flags)
		*msg_flags = m.flags;
	return r;
}
