/* Conformance: SO_PEERCRED and SCM_CREDENTIALS. */
#include "conf.h"
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
	conf_init();
	int s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	struct ucred cr;
	socklen_t len = sizeof cr;
	EXPECT_OK("SO_PEERCRED socketpair", getsockopt(s[0], SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("pid is self: %s uid=%u gid=%u len=%u\n", yesno(cr.pid == getpid()), cr.uid, cr.gid, len);
	/* Listener/connector credentials are those at connect/listen time. */
	struct sockaddr_un a;
	socklen_t alen = unix_abstract_addr(&a, "conf-peercred");
	int srv = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(srv, (struct sockaddr *)&a, alen);
	listen(srv, 1);
	pid_t pid = fork();
	if (pid == 0) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		connect(c, (struct sockaddr *)&a, alen);
		struct ucred pc;
		socklen_t pl = sizeof pc;
		getsockopt(c, SOL_SOCKET, SO_PEERCRED, &pc, &pl);
		printf("child sees listener pid is parent: %s\n", yesno(pc.pid == getppid()));
		char b;
		read(c, &b, 1);
		_exit(0);
	}
	int acc = accept(srv, NULL, NULL);
	len = sizeof cr;
	getsockopt(acc, SOL_SOCKET, SO_PEERCRED, &cr, &len);
	write(acc, "x", 1);
	wait_child(pid); /* the child prints: ours comes after */
	printf("accepted peer pid is child: %s uid=%u\n", yesno(cr.pid == pid), cr.uid);
	/* SO_PEERCRED on an unconnected socket: pid 0, ids -1 (overflow ids). */
	int lone = socket(AF_UNIX, SOCK_STREAM, 0);
	len = sizeof cr;
	EXPECT_OK("SO_PEERCRED unconnected", getsockopt(lone, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("unconnected: pid=%d\n", cr.pid);
	/* SCM_CREDENTIALS with SO_PASSCRED. */
	int one = 1;
	EXPECT_OK("SO_PASSCRED", setsockopt(s[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one));
	send(s[0], "c", 1, 0);
	char cbuf[CMSG_SPACE(sizeof(struct ucred))], d;
	struct iovec iov = { &d, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	EXPECT_EQ("recvmsg", recvmsg(s[1], &mh, 0), 1);
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	if (c && c->cmsg_type == SCM_CREDENTIALS) {
		struct ucred u;
		memcpy(&u, CMSG_DATA(c), sizeof u);
		printf("SCM_CREDENTIALS pid is self: %s uid=%u gid=%u\n", yesno(u.pid == getpid()), u.uid, u.gid);
	} else {
		printf("SCM_CREDENTIALS: missing\n");
	}
	int v = 0;
	len = sizeof v;
	getsockopt(s[1], SOL_SOCKET, SO_PASSCRED, &v, &len);
	EXPECT_EQ("SO_PASSCRED reads back", v, 1);
	len = 2;
	EXPECT_ERR("SO_PEERCRED EFAULT", syscall(SYS_getsockopt, s[0], SOL_SOCKET, SO_PEERCRED, (void *)1, &len), EFAULT);
	return conf_end();
}
