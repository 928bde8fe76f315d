/* The seccomp-trap platform's stub: entry points that must be assembly.
 * The logic is in stub_systrap.c; both are linked into one tiny static
 * program that the sentry host-execs as the first image of every app
 * process (see seccomp_trap.c).
 *
 * The app filter lets a few host calls through only when they are made
 * from the `syscall` instructions labelled *_site below (the filter sees
 * the address after the instruction, so it tests label+2). */
#include "platform/seccomp_trap_abi.h"

	.text
	.globl _start
_start:
	mov %rsp, %rdi
	and $-16, %rsp
	call systrap_start_main
	ud2

/* long systrap_syscall6(nr, a1, a2, a3, a4, a5, a6): every host call the
 * stub makes for itself or for the sentry, but sigreturn and clone. */
	.globl systrap_syscall6, systrap_syscall_site
systrap_syscall6:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	mov %r8, %r10
	mov %r9, %r8
	mov 8(%rsp), %r9
systrap_syscall_site:
	syscall
	ret

/* The first trap of a new host thread: getpid from here is not a stub
 * call site, so the filter answers SECCOMP_RET_TRAP and the SIGSYS handler
 * reports the thread to the sentry, which then rewrites every register. */
	.globl systrap_startup_trap, systrap_startup_site
systrap_startup_trap:
	mov $39, %eax
systrap_startup_site:
	syscall
	ud2

/* long systrap_clone(flags, child_sp, region_fd, child_slot): the child
 * starts on child_sp in systrap_child_main(region_fd, child_slot). */
	.globl systrap_clone, systrap_clone_site
systrap_clone:
	push %r12
	push %r13
	mov %rdx, %r12
	mov %rcx, %r13
	mov $56, %eax
	xor %edx, %edx
	xor %r10d, %r10d
	xor %r8d, %r8d
systrap_clone_site:
	syscall
	test %rax, %rax
	jz 1f
	pop %r13
	pop %r12
	ret
1:	mov %r12, %rdi
	mov %r13, %rsi
	call systrap_child_main
	ud2

/* The handler of every signal the stub catches (SA_SIGINFO|SA_ONSTACK).
 * The kernel entered with rsp at the frame's return address (rsp+8 16-byte
 * aligned) and the ucontext right above it. systrap_dispatch returns 1 to
 * go back to app code through the resume window, 0 to return plainly (a
 * kick that interrupted the stub itself). */
	.globl systrap_signal_entry
systrap_signal_entry:
	sub $8, %rsp
	call systrap_dispatch
	add $16, %rsp /* the pad and the return address: rsp = &uc */
	test %eax, %eax
	jz systrap_plain_return

/* The resume window: a kick noted by a nested handler before the
 * rt_sigreturn below has run must not be lost, so the nested handler
 * moves an interrupted rip anywhere in [window, sigreturn_site] back to
 * the window's start, where kick_seen is tested again. */
	.globl systrap_resume_window, systrap_sigreturn_site
systrap_resume_window:
	mov %rsp, %rax
	and $-SYSTRAP_SLOT_SIZE, %rax
	cmpl $0, 12(%rax) /* struct systrap_ctx.kick_seen */
	jne 1f
	mov $15, %eax
systrap_sigreturn_site:
	syscall
	ud2
1:	mov %rsp, %rdi
	call systrap_kick_at_resume
	jmp systrap_resume_window

/* Plain return (also the SA_RESTORER, which the entry above never uses). */
	.globl systrap_plain_return, systrap_plain_sigreturn_site
systrap_plain_return:
	mov $15, %eax
systrap_plain_sigreturn_site:
	syscall
	ud2

	.bss
	.balign 16
/* The first stack of a forked child: private to each process after fork,
 * and only used until the child's first trap. */
	.globl systrap_boot_stack_top
	.space 8192
systrap_boot_stack_top:

	.section .note.GNU-stack,"",@progbits
