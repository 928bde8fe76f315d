/* --strace line assembly: decides which argument is formatted when (entry
 * or exit), adjusts the shown arguments per call (open's mode only with
 * O_CREAT, futex's by operation), and writes the line with the result in
 * strace's layout. The printers live in strace_util.c, strace_flags.c and
 * strace_structs.c. */
#include <string.h>
#include "syscalls/errno_names.h"
#include "syscalls/strace_impl.h"

/* Formats local to this file, beyond the table's. */
enum {
	SFX_BITSET = SF_COUNT, /* futex val3 bitset */
	SFX_VAL2,              /* futex val2 in the timeout slot */
};

static bool is_out_fmt(int fmt)
{
	switch (fmt) {
	case SF_BUF_OUT: case SF_RANDOM_OUT: case SF_IOV_OUT: case SF_PATH_OUT:
	case SF_SIGSET_OUT: case SF_SIGACT_OUT: case SF_WSTATUS_OUT:
	case SF_SOCKADDR_OUT: case SF_SOCKLEN_PTR: case SF_FDPAIR_OUT:
	case SF_INT_PTR_OUT: case SF_UNAME_OUT: case SF_DIRENTS_OUT:
	case SF_STAT_OUT: case SF_STATX_OUT: case SF_TIMESPEC_OUT:
	case SF_TIMESPEC_REM: case SF_TIMEVAL_OUT: case SF_RLIMIT_OUT:
	case SF_EPOLL_EVENTS_OUT: case SF_CLONE: case SF_SYSINFO_OUT:
	case SF_CPUSET_OUT: case SF_ULONG_PTR_OUT:
	case SF_SIGFRAME: case SF_CLONE3_ARGS:
		return true;
	default:
		return false;
	}
}

/* rt_sigprocmask & co. pass the sigset size as their last size_t argument. */
static uint64_t sigset_size(const struct strace_call *c)
{
	for (int i = c->nshown - 1; i >= 0; i--)
		if (c->fmt[i] == SF_ULONG)
			return c->args[i];
	return 8;
}

/* Shows only the arguments futex's operation uses, as strace does. */
static void adjust_futex(struct strace_call *c, int i)
{
	uint32_t cmd = (uint32_t)c->args[i] & 0x7f;
	static const uint8_t shown[] = { 4, 3, 3, 5, 6, 6, 4, 2, 2, 6, 6, 5, 6, 4 };
	c->nshown = cmd < sizeof(shown) ? shown[cmd] : 6;
	if (cmd == 3 || cmd == 4 || cmd == 5 || cmd == 12)
		c->fmt[3] = SFX_VAL2;
	if (cmd == 9) {          /* WAIT_BITSET: uaddr2 unused */
		c->fmt[4] = SF_SKIP;
		c->fmt[5] = SFX_BITSET;
	} else if (cmd == 10) {  /* WAKE_BITSET: timeout and uaddr2 unused */
		c->fmt[3] = SF_SKIP;
		c->fmt[4] = SF_SKIP;
		c->fmt[5] = SFX_BITSET;
	}
}

static void adjust_prctl(struct strace_call *c)
{
	switch (c->args[0]) {
	case 1: c->nshown = 2; c->fmt[1] = SF_SIGNUM; break;          /* SET_PDEATHSIG */
	case 2: case 16: c->nshown = 2; c->fmt[1] = SF_PTR; break;    /* GET_PDEATHSIG, GET_NAME */
	case 15: c->nshown = 2; c->fmt[1] = SF_STR; break;            /* SET_NAME */
	case 3: case 7: case 13: case 21: case 27: case 30: case 39: case 42:
		c->nshown = 1;                                          /* plain getters */
		break;
	case 4: case 8: case 23: case 24: case 29: case 36: case 41:
		c->nshown = 2;                                          /* one-value setters */
		break;
	default:
		break;
	}
}

