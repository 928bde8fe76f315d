/* AF_UNIX sockets below the syscall layer (net/): data transfer, message
 * boundaries, passed files and their references, names, connect/accept,
 * options. Everything runs with t == NULL and nonblocking operations, so
 * no sentry or app is needed. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "fs/inode.h"
#include "fs/vfs.h"
#include "fs/vfs_ops.h"
#include "net/socket.h"
#include "net/unix.h"

static void pair(int type, struct vfs_file *sv[2])
{
	cr_assert_eq(net_socketpair(NULL, AF_UNIX, type | SOCK_NONBLOCK, 0, sv), 0);
}

static ssize_t sendb(struct vfs_file *f, const char *s, size_t n)
{
	return net_send_buf(f, NULL, s, n, MSG_DONTWAIT, NULL);
}

static ssize_t recvb(struct vfs_file *f, char *buf, size_t n, int flags, int *mflags)
{
	return net_recv_buf(f, NULL, buf, n, flags | MSG_DONTWAIT, NULL, mflags);
}

static uint32_t pollf(struct vfs_file *f)
{
	return f->ops->poll(f);
}

static socklen_t abstract_addr(struct sockaddr_storage *ss, const char *name)
{
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_un *sun = (struct sockaddr_un *)ss;
	sun->sun_family = AF_UNIX;
	size_t n = strlen(name);
	memcpy(sun->sun_path + 1, name, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static socklen_t path_addr(struct sockaddr_storage *ss, const char *path)
{
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_un *sun = (struct sockaddr_un *)ss;
	sun->sun_family = AF_UNIX;
	strcpy(sun->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

Test(unix_socket, create_errors)
{
	struct vfs_file *f;
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM, 2, &f), -EPROTONOSUPPORT);
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, 12, 0, &f), -EINVAL);
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM | 0x100000, 0, &f), -EINVAL);
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_RDM, 0, &f), -ESOCKTNOSUPPORT);
	cr_assert_eq(net_socket_create(NULL, AF_INET, SOCK_STREAM, 0, &f), -EAFNOSUPPORT);
	cr_assert_eq(net_socket_create(NULL, 1000, SOCK_STREAM, 0, &f), -EAFNOSUPPORT);
	/* SOCK_RAW is a datagram socket, protocol PF_UNIX is accepted. */
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_RAW, PF_UNIX, &f), 0);
	cr_assert_eq(net_socket_of(f)->type, SOCK_DGRAM);
	struct stat st;
	cr_assert_eq(f->ops->stat(f, &st), 0);
	cr_assert(S_ISSOCK(st.st_mode));
	cr_assert_eq(strncmp(f->anon_name, "socket:[", 8), 0);
	vfs_file_put(f);
}

Test(unix_socket, stream_pair_transfer_and_eof)
{
	struct vfs_file *sv[2];
	pair(SOCK_STREAM, sv);
	cr_assert(atomic_load(&sv[0]->flags) & O_NONBLOCK);
	cr_assert_eq(pollf(sv[1]) & POLLIN, 0);
	cr_assert(pollf(sv[0]) & POLLOUT);
	cr_assert_eq(sendb(sv[0], "hello", 5), 5);
	cr_assert_eq(sendb(sv[0], " world", 6), 6);
	cr_assert(pollf(sv[1]) & POLLIN);
	struct net_socket *s1 = net_socket_of(sv[1]);
	cr_assert_eq(s1->ops->inq(s1), 11);
	cr_assert_eq(net_socket_of(sv[0])->ops->outq(net_socket_of(sv[0])), 11);
	char buf[32] = { 0 };
	/* A stream read crosses chunk boundaries; MSG_PEEK leaves the data. */
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), MSG_PEEK, NULL), 11);
	cr_assert_eq(recvb(sv[1], buf, 3, 0, NULL), 3);
	cr_assert_eq(memcmp(buf, "hel", 3), 0);
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, NULL), 8);
	cr_assert_eq(memcmp(buf, "lo world", 8), 0);
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, NULL), -EAGAIN);
	/* Close one end: the other reads EOF, writes EPIPE, polls HUP. */
	vfs_file_put(sv[0]);
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, NULL), 0);
	cr_assert_eq(sendb(sv[1], "x", 1), -EPIPE);
	uint32_t ev = pollf(sv[1]);
	cr_assert(ev & POLLHUP);
	cr_assert(ev & POLLRDHUP);
	cr_assert(ev & POLLIN);
	vfs_file_put(sv[1]);
}

