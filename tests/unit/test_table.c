/* Tests of the syscall table (syscalls/table.c): numbers against the host's
 * <sys/syscall.h>, lookups at the edges, weak handler resolution across the
 * object library, ENOSYS/refusal counting and the compatibility list. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include "syscalls/table.h"

/* tuxcall is a plain row that no family implements (Linux doesn't either):
 * defining it here proves that the table's weak reference resolves to a
 * definition in another object of the link. */
SYSCALL_DEFINE(tuxcall)
{
	if (args->a[0] == 999)
		return -ENOSYS; /* a feature of the call we lack */
	return 4242 + (long)args->a[0];
}

struct nr_name {
	long nr;
	const char *name;
};

Test(table, numbers_match_host_headers)
{
	static const struct nr_name known[] = {
		{ SYS_read, "read" }, { SYS_write, "write" }, { SYS_open, "open" },
		{ SYS_mmap, "mmap" }, { SYS_rt_sigreturn, "rt_sigreturn" },
		{ SYS_clone, "clone" }, { SYS_execve, "execve" }, { SYS_exit, "exit" },
		{ SYS_wait4, "wait4" }, { SYS_fcntl, "fcntl" }, { SYS_getdents64, "getdents64" },
		{ SYS_futex, "futex" }, { SYS_exit_group, "exit_group" },
		{ SYS_openat, "openat" }, { SYS_newfstatat, "newfstatat" },
		{ SYS_pselect6, "pselect6" }, { SYS_prlimit64, "prlimit64" },
		{ SYS_getrandom, "getrandom" }, { SYS_statx, "statx" }, { SYS_rseq, "rseq" },
		{ SYS_pidfd_send_signal, "pidfd_send_signal" }, { SYS_clone3, "clone3" },
		{ SYS_close_range, "close_range" }, { SYS_openat2, "openat2" },
		{ SYS_faccessat2, "faccessat2" }, { SYS_epoll_pwait2, "epoll_pwait2" },
		{ SYS_futex_waitv, "futex_waitv" },
		{ SYS_set_mempolicy_home_node, "set_mempolicy_home_node" },
		/* Newer than this machine's headers (Linux syscall_64.tbl). */
		{ 451, "cachestat" }, { 452, "fchmodat2" }, { 453, "map_shadow_stack" },
		{ 454, "futex_wake" }, { 462, "mseal" }, { 470, "listns" },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const struct syscall_desc *d = syscall_desc_lookup(known[i].nr);
		cr_assert_not_null(d, "no row %ld", known[i].nr);
		cr_assert_str_eq(d->name, known[i].name);
		cr_assert_eq(d->nr, known[i].nr);
		cr_assert_eq(syscall_desc_by_name(known[i].name), d);
	}
}

Test(table, rows_are_consistent)
{
	int rows = 0;
	for (long nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		const struct syscall_desc *d = syscall_desc_lookup(nr);
		if (!d)
			continue;
		rows++;
		cr_assert_eq(d->nr, nr);
		cr_assert_leq(d->nargs, 6, "%s", d->name);
		for (int i = 0; i < 6; i++) {
			cr_assert_lt(d->arg_fmt[i], SF_COUNT, "%s arg %d", d->name, i);
			if (i >= d->nargs)
				cr_assert(d->arg_fmt[i] == SF__ || d->refused_errno, "%s arg %d", d->name, i);
		}
		if (d->refused_errno) {
			cr_assert_null(d->handler);
			cr_assert_not_null(d->refused_reason);
		}
		cr_assert_eq(syscall_desc_by_name(d->name), d, "duplicate name %s", d->name);
	}
	/* 0..334 and 424..470 */
	cr_assert_eq(rows, 335 + 47);
}

Test(table, lookup_edges)
{
	cr_assert_null(syscall_desc_lookup(-1));
	cr_assert_null(syscall_desc_lookup(335));
	cr_assert_null(syscall_desc_lookup(423));
	cr_assert_null(syscall_desc_lookup(SYSCALL_TABLE_SIZE));
	cr_assert_null(syscall_desc_lookup(0x40000000L | 0)); /* x32 read */
	cr_assert_null(syscall_desc_lookup(0x7fffffffffffffffL));
	cr_assert_null(syscall_desc_lookup(-0x7fffffffffffffffL));
	cr_assert_null(syscall_desc_by_name("no_such_call"));
}