/* Adjusts the shown arguments to this call's values. */
static void adjust(struct strace_call *c)
{
	for (int i = 0; i < c->nshown; i++) {
		switch (c->fmt[i]) {
		case SF_OMODE:
			/* O_CREAT or __O_TMPFILE */
			if (!(c->args[i - 1] & (0100 | 020000000)))
				c->nshown = (uint8_t)i;
			break;
		case SF_FCNTL_ARG:
			switch ((int)c->args[i - 1]) {
			case 1: case 3: case 9: case 11: case 1025: case 1032: case 1034:
				c->nshown = (uint8_t)i; /* the getters take no argument */
			}
			break;
		case SF_FUTEX_OP:
			adjust_futex(c, i);
			break;
		case SF_PRCTL_OP:
			adjust_prctl(c);
			return;
		case SF_CLONE:
			c->nshown = 1;
			return;
		case SF_MREMAP_FLAGS:
			/* new_address only with MREMAP_FIXED or MREMAP_DONTUNMAP */
			if (!(c->args[i] & 6))
				c->nshown = (uint8_t)(i + 1);
			break;
		case SF_ARCH_PRCTL_OP:
			if (c->args[i] == 0x1003 || c->args[i] == 0x1004) /* ARCH_GET_FS/GS */
				c->fmt[i + 1] = SF_ULONG_PTR_OUT;
			break;
		case SF_IOCTL_ARG:
			switch ((uint32_t)c->args[i - 1]) {
			case 0x5450: case 0x5451: case 0x540c: case 0x540d: case 0x5422:
				c->nshown = (uint8_t)i; /* FIONCLEX, FIOCLEX, TIOC[N]EXCL, TIOCNOTTY */
			}
			break;
		}
	}
}

static void format_clone(struct sbuf *b, const struct strace_call *c, const struct strace_mem *m,
			 long ret)
{
	/* x86_64 order: flags, stack, parent_tid, child_tid, tls. */
	uint64_t flags = c->args[0];
	sb_puts(b, "child_stack=");
	print_ptr(b, c->args[1]);
	sb_puts(b, ", flags=");
	print_clone_flags(b, flags, true);
	if (flags & 0x100000) {
		sb_puts(b, ", parent_tid=");
		int tid;
		if (ret >= 0 && mem_read(m, &tid, c->args[2], sizeof(tid)))
			sb_printf(b, "[%d]", tid);
		else
			print_ptr(b, c->args[2]);
	} else if (flags & 0x1000) {
		sb_puts(b, ", parent_tid=");
		print_ptr(b, c->args[2]);
	}
	if (flags & 0x80000) {
		sb_puts(b, ", tls=");
		print_ptr(b, c->args[4]);
	}
	if (flags & (0x1000000 | 0x200000)) {
		sb_puts(b, ", child_tidptr=");
		print_ptr(b, c->args[3]);
	}
}

static bool is_error(long ret)
{
	return ret < 0 && ret >= -4095;
}

