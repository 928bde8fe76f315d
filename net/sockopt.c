/* SOL_SOCKET options (Linux's sk_setsockopt/sk_getsockopt in
 * net/core/sock.c) on kernel buffers: the syscall layer copies the value
 * in and out. Only what the sockets we have can honour is accepted;
 * anything else answers ENOPROTOOPT, as Linux does for unknown names. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include "net/socket.h"

/* The x86_64 values, spelled out so both the _OLD and _NEW forms of the
 * timeout options are available whatever the libc headers choose. */
#define NET_SO_RCVTIMEO_OLD 20
#define NET_SO_SNDTIMEO_OLD 21
#define NET_SO_RCVTIMEO_NEW 66
#define NET_SO_SNDTIMEO_NEW 67
#define NET_SO_PEEK_OFF 42

const struct timespec *net_deadline(const struct timespec *timeo, struct timespec *buf)
{
	if (!timeo || (timeo->tv_sec == 0 && timeo->tv_nsec == 0))
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, buf);
	buf->tv_sec += timeo->tv_sec;
	buf->tv_nsec += timeo->tv_nsec;
	if (buf->tv_nsec >= 1000000000L) {
		buf->tv_sec++;
		buf->tv_nsec -= 1000000000L;
	}
	return buf;
}

/* Linux's sock_set_timeout for struct timeval / __kernel_sock_timeval
 * (the same layout on x86_64). */
static int set_timeout(struct timespec *out, const void *val, socklen_t optlen)
{
	struct {
		int64_t sec, usec;
	} tv;
	if (optlen < sizeof(tv))
		return -EINVAL;
	memcpy(&tv, val, sizeof(tv));
	if (tv.usec < 0 || tv.usec >= 1000000)
		return -EDOM;
	if (tv.sec < 0) {
		/* Linux stores a zero timeout: operations stop waiting at once. */
		out->tv_sec = 0;
		out->tv_nsec = 1;
		return 0;
	}
	out->tv_sec = tv.sec;
	out->tv_nsec = tv.usec * 1000;
	return 0;
}

static bool capable(struct net_socket *s, bool privileged)
{
	(void)s;
	return privileged;
}

int net_setsockopt(struct net_socket *s, int level, int name, const void *val,
		   socklen_t optlen, bool privileged)
{
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP; /* AF_UNIX has no options of its own */
	if (optlen < sizeof(int))
		return -EINVAL;
	int v;
	memcpy(&v, val, sizeof(v));
	bool vb = v != 0;
	int err = 0;
	bool wake_writers = false;
	pthread_mutex_lock(s->lock);
	switch (name) {
	case SO_REUSEADDR:
		s->reuseaddr = vb;
		break;
	case SO_REUSEPORT:
		if (vb && s->family != AF_INET && s->family != AF_INET6)
			err = -EOPNOTSUPP;
		else
			s->reuseport = vb;
		break;
	case SO_DONTROUTE:
		s->dontroute = vb;
		break;
	case SO_BROADCAST:
		s->broadcast = vb;
		break;
	case SO_KEEPALIVE:
		s->keepalive = vb;
		break;
	case SO_OOBINLINE:
		s->oobinline = vb;
		break;
	case SO_SNDBUFFORCE:
	case SO_SNDBUF:
		if (name == SO_SNDBUFFORCE && !capable(s, privileged)) {
			err = -EPERM;
			break;
		}
		if (name == SO_SNDBUF) {
			/* Compared unsigned, as Linux: a negative size is huge. */
			if ((unsigned int)v > NET_WMEM_MAX)
				v = NET_WMEM_MAX;
		} else if (v > INT_MAX / 2) {
			v = INT_MAX / 2;
		} else if (v < 0) {
			v = 0;
		}
		s->sndbuf = v * 2 > NET_SOCK_MIN_SNDBUF ? v * 2 : NET_SOCK_MIN_SNDBUF;
		wake_writers = true;
		break;
	case SO_RCVBUFFORCE:
	case SO_RCVBUF:
		if (name == SO_RCVBUFFORCE && !capable(s, privileged)) {
			err = -EPERM;
			break;
		}
		if (name == SO_RCVBUF) {
			/* Compared unsigned, as Linux: a negative size is huge. */
			if ((unsigned int)v > NET_RMEM_MAX)
				v = NET_RMEM_MAX;
		} else if (v > INT_MAX / 2) {
			v = INT_MAX / 2;
		} else if (v < 0) {
			v = 0;
		}
		s->rcvbuf = v * 2 > NET_SOCK_MIN_RCVBUF ? v * 2 : NET_SOCK_MIN_RCVBUF;
		break;
	case SO_PRIORITY:
		if ((v >= 0 && v <= 6) || capable(s, privileged))
			s->priority = v;
		else
			err = -EPERM;
		break;
	case SO_LINGER: {
		struct linger l;
		if (optlen < sizeof(l)) {
			err = -EINVAL;
			break;
		}
		memcpy(&l, val, sizeof(l));
		s->linger_onoff = l.l_onoff != 0;
		if (l.l_onoff)
			s->linger_secs = l.l_linger < 0 ? 0 : l.l_linger;
		break;
	}
	case SO_PASSCRED:
		s->passcred = vb;
		break;
	case SO_PASSSEC:
		s->passsec = vb;
		break;
	case SO_RCVLOWAT:
		if (v < 0)
			v = INT_MAX;
		s->rcvlowat = v ? v : 1;
		break;
	case SO_MARK:
		if (!capable(s, privileged))
			err = -EPERM;
		else
			s->mark = v;
		break;
	case NET_SO_RCVTIMEO_OLD:
	case NET_SO_RCVTIMEO_NEW:
		err = set_timeout(&s->rcvtimeo, val, optlen);
		break;
	case NET_SO_SNDTIMEO_OLD:
	case NET_SO_SNDTIMEO_NEW:
		err = set_timeout(&s->sndtimeo, val, optlen);
		break;
	case NET_SO_PEEK_OFF:
		/* Peek offsets are not implemented: Linux's answer for sockets
		 * without set_peek_off. */
		err = -EOPNOTSUPP;
		break;
	default:
		/* SO_TYPE, SO_ERROR, SO_PEERCRED, SO_SNDLOWAT (read-only or
		 * unsupported in Linux too), SO_TIMESTAMP*, SO_BINDTODEVICE... */
		err = -ENOPROTOOPT;
		break;
	}
	pthread_mutex_unlock(s->lock);
	if (wake_writers)
		waitq_notify(&s->wq, POLLOUT | POLLWRNORM);
	return err;
}

