/* Structures for --strace, read from app memory and printed the way strace
 * abbreviates them (x86_64 layouts): signals, files, time, limits, clone3,
 * uname, sysinfo. Polling and sockets are in strace_io.c. */
#include <string.h>
#include "syscalls/strace_impl.h"

#define F(name, val) { (val), #name }

/* ---- Signals. */
void print_sigset_value(struct sbuf *b, uint64_t set)
{
	/* strace shows the complement once 2/3 of the bits are set. */
	if (__builtin_popcountll(set) >= 64 * 2 / 3) {
		sb_putc(b, '~');
		set = ~set;
	}
	char sep = '[';
	for (int sig = 1; sig <= 64; sig++) {
		if (!(set & (1ull << (sig - 1))))
			continue;
		sb_putc(b, sep);
		const char *name = signal_name(sig);
		if (name)
			sb_puts(b, name + 3);
		else
			sb_printf(b, "RT_%d", sig - 32);
		sep = ' ';
	}
	if (sep == '[')
		sb_putc(b, '[');
	sb_putc(b, ']');
}

void print_sigset(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t size)
{
	uint64_t set = 0;
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	if (size == 0 || size > 8 || !mem_read(m, &set, addr, (size_t)size)) {
		print_ptr(b, addr);
		return;
	}
	print_sigset_value(b, set);
}

static const struct flag_name sa_flags[] = {
	F(SA_RESTORER, 0x04000000), F(SA_ONSTACK, 0x08000000), F(SA_RESTART, 0x10000000),
	F(SA_INTERRUPT, 0x20000000), F(SA_NODEFER, 0x40000000),
	F(SA_RESETHAND, 0x80000000), F(SA_SIGINFO, 4), F(SA_NOCLDSTOP, 1),
	F(SA_NOCLDWAIT, 2), F(SA_UNSUPPORTED, 0x400), F(SA_EXPOSE_TAGBITS, 0x800),
};

void print_sigaction(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	uint64_t sa[4]; /* handler, flags, restorer, mask */
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	if (!mem_read(m, sa, addr, sizeof(sa))) {
		print_ptr(b, addr);
		return;
	}
	sb_puts(b, "{sa_handler=");
	if (sa[0] == 0)
		sb_puts(b, "SIG_DFL");
	else if (sa[0] == 1)
		sb_puts(b, "SIG_IGN");
	else
		print_hex(b, sa[0]);
	sb_puts(b, ", sa_mask=");
	print_sigset_value(b, sa[3]);
	sb_puts(b, ", sa_flags=");
	print_flags(b, sa_flags, N_(sa_flags), sa[1], NULL);
	if (sa[1] & 0x04000000) {
		sb_puts(b, ", sa_restorer=");
		print_ptr(b, sa[2]);
	}
	sb_putc(b, '}');
}

void print_wstatus(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	int s;
	if (!mem_read(m, &s, addr, sizeof(s))) {
		print_ptr(b, addr);
		return;
	}
	sb_puts(b, "[{");
	if ((s & 0x7f) == 0) {
		sb_printf(b, "WIFEXITED(s) && WEXITSTATUS(s) == %d", (s >> 8) & 0xff);
	} else if ((s & 0xff) == 0x7f) {
		sb_puts(b, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		print_signum(b, (s >> 8) & 0xff);
	} else if (s == 0xffff) {
		sb_puts(b, "WIFCONTINUED(s)");
	} else {
		sb_puts(b, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		print_signum(b, s & 0x7f);
		if (s & 0x80)
			sb_puts(b, " && WCOREDUMP(s)");
	}
	sb_puts(b, "}]");
}

/* ---- Files. */
static void print_dev(struct sbuf *b, uint64_t dev)
{
	unsigned major = (unsigned)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull));
	unsigned minor = (unsigned)((dev & 0xff) | ((dev >> 12) & ~0xffull));
	sb_printf(b, "makedev(%#x, %#x)", major, minor);
}

