/* The app processes' seccomp filter, built from one table of passthrough
 * rows: the only host syscalls an app may make without the sentry answering
 * them. Every other call stops at the sentry (SECCOMP_RET_TRACE), and a
 * call whose architecture is not x86_64 kills the process.
 *
 * Why each row is safe: none takes a file descriptor, a path or a pid, so
 * none can reach host objects (clock ids are limited to the fixed clocks); futex is limited to the address-keyed
 * operations (PI futexes would store host tids in app memory). */
#include <linux/audit.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/syscall.h>
#include "platform/app_filter.h"

static const int futex_plain_ops[] = {
	FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_WAKE_OP,
	FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, -1,
};

/* Only the fixed clocks: a negative clockid names another process's CPU
 * clock by host pid, which would reach outside the sandbox. */
static const int fixed_clocks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1 };

const struct passthrough_rule passthrough_rules[] = {
	{ SYS_futex, "futex", "address-keyed waits between the app's own threads",
	  1, ~(unsigned)(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME), futex_plain_ops },
	{ SYS_sched_yield, "sched_yield", "no arguments", 0, 0, NULL },
	{ SYS_clock_gettime, "clock_gettime", "reads a fixed clock (vDSO fallback)",
	  0, 0xffffffffu, fixed_clocks },
	{ SYS_clock_getres, "clock_getres", "reads a fixed clock's resolution",
	  0, 0xffffffffu, fixed_clocks },
	{ SYS_gettimeofday, "gettimeofday", "reads the clock only", 0, 0, NULL },
	{ SYS_time, "time", "reads the clock only", 0, 0, NULL },
};
const size_t passthrough_rule_count = sizeof(passthrough_rules) / sizeof(passthrough_rules[0]);

#define EMIT(code, k, jt, jf)                                      \
	do {                                                       \
		if (n >= cap)                                      \
			return -1;                                 \
		prog[n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf); \
	} while (0)

int app_filter_build(struct sock_filter *prog, size_t cap)
{
	size_t n = 0;
	EMIT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
	EMIT(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	EMIT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS, 0, 0);
	for (size_t i = 0; i < passthrough_rule_count; i++) {
		const struct passthrough_rule *r = &passthrough_rules[i];
		EMIT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
		if (!r->arg_values) {
			EMIT(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)r->nr, 0, 1);
			EMIT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
			continue;
		}
		size_t nvalues = 0;
		while (r->arg_values[nvalues] != -1)
			nvalues++;
		/* nr mismatch skips: load arg, mask, nvalues compares, 2 returns. */
		EMIT(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)r->nr, 0, (unsigned char)(nvalues + 4));
		EMIT(BPF_LD | BPF_W | BPF_ABS,
		     offsetof(struct seccomp_data, args) + 8 * r->arg_index, 0, 0);
		EMIT(BPF_ALU | BPF_AND | BPF_K, r->arg_mask, 0, 0);
		for (size_t v = 0; v < nvalues; v++)
			EMIT(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)r->arg_values[v],
			     (unsigned char)(nvalues - v), 0);
		EMIT(BPF_RET | BPF_K, SECCOMP_RET_TRACE, 0, 0);
		EMIT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	}
	EMIT(BPF_RET | BPF_K, SECCOMP_RET_TRACE, 0, 0);
	return (int)n;
}
