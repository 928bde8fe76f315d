/* Passing sentry host fds into app processes over the control socket (see
 * fd_pass.h): the sentry's sendmsg and the layout of the app's recvmsg. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "platform/fd_pass.h"

int fd_pass_send(int sock, int hostfd)
{
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cm;
	memset(&cm, 0, sizeof(cm));
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cm.buf, .msg_controllen = sizeof(cm.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &hostfd, sizeof(int));
	return sendmsg(sock, &msg, 0) < 0 ? -errno : 0;
}

void fd_pass_prepare(struct fd_pass_msg *m, uint64_t base)
{
	memset(m, 0, sizeof(*m));
	m->msg.msg_iov = (struct iovec *)(uintptr_t)(base + offsetof(struct fd_pass_msg, iov));
	m->msg.msg_iovlen = 1;
	m->msg.msg_control = (void *)(uintptr_t)(base + offsetof(struct fd_pass_msg, control));
	m->msg.msg_controllen = sizeof(m->control);
	m->iov.iov_base = (void *)(uintptr_t)(base + offsetof(struct fd_pass_msg, byte));
	m->iov.iov_len = 1;
}

int fd_pass_received(const struct fd_pass_msg *m)
{
	/* The app wrote this memory: read the header by copy, check it. */
	struct cmsghdr c;
	memcpy(&c, m->control, sizeof(c));
	if (c.cmsg_level != SOL_SOCKET || c.cmsg_type != SCM_RIGHTS ||
	    c.cmsg_len < CMSG_LEN(sizeof(int)))
		return -EIO;
	int fd;
	memcpy(&fd, m->control + CMSG_LEN(0), sizeof(fd));
	return fd;
}

void fd_pass_discard(int peer_sock)
{
	char byte;
	recv(peer_sock, &byte, 1, MSG_DONTWAIT);
}
