/* AF_UNIX sockets (Linux's net/unix/af_unix.c): stream, datagram and
 * seqpacket sockets bound to file system paths, abstract names or nothing.
 *
 * Model, as Linux's:
 *  - Every sent chunk is a struct unix_skb queued on the receiver and
 *    charged (data + a fixed overhead, Linux's truesize) to the sender's
 *    wmem until the receiver consumes it; a sender waits while its wmem
 *    reaches SO_SNDBUF. Stream reads cross chunk boundaries, datagram and
 *    seqpacket reads take one chunk each (message boundaries).
 *  - connect() on a stream/seqpacket socket creates the server's socket at
 *    once (Linux's "embryo"), connects the two and queues the embryo on the
 *    listener; accept() hands it out as a file. Data may flow before accept.
 *  - A path binding is a S_IFSOCK inode in our VFS; the bound socket holds a
 *    reference to the inode and sits in a table searched by inode. Abstract
 *    names live in a sandbox-global table, separate per socket type.
 *
 * Locking: one global lock (unix_lock) guards every AF_UNIX socket, queue
 * and name table, and the generic options of these sockets; it is never
 * held while notifying a waitq (wake-ups are collected and fired after
 * unlocking) and taken after vfs_lock when both are needed.
 *
 * Lifetime: unix_sock.refs counts the open file, a peer's pointer, queued
 * chunks it sent (skb->sender) and temporary holds; the last put frees. */
#pragma once
#include <stdatomic.h>
#include <sys/un.h>
#include "net/socket.h"
#include "sentry/list.h"

struct vfs_inode;

/* sk_shutdown bits */
#define UNIX_RCV_SHUTDOWN 1
#define UNIX_SEND_SHUTDOWN 2
#define UNIX_SHUTDOWN_MASK 3

enum unix_state {
	UNIX_UNCONNECTED, /* TCP_CLOSE */
	UNIX_LISTENING,   /* TCP_LISTEN */
	UNIX_CONNECTED,   /* TCP_ESTABLISHED (dgram: has a default peer) */
};

/* Linux's sysctl net.unix.max_dgram_qlen. */
#define UNIX_MAX_DGRAM_QLEN 10
/* What a chunk costs beyond its data (Linux's skb truesize overhead). */
#define UNIX_SKB_OVERHEAD 767
/* The largest stream chunk (Linux: SKB_MAX_HEAD(0) + 32 KiB of frags). */
#define UNIX_STREAM_CHUNK_MAX (32768 + 3776)

struct unix_address {
	socklen_t len; /* sizeof(sa_family_t) + name bytes (+1 NUL for paths) */
	struct sockaddr_un sun;
};

struct unix_sock {
	struct net_socket sk; /* first: net_socket_of() casts */
	atomic_int refs;
	enum unix_state state;
	int shutdown;            /* UNIX_*_SHUTDOWN */
	bool dead;               /* released: no file, not reachable */
	struct unix_sock *peer;  /* a reference */
	struct unix_address *addr;   /* bound name (owned), NULL if unbound */
	struct vfs_inode *inode;     /* path binding: the socket inode (a reference) */
	struct list_node bound_link; /* unix_bound: while addr != NULL */
	struct list_node rcvq;       /* struct unix_skb, oldest first */
	unsigned int rcvq_len;
	size_t wmem;         /* truesize of our chunks still queued somewhere */
	size_t wmem_bytes;   /* their unread data bytes (SIOCOUTQ) */
	/* Listening: embryos waiting for accept (struct unix_sock.accept_link). */
	struct list_node accept_q;
	unsigned int accept_len;
	int backlog;
	struct list_node accept_link;
};

struct unix_skb {
	struct list_node link;
	struct unix_sock *sender; /* a reference: its wmem is charged */
	size_t len;      /* data bytes */
	size_t consumed; /* stream: bytes already read */
	size_t truesize;
	struct net_creds creds;
	unsigned int nfds;
	struct vfs_file **fds; /* references, NULL if none */
	char data[];
};

/* Work collected under unix_lock and done after dropping it: waitq
 * notifications, and chunks to free (their passed files may be sockets
 * whose release takes unix_lock). Zero-initialise before use. */
