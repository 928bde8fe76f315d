/* The seccomp-trap platform's stub: the code that runs inside every app
 * process on the sentry's behalf (freestanding: no libc, built into its own
 * static image by CMakeLists.txt, never linked into the sentry).
 *
 * App code runs with no host signal blocked. An emulated syscall makes the
 * filter answer SECCOMP_RET_TRAP; the SIGSYS handler, on the thread's
 * context slot (its alternate signal stack), posts the event in the shared
 * context and waits for the sentry's command: resume (the sentry may have
 * rewritten the ucontext: return value, signal delivery), or make a host
 * call and report back. Faults and the sentry's kick (SIGUSR2) go the
 * same way. The hand-over spins briefly on the state word, then sleeps on
 * it as a futex, so an idle sandbox burns no CPU. */
#include <asm/unistd.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <stdbool.h>
#include <stdint.h>
#include "platform/seccomp_trap_abi.h"

/* Every symbol is local to this static image: address them rip-relative
 * (the image lies far above 2 GiB, out of reach of absolute 32-bit forms). */
#pragma GCC visibility push(hidden)

#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGSTOP 19
#define SIGSYS 31
#define SA_SIGINFO 0x4u
#define SA_RESTORER 0x04000000u
#define SA_ONSTACK 0x08000000u
#define SA_RESTART 0x10000000u
#define SA_NODEFER 0x40000000u
#define SIG_SETMASK 2
#define SYS_SECCOMP 1
#define PROT_RW 3
#define MAP_SHARED 0x01
#define MAP_FIXED 0x10
#define MAP_FIXED_NOREPLACE 0x100000
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define AT_HWCAP2 26
#define HWCAP2_FSGSBASE 0x2
#define SECCOMP_SET_MODE_FILTER 1
#define STUB_FD_CONTEXT 5
#define ETIMEDOUT 110
#define PR_SET_PDEATHSIG 1
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE (1 << 6)

long systrap_syscall6(long nr, long a, long b, long c, long d, long e, long f);
long systrap_clone(long flags, long child_sp, long fd, long slot);
void systrap_signal_entry(void);
void systrap_plain_return(void);
void systrap_startup_trap(void) __attribute__((noreturn));
extern char systrap_resume_window[], systrap_sigreturn_site[], systrap_startup_site[];
extern char systrap_fast_window[], systrap_fast_window_last[];
extern char systrap_boot_stack_top[];
extern char __executable_start[], etext[];

/* The entry points called from the assembly. */
void systrap_start_main(uint64_t *sp) __attribute__((noreturn));
void systrap_child_main(long fd, uint64_t slot) __attribute__((noreturn));
struct k_siginfo;
struct k_ucontext;
int systrap_dispatch(int sig, struct k_siginfo *info, struct k_ucontext *uc);
void systrap_kick_at_resume(struct k_ucontext *uc);
int systrap_fast_dispatch(struct k_ucontext *uc);
int systrap_fast_kick(struct k_ucontext *uc);

