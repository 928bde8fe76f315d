/* The seccomp-trap platform's app filter (platform/seccomp_trap_filter.c)
 * and stub image (platform/seccomp_trap_image.c): the generated BPF is run
 * by a small interpreter over app calls and stub calls, to pin which calls
 * pass, from which instruction, with which arguments. */
#include <asm/prctl.h>
#include <criterion/criterion.h>
#include <sched.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <sys/resource.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include "platform/app_filter.h"
#include "tests/unit/bpf_test_util.h"
#include "platform/seccomp_trap.h"
#include "platform/seccomp_trap_abi.h"

static struct systrap_layout layout;
static struct sock_filter prog[SYSTRAP_FILTER_MAX];
static int prog_len;

static void setup(void)
{
	cr_assert_eq(systrap_image_layout(&layout), 0);
	prog_len = systrap_filter_build(prog, SYSTRAP_FILTER_MAX, &layout);
	cr_assert_gt(prog_len, 0);
}

/* ip: the address of the syscall instruction (the kernel reports +2). */
static uint32_t verdict_at(uint64_t ip, int nr, uint64_t arg0, uint64_t arg1)
{
	struct seccomp_data d;
	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = AUDIT_ARCH_X86_64;
	d.instruction_pointer = ip + 2;
	d.args[0] = arg0;
	d.args[1] = arg1;
	return run_bpf(prog, prog_len, &d);
}

#define APP_IP 0x401000ULL

TestSuite(systrap, .init = setup);

Test(systrap, image_layout)
{
	cr_assert(layout.syscall_site >= layout.lo && layout.syscall_site < layout.hi);
	cr_assert(layout.clone_site >= layout.lo && layout.clone_site < layout.hi);
	cr_assert(layout.sigreturn_site != layout.plain_sigreturn_site);
	/* The contexts lie right below the image, clear of it. */
	cr_assert_leq(SYSTRAP_CTX_BASE + SYSTRAP_REGION_SIZE, layout.lo);
	cr_assert_geq(systrap_image_memfd(), 0);
}

Test(systrap, app_calls_trap_and_passthrough_is_unchanged)
{
	/* Every call the ptrace filter traces, this one traps; every call it
	 * allows, this one allows: the passthrough table is shared. */
	static struct sock_filter app[256];
	int app_len = app_filter_build(app, 256);
	cr_assert_gt(app_len, 0);
	for (int nr = 0; nr < 460; nr++) {
		struct seccomp_data d;
		memset(&d, 0, sizeof(d));
		d.nr = nr;
		d.arch = AUDIT_ARCH_X86_64;
		d.instruction_pointer = APP_IP;
		uint32_t want = run_bpf(app, app_len, &d);
		uint32_t got = run_bpf(prog, prog_len, &d);
		if (want == SECCOMP_RET_TRACE)
			cr_assert_eq(got, SECCOMP_RET_TRAP, "nr %d", nr);
		else
			cr_assert_eq(got, want, "nr %d", nr);
	}
	cr_assert_eq(verdict_at(APP_IP, SYS_futex, 0, FUTEX_WAIT_PRIVATE), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(APP_IP, SYS_futex, 0, FUTEX_LOCK_PI), SECCOMP_RET_TRAP);
}

Test(systrap, foreign_architecture_is_killed)
{
	struct seccomp_data d;
	memset(&d, 0, sizeof(d));
	d.nr = SYS_getpid;
	d.arch = AUDIT_ARCH_I386;
	d.instruction_pointer = layout.syscall_site + 2;
	cr_assert_eq(run_bpf(prog, prog_len, &d), SECCOMP_RET_KILL_PROCESS);
}

