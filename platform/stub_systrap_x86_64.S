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

/* The fast entry of rewritten syscall sites (platform/systrap_rewrite.c).
 * A site's trampoline jumps here with the call's number in rax, its
 * arguments in place, and rcx = the address after the site's original
 * `syscall` instruction (which is still there): rcx and r11 are ours, the
 * `syscall` instruction clobbers them anyway. Nothing is pushed on the
 * app's stack (its red zone stays intact).
 *
 * The thread's slot is found through the GS base, which the stub keeps at
 * the slot while the app has not set its own. If the GS base is not a
 * slot, or the stub knows no XSAVE layout, the call falls back to the
 * original `syscall` instruction at rcx-2, which traps through SIGSYS as
 * if the site had never been patched.
 *
 * rflags: the arithmetic flags are not preserved across a fast call (the
 * entry compares), DF is cleared for the C code and not restored, r11
 * reads back as rflags at entry, as after a native syscall. */
	.globl systrap_fast_entry_dyn, systrap_fast_entry
/* From a syscall()-style site: the number is only known now. */
systrap_fast_entry_dyn:
	cmp $SYSTRAP_FAST_MAX_NR, %rax
	jae 1f
	bt %rax, systrap_fast_allow(%rip)
	jc systrap_fast_entry
1:	sub $2, %rcx
	jmp *%rcx

systrap_fast_entry:
	cmpq $0, systrap_fast_xfeatures(%rip)
	je 1b
	rdgsbase %r11
	test $(SYSTRAP_SLOT_SIZE - 1), %r11d
	jnz 1b
	shr $24, %r11
	cmp $(SYSTRAP_CTX_BASE >> 24), %r11
	jne 1b
	/* Save the registers through GS: the record is not under any frame
	 * the kernel may push for a kick before rsp is on the slot. */
	mov %r8, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R8)
	mov %r9, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R9)
	mov %r10, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R10)
	mov %r12, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R12)
	mov %r13, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R13)
	mov %r14, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R14)
	mov %r15, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R15)
	mov %rdi, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RDI)
	mov %rsi, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RSI)
	mov %rbp, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RBP)
	mov %rbx, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RBX)
	mov %rdx, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RDX)
	mov %rax, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RAX)
	mov %rcx, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RCX)
	mov %rcx, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RIP)
	mov %rsp, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RSP)
	rdgsbase %rsp
	add $SYSTRAP_FAST_STACK_TOP, %rsp
	pushfq
	pop %r11
	mov %r11, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R11)
	mov %r11, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_EFLAGS)
	/* The FPU state stays in the registers: saved only on demand
	 * (stub_systrap.c's fast_save_fp). */
	cld
	rdgsbase %rdi
	add $SYSTRAP_FAST_UC_OFF, %rdi
	call systrap_fast_dispatch
	test %eax, %eax
	jz systrap_fast_sigreturn

/* The fast resume window: like systrap_resume_window, a kick noted by a
 * nested handler anywhere in [window, last] moves rip back to the start,
 * where kick_seen is tested again. Everything here addresses the slot
 * through GS (rsp becomes the app's before the last jump), and only reads
 * the record, so it can start over at any point. */
	.globl systrap_fast_window, systrap_fast_window_last
systrap_fast_window:
	cmpl $0, %gs:12 /* struct systrap_ctx.kick_seen */
	jne 2f
	cmpq $0, %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_FPSTATE)
	je 3f /* never saved: the registers still hold it */
	mov systrap_fast_xfeatures(%rip), %eax
	mov systrap_fast_xfeatures+4(%rip), %edx
	xrstor %gs:SYSTRAP_FAST_XSAVE_OFF
3:	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R8), %r8
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R9), %r9
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R10), %r10
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R11), %r11
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R12), %r12
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R13), %r13
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R14), %r14
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_R15), %r15
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RDI), %rdi
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RSI), %rsi
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RBP), %rbp
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RBX), %rbx
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RDX), %rdx
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RAX), %rax
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RCX), %rcx
	mov %gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RSP), %rsp
systrap_fast_window_last:
	jmp *%gs:(SYSTRAP_FAST_UC_OFF + SYSTRAP_UC_RIP)
2:	rdgsbase %rsp
	add $SYSTRAP_FAST_STACK_TOP, %rsp
	cld
	rdgsbase %rdi
	add $SYSTRAP_FAST_UC_OFF, %rdi
	call systrap_fast_kick
	test %eax, %eax
	jnz systrap_fast_window
/* The sentry moved the GS base away from the slot (the app set its own):
 * the record is a complete signal frame (systrap_fast_dispatch filled it
 * in), so return through rt_sigreturn like a SIGSYS. rsp is on the slot. */
systrap_fast_sigreturn:
	mov %rsp, %rax
	and $-SYSTRAP_SLOT_SIZE, %rax
	lea SYSTRAP_FAST_UC_OFF(%rax), %rsp
	jmp systrap_resume_window

	.bss
	.balign 16
/* The first stack of a forked child: private to each process after fork,
 * and only used until the child's first trap. */
	.globl systrap_boot_stack_top
	.space 8192
systrap_boot_stack_top:

	.section .note.GNU-stack,"",@progbits
