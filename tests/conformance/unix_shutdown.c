/* Conformance: shutdown semantics, EPIPE, MSG_NOSIGNAL, MSG_PEEK. */
#include "conf.h"
#include <sys/socket.h>
#include <poll.h>

int main(void)
{
	conf_init();
	int s[2];
	char buf[16];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	send(s[0], "peek", 4, 0);
	EXPECT_EQ("MSG_PEEK", recv(s[1], buf, sizeof buf, MSG_PEEK), 4);
	EXPECT_EQ("data still there", recv(s[1], buf, sizeof buf, 0), 4);
	EXPECT_ERR("MSG_DONTWAIT empty", recv(s[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	send(s[0], "last", 4, 0);
	EXPECT_OK("shutdown SHUT_WR", shutdown(s[0], SHUT_WR));
	EXPECT_EQ("peer reads pending data", recv(s[1], buf, sizeof buf, 0), 4);
	EXPECT_EQ("then EOF", recv(s[1], buf, sizeof buf, 0), 0);
	signal(SIGPIPE, SIG_IGN);
	EXPECT_ERR("send after SHUT_WR", send(s[0], "x", 1, 0), EPIPE);
	EXPECT_EQ("other direction still works", send(s[1], "back", 4, 0), 4);
	EXPECT_EQ("recv on half-closed", recv(s[0], buf, sizeof buf, 0), 4);
	struct pollfd p = { s[1], POLLIN | POLLRDHUP, 0 };
	poll(&p, 1, 0);
	printf("peer sees POLLRDHUP: %s POLLIN: %s\n", yesno(p.revents & POLLRDHUP), yesno(p.revents & POLLIN));
	EXPECT_OK("SHUT_RD", shutdown(s[0], SHUT_RD));
	EXPECT_EQ("recv after SHUT_RD", recv(s[0], buf, sizeof buf, MSG_DONTWAIT), 0);
	EXPECT_ERR("bad how", shutdown(s[0], 7), EINVAL);
	EXPECT_ERR("shutdown non-socket", shutdown(0, SHUT_RD), ENOTSOCK);
	close(s[0]);
	close(s[1]);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	close(s[1]);
	EXPECT_ERR("send to closed peer", send(s[0], "x", 1, 0), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	EXPECT_ERR("MSG_NOSIGNAL", send(s[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	pid_t pid = fork();
	if (pid == 0) {
		send(s[0], "x", 1, 0);
		_exit(0);
	}
	printf("send without MSG_NOSIGNAL: %s\n", wait_child(pid));
	pid = fork();
	if (pid == 0) {
		write(s[0], "x", 1);
		_exit(0);
	}
	printf("write to closed peer: %s\n", wait_child(pid));
	/* Closing with unread data: peer gets ECONNRESET? (Linux AF_UNIX: EOF / EPIPE). */
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	send(s[0], "unread", 6, 0);
	close(s[1]);
	errno = 0;
	ssize_t r = recv(s[0], buf, sizeof buf, 0);
	printf("recv after peer closed with unread data: %zd %s\n", r, ename(r < 0 ? errno : 0));
	/* SHUT_RDWR on a SEQPACKET pair. */
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, s);
	shutdown(s[0], SHUT_RDWR);
	EXPECT_EQ("seqpacket peer EOF", recv(s[1], buf, sizeof buf, 0), 0);
	EXPECT_ERR("seqpacket send after SHUT_RDWR", send(s[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	/* Unconnected SOCK_STREAM shutdown. */
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	/* AF_UNIX (unlike TCP) accepts shutdown on an unconnected socket. */
	EXPECT_OK("shutdown unconnected", shutdown(u, SHUT_RDWR));
	return conf_end();
}
