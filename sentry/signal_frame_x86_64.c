/* x86_64 signal frames: Linux's struct rt_sigframe, built on the app's
 * stack when a handler is entered and read back by rt_sigreturn
 * (arch/x86/kernel/signal_64.c). The extended FP state (XSAVE layout, as
 * PTRACE_GETREGSET NT_X86_XSTATE gives it, sw_reserved bytes included)
 * follows the frame, 64-byte aligned, with FP_XSTATE_MAGIC2 after it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "platform/arch_sigcontext_x86_64.h"
#include "platform/platform.h"
#include "sentry/signal.h"

/* User-changeable flags (X86_EFLAGS: AC OF DF TF SF ZF AF PF CF RF). */
#define FIX_EFLAGS 0x50dd5ULL

static bool on_altstack(const struct task *t, uint64_t sp)
{
	uint64_t base = (uint64_t)(uintptr_t)t->altstack.ss_sp;
	return !(t->altstack.ss_flags & SS_DISABLE) && sp > base &&
	       sp - base <= t->altstack.ss_size;
}

int sig_setup_frame(struct task *t, int sig, const siginfo_t *info,
		    const struct k_sigaction *act, uint64_t old_mask)
{
	struct user_regs_struct *r = &t->regs.gp;
	uint64_t sp = r->rsp - 128; /* skip the red zone */
	bool onstack = on_altstack(t, r->rsp);
	if ((act->flags & SA_ONSTACK) && !(t->altstack.ss_flags & SS_DISABLE) && !onstack &&
	    t->altstack.ss_size)
		sp = (uint64_t)(uintptr_t)t->altstack.ss_sp + t->altstack.ss_size;

	size_t fpsize = plat->fpstate_size;
	uint8_t *fp = calloc(1, fpsize + 4);
	if (!fp)
		return -ENOMEM;
	int got = plat->get_fpstate(t->plat, fp, fpsize);
	uint64_t fp_addr = 0;
	if (got > 0) {
		uint32_t magic2 = FP_XSTATE_MAGIC2;
		memcpy(fp + got, &magic2, 4);
		sp = (sp - (uint64_t)got - 4) & ~63ULL;
		fp_addr = sp;
		if (task_copy_out(t, fp_addr, fp, (size_t)got + 4) < 0) {
			free(fp);
			return -EFAULT;
		}
	}
	free(fp);

	sp -= sizeof(struct k_rt_sigframe);
	sp = (sp & ~15ULL) - 8; /* the handler sees sp+8 16-byte aligned */

	struct k_rt_sigframe f;
	memset(&f, 0, sizeof(f));
	f.pretcode = act->restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (fp_addr ? UC_FP_XSTATE : 0);
	f.uc.uc_stack.ss_sp = (uint64_t)(uintptr_t)t->altstack.ss_sp;
	f.uc.uc_stack.ss_size = t->altstack.ss_size;
	f.uc.uc_stack.ss_flags = (t->altstack.ss_flags & SS_DISABLE) ? SS_DISABLE
				 : onstack ? SS_ONSTACK : 0;
	struct k_sigcontext *sc = &f.uc.uc_mcontext;
	sc->r8 = r->r8; sc->r9 = r->r9; sc->r10 = r->r10; sc->r11 = r->r11;
	sc->r12 = r->r12; sc->r13 = r->r13; sc->r14 = r->r14; sc->r15 = r->r15;
	sc->rdi = r->rdi; sc->rsi = r->rsi; sc->rbp = r->rbp; sc->rbx = r->rbx;
	sc->rdx = r->rdx; sc->rax = r->rax; sc->rcx = r->rcx; sc->rsp = r->rsp;
	sc->rip = r->rip; sc->eflags = r->eflags;
	sc->cs = (uint16_t)r->cs; sc->ss = (uint16_t)r->ss;
	sc->oldmask = old_mask;
	sc->fpstate = fp_addr;
	if (info->si_signo == SIGSEGV || info->si_signo == SIGBUS) {
		sc->cr2 = (uint64_t)(uintptr_t)info->si_addr;
		sc->trapno = 14;
	}
	f.uc.uc_sigmask = old_mask;
	f.info = *info;
	if (!(act->flags & SA_SIGINFO)) {
		/* Only the frame's return path matters for old-style handlers. */
	}
	if (task_copy_out(t, sp, &f, sizeof(f)) < 0)
		return -EFAULT;

	r->rsp = sp;
	r->rip = act->handler;
	r->rdi = (uint64_t)sig;
	r->rsi = sp + offsetof(struct k_rt_sigframe, info);
	r->rdx = sp + offsetof(struct k_rt_sigframe, uc);
	r->rax = 0;
	r->eflags &= ~(0x100ULL | 0x400ULL); /* clear TF and DF, as Linux does */
	r->orig_rax = (uint64_t)-1;
	return 0;
}

long sig_restore_frame(struct task *t)
{
	struct user_regs_struct *r = &t->regs.gp;
	uint64_t frame = r->rsp - 8;
	struct k_rt_sigframe f;
	if (task_copy_in(t, &f, frame, sizeof(f)) < 0)
		return -EFAULT;
	struct k_sigcontext *sc = &f.uc.uc_mcontext;
	r->r8 = sc->r8; r->r9 = sc->r9; r->r10 = sc->r10; r->r11 = sc->r11;
	r->r12 = sc->r12; r->r13 = sc->r13; r->r14 = sc->r14; r->r15 = sc->r15;
	r->rdi = sc->rdi; r->rsi = sc->rsi; r->rbp = sc->rbp; r->rbx = sc->rbx;
	r->rdx = sc->rdx; r->rax = sc->rax; r->rcx = sc->rcx; r->rsp = sc->rsp;
	r->rip = sc->rip;
	r->eflags = (r->eflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	r->orig_rax = (uint64_t)-1;

	if (sc->fpstate) {
		size_t fpsize = plat->fpstate_size;
		uint8_t *fp = malloc(fpsize);
		if (fp) {
			if (task_copy_in(t, fp, sc->fpstate, fpsize) == 0)
				plat->set_fpstate(t->plat, fp, fpsize);
			free(fp);
		}
	}
	t->sigmask = f.uc.uc_sigmask & ~SIG_KERNEL_ONLY_MASK;
	task_recalc_sigpending(t);
	/* restore_altstack: re-set the alternate stack as sigaltstack would,
	 * ignoring errors as Linux does. */
	if (!on_altstack(t, r->rsp)) {
		if (f.uc.uc_stack.ss_flags & SS_DISABLE) {
			t->altstack.ss_flags = SS_DISABLE;
			t->altstack.ss_sp = NULL;
			t->altstack.ss_size = 0;
		} else if (f.uc.uc_stack.ss_size >= (uint64_t)MINSIGSTKSZ) {
			t->altstack.ss_sp = (void *)(uintptr_t)f.uc.uc_stack.ss_sp;
			t->altstack.ss_size = f.uc.uc_stack.ss_size;
			t->altstack.ss_flags = 0;
		}
	}
	return (long)r->rax;
}
