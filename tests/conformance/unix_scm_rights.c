/* Conformance: SCM_RIGHTS fd passing and MSG_CTRUNC. */
#include "conf.h"
#include <sys/socket.h>

static int send_fds(int sock, int *fds, int n)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)];
	memset(cbuf, 0, sizeof cbuf);
	struct iovec iov = { "F", 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return sendmsg(sock, &mh, 0);
}

static int recv_fds(int sock, int *fds, int max, int flags, int *msg_flags)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)];
	char d;
	struct iovec iov = { &d, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = CMSG_SPACE(sizeof(int) * max) };
	if (recvmsg(sock, &mh, flags) < 0)
		return -1;
	*msg_flags = mh.msg_flags;
	int n = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds, CMSG_DATA(c), sizeof(int) * n);
		}
	return n;
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	write_file("secret", "passed-through-socket");
	int s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	pid_t pid = fork();
	if (pid == 0) {
		close(s[0]);
		int fds[2], fl;
		int n = recv_fds(s[1], fds, 2, 0, &fl);
		printf("child received %d fds\n", n);
		char buf[64] = { 0 };
		read(fds[0], buf, sizeof buf - 1);
		printf("child read via passed fd: %s\n", buf);
		write(fds[1], "via-pipe", 8);
		_exit(0);
	}
	close(s[1]);
	int f = open("secret", O_RDONLY);
	int p[2];
	pipe(p);
	int fds[2] = { f, p[1] };
	int sent = send_fds(s[0], fds, 2);
	close(p[1]);
	char buf[32] = { 0 };
	read(p[0], buf, sizeof buf - 1);
	/* Print only after the child (which prints too) is gone. */
	printf("child: %s\n", wait_child(pid));
	EXPECT_EQ("sendmsg with 2 fds", sent, 1);
	printf("parent got from child's passed pipe: %s\n", buf);
	/* Passed descriptions share the offset. */
	lseek(f, 0, SEEK_SET);
	int t[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, t);
	send_fds(t[0], &f, 1);
	int got[8], fl = 0;
	int n = recv_fds(t[1], got, 8, MSG_CMSG_CLOEXEC, &fl);
	EXPECT_EQ("received", n, 1);
	printf("MSG_CMSG_CLOEXEC sets cloexec: %s\n", yesno(fcntl(got[0], F_GETFD) & FD_CLOEXEC));
	printf("received fd is lowest free: %s\n", yesno(got[0] == 4 || got[0] > 2));
	char c;
	read(got[0], &c, 1);
	printf("shared offset: %ld\n", (long)lseek(f, 0, SEEK_CUR));
	/* Control buffer too small: MSG_CTRUNC, extra fds discarded. */
	int many[3] = { f, f, f };
	send_fds(t[0], many, 3);
	n = recv_fds(t[1], got, 1, 0, &fl);
	printf("truncated: got %d fds, MSG_CTRUNC: %s\n", n, yesno(fl & MSG_CTRUNC));
	/* Passing an invalid fd fails. */
	int bad = 999;
	EXPECT_ERR("send bad fd", send_fds(t[0], &bad, 1), EBADF);
	/* fd count in the new process's table matches. */
	return conf_end();
}
