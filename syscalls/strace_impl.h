/* Internals of the --strace formatter, shared by strace.c (line assembly),
 * strace_util.c (text and memory helpers), strace_flags.c (flag and enum
 * names), strace_structs.c and strace_io.c (structures). Not for use outside
 * syscalls/. */
#pragma once
#include <stdarg.h>
#include "syscalls/strace.h"

/* A bounded text builder: len counts what would have been written, so an
 * overflow is visible and never writes past cap. */
struct sbuf {
	char *p;
	size_t cap;
	size_t len;
};

void sb_putc(struct sbuf *b, char ch);
void sb_puts(struct sbuf *b, const char *s);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads app memory: true if all n bytes were read. */
bool mem_read(const struct strace_mem *m, void *dst, uint64_t addr, size_t n);
/* Reads a NUL-terminated string of at most max bytes (page by page, so a
 * string ending just before unmapped memory still reads). Returns its length
 * (== max if no NUL within max bytes), or -1 if the first byte faults. */
long mem_read_str(const struct strace_mem *m, uint64_t addr, char *dst, size_t max);

/* Quoting like strace's string_quote: "..." with \n \t \" \\ and octal
 * escapes, or every byte as \xNN if hex. */
void sb_quote(struct sbuf *b, const unsigned char *s, size_t n, bool hex);

/* Argument printers shared between the files. */
void print_ptr(struct sbuf *b, uint64_t addr);             /* NULL / 0x... */
void print_bitset(struct sbuf *b, const uint64_t *set, size_t nbits); /* [0 3 5] */
void print_hex(struct sbuf *b, uint64_t v);                /* 0 / 0x... */
void print_str(struct sbuf *b, const struct strace_mem *m, uint64_t addr); /* -s 32 */
void print_path(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
/* A buffer of len bytes, cut at STRACE_MAX_STRLEN with "..." like printstrn. */
void print_buf(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t len, bool hex);
void print_iov(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t cnt,
	       bool with_data, uint64_t data_len);
void print_argv(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_envp(struct sbuf *b, const struct strace_mem *m, uint64_t addr);

/* ---- Names (strace_flags.c). */
struct flag_name {
	uint64_t val;
	const char *name;
};

/* Prints v as NAME|NAME|0x..., or zero_name (or "0") if v is 0. */
void print_flags(struct sbuf *b, const struct flag_name *tbl, size_t n, uint64_t v,
		 const char *zero_name);
/* Prints the name of v, or, if it has none, v in hex followed by
 * unknown_comment as a C comment (strace's style for unknown values). */
void print_enum(struct sbuf *b, const struct flag_name *tbl, size_t n, uint64_t v,
		const char *unknown_comment);
#define N_(tbl) (sizeof(tbl) / sizeof((tbl)[0]))

extern const struct flag_name statx_mask[];
extern const size_t statx_mask_count;
const char *signal_name(int sig);      /* "SIGINT", or NULL */
void print_signum(struct sbuf *b, int sig);
void print_open_flags(struct sbuf *b, uint64_t flags);      /* O_RDONLY|... */
void print_o_flags(struct sbuf *b, uint64_t flags, const char *prefix); /* O_CLOEXEC... */
void print_mode(struct sbuf *b, uint64_t mode, bool with_type);
void print_clone_flags(struct sbuf *b, uint64_t flags, bool with_signal);
void print_fcntl_cmd(struct sbuf *b, int cmd);
/* Formats one simple enum/flag argument (most SF_ codes); false if fmt is
 * not one of them. */
bool print_simple_arg(struct sbuf *b, int fmt, uint64_t v, const uint64_t args[6], int i);

/* ---- Structures (strace_structs.c). */
void print_sigset(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t size);
void print_sigset_value(struct sbuf *b, uint64_t set);
void print_sigaction(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_stat(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_statx(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_timespec(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_timeval(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_rlimit(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_wstatus(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_pollfds(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t n);
/* The " ([{fd=3, revents=POLLIN}])" after poll's result; left_ts is ppoll's
 * timeout (0: none). */
void print_poll_result(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t n,
		       long ret, uint64_t left_ts);
void print_fdset(struct sbuf *b, const struct strace_mem *m, uint64_t addr, int nfds);
void print_sockaddr(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t len);
void print_sysinfo(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
/* The " (in [3], left {...})" after select's result. */
void print_select_result(struct sbuf *b, const struct strace_mem *m, const uint64_t args[6],
			 long ret, bool pselect);
void print_uname(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_dirents(struct sbuf *b, const struct strace_mem *m, uint64_t addr, long len);
void print_epoll_event(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
void print_epoll_events(struct sbuf *b, const struct strace_mem *m, uint64_t addr, long n);
void print_int_array(struct sbuf *b, const struct strace_mem *m, uint64_t addr, int n);
void print_cpuset(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t size);
void print_off_ptr(struct sbuf *b, const struct strace_mem *m, uint64_t addr);
/* clone3's struct; ret > 0 adds " => {parent_tid=[N]}" as strace does. */
void print_clone3_args(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t size,
		       long ret);
void print_open_how(struct sbuf *b, const struct strace_mem *m, uint64_t addr, uint64_t size);
