/* Polling and socket structures for --strace: pollfd arrays and poll's
 * revents, select's fd_sets and result, epoll events, socket addresses
 * (x86_64 layouts, printed as strace prints them). */
#include <arpa/inet.h>
#include <string.h>
#include "syscalls/strace_impl.h"

#define F(name, val) { (val), #name }
/* ---- Polling. */
static const struct flag_name poll_events[] = {
	F(POLLIN, 1), F(POLLPRI, 2), F(POLLOUT, 4), F(POLLERR, 8), F(POLLHUP, 0x10),
	F(POLLNVAL, 0x20), F(POLLRDNORM, 0x40), F(POLLRDBAND, 0x80),
	F(POLLWRNORM, 0x100), F(POLLWRBAND, 0x200), F(POLLMSG, 0x400),
	F(POLLREMOVE, 0x1000), F(POLLRDHUP, 0x2000),
};

void print_pollfds(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t n)
{
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	int32_t pfd[2];
	if (n && !mem_read(m, pfd, addr, sizeof(pfd))) {
		print_ptr(b, addr);
		return;
	}
	sb_putc(b, '[');
	for (uint64_t i = 0; i < n; i++) {
		if (i)
			sb_puts(b, ", ");
		if (i >= STRACE_MAX_STRLEN || !mem_read(m, pfd, addr + 8 * i, sizeof(pfd))) {
			sb_puts(b, "...");
			break;
		}
		sb_printf(b, "{fd=%d, events=", pfd[0]);
		print_flags(b, poll_events, N_(poll_events), (uint16_t)pfd[1], NULL);
		sb_putc(b, '}');
	}
	sb_putc(b, ']');
}

void print_poll_result(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t n,
		       long ret, uint64_t left_ts)
{
	if (ret == 0) {
		sb_puts(b, " (Timeout)");
		return;
	}
	sb_puts(b, " ([");
	unsigned shown = 0;
	for (uint64_t i = 0; i < n && i < 4096; i++) {
		int32_t pfd[2];
		if (!mem_read(m, pfd, addr + 8 * i, sizeof(pfd)))
			break;
		uint16_t revents = (uint16_t)((uint32_t)pfd[1] >> 16);
		if (!revents)
			continue;
		if (shown++)
			sb_puts(b, ", ");
		sb_printf(b, "{fd=%d, revents=", pfd[0]);
		print_flags(b, poll_events, N_(poll_events), revents, NULL);
		sb_putc(b, '}');
	}
	sb_putc(b, ']');
	if (left_ts) {
		sb_puts(b, ", left ");
		print_timespec(b, m, left_ts);
	}
	sb_putc(b, ')');
}

void print_fdset(struct sbuf *b, const struct strace_mem *m, uint64_t addr, int nfds)
{
	uint64_t set[16];
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	if (nfds < 0 || nfds > 1024) {
		print_ptr(b, addr);
		return;
	}
	size_t words = ((size_t)nfds + 63) / 64;
	if (!mem_read(m, set, addr, words * 8)) {
		print_ptr(b, addr);
		return;
	}
	print_bitset(b, set, (size_t)nfds);
}

static const struct flag_name epoll_events[] = {
	F(EPOLLIN, 1), F(EPOLLPRI, 2), F(EPOLLOUT, 4), F(EPOLLERR, 8), F(EPOLLHUP, 0x10),
	F(EPOLLNVAL, 0x20), F(EPOLLRDNORM, 0x40), F(EPOLLRDBAND, 0x80),
	F(EPOLLWRNORM, 0x100), F(EPOLLWRBAND, 0x200), F(EPOLLMSG, 0x400),
	F(EPOLLRDHUP, 0x2000), F(EPOLLEXCLUSIVE, 0x10000000), F(EPOLLWAKEUP, 0x20000000),
	F(EPOLLONESHOT, 0x40000000), F(EPOLLET, 0x80000000),
};

/* x86_64's struct epoll_event is packed: 4 bytes of events, 8 of data. */
static void print_one_epoll_event(struct sbuf *b, const unsigned char *ev)
{
	uint32_t events;
	uint64_t data;
	memcpy(&events, ev, 4);
	memcpy(&data, ev + 4, 8);
	sb_puts(b, "{events=");
	print_flags(b, epoll_events, N_(epoll_events), events, NULL);
	sb_printf(b, ", data={u32=%u, u64=%llu}}", (uint32_t)data, (unsigned long long)data);
}

void print_epoll_event(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	unsigned char ev[12];
	if (addr == 0)
		sb_puts(b, "NULL");
	else if (!mem_read(m, ev, addr, sizeof(ev)))
		print_ptr(b, addr);
	else
		print_one_epoll_event(b, ev);
}

