/* The syscall table and dispatcher, generated from the one list
 * (syscall_list_x86_64.h). Owns the per-number ENOSYS/refusal counters. */
#include "syscalls/table.h"

#include <stdatomic.h>
#include <string.h>
#include "syscalls/errno_names.h"

/* Every handler is a weak reference: a family file that defines sys_<name>
 * fills the row, and a row nobody implements stays NULL (ENOSYS). The core
 * is an object library, so every definition is linked in and resolves
 * these references (an archive would not pull members for weak refs). */
#define SYSCALL(nr, name, nargs, ret, a0, a1, a2, a3, a4, a5) \
	long sys_##name(struct task *t, const struct syscall_args *args) __attribute__((weak));
#define SYSCALL_REFUSED(nr, name, nargs, err, reason)
#include "syscalls/syscall_list_x86_64.h"
#undef SYSCALL
#undef SYSCALL_REFUSED

static const struct syscall_desc table[SYSCALL_TABLE_SIZE] = {
#define SYSCALL(nr_, name_, nargs_, ret_, a0, a1, a2, a3, a4, a5) \
	[nr_] = { .nr = nr_, .name = #name_, .handler = sys_##name_, \
		  .nargs = nargs_, .ret_fmt = SR_##ret_, \
		  .arg_fmt = { SF_##a0, SF_##a1, SF_##a2, SF_##a3, SF_##a4, SF_##a5 } },
#define SYSCALL_REFUSED(nr_, name_, nargs_, err_, reason_) \
	[nr_] = { .nr = nr_, .name = #name_, .nargs = nargs_, .ret_fmt = SR_INT, \
		  .arg_fmt = { SF_HEX, SF_HEX, SF_HEX, SF_HEX, SF_HEX, SF_HEX }, \
		  .refused_errno = err_, .refused_reason = reason_ },
#include "syscalls/syscall_list_x86_64.h"
#undef SYSCALL
#undef SYSCALL_REFUSED
};

/* Counters: one per number, and one shared by numbers with no row. */
static _Atomic uint64_t unimplemented[SYSCALL_TABLE_SIZE];
static _Atomic uint64_t refused[SYSCALL_TABLE_SIZE];
static _Atomic uint64_t unknown_count;
static _Atomic long unknown_last = -1;
static _Atomic(FILE *) unimplemented_log;

const struct syscall_desc *syscall_desc_lookup(long nr)
{
	if (nr < 0 || nr >= SYSCALL_TABLE_SIZE || table[nr].name == NULL)
		return NULL;
	return &table[nr];
}

const struct syscall_desc *syscall_desc_by_name(const char *name)
{
	for (int i = 0; i < SYSCALL_TABLE_SIZE; i++)
		if (table[i].name && strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

static void log_first(const char *what, long nr, const char *name)
{
	FILE *log = atomic_load_explicit(&unimplemented_log, memory_order_relaxed);
	if (log)
		fprintf(log, "sentry: %s syscall %s (%ld): ENOSYS\n", what, name, nr);
}

long syscall_dispatch(struct task *t, long nr, const struct syscall_args *args)
{
	const struct syscall_desc *d = syscall_desc_lookup(nr);
	if (d == NULL) {
		atomic_store_explicit(&unknown_last, nr, memory_order_relaxed);
		if (atomic_fetch_add_explicit(&unknown_count, 1, memory_order_relaxed) == 0)
			log_first("unknown", nr, "?");
		return -ENOSYS;
	}
	if (d->handler) {
		long r = d->handler(t, args);
		/* A handler's ENOSYS is a feature of the call we lack (openat2's
		 * RESOLVE_* flags...): counted and reported like a missing row. */
		if (r == -ENOSYS &&
		    atomic_fetch_add_explicit(&unimplemented[nr], 1, memory_order_relaxed) == 0)
			log_first("partly implemented", nr, d->name);
		return r;
	}
	if (d->refused_errno) {
		atomic_fetch_add_explicit(&refused[nr], 1, memory_order_relaxed);
		return -d->refused_errno;
	}
	if (atomic_fetch_add_explicit(&unimplemented[nr], 1, memory_order_relaxed) == 0)
		log_first("unimplemented", nr, d->name);
	return -ENOSYS;
}

uint64_t syscall_unimplemented_count(long nr)
{
	if (syscall_desc_lookup(nr) == NULL)
		return atomic_load_explicit(&unknown_count, memory_order_relaxed);
	return atomic_load_explicit(&unimplemented[nr], memory_order_relaxed);
}

uint64_t syscall_refused_count(long nr)
{
	if (syscall_desc_lookup(nr) == NULL)
		return 0;
	return atomic_load_explicit(&refused[nr], memory_order_relaxed);
}

void syscall_report_unimplemented(FILE *out)
{
	for (int i = 0; i < SYSCALL_TABLE_SIZE; i++) {
		uint64_t n = atomic_load_explicit(&unimplemented[i], memory_order_relaxed);
		if (n)
			fprintf(out, "%s (%d): %llu unimplemented\n", table[i].name, i,
				(unsigned long long)n);
		n = atomic_load_explicit(&refused[i], memory_order_relaxed);
		if (n)
			fprintf(out, "%s (%d): %llu refused (%s)\n", table[i].name, i,
				(unsigned long long)n, errno_name(table[i].refused_errno));
	}
	uint64_t n = atomic_load_explicit(&unknown_count, memory_order_relaxed);
	if (n)
		fprintf(out, "unknown numbers (last %ld): %llu\n",
			atomic_load_explicit(&unknown_last, memory_order_relaxed),
			(unsigned long long)n);
}

void syscall_reset_counts(void)
{
	for (int i = 0; i < SYSCALL_TABLE_SIZE; i++) {
		atomic_store(&unimplemented[i], 0);
		atomic_store(&refused[i], 0);
	}
	atomic_store(&unknown_count, 0);
	atomic_store(&unknown_last, -1);
}

void syscall_set_unimplemented_log(FILE *out)
{
	atomic_store(&unimplemented_log, out);
}

void syscall_table_print_compat(FILE *out)
{
	int implemented = 0, refusals = 0, missing = 0;
	fprintf(out, "| nr | name | status |\n|---:|---|---|\n");
	for (int i = 0; i < SYSCALL_TABLE_SIZE; i++) {
		const struct syscall_desc *d = &table[i];
		if (d->name == NULL)
			continue;
		if (d->handler) {
			implemented++;
			fprintf(out, "| %d | %s | implemented |\n", i, d->name);
		} else if (d->refused_errno) {
			refusals++;
			fprintf(out, "| %d | %s | refused: %s (%s) |\n", i, d->name,
				errno_name(d->refused_errno), d->refused_reason);
		} else {
			missing++;
			fprintf(out, "| %d | %s | ENOSYS (not implemented) |\n", i, d->name);
		}
	}
	fprintf(out, "\n%d implemented, %d refused, %d not implemented.\n",
		implemented, refusals, missing);
}
