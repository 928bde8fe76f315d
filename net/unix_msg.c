/* The AF_UNIX data path (Linux's unix_stream_sendmsg, unix_dgram_sendmsg,
 * unix_stream_read_generic, unix_dgram_recvmsg): chunks, send-buffer
 * accounting, message boundaries, passed files and credentials. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "fs/file.h"
#include "fs/vfs.h"
#include "net/unix.h"
#include "sentry/task.h"

/* ---- Chunks. */

static struct unix_skb *unix_skb_alloc(size_t len)
{
	struct unix_skb *skb = malloc(sizeof(*skb) + len);
	if (!skb)
		return NULL;
	memset(skb, 0, sizeof(*skb));
	skb->len = len;
	skb->truesize = len + UNIX_SKB_OVERHEAD;
	list_init(&skb->link);
	return skb;
}

/* Frees a chunk that was never queued (no charge, sender not set). */
static void unix_skb_discard(struct unix_skb *skb)
{
	for (unsigned int i = 0; i < skb->nfds; i++)
		vfs_file_put(skb->fds[i]);
	free(skb->fds);
	free(skb);
}

/* Gives skb copies of the passed files (new references). */
static int unix_skb_attach_fds(struct unix_skb *skb, const struct net_scm *scm)
{
	if (!scm || !scm->nfds)
		return 0;
	skb->fds = malloc(scm->nfds * sizeof(*skb->fds));
	if (!skb->fds)
		return -ENOMEM;
	for (unsigned int i = 0; i < scm->nfds; i++) {
		vfs_file_get(scm->fds[i]);
		skb->fds[i] = scm->fds[i];
	}
	skb->nfds = scm->nfds;
	return 0;
}

/* Charges skb to sender and queues it on receiver. Lock held. */
static void unix_skb_queue(struct unix_sock *sender, struct unix_sock *receiver,
			   struct unix_skb *skb, struct unix_wake *w)
{
	unix_sock_get(sender);
	skb->sender = sender;
	sender->wmem += skb->truesize;
	sender->wmem_bytes += skb->len;
	list_add_tail(&receiver->rcvq, &skb->link);
	receiver->rcvq_len++;
	unix_wake_add(w, receiver, POLLIN | POLLRDNORM);
}

void unix_skb_free(struct unix_skb *skb, struct unix_wake *w)
{
	struct unix_sock *s = skb->sender;
	s->wmem -= skb->truesize;
	s->wmem_bytes -= skb->len - skb->consumed;
	unix_wake_add(w, s, POLLOUT | POLLWRNORM | POLLWRBAND);
	skb->link.next = w->dead_skbs;
	w->dead_skbs = &skb->link;
}

/* Takes the first chunk off u's queue. Lock held. */
static void unix_skb_unlink(struct unix_sock *u, struct unix_skb *skb, struct unix_wake *w)
{
	list_remove(&skb->link);
	u->rcvq_len--;
	/* Senders blocked on our full queue (datagram) may go on. */
	unix_wake_add(w, u, POLLOUT | POLLWRNORM);
	unix_skb_free(skb, w);
}

void unix_purge_queue(struct unix_sock *u, struct unix_wake *w)
{
	while (!list_empty(&u->rcvq))
		unix_skb_unlink(u, container_of(u->rcvq.next, struct unix_skb, link), w);
}

int unix_inq(struct net_socket *s)
{
	struct unix_sock *u = unix_sk(s);
	int amount = 0;
	pthread_mutex_lock(&unix_lock);
	if (u->state == UNIX_LISTENING) {
		amount = -EINVAL;
	} else if (s->type == SOCK_DGRAM) {
		if (!list_empty(&u->rcvq))
			amount = (int)container_of(u->rcvq.next, struct unix_skb, link)->len;
	} else {
		list_for_each(pos, &u->rcvq) {
			struct unix_skb *skb = container_of(pos, struct unix_skb, link);
			amount += (int)(skb->len - skb->consumed);
		}
	}
	pthread_mutex_unlock(&unix_lock);
	return amount;
}

int unix_outq(struct net_socket *s)
{
	pthread_mutex_lock(&unix_lock);
	int n = (int)unix_sk(s)->wmem_bytes;
	pthread_mutex_unlock(&unix_lock);
	return n;
}

/* Linux's sock_error: the pending error, cleared. Lock held. */
static int unix_sock_error(struct unix_sock *u)
{
	int e = u->sk.err;
	u->sk.err = 0;
	return -e;
}

