/* The seccomp-trap platform's app filter: the app filter's one table of
 * passthrough rows (platform/app_filter.c) with SECCOMP_RET_TRAP instead of
 * SECCOMP_RET_TRACE for everything else, preceded by the stub's own rows,
 * which match only when the call comes from one of the stub's `syscall`
 * instructions (seccomp_data.instruction_pointer is the address after it).
 *
 * Why each stub row is allowed (all from the stub's generic call site
 * unless said otherwise):
 *   mmap munmap mprotect mremap madvise msync mlock munlock mlock2 mincore
 *   mlockall munlockall - the sentry's memory-management calls in the
 *       app's address space (sentry/mm.c, syscalls/mm.c), and the stub
 *       mapping its context region; they reach no host object but fds the
 *       process already holds.
 *   close  - fds the sentry installed for file mappings; never the stub
 *       image (3) or the control socket (4).
 *   recvmsg - only on the control socket (4): install_fd's fd passing.
 *   rt_sigprocmask sigaltstack - a new host thread's own signal set-up.
 *   arch_prctl - only ARCH_SET/GET_FS/GS: TLS bases without FSGSBASE.
 *   prctl  - only PR_SET_PDEATHSIG: a cloned host process dies with the
 *       sentry.
 *   getppid - the stub notices it was orphaned (the sentry died).
 *   exit   - a new host thread that failed to set up, and an app thread
 *       the sentry is done with (SYSTRAP_CMD_EXIT).
 *   sched_setscheduler - only (0, SCHED_IDLE): a stub about to exit lowers
 *       itself, so its process's teardown waits for idle CPU time.
 *   rt_sigreturn - from the two sigreturn sites only: the end of every
 *       stub signal handler.
 *   clone  - from the clone site only, with exactly the two flag sets the
 *       platform uses (SYSTRAP_CLONE_THREAD, SYSTRAP_CLONE_FORK).
 *   membarrier - only REGISTER_PRIVATE_EXPEDITED_SYNC_CORE (at stub
 *       start) and PRIVATE_EXPEDITED_SYNC_CORE: the syscall-site rewriter
 *       (platform/systrap_rewrite.c) serialises the instruction streams of
 *       the process's own threads while it patches their code; it reaches
 *       no other process.
 * futex waits and wakes on the context's state word pass by the app
 * filter's own futex row.
 *
 * Accepted risk (as in gVisor's systrap): app code can jump to a stub call
 * site and make these calls itself. That gives it nothing it cannot already
 * do to itself: the calls are confined to its own address space, signal
 * state and the fds of its own host fd table (the stub image, sealed; the
 * control socket, from which it can only steal an fd the sentry is about to
 * install in this very process), and clone only with the flags above. */
#include <asm/prctl.h>
#include <linux/audit.h>
#include <linux/membarrier.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include "platform/app_filter.h"
#include "platform/seccomp_trap.h"
#include "platform/seccomp_trap_abi.h"

enum label {
	L_NEXT = -1,
	L_GENERIC,
	L_SIGRETURN,
	L_CLONE,
	L_CLOSE,
	L_RECVMSG,
	L_ARCH_PRCTL,
	L_PRCTL,
	L_MEMBARRIER,
	L_GETRUSAGE,
	L_SCHED,
	L_ALLOW,
	L_TRAP,
	L_KILL,
	L_APP,
	L_COUNT
};

struct bpf_builder {
	struct sock_filter *prog;
	size_t cap, n;
	bool overflow;
	long label_at[L_COUNT];
	struct {
		size_t at;
		enum label jt, jf;
	} fix[64];
	size_t nfix;
};

static void emit(struct bpf_builder *b, unsigned short code, unsigned k, enum label jt, enum label jf)
{
	if (b->n >= b->cap || b->nfix >= sizeof(b->fix) / sizeof(b->fix[0])) {
		b->overflow = true;
		return;
	}
	b->prog[b->n] = (struct sock_filter)BPF_JUMP(code, k, 0, 0);
	if (jt != L_NEXT || jf != L_NEXT)
		b->fix[b->nfix++] = (typeof(b->fix[0])){ b->n, jt, jf };
	b->n++;
}

