/* Conformance: socketpair STREAM/SEQPACKET/DGRAM message boundaries. */
#include "conf.h"
#include <sys/socket.h>

int main(void)
{
	conf_init();
	int s[2];
	char buf[64];
	EXPECT_OK("socketpair STREAM", socketpair(AF_UNIX, SOCK_STREAM, 0, s));
	send(s[0], "abc", 3, 0);
	send(s[0], "def", 3, 0);
	sleep_ms(10);
	EXPECT_EQ("stream merges", recv(s[1], buf, sizeof buf, 0), 6);
	send(s[1], "echo", 4, 0);
	EXPECT_EQ("bidirectional", recv(s[0], buf, sizeof buf, 0), 4);
	EXPECT_EQ("partial recv", (send(s[0], "12345", 5, 0), recv(s[1], buf, 2, 0)), 2);
	EXPECT_EQ("rest", recv(s[1], buf, sizeof buf, 0), 3);
	close(s[0]);
	EXPECT_EQ("EOF after peer close", recv(s[1], buf, sizeof buf, 0), 0);
	close(s[1]);
	EXPECT_OK("socketpair SEQPACKET", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, s));
	send(s[0], "first", 5, 0);
	send(s[0], "second!", 7, 0);
	EXPECT_EQ("record 1", recv(s[1], buf, sizeof buf, 0), 5);
	EXPECT_EQ("record 2", recv(s[1], buf, sizeof buf, 0), 7);
	send(s[0], "truncated-record", 16, 0);
	struct iovec iov = { buf, 4 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	EXPECT_EQ("short read of record", recvmsg(s[1], &mh, 0), 4);
	printf("MSG_TRUNC flag: %s\n", yesno(mh.msg_flags & MSG_TRUNC));
	send(s[0], "next", 4, 0);
	EXPECT_EQ("rest of record discarded", recv(s[1], buf, sizeof buf, 0), 4);
	send(s[0], "", 0, 0);
	EXPECT_EQ("empty record", recv(s[1], buf, sizeof buf, MSG_DONTWAIT), 0);
	close(s[0]);
	EXPECT_EQ("EOF", recv(s[1], buf, sizeof buf, 0), 0);
	close(s[1]);
	EXPECT_OK("socketpair DGRAM", socketpair(AF_UNIX, SOCK_DGRAM, 0, s));
	send(s[0], "d1", 2, 0);
	send(s[0], "dgram2", 6, 0);
	EXPECT_EQ("dgram 1", recv(s[1], buf, sizeof buf, 0), 2);
	send(s[0], "long-datagram", 13, 0);
	EXPECT_EQ("dgram 2", recv(s[1], buf, sizeof buf, 0), 6);
	EXPECT_EQ("MSG_TRUNC returns real length", recv(s[1], buf, 4, MSG_TRUNC), 13);
	EXPECT_ERR("nothing queued", recv(s[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	close(s[0]);
	close(s[1]);
	EXPECT_ERR("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, s), EOPNOTSUPP);
	EXPECT_ERR("bad type", socketpair(AF_UNIX, 42, 0, s), EINVAL);
	EXPECT_ERR("bad protocol", socketpair(AF_UNIX, SOCK_STREAM, 7, s), EPROTONOSUPPORT);
	EXPECT_OK("SOCK_NONBLOCK|SOCK_CLOEXEC", socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, s));
	printf("nonblock: %s cloexec: %s\n", yesno(fcntl(s[0], F_GETFL) & O_NONBLOCK), yesno(fcntl(s[1], F_GETFD) & FD_CLOEXEC));
	EXPECT_ERR("nonblocking empty recv", recv(s[0], buf, 1, 0), EAGAIN);
	int type = 0;
	socklen_t len = sizeof type;
	getsockopt(s[0], SOL_SOCKET, SO_TYPE, &type, &len);
	EXPECT_EQ("SO_TYPE", type, SOCK_STREAM);
	int dom = 0;
	len = sizeof dom;
	getsockopt(s[0], SOL_SOCKET, SO_DOMAIN, &dom, &len);
	EXPECT_EQ("SO_DOMAIN", dom, AF_UNIX);
	/* Stream: fill the buffer nonblockingly. */
	static char big[1 << 20];
	long total = 0;
	ssize_t r;
	while ((r = send(s[0], big, sizeof big, 0)) > 0)
		total += r;
	printf("buffer fills then EAGAIN: %s\n", yesno(total > 0 && errno == EAGAIN));
	/* Large transfer through a child. */
	int t[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, t);
	pid_t pid = fork();
	if (pid == 0) {
		close(t[0]);
		long got = 0;
		while ((r = read(t[1], big, sizeof big)) > 0)
			got += r;
		_exit(got == 4 << 20 ? 0 : 1);
	}
	close(t[1]);
	for (int i = 0; i < 4; i++)
		write(t[0], big, sizeof big);
	close(t[0]);
	printf("4 MiB through socketpair: %s\n", wait_child(pid));
	return conf_end();
}
