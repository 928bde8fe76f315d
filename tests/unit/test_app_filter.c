/* The app processes' seccomp filter (platform/app_filter.c), checked by
 * running the generated classic BPF over every syscall number with a small
 * interpreter: exactly the passthrough rows are allowed, with their
 * argument constraints; everything else traps to the sentry. */
#include <criterion/criterion.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include "platform/app_filter.h"
#include "tests/unit/bpf_test_util.h"

/* The filter's answer to syscall nr (with its first two arguments) made
 * under arch. */
static uint32_t verdict_arch(uint32_t arch, int nr, uint64_t arg0, uint64_t arg1)
{
	static struct sock_filter prog[256];
	int len = app_filter_build(prog, 256);
	cr_assert_gt(len, 0);
	struct seccomp_data d;
	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = arch;
	d.args[0] = arg0;
	d.args[1] = arg1;
	return run_bpf(prog, len, &d);
}

static uint32_t verdict(int nr, uint64_t arg0, uint64_t arg1)
{
	return verdict_arch(AUDIT_ARCH_X86_64, nr, arg0, arg1);
}

Test(app_filter, passthrough_set_is_pinned)
{
	/* Changing the passthrough set is a security decision: update this
	 * count and the table's comments together. */
	cr_assert_eq(passthrough_rule_count, 6);
}

Test(app_filter, only_passthrough_rows_are_allowed)
{
	int allowed = 0;
	for (int nr = 0; nr < 512; nr++) {
		uint32_t v = verdict(nr, 0, 0);
		cr_assert(v == SECCOMP_RET_ALLOW || v == SECCOMP_RET_TRACE, "nr %d", nr);
		if (v == SECCOMP_RET_ALLOW) {
			bool listed = false;
			for (size_t i = 0; i < passthrough_rule_count; i++)
				listed |= passthrough_rules[i].nr == nr;
			cr_assert(listed, "nr %d allowed but not a passthrough row", nr);
			allowed++;
		}
	}
	/* With zero arguments every row passes (futex op 0 is FUTEX_WAIT). */
	cr_assert_eq(allowed, 6);
}

Test(app_filter, sensitive_calls_trap)
{
	const int trapped[] = { SYS_open, SYS_openat, SYS_execve, SYS_kill, SYS_ptrace,
				SYS_mmap, SYS_clone, SYS_socket, SYS_getpid, SYS_read };
	for (size_t i = 0; i < sizeof(trapped) / sizeof(trapped[0]); i++)
		cr_assert_eq(verdict(trapped[i], 0, 0), SECCOMP_RET_TRACE, "nr %d", trapped[i]);
}

Test(app_filter, futex_only_plain_ops)
{
	/* op is argument 1; the PI and requeue-PI operations must trap. */
	cr_assert_eq(verdict(SYS_futex, 0, FUTEX_WAKE | FUTEX_PRIVATE_FLAG), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict(SYS_futex, 0, FUTEX_LOCK_PI), SECCOMP_RET_TRACE);
	cr_assert_eq(verdict(SYS_futex, 0, FUTEX_WAIT_REQUEUE_PI), SECCOMP_RET_TRACE);
}

Test(app_filter, clocks_of_other_processes_trap)
{
	cr_assert_eq(verdict(SYS_clock_gettime, 1 /* MONOTONIC */, 0), SECCOMP_RET_ALLOW);
	/* A negative clock id names a process CPU clock by pid. */
	cr_assert_eq(verdict(SYS_clock_gettime, (uint64_t)-6, 0), SECCOMP_RET_TRACE);
	cr_assert_eq(verdict(SYS_clock_getres, (uint64_t)-6, 0), SECCOMP_RET_TRACE);
}

Test(app_filter, foreign_architecture_is_killed)
{
	cr_assert_eq(verdict_arch(AUDIT_ARCH_I386, SYS_getpid, 0, 0), SECCOMP_RET_KILL_PROCESS);
}