#define UNIX_WAKE_MAX 16
struct unix_wake {
	int n;
	struct unix_sock *s[UNIX_WAKE_MAX]; /* references */
	uint32_t ev[UNIX_WAKE_MAX];
	struct list_node *dead_skbs; /* singly linked through skb->link.next */
};

extern pthread_mutex_t unix_lock;

/* ---- unix.c */
int unix_create(struct task *t, int type, int protocol, unsigned int flags,
		struct vfs_file **out);
int unix_socketpair(struct task *t, int type, int protocol, unsigned int flags,
		    struct vfs_file *out[2]);
void unix_sock_get(struct unix_sock *u);
/* May run with unix_lock held: the last reference of a socket is either its
 * file's (dropped by release, without the lock) or that of a dead socket,
 * whose freeing takes no lock. */
void unix_sock_put(struct unix_sock *u);
/* Records that u's waiters should see ev; takes a reference. */
void unix_wake_add(struct unix_wake *w, struct unix_sock *u, uint32_t ev);
/* Fires and releases the collected wake-ups (unix_lock NOT held). */
void unix_wake_flush(struct unix_wake *w);
/* ---- unix_name.c */
int unix_bind(struct net_socket *s, struct task *t, const struct sockaddr_storage *addr,
	      socklen_t len);
int unix_getname(struct net_socket *s, struct sockaddr_storage *addr, socklen_t *len,
		 bool peer);
void unix_unbind_locked(struct unix_sock *u);
/* Autobinds u to a fresh abstract name ("\0" + 5 hex digits). Lock held. */
int unix_autobind_locked(struct unix_sock *u);
/* The socket bound to addr of the given type, a new reference; -ENOENT,
 * -ECONNREFUSED, -EPROTOTYPE, -EACCES. Takes vfs_lock, so call it without
 * unix_lock. */
int unix_find_other(struct task *t, const struct sockaddr_storage *addr, socklen_t len,
		    int type, struct unix_sock **out);
/* Runs try_fn until it answers anything but -EAGAIN, sleeping on q for
 * mask in between; once only when nonblock or t is NULL. A timeout (timeo
 * nonzero) ends as -EAGAIN, a signal as -ERESTARTSYS or, with a timeout,
 * -EINTR (Linux's sock_intr_errno). Call without unix_lock. */
long unix_wait(struct task *t, struct waitq *q, uint32_t mask, bool nonblock,
	       const struct timespec *timeo, long (*try_fn)(void *), void *arg);
/* Validates a sockaddr_un (Linux's unix_validate_addr). */
int unix_validate_addr(const struct sockaddr_storage *addr, socklen_t len);
/* Writes u's bound address (or the unnamed one) into addr. Lock held. */
void unix_copy_name(const struct unix_sock *u, struct sockaddr_storage *addr,
		    socklen_t *len);

/* ---- unix_msg.c */
ssize_t unix_sendmsg(struct net_socket *s, struct task *t, struct net_msg *m, int flags,
		     bool nonblock);
ssize_t unix_recvmsg(struct net_socket *s, struct task *t, struct net_msg *m, int flags,
		     bool nonblock);
/* Frees a chunk already unlinked from its queue: uncharges the sender
 * (waking it) now and leaves the freeing to unix_wake_flush. Lock held. */
void unix_skb_free(struct unix_skb *skb, struct unix_wake *w);
/* Empties u's receive queue (release, SHUT_RD is not it). Lock held. */
void unix_purge_queue(struct unix_sock *u, struct unix_wake *w);
int unix_inq(struct net_socket *s);
int unix_outq(struct net_socket *s);

/* Linux's unix_writable: not listening and wmem at most a quarter of
 * SO_SNDBUF. Lock held. */
static inline bool unix_writable(const struct unix_sock *u)
{
	return u->state != UNIX_LISTENING && (u->wmem << 2) <= (size_t)u->sk.sndbuf;
}

/* Linux's unix_recvq_full for datagram receivers. Lock held. */
static inline bool unix_recvq_full(const struct unix_sock *u)
{
	return u->rcvq_len > UNIX_MAX_DGRAM_QLEN;
}

static inline struct unix_sock *unix_sk(struct net_socket *s)
{
	return (struct unix_sock *)s;
}