/* The credentials a chunk carries: explicit SCM_CREDENTIALS (checked by
 * the syscall layer) or the sender's. */
static void unix_msg_creds(struct task *t, const struct net_msg *m, struct net_creds *c)
{
	if (m->scm && m->scm->has_creds)
		*c = m->scm->creds;
	else
		net_creds_of(t, c);
}

/* ---- Waiting for send-buffer room (Linux's sock_alloc_send_pskb). */

static long unix_wmem_try(void *arg)
{
	struct unix_sock *u = arg;
	long r = -EAGAIN;
	pthread_mutex_lock(&unix_lock);
	int err = unix_sock_error(u);
	if (err)
		r = err;
	else if (u->shutdown & UNIX_SEND_SHUTDOWN)
		r = -EPIPE;
	else if (u->wmem + 1 < (size_t)u->sk.sndbuf) /* Linux's wmem starts at 1 */
		r = 0;
	pthread_mutex_unlock(&unix_lock);
	return r;
}

static int unix_wait_wmem(struct unix_sock *u, struct task *t, bool nonblock)
{
	return (int)unix_wait(t, &u->sk.wq, POLLOUT | POLLWRNORM, nonblock, &u->sk.sndtimeo,
			      unix_wmem_try, u);
}

/* ---- Stream send. */

static ssize_t unix_stream_sendmsg(struct unix_sock *u, struct task *t, struct net_msg *m,
				   int flags, bool nonblock)
{
	if (m->name && m->namelen) {
		pthread_mutex_lock(&unix_lock);
		int e = u->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
		pthread_mutex_unlock(&unix_lock);
		return e;
	}
	pthread_mutex_lock(&unix_lock);
	struct unix_sock *other = u->peer;
	if (other)
		unix_sock_get(other);
	bool shut = u->shutdown & UNIX_SEND_SHUTDOWN;
	pthread_mutex_unlock(&unix_lock);
	if (!other)
		return -ENOTCONN;
	struct net_creds creds;
	unix_msg_creds(t, m, &creds);
	size_t len = m->iter.left, sent = 0;
	bool fds_sent = false;
	long err = shut ? -EPIPE : 0;
	while (!err && sent < len) {
		err = unix_wait_wmem(u, t, nonblock);
		if (err)
			break;
		size_t size = len - sent;
		size_t cap = (size_t)(u->sk.sndbuf / 2 - 64);
		if (size > cap)
			size = cap;
		if (size > UNIX_STREAM_CHUNK_MAX)
			size = UNIX_STREAM_CHUNK_MAX;
		struct unix_skb *skb = unix_skb_alloc(size);
		if (!skb) {
			err = -ENOMEM;
			break;
		}
		if (net_iter_copy_from(&m->iter, skb->data, size) != size) {
			unix_skb_discard(skb);
			err = -EFAULT;
			break;
		}
		skb->creds = creds;
		if (!fds_sent) {
			err = unix_skb_attach_fds(skb, m->scm);
			if (err) {
				unix_skb_discard(skb);
				break;
			}
		}
		struct unix_wake w = { 0 };
		pthread_mutex_lock(&unix_lock);
		if (other->dead || (other->shutdown & UNIX_RCV_SHUTDOWN)) {
			err = -EPIPE;
		} else {
			unix_skb_queue(u, other, skb, &w);
			skb = NULL;
		}
		pthread_mutex_unlock(&unix_lock);
		unix_wake_flush(&w);
		if (skb) {
			unix_skb_discard(skb);
			break;
		}
		fds_sent = true;
		sent += size;
	}
	unix_sock_put(other);
	if (err == -EPIPE && sent == 0 && t && !(flags & MSG_NOSIGNAL))
		task_send_signal(t, SIGPIPE, NULL);
	return sent ? (ssize_t)sent : err;
}

/* ---- Datagram and seqpacket send. */

static long unix_peer_room_try(void *arg)
{
	struct unix_sock *other = arg;
	pthread_mutex_lock(&unix_lock);
	bool full = !other->dead && unix_recvq_full(other);
	pthread_mutex_unlock(&unix_lock);
	return full ? -EAGAIN : 0;
}