Test(unix_socket, stream_close_with_unread_data_resets)
{
	struct vfs_file *sv[2];
	pair(SOCK_STREAM, sv);
	char buf[8];
	cr_assert_eq(sendb(sv[0], "abc", 3), 3);
	cr_assert_eq(sendb(sv[1], "xy", 2), 2);
	vfs_file_put(sv[1]); /* "abc" was never read */
	cr_assert(pollf(sv[0]) & POLLERR);
	/* Queued data first, then the reset, then EOF (as Linux). */
	cr_assert_eq(recvb(sv[0], buf, sizeof(buf), 0, NULL), 2);
	cr_assert_eq(recvb(sv[0], buf, sizeof(buf), 0, NULL), -ECONNRESET);
	cr_assert_eq(recvb(sv[0], buf, sizeof(buf), 0, NULL), 0);
	vfs_file_put(sv[0]);
}

Test(unix_socket, shutdown_semantics)
{
	struct vfs_file *sv[2];
	pair(SOCK_STREAM, sv);
	struct net_socket *s0 = net_socket_of(sv[0]);
	cr_assert_eq(s0->ops->shutdown(s0, 3), -EINVAL);
	cr_assert_eq(sendb(sv[0], "z", 1), 1);
	cr_assert_eq(s0->ops->shutdown(s0, SHUT_WR), 0);
	cr_assert_eq(sendb(sv[0], "x", 1), -EPIPE);
	char c;
	cr_assert_eq(recvb(sv[1], &c, 1, 0, NULL), 1);
	cr_assert_eq(recvb(sv[1], &c, 1, 0, NULL), 0);
	cr_assert(pollf(sv[1]) & POLLRDHUP);
	cr_assert_eq(pollf(sv[1]) & POLLHUP, 0);
	/* The other direction still works. */
	cr_assert_eq(sendb(sv[1], "y", 1), 1);
	cr_assert_eq(recvb(sv[0], &c, 1, 0, NULL), 1);
	cr_assert_eq(c, 'y');
	/* Linux answers 0 on an unconnected AF_UNIX socket. */
	struct vfs_file *f;
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM, 0, &f), 0);
	cr_assert_eq(net_socket_of(f)->ops->shutdown(net_socket_of(f), SHUT_RDWR), 0);
	vfs_file_put(f);
	vfs_file_put(sv[0]);
	vfs_file_put(sv[1]);
}

Test(unix_socket, stream_capacity_matches_linux)
{
	struct vfs_file *sv[2];
	pair(SOCK_STREAM, sv);
	static char big[4096];
	size_t total = 0;
	for (;;) {
		ssize_t n = sendb(sv[0], big, sizeof(big));
		if (n < 0) {
			cr_assert_eq(n, -EAGAIN);
			break;
		}
		total += (size_t)n;
	}
	/* What Linux 6.x takes with the default 212992-byte SO_SNDBUF. */
	cr_assert_eq(total, 180224);
	cr_assert_eq(pollf(sv[0]) & POLLOUT, 0);
	char buf[4096];
	while (recvb(sv[1], buf, sizeof(buf), 0, NULL) > 0)
		;
	cr_assert(pollf(sv[0]) & POLLOUT);
	vfs_file_put(sv[0]);
	vfs_file_put(sv[1]);
}

Test(unix_socket, seqpacket_boundaries_and_trunc)
{
	struct vfs_file *sv[2];
	pair(SOCK_SEQPACKET, sv);
	cr_assert_eq(sendb(sv[0], "ab", 2), 2);
	cr_assert_eq(sendb(sv[0], "cde", 3), 3);
	cr_assert_eq(sendb(sv[0], "fghij", 5), 5);
	cr_assert_eq(sendb(sv[0], "klm", 3), 3);
	char buf[16];
	int mf = 0;
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, &mf), 2);
	cr_assert_eq(mf & MSG_TRUNC, 0);
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, &mf), 3);
	cr_assert_eq(memcmp(buf, "cde", 3), 0);
	/* A short buffer truncates and discards the rest of the message. */
	cr_assert_eq(recvb(sv[1], buf, 2, 0, &mf), 2);
	cr_assert(mf & MSG_TRUNC);
	/* MSG_TRUNC returns the real length. */
	cr_assert_eq(recvb(sv[1], buf, 1, MSG_TRUNC, &mf), 3);
	cr_assert_eq(buf[0], 'k');
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, &mf), -EAGAIN);
	/* Peer gone: EOF for seqpacket even nonblocking, EPIPE on send. */
	vfs_file_put(sv[0]);
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, &mf), 0);
	cr_assert_eq(sendb(sv[1], "x", 1), -EPIPE);
	cr_assert_eq(pollf(sv[1]) & (POLLIN | POLLOUT | POLLHUP | POLLRDHUP),
		     POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
	vfs_file_put(sv[1]);
}

