/* The sentry's host allowlist (sentry/host_filter.c) is data: these tests
 * pin its size and check calls that must never be in it. */
#include <criterion/criterion.h>
#include <sys/syscall.h>
#include "sentry/host_filter.h"

Test(host_filter, size_is_pinned)
{
	/* Growing the sentry's host surface is a security decision: update
	 * this count together with the row's reason. */
	cr_assert_eq(host_filter_rule_count(), 133);
}

Test(host_filter, dangerous_calls_are_not_listed)
{
	const int never[] = { SYS_mount, SYS_umount2, SYS_pivot_root, SYS_reboot, SYS_kexec_load,
			      SYS_init_module, SYS_finit_module, SYS_bpf, SYS_perf_event_open,
			      SYS_setns, SYS_unshare, SYS_socket, SYS_connect, SYS_bind,
			      SYS_open_by_handle_at, SYS_name_to_handle_at, SYS_keyctl,
			      SYS_add_key };
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		cr_assert_not(host_filter_syscall_allowed(never[i]), "syscall %d is allowed", never[i]);
}

Test(host_filter, what_the_platforms_need_is_listed)
{
	const int needed[] = { SYS_ptrace, SYS_wait4, SYS_process_vm_readv, SYS_process_vm_writev,
			       SYS_futex, SYS_sendmsg, SYS_execveat, SYS_seccomp, SYS_clone3 };
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		cr_assert(host_filter_syscall_allowed(needed[i]), "syscall %d is missing", needed[i]);
}

Test(host_filter, priority_changes_are_pinned)
{
	/* Only "make myself SCHED_IDLE" (an exiting stub): never a raise. */
	cr_assert(host_filter_syscall_allowed(SYS_sched_setscheduler));
	cr_assert_eq(host_filter_pinned_args(SYS_sched_setscheduler), 2);
	cr_assert_not(host_filter_syscall_allowed(SYS_sched_setattr));
	cr_assert_not(host_filter_syscall_allowed(SYS_setpriority));
}