static void stmt(struct bpf_builder *b, unsigned short code, unsigned k)
{
	emit(b, code, k, L_NEXT, L_NEXT);
}

static void label(struct bpf_builder *b, enum label l)
{
	b->label_at[l] = (long)b->n;
}

static void load(struct bpf_builder *b, size_t offset)
{
	stmt(b, BPF_LD | BPF_W | BPF_ABS, (unsigned)offset);
}

static void jeq(struct bpf_builder *b, unsigned k, enum label jt, enum label jf)
{
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf);
}

/* Resolves the label references; false if one is out of reach. */
static bool resolve(struct bpf_builder *b)
{
	for (size_t i = 0; i < b->nfix; i++) {
		struct sock_filter *f = &b->prog[b->fix[i].at];
		long next = (long)b->fix[i].at + 1;
		long jt = b->fix[i].jt == L_NEXT ? 0 : b->label_at[b->fix[i].jt] - next;
		long jf = b->fix[i].jf == L_NEXT ? 0 : b->label_at[b->fix[i].jf] - next;
		if (jt < 0 || jt > 255 || jf < 0 || jf > 255)
			return false;
		f->jt = (unsigned char)jt;
		f->jf = (unsigned char)jf;
	}
	return true;
}

static const int stub_plain_calls[] = {
	SYS_mmap, SYS_munmap, SYS_mprotect, SYS_mremap, SYS_madvise, SYS_msync,
	SYS_mlock, SYS_munlock, SYS_mlock2, SYS_mincore, SYS_mlockall, SYS_munlockall,
	SYS_rt_sigprocmask, SYS_sigaltstack, SYS_getppid, SYS_exit,
};

#define IP_LO offsetof(struct seccomp_data, instruction_pointer)
#define IP_HI (offsetof(struct seccomp_data, instruction_pointer) + 4)
#define NR offsetof(struct seccomp_data, nr)
#define ARG0_LO offsetof(struct seccomp_data, args[0])
#define ARG1_LO offsetof(struct seccomp_data, args[1])