Test(unix_socket, dgram_pair)
{
	struct vfs_file *sv[2];
	pair(SOCK_DGRAM, sv);
	cr_assert_eq(sendb(sv[0], "one", 3), 3);
	cr_assert_eq(sendb(sv[0], "", 0), 0);
	struct net_socket *s1 = net_socket_of(sv[1]);
	cr_assert_eq(s1->ops->inq(s1), 3);
	char buf[8];
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), MSG_PEEK, NULL), 3);
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, NULL), 3);
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, NULL), 0); /* the empty datagram */
	cr_assert_eq(recvb(sv[1], buf, sizeof(buf), 0, NULL), -EAGAIN);
	/* Message too big for the send buffer. */
	static char big[NET_WMEM_DEFAULT];
	cr_assert_eq(sendb(sv[0], big, NET_WMEM_DEFAULT - 31), -EMSGSIZE);
	/* 1-byte datagrams until the send buffer is full: Linux's count. */
	int n = 0;
	while (sendb(sv[0], "x", 1) == 1)
		n++;
	cr_assert_eq(n, 278);
	/* Peer closed: first ECONNREFUSED, then not connected. */
	vfs_file_put(sv[1]);
	cr_assert_eq(sendb(sv[0], "x", 1), -ECONNREFUSED);
	cr_assert_eq(sendb(sv[0], "x", 1), -ENOTCONN);
	vfs_file_put(sv[0]);
}

static atomic_int *refs(struct vfs_file *f)
{
	return &f->refs;
}

Test(unix_socket, scm_rights_references)
{
	struct vfs_file *sv[2], *pass[2];
	pair(SOCK_STREAM, sv);
	pair(SOCK_DGRAM, pass);
	cr_assert_eq(atomic_load(refs(pass[0])), 1);
	struct net_scm *scm = calloc(1, sizeof(*scm));
	scm->fds[0] = pass[0];
	scm->fds[1] = pass[1];
	scm->nfds = 2;
	cr_assert_eq(net_send_buf(sv[0], NULL, "F", 1, MSG_DONTWAIT, scm), 1);
	/* In flight: the message holds its own references. */
	cr_assert_eq(atomic_load(refs(pass[0])), 2);
	cr_assert_eq(atomic_load(refs(pass[1])), 2);
	cr_assert_eq(net_send_buf(sv[0], NULL, "G", 1, MSG_DONTWAIT, NULL), 1);

	struct net_scm *got = calloc(1, sizeof(*got));
	char buf[8];
	/* Peek duplicates, a real read moves the references. */
	cr_assert_eq(net_recv_buf(sv[1], NULL, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT, got,
				  NULL), 1);
	cr_assert_eq(got->nfds, 2);
	cr_assert_eq(atomic_load(refs(pass[0])), 3);
	net_scm_release(got);
	cr_assert_eq(atomic_load(refs(pass[0])), 2);
	/* The read stops after the chunk that carried files. */
	cr_assert_eq(net_recv_buf(sv[1], NULL, buf, sizeof(buf), MSG_DONTWAIT, got, NULL), 1);
	cr_assert_eq(buf[0], 'F');
	cr_assert_eq(got->nfds, 2);
	cr_assert_eq(got->fds[0], pass[0]);
	cr_assert_eq(got->fds[1], pass[1]);
	cr_assert_eq(atomic_load(refs(pass[0])), 2);
	net_scm_release(got);
	cr_assert_eq(atomic_load(refs(pass[0])), 1);
	cr_assert_eq(net_recv_buf(sv[1], NULL, buf, sizeof(buf), MSG_DONTWAIT, got, NULL), 1);
	cr_assert_eq(buf[0], 'G');
	cr_assert_eq(got->nfds, 0);

	/* Files in a message nobody reads are dropped with the socket. */
	cr_assert_eq(net_send_buf(sv[0], NULL, "H", 1, MSG_DONTWAIT, scm), 1);
	cr_assert_eq(atomic_load(refs(pass[1])), 2);
	vfs_file_put(sv[1]);
	cr_assert_eq(atomic_load(refs(pass[1])), 1);
	/* A receiver without room for files loses them: MSG_CTRUNC. */
	struct vfs_file *sv2[2];
	pair(SOCK_SEQPACKET, sv2);
	cr_assert_eq(net_send_buf(sv2[0], NULL, "I", 1, MSG_DONTWAIT, scm), 1);
	int mf = 0;
	cr_assert_eq(net_recv_buf(sv2[1], NULL, buf, sizeof(buf), MSG_DONTWAIT, NULL, &mf), 1);
	cr_assert(mf & MSG_CTRUNC);
	cr_assert_eq(atomic_load(refs(pass[0])), 1);
	free(scm);
	free(got);
	vfs_file_put(sv[0]);
	vfs_file_put(sv2[0]);
	vfs_file_put(sv2[1]);
	vfs_file_put(pass[0]);
	vfs_file_put(pass[1]);
}