struct k_sigaction {
	void (*handler)(void);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

struct k_siginfo {
	int signo, err, code, pad;
	union {
		struct {
			uint64_t call_addr;
			int syscall;
			unsigned arch;
		} sys;
		uint8_t bytes[112];
	};
};

struct k_ucontext {
	uint64_t flags, link;
	uint64_t ss_sp;
	int32_t ss_flags, ss_pad;
	uint64_t ss_size;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;
	uint64_t reserved1[8];
	uint64_t sigmask;
};
_Static_assert(__builtin_offsetof(struct k_ucontext, r8) == SYSTRAP_UC_R8, "record layout");
_Static_assert(__builtin_offsetof(struct k_ucontext, eflags) == SYSTRAP_UC_EFLAGS, "record layout");
_Static_assert(__builtin_offsetof(struct k_ucontext, fpstate) == SYSTRAP_UC_FPSTATE, "record layout");
_Static_assert(sizeof(struct k_ucontext) == SYSTRAP_UC_SIZE, "record layout");

/* The software-reserved words of an XSAVE signal frame (fpx_sw_bytes). */
#define FP_SW_BYTES_OFF 464
#define FP_XSTATE_MAGIC1 0x46505853U
#define FP_XSTATE_MAGIC2 0x46505845U
#define UC_FP_XSTATE 0x1
#define UC_SIGCONTEXT_SS 0x2
#define UC_STRICT_RESTORE_SS 0x4
struct fpx_sw_bytes {
	uint32_t magic1, extended_size;
	uint64_t xfeatures;
	uint32_t xstate_size, padding[7];
};

/* Shared with threads (CLONE_VM) and copied by fork; set once at start-up. */
static int fsgsbase_ok;
/* The fast path's XSAVE mask and area size, as the kernel's own signal
 * frames report them (read from the start-up SIGSYS frame); 0 keeps the
 * fast entry off (it then falls back to the trapping instruction). */
uint64_t systrap_fast_xfeatures;
static uint32_t fast_xsize;

/* The calls the fast entry of syscall()-style sites accepts (bit nr). */
#define FAST_BIT(nr) | ((nr) / 64 == W ? 1ULL << ((nr) % 64) : 0)
#define FAST_WORD(w) (0 SYSTRAP_FAST_CALLS(FAST_BIT))
const uint64_t systrap_fast_allow[SYSTRAP_FAST_MAX_NR / 64] = {
#define W 0
	FAST_WORD(0),
#undef W
#define W 1
	FAST_WORD(1),
#undef W
#define W 2
	FAST_WORD(2),
#undef W
#define W 3
	FAST_WORD(3),
#undef W
#define W 4
	FAST_WORD(4),
#undef W
#define W 5
	FAST_WORD(5),
#undef W
#define W 6
	FAST_WORD(6),
#undef W
#define W 7
	FAST_WORD(7),
#undef W
};
_Static_assert(SYSTRAP_FAST_MAX_NR == 512, "eight words above");

#define sys0(n) systrap_syscall6((n), 0, 0, 0, 0, 0, 0)
#define sys1(n, a) systrap_syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b) systrap_syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define sys4(n, a, b, c, d) systrap_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sys6(n, a, b, c, d, e, f) \
	systrap_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* The compiler may emit calls to these for structure copies. */
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);
void *memset(void *d, int c, unsigned long n)
{
	volatile unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}
