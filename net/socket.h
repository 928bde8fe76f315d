/* The socket layer (Linux's net/socket.c and struct socket/sock, reduced):
 * a socket is an open file (struct vfs_file) whose ->private is a struct
 * net_socket, and a protocol family implements struct net_proto_ops on it.
 * Only AF_UNIX exists so far (net/unix.c); AF_INET/AF_INET6/AF_NETLINK
 * answer EAFNOSUPPORT until the netstack lands.
 *
 * Everything below the syscall layer works on sentry memory: addresses are
 * sockaddr_storage buffers already copied in, ancillary data is a struct
 * net_scm of file references and credentials. Only the data itself travels
 * through a struct net_iter, which copies to and from app memory (task t)
 * or, with t == NULL, sentry memory. So the whole layer runs without a task
 * (unit tests) as long as nothing has to block.
 *
 * Errors are negative errno in Linux's order. A blocking operation returns
 * -ERESTARTSYS when a signal interrupts it (or -EINTR when the socket has a
 * SO_RCVTIMEO/SO_SNDTIMEO timeout, as Linux's sock_intr_errno), -EAGAIN when
 * the timeout passes, and -EAGAIN at once when t is NULL. */
#pragma once
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include "sentry/waitq.h"

struct task;
struct vfs_file;

/* ---- Data transfer: an iovec walker over app or sentry memory. */
struct net_iter {
	struct task *t;          /* NULL: iov bases are sentry pointers */
	const struct iovec *iov; /* the caller keeps the array alive */
	unsigned long nr;
	unsigned long idx;
	size_t off;  /* into iov[idx] */
	size_t left; /* bytes still to transfer (capped total) */
	bool fault;  /* a copy stopped at an unmapped app address */
};

/* total is the (already validated, MAX_RW_COUNT-capped) sum of lengths. */
void net_iter_init(struct net_iter *it, struct task *t, const struct iovec *iov,
		   unsigned long nr, size_t total);
/* Copy from the iterator into dst / from src into the iterator; return the
 * bytes moved (short only at a fault, which sets it->fault, or the end). */
size_t net_iter_copy_from(struct net_iter *it, void *dst, size_t n);
size_t net_iter_copy_to(struct net_iter *it, const void *src, size_t n);

/* ---- Ancillary data in kernel form (SCM_RIGHTS, SCM_CREDENTIALS). */
#define NET_SCM_MAX_FD 253 /* Linux's SCM_MAX_FD */

struct net_creds {
	pid_t pid;
	uid_t uid;
	gid_t gid;
};

struct net_scm {
	bool has_creds;
	struct net_creds creds;
	unsigned nfds;
	struct vfs_file *fds[NET_SCM_MAX_FD]; /* references owned by the holder */
};

/* Drops the file references held in scm and empties it. */
void net_scm_release(struct net_scm *scm);
/* The credentials of t as the sandbox shows them (tgid, uid, gid); zeros
 * for t == NULL (the kernel). */
void net_creds_of(struct task *t, struct net_creds *c);

/* One sendmsg/recvmsg in kernel form. */
struct net_msg {
	struct net_iter iter;
	/* send: the destination or NULL; recv: where the source address goes
	 * (may be NULL); namelen is set to its length (0: none). */
	struct sockaddr_storage *name;
	socklen_t namelen;
	/* send: ancillary data to attach (NULL: none; references stay the
	 * caller's, the socket takes its own); recv: filled with what came with
	 * the data when not NULL (references become the caller's), otherwise
	 * passed files are dropped and MSG_CTRUNC set. */
	struct net_scm *scm;
	/* recv: msg_flags out (MSG_TRUNC, MSG_CTRUNC, MSG_EOR...). */
	int flags;
};

/* ---- Sockets. */
struct net_socket;

struct net_proto_ops {
	int (*bind)(struct net_socket *s, struct task *t, const struct sockaddr_storage *addr,
		    socklen_t len);
	int (*connect)(struct net_socket *s, struct task *t,
		       const struct sockaddr_storage *addr, socklen_t len, bool nonblock);
	int (*listen)(struct net_socket *s, struct task *t, int backlog);
	/* *out: a new open file with flags (O_NONBLOCK) for the connection;
	 * peer (if not NULL) receives the peer's address. */
	int (*accept)(struct net_socket *s, struct task *t, unsigned int flags, bool nonblock,
		      struct vfs_file **out, struct sockaddr_storage *peer, socklen_t *peerlen);
	/* getsockname (peer false) / getpeername (true). */
	int (*getname)(struct net_socket *s, struct sockaddr_storage *addr, socklen_t *len,
		       bool peer);
	ssize_t (*sendmsg)(struct net_socket *s, struct task *t, struct net_msg *m, int flags,
			   bool nonblock);
	ssize_t (*recvmsg)(struct net_socket *s, struct task *t, struct net_msg *m, int flags,
			   bool nonblock);
	int (*shutdown)(struct net_socket *s, int how);
	uint32_t (*poll)(struct net_socket *s);
	/* Bytes readable (SIOCINQ) / not yet consumed by the peer (SIOCOUTQ). */
	int (*inq)(struct net_socket *s);
	int (*outq)(struct net_socket *s);
	/* The file's last reference is gone. */
	void (*release)(struct net_socket *s);
};