Test(table, weak_handler_resolves_and_dispatches)
{
	const struct syscall_desc *d = syscall_desc_lookup(184);
	cr_assert_not_null(d);
	cr_assert_eq(d->handler, sys_tuxcall);
	struct syscall_args a = { { 8 } };
	cr_assert_eq(syscall_dispatch(NULL, 184, &a), 4250);
	cr_assert_eq(syscall_unimplemented_count(184), 0);
	/* A handler's own ENOSYS is counted like a missing row. */
	struct syscall_args lacking = { { 999 } };
	cr_assert_eq(syscall_dispatch(NULL, 184, &lacking), -ENOSYS);
	cr_assert_eq(syscall_unimplemented_count(184), 1);
}

Test(table, refused_and_unknown_are_counted)
{
	struct syscall_args a = { { 0 } };
	syscall_reset_counts();
	cr_assert_eq(syscall_dispatch(NULL, 246, &a), -EPERM); /* kexec_load */
	cr_assert_eq(syscall_dispatch(NULL, 321, &a), -EPERM); /* bpf */
	cr_assert_eq(syscall_dispatch(NULL, 425, &a), -ENOSYS); /* io_uring_setup */
	cr_assert_eq(syscall_refused_count(246), 1);
	cr_assert_eq(syscall_refused_count(425), 1);
	cr_assert_eq(syscall_unimplemented_count(246), 0);

	cr_assert_eq(syscall_dispatch(NULL, 400, &a), -ENOSYS);
	cr_assert_eq(syscall_dispatch(NULL, -5, &a), -ENOSYS);
	cr_assert_eq(syscall_unimplemented_count(400), 2);
}

Test(table, missing_handler_is_enosys_and_reported)
{
	/* Whichever rows no family implements yet: take the first. */
	const struct syscall_desc *d = NULL;
	for (long nr = 0; nr < SYSCALL_TABLE_SIZE && !d; nr++) {
		const struct syscall_desc *r = syscall_desc_lookup(nr);
		if (r && !r->handler && !r->refused_errno)
			d = r;
	}
	cr_assert_not_null(d, "every row is implemented or refused");
	struct syscall_args a = { { 0 } };
	syscall_reset_counts();
	char *text = NULL;
	size_t size = 0;
	FILE *log = open_memstream(&text, &size);
	syscall_set_unimplemented_log(log);
	cr_assert_eq(syscall_dispatch(NULL, d->nr, &a), -ENOSYS);
	cr_assert_eq(syscall_dispatch(NULL, d->nr, &a), -ENOSYS);
	syscall_set_unimplemented_log(NULL);
	cr_assert_eq(syscall_unimplemented_count(d->nr), 2);
	syscall_report_unimplemented(log);
	fclose(log);
	char want[128];
	snprintf(want, sizeof(want), "%s (%d): 2 unimplemented", d->name, d->nr);
	cr_assert_not_null(strstr(text, want), "%s", text);
	/* Logged once, not twice. */
	char *first = strstr(text, "ENOSYS");
	cr_assert_not_null(first);
	cr_assert_null(strstr(first + 1, "ENOSYS"));
	free(text);
}

Test(table, compat_list)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	syscall_table_print_compat(f);
	fclose(f);
	cr_assert(strncmp(text, "| nr | name | status |\n", 23) == 0);
	cr_assert_not_null(strstr(text, "| 184 | tuxcall | implemented |\n"));
	cr_assert_not_null(strstr(text, "| 246 | kexec_load | refused: EPERM (the sandbox cannot load a kernel) |\n"));
	cr_assert_not_null(strstr(text, "| 425 | io_uring_setup | refused: ENOSYS (io_uring is not supported) |\n"));
	cr_assert_null(strstr(text, "| 335 |"));
	free(text);
}
