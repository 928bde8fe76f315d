/* The socket syscalls (Linux's net/socket.c and net/core/scm.c): socket,
 * socketpair, bind, listen, accept(4), connect, getsockname, getpeername,
 * send/recv in all forms, shutdown, get/setsockopt. This file owns the
 * app-memory side: sockaddr copy rules (move_addr_to_kernel/_user),
 * msghdr and iovec import, and the control-message format (SCM_RIGHTS,
 * SCM_CREDENTIALS, MSG_CTRUNC); the sockets themselves are net/'s. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "net/socket.h"
#include "syscalls/syscall.h"
#include "syscalls/vfs_util.h"

#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif
/* Linux's net.core.optmem_max: the largest control buffer sendmsg takes. */
#define SOCK_OPTMEM_MAX 131072
#define SOCK_CMSG_ALIGN(len) (((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define SOCK_CMSG_HDR sizeof(struct cmsghdr)
#define SOCK_CMSG_LEN(len) (SOCK_CMSG_HDR + (len))
#define SOCK_CMSG_SPACE(len) (SOCK_CMSG_HDR + SOCK_CMSG_ALIGN(len))

/* The socket at fd: a new file reference in *fp, or -EBADF/-ENOTSOCK. */
static struct net_socket *sock_lookup(struct task *t, int fd, struct vfs_file **fp, long *err)
{
	struct vfs_file *f = fd_table_get_file(t->fdt, fd);
	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	struct net_socket *s = net_socket_of(f);
	if (!s) {
		vfs_file_put(f);
		*err = -ENOTSOCK;
		return NULL;
	}
	*fp = f;
	return s;
}

/* Runs call on the socket at fd args->a[0], holding its file reference
 * for the call's duration: the common frame of the socket syscalls. */
typedef long (*socket_call)(struct task *t, struct vfs_file *f, struct net_socket *s,
			    const struct syscall_args *args);

static long on_socket(struct task *t, const struct syscall_args *args, socket_call call)
{
	long err;
	struct vfs_file *f;
	struct net_socket *s = sock_lookup(t, (int)args->a[0], &f, &err);
	if (!s)
		return err;
	err = call(t, f, s, args);
	vfs_file_put(f);
	return err;
}

/* A socket syscall's body, given f and s (see on_socket). */
#define SOCKET_SYSCALL(name)                                                             \
	static long name##_on(struct task *t, struct vfs_file *f, struct net_socket *s, \
			      const struct syscall_args *args);                         \
	SYSCALL_DEFINE(name)                                                              \
	{                                                                                 \
		return on_socket(t, args, name##_on);                                     \
	}                                                                                 \
	static long name##_on(struct task *t, struct vfs_file *f, struct net_socket *s, \
			      const struct syscall_args *args)

/* Linux's move_addr_to_kernel. */
static long addr_in(struct task *t, uint64_t uaddr, int ulen, struct sockaddr_storage *k)
{
	memset(k, 0, sizeof(*k));
	if (ulen < 0 || (size_t)ulen > sizeof(*k))
		return -EINVAL;
	if (ulen == 0)
		return 0;
	return task_copy_in(t, k, uaddr, (size_t)ulen) ? -EFAULT : 0;
}

/* Linux's move_addr_to_user: copies min(*ulenp, klen) bytes and stores
 * the untruncated klen. */
static long addr_out(struct task *t, const struct sockaddr_storage *k, socklen_t klen,
		     uint64_t uaddr, uint64_t ulenp)
{
	int len;
	if (task_copy_in(t, &len, ulenp, sizeof(len)))
		return -EFAULT;
	if (len > (int)klen)
		len = (int)klen;
	if (len < 0)
		return -EINVAL;
	if (len && task_copy_out(t, uaddr, k, (size_t)len))
		return -EFAULT;
	int kl = (int)klen;
	return task_copy_out(t, ulenp, &kl, sizeof(kl)) ? -EFAULT : 0;
}

static unsigned long nofile(struct task *t)
{
	return task_rlimit(t, RLIMIT_NOFILE);
}

/* ---- socket, socketpair. */

