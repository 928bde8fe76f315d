/* AF_UNIX socket objects: creation, references, connect/listen/accept,
 * shutdown, poll and release. Names are in unix_name.c, the data path
 * (send/recv, ancillary data) in unix_msg.c; the model and the locking
 * rules are described in unix.h. */
#include "net/unix.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/vfs_ops.h"
#include "sentry/task.h"

pthread_mutex_t unix_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct net_proto_ops unix_stream_ops;
static const struct net_proto_ops unix_dgram_ops;

/* ---- References and deferred wake-ups. */

void unix_sock_get(struct unix_sock *u)
{
	atomic_fetch_add(&u->refs, 1);
}

static void unix_sock_free(struct unix_sock *u)
{
	/* Only reachable through references, so no lock is needed: the
	 * queues were purged at release (or never filled for embryos freed
	 * through their listener, which purges them too). */
	if (u->peer)
		unix_sock_put(u->peer);
	if (u->inode)
		vfs_inode_put(u->inode);
	free(u->addr);
	waitq_destroy(&u->sk.wq);
	free(u);
}

void unix_sock_put(struct unix_sock *u)
{
	if (atomic_fetch_sub(&u->refs, 1) == 1)
		unix_sock_free(u);
}

void unix_wake_add(struct unix_wake *w, struct unix_sock *u, uint32_t ev)
{
	for (int i = 0; i < w->n; i++) {
		if (w->s[i] == u) {
			w->ev[i] |= ev;
			return;
		}
	}
	if (w->n == UNIX_WAKE_MAX) {
		/* Many senders (a purge of a datagram queue): notify now. This
		 * is safe under unix_lock because no notify callback takes it
		 * (waiters only wake tasks or queue epoll items). */
		if (ev)
			waitq_notify(&u->sk.wq, ev);
		return;
	}
	unix_sock_get(u);
	w->s[w->n] = u;
	w->ev[w->n] = ev;
	w->n++;
}

void unix_wake_flush(struct unix_wake *w)
{
	for (int i = 0; i < w->n; i++) {
		if (w->ev[i])
			waitq_notify(&w->s[i]->sk.wq, w->ev[i]);
		unix_sock_put(w->s[i]);
	}
	w->n = 0;
	while (w->dead_skbs) {
		struct unix_skb *skb = container_of(w->dead_skbs, struct unix_skb, link);
		w->dead_skbs = skb->link.next;
		for (unsigned int i = 0; i < skb->nfds; i++)
			vfs_file_put(skb->fds[i]);
		free(skb->fds);
		unix_sock_put(skb->sender);
		free(skb);
	}
}

/* ---- Creation. */

static struct unix_sock *unix_sock_alloc(int type)
{
	struct unix_sock *u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	net_socket_init(&u->sk, AF_UNIX, type, 0,
			type == SOCK_DGRAM ? &unix_dgram_ops : &unix_stream_ops, &unix_lock);
	atomic_init(&u->refs, 1);
	u->state = UNIX_UNCONNECTED;
	list_init(&u->bound_link);
	list_init(&u->rcvq);
	list_init(&u->accept_q);
	list_init(&u->accept_link);
	return u;
}

/* Linux's unix_create: protocol 0 or PF_UNIX; SOCK_RAW means SOCK_DGRAM. */
static int unix_check_type(int *type, int protocol)
{
	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	switch (*type) {
	case SOCK_STREAM:
	case SOCK_SEQPACKET:
	case SOCK_DGRAM:
		return 0;
	case SOCK_RAW:
		*type = SOCK_DGRAM;
		return 0;
	default:
		return -ESOCKTNOSUPPORT;
	}
}

