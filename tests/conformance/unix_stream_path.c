/* Conformance: AF_UNIX bind/listen/connect/accept4 on a filesystem path. */
#include "conf.h"
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
	conf_init();
	conf_tmpdir();
	struct sockaddr_un a;
	socklen_t alen = unix_path_addr(&a, "sock");
	int srv = socket(AF_UNIX, SOCK_STREAM, 0);
	int cli = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_ERR("connect to missing path", connect(cli, (struct sockaddr *)&a, alen), ENOENT);
	EXPECT_OK("bind", bind(srv, (struct sockaddr *)&a, alen));
	struct stat st;
	stat("sock", &st);
	printf("socket file: %s\n", yesno(S_ISSOCK(st.st_mode)));
	int other = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_ERR("bind same path", bind(other, (struct sockaddr *)&a, alen), EADDRINUSE);
	EXPECT_ERR("bind bound socket to same path", bind(srv, (struct sockaddr *)&a, alen), EADDRINUSE);
	struct sockaddr_un fresh;
	socklen_t flen = unix_path_addr(&fresh, "fresh");
	EXPECT_ERR("bind bound socket to new path", bind(srv, (struct sockaddr *)&fresh, flen), EINVAL);
	EXPECT_ERR("connect before listen", connect(cli, (struct sockaddr *)&a, alen), ECONNREFUSED);
	EXPECT_OK("listen", listen(srv, 4));
	close(cli);
	cli = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_OK("connect", connect(cli, (struct sockaddr *)&a, alen));
	EXPECT_ERR("connect again", connect(cli, (struct sockaddr *)&a, alen), EISCONN);
	struct sockaddr_un peer;
	socklen_t plen = sizeof peer;
	int acc = accept4(srv, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
	EXPECT_OK("accept4", acc);
	printf("accepted cloexec: %s\n", yesno(fcntl(acc, F_GETFD) & FD_CLOEXEC));
	printf("unbound peer address length: %u\n", plen);
	char buf[64];
	send(cli, "ping", 4, 0);
	EXPECT_EQ("server recv", recv(acc, buf, sizeof buf, 0), 4);
	send(acc, "pong", 4, 0);
	EXPECT_EQ("client recv", recv(cli, buf, sizeof buf, 0), 4);
	struct sockaddr_un name;
	socklen_t nlen = sizeof name;
	getsockname(srv, (struct sockaddr *)&name, &nlen);
	printf("getsockname: %s len=%u\n", name.sun_path, nlen);
	nlen = sizeof name;
	getpeername(cli, (struct sockaddr *)&name, &nlen);
	printf("getpeername: %s\n", name.sun_path);
	nlen = sizeof name;
	EXPECT_ERR("getpeername on listener", getpeername(srv, (struct sockaddr *)&name, &nlen), ENOTCONN);
	int lonely = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_ERR("send unconnected", send(lonely, "x", 1, 0), ENOTCONN);
	EXPECT_ERR("accept on non-listening", accept(lonely, NULL, NULL), EINVAL);
	EXPECT_ERR("accept4 bad flags", accept4(srv, NULL, NULL, 0x1), EINVAL);
	int nb = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_un a2;
	socklen_t a2len = unix_path_addr(&a2, "sock2");
	bind(nb, (struct sockaddr *)&a2, a2len);
	listen(nb, 1);
	EXPECT_ERR("nonblocking accept", accept(nb, NULL, NULL), EAGAIN);
	/* Server in a child. */
	pid_t pid = fork();
	if (pid == 0) {
		int c = accept(srv, NULL, NULL);
		char b[16];
		ssize_t n = recv(c, b, sizeof b, 0);
		for (ssize_t i = 0; i < n; i++)
			b[i] = b[i] - 'a' + 'A';
		send(c, b, n, 0);
		_exit(0);
	}
	int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c2, (struct sockaddr *)&a, alen);
	send(c2, "hello", 5, 0);
	ssize_t n = recv(c2, buf, sizeof buf, 0);
	printf("child server replied: %.*s\n", (int)n, buf);
	printf("child: %s\n", wait_child(pid));
	/* Removing the path does not affect the listener, but new connects fail. */
	unlink("sock");
	int c3 = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_ERR("connect after unlink", connect(c3, (struct sockaddr *)&a, alen), ENOENT);
	/* Connecting to a regular file. */
	write_file("plain", "x");
	struct sockaddr_un pf;
	socklen_t pflen = unix_path_addr(&pf, "plain");
	EXPECT_ERR("connect to regular file", connect(c3, (struct sockaddr *)&pf, pflen), ECONNREFUSED);
	EXPECT_ERR("bad family", connect(c3, (struct sockaddr *)&(struct sockaddr){ .sa_family = AF_INET }, sizeof(struct sockaddr)), EINVAL);
	/* Backlog full: nonblocking connect gets EAGAIN. */
	int tiny = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un ta;
	socklen_t talen = unix_path_addr(&ta, "tiny");
	bind(tiny, (struct sockaddr *)&ta, talen);
	listen(tiny, 0);
	int ok = 0, last_errno = 0;
	for (int i = 0; i < 10; i++) {
		int c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (connect(c, (struct sockaddr *)&ta, talen) == 0)
			ok++;
		else {
			last_errno = errno;
			break;
		}
	}
	printf("backlog 0: some connects succeed: %s, then %s\n", yesno(ok >= 1), ename(last_errno));
	return conf_end();
}
