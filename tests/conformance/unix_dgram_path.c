/* Conformance: AF_UNIX datagrams between path-bound sockets. */
#include "conf.h"
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
	conf_init();
	conf_tmpdir();
	struct sockaddr_un sa, ca, from;
	socklen_t salen = unix_path_addr(&sa, "server"), calen = unix_path_addr(&ca, "client"), flen;
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0), cli = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(srv, (struct sockaddr *)&sa, salen);
	bind(cli, (struct sockaddr *)&ca, calen);
	char buf[64];
	EXPECT_EQ("sendto server", sendto(cli, "hello", 5, 0, (struct sockaddr *)&sa, salen), 5);
	flen = sizeof from;
	EXPECT_EQ("recvfrom", recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen), 5);
	printf("sender path: %s\n", from.sun_path);
	EXPECT_EQ("reply", sendto(srv, "world", 5, 0, (struct sockaddr *)&from, flen), 5);
	EXPECT_EQ("client recv", recv(cli, buf, sizeof buf, 0), 5);
	EXPECT_ERR("send without address", send(cli, "x", 1, 0), ENOTCONN);
	EXPECT_OK("connect", connect(cli, (struct sockaddr *)&sa, salen));
	EXPECT_EQ("send after connect", send(cli, "conn", 4, 0), 4);
	EXPECT_EQ("recv", recv(srv, buf, sizeof buf, 0), 4);
	struct sockaddr_un missing;
	socklen_t mlen = unix_path_addr(&missing, "missing");
	EXPECT_ERR("sendto missing path", sendto(srv, "x", 1, 0, (struct sockaddr *)&missing, mlen), ENOENT);
	/* A third socket can't send to the client, which is connected to the server. */
	int third = socket(AF_UNIX, SOCK_DGRAM, 0);
	EXPECT_ERR("send to socket connected elsewhere", sendto(third, "x", 1, 0, (struct sockaddr *)&ca, calen), EPERM);
	/* Message boundaries and ordering. */
	for (int i = 0; i < 5; i++) {
		char m[8];
		int n = snprintf(m, sizeof m, "m%d", i);
		send(cli, m, n, 0);
	}
	printf("order:");
	for (int i = 0; i < 5; i++) {
		ssize_t n = recv(srv, buf, sizeof buf, 0);
		printf(" %.*s", (int)n, buf);
	}
	printf("\n");
	/* The receive queue is bounded: nonblocking sends eventually fail. */
	int sent = 0;
	static char big[4096];
	while (send(cli, big, sizeof big, MSG_DONTWAIT) > 0 && sent < 100000)
		sent++;
	printf("queue full: %s after some sends: %s\n", ename(errno), yesno(sent > 0));
	/* Oversized datagram. */
	static char huge[1 << 20];
	int s2[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, s2);
	EXPECT_ERR("datagram larger than sndbuf", send(s2[0], huge, sizeof huge, 0), EMSGSIZE);
	return conf_end();
}