int systrap_filter_build(struct sock_filter *prog, size_t cap, const struct systrap_layout *l)
{
	struct bpf_builder b = { .prog = prog, .cap = cap };
	uint64_t sites[] = { l->syscall_site, l->sigreturn_site, l->plain_sigreturn_site,
			     l->clone_site };
	/* All sites share their high word (the image is far below 4 GiB). */
	for (size_t i = 1; i < sizeof(sites) / sizeof(sites[0]); i++)
		if ((sites[i] >> 32) != (sites[0] >> 32))
			return -1;

	load(&b, offsetof(struct seccomp_data, arch));
	jeq(&b, AUDIT_ARCH_X86_64, L_NEXT, L_KILL);
	load(&b, IP_HI);
	jeq(&b, (unsigned)((l->syscall_site + 2) >> 32), L_NEXT, L_APP);
	load(&b, IP_LO);
	jeq(&b, (unsigned)(l->syscall_site + 2), L_GENERIC, L_NEXT);
	jeq(&b, (unsigned)(l->sigreturn_site + 2), L_SIGRETURN, L_NEXT);
	jeq(&b, (unsigned)(l->plain_sigreturn_site + 2), L_SIGRETURN, L_NEXT);
	jeq(&b, (unsigned)(l->clone_site + 2), L_CLONE, L_APP);

	label(&b, L_GENERIC);
	load(&b, NR);
	for (size_t i = 0; i < sizeof(stub_plain_calls) / sizeof(stub_plain_calls[0]); i++)
		jeq(&b, (unsigned)stub_plain_calls[i], L_ALLOW, L_NEXT);
	jeq(&b, SYS_close, L_CLOSE, L_NEXT);
	jeq(&b, SYS_recvmsg, L_RECVMSG, L_NEXT);
	jeq(&b, SYS_prctl, L_PRCTL, L_NEXT);
	jeq(&b, SYS_membarrier, L_MEMBARRIER, L_NEXT);
	jeq(&b, SYS_getrusage, L_GETRUSAGE, L_NEXT);
	jeq(&b, SYS_sched_setscheduler, L_SCHED, L_NEXT);
	jeq(&b, SYS_arch_prctl, L_ARCH_PRCTL, L_APP);

	/* pid and policy are ints: the kernel ignores the high words. */
	label(&b, L_SCHED);
	load(&b, ARG0_LO);
	jeq(&b, 0, L_NEXT, L_TRAP);
	load(&b, ARG1_LO);
	jeq(&b, SCHED_IDLE, L_ALLOW, L_TRAP);

	/* The peak RSS of an exiting process (seccomp_trap.c's
	 * systrap_peak_rss_kb): its own usage only. */
	label(&b, L_GETRUSAGE);
	load(&b, ARG0_LO);
	jeq(&b, RUSAGE_SELF, L_ALLOW, L_TRAP);

	label(&b, L_MEMBARRIER);
	load(&b, ARG0_LO);
	jeq(&b, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, L_ALLOW, L_NEXT);
	jeq(&b, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, L_ALLOW, L_TRAP);

	label(&b, L_PRCTL);
	load(&b, ARG0_LO);
	jeq(&b, PR_SET_PDEATHSIG, L_ALLOW, L_TRAP);

	/* fds are unsigned int: the kernel ignores the high word. */
	label(&b, L_CLOSE);
	load(&b, ARG0_LO);
	jeq(&b, STUB_FD_IMAGE, L_TRAP, L_NEXT);
	jeq(&b, STUB_FD_CONTROL, L_TRAP, L_ALLOW);

	label(&b, L_RECVMSG);
	load(&b, ARG0_LO);
	jeq(&b, STUB_FD_CONTROL, L_ALLOW, L_TRAP);

	label(&b, L_ARCH_PRCTL);
	load(&b, ARG0_LO);
	jeq(&b, ARCH_SET_FS, L_ALLOW, L_NEXT);
	jeq(&b, ARCH_SET_GS, L_ALLOW, L_NEXT);
	jeq(&b, ARCH_GET_FS, L_ALLOW, L_NEXT);
	jeq(&b, ARCH_GET_GS, L_ALLOW, L_TRAP);

	label(&b, L_SIGRETURN);
	load(&b, NR);
	jeq(&b, SYS_rt_sigreturn, L_ALLOW, L_APP);

	/* clone's flags and exit signal are its argument's low word. */
	label(&b, L_CLONE);
	load(&b, NR);
	jeq(&b, SYS_clone, L_NEXT, L_APP);
	load(&b, ARG0_LO);
	jeq(&b, SYSTRAP_CLONE_THREAD, L_ALLOW, L_NEXT);
	jeq(&b, SYSTRAP_CLONE_FORK, L_ALLOW, L_TRAP);

	label(&b, L_ALLOW);
	stmt(&b, BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	label(&b, L_TRAP);
	stmt(&b, BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	label(&b, L_KILL);
	stmt(&b, BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);

	/* The app filter proper, with its "stop at the sentry" answer made a
	 * trap to the stub: the passthrough table stays the one in
	 * app_filter.c. */
	label(&b, L_APP);
	if (b.overflow || !resolve(&b))
		return -1;
	int n = app_filter_build(prog + b.n, cap - b.n);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		struct sock_filter *f = &prog[b.n + (size_t)i];
		if (f->code == (BPF_RET | BPF_K) && f->k == SECCOMP_RET_TRACE)
			f->k = SECCOMP_RET_TRAP;
	}
	return (int)b.n + n;
}