void print_stat(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	unsigned char st[144];
	if (!mem_read(m, st, addr, sizeof(st))) {
		print_ptr(b, addr);
		return;
	}
	uint32_t mode;
	uint64_t rdev;
	int64_t size;
	memcpy(&mode, st + 24, 4);
	memcpy(&rdev, st + 40, 8);
	memcpy(&size, st + 48, 8);
	sb_puts(b, "{st_mode=");
	print_mode(b, mode, true);
	if ((mode & 0170000) == 020000 || (mode & 0170000) == 060000) {
		sb_puts(b, ", st_rdev=");
		print_dev(b, rdev);
	} else {
		sb_printf(b, ", st_size=%lld", (long long)size);
	}
	sb_puts(b, ", ...}");
}


void print_statx(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	unsigned char st[256];
	if (!mem_read(m, st, addr, sizeof(st))) {
		print_ptr(b, addr);
		return;
	}
	uint32_t mask;
	uint16_t mode;
	uint64_t attrs, size;
	memcpy(&mask, st, 4);
	memcpy(&attrs, st + 8, 8);
	memcpy(&mode, st + 28, 2);
	memcpy(&size, st + 40, 8);
	sb_puts(b, "{stx_mask=");
	print_flags(b, statx_mask, statx_mask_count, mask, NULL);
	sb_puts(b, ", stx_attributes=");
	print_hex(b, attrs);
	sb_puts(b, ", stx_mode=");
	print_mode(b, mode, true);
	sb_printf(b, ", stx_size=%llu, ...}", (unsigned long long)size);
}

void print_dirents(struct sbuf *b, const struct strace_mem *m, uint64_t addr, long len)
{
	print_ptr(b, addr);
	unsigned n = 0;
	for (long off = 0; off + 18 < len; n++) {
		uint16_t reclen;
		if (!mem_read(m, &reclen, addr + (uint64_t)off + 16, sizeof(reclen)) || reclen == 0)
			break;
		off += reclen;
	}
	sb_printf(b, " /* %u entries */", n);
}

void print_cpuset(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t size)
{
	uint64_t set[16];
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	size_t n = size < sizeof(set) ? (size_t)size : sizeof(set);
	if (n == 0 || !mem_read(m, set, addr, n)) {
		print_ptr(b, addr);
		return;
	}
	print_bitset(b, set, n * 8);
	if (size > sizeof(set))
		sb_puts(b, "...");
}

void print_off_ptr(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	int64_t off;
	if (addr == 0)
		sb_puts(b, "NULL");
	else if (!mem_read(m, &off, addr, sizeof(off)))
		print_ptr(b, addr);
	else
		sb_printf(b, "[%lld]", (long long)off);
}

void print_int_array(struct sbuf *b, const struct strace_mem *m, uint64_t addr, int n)
{
	int v[2];
	if (n > 2 || !mem_read(m, v, addr, sizeof(int) * (size_t)n)) {
		print_ptr(b, addr);
		return;
	}
	sb_putc(b, '[');
	for (int i = 0; i < n; i++)
		sb_printf(b, i ? ", %d" : "%d", v[i]);
	sb_putc(b, ']');
}

static const struct flag_name resolve_flags[] = {
	F(RESOLVE_NO_XDEV, 1), F(RESOLVE_NO_MAGICLINKS, 2), F(RESOLVE_NO_SYMLINKS, 4),
	F(RESOLVE_BENEATH, 8), F(RESOLVE_IN_ROOT, 0x10), F(RESOLVE_CACHED, 0x20),
};

void print_open_how(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t size)
{
	uint64_t how[3];
	if (size < sizeof(how) || !mem_read(m, how, addr, sizeof(how))) {
		print_ptr(b, addr);
		return;
	}
	sb_puts(b, "{flags=");
	print_open_flags(b, how[0]);
	sb_printf(b, ", mode=%#llo, resolve=", (unsigned long long)how[1]);
	print_flags(b, resolve_flags, N_(resolve_flags), how[2], NULL);
	sb_putc(b, '}');
}

/* ---- Time and limits. */
void print_timespec(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	int64_t ts[2];
	if (addr == 0)
		sb_puts(b, "NULL");
	else if (!mem_read(m, ts, addr, sizeof(ts)))
		print_ptr(b, addr);
	else
		sb_printf(b, "{tv_sec=%lld, tv_nsec=%lld}", (long long)ts[0], (long long)ts[1]);
}