/* Formats argument i into b; ret is the result at exit. */
static void format_arg(struct sbuf *b, struct strace_call *c, int i, const struct strace_mem *m,
		       long ret, bool exiting)
{
	uint64_t v = c->args[i];
	uint64_t next = i < 5 ? c->args[i + 1] : 0;
	int fmt = c->fmt[i];

	if (exiting && fmt != SF_CLONE && fmt != SF_SOCKLEN_PTR && fmt != SF_TIMESPEC_REM &&
	    fmt != SF_SIGFRAME && fmt != SF_CLONE3_ARGS && is_error(ret)) {
		print_ptr(b, v); /* strace shows an out-argument's address on error */
		return;
	}
	if (print_simple_arg(b, fmt, v, c->args, i))
		return;
	switch (fmt) {
	case SF_STR: print_str(b, m, v); break;
	case SF_PATH: print_path(b, m, v); break;
	case SF_PATH_OUT:
		if (ret > 0)
			print_path(b, m, v);
		else
			print_ptr(b, v);
		break;
	case SF_BUF_IN: print_buf(b, m, v, next, false); break;
	case SF_BUF_OUT: print_buf(b, m, v, (uint64_t)ret, false); break;
	case SF_RANDOM_OUT: print_buf(b, m, v, (uint64_t)ret, true); break;
	case SF_IOV_IN: print_iov(b, m, v, next, true, UINT64_MAX); break;
	case SF_IOV_OUT: print_iov(b, m, v, next, true, (uint64_t)ret); break;
	case SF_ARGV: print_argv(b, m, v); break;
	case SF_ENVP: print_envp(b, m, v); break;
	case SF_CLONE: format_clone(b, c, m, ret); break;
	case SF_CLONE3_ARGS: print_clone3_args(b, m, v, next, ret); break;
	case SF_SYSINFO_OUT: print_sysinfo(b, m, v); break;
	case SF_CPUSET_IN: print_cpuset(b, m, v, c->args[i - 1]); break;
	case SF_CPUSET_OUT: print_cpuset(b, m, v, (uint64_t)ret); break;
	case SF_ULONG_PTR_OUT: {
		uint64_t word;
		if (mem_read(m, &word, v, sizeof(word)))
			sb_printf(b, "[%#llx]", (unsigned long long)word);
		else
			print_ptr(b, v);
		break;
	}
	case SF_SIGFRAME: {
		/* The frame's ucontext is at sp once the handler's return has
		 * popped pretcode; uc_sigmask follows uc_flags, uc_link,
		 * uc_stack and the 256-byte sigcontext. */
		uint64_t mask;
		if (mem_read(m, &mask, c->sp + 296, sizeof(mask))) {
			sb_puts(b, "{mask=");
			print_sigset_value(b, mask);
			sb_putc(b, '}');
		} else {
			print_ptr(b, c->sp + 296);
		}
		break;
	}
	case SF_SIGSET_IN: case SF_SIGSET_OUT: print_sigset(b, m, v, sigset_size(c)); break;
	case SF_SIGACT_IN: case SF_SIGACT_OUT: print_sigaction(b, m, v); break;
	case SF_WSTATUS_OUT:
		if (ret > 0 && v)
			print_wstatus(b, m, v);
		else
			print_ptr(b, v);
		break;
	case SFX_VAL2: sb_printf(b, "%u", (uint32_t)v); break;
	case SFX_BITSET:
		if ((uint32_t)v == UINT32_MAX)
			sb_puts(b, "FUTEX_BITSET_MATCH_ANY");
		else
			print_hex(b, (uint32_t)v);
		break;
	case SF_FUTEX_TIMEOUT: case SF_TIMESPEC_IN: case SF_TIMESPEC_OUT:
		print_timespec(b, m, v);
		break;
	case SF_TIMESPEC_REM:
		if (ret == -EINTR || ret == -ERESTART_RESTARTBLOCK || ret == -ERESTARTNOHAND ||
		    ret == -ERESTARTSYS)
			print_timespec(b, m, v);
		else
			print_ptr(b, v);
		break;
	case SF_TIMEVAL_IN: case SF_TIMEVAL_OUT: print_timeval(b, m, v); break;
	case SF_RLIMIT_IN: case SF_RLIMIT_OUT: print_rlimit(b, m, v); break;
	case SF_SOCKADDR_IN: print_sockaddr(b, m, v, next); break;
	case SF_SOCKADDR_OUT: {
		uint32_t len = 0;
		if (v && next && mem_read(m, &len, next, sizeof(len)))
			print_sockaddr(b, m, v, len < c->saved[i + 1] ? len : c->saved[i + 1]);
		else
			print_ptr(b, v);
		break;
	}
	case SF_SOCKLEN_PTR: {
		uint32_t out;
		if (v == 0 || c->saved[i] == UINT64_MAX)
			print_ptr(b, v);
		else if (!exiting || is_error(ret) || !mem_read(m, &out, v, sizeof(out)))
			sb_printf(b, "[%u]", (uint32_t)c->saved[i]);
		else if (out != c->saved[i])
			sb_printf(b, "[%u => %u]", (uint32_t)c->saved[i], out);
		else
			sb_printf(b, "[%u]", out);
		break;
	}
	case SF_SOCKOPT_VAL:
		if (next == 4)
			print_int_array(b, m, v, 1);
		else
			print_ptr(b, v);
		break;
	case SF_POLLFDS: print_pollfds(b, m, v, next); break;
	case SF_FDSET: print_fdset(b, m, v, (int)c->args[0]); break;
	case SF_FDPAIR_OUT: print_int_array(b, m, v, 2); break;
	case SF_INT_PTR_OUT: print_int_array(b, m, v, 1); break;
	case SF_OFF_PTR: print_off_ptr(b, m, v); break;
	case SF_UNAME_OUT: print_uname(b, m, v); break;
	case SF_DIRENTS_OUT: print_dirents(b, m, v, ret); break;
	case SF_STAT_OUT: print_stat(b, m, v); break;
	case SF_STATX_OUT: print_statx(b, m, v); break;
	case SF_EPOLL_EVENT_IN: print_epoll_event(b, m, v); break;
	case SF_EPOLL_EVENTS_OUT: print_epoll_events(b, m, v, ret); break;
	case SF_OPEN_HOW: print_open_how(b, m, v, next); break;
	default: print_hex(b, v); break;
	}
}