Test(unix_socket, passed_socket_survives_sender_close)
{
	/* A socket sent over itself-style: the in-flight reference keeps the
	 * passed socket usable after its only fd is gone. */
	struct vfs_file *sv[2], *inner[2];
	pair(SOCK_STREAM, sv);
	pair(SOCK_STREAM, inner);
	struct net_scm *scm = calloc(1, sizeof(*scm));
	scm->fds[0] = inner[1];
	scm->nfds = 1;
	cr_assert_eq(net_send_buf(sv[0], NULL, "s", 1, MSG_DONTWAIT, scm), 1);
	vfs_file_put(inner[1]);
	scm->nfds = 0;
	char c;
	cr_assert_eq(net_recv_buf(sv[1], NULL, &c, 1, MSG_DONTWAIT, scm, NULL), 1);
	cr_assert_eq(scm->nfds, 1);
	cr_assert_eq(sendb(inner[0], "q", 1), 1);
	cr_assert_eq(recvb(scm->fds[0], &c, 1, 0, NULL), 1);
	cr_assert_eq(c, 'q');
	net_scm_release(scm);
	free(scm);
	cr_assert_eq(recvb(inner[0], &c, 1, 0, NULL), 0); /* peer gone */
	vfs_file_put(inner[0]);
	vfs_file_put(sv[0]);
	vfs_file_put(sv[1]);
}