static ssize_t unix_dgram_sendmsg(struct unix_sock *u, struct task *t, struct net_msg *m,
				  int flags, bool nonblock)
{
	const struct sockaddr_storage *name = NULL;
	socklen_t namelen = 0;
	struct unix_sock *other = NULL;
	long err;
	if (u->sk.type == SOCK_SEQPACKET) {
		pthread_mutex_lock(&unix_lock);
		err = unix_sock_error(u);
		if (!err && u->state != UNIX_CONNECTED)
			err = -ENOTCONN;
		pthread_mutex_unlock(&unix_lock);
		if (err)
			return err;
		/* seqpacket ignores a destination address */
	} else if (m->name && m->namelen) {
		name = m->name;
		namelen = m->namelen;
		err = unix_validate_addr(name, namelen);
		if (err)
			return err;
	}
	pthread_mutex_lock(&unix_lock);
	if (!name) {
		other = u->peer;
		if (other)
			unix_sock_get(other);
	}
	err = 0;
	if (u->sk.passcred && !u->addr)
		err = unix_autobind_locked(u);
	size_t len = m->iter.left;
	if (!err && len > (size_t)u->sk.sndbuf - 32)
		err = -EMSGSIZE;
	pthread_mutex_unlock(&unix_lock);
	if (!err && !name && !other)
		err = -ENOTCONN;
	if (err)
		goto out;

	err = unix_wait_wmem(u, t, nonblock);
	if (err)
		goto out;
	struct unix_skb *skb = unix_skb_alloc(len);
	if (!skb) {
		err = -ENOMEM;
		goto out;
	}
	if (net_iter_copy_from(&m->iter, skb->data, len) != len) {
		unix_skb_discard(skb);
		err = -EFAULT;
		goto out;
	}
	unix_msg_creds(t, m, &skb->creds);
	err = unix_skb_attach_fds(skb, m->scm);
	if (err) {
		unix_skb_discard(skb);
		goto out;
	}

	for (;;) {
		if (!other) {
			if (!name) {
				err = -ECONNRESET;
				break;
			}
			struct unix_sock *o;
			err = unix_find_other(t, name, namelen, u->sk.type, &o);
			if (err)
				break;
			other = o;
		}
		struct unix_wake w = { 0 };
		pthread_mutex_lock(&unix_lock);
		if (other->peer && other->peer != u) {
			err = -EPERM; /* Linux's unix_may_send */
		} else if (other->dead) {
			err = 0;
			if (u->sk.type == SOCK_SEQPACKET) {
				err = -EPIPE;
			} else if (u->peer == other) {
				/* Our default peer died: disconnect. */
				u->peer = NULL;
				u->state = UNIX_UNCONNECTED;
				unix_sock_put(other); /* u's reference; ours remains */
				err = -ECONNREFUSED;
			}
			pthread_mutex_unlock(&unix_lock);
			unix_sock_put(other);
			other = NULL;
			if (err)
				break;
			continue;
		} else if (other->shutdown & UNIX_RCV_SHUTDOWN) {
			err = -EPIPE;
		} else if (other != u && other->peer != u && unix_recvq_full(other)) {
			pthread_mutex_unlock(&unix_lock);
			err = unix_wait(t, &other->sk.wq, POLLOUT | POLLWRNORM, nonblock,
					&u->sk.sndtimeo, unix_peer_room_try, other);
			if (err)
				break;
			continue; /* room (or the receiver died): look again */
		} else {
			unix_skb_queue(u, other, skb, &w);
			skb = NULL;
		}
		pthread_mutex_unlock(&unix_lock);
		unix_wake_flush(&w);
		break;
	}
	if (skb)
		unix_skb_discard(skb);
	else
		err = (long)len;
out:
	if (other)
		unix_sock_put(other);
	return err;
}

ssize_t unix_sendmsg(struct net_socket *s, struct task *t, struct net_msg *m, int flags,
		     bool nonblock)
{
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (s->type == SOCK_STREAM)
		return unix_stream_sendmsg(unix_sk(s), t, m, flags, nonblock);
	return unix_dgram_sendmsg(unix_sk(s), t, m, flags, nonblock);
}

/* ---- Receive. */

/* Hands the files of skb to the receiver (references move when consume,
 * are duplicated for MSG_PEEK). Without a place for them they are dropped
 * (Linux detaches them at the first read) and the message is marked
 * MSG_CTRUNC. Lock held. */