/* Formats argument i into the call's buffer. */
static void format_slot(struct strace_call *c, int i, const struct strace_mem *m, long ret,
			bool exiting)
{
	struct sbuf b = { c->buf + c->used, sizeof(c->buf) - c->used, 0 };
	if (b.cap)
		b.p[0] = '\0';
	format_arg(&b, c, i, m, ret, exiting);
	size_t n = b.len < b.cap ? b.len : (b.cap ? b.cap - 1 : 0);
	c->off[i] = c->used;
	c->len[i] = (uint16_t)n;
	c->used = (uint16_t)(c->used + n);
	c->have[i] = true;
}

void strace_enter(struct strace_call *c, long nr, const struct syscall_desc *d,
		  const uint64_t args[6], const struct strace_mem *m)
{
	c->nr = nr;
	c->d = d;
	memcpy(c->args, args, sizeof(c->args));
	c->used = 0;
	c->suffix_len = 0;
	c->prefix[0] = '\0';
	c->sp = 0;
	memset(c->have, 0, sizeof(c->have));
	if (d == NULL) {
		c->nshown = 6;
		memset(c->fmt, SF_HEX, sizeof(c->fmt));
	} else {
		c->nshown = d->nargs;
		memcpy(c->fmt, d->arg_fmt, sizeof(c->fmt));
		adjust(c);
	}
	for (int i = 0; i < c->nshown; i++) {
		c->saved[i] = UINT64_MAX;
		if (c->fmt[i] == SF_SOCKLEN_PTR && args[i]) {
			uint32_t len;
			if (mem_read(m, &len, args[i], sizeof(len)))
				c->saved[i] = len;
		}
		if (c->fmt[i] != SF_SKIP && !is_out_fmt(c->fmt[i]))
			format_slot(c, i, m, 0, false);
	}
}

void strace_set_stack_pointer(struct strace_call *c, uint64_t sp)
{
	c->sp = sp;
}

void strace_line_prefix(struct strace_call *c, pid_t pid)
{
	if (pid > 0)
		snprintf(c->prefix, sizeof(c->prefix), "[pid %5d] ", (int)pid);
	else
		c->prefix[0] = '\0';
}