int unix_create(struct task *t, int type, int protocol, unsigned int flags,
		struct vfs_file **out)
{
	int err = unix_check_type(&type, protocol);
	if (err)
		return err;
	struct unix_sock *u = unix_sock_alloc(type);
	if (!u)
		return -ENOMEM;
	struct vfs_file *f = net_socket_file_new(&u->sk, flags);
	if (!f) {
		unix_sock_put(u);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

int unix_socketpair(struct task *t, int type, int protocol, unsigned int flags,
		    struct vfs_file *out[2])
{
	int err = unix_check_type(&type, protocol);
	if (err)
		return err;
	struct unix_sock *a = unix_sock_alloc(type), *b = unix_sock_alloc(type);
	if (!a || !b) {
		if (a)
			unix_sock_put(a);
		if (b)
			unix_sock_put(b);
		return -ENOMEM;
	}
	struct net_creds c;
	net_creds_of(t, &c);
	unix_sock_get(b);
	a->peer = b;
	unix_sock_get(a);
	b->peer = a;
	a->state = b->state = UNIX_CONNECTED;
	a->sk.has_peercred = b->sk.has_peercred = true;
	a->sk.peercred = b->sk.peercred = c;
	out[0] = net_socket_file_new(&a->sk, flags);
	if (!out[0]) {
		/* Break the reference cycle before dropping both. */
		a->peer = b->peer = NULL;
		unix_sock_put(a);
		unix_sock_put(b);
		unix_sock_put(a);
		unix_sock_put(b);
		return -ENOMEM;
	}
	out[1] = net_socket_file_new(&b->sk, flags);
	if (!out[1]) {
		vfs_file_put(out[0]);
		unix_sock_put(b);
		return -ENOMEM;
	}
	return 0;
}

/* ---- Blocking helper. */

/* Runs try_fn until it stops answering -EAGAIN, sleeping on q in between
 * (or once if nonblock or there is no task). Maps the wait's results to
 * socket semantics: a timeout is -EAGAIN, a signal with a timeout set is
 * -EINTR (Linux's sock_intr_errno). */
long unix_wait(struct task *t, struct waitq *q, uint32_t mask, bool nonblock,
		      const struct timespec *timeo, long (*try_fn)(void *), void *arg)
{
	if (nonblock || !t)
		return try_fn(arg);
	struct timespec dl;
	const struct timespec *deadline = net_deadline(timeo, &dl);
	long r = task_wait_until(t, q, mask, deadline, try_fn, arg);
	if (r == -ETIMEDOUT)
		return -EAGAIN;
	if (r == -ERESTARTSYS_VALUE && deadline)
		return -EINTR;
	return r;
}

/* ---- listen / connect / accept. */

static int unix_listen(struct net_socket *s, struct task *t, int backlog)
{
	struct unix_sock *u = unix_sk(s);
	int err = 0;
	if (s->type != SOCK_STREAM && s->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	pthread_mutex_lock(&unix_lock);
	if (!u->addr)
		err = -EINVAL; /* no listens on an unbound socket */
	else if (u->state != UNIX_UNCONNECTED && u->state != UNIX_LISTENING)
		err = -EINVAL;
	if (!err) {
		if ((unsigned int)backlog > NET_SOMAXCONN)
			backlog = NET_SOMAXCONN;
		u->backlog = backlog;
		u->state = UNIX_LISTENING;
		s->listening = true;
		net_creds_of(t, &s->peercred);
		s->has_peercred = true;
	}
	pthread_mutex_unlock(&unix_lock);
	/* A raised backlog may let blocked connectors in. */
	if (!err)
		waitq_notify(&s->wq, POLLOUT | POLLWRNORM);
	return err;
}

static bool unix_accept_q_full(const struct unix_sock *l)
{
	return l->accept_len > (unsigned int)l->backlog;
}

static long unix_listener_has_room(void *arg)
{
	struct unix_sock *l = arg;
	pthread_mutex_lock(&unix_lock);
	bool wait = !l->dead && l->state == UNIX_LISTENING && unix_accept_q_full(l);
	pthread_mutex_unlock(&unix_lock);
	return wait ? -EAGAIN : 0;
}

/* The first steps of either kind of connect: the address checked, then,
 * with SO_PASSCRED, the socket autobound so the peer sees a name. */
static int unix_connect_begin(struct net_socket *s, const struct sockaddr_storage *addr,
			      socklen_t len)
{
	int err = unix_validate_addr(addr, len);
	if (err)
		return err;
	if (s->passcred) {
		pthread_mutex_lock(&unix_lock);
		err = unix_autobind_locked(unix_sk(s));
		pthread_mutex_unlock(&unix_lock);
	}
	return err;
}

static int unix_stream_connect(struct net_socket *s, struct task *t,
			       const struct sockaddr_storage *addr, socklen_t len, bool nonblock)
{
	struct unix_sock *u = unix_sk(s);
	int err = unix_connect_begin(s, addr, len);
	if (err)
		return err;
	struct unix_sock *embryo = unix_sock_alloc(s->type);
	if (!embryo)
		return -ENOMEM;
	struct net_creds me;
	net_creds_of(t, &me);
	for (;;) {
		struct unix_sock *other;
		err = unix_find_other(t, addr, len, s->type, &other);
		if (err)
			break;
		struct unix_wake w = { 0 };
		pthread_mutex_lock(&unix_lock);
		if (other->dead) {
			pthread_mutex_unlock(&unix_lock);
			unix_sock_put(other);
			continue;
		}
		if (other->state != UNIX_LISTENING || (other->shutdown & UNIX_RCV_SHUTDOWN)) {
			err = -ECONNREFUSED;
		} else if (unix_accept_q_full(other)) {
			pthread_mutex_unlock(&unix_lock);
			err = (int)unix_wait(t, &other->sk.wq, POLLOUT | POLLWRNORM, nonblock,
					     &s->sndtimeo, unix_listener_has_room, other);
			unix_sock_put(other);
			if (err == 0)
				continue; /* room now: look the listener up again */
			break;
		} else if (u->state == UNIX_CONNECTED) {
			err = -EISCONN;
		} else if (u->state != UNIX_UNCONNECTED) {
			err = -EINVAL;
		} else {
			/* The way is open: connect u and the embryo, queue the
			 * embryo on the listener. */
			unix_sock_get(u);
			embryo->peer = u;
			embryo->state = UNIX_CONNECTED;
			embryo->sk.has_peercred = true;
			embryo->sk.peercred = me;
			if (other->addr) {
				embryo->addr = malloc(sizeof(*embryo->addr));
				if (embryo->addr)
					*embryo->addr = *other->addr;
			}
			s->has_peercred = true;
			s->peercred = other->sk.peercred;
			u->peer = embryo; /* takes the allocation's reference */
			u->state = UNIX_CONNECTED;
			unix_sock_get(embryo); /* the accept queue's */
			list_add_tail(&other->accept_q, &embryo->accept_link);
			other->accept_len++;
			unix_wake_add(&w, other, POLLIN | POLLRDNORM);
			unix_wake_add(&w, u, POLLOUT | POLLWRNORM);
			embryo = NULL;
		}
		pthread_mutex_unlock(&unix_lock);
		unix_wake_flush(&w);
		unix_sock_put(other);
		break;
	}
	if (embryo)
		unix_sock_put(embryo);
	return err;
}

/* dgram connect: sets or (AF_UNSPEC) clears the default peer. */
static int unix_dgram_connect(struct net_socket *s, struct task *t,
			      const struct sockaddr_storage *addr, socklen_t len, bool nonblock)
{
	struct unix_sock *u = unix_sk(s);
	if (len < sizeof(sa_family_t))
		return -EINVAL;
	if (addr->ss_family == AF_UNSPEC) {
		pthread_mutex_lock(&unix_lock);
		struct unix_sock *old = u->peer;
		u->peer = NULL;
		u->state = UNIX_UNCONNECTED;
		pthread_mutex_unlock(&unix_lock);
		if (old)
			unix_sock_put(old);
		return 0;
	}
	int err = unix_connect_begin(s, addr, len);
	if (err)
		return err;
	struct unix_sock *other;
	for (;;) {
		err = unix_find_other(t, addr, len, s->type, &other);
		if (err)
			return err;
		pthread_mutex_lock(&unix_lock);
		if (!other->dead)
			break;
		pthread_mutex_unlock(&unix_lock);
		unix_sock_put(other);
	}
	/* Linux's unix_may_send: other must be unconnected or connected to us. */
	if (other->peer && other->peer != u) {
		pthread_mutex_unlock(&unix_lock);
		unix_sock_put(other);
		return -EPERM;
	}
	struct unix_sock *old = u->peer;
	u->peer = other; /* takes the lookup's reference */
	u->state = UNIX_CONNECTED;
	pthread_mutex_unlock(&unix_lock);
	if (old)
		unix_sock_put(old);
	return 0;
}

struct accept_ctx {
	struct unix_sock *l;
	struct unix_sock *got;
	int err;
};

static long unix_accept_try(void *arg)
{
	struct accept_ctx *c = arg;
	struct unix_sock *l = c->l;
	struct unix_wake w = { 0 };
	long r = -EAGAIN;
	pthread_mutex_lock(&unix_lock);
	if (l->state != UNIX_LISTENING) {
		r = -EINVAL;
	} else if (l->sk.err) {
		r = -l->sk.err;
		l->sk.err = 0;
	} else if (l->accept_len) {
		struct unix_sock *e = container_of(l->accept_q.next, struct unix_sock, accept_link);
		list_remove(&e->accept_link);
		l->accept_len--;
		c->got = e; /* the queue's reference moves to the caller */
		unix_wake_add(&w, l, POLLOUT | POLLWRNORM); /* blocked connectors */
		r = 0;
	}
	pthread_mutex_unlock(&unix_lock);
	unix_wake_flush(&w);
	return r;
}

static int unix_accept(struct net_socket *s, struct task *t, unsigned int flags, bool nonblock,
		       struct vfs_file **out, struct sockaddr_storage *peer, socklen_t *peerlen)
{
	struct unix_sock *l = unix_sk(s);
	if (s->type != SOCK_STREAM && s->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	struct accept_ctx c = { .l = l };
	long r = unix_wait(t, &s->wq, POLLIN | POLLRDNORM, nonblock, &s->rcvtimeo,
			   unix_accept_try, &c);
	if (r)
		return (int)r;
	struct vfs_file *f = net_socket_file_new(&c.got->sk, flags);
	if (!f) {
		/* Linux would have the connection; we cannot wrap it: reset the
		 * client rather than leak it. */
		struct unix_wake w = { 0 };
		pthread_mutex_lock(&unix_lock);
		c.got->dead = true;
		struct unix_sock *cl = c.got->peer;
		if (cl) {
			cl->shutdown = UNIX_SHUTDOWN_MASK;
			cl->sk.err = ECONNRESET;
			unix_wake_add(&w, cl, POLLIN | POLLOUT | POLLHUP | POLLERR);
		}
		unix_purge_queue(c.got, &w);
		pthread_mutex_unlock(&unix_lock);
		unix_wake_flush(&w);
		unix_sock_put(c.got);
		return -ENOMEM;
	}
	/* The file now owns the queue's reference. */
	if (peer) {
		pthread_mutex_lock(&unix_lock);
		/* The client stays the embryo's peer even after it closed. */
		if (c.got->peer) {
			unix_copy_name(c.got->peer, peer, peerlen);
		} else {
			memset(peer, 0, sizeof(*peer));
			peer->ss_family = AF_UNIX;
			*peerlen = sizeof(sa_family_t);
		}
		pthread_mutex_unlock(&unix_lock);
	}
	*out = f;
	return 0;
}

/* ---- shutdown / poll / release. */

static int unix_shutdown(struct net_socket *s, int how)
{
	struct unix_sock *u = unix_sk(s);
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	/* SHUT_RD -> RCV, SHUT_WR -> SEND, SHUT_RDWR -> both. Linux answers 0
	 * on an unconnected AF_UNIX socket too (no ENOTCONN, unlike TCP). */
	int mode = how + 1;
	struct unix_wake w = { 0 };
	pthread_mutex_lock(&unix_lock);
	u->shutdown |= mode;
	unix_wake_add(&w, u, POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
	struct unix_sock *other = u->peer;
	if (other && (s->type == SOCK_STREAM || s->type == SOCK_SEQPACKET)) {
		int peer_mode = 0;
		if (mode & UNIX_RCV_SHUTDOWN)
			peer_mode |= UNIX_SEND_SHUTDOWN;
		if (mode & UNIX_SEND_SHUTDOWN)
			peer_mode |= UNIX_RCV_SHUTDOWN;
		other->shutdown |= peer_mode;
		uint32_t ev = POLLIN | POLLOUT;
		if (peer_mode & UNIX_RCV_SHUTDOWN)
			ev |= POLLRDHUP;
		if (other->shutdown == UNIX_SHUTDOWN_MASK)
			ev |= POLLHUP;
		unix_wake_add(&w, other, ev);
	}
	pthread_mutex_unlock(&unix_lock);
	unix_wake_flush(&w);
	return 0;
}

static uint32_t unix_poll(struct net_socket *s)
{
	struct unix_sock *u = unix_sk(s);
	uint32_t mask = 0;
	pthread_mutex_lock(&unix_lock);
	if (s->err)
		mask |= POLLERR;
	if (u->shutdown == UNIX_SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (u->shutdown & UNIX_RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!list_empty(&u->rcvq) || u->accept_len)
		mask |= POLLIN | POLLRDNORM;
	if (s->type == SOCK_STREAM) {
		if (u->state == UNIX_UNCONNECTED)
			mask |= POLLHUP;
		if (unix_writable(u))
			mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	} else {
		/* Linux's unix_dgram_poll (seqpacket too). */
		if (s->type == SOCK_SEQPACKET && u->state == UNIX_UNCONNECTED)
			mask |= POLLHUP;
		bool w = unix_writable(u);
		struct unix_sock *other = u->peer;
		if (w && other && other->peer != u && unix_recvq_full(other))
			w = false;
		if (w)
			mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	}
	pthread_mutex_unlock(&unix_lock);
	return mask;
}

/* Tears u down (Linux's unix_release_sock). embryo: u was never accepted,
 * so its client sees a reset. Lock held. */
static void unix_release_locked(struct unix_sock *u, bool embryo, struct unix_wake *w,
				struct vfs_inode **inode_out)
{
	u->dead = true;
	u->shutdown = UNIX_SHUTDOWN_MASK;
	unix_unbind_locked(u);
	*inode_out = u->inode;
	u->inode = NULL;
	struct unix_sock *pair = u->peer;
	if (pair) {
		if (u->sk.type == SOCK_STREAM || u->sk.type == SOCK_SEQPACKET) {
			pair->shutdown = UNIX_SHUTDOWN_MASK;
			if (!list_empty(&u->rcvq) || embryo)
				pair->sk.err = ECONNRESET;
			unix_wake_add(w, pair, POLLIN | POLLOUT | POLLHUP | POLLRDHUP |
						   (pair->sk.err ? POLLERR : 0));
		} else {
			/* Writers blocked on our full queue must see us gone. */
			unix_wake_add(w, pair, POLLOUT | POLLWRNORM);
		}
		u->peer = NULL;
		unix_wake_add(w, pair, 0);
		unix_sock_put(pair); /* w still holds one, so not the last */
	}
	unix_purge_queue(u, w);
	u->state = UNIX_UNCONNECTED;
	/* Wake senders blocked on our queue and connectors blocked on our
	 * backlog: they recheck and find us dead. */
	unix_wake_add(w, u, POLLIN | POLLOUT | POLLHUP | POLLERR);
}

static void unix_release(struct net_socket *s)
{
	struct unix_sock *u = unix_sk(s);
	struct unix_wake w = { 0 };
	struct vfs_inode *inode = NULL;
	struct list_node embryos;
	list_init(&embryos);
	pthread_mutex_lock(&unix_lock);
	unix_release_locked(u, false, &w, &inode);
	s->listening = false;
	/* Pending connections are reset. */
	while (!list_empty(&u->accept_q)) {
		struct unix_sock *e = container_of(u->accept_q.next, struct unix_sock, accept_link);
		list_remove(&e->accept_link);
		u->accept_len--;
		struct vfs_inode *ei;
		unix_release_locked(e, true, &w, &ei);
		list_add_tail(&embryos, &e->accept_link);
	}
	pthread_mutex_unlock(&unix_lock);
	unix_wake_flush(&w);
	while (!list_empty(&embryos)) {
		struct unix_sock *e = container_of(embryos.next, struct unix_sock, accept_link);
		list_remove(&e->accept_link);
		unix_sock_put(e);
	}
	if (inode)
		vfs_inode_put(inode);
	unix_sock_put(u); /* the file's reference */
}

/* Stream (and seqpacket) and datagram sockets differ only in connect. */
#define UNIX_PROTO_OPS(connect_op)          \
	{                                   \
		.bind = unix_bind,          \
		.connect = connect_op,      \
		.listen = unix_listen,      \
		.accept = unix_accept,      \
		.getname = unix_getname,    \
		.sendmsg = unix_sendmsg,    \
		.recvmsg = unix_recvmsg,    \
		.shutdown = unix_shutdown,  \
		.poll = unix_poll,          \
		.inq = unix_inq,            \
		.outq = unix_outq,          \
		.release = unix_release,    \
	}

static const struct net_proto_ops unix_stream_ops = UNIX_PROTO_OPS(unix_stream_connect);
static const struct net_proto_ops unix_dgram_ops = UNIX_PROTO_OPS(unix_dgram_connect);