static void unix_take_fds(struct unix_skb *skb, struct net_msg *m, bool consume,
			  struct unix_wake *w)
{
	if (!skb->nfds)
		return;
	if (!m->scm) {
		m->flags |= MSG_CTRUNC;
		if (!consume)
			return;
		/* A bare shell carries the files to unix_wake_flush. */
		struct unix_skb *shell = unix_skb_alloc(0);
		if (!shell)
			return;
		shell->fds = skb->fds;
		shell->nfds = skb->nfds;
		skb->fds = NULL;
		skb->nfds = 0;
		unix_sock_get(skb->sender);
		shell->sender = skb->sender;
		shell->link.next = w->dead_skbs;
		w->dead_skbs = &shell->link;
		return;
	}
	for (unsigned int i = 0; i < skb->nfds && m->scm->nfds < NET_SCM_MAX_FD; i++) {
		if (!consume)
			vfs_file_get(skb->fds[i]);
		m->scm->fds[m->scm->nfds++] = skb->fds[i];
	}
	if (consume) {
		free(skb->fds);
		skb->fds = NULL;
		skb->nfds = 0;
	}
}

/* The sender's name for recvfrom; an unnamed sender leaves msg_namelen 0,
 * as Linux's unix_copy_addr. Lock held. */
static void unix_msg_name(const struct unix_skb *skb, struct net_msg *m)
{
	if (!m->name)
		return;
	if (skb->sender->addr)
		unix_copy_name(skb->sender, m->name, &m->namelen);
	else
		m->namelen = 0;
}

struct recv_ctx {
	struct unix_sock *u;
	struct net_msg *m;
	int flags;
	size_t target;
	size_t copied;
	bool have_creds;
	struct net_creds creds;
};

