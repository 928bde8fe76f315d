/* The seccomp-trap platform's syscall-site pattern checker
 * (platform/systrap_rewrite.c): which byte sequences ending in a trapped
 * `syscall` may be rewritten, for which call numbers. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include "platform/systrap_rewrite.h"

/* The site's bytes in hex, after the byte before; rdi as the trap saw. */
static enum systrap_site_kind check_after(uint8_t before, const char *hex, long nr, uint64_t rdi)
{
	uint8_t code[SYSTRAP_CHECK_LEN];
	cr_assert_eq(strlen(hex), 2 * SYSTRAP_SITE_LEN);
	code[0] = before;
	for (int i = 0; i < SYSTRAP_SITE_LEN; i++) {
		unsigned v;
		cr_assert_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
		code[i + 1] = (uint8_t)v;
	}
	return systrap_site_check(code, nr, rdi);
}

/* After a ret (c3), with rdi 0. */
static enum systrap_site_kind check(const char *hex, long nr)
{
	return check_after(0xc3, hex, nr, 0);
}

Test(systrap_rewrite, mov_eax_sites)
{
	cr_assert_eq(check("b8270000000f05", SYS_getpid), SYSTRAP_SITE_MOV_EAX);
	cr_assert_eq(check("b8110000000f05", SYS_pread64), SYSTRAP_SITE_MOV_EAX);
	cr_assert_eq(check("b8000000000f05", SYS_read), SYSTRAP_SITE_MOV_EAX);
	cr_assert_eq(check("b8010100000f05", SYS_openat), SYSTRAP_SITE_MOV_EAX);
}

Test(systrap_rewrite, immediate_must_be_the_trapped_call)
{
	/* The trap's number came from elsewhere (a jump to the syscall). */
	cr_assert_eq(check("b8270000000f05", SYS_getppid), SYSTRAP_SITE_NONE);
	cr_assert_eq(check("b8ffffffff0f05", -1), SYSTRAP_SITE_NONE);
}

Test(systrap_rewrite, calls_outside_the_fast_set)
{
	static const long nrs[] = { SYS_rt_sigreturn, SYS_clone, SYS_clone3, SYS_fork,
				    SYS_vfork, SYS_execve, SYS_execveat, SYS_exit,
				    SYS_exit_group, SYS_arch_prctl, SYS_futex,
				    SYS_clock_gettime, SYS_rt_sigsuspend, SYS_sigaltstack };
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		uint8_t code[SYSTRAP_CHECK_LEN] = { 0xc3, 0xb8, 0, 0, 0, 0, 0x0f, 0x05 };
		uint32_t imm = (uint32_t)nrs[i];
		memcpy(code + 2, &imm, 4);
		cr_assert_eq(systrap_site_check(code, nrs[i], 0), SYSTRAP_SITE_NONE, "nr %ld", nrs[i]);
		cr_assert(!systrap_fast_call_allowed(nrs[i]));
	}
	cr_assert(systrap_fast_call_allowed(SYS_getpid));
	cr_assert(!systrap_fast_call_allowed(-1));
	cr_assert(!systrap_fast_call_allowed(100000));
}

Test(systrap_rewrite, glibc_syscall_function)
{
	/* mov 0x8(%rsp), %r9; syscall: any number (checked at run time). */
	cr_assert_eq(check("4c8b4c24080f05", SYS_getpid), SYSTRAP_SITE_SYSCALL_FN);
	cr_assert_eq(check("4c8b4c24080f05", SYS_clone), SYSTRAP_SITE_SYSCALL_FN);
	/* Other displacements or registers are not that function. */
	cr_assert_eq(check("4c8b4c24100f05", SYS_getpid), SYSTRAP_SITE_NONE);
	cr_assert_eq(check("4c8b4424080f05", SYS_getpid), SYSTRAP_SITE_NONE);
}

Test(systrap_rewrite, mov_edi_sites)
{
	/* mov $AT_FDCWD, %edi; syscall (ld.so's openat): the immediate must
	 * be what the trap saw in rdi (zero-extended), and the trapped call
	 * one the fast path takes (the stub checks the number again). */
	cr_assert_eq(check_after(0xc3, "bf9cffffff0f05", SYS_openat, 0xffffff9cULL),
		     SYSTRAP_SITE_MOV_EDI);
	cr_assert_eq(check_after(0xc3, "bf000000000f05", SYS_exit_group, 0), SYSTRAP_SITE_NONE);
	cr_assert_eq(check_after(0xc3, "bf9cffffff0f05", -1, 0xffffff9cULL), SYSTRAP_SITE_NONE,
		     "traps that disagreed on the number");
	cr_assert_eq(check_after(0xc3, "bf9cffffff0f05", SYS_openat, (uint64_t)-100),
		     SYSTRAP_SITE_NONE, "rdi not zero-extended: not loaded here");
	cr_assert_eq(check_after(0xc3, "bf9cffffff0f05", SYS_openat, 3), SYSTRAP_SITE_NONE);
}

Test(systrap_rewrite, prefix_before_the_site_refused)
{
	/* 41 b8 imm32 is mov $imm, %r8d; 41 bf imm32 mov $imm, %r15d. */
	cr_assert_eq(check_after(0x41, "b8270000000f05", SYS_getpid, 0), SYSTRAP_SITE_NONE);
	cr_assert_eq(check_after(0x41, "bf030000000f05", SYS_read, 3), SYSTRAP_SITE_NONE);
	cr_assert_eq(check_after(0x66, "b8270000000f05", SYS_getpid, 0), SYSTRAP_SITE_NONE);
	cr_assert_eq(check_after(0x90, "b8270000000f05", SYS_getpid, 0), SYSTRAP_SITE_MOV_EAX);
}

Test(systrap_rewrite, other_instructions_refused)
{
	/* Not a syscall at the end (sysenter, int 0x80 pairs, junk). */
	cr_assert_eq(check("b8270000000f34", SYS_getpid), SYSTRAP_SITE_NONE);
	cr_assert_eq(check("b827000000cd80", SYS_getpid), SYSTRAP_SITE_NONE);
	/* mov $imm, %r8d (41 b8 ...) ends with b8-like bytes but is 6 long. */
	cr_assert_eq(check("41b82700000f05", SYS_getpid), SYSTRAP_SITE_NONE);
	/* 2-byte and 3-byte moves before the syscall. */
	cr_assert_eq(check("90909031c00f05", SYS_read), SYSTRAP_SITE_NONE);
	cr_assert_eq(check("90904889f80f05", SYS_getpid), SYSTRAP_SITE_NONE);
	/* An already patched site (jmp rel32). */
	cr_assert_eq(check("e9123456000f05", SYS_getpid), SYSTRAP_SITE_NONE);
	/* int3 in place of the first byte (a patch being written). */
	cr_assert_eq(check("cc270000000f05", SYS_getpid), SYSTRAP_SITE_NONE);
}