Test(systrap, stub_calls_only_from_the_stub)
{
	const int stub_only[] = { SYS_mmap, SYS_munmap, SYS_mprotect, SYS_mremap, SYS_madvise,
				  SYS_rt_sigprocmask, SYS_sigaltstack, SYS_getppid, SYS_exit };
	for (size_t i = 0; i < sizeof(stub_only) / sizeof(stub_only[0]); i++) {
		cr_assert_eq(verdict_at(layout.syscall_site, stub_only[i], 0, 0), SECCOMP_RET_ALLOW,
			     "nr %d from the stub", stub_only[i]);
		cr_assert_eq(verdict_at(APP_IP, stub_only[i], 0, 0), SECCOMP_RET_TRAP,
			     "nr %d from the app", stub_only[i]);
		/* Same low word, another high word: still the app. */
		cr_assert_eq(verdict_at(layout.syscall_site - 0x100000000ULL, stub_only[i], 0, 0),
			     SECCOMP_RET_TRAP);
		/* Another instruction of the stub: not a call site. */
		cr_assert_eq(verdict_at(layout.syscall_site + 1, stub_only[i], 0, 0),
			     SECCOMP_RET_TRAP);
	}
	/* Anything else from the stub's site traps like an app call. */
	cr_assert_eq(verdict_at(layout.syscall_site, SYS_execve, 0, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(layout.syscall_site, SYS_openat, 0, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(layout.syscall_site, SYS_ptrace, 0, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(layout.syscall_site, SYS_clone, SYSTRAP_CLONE_FORK, 0),
		     SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(layout.syscall_site, SYS_rt_sigreturn, 0, 0), SECCOMP_RET_TRAP);
	/* The passthrough futex still passes from the stub (its hand-over). */
	cr_assert_eq(verdict_at(layout.syscall_site, SYS_futex, 0, FUTEX_WAIT), SECCOMP_RET_ALLOW);
}

Test(systrap, fd_arguments_are_pinned)
{
	uint64_t site = layout.syscall_site;
	cr_assert_eq(verdict_at(site, SYS_recvmsg, STUB_FD_CONTROL, 0), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_recvmsg, 0, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(site, SYS_recvmsg, STUB_FD_IMAGE, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(site, SYS_close, 0, 0), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_close, 17, 0), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_close, STUB_FD_IMAGE, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(site, SYS_close, STUB_FD_CONTROL, 0), SECCOMP_RET_TRAP);
	/* The kernel truncates fds to 32 bits: so does the check. */
	cr_assert_eq(verdict_at(site, SYS_close, (1ULL << 32) | STUB_FD_CONTROL, 0),
		     SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(site, SYS_arch_prctl, ARCH_SET_FS, 0), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_arch_prctl, ARCH_GET_GS, 0), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_arch_prctl, ARCH_SET_CPUID, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(site, SYS_prctl, 1 /* PR_SET_PDEATHSIG */, 9), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_prctl, 22 /* PR_SET_SECCOMP */, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(APP_IP, SYS_prctl, 1, 9), SECCOMP_RET_TRAP);
	/* getrusage: the stub's own usage (an exiting process's peak RSS). */
	cr_assert_eq(verdict_at(site, SYS_getrusage, RUSAGE_SELF, 0), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_getrusage, RUSAGE_CHILDREN, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(APP_IP, SYS_getrusage, RUSAGE_SELF, 0), SECCOMP_RET_TRAP);
	/* membarrier: only the rewriter's core serialisation, from the stub. */
	cr_assert_eq(verdict_at(site, SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0),
		     SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_membarrier,
				MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0),
		     SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(APP_IP, SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0),
		     SECCOMP_RET_TRAP);
	/* sched_setscheduler: an exiting stub makes itself SCHED_IDLE, and
	 * nothing else (no other process, no other policy). */
	cr_assert_eq(verdict_at(site, SYS_sched_setscheduler, 0, SCHED_IDLE), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_sched_setscheduler, 0, SCHED_FIFO), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(site, SYS_sched_setscheduler, 1, SCHED_IDLE), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(APP_IP, SYS_sched_setscheduler, 0, SCHED_IDLE), SECCOMP_RET_TRAP);
}

Test(systrap, sigreturn_and_clone_sites)
{
	cr_assert_eq(verdict_at(layout.sigreturn_site, SYS_rt_sigreturn, 0, 0), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(layout.plain_sigreturn_site, SYS_rt_sigreturn, 0, 0),
		     SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(APP_IP, SYS_rt_sigreturn, 0, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(layout.sigreturn_site, SYS_mmap, 0, 0), SECCOMP_RET_TRAP);

	uint64_t site = layout.clone_site;
	cr_assert_eq(verdict_at(site, SYS_clone, SYSTRAP_CLONE_THREAD, 0), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_clone, SYSTRAP_CLONE_FORK, 0), SECCOMP_RET_ALLOW);
	cr_assert_eq(verdict_at(site, SYS_clone, SYSTRAP_CLONE_FORK | 17 /* SIGCHLD */, 0),
		     SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(site, SYS_clone, SYSTRAP_CLONE_THREAD | 0x10000000 /* NEWUSER */, 0),
		     SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(site, SYS_clone3, 0, 0), SECCOMP_RET_TRAP);
	cr_assert_eq(verdict_at(APP_IP, SYS_clone, SYSTRAP_CLONE_THREAD, 0), SECCOMP_RET_TRAP);
}

Test(systrap, filter_fits_the_context)
{
	cr_assert_leq((size_t)prog_len * sizeof(struct sock_filter),
		      SYSTRAP_BOOT_STACK_TOP - SYSTRAP_FILTER_OFF);
	cr_assert_leq(sizeof(struct systrap_ctx), SYSTRAP_FILTER_OFF);
}