/* The protocol-independent part of a socket (Linux's struct socket plus
 * the SOL_SOCKET state of struct sock). A protocol embeds it first. */
struct net_socket {
	int family, type, protocol;
	const struct net_proto_ops *ops;
	uint64_t ino;
	struct waitq wq;        /* readiness: POLLIN/POLLOUT/POLLHUP/... */
	pthread_mutex_t *lock;  /* the protocol's lock; guards the fields below */

	/* SOL_SOCKET options. */
	int sndbuf, rcvbuf;
	int rcvlowat, priority, mark, peek_off;
	bool passcred, passsec, reuseaddr, reuseport, keepalive, broadcast;
	bool oobinline, dontroute, timestamp;
	int linger_onoff, linger_secs;
	struct timespec rcvtimeo, sndtimeo; /* zero: wait forever */
	int err;                 /* pending error for SO_ERROR (positive) */
	bool listening;          /* SO_ACCEPTCONN */
	bool has_peercred;
	struct net_creds peercred;
};

/* Linux's defaults and limits (net.core.{w,r}mem_{default,max}). */
#define NET_WMEM_DEFAULT 212992
#define NET_RMEM_DEFAULT 212992
#define NET_WMEM_MAX 212992
#define NET_RMEM_MAX 212992
#define NET_SOCK_MIN_SNDBUF 4608
#define NET_SOCK_MIN_RCVBUF 2304
#define NET_SOMAXCONN 4096

/* Initialises the generic part (defaults above). */
void net_socket_init(struct net_socket *s, int family, int type, int protocol,
		     const struct net_proto_ops *ops, pthread_mutex_t *lock);
/* Wraps s in a new open file (O_RDWR plus O_NONBLOCK from flags, which
 * are SOCK_NONBLOCK bits); name "socket:[ino]". NULL: -ENOMEM. */
struct vfs_file *net_socket_file_new(struct net_socket *s, unsigned int flags);
/* The socket of f, or NULL if f is not a socket (ENOTSOCK). */
struct net_socket *net_socket_of(struct vfs_file *f);
/* Whether a socket operation on f may block (O_NONBLOCK / MSG_DONTWAIT). */
bool net_nonblock(struct vfs_file *f, int msg_flags);

/* socket(2)/socketpair(2) below the fd table: type may carry SOCK_NONBLOCK
 * (SOCK_CLOEXEC is the caller's business). Errors: -EAFNOSUPPORT,
 * -EINVAL (bad type or flag bits), -ESOCKTNOSUPPORT, -EPROTONOSUPPORT,
 * -EOPNOTSUPP (socketpair of a family without pairs), -ENOMEM. */
int net_socket_create(struct task *t, int family, int type, int protocol,
		      struct vfs_file **out);
int net_socketpair(struct task *t, int family, int type, int protocol,
		   struct vfs_file *out[2]);

/* SOL_SOCKET options on kernel buffers (net/sockopt.c). setsockopt reads
 * at most 16 bytes of val (optlen may say more); privileged stands for
 * CAP_NET_ADMIN (SO_SNDBUFFORCE, SO_MARK, SO_PRIORITY > 6). getsockopt:
 * *optlen in = the caller's length (>= 0), out = bytes written to val,
 * which must hold min(*optlen, 128) bytes. Other levels: -EOPNOTSUPP. */
int net_setsockopt(struct net_socket *s, int level, int name, const void *val,
		   socklen_t optlen, bool privileged);
int net_getsockopt(struct net_socket *s, int level, int name, void *val,
		   socklen_t *optlen);
/* The deadline for a blocking op from a SO_*TIMEO value (NULL: none). */
const struct timespec *net_deadline(const struct timespec *timeo, struct timespec *buf);

/* Convenience for the kernel and tests: send/recv a sentry buffer. */
ssize_t net_send_buf(struct vfs_file *f, struct task *t, const void *buf, size_t n,
		     int flags, struct net_scm *scm);
ssize_t net_recv_buf(struct vfs_file *f, struct task *t, void *buf, size_t n, int flags,
		     struct net_scm *scm, int *msg_flags);
