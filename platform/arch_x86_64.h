/* x86_64 registers and syscall ABI as the sentry sees them. */
#pragma once
#include <stdint.h>
#include <sys/user.h>

/* General registers: the kernel's pt_regs layout as ptrace exposes it. */
struct arch_regs {
	struct user_regs_struct gp;
};

/* Syscall ABI: number in rax (orig_rax after entry), args in rdi, rsi, rdx,
 * r10, r8, r9, result in rax. */
static inline long arch_syscall_nr(const struct arch_regs *r) { return (long)r->gp.orig_rax; }
static inline uint64_t arch_syscall_arg(const struct arch_regs *r, int i)
{
	switch (i) {
	case 0: return r->gp.rdi;
	case 1: return r->gp.rsi;
	case 2: return r->gp.rdx;
	case 3: return r->gp.r10;
	case 4: return r->gp.r8;
	default: return r->gp.r9;
	}
}
static inline void arch_set_return(struct arch_regs *r, long v) { r->gp.rax = (uint64_t)v; }
static inline uint64_t arch_ip(const struct arch_regs *r) { return r->gp.rip; }
static inline uint64_t arch_sp(const struct arch_regs *r) { return r->gp.rsp; }
/* Rewinds ip over the 2-byte `syscall` instruction so it runs again. */
static inline void arch_restart_syscall(struct arch_regs *r, long nr)
{
	r->gp.rax = (uint64_t)nr;
	r->gp.rip -= 2;
}
#define ARCH_SYSCALL_INSN_LEN 2

/* Linux's user segment selectors (__USER_CS, __USER_DS). */
static inline void arch_init_user_segments(struct arch_regs *r)
{
	r->gp.cs = 0x33;
	r->gp.ss = 0x2b;
	r->gp.ds = r->gp.es = 0;
}