static bool creds_eq(const struct net_creds *a, const struct net_creds *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/* One pass of Linux's unix_stream_read_generic under the lock: copies what
 * is queued; -EAGAIN when it must wait for more. */
static long unix_stream_recv_try(void *arg)
{
	struct recv_ctx *c = arg;
	struct unix_sock *u = c->u;
	struct net_msg *m = c->m;
	bool peek = c->flags & MSG_PEEK;
	struct unix_wake w = { 0 };
	long r = 0;
	pthread_mutex_lock(&unix_lock);
	struct list_node *pos = u->rcvq.next;
	bool stop = false;
	while (!stop && m->iter.left) {
		if (pos == &u->rcvq) {
			if (c->copied >= c->target)
				break;
			/* POSIX 1003.1g mandates this order. */
			r = unix_sock_error(u);
			if (r)
				break;
			if (u->shutdown & UNIX_RCV_SHUTDOWN)
				break;
			r = -EAGAIN;
			break;
		}
		struct unix_skb *skb = container_of(pos, struct unix_skb, link);
		if (c->have_creds) {
			/* Never glue data from different writers. */
			if (!creds_eq(&skb->creds, &c->creds))
				break;
		} else if (u->sk.passcred) {
			c->creds = skb->creds;
			c->have_creds = true;
		}
		if (c->copied == 0)
			unix_msg_name(skb, m);
		size_t avail = skb->len - skb->consumed;
		size_t chunk = avail < m->iter.left ? avail : m->iter.left;
		size_t done = net_iter_copy_to(&m->iter, skb->data + skb->consumed, chunk);
		if (done == 0 && chunk) {
			r = -EFAULT;
			break;
		}
		c->copied += done;
		if (!peek) {
			skb->consumed += done;
			skb->sender->wmem_bytes -= done;
			bool had_fds = skb->nfds != 0;
			unix_take_fds(skb, m, true, &w);
			struct list_node *next = pos->next;
			if (skb->consumed < skb->len) {
				stop = true; /* the caller's buffer is full (or faulted) */
			} else {
				unix_skb_unlink(u, skb, &w);
				if (had_fds)
					stop = true;
			}
			pos = next;
		} else {
			bool had_fds = skb->nfds != 0;
			unix_take_fds(skb, m, false, &w);
			if (had_fds)
				stop = true;
			pos = pos->next;
		}
		if (done < chunk) {
			r = c->copied ? 0 : -EFAULT;
			break;
		}
	}
	pthread_mutex_unlock(&unix_lock);
	unix_wake_flush(&w);
	if (r == -EAGAIN && c->copied >= c->target)
		r = 0;
	if (r == -EAGAIN && c->copied && !(c->flags & MSG_WAITALL))
		r = 0;
	return r;
}

static ssize_t unix_stream_recvmsg(struct unix_sock *u, struct task *t, struct net_msg *m,
				   int flags, bool nonblock)
{
	pthread_mutex_lock(&unix_lock);
	bool connected = u->state == UNIX_CONNECTED;
	int lowat = u->sk.rcvlowat;
	pthread_mutex_unlock(&unix_lock);
	if (!connected)
		return -EINVAL;
	size_t size = m->iter.left;
	struct recv_ctx c = { .u = u, .m = m, .flags = flags };
	c.target = (flags & MSG_WAITALL) ? size : ((size_t)lowat < size ? (size_t)lowat : size);
	if (c.target == 0)
		c.target = 1;
	m->namelen = 0;
	long r = unix_wait(t, &u->sk.wq, POLLIN | POLLRDNORM | POLLRDHUP | POLLHUP | POLLERR,
			   nonblock, &u->sk.rcvtimeo, unix_stream_recv_try, &c);
	if (m->scm && c.have_creds) {
		m->scm->has_creds = true;
		m->scm->creds = c.creds;
	}
	return c.copied ? (ssize_t)c.copied : r;
}

static long unix_dgram_recv_try(void *arg)
{
	struct recv_ctx *c = arg;
	struct unix_sock *u = c->u;
	struct net_msg *m = c->m;
	struct unix_wake w = { 0 };
	long r;
	pthread_mutex_lock(&unix_lock);
	if (list_empty(&u->rcvq)) {
		r = unix_sock_error(u);
		if (!r)
			r = (u->shutdown & UNIX_RCV_SHUTDOWN) ? 1 : -EAGAIN;
		pthread_mutex_unlock(&unix_lock);
		return r;
	}
	struct unix_skb *skb = container_of(u->rcvq.next, struct unix_skb, link);
	unix_msg_name(skb, m);
	size_t size = m->iter.left;
	if (size > skb->len)
		size = skb->len;
	else if (size < skb->len)
		m->flags |= MSG_TRUNC;
	size_t done = net_iter_copy_to(&m->iter, skb->data, size);
	if (done < size) {
		r = -EFAULT;
	} else {
		if (u->sk.passcred) {
			c->have_creds = true;
			c->creds = skb->creds;
		}
		bool peek = c->flags & MSG_PEEK;
		unix_take_fds(skb, m, !peek, &w);
		if (!peek)
			unix_skb_unlink(u, skb, &w);
		r = 0;
		c->copied = (c->flags & MSG_TRUNC) ? skb->len : size;
	}
	pthread_mutex_unlock(&unix_lock);
	unix_wake_flush(&w);
	return r;
}

static ssize_t unix_dgram_recvmsg(struct unix_sock *u, struct task *t, struct net_msg *m,
				  int flags, bool nonblock)
{
	if (u->sk.type == SOCK_SEQPACKET) {
		pthread_mutex_lock(&unix_lock);
		bool connected = u->state == UNIX_CONNECTED;
		pthread_mutex_unlock(&unix_lock);
		if (!connected)
			return -ENOTCONN;
	}
	struct recv_ctx c = { .u = u, .m = m, .flags = flags };
	m->namelen = 0;
	long r;
	if (nonblock || !t) {
		r = unix_dgram_recv_try(&c);
		if (r == 1) {
			/* A nonblocking read of an empty, shut-down datagram socket
			 * says EAGAIN; seqpacket says EOF (Linux). */
			r = u->sk.type == SOCK_SEQPACKET ? 0 : -EAGAIN;
		}
	} else {
		r = unix_wait(t, &u->sk.wq, POLLIN | POLLRDNORM | POLLRDHUP | POLLHUP | POLLERR,
			      false, &u->sk.rcvtimeo, unix_dgram_recv_try, &c);
		if (r == 1)
			r = 0;
	}
	if (r == -EAGAIN && u->sk.type == SOCK_SEQPACKET) {
		pthread_mutex_lock(&unix_lock);
		if (u->shutdown & UNIX_RCV_SHUTDOWN)
			r = 0;
		pthread_mutex_unlock(&unix_lock);
	}
	if (r < 0)
		return r;
	if (m->scm && c.have_creds) {
		m->scm->has_creds = true;
		m->scm->creds = c.creds;
	}
	return (ssize_t)c.copied;
}

ssize_t unix_recvmsg(struct net_socket *s, struct task *t, struct net_msg *m, int flags,
		     bool nonblock)
{
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (s->type == SOCK_STREAM)
		return unix_stream_recvmsg(unix_sk(s), t, m, flags, nonblock);
	return unix_dgram_recvmsg(unix_sk(s), t, m, flags, nonblock);
}