Test(unix_socket, abstract_listen_connect_accept)
{
	struct vfs_file *l, *c, *c2, *c3, *a;
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM, 0, &l), 0);
	struct net_socket *ls = net_socket_of(l);
	struct sockaddr_storage addr, got;
	socklen_t len = abstract_addr(&addr, "srv"), glen;
	cr_assert_eq(ls->ops->listen(ls, NULL, 1), -EINVAL); /* unbound */
	cr_assert_eq(ls->ops->bind(ls, NULL, &addr, len), 0);
	cr_assert_eq(ls->ops->bind(ls, NULL, &addr, len), -EINVAL);
	cr_assert_eq(ls->ops->getname(ls, &got, &glen, false), 0);
	cr_assert_eq(glen, len);
	cr_assert_eq(memcmp(&got, &addr, len), 0);
	cr_assert_eq(ls->ops->listen(ls, NULL, 1), 0);
	cr_assert_eq(ls->ops->accept(ls, NULL, 0, true, &a, NULL, NULL), -EAGAIN);

	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM, 0, &c), 0);
	struct net_socket *cs = net_socket_of(c);
	/* Another socket cannot take the name. */
	cr_assert_eq(cs->ops->bind(cs, NULL, &addr, len), -EADDRINUSE);
	cr_assert_eq(cs->ops->getname(cs, &got, &glen, true), -ENOTCONN);
	cr_assert_eq(cs->ops->connect(cs, NULL, &addr, len, true), 0);
	cr_assert_eq(cs->ops->connect(cs, NULL, &addr, len, true), -EISCONN);
	cr_assert(pollf(l) & POLLIN);
	/* Data can flow before accept. */
	cr_assert_eq(sendb(c, "early", 5), 5);
	/* Backlog 1 holds two pending connections, the third waits. */
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM, 0, &c2), 0);
	cr_assert_eq(net_socket_of(c2)->ops->connect(net_socket_of(c2), NULL, &addr, len, true), 0);
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM, 0, &c3), 0);
	cr_assert_eq(net_socket_of(c3)->ops->connect(net_socket_of(c3), NULL, &addr, len, true),
		     -EAGAIN);

	struct sockaddr_storage peer;
	socklen_t plen = 0;
	cr_assert_eq(ls->ops->accept(ls, NULL, SOCK_NONBLOCK, true, &a, &peer, &plen), 0);
	cr_assert_eq(plen, sizeof(sa_family_t)); /* the client is unnamed */
	cr_assert(atomic_load(&a->flags) & O_NONBLOCK);
	struct net_socket *as = net_socket_of(a);
	/* The accepted socket has the listener's name. */
	cr_assert_eq(as->ops->getname(as, &got, &glen, false), 0);
	cr_assert_eq(glen, len);
	cr_assert_eq(cs->ops->getname(cs, &got, &glen, true), 0);
	cr_assert_eq(glen, len);
	char buf[8];
	cr_assert_eq(recvb(a, buf, sizeof(buf), 0, NULL), 5);
	cr_assert_eq(memcmp(buf, "early", 5), 0);
	int acc = 0;
	socklen_t ol = sizeof(acc);
	cr_assert_eq(net_getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &acc, &ol), 0);
	cr_assert_eq(acc, 1);

	/* Closing the listener resets the pending connection. */
	vfs_file_put(l);
	cr_assert_eq(recvb(c2, buf, sizeof(buf), 0, NULL), -ECONNRESET);
	cr_assert_eq(net_socket_of(c3)->ops->connect(net_socket_of(c3), NULL, &addr, len, true),
		     -ECONNREFUSED);
	/* The accepted connection lives on. */
	cr_assert_eq(sendb(a, "ok", 2), 2);
	cr_assert_eq(recvb(c, buf, sizeof(buf), 0, NULL), 2);
	vfs_file_put(a);
	vfs_file_put(c);
	vfs_file_put(c2);
	vfs_file_put(c3);
}

Test(unix_socket, autobind_and_dgram_addresses)
{
	struct vfs_file *d1, *d2, *d3;
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_DGRAM, 0, &d1), 0);
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_DGRAM, 0, &d2), 0);
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_DGRAM, 0, &d3), 0);
	struct net_socket *s1 = net_socket_of(d1), *s2 = net_socket_of(d2), *s3 = net_socket_of(d3);
	struct sockaddr_storage a, got;
	socklen_t glen;
	memset(&a, 0, sizeof(a));
	a.ss_family = AF_UNIX;
	cr_assert_eq(s1->ops->getname(s1, &got, &glen, false), 0);
	cr_assert_eq(glen, sizeof(sa_family_t));
	cr_assert_eq(s1->ops->bind(s1, NULL, &a, sizeof(sa_family_t)), 0);
	cr_assert_eq(s1->ops->getname(s1, &got, &glen, false), 0);
	cr_assert_eq(glen, 8); /* family + NUL + 5 hex digits */
	const char *name = ((struct sockaddr_un *)&got)->sun_path;
	cr_assert_eq(name[0], 0);
	for (int i = 1; i <= 5; i++)
		cr_assert(strchr("0123456789abcdef", name[i]) != NULL);
	/* Autobinding again is a no-op. */
	cr_assert_eq(s1->ops->bind(s1, NULL, &a, sizeof(sa_family_t)), 0);
	cr_assert_eq(s1->ops->bind(s1, NULL, &a, 1), -EINVAL);

	/* sendto the autobound name from an unnamed socket. */
	struct iovec iov = { "hi", 2 };
	struct net_msg m = { .name = &got, .namelen = glen };
	net_iter_init(&m.iter, NULL, &iov, 1, 2);
	cr_assert_eq(s2->ops->sendmsg(s2, NULL, &m, 0, true), 2);
	char buf[8];
	struct sockaddr_storage from;
	struct iovec riov = { buf, sizeof(buf) };
	struct net_msg r = { .name = &from };
	net_iter_init(&r.iter, NULL, &riov, 1, sizeof(buf));
	cr_assert_eq(s1->ops->recvmsg(s1, NULL, &r, 0, true), 2);
	cr_assert_eq(r.namelen, 0); /* unnamed sender */
	/* A sender with SO_PASSCRED is autobound and named; the receiver with
	 * SO_PASSCRED gets credentials. */
	int one = 1;
	cr_assert_eq(net_setsockopt(s3, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one), false), 0);
	cr_assert_eq(net_setsockopt(s1, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one), false), 0);
	net_iter_init(&m.iter, NULL, &iov, 1, 2);
	cr_assert_eq(s3->ops->sendmsg(s3, NULL, &m, 0, true), 2);
	struct net_scm scm = { 0 };
	r.scm = &scm;
	net_iter_init(&r.iter, NULL, &riov, 1, sizeof(buf));
	cr_assert_eq(s1->ops->recvmsg(s1, NULL, &r, 0, true), 2);
	cr_assert_eq(r.namelen, 8);
	cr_assert(scm.has_creds);
	/* Connected to d1, d2 may not be written by d3 (EPERM), only by d1. */
	cr_assert_eq(s2->ops->connect(s2, NULL, &got, glen, true), 0);
	cr_assert_eq(s1->ops->getname(s1, &a, &glen, false), 0);
	cr_assert_eq(s1->ops->connect(s1, NULL, &a, glen, true), 0); /* self */
	vfs_file_put(d1);
	vfs_file_put(d2);
	vfs_file_put(d3);
}

