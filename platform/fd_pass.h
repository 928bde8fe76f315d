/* Passing a sentry host fd into an app process's host fd table: the sentry
 * sends it over the control socket with SCM_RIGHTS, and the app process's
 * stub receives it with a recvmsg the platform makes it run (fd_pass.c).
 * The platforms differ only in how that recvmsg is run. */
#pragma once
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* The recvmsg arguments as they lie in app memory at some address. */
struct fd_pass_msg {
	struct msghdr msg;
	struct iovec iov;
	char byte;
	char pad[7];
	char control[CMSG_SPACE(sizeof(int))];
};

/* Sends hostfd (one byte with SCM_RIGHTS) on sock; 0 or -errno. */
int fd_pass_send(int sock, int hostfd);

/* Fills m for the app address base it will be copied to. */
void fd_pass_prepare(struct fd_pass_msg *m, uint64_t base);

/* The fd number the app received, from m as recvmsg left it; -EIO if the
 * message carried none. */
int fd_pass_received(const struct fd_pass_msg *m);

/* After a failed receive: drops the unreceived message from the socket
 * (its other end peer_sock) so that the next pass stays in step. */
void fd_pass_discard(int peer_sock);