static void format_result(struct sbuf *b, const struct strace_call *c, long ret)
{
	if (ret == STRACE_NO_RETURN) {
		sb_putc(b, '?');
		return;
	}
	if (is_error(ret)) {
		int err = (int)-ret;
		const char *name = errno_name(err);
		sb_puts(b, errno_is_restart(err) ? "? " : "-1 ");
		if (name)
			sb_puts(b, name);
		else
			sb_printf(b, "ERRNO_%d", err);
		sb_printf(b, " (%s)", errno_text(err));
		return;
	}
	int ret_fmt = c->d ? c->d->ret_fmt : SR_INT;
	if (c->d && c->fmt[1] == SF_FCNTL_CMD && (c->args[1] == 1 || c->args[1] == 3)) {
		if (c->args[1] == 1 && ret == 0) {
			sb_puts(b, "0");
			return;
		}
		sb_printf(b, "%#lx (flags ", (unsigned long)ret);
		if (c->args[1] == 1)
			print_flags(b, (const struct flag_name[]){ { 1, "FD_CLOEXEC" } }, 1,
				    (uint64_t)ret, NULL);
		else
			print_open_flags(b, (uint64_t)ret);
		sb_putc(b, ')');
		return;
	}
	switch (ret_fmt) {
	case SR_HEX: sb_printf(b, "%#lx", (unsigned long)ret); break;
	case SR_OCT: sb_printf(b, "%#lo", (unsigned long)ret); break;
	default: sb_printf(b, "%ld", ret); break;
	}
}

size_t strace_exit(struct strace_call *c, long ret, const struct strace_mem *m, char *out,
		   size_t size)
{
	bool returned = ret != STRACE_NO_RETURN;
	for (int i = 0; i < c->nshown; i++) {
		if (c->have[i] || c->fmt[i] == SF_SKIP)
			continue;
		if (c->fmt[i] == SF_SIGFRAME && c->sp == 0)
			continue; /* no stack pointer given: rt_sigreturn() */
		format_slot(c, i, m, returned ? ret : -EINTR, true);
	}
	bool poll = c->nshown >= 2 && c->fmt[0] == SF_POLLFDS;
	bool select = c->nshown >= 5 && c->fmt[1] == SF_FDSET;
	if (returned && !is_error(ret) && (poll || select)) {
		struct sbuf s = { c->buf + c->used, sizeof(c->buf) - c->used, 0 };
		if (s.cap)
			s.p[0] = '\0';
		if (poll)
			print_poll_result(&s, m, c->args[0], c->args[1], ret,
					  c->fmt[2] == SF_TIMESPEC_IN ? c->args[2] : 0);
		else
			print_select_result(&s, m, c->args, ret, c->fmt[4] == SF_TIMESPEC_IN);
		c->suffix_off = c->used;
		c->suffix_len = (uint16_t)(s.len < s.cap ? s.len : (s.cap ? s.cap - 1 : 0));
		c->used = (uint16_t)(c->used + c->suffix_len);
	}

	struct sbuf b = { out, size, 0 };
	if (size)
		out[0] = '\0';
	sb_puts(&b, c->prefix);
	if (c->d)
		sb_puts(&b, c->d->name);
	else
		sb_printf(&b, "syscall_%#lx", (unsigned long)c->nr);
	sb_putc(&b, '(');
	bool first = true;
	for (int i = 0; i < c->nshown; i++) {
		if (!c->have[i])
			continue;
		if (!first)
			sb_puts(&b, ", ");
		first = false;
		for (size_t k = 0; k < c->len[i]; k++)
			sb_putc(&b, c->buf[c->off[i] + k]);
	}
	sb_puts(&b, ") ");
	while (b.len < STRACE_COLUMN)
		sb_putc(&b, ' ');
	sb_puts(&b, "= ");
	format_result(&b, c, ret);
	for (size_t k = 0; k < c->suffix_len; k++)
		sb_putc(&b, c->buf[c->suffix_off + k]);
	sb_putc(&b, '\n');
	return b.len;
}

size_t strace_format_unfinished(struct strace_call *c, char *out, size_t size)
{
	return strace_exit(c, STRACE_NO_RETURN, NULL, out, size);
}

const char *strace_arg_text(const struct strace_call *c, int i, size_t *len)
{
	if (i < 0 || i >= c->nshown || !c->have[i]) {
		*len = 0;
		return "";
	}
	*len = c->len[i];
	return c->buf + c->off[i];
}