void print_timeval(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	int64_t tv[2];
	if (addr == 0)
		sb_puts(b, "NULL");
	else if (!mem_read(m, tv, addr, sizeof(tv)))
		print_ptr(b, addr);
	else
		sb_printf(b, "{tv_sec=%lld, tv_usec=%lld}", (long long)tv[0], (long long)tv[1]);
}

static void print_rlim(struct sbuf *b, uint64_t v)
{
	if (v == UINT64_MAX)
		sb_puts(b, "RLIM64_INFINITY");
	else if (v > 1024 && v % 1024 == 0)
		sb_printf(b, "%llu*1024", (unsigned long long)(v / 1024));
	else
		sb_printf(b, "%llu", (unsigned long long)v);
}

void print_rlimit(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	uint64_t r[2];
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	if (!mem_read(m, r, addr, sizeof(r))) {
		print_ptr(b, addr);
		return;
	}
	sb_puts(b, "{rlim_cur=");
	print_rlim(b, r[0]);
	sb_puts(b, ", rlim_max=");
	print_rlim(b, r[1]);
	sb_putc(b, '}');
}

void print_uname(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	char u[2 * 65];
	if (!mem_read(m, u, addr, sizeof(u))) {
		print_ptr(b, addr);
		return;
	}
	sb_puts(b, "{sysname=");
	sb_quote(b, (const unsigned char *)u, strnlen(u, 65), false);
	sb_puts(b, ", nodename=");
	sb_quote(b, (const unsigned char *)u + 65, strnlen(u + 65, 65), false);
	sb_puts(b, ", ...}");
}

void print_clone3_args(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t size,
		       long ret)
{
	uint64_t a[11] = { 0 };
	size_t n = size < sizeof(a) ? (size_t)size : sizeof(a);
	if (size < 64 || !mem_read(m, a, addr, n)) {
		print_ptr(b, addr);
		return;
	}
	sb_puts(b, "{flags=");
	print_clone_flags(b, a[0], false);
	if (a[0] & 0x1000) {
		sb_puts(b, ", pidfd=");
		print_ptr(b, a[1]);
	}
	if (a[0] & (0x1000000 | 0x200000)) {
		sb_puts(b, ", child_tid=");
		print_ptr(b, a[2]);
	}
	if (a[0] & 0x100000) {
		sb_puts(b, ", parent_tid=");
		print_ptr(b, a[3]);
	}
	sb_puts(b, ", exit_signal=");
	print_signum(b, (int)a[4]);
	sb_puts(b, ", stack=");
	print_ptr(b, a[5]);
	sb_puts(b, ", stack_size=");
	print_hex(b, a[6]);
	if (a[0] & 0x80000) {
		sb_puts(b, ", tls=");
		print_ptr(b, a[7]);
	}
	sb_putc(b, '}');
	int tid;
	if (ret > 0 && (a[0] & 0x100000) && mem_read(m, &tid, a[3], sizeof(tid)))
		sb_printf(b, " => {parent_tid=[%d]}", tid);
}

void print_sysinfo(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	unsigned char si[112];
	if (!mem_read(m, si, addr, sizeof(si))) {
		print_ptr(b, addr);
		return;
	}
	uint64_t q[13];
	uint16_t procs;
	uint32_t unit;
	memcpy(q, si, sizeof(q));
	memcpy(&procs, si + 80, 2);
	memcpy(&unit, si + 104, 4);
	sb_printf(b, "{uptime=%lld, loads=[%llu, %llu, %llu], totalram=%llu, freeram=%llu, "
		  "sharedram=%llu, bufferram=%llu, totalswap=%llu, freeswap=%llu, procs=%u, "
		  "totalhigh=%llu, freehigh=%llu, mem_unit=%u}",
		  (long long)q[0], (unsigned long long)q[1], (unsigned long long)q[2],
		  (unsigned long long)q[3], (unsigned long long)q[4], (unsigned long long)q[5],
		  (unsigned long long)q[6], (unsigned long long)q[7], (unsigned long long)q[8],
		  (unsigned long long)q[9], procs, (unsigned long long)q[11],
		  (unsigned long long)q[12], unit);
}