int net_getsockopt(struct net_socket *s, int level, int name, void *val, socklen_t *optlen)
{
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	socklen_t len = *optlen;
	if (name == SO_PEERNAME) {
		struct sockaddr_storage a;
		socklen_t alen;
		if (s->ops->getname(s, &a, &alen, true) < 0)
			return -ENOTCONN;
		if (alen < len)
			return -EINVAL;
		memcpy(val, &a, len);
		return 0;
	}
	union {
		int i;
		struct linger l;
		struct ucred cr;
		struct {
			int64_t sec, usec;
		} tv;
	} u;
	memset(&u, 0, sizeof(u));
	socklen_t lv = sizeof(int);
	int err = 0;
	pthread_mutex_lock(s->lock);
	switch (name) {
	case SO_DEBUG:
	case SO_BSDCOMPAT:
	case SO_NO_CHECK:
		u.i = 0;
		break;
	case SO_REUSEADDR: u.i = s->reuseaddr; break;
	case SO_REUSEPORT: u.i = s->reuseport; break;
	case SO_KEEPALIVE: u.i = s->keepalive; break;
	case SO_TYPE: u.i = s->type; break;
	case SO_PROTOCOL: u.i = s->protocol; break;
	case SO_DOMAIN: u.i = s->family; break;
	case SO_ERROR:
		u.i = s->err;
		s->err = 0;
		break;
	case SO_DONTROUTE: u.i = s->dontroute; break;
	case SO_BROADCAST: u.i = s->broadcast; break;
	case SO_SNDBUF: u.i = s->sndbuf; break;
	case SO_RCVBUF: u.i = s->rcvbuf; break;
	case SO_OOBINLINE: u.i = s->oobinline; break;
	case SO_PRIORITY: u.i = s->priority; break;
	case SO_LINGER:
		lv = sizeof(u.l);
		u.l.l_onoff = s->linger_onoff;
		u.l.l_linger = s->linger_secs;
		break;
	case NET_SO_RCVTIMEO_OLD:
	case NET_SO_RCVTIMEO_NEW:
	case NET_SO_SNDTIMEO_OLD:
	case NET_SO_SNDTIMEO_NEW: {
		const struct timespec *ts =
			(name == NET_SO_RCVTIMEO_OLD || name == NET_SO_RCVTIMEO_NEW) ? &s->rcvtimeo
										  : &s->sndtimeo;
		lv = sizeof(u.tv);
		u.tv.sec = ts->tv_sec;
		u.tv.usec = ts->tv_nsec / 1000;
		break;
	}
	case SO_RCVLOWAT: u.i = s->rcvlowat; break;
	case SO_SNDLOWAT: u.i = 1; break;
	case SO_PASSCRED: u.i = s->passcred; break;
	case SO_PASSSEC: u.i = s->passsec; break;
	case SO_PEERCRED:
		lv = sizeof(u.cr);
		if (s->has_peercred) {
			u.cr.pid = s->peercred.pid;
			u.cr.uid = s->peercred.uid;
			u.cr.gid = s->peercred.gid;
		} else {
			u.cr.pid = 0;
			u.cr.uid = (uid_t)-1;
			u.cr.gid = (gid_t)-1;
		}
		break;
	case SO_ACCEPTCONN: u.i = s->listening; break;
	case SO_MARK: u.i = s->mark; break;
	case NET_SO_PEEK_OFF: u.i = -1; break;
	case SO_PEERSEC:
	default:
		/* SO_PEERSEC: no security module, as Linux without one. */
		err = -ENOPROTOOPT;
		break;
	}
	pthread_mutex_unlock(s->lock);
	if (err)
		return err;
	if (len > lv)
		len = lv;
	memcpy(val, &u, len);
	*optlen = len;
	return 0;
}