Test(unix_socket, sockopts)
{
	struct vfs_file *sv[2];
	pair(SOCK_STREAM, sv);
	struct net_socket *s = net_socket_of(sv[0]);
	int v = 0;
	socklen_t l = sizeof(v);
	cr_assert_eq(net_getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &l), 0);
	cr_assert_eq(v, NET_WMEM_DEFAULT);
	v = 1;
	cr_assert_eq(net_setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v), false), 0);
	cr_assert_eq(net_getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &l), 0);
	cr_assert_eq(v, NET_SOCK_MIN_SNDBUF);
	v = 10000;
	cr_assert_eq(net_setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v), false), 0);
	cr_assert_eq(net_getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &l), 0);
	cr_assert_eq(v, 20000);
	cr_assert_eq(net_getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l), 0);
	cr_assert_eq(v, SOCK_STREAM);
	cr_assert_eq(net_getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &l), 0);
	cr_assert_eq(v, AF_UNIX);
	cr_assert_eq(net_getsockopt(s, SOL_SOCKET, 999, &v, &l), -ENOPROTOOPT);
	cr_assert_eq(net_setsockopt(s, SOL_SOCKET, SO_SNDLOWAT, &v, sizeof(v), false),
		     -ENOPROTOOPT);
	cr_assert_eq(net_setsockopt(s, SOL_SOCKET, SO_TYPE, &v, 2, false), -EINVAL);
	cr_assert_eq(net_setsockopt(s, 0 /* SOL_IP */, 1, &v, sizeof(v), false), -EOPNOTSUPP);
	struct ucred uc;
	l = sizeof(uc);
	cr_assert_eq(net_getsockopt(s, SOL_SOCKET, SO_PEERCRED, &uc, &l), 0);
	cr_assert_eq(l, sizeof(uc));
	cr_assert_eq(uc.uid, 0);
	struct {
		int64_t sec, usec;
	} tv = { 1, 2000000 };
	cr_assert_eq(net_setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv), false), -EDOM);
	tv.usec = 500000;
	cr_assert_eq(net_setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv), false), 0);
	memset(&tv, 0, sizeof(tv));
	l = sizeof(tv);
	cr_assert_eq(net_getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, &l), 0);
	cr_assert_eq(tv.sec, 1);
	cr_assert_eq(tv.usec, 500000);
	/* A short buffer gets a truncated value, not an error. */
	unsigned char one_byte = 0xff;
	l = 1;
	cr_assert_eq(net_getsockopt(s, SOL_SOCKET, SO_TYPE, &one_byte, &l), 0);
	cr_assert_eq(l, 1);
	cr_assert_eq(one_byte, SOCK_STREAM);
	/* Unconnected: no peer credentials. */
	struct vfs_file *f;
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_DGRAM, 0, &f), 0);
	l = sizeof(uc);
	cr_assert_eq(net_getsockopt(net_socket_of(f), SOL_SOCKET, SO_PEERCRED, &uc, &l), 0);
	cr_assert_eq(uc.pid, 0);
	cr_assert_eq(uc.uid, (uid_t)-1);
	vfs_file_put(f);
	vfs_file_put(sv[0]);
	vfs_file_put(sv[1]);
}