void *memcpy(void *d, const void *s, unsigned long n)
{
	volatile unsigned char *p = d;
	const unsigned char *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

static struct systrap_ctx *current_ctx(void)
{
	uint64_t sp;
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	return (struct systrap_ctx *)(sp & ~(SYSTRAP_SLOT_SIZE - 1));
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void __attribute__((noreturn)) die(int code)
{
	for (;;)
		sys1(__NR_exit, code);
}

/* Hands the turn to the sentry, waking it if it sleeps. */
static void post(struct systrap_ctx *c, uint32_t flags)
{
	uint32_t old = __atomic_exchange_n(&c->state, SYSTRAP_TURN_SENTRY | flags, __ATOMIC_SEQ_CST);
	if (old & SYSTRAP_SLEEPING)
		sys6(__NR_futex, &c->state, FUTEX_WAKE, 1, 0, 0, 0);
}

/* Waits for the stub's turn: a bounded spin, then FUTEX_WAIT (shared: the
 * sentry maps the same memfd pages); no spin at all once the sentry says
 * it will be slow (SYSTRAP_NAP). The timeout only serves to notice that
 * the sentry died, when nothing else would kill this process. */
static void fast_save_fp(struct systrap_ctx *c, struct k_ucontext *uc);

/* A fast call's FPU state is saved before the stub sleeps on it: the
 * sentry, woken meanwhile, would otherwise ask for it (a signal frame to
 * build after a blocking call) and wait out this stub's wake-up for the
 * answer. Beside a sleep, the xsave costs nothing. */
static void save_fp_before_sleep(struct systrap_ctx *c)
{
	struct k_ucontext *uc = (struct k_ucontext *)c->uc_addr;
	if (uc && fast_xsize && !__atomic_load_n(&uc->fpstate, __ATOMIC_ACQUIRE))
		fast_save_fp(c, uc);
}

static void wait_turn(struct systrap_ctx *c)
{
	uint64_t start = rdtsc();
	for (;;) {
		uint32_t s = __atomic_load_n(&c->state, __ATOMIC_ACQUIRE);
		if ((s & SYSTRAP_TURN_MASK) == SYSTRAP_TURN_STUB)
			return;
		uint64_t spent = (s & SYSTRAP_NAP) ? UINT64_MAX : rdtsc() - start;
		if (spent < c->spin_cycles / SYSTRAP_POLL_SHARE)
			continue; /* see SPIN_NS in seccomp_trap.c */
		if (spent < c->spin_cycles) {
			sys0(__NR_sched_yield); /* see SPIN_NS in seccomp_trap.c */
			continue;
		}
		if (!(s & SYSTRAP_SLEEPING)) {
			save_fp_before_sleep(c);
			if (!__atomic_compare_exchange_n(&c->state, &s, s | SYSTRAP_SLEEPING, false,
							 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
				continue;
			s |= SYSTRAP_SLEEPING;
		}
		struct {
			long sec, nsec;
		} ts = { 1, 0 };
		long r = sys4(__NR_futex, &c->state, FUTEX_WAIT, s, &ts);
		if (r == -ETIMEDOUT && sys0(__NR_getppid) != (long)c->sentry_tgid)
			die(1);
		if (r == 0 && (s & SYSTRAP_NAP)) {
			/* The sentry took the nap back (st_wake_soon): its
			 * answer is near, spin for it. */
			uint32_t now = __atomic_load_n(&c->state, __ATOMIC_ACQUIRE);
			if (!(now & SYSTRAP_NAP) && (now & SYSTRAP_TURN_MASK) != SYSTRAP_TURN_STUB) {
				start = rdtsc();
				__atomic_compare_exchange_n(&c->state, &now, now & ~SYSTRAP_SLEEPING,
							    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
				continue;
			}
		}
		if (r == 0 && !(s & SYSTRAP_NAP)) {
			/* Woken: the turn changed, or the sentry wants this stub
			 * awake soon (seccomp_trap.c's st_exec_begin): spin
			 * again, and say so, so no FUTEX_WAKE is needed. */
			start = rdtsc();
			__atomic_compare_exchange_n(&c->state, &s, s & ~SYSTRAP_SLEEPING, false,
						    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		}
	}
}

static void record(struct systrap_ctx *c, struct k_siginfo *info, struct k_ucontext *uc)
{
	c->uc_addr = (uint64_t)uc;
	c->info_addr = (uint64_t)info;
	if (fsgsbase_ok) {
		uint64_t fs, gs;
		__asm__ volatile("rdfsbase %0" : "=r"(fs));
		__asm__ volatile("rdgsbase %0" : "=r"(gs));
		c->fs_base = fs;
		/* The GS base is the slot while the app has none of its own
		 * (the fast entry finds the slot through it): the app sees 0. */
		c->gs_base = gs == (uint64_t)c ? 0 : gs;
	}
}

static void set_bases(struct systrap_ctx *c)
{
	uint32_t which = c->set_bases;
	c->set_bases = 0;
	if (which & SYSTRAP_SET_FS) {
		uint64_t v = c->new_fs_base;
		if (fsgsbase_ok)
			__asm__ volatile("wrfsbase %0" : : "r"(v) : "memory");
		else
			sys2(__NR_arch_prctl, ARCH_SET_FS, v);
		c->fs_base = v;
	}
	if (which & SYSTRAP_SET_GS) {
		uint64_t v = c->new_gs_base;
		c->gs_base = v;
		if (v == 0)
			v = (uint64_t)c; /* see record() */
		if (fsgsbase_ok)
			__asm__ volatile("wrgsbase %0" : : "r"(v) : "memory");
		else
			sys2(__NR_arch_prctl, ARCH_SET_GS, v);
	}
}

static void serve(struct systrap_ctx *c, uint32_t ev);

/* Points the GS base at the thread's slot (the app's GS base 0). */
static void set_gs_slot(uint64_t slot)
{
	if (fsgsbase_ok)
		__asm__ volatile("wrgsbase %0" : : "r"(slot) : "memory");
	else
		sys2(__NR_arch_prctl, ARCH_SET_GS, slot);
}

/* The XSAVE layout of the kernel's signal frames, from the start-up
 * frame: the fast path saves exactly what they would hold. */
static void learn_xsave(struct k_ucontext *uc)
{
	if (!fsgsbase_ok || !uc->fpstate || !(uc->flags & UC_FP_XSTATE))
		return;
	const struct fpx_sw_bytes *sw =
		(const struct fpx_sw_bytes *)(uc->fpstate + FP_SW_BYTES_OFF);
	if (sw->magic1 != FP_XSTATE_MAGIC1 || sw->xstate_size < 576 ||
	    sw->xstate_size + 4 > SYSTRAP_FAST_XSAVE_MAX || !(sw->xfeatures & 3))
		return;
	fast_xsize = sw->xstate_size;
	systrap_fast_xfeatures = sw->xfeatures;
}

static int gs_is_slot(struct systrap_ctx *c)
{
	uint64_t gs;
	__asm__ volatile("rdgsbase %0" : "=r"(gs));
	return gs == (uint64_t)c;
}

/* Completes the fast entry's record into a signal frame as the kernel
 * would have built it (the sentry reads the FPU state through fpstate;
 * rt_sigreturn needs the rest if the fast exit cannot be used). */
/* The FPU state of a fast call is saved only when the sentry asks for it
 * (a signal frame to build, FP registers to set) or the call must return
 * through rt_sigreturn: xsave+xrstor is ~170 ns of a ~500 ns round trip,
 * and until then the app's FPU registers are still live, as the stub's C
 * code is built -mgeneral-regs-only. The fast exit restores only a saved
 * state (a zero fpstate in the record means "still in the registers"). */
static void fast_save_fp(struct systrap_ctx *c, struct k_ucontext *uc)
{
	uint64_t fp = (uint64_t)c + SYSTRAP_FAST_XSAVE_OFF;
	/* XRSTOR wants the header's compaction and reserved words zero. */
	for (unsigned off = 520; off < 576; off += 8)
		*(volatile uint64_t *)(fp + off) = 0;
	__asm__ volatile("xsave (%0)"
			 :
			 : "r"(fp), "a"((uint32_t)systrap_fast_xfeatures),
			   "d"((uint32_t)(systrap_fast_xfeatures >> 32))
			 : "memory");
	struct fpx_sw_bytes *sw = (struct fpx_sw_bytes *)(fp + FP_SW_BYTES_OFF);
	sw->magic1 = FP_XSTATE_MAGIC1;
	sw->extended_size = fast_xsize + 4;
	sw->xfeatures = systrap_fast_xfeatures;
	sw->xstate_size = fast_xsize;
	*(volatile uint32_t *)(fp + fast_xsize) = FP_XSTATE_MAGIC2;
	uc->flags |= UC_FP_XSTATE;
	/* Published last: the sentry may read it while this stub runs
	 * (save_fp_before_sleep), and then the whole area must be there. */
	__atomic_store_n(&uc->fpstate, fp, __ATOMIC_RELEASE);
}

static void fill_fast_frame(struct systrap_ctx *c, struct k_ucontext *uc)
{
	uc->flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	uc->link = 0;
	uc->ss_sp = (uint64_t)c + SYSTRAP_ALTSTACK_OFF;
	uc->ss_flags = 0;
	uc->ss_size = SYSTRAP_ALTSTACK_SIZE;
	uc->cs = 0x33;
	uc->ss = 0x2b;
	uc->gs = uc->fs = 0;
	uc->err = uc->trapno = uc->oldmask = uc->cr2 = 0;
	uc->fpstate = 0; /* see fast_save_fp */
	uc->sigmask = 0; /* app code runs with no host signal blocked */
}

/* Whether the fast exit may be taken: the GS base is still the slot. If
 * not, the record returns through rt_sigreturn, which needs the FPU state
 * in it. */
static int fast_exit_ok(struct systrap_ctx *c, struct k_ucontext *uc)
{
	int ok = gs_is_slot(c);
	if (!ok && !uc->fpstate)
		fast_save_fp(c, uc);
	return ok;
}

/* A call from a rewritten site (stub_systrap_x86_64.S): handed over like
 * a SIGSYS, with the record as its ucontext. Returns whether the GS base
 * is still the slot (the fast exit needs it). */
int systrap_fast_dispatch(struct k_ucontext *uc)
{
	struct systrap_ctx *c = current_ctx();
	fill_fast_frame(c, uc);
	c->nr = (int64_t)uc->rax;
	record(c, 0, uc);
	serve(c, SYSTRAP_EV_SYSCALL);
	return fast_exit_ok(c, uc);
}

/* A kick noted during a fast call, found at the fast exit. */
int systrap_fast_kick(struct k_ucontext *uc)
{
	struct systrap_ctx *c = current_ctx();
	__atomic_store_n(&c->kick_seen, 0, __ATOMIC_SEQ_CST);
	record(c, 0, uc);
	serve(c, SYSTRAP_EV_INTERRUPT);
	return fast_exit_ok(c, uc);
}

/* Posts ev and carries out the sentry's commands until it says resume. */
static void serve(struct systrap_ctx *c, uint32_t ev)
{
	for (;;) {
		c->event = ev;
		post(c, ev == SYSTRAP_EV_STARTUP && c->startup_nap ? SYSTRAP_NAP : 0);
		wait_turn(c);
		switch (c->command) {
		case SYSTRAP_CMD_SYSCALL:
			c->result = systrap_syscall6(c->nr, (long)c->args[0], (long)c->args[1],
						     (long)c->args[2], (long)c->args[3],
						     (long)c->args[4], (long)c->args[5]);
			ev = SYSTRAP_EV_DONE;
			break;
		case SYSTRAP_CMD_EXIT: {
			/* The teardown of this process (its mappings) is work
			 * nobody waits for: at idle priority it does not push
			 * aside the threads that go on (the parent that waits
			 * for this exit). */
			struct {
				int priority;
			} param = { 0 };
			sys4(__NR_sched_setscheduler, 0, SCHED_IDLE, &param, 0);
			die(0);
		}
		case SYSTRAP_CMD_SAVE_FP: {
			struct k_ucontext *uc = (struct k_ucontext *)c->uc_addr;
			if (!uc->fpstate)
				fast_save_fp(c, uc);
			ev = SYSTRAP_EV_DONE;
			break;
		}
		case SYSTRAP_CMD_CLONE: {
			long fd = (long)c->args[1];
			uint64_t slot = c->args[2];
			/* A thread starts on its slot's boot stack; a forked
			 * child on the private .bss one (its slot is remapped). */
			uint64_t sp = fd >= 0 ? (uint64_t)systrap_boot_stack_top
					      : slot + SYSTRAP_BOOT_STACK_TOP;
			c->result = systrap_clone((long)c->args[0], (long)sp, fd, (long)slot);
			/* The region's fd is the child's now (it maps it): one
			 * command less for the sentry. */
			if (fd >= 0)
				systrap_syscall6(__NR_close, fd, 0, 0, 0, 0, 0);
			ev = SYSTRAP_EV_DONE;
			break;
		}
		default:
			set_bases(c);
			return;
		}
	}
}

int systrap_dispatch(int sig, struct k_siginfo *info, struct k_ucontext *uc)
{
	struct systrap_ctx *c = current_ctx();
	uint64_t ip = uc->rip;
	int in_stub = ip >= (uint64_t)__executable_start && ip < (uint64_t)etext;

	if (sig == SIGSYS && in_stub && info->code == SYS_SECCOMP &&
	    info->sys.call_addr == (uint64_t)systrap_startup_site + 2) {
		learn_xsave(uc);
		record(c, info, uc);
		serve(c, SYSTRAP_EV_STARTUP);
		return 1;
	}
	if (sig == SIGUSR2 && in_stub) {
		/* A kick while the stub runs: remembered, reported at resume. */
		__atomic_store_n(&c->kick_seen, 1, __ATOMIC_SEQ_CST);
		if (ip >= (uint64_t)systrap_resume_window && ip <= (uint64_t)systrap_sigreturn_site)
			uc->rip = (uint64_t)systrap_resume_window;
		if (ip >= (uint64_t)systrap_fast_window && ip <= (uint64_t)systrap_fast_window_last)
			uc->rip = (uint64_t)systrap_fast_window;
		return 0;
	}
	if (sig != SIGUSR2 && sig != SIGSYS && info->code <= 0)
		return !in_stub; /* sent from outside the sandbox: dropped */
	if (in_stub)
		__builtin_trap(); /* a stub bug: SIGILL is blocked here, so we die */

	uint32_t ev;
	if (sig == SIGSYS) {
		if (info->code != SYS_SECCOMP)
			return 1;
		c->nr = info->sys.syscall;
		ev = SYSTRAP_EV_SYSCALL;
	} else if (sig == SIGUSR2) {
		__atomic_store_n(&c->kick_seen, 0, __ATOMIC_SEQ_CST);
		ev = SYSTRAP_EV_INTERRUPT;
	} else {
		ev = SYSTRAP_EV_FAULT;
	}
	record(c, info, uc);
	serve(c, ev);
	return 1;
}

void systrap_kick_at_resume(struct k_ucontext *uc)
{
	struct systrap_ctx *c = current_ctx();
	__atomic_store_n(&c->kick_seen, 0, __ATOMIC_SEQ_CST);
	record(c, 0, uc); /* a kick noted in the stub has no siginfo */
	serve(c, SYSTRAP_EV_INTERRUPT);
}

static void set_altstack(uint64_t slot)
{
	struct {
		uint64_t sp;
		int32_t flags, pad;
		uint64_t size;
	} ss = { slot + SYSTRAP_ALTSTACK_OFF, 0, 0, SYSTRAP_ALTSTACK_SIZE };
	if (sys2(__NR_sigaltstack, &ss, 0) != 0)
		die(2);
}

static void unblock_all(void)
{
	uint64_t none = 0;
	sys4(__NR_rt_sigprocmask, SIG_SETMASK, &none, 0, 8);
}

static void install_handlers(void)
{
	/* Inside a handler the faults and SIGSYS stay blocked (a fault in the
	 * stub kills it instead of looping); kicks are not, so that one
	 * arriving while the sentry holds the thread is noted (kick_seen). */
	uint64_t mask = 0;
	const int blocked[] = { SIGSYS, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP };
	for (unsigned i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++)
		mask |= 1ULL << (blocked[i] - 1);
	for (int sig = 1; sig <= 64; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		struct k_sigaction act = { 0 };
		act.restorer = systrap_plain_return;
		act.flags = SA_RESTORER;
		int caught = sig == SIGUSR2;
		for (unsigned i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++)
			caught |= sig == blocked[i];
		if (caught) {
			act.handler = systrap_signal_entry;
			act.flags |= SA_SIGINFO | SA_ONSTACK | SA_RESTART;
			if (sig == SIGUSR2)
				act.flags |= SA_NODEFER;
			act.mask = mask;
		} else {
			/* Host signals from outside the sandbox never reach the
			 * app: its signals are the sentry's business. */
			act.handler = (void (*)(void))1; /* SIG_IGN */
		}
		sys4(__NR_rt_sigaction, sig, &act, 0, 8);
	}
}

void systrap_start_main(uint64_t *sp)
{
	uint64_t argc = sp[0];
	uint64_t *p = sp + 1 + argc + 1;
	while (*p)
		p++;
	uint64_t vdso = 0;
	for (p++; p[0]; p += 2) {
		if (p[0] == AT_HWCAP2)
			fsgsbase_ok = (p[1] & HWCAP2_FSGSBASE) != 0;
		/* The sentry takes it from here rather than from this stack,
		 * whose pages a fork shares with the zygote (a remote read of
		 * them would unshare them, with a TLB shootdown on the CPU this
		 * stub spins on). */
		if (p[0] == 33 /* AT_SYSINFO_EHDR */)
			vdso = p[1];
	}

	long r = sys6(__NR_mmap, SYSTRAP_CTX_BASE, SYSTRAP_REGION_SIZE, PROT_RW,
		      MAP_SHARED | MAP_FIXED_NOREPLACE, STUB_FD_CONTEXT, 0);
	if (r != (long)SYSTRAP_CTX_BASE)
		die(3); /* the address is taken (ASLR): the sentry retries */
	sys1(__NR_close, STUB_FD_CONTEXT);
	struct systrap_ctx *c = (struct systrap_ctx *)SYSTRAP_CTX_BASE;
	c->initial_sp = (uint64_t)sp;
	c->vdso_base = vdso;
	set_gs_slot(SYSTRAP_CTX_BASE);
	/* Lets the sentry serialise this process's threads while it patches
	 * their code (a new mm is not registered: forks do it again). */
	c->membarrier_ok =
		sys2(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0) == 0;

	install_handlers();
	set_altstack(SYSTRAP_CTX_BASE);
	struct {
		unsigned short len;
		uint64_t filter;
	} prog = { (unsigned short)c->filter_len, SYSTRAP_CTX_BASE + SYSTRAP_FILTER_OFF };
	if (c->filter_len == 0 || c->filter_len > SYSTRAP_FILTER_MAX ||
	    sys4(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog, 0) != 0)
		die(4);
	unblock_all();
	systrap_startup_trap();
}

void systrap_child_main(long fd, uint64_t slot)
{
	if (fd >= 0) {
		/* A forked child: its own context region replaces the
		 * parent's, which fork left shared. */
		long r = sys6(__NR_mmap, SYSTRAP_CTX_BASE, SYSTRAP_REGION_SIZE, PROT_RW,
			      MAP_SHARED | MAP_FIXED, fd, 0);
		sys1(__NR_close, fd);
		if (r != (long)SYSTRAP_CTX_BASE)
			die(5);
	}
	/* Die with the sentry, like the processes it spawns: our parent is
	 * its spawner thread (CLONE_PARENT), which lives as long as it does.
	 * If it is already gone, the signal was missed: leave now. */
	sys2(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL);
	if (sys0(__NR_getppid) != (long)((struct systrap_ctx *)(slot))->sentry_tgid)
		die(6);
	/* Clone inherited the parent's in-handler signal mask, and the
	 * altstack was either cleared (CLONE_VM) or is the parent's. */
	set_altstack(slot);
	set_gs_slot(slot);
	if (fd >= 0)
		((struct systrap_ctx *)slot)->membarrier_ok =
			sys2(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE,
			     0) == 0;
	unblock_all();
	systrap_startup_trap();
}