void print_epoll_events(struct sbuf *b, const struct strace_mem *m, uint64_t addr, long n)
{
	unsigned char ev[12];
	if (n > 0 && !mem_read(m, ev, addr, sizeof(ev))) {
		print_ptr(b, addr);
		return;
	}
	sb_putc(b, '[');
	for (long i = 0; i < n; i++) {
		if (i)
			sb_puts(b, ", ");
		if (i >= STRACE_MAX_STRLEN || !mem_read(m, ev, addr + 12 * (uint64_t)i, sizeof(ev))) {
			sb_puts(b, "...");
			break;
		}
		print_one_epoll_event(b, ev);
	}
	sb_putc(b, ']');
}

/* ---- Sockets and system. */
static unsigned port_of(const unsigned char *sa)
{
	uint16_t port;
	memcpy(&port, sa + 2, 2);
	return ntohs(port);
}

void print_sockaddr(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t len)
{
	unsigned char sa[128] = { 0 };
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	if (len < 2 || len > sizeof(sa) || !mem_read(m, sa, addr, (size_t)len)) {
		print_ptr(b, addr);
		return;
	}
	uint16_t family;
	memcpy(&family, sa, 2);
	char text[INET6_ADDRSTRLEN];
	switch (family) {
	case AF_UNIX: {
		sb_puts(b, "{sa_family=AF_UNIX");
		size_t n = (size_t)len - 2;
		if (n == 0) {
			sb_putc(b, '}');
			break;
		}
		sb_puts(b, ", sun_path=");
		if (sa[2] == '\0') {
			sb_putc(b, '@');
			sb_quote(b, sa + 3, n - 1, false);
		} else {
			sb_quote(b, sa + 2, strnlen((const char *)sa + 2, n), false);
		}
		sb_putc(b, '}');
		break;
	}
	case AF_INET:
		inet_ntop(AF_INET, sa + 4, text, sizeof(text));
		sb_printf(b, "{sa_family=AF_INET, sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}",
			  port_of(sa), text);
		break;
	case AF_INET6: {
		uint32_t flow, scope;
		memcpy(&flow, sa + 4, 4);
		memcpy(&scope, sa + 24, 4);
		inet_ntop(AF_INET6, sa + 8, text, sizeof(text));
		sb_printf(b, "{sa_family=AF_INET6, sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
			  "inet_pton(AF_INET6, \"%s\", &sin6_addr), sin6_scope_id=%u}",
			  port_of(sa), ntohl(flow), text, scope);
		break;
	}
	case AF_NETLINK: {
		uint32_t pid, groups;
		memcpy(&pid, sa + 4, 4);
		memcpy(&groups, sa + 8, 4);
		sb_printf(b, "{sa_family=AF_NETLINK, nl_pid=%u, nl_groups=%08x}", pid, groups);
		break;
	}
	default:
		sb_printf(b, "{sa_family=%u, sa_data=", family);
		sb_quote(b, sa + 2, (size_t)len - 2 > 14 ? 14 : (size_t)len - 2, false);
		sb_putc(b, '}');
	}
}

static bool print_fdset_if_any(struct sbuf *b, const struct strace_mem *m, uint64_t addr,
			       int nfds, const char *label, bool first)
{
	uint64_t set[16];
	size_t words = ((size_t)nfds + 63) / 64;
	if (addr == 0 || !mem_read(m, set, addr, words * 8))
		return false;
	bool any = false;
	for (size_t w = 0; w < words; w++)
		any |= set[w] != 0;
	if (!any)
		return false;
	sb_printf(b, "%s%s ", first ? "" : ", ", label);
	print_fdset(b, m, addr, nfds);
	return true;
}

void print_select_result(struct sbuf *b, const struct strace_mem *m, const uint64_t args[6],
			 long ret, bool pselect)
{
	int nfds = (int)args[0];
	if (ret == 0) {
		sb_puts(b, " (Timeout)");
		return;
	}
	if (nfds < 0 || nfds > 1024)
		return;
	static const char *const labels[] = { "in", "out", "except" };
	bool first = true;
	sb_puts(b, " (");
	for (int k = 0; k < 3; k++)
		if (print_fdset_if_any(b, m, args[1 + k], nfds, labels[k], first))
			first = false;
	if (args[4]) {
		sb_puts(b, first ? "left " : ", left ");
		if (pselect)
			print_timespec(b, m, args[4]);
		else
			print_timeval(b, m, args[4]);
	}
	sb_putc(b, ')');
}