/* ---- Path names need the VFS. */

static void vfs_setup(void)
{
	struct vfs_config cfg = { .host_root = NULL }; /* a tmpfs root */
	cr_assert_eq(vfs_init(&cfg), 0);
}

Test(unix_socket_path, bind_connect_refuse, .init = vfs_setup)
{
	struct vfs_file *l, *c;
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM, 0, &l), 0);
	struct net_socket *ls = net_socket_of(l);
	struct sockaddr_storage addr, got;
	socklen_t len = path_addr(&addr, "/srv.sock"), glen;
	cr_assert_eq(ls->ops->bind(ls, NULL, &addr, len), 0);
	struct vfs_path p;
	cr_assert_eq(vfs_lookup_from(NULL, NULL, NULL, "/srv.sock", 0, &p), 0);
	cr_assert(S_ISSOCK(p.dentry->inode->mode));
	vfs_path_put(&p);
	cr_assert_eq(ls->ops->getname(ls, &got, &glen, false), 0);
	cr_assert_eq(glen, offsetof(struct sockaddr_un, sun_path) + strlen("/srv.sock") + 1);
	cr_assert_eq(ls->ops->listen(ls, NULL, 5), 0);

	/* The path exists: a second bind is EADDRINUSE. */
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM, 0, &c), 0);
	struct net_socket *cs = net_socket_of(c);
	cr_assert_eq(cs->ops->bind(cs, NULL, &addr, len), -EADDRINUSE);
	/* A datagram socket at a stream path: EPROTOTYPE. */
	struct vfs_file *d;
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_DGRAM, 0, &d), 0);
	cr_assert_eq(net_socket_of(d)->ops->connect(net_socket_of(d), NULL, &addr, len, true),
		     -EPROTOTYPE);
	vfs_file_put(d);
	/* A name that is not there, and a regular file. */
	struct sockaddr_storage none;
	socklen_t nlen = path_addr(&none, "/nope/x");
	cr_assert_eq(cs->ops->connect(cs, NULL, &none, nlen, true), -ENOENT);
	struct vfs_file *rf;
	cr_assert_eq(vfs_openat(NULL, AT_FDCWD, "/plain", O_CREAT | O_WRONLY, 0644, &rf), 0);
	vfs_file_put(rf);
	nlen = path_addr(&none, "/plain");
	cr_assert_eq(cs->ops->connect(cs, NULL, &none, nlen, true), -ECONNREFUSED);

	cr_assert_eq(cs->ops->connect(cs, NULL, &addr, len, true), 0);
	struct vfs_file *a;
	struct sockaddr_storage peer;
	socklen_t plen;
	cr_assert_eq(ls->ops->accept(ls, NULL, 0, true, &a, &peer, &plen), 0);
	cr_assert_eq(sendb(c, "ping", 4), 4);
	char buf[8];
	cr_assert_eq(recvb(a, buf, sizeof(buf), 0, NULL), 4);
	vfs_file_put(a);
	vfs_file_put(c);

	/* The listener closes: the path stays, connecting is refused. */
	vfs_file_put(l);
	cr_assert_eq(vfs_lookup_from(NULL, NULL, NULL, "/srv.sock", 0, &p), 0);
	vfs_path_put(&p);
	cr_assert_eq(net_socket_create(NULL, AF_UNIX, SOCK_STREAM, 0, &c), 0);
	cs = net_socket_of(c);
	cr_assert_eq(cs->ops->connect(cs, NULL, &addr, len, true), -ECONNREFUSED);
	/* Unlinked and bound anew: works again. */
	cr_assert_eq(vfs_unlinkat(NULL, AT_FDCWD, "/srv.sock", 0), 0);
	cr_assert_eq(cs->ops->bind(cs, NULL, &addr, len), 0);
	vfs_file_put(c);
}
