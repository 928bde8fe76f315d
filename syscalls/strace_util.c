/* Text and app-memory helpers of the --strace formatter: the bounded
 * builder, strace's string quoting and cutting (-s 32), and the printers of
 * strings, buffers, iovecs and execve's argv/envp. */
#include <string.h>
#include "syscalls/strace_impl.h"

void sb_putc(struct sbuf *b, char ch)
{
	if (b->len + 1 < b->cap) {
		b->p[b->len] = ch;
		b->p[b->len + 1] = '\0';
	}
	b->len++;
}

void sb_puts(struct sbuf *b, const char *s)
{
	while (*s)
		sb_putc(b, *s++);
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[1024]; /* longest single printf: print_sysinfo, ~450 */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	sb_puts(b, tmp);
}

bool mem_read(const struct strace_mem *m, void *dst, uint64_t addr, size_t n)
{
	if (n == 0)
		return true;
	if (m == NULL || m->read == NULL || addr + n < addr)
		return false;
	return m->read(m->ctx, dst, addr, n) == 0;
}

long mem_read_str(const struct strace_mem *m, uint64_t addr, char *dst, size_t max)
{
	size_t got = 0;
	while (got < max) {
		/* Never cross a page in one read: the rest may be unmapped. */
		size_t chunk = 4096 - ((addr + got) & 4095);
		if (chunk > max - got)
			chunk = max - got;
		if (!mem_read(m, dst + got, addr + got, chunk))
			return got == 0 ? -1 : (long)got;
		char *nul = memchr(dst + got, '\0', chunk);
		if (nul)
			return nul - dst;
		got += chunk;
	}
	return (long)max;
}

static bool is_print(unsigned char c)
{
	return c >= ' ' && c < 0x7f;
}

void sb_quote(struct sbuf *b, const unsigned char *s, size_t n, bool hex)
{
	static const char digits[] = "0123456789abcdef";
	sb_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (hex) {
			sb_putc(b, '\\');
			sb_putc(b, 'x');
			sb_putc(b, digits[c >> 4]);
			sb_putc(b, digits[c & 15]);
			continue;
		}
		switch (c) {
		case '"': case '\\': sb_putc(b, '\\'); sb_putc(b, (char)c); break;
		case '\f': sb_puts(b, "\\f"); break;
		case '\n': sb_puts(b, "\\n"); break;
		case '\r': sb_puts(b, "\\r"); break;
		case '\t': sb_puts(b, "\\t"); break;
		case '\v': sb_puts(b, "\\v"); break;
		default:
			if (is_print(c)) {
				sb_putc(b, (char)c);
				break;
			}
			/* Shortest octal, unless a following octal digit would
			 * be read as part of the escape. */
			sb_putc(b, '\\');
			bool full = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';
			if (full || (c >> 6))
				sb_putc(b, (char)('0' + (c >> 6)));
			if (full || (c >> 3))
				sb_putc(b, (char)('0' + ((c >> 3) & 7)));
			sb_putc(b, (char)('0' + (c & 7)));
		}
	}
	sb_putc(b, '"');
}

void print_ptr(struct sbuf *b, uint64_t addr)
{
	if (addr == 0)
		sb_puts(b, "NULL");
	else
		sb_printf(b, "%#llx", (unsigned long long)addr);
}

void print_hex(struct sbuf *b, uint64_t v)
{
	sb_printf(b, "%#llx", (unsigned long long)v);
}

void print_bitset(struct sbuf *b, const uint64_t *set, size_t nbits)
{
	char sep = '[';
	for (size_t i = 0; i < nbits; i++) {
		if (set[i / 64] & (1ull << (i % 64))) {
			sb_putc(b, sep);
			sb_printf(b, "%zu", i);
			sep = ' ';
		}
	}
	if (sep == '[')
		sb_putc(b, '[');
	sb_putc(b, ']');
}

/* The string at addr, quoted and cut to max bytes (max < 4096) with
 * "..." after it; a NULL or unreadable address printed as such. */
static void print_cstring(struct sbuf *b, const struct strace_mem *m, uint64_t addr, size_t max)
{
	char s[4096];
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	long n = mem_read_str(m, addr, s, max + 1);
	if (n < 0) {
		print_ptr(b, addr);
		return;
	}
	bool cut = n > (long)max;
	sb_quote(b, (const unsigned char *)s, cut ? max : (size_t)n, false);
	if (cut)
		sb_puts(b, "...");
}

void print_str(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	print_cstring(b, m, addr, STRACE_MAX_STRLEN);
}

void print_path(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	print_cstring(b, m, addr, 4095);
}

void print_buf(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t len, bool hex)
{
	unsigned char s[STRACE_MAX_STRLEN + 1];
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	/* Like strace, fetch one byte past the cut. */
	size_t size = len < sizeof(s) ? (size_t)len : sizeof(s);
	if (!mem_read(m, s, addr, size)) {
		print_ptr(b, addr);
		return;
	}
	if (size > STRACE_MAX_STRLEN)
		size = STRACE_MAX_STRLEN;
	sb_quote(b, s, size, hex);
	if (len > STRACE_MAX_STRLEN)
		sb_puts(b, "...");
}

void print_iov(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t cnt,
	       bool with_data, uint64_t data_len)
{
	if (cnt == 0 && addr) {
		sb_puts(b, "[]");
		return;
	}
	uint64_t first[2];
	if (!mem_read(m, first, addr, sizeof(first))) {
		print_ptr(b, addr);
		return;
	}
	sb_putc(b, '[');
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t iov[2];
		if (i)
			sb_puts(b, ", ");
		if (i >= STRACE_MAX_STRLEN) {
			sb_puts(b, "...");
			break;
		}
		if (!mem_read(m, iov, addr + i * 16, sizeof(iov))) {
			sb_puts(b, "... /* ");
			print_ptr(b, addr + i * 16);
			sb_puts(b, " */");
			break;
		}
		sb_puts(b, "{iov_base=");
		if (with_data) {
			uint64_t n = iov[1] < data_len ? iov[1] : data_len;
			data_len -= n;
			print_buf(b, m, iov[0], n, false);
		} else {
			print_ptr(b, iov[0]);
		}
		sb_printf(b, ", iov_len=%llu}", (unsigned long long)iov[1]);
	}
	sb_putc(b, ']');
}

void print_argv(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	if (addr == 0) {
		sb_puts(b, "NULL");
		return;
	}
	for (unsigned n = 0;; n++, addr += 8) {
		uint64_t word;
		if (!mem_read(m, &word, addr, sizeof(word))) {
			if (n == 0) {
				print_ptr(b, addr);
				return;
			}
			sb_puts(b, ", ... /* ");
			print_ptr(b, addr);
			sb_puts(b, " */");
			break;
		}
		if (n == 0)
			sb_putc(b, '[');
		if (word == 0)
			break;
		if (n)
			sb_puts(b, ", ");
		if (n >= STRACE_MAX_STRLEN) {
			sb_puts(b, "...");
			break;
		}
		print_str(b, m, word);
	}
	sb_putc(b, ']');
}

void print_envp(struct sbuf *b, const struct strace_mem *m, uint64_t addr)
{
	print_ptr(b, addr);
	if (addr == 0)
		return;
	unsigned n = 0;
	for (;; n++) {
		uint64_t word;
		if (!mem_read(m, &word, addr + 8ull * n, sizeof(word))) {
			if (n == 0)
				return;
			break;
		}
		if (word == 0)
			break;
	}
	sb_printf(b, " /* %u var%s */", n, n == 1 ? "" : "s");
}