SYSCALL_DEFINE(socket)
{
	int family = (int)args->a[0], type = (int)args->a[1], protocol = (int)args->a[2];
	struct vfs_file *f;
	int err = net_socket_create(t, family, type, protocol, &f);
	if (err)
		return err;
	int fd = fd_table_install(t->fdt, 0, f, type & SOCK_CLOEXEC, nofile(t));
	vfs_file_put(f);
	return fd;
}

SYSCALL_DEFINE(socketpair)
{
	int family = (int)args->a[0], type = (int)args->a[1], protocol = (int)args->a[2];
	struct vfs_file *f[2];
	/* Internet sockets never come in pairs (Linux's sock_no_socketpair),
	 * whether or not the netstack is there. */
	if (family == AF_INET || family == AF_INET6)
		return -EOPNOTSUPP;
	int err = net_socketpair(t, family, type, protocol, f);
	if (err)
		return err;
	bool cloexec = type & SOCK_CLOEXEC;
	int fds[2] = { -1, -1 };
	fds[0] = fd_table_install(t->fdt, 0, f[0], cloexec, nofile(t));
	if (fds[0] >= 0)
		fds[1] = fd_table_install(t->fdt, 0, f[1], cloexec, nofile(t));
	vfs_file_put(f[0]);
	vfs_file_put(f[1]);
	if (fds[1] < 0) {
		int e = fds[0] < 0 ? fds[0] : fds[1];
		if (fds[0] >= 0)
			fd_table_close(t->fdt, fds[0]);
		return e;
	}
	if (task_copy_out(t, args->a[3], fds, sizeof(fds))) {
		fd_table_close(t->fdt, fds[0]);
		fd_table_close(t->fdt, fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* ---- Names and connections. */

SOCKET_SYSCALL(bind)
{
	long err;
	struct sockaddr_storage a;
	int len = (int)args->a[2];
	err = addr_in(t, args->a[1], len, &a);
	if (!err)
		err = s->ops->bind(s, t, &a, (socklen_t)len);
	return err;
}

SOCKET_SYSCALL(connect)
{
	long err;
	struct sockaddr_storage a;
	int len = (int)args->a[2];
	err = addr_in(t, args->a[1], len, &a);
	if (!err)
		err = s->ops->connect(s, t, &a, (socklen_t)len, net_nonblock(f, 0));
	return err;
}

SOCKET_SYSCALL(listen)
{
	long err;
	err = s->ops->listen(s, t, (int)args->a[1]);
	return err;
}

static long do_accept4(struct task *t, int fd, uint64_t uaddr, uint64_t ulenp, int flags)
{
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	long err;
	struct vfs_file *f;
	struct net_socket *s = sock_lookup(t, fd, &f, &err);
	if (!s)
		return err;
	struct vfs_file *nf;
	struct sockaddr_storage peer;
	socklen_t plen = 0;
	err = s->ops->accept(s, t, (unsigned int)flags, net_nonblock(f, 0), &nf,
			     uaddr ? &peer : NULL, &plen);
	vfs_file_put(f);
	if (err)
		return err;
	if (uaddr) {
		/* Linux copies the address out before installing the fd: a
		 * fault loses the connection. */
		err = addr_out(t, &peer, plen, uaddr, ulenp);
		if (err) {
			vfs_file_put(nf);
			return err;
		}
	}
	int nfd = fd_table_install(t->fdt, 0, nf, flags & SOCK_CLOEXEC, nofile(t));
	vfs_file_put(nf);
	return nfd;
}

SYSCALL_DEFINE(accept)
{
	return do_accept4(t, (int)args->a[0], args->a[1], args->a[2], 0);
}

SYSCALL_DEFINE(accept4)
{
	return do_accept4(t, (int)args->a[0], args->a[1], args->a[2], (int)args->a[3]);
}

static long do_getname(struct task *t, const struct syscall_args *args, bool peer)
{
	long err;
	struct vfs_file *f;
	struct net_socket *s = sock_lookup(t, (int)args->a[0], &f, &err);
	if (!s)
		return err;
	struct sockaddr_storage a;
	socklen_t len = 0;
	err = s->ops->getname(s, &a, &len, peer);
	if (!err)
		err = addr_out(t, &a, len, args->a[1], args->a[2]);
	vfs_file_put(f);
	return err;
}

SYSCALL_DEFINE(getsockname)
{
	return do_getname(t, args, false);
}

SYSCALL_DEFINE(getpeername)
{
	return do_getname(t, args, true);
}

SOCKET_SYSCALL(shutdown)
{
	long err;
	err = s->ops->shutdown(s, (int)args->a[1]);
	return err;
}

/* ---- Options. */

SYSCALL_DEFINE(setsockopt)
{
	int level = (int)args->a[1], name = (int)args->a[2], optlen = (int)args->a[4];
	if (optlen < 0)
		return -EINVAL;
	long err;
	struct vfs_file *f;
	struct net_socket *s = sock_lookup(t, (int)args->a[0], &f, &err);
	if (!s)
		return err;
	unsigned char val[16] = { 0 };
	if (level == SOL_SOCKET && optlen >= (int)sizeof(int)) {
		size_t n = (size_t)optlen < sizeof(val) ? (size_t)optlen : sizeof(val);
		if (task_copy_in(t, val, args->a[3], n)) {
			vfs_file_put(f);
			return -EFAULT;
		}
	}
	err = net_setsockopt(s, level, name, val, (socklen_t)optlen,
			     cred_is_privileged(&t->tg->cred));
	vfs_file_put(f);
	return err;
}

SYSCALL_DEFINE(getsockopt)
{
	int level = (int)args->a[1], name = (int)args->a[2];
	long err;
	struct vfs_file *f;
	struct net_socket *s = sock_lookup(t, (int)args->a[0], &f, &err);
	if (!s)
		return err;
	err = -EOPNOTSUPP;
	if (level == SOL_SOCKET) {
		int len;
		err = task_copy_in(t, &len, args->a[4], sizeof(len)) ? -EFAULT : 0;
		if (!err && len < 0)
			err = -EINVAL;
		unsigned char val[128];
		socklen_t olen = (socklen_t)len;
		if (!err)
			err = net_getsockopt(s, level, name, val, &olen);
		if (!err && olen && task_copy_out(t, args->a[3], val, olen))
			err = -EFAULT;
		if (!err) {
			int l = (int)olen;
			if (task_copy_out(t, args->a[4], &l, sizeof(l)))
				err = -EFAULT;
		}
	}
	vfs_file_put(f);
	return err;
}

/* ---- Messages. */

/* A msghdr imported from the app (Linux's copy_msghdr_from_user and
 * import_iovec). */
struct kmsg {
	struct msghdr hdr;        /* the app's, addresses are app addresses */
	struct sockaddr_storage name;
	int namelen;              /* send: the destination's length (0: none) */
	struct iovec *iov;
	size_t total;
};

static void kmsg_free(struct kmsg *k)
{
	free(k->iov);
	k->iov = NULL;
}

/* Copies and validates an iovec array; the total is capped at
 * MAX_RW_COUNT as Linux's import_iovec. */
static long iov_import(struct task *t, uint64_t uiov, size_t n, struct iovec **out,
		       size_t *total)
{
	*out = NULL;
	*total = 0;
	if (n == 0)
		return 0;
	struct iovec *iov = calloc(n, sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	if (task_copy_in(t, iov, uiov, n * sizeof(*iov))) {
		free(iov);
		return -EFAULT;
	}
	size_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		if ((ssize_t)iov[i].iov_len < 0) {
			free(iov);
			return -EINVAL;
		}
		if (iov[i].iov_len > VFS_MAX_RW_COUNT - sum)
			iov[i].iov_len = VFS_MAX_RW_COUNT - sum;
		sum += iov[i].iov_len;
	}
	*out = iov;
	*total = sum;
	return 0;
}

static long kmsg_import(struct task *t, uint64_t umsg, struct kmsg *k, bool send)
{
	memset(k, 0, sizeof(*k));
	if (task_copy_in(t, &k->hdr, umsg, sizeof(k->hdr)))
		return -EFAULT;
	int namelen = k->hdr.msg_name ? (int)k->hdr.msg_namelen : 0;
	if (namelen < 0)
		return -EINVAL;
	if ((size_t)namelen > sizeof(k->name))
		namelen = sizeof(k->name);
	if (send && k->hdr.msg_name && namelen) {
		long err = addr_in(t, (uint64_t)(uintptr_t)k->hdr.msg_name, namelen, &k->name);
		if (err)
			return err;
		k->namelen = namelen;
	}
	if (k->hdr.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	return iov_import(t, (uint64_t)(uintptr_t)k->hdr.msg_iov, k->hdr.msg_iovlen, &k->iov,
			  &k->total);
}

/* Linux's scm_check_creds: a sender may claim only its own ids, unless
 * privileged. */
static bool creds_allowed(struct task *t, const struct ucred *uc)
{
	const struct cred *c = &t->tg->cred;
	bool priv = cred_is_privileged(c);
	if (uc->pid != t->tg->tgid && !priv)
		return false;
	if (uc->uid != c->uid && uc->uid != c->euid && uc->uid != c->suid && !priv)
		return false;
	if (uc->gid != c->gid && uc->gid != c->egid && uc->gid != c->sgid && !priv)
		return false;
	return true;
}

/* Parses the control buffer of a sendmsg (Linux's __scm_send) into scm,
 * taking file references. */
static long scm_import(struct task *t, struct kmsg *k, struct net_scm *scm)
{
	size_t clen = k->hdr.msg_controllen;
	if (clen == 0)
		return 0;
	if (clen > INT_MAX || clen > SOCK_OPTMEM_MAX)
		return -ENOBUFS;
	unsigned char *buf = malloc(clen);
	if (!buf)
		return -ENOBUFS;
	long err = 0;
	if (task_copy_in(t, buf, (uint64_t)(uintptr_t)k->hdr.msg_control, clen)) {
		err = -EFAULT;
		goto out;
	}
	for (size_t off = 0; clen - off >= SOCK_CMSG_HDR;) {
		struct cmsghdr cm;
		memcpy(&cm, buf + off, sizeof(cm));
		if (cm.cmsg_len < SOCK_CMSG_HDR || cm.cmsg_len > clen - off) {
			err = -EINVAL;
			goto out;
		}
		if (cm.cmsg_level == SOL_SOCKET) {
			size_t dlen = cm.cmsg_len - SOCK_CMSG_HDR;
			const unsigned char *data = buf + off + SOCK_CMSG_HDR;
			if (cm.cmsg_type == SCM_RIGHTS) {
				size_t num = dlen / sizeof(int);
				if (num > NET_SCM_MAX_FD || scm->nfds + num > NET_SCM_MAX_FD) {
					err = -EINVAL;
					goto out;
				}
				for (size_t i = 0; i < num; i++) {
					int fd;
					memcpy(&fd, data + i * sizeof(int), sizeof(fd));
					/* fget_raw: O_PATH files may be passed too. */
					struct vfs_file *pf = fd_table_get_file(t->fdt, fd);
					if (!pf) {
						err = -EBADF;
						goto out;
					}
					scm->fds[scm->nfds++] = pf;
				}
			} else if (cm.cmsg_type == SCM_CREDENTIALS) {
				struct ucred uc;
				if (cm.cmsg_len != SOCK_CMSG_LEN(sizeof(uc))) {
					err = -EINVAL;
					goto out;
				}
				memcpy(&uc, data, sizeof(uc));
				if (!creds_allowed(t, &uc)) {
					err = -EPERM;
					goto out;
				}
				scm->has_creds = true;
				scm->creds.pid = uc.pid;
				scm->creds.uid = uc.uid;
				scm->creds.gid = uc.gid;
			} else {
				err = -EINVAL;
				goto out;
			}
		}
		/* CMSG_NXTHDR: the next header must fit entirely. */
		size_t next = off + SOCK_CMSG_ALIGN(cm.cmsg_len);
		if (next < off || next > clen)
			break;
		off = next;
	}
out:
	free(buf);
	if (err)
		net_scm_release(scm);
	return err;
}

/* The start of a sendmsg or recvmsg: the header at umsg imported into k
 * and an empty control-message record in *scmp; msg_end releases both. */
static long msg_begin(struct task *t, uint64_t umsg, bool send, struct kmsg *k,
		      struct net_scm **scmp)
{
	long err = kmsg_import(t, umsg, k, send);
	if (err) {
		kmsg_free(k);
		return err;
	}
	*scmp = calloc(1, sizeof(**scmp));
	if (!*scmp) {
		kmsg_free(k);
		return -ENOMEM;
	}
	return 0;
}

static void msg_end(struct kmsg *k, struct net_scm *scm)
{
	net_scm_release(scm);
	free(scm);
	kmsg_free(k);
}

/* send and recv's one buffer (a[1], a[2] capped at INT_MAX) as m's data. */
static void msg_one_buffer(struct task *t, const struct syscall_args *args, struct iovec *iov,
			   struct net_msg *m)
{
	size_t len = args->a[2];
	if (len > INT_MAX)
		len = INT_MAX;
	*iov = (struct iovec){ (void *)(uintptr_t)args->a[1], len };
	net_iter_init(&m->iter, t, iov, 1, len);
}

static long do_sendmsg(struct task *t, struct vfs_file *f, struct net_socket *s, uint64_t umsg,
		       int flags)
{
	struct kmsg k;
	struct net_scm *scm;
	long err = msg_begin(t, umsg, true, &k, &scm);
	if (err)
		return err;
	err = scm_import(t, &k, scm);
	if (!err) {
		struct net_msg m = { .scm = scm };
		if (k.namelen) {
			m.name = &k.name;
			m.namelen = (socklen_t)k.namelen;
		}
		net_iter_init(&m.iter, t, k.iov, k.hdr.msg_iovlen, k.total);
		err = s->ops->sendmsg(s, t, &m, flags, net_nonblock(f, flags));
	}
	msg_end(&k, scm);
	return err;
}

SOCKET_SYSCALL(sendmsg)
{
	return do_sendmsg(t, f, s, args->a[1], (int)args->a[2]);
}

SOCKET_SYSCALL(sendto)
{
	int flags = (int)args->a[3];
	struct sockaddr_storage a;
	struct net_msg m = { 0 };
	if (args->a[4]) {
		int alen = (int)args->a[5];
		long err = addr_in(t, args->a[4], alen, &a);
		if (err)
			return err;
		if (alen) {
			m.name = &a;
			m.namelen = (socklen_t)alen;
		}
	}
	struct iovec iov;
	msg_one_buffer(t, args, &iov, &m);
	return s->ops->sendmsg(s, t, &m, flags, net_nonblock(f, flags));
}

/* ---- Control messages out (Linux's put_cmsg and scm_detach_fds). */

struct cmsg_out {
	uint64_t ptr;  /* where the next message goes in the app */
	size_t left;   /* msg_controllen still unused */
	int *flags;    /* msg_flags */
};

static void put_cmsg(struct task *t, struct cmsg_out *c, int level, int type, const void *data,
		     size_t len)
{
	size_t cmlen = SOCK_CMSG_LEN(len);
	if (!c->ptr || c->left < SOCK_CMSG_HDR) {
		*c->flags |= MSG_CTRUNC;
		return;
	}
	if (c->left < cmlen) {
		*c->flags |= MSG_CTRUNC;
		cmlen = c->left;
	}
	struct cmsghdr h = { .cmsg_len = cmlen, .cmsg_level = level, .cmsg_type = type };
	if (task_copy_out(t, c->ptr, &h, sizeof(h)) ||
	    task_copy_out(t, c->ptr + SOCK_CMSG_HDR, data, cmlen - SOCK_CMSG_HDR))
		return;
	size_t space = SOCK_CMSG_SPACE(len);
	if (space > c->left)
		space = c->left;
	c->ptr += space;
	c->left -= space;
}

/* Installs the passed files in t's table (Linux's scm_detach_fds); the
 * ones that do not fit are dropped with MSG_CTRUNC. Consumes scm's fds. */
static void detach_fds(struct task *t, struct cmsg_out *c, struct net_scm *scm, bool cloexec)
{
	if (!scm->nfds)
		return;
	size_t fdmax = c->ptr && c->left > SOCK_CMSG_HDR ? (c->left - SOCK_CMSG_HDR) / sizeof(int)
							 : 0;
	if (fdmax > scm->nfds)
		fdmax = scm->nfds;
	size_t i;
	for (i = 0; i < fdmax; i++) {
		int fd = fd_table_install(t->fdt, 0, scm->fds[i], cloexec, nofile(t));
		if (fd < 0)
			break;
		if (task_copy_out(t, c->ptr + SOCK_CMSG_HDR + i * sizeof(int), &fd, sizeof(fd))) {
			fd_table_close(t->fdt, fd);
			break;
		}
	}
	if (i > 0) {
		struct cmsghdr h = { .cmsg_len = SOCK_CMSG_LEN(i * sizeof(int)),
				     .cmsg_level = SOL_SOCKET, .cmsg_type = SCM_RIGHTS };
		if (!task_copy_out(t, c->ptr, &h, sizeof(h))) {
			size_t space = SOCK_CMSG_SPACE(i * sizeof(int));
			if (space > c->left)
				space = c->left;
			c->ptr += space;
			c->left -= space;
		}
	}
	if (i < scm->nfds)
		*c->flags |= MSG_CTRUNC;
	net_scm_release(scm); /* installed ones hold their own references */
}

/* One recvmsg on an imported header; writes msg_name/namelen, msg_flags
 * and msg_controllen back to umsg. */
static long do_recvmsg(struct task *t, struct vfs_file *f, struct net_socket *s, uint64_t umsg,
		       int flags)
{
	struct kmsg k;
	struct net_scm *scm;
	long err = msg_begin(t, umsg, false, &k, &scm);
	if (err)
		return err;
	struct sockaddr_storage name;
	struct net_msg m = { .scm = scm, .name = k.hdr.msg_name ? &name : NULL };
	/* msg_flags starts with the flags Linux echoes back. */
	m.flags = flags & MSG_CMSG_CLOEXEC;
	net_iter_init(&m.iter, t, k.iov, k.hdr.msg_iovlen, k.total);
	long len = s->ops->recvmsg(s, t, &m, flags, net_nonblock(f, flags));
	err = len;
	if (len >= 0 && k.hdr.msg_name)
		err = addr_out(t, &name, m.namelen, (uint64_t)(uintptr_t)k.hdr.msg_name,
			       umsg + offsetof(struct msghdr, msg_namelen));
	struct cmsg_out c = { .ptr = (uint64_t)(uintptr_t)k.hdr.msg_control,
			      .left = k.hdr.msg_controllen, .flags = &m.flags };
	if (err >= 0) {
		if (scm->has_creds) {
			struct ucred uc = { scm->creds.pid, scm->creds.uid, scm->creds.gid };
			put_cmsg(t, &c, SOL_SOCKET, SCM_CREDENTIALS, &uc, sizeof(uc));
		}
		detach_fds(t, &c, scm, flags & MSG_CMSG_CLOEXEC);
		int mf = m.flags;
		uint64_t used = c.ptr - (uint64_t)(uintptr_t)k.hdr.msg_control;
		if (task_copy_out(t, umsg + offsetof(struct msghdr, msg_flags), &mf, sizeof(mf)) ||
		    task_copy_out(t, umsg + offsetof(struct msghdr, msg_controllen), &used,
				  sizeof(used)))
			err = -EFAULT;
		else
			err = len;
	}
	msg_end(&k, scm);
	return err;
}

SOCKET_SYSCALL(recvmsg)
{
	return do_recvmsg(t, f, s, args->a[1], (int)args->a[2]);
}

SOCKET_SYSCALL(recvfrom)
{
	long err;
	int flags = (int)args->a[3];
	uint64_t uaddr = args->a[4];
	struct sockaddr_storage name;
	struct net_msg m = { .name = uaddr ? &name : NULL };
	struct iovec iov;
	msg_one_buffer(t, args, &iov, &m);
	err = s->ops->recvmsg(s, t, &m, flags, net_nonblock(f, flags));
	if (err >= 0 && uaddr) {
		long e2 = addr_out(t, &name, m.namelen, uaddr, args->a[5]);
		if (e2 < 0)
			err = e2;
	}
	return err;
}

/* struct mmsghdr: a msghdr and the length moved. */
#define MMSG_SIZE sizeof(struct mmsghdr)
#define MMSG_LEN_OFF offsetof(struct mmsghdr, msg_len)

/* Moves message n of an mmsghdr vector (sendmmsg's or recvmmsg's) and
 * stores its length in that entry's msg_len: 0 or -errno. */
static long mmsg_one(struct task *t, struct vfs_file *f, struct net_socket *s, uint64_t vec,
		     unsigned int n, int flags, bool send)
{
	uint64_t entry = vec + (uint64_t)n * MMSG_SIZE;
	long err = send ? do_sendmsg(t, f, s, entry, flags) : do_recvmsg(t, f, s, entry, flags);
	if (err < 0)
		return err;
	unsigned int moved = (unsigned int)err;
	if (task_copy_out(t, entry + MMSG_LEN_OFF, &moved, sizeof(moved)))
		return -EFAULT;
	return 0;
}

SOCKET_SYSCALL(sendmmsg)
{
	long err;
	uint64_t vec = args->a[1];
	unsigned int vlen = (unsigned int)args->a[2];
	int flags = (int)args->a[3];
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	unsigned int n = 0;
	err = 0;
	while (n < vlen) {
		err = mmsg_one(t, f, s, vec, n, flags, true);
		if (err < 0)
			break;
		n++;
	}
	/* Only an error if no message went out. */
	return n ? (long)n : err;
}

SOCKET_SYSCALL(recvmmsg)
{
	long err;
	uint64_t vec = args->a[1];
	unsigned int vlen = (unsigned int)args->a[2];
	int flags = (int)args->a[3];
	uint64_t utimeout = args->a[4];
	struct timespec end = { 0 }, ts;
	if (utimeout) {
		if (task_copy_in(t, &ts, utimeout, sizeof(ts))) {
			return -EFAULT;
		}
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L) {
			return -EINVAL;
		}
		clock_gettime(CLOCK_MONOTONIC, &end);
		end.tv_sec += ts.tv_sec;
		end.tv_nsec += ts.tv_nsec;
		if (end.tv_nsec >= 1000000000L) {
			end.tv_sec++;
			end.tv_nsec -= 1000000000L;
		}
	}
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	/* A pending error is reported before anything is read. */
	pthread_mutex_lock(s->lock);
	int pending = s->err;
	s->err = 0;
	pthread_mutex_unlock(s->lock);
	if (pending && !(flags & MSG_ERRQUEUE)) {
		return -pending;
	}
	unsigned int n = 0;
	err = 0;
	while (n < vlen) {
		err = mmsg_one(t, f, s, vec, n, flags & ~MSG_WAITFORONE, false);
		if (err < 0)
			break;
		n++;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (utimeout) {
			/* Linux checks the timeout only between messages. */
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			ts.tv_sec = end.tv_sec - now.tv_sec;
			ts.tv_nsec = end.tv_nsec - now.tv_nsec;
			if (ts.tv_nsec < 0) {
				ts.tv_sec--;
				ts.tv_nsec += 1000000000L;
			}
			if (ts.tv_sec < 0) {
				ts.tv_sec = ts.tv_nsec = 0;
				break;
			}
			if (ts.tv_sec == 0 && ts.tv_nsec == 0)
				break;
		}
	}
	if (n == 0) {
		return err;
	}
	if (err && err != -EAGAIN && err > -ERESTARTSYS) {
		/* Kept for the next call, as Linux does. */
		pthread_mutex_lock(s->lock);
		s->err = (int)-err;
		pthread_mutex_unlock(s->lock);
	}
	if (utimeout && task_copy_out(t, utimeout, &ts, sizeof(ts)))
		return -EFAULT;
	return n;
}
