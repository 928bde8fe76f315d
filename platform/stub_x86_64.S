/* The stub: the first and only host image of every app process.
 *
 * The sentry host-execs this tiny static program (from a memfd) to get a
 * fresh address space, then loads the app's ELF into it itself. The stub's
 * code is only ever run under the sentry's control:
 *   stub_syscall: `syscall; int3` - the sentry points rip here to make a host
 *                 call inside the app's address space and regains control at
 *                 the int3.
 *   stub_clone:   the same for clone; the child does not trap but spins in
 *                 stub_child_loop making a call that the seccomp filter
 *                 answers ENOSYS while nobody traces it, and that stops it
 *                 as soon as its new sentry thread has attached; it yields
 *                 the CPU in between so the adopting thread gets to run.
 * The layout is fixed by .org so the sentry can find each entry from e_entry. */
	.text
	.globl _start
_start:
	int3
	jmp _start

	.org 0x10
stub_syscall:
	syscall
	int3

	.org 0x20
stub_clone:
	syscall
	test %rax, %rax
	jnz 1f
stub_child_loop:
	mov $186, %eax /* gettid: emulated, so RET_TRACE; ENOSYS when untraced */
	syscall
	mov $24, %eax  /* sched_yield (passthrough): let the adopting thread run */
	syscall
	jmp stub_child_loop
1:
	int3

	.bss
	.balign 4096
	.globl stub_scratch
stub_scratch:
	.space 4096

	.section .note.GNU-stack,"",@progbits
