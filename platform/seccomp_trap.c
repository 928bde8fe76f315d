/* The seccomp-trap platform (--platform=seccomp-trap, alias systrap).
 *
 * As with ptrace, each app thread is a host process (threads of one
 * sandbox process share their address space and host fd table with
 * CLONE_VM|CLONE_FILES). But no host thread is ever traced: the app filter
 * answers emulated calls with SECCOMP_RET_TRAP, and the stub's SIGSYS
 * handler (platform/stub_systrap.c) hands each call to the sentry through
 * the thread's context slot, a region of a memfd both sides map (layout in
 * platform/seccomp_trap_abi.h). The kernel's signal frame lies in that
 * slot, so run() reads and writes the app's registers in the ucontext
 * directly, and the handler's rt_sigreturn applies them.
 *
 * One memfd ("region") per host address space, one slot per host thread.
 * Every process is born from the sentry: new_process and exec_reset take
 * a process from the spawner thread, which forks it from a zygote stub
 * process (or, for the zygote itself, vforks a child that host-execs the
 * stub image with the region at fd 5: the stub maps it, installs its
 * handlers and the filter, and reports EV_STARTUP). Threads and forks are
 * cloned by the stub itself with CLONE_PARENT, so all host processes are
 * the sentry's children: it reaps them (rusage) and can tell when one
 * died.
 *
 * Hand-over: the state word in each slot says whose turn it is; the side
 * that waits spins (yielding its CPU) for a short time, then sleeps on the word as a shared
 * futex (see post() and wait_turn()). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/auxv.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "platform/arch_sigcontext_x86_64.h"
#include "platform/fd_pass.h"
#include "platform/host_reaper.h"
#include "platform/seccomp_trap.h"
#include "platform/seccomp_trap_abi.h"
#include "platform/systrap_preload.h"
#include "platform/systrap_premap.h"
#include "platform/systrap_rewrite.h"
#include "platform/systrap_textcache.h"

#define KICK_SIGNAL SIGUSR2
#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE (1 << 1)
#endif
#define STUB_FD_CONTEXT 5
/* How long either side spins (yielding its CPU) before it sleeps. Yielding
 * rather than pausing matters on a 2-CPU machine, where the waiter often
 * shares its CPU with the very thread it waits for (the child of a fork,
 * the other end of a pipe): sched_yield hands that thread the CPU, and a
 * wake-up that arrives while spinning costs no sleeping-CPU wake-up (an
 * inter-processor interrupt, tens of microseconds on virtual machines).
 * Measured here (medians of 5), pause-spinning 20 us -> yield-spinning
 * 100 us: pipe ping-pong 143 -> 28 us, fork+wait 1105 -> 465 us,
 * fork+exec 4745 -> 1944 us, getpid unchanged (3.6 us). An idle sandbox
 * still sleeps after 100 us. */
#define SPIN_NS 100000
/* The sentry waits longer for an app's next event than a stub waits for
 * an answer: between two calls an app computes for a while (sqlite3
 * inserting rows: ~300 us between reads), and a sentry thread asleep when
 * the call comes costs the app a sleeping-CPU wake-up per call. Measured
 * here (medians of 7): sqlite3 50k rows 253 -> 226 ms (native 198), sh
 * running 200 /bin/true 239 -> 231 ms. It still yields all the while, and
 * an idle sandbox still sleeps after 0.5 ms. */
#define SENTRY_SPIN_NS 500000
/* Before yielding, each side first polls the word with plain loads for
 * SPIN_NS / SYSTRAP_POLL_SHARE (about 1.5 us): an answer from the other
 * CPU usually comes sooner than one sched_yield takes, and `pause` is no
 * better on virtual machines (pause-loop exits). Measured here (medians
 * of 3): getpid through rewritten sites 1.03 -> 0.44 us, through SIGSYS
 * 3.0 -> 2.9 us; pipe ping-pong, fork+wait, fork+exec unchanged. */
#define LIVENESS_CHECK_NS 200000000L
#define SPAWN_ATTEMPTS 8

/* The software-reserved bytes of an XSAVE signal frame (fpx_sw_bytes). */
#define FP_XSTATE_MAGIC1 0x46505853U
#define FP_SW_BYTES_OFF 464
#define XSAVE_HEADER_OFF 512
struct fpx_sw_bytes {
	uint32_t magic1, extended_size;
	uint64_t xfeatures;
	uint32_t xstate_size, padding[7];
};

struct region {
	int memfd;
	uint8_t *map; /* the sentry's view of the whole region */
	pthread_mutex_t lock;
	int refs;     /* slots in use */
	uint64_t used[SYSTRAP_MAX_SLOTS / 64];
	uint64_t dirty[SYSTRAP_MAX_SLOTS / 64]; /* slots ever used */
	struct region *next_free;
	/* Patched syscall sites and trampolines of this host address space
	 * (NULL: none yet, or rewriting is off); guarded by its own lock. */
	struct systrap_rw *rw;
	bool membarrier_ok; /* the process registered for SYNC_CORE membarriers */
	/* The host fds the process was started with (systrap_preload.c):
	 * its zygote's, or its fork parent's; a reference, or NULL. */
	struct preload_set *preloads;
	/* Images the process was started with, mapped by its zygote
	 * (systrap_premap.c), per slot until an exec uses or drops them;
	 * references. The zygote's generation (0: none). */
	struct premap *premaps[2];
	uint64_t zygote_gen;
};

struct plat_thread {
	pid_t tid;
	struct region *region;
	int slot;
	struct systrap_ctx *ctx; /* the sentry's view of the slot */
	uint64_t slot_addr;      /* the app's view */
	struct k_ucontext *uc;   /* the current event's frame, validated */
	bool gone;               /* the host thread is dead (maybe unreaped) */
	bool reaped;
	bool pristine;           /* fresh from the stub: exec need not respawn */
	bool patient;            /* its owner waits without spinning (the zygote's:
				  * nothing waits for a spare in the making) */
	int killed;              /* terminate() was called (atomic) */
	struct arch_regs cur;    /* the registers as last reported */
	struct rusage ru;        /* accumulated from reaped host processes */
	/* vfork lending (st_lend), both links under lend_lock: the handle
	 * this one runs on the host thread of, and the one running on this
	 * one's; the lender's FPU state from the vfork, put back with its
	 * thread; host CPU time of the thread that is not this handle's. */
	struct plat_thread *lender, *borrower;
	void *lent_fp;
	size_t lent_fp_len;
	uint64_t base_user_ns, base_sys_ns;
	/* An exec's image mapping (st_image_begin): host calls answered from
	 * a premapped image's record, or recorded for the zygote; and whether
	 * exec must start over in a process with nothing premapped. */
	struct premap_cursor replay;
	struct premap *recording;
	bool exec_retry;
	struct plat_image_key image_keys[2]; /* the exec's (st_exec_images) */
};

static void host_clocks(const struct plat_thread *p, uint64_t *user_ns, uint64_t *sys_ns);
static inline uint64_t minus_floor0(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}
static struct plat_ops systrap_ops;
static bool give_back(struct plat_thread *c);
static bool lent_out(const struct plat_thread *p);
static int st_get_fpstate(struct plat_thread *p, void *buf, size_t size);
static int st_set_fpstate(struct plat_thread *p, const void *buf, size_t size);
static void kill_unshared(struct plat_thread *p);

static struct plat_options options;
static struct systrap_layout layout;
static struct sock_filter filter_prog[SYSTRAP_FILTER_MAX];
static int filter_len;
static int control_sock[2] = { -1, -1 };
static pthread_mutex_t fd_pass_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t spin_cycles;        /* SPIN_NS in TSC ticks (both sides) */
static uint64_t sentry_spin_cycles; /* SENTRY_SPIN_NS in TSC ticks */
static pid_t sentry_tgid;
static bool rewrite_on; /* --systrap-rewrite and the CPU allows the fast path */

/* ---- time and the state word ---- */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* TSC ticks per SPIN_NS and SENTRY_SPIN_NS, measured once: both sides
 * spin by the TSC. 200 us of measuring is within 0.1% (clock_gettime
 * reads to ~50 ns), and every sandbox start waits for it. */
#define CALIBRATE_NS 200000

static void calibrate_spin(void)
{
	uint64_t t0 = now_ns(), c0 = rdtsc();
	while (now_ns() - t0 < CALIBRATE_NS)
		;
	uint64_t t1 = now_ns(), c1 = rdtsc();
	spin_cycles = (c1 - c0) * SPIN_NS / (t1 - t0);
	sentry_spin_cycles = (c1 - c0) * SENTRY_SPIN_NS / (t1 - t0);
}

static long futex(uint32_t *word, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, word, op, val, ts, NULL, 0);
}

/* Hands the turn to the stub (waking it if it sleeps). */
static void post(struct plat_thread *p)
{
	uint32_t old = __atomic_exchange_n(&p->ctx->state, SYSTRAP_TURN_STUB, __ATOMIC_SEQ_CST);
	if (old & SYSTRAP_SLEEPING)
		futex(&p->ctx->state, FUTEX_WAKE, 1, NULL);
}

/* The sentry will be slow to answer p's pending event: the stub sleeps
 * at once instead of spinning (SYSTRAP_NAP). Only the owner of p, which
 * holds the turn, calls this, so the turn cannot change meanwhile. */
static void st_nap(struct plat_thread *p)
{
	if (!p->ctx || p->gone || lent_out(p))
		return;
	uint32_t s = __atomic_load_n(&p->ctx->state, __ATOMIC_ACQUIRE);
	if ((s & SYSTRAP_TURN_MASK) == SYSTRAP_TURN_SENTRY)
		__atomic_fetch_or(&p->ctx->state, SYSTRAP_NAP, __ATOMIC_SEQ_CST);
}

/* A napping stub sleeps; waking it costs up to ~100 us here, which the
 * resumed app would otherwise wait for after its sentry thread's own
 * wake-up. Cleared, the stub spins again for SPIN_NS (stub_systrap.c's
 * wait_turn), long enough for the owner to answer. */
static void st_wake_soon(struct plat_thread *p)
{
	if (!p->ctx || p->gone || lent_out(p))
		return;
	uint32_t old = __atomic_fetch_and(&p->ctx->state, ~SYSTRAP_NAP, __ATOMIC_SEQ_CST);
	if ((old & SYSTRAP_NAP) && (old & SYSTRAP_SLEEPING))
		futex(&p->ctx->state, FUTEX_WAKE, 1, NULL);
}

static bool host_thread_exited(pid_t tid)
{
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)tid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) < 0)
		return errno == ECHILD;
	return si.si_pid != 0;
}

/* Waits for the sentry's turn. Returns 0, or -ESRCH when the host thread
 * died or was terminated. */
static int wait_turn(struct plat_thread *p)
{
	uint32_t *word = &p->ctx->state;
	uint64_t start = rdtsc();
	for (;;) {
		uint32_t s = __atomic_load_n(word, __ATOMIC_ACQUIRE);
		if ((s & SYSTRAP_TURN_MASK) == SYSTRAP_TURN_SENTRY)
			return 0;
		if (p->patient)
			break;
		uint64_t spent = rdtsc() - start;
		if (spent < spin_cycles / SYSTRAP_POLL_SHARE)
			continue;
		if (spent < sentry_spin_cycles) {
			sched_yield();
			continue;
		}
		break;
	}
	for (;;) {
		uint32_t s = __atomic_load_n(word, __ATOMIC_ACQUIRE);
		if ((s & SYSTRAP_TURN_MASK) == SYSTRAP_TURN_SENTRY)
			return 0;
		if ((s & SYSTRAP_KILLED) || __atomic_load_n(&p->killed, __ATOMIC_SEQ_CST))
			return -ESRCH;
		if (!(s & SYSTRAP_SLEEPING)) {
			if (!__atomic_compare_exchange_n(word, &s, s | SYSTRAP_SLEEPING, false,
							 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
				continue;
			s |= SYSTRAP_SLEEPING;
		}
		struct timespec ts = { 0, LIVENESS_CHECK_NS };
		if (futex(word, FUTEX_WAIT, s, &ts) < 0 && errno == ETIMEDOUT &&
		    host_thread_exited(p->tid))
			return -ESRCH;
	}
}

/* ---- regions and slots ---- */

/* Regions whose every host process has died and been reaped, kept for
 * reuse: making one (memfd, 16 MiB mapping) and unmapping it cost about
 * 100 us per fork here, mostly contention on the sentry's mmap lock. */
#define REGION_POOL_MAX 8
static struct {
	pthread_mutex_t lock;
	struct region *head;
	int count;
} region_pool = { PTHREAD_MUTEX_INITIALIZER, NULL, 0 };

/* A pooled region, its used slots wiped: it was another process's, and no
 * app may read what an earlier one left in its context (signal frames). */
static struct region *region_from_pool(void)
{
	pthread_mutex_lock(&region_pool.lock);
	struct region *r = region_pool.head;
	if (r) {
		region_pool.head = r->next_free;
		region_pool.count--;
	}
	pthread_mutex_unlock(&region_pool.lock);
	if (!r)
		return NULL;
	for (int i = 0; i < SYSTRAP_MAX_SLOTS; i++)
		if (r->dirty[i / 64] & (1ULL << (i % 64)))
			memset(r->map + (uint64_t)i * SYSTRAP_SLOT_SIZE, 0, SYSTRAP_SLOT_SIZE);
	memset(r->dirty, 0, sizeof(r->dirty));
	r->next_free = NULL;
	return r;
}

static bool region_to_pool(struct region *r)
{
	pthread_mutex_lock(&region_pool.lock);
	bool kept = region_pool.count < REGION_POOL_MAX;
	if (kept) {
		r->next_free = region_pool.head;
		region_pool.head = r;
		region_pool.count++;
	}
	pthread_mutex_unlock(&region_pool.lock);
	return kept;
}

static struct region *region_new(void)
{
	struct region *r = region_from_pool();
	if (r)
		return r;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->memfd = memfd_create("runsc-systrap-ctx", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (r->memfd < 0)
		goto fail;
	if (ftruncate(r->memfd, (off_t)SYSTRAP_REGION_SIZE) < 0)
		goto fail_fd;
	/* The app never holds this fd, but make sure nobody can shrink the
	 * file under the sentry's mapping (which would SIGBUS the sentry). */
	fcntl(r->memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
	r->map = mmap(NULL, SYSTRAP_REGION_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, r->memfd, 0);
	if (r->map == MAP_FAILED)
		goto fail_fd;
	pthread_mutex_init(&r->lock, NULL);
	return r;
fail_fd:
	close(r->memfd);
fail:
	free(r);
	return NULL;
}

/* Takes a free slot (a reference on r); -EAGAIN when all are in use. */
static int region_alloc_slot(struct region *r)
{
	pthread_mutex_lock(&r->lock);
	for (int i = 0; i < SYSTRAP_MAX_SLOTS; i++) {
		if (r->used[i / 64] & (1ULL << (i % 64)))
			continue;
		r->used[i / 64] |= 1ULL << (i % 64);
		r->dirty[i / 64] |= 1ULL << (i % 64);
		r->refs++;
		pthread_mutex_unlock(&r->lock);
		return i;
	}
	pthread_mutex_unlock(&r->lock);
	return -EAGAIN;
}

/* Only once the slot's host thread is dead and reaped. */
static void region_free_slot(struct region *r, int slot)
{
	pthread_mutex_lock(&r->lock);
	r->used[slot / 64] &= ~(1ULL << (slot % 64));
	int refs = --r->refs;
	struct systrap_rw *rw = refs ? NULL : r->rw;
	struct preload_set *preloads = refs ? NULL : r->preloads;
	struct premap *premaps[2] = { NULL, NULL };
	if (!refs) {
		r->rw = NULL;
		r->preloads = NULL;
		premaps[0] = r->premaps[0];
		premaps[1] = r->premaps[1];
		r->premaps[0] = r->premaps[1] = NULL;
		r->zygote_gen = 0;
	}
	pthread_mutex_unlock(&r->lock);
	systrap_rw_free(rw);
	preload_put(preloads);
	premap_put(premaps[0]);
	premap_put(premaps[1]);
	if (refs || region_to_pool(r))
		return;
	munmap(r->map, SYSTRAP_REGION_SIZE);
	close(r->memfd);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static void bind_slot(struct plat_thread *p, struct region *r, int slot)
{
	p->region = r;
	p->slot = slot;
	p->ctx = (struct systrap_ctx *)(r->map + (uint64_t)slot * SYSTRAP_SLOT_SIZE);
	p->slot_addr = SYSTRAP_CTX_BASE + (uint64_t)slot * SYSTRAP_SLOT_SIZE;
	p->uc = NULL;
	memset(p->ctx, 0, sizeof(*p->ctx));
	p->ctx->state = SYSTRAP_TURN_STUB;
	p->ctx->sentry_tgid = (uint32_t)sentry_tgid;
	p->ctx->spin_cycles = spin_cycles;
}

/* Translates an app address inside p's slot (an object of size n) to the
 * sentry's view; NULL if it is not wholly inside the signal stack. */
static void *slot_ptr(struct plat_thread *p, uint64_t addr, size_t n)
{
	uint64_t lo = p->slot_addr + SYSTRAP_ALTSTACK_OFF, hi = p->slot_addr + SYSTRAP_SLOT_SIZE;
	if (addr < lo || addr > hi || n > hi - addr || (addr & 7))
		return NULL;
	return (uint8_t *)p->ctx + (addr - p->slot_addr);
}

/* ---- host threads ---- */

static void add_rusage(struct rusage *acc, const struct rusage *ru)
{
	timeradd(&acc->ru_utime, &ru->ru_utime, &acc->ru_utime);
	timeradd(&acc->ru_stime, &ru->ru_stime, &acc->ru_stime);
	if (ru->ru_maxrss > acc->ru_maxrss)
		acc->ru_maxrss = ru->ru_maxrss;
	acc->ru_minflt += ru->ru_minflt;
	acc->ru_majflt += ru->ru_majflt;
	acc->ru_nvcsw += ru->ru_nvcsw;
	acc->ru_nivcsw += ru->ru_nivcsw;
}

/* Kills and reaps p's host thread (it is the sentry's child). */
static void kill_and_reap(struct plat_thread *p)
{
	if (p->reaped || p->tid <= 0)
		return;
	kill(p->tid, SIGKILL);
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	host_reap_now(p->tid, &ru);
	add_rusage(&p->ru, &ru);
	p->reaped = true;
	p->gone = true;
}

/* Drops p's host thread and slot (for release and exec). */
static void drop_host_thread(struct plat_thread *p)
{
	kill_and_reap(p);
	if (p->region)
		region_free_slot(p->region, p->slot);
	p->region = NULL;
	p->ctx = NULL;
	p->uc = NULL;
}

/* A slot whose host thread the reaper has seen die. */
struct dead_slot {
	struct region *region;
	int slot;
};

static void free_dead_slot(void *arg)
{
	struct dead_slot *d = arg;
	region_free_slot(d->region, d->slot);
	free(d);
}

static struct timeval ns_timeval(uint64_t ns)
{
	return (struct timeval){ (time_t)(ns / 1000000000ULL),
				 (suseconds_t)(ns % 1000000000ULL / 1000) };
}

/* Ends p's host thread, off this path. A stub waiting for its owner's
 * answer is told to exit: that costs a store, where a SIGKILL costs the
 * kill an inter-processor interrupt (20 us here) while the stub spins on
 * another CPU. Any other is killed at once. The reaper sends a SIGKILL
 * anyway, for a stub whose context the app has scribbled on. */
static void end_host_thread(struct plat_thread *p)
{
	uint32_t s = p->ctx ? __atomic_load_n(&p->ctx->state, __ATOMIC_ACQUIRE) : 0;
	if (!p->gone && !__atomic_load_n(&p->killed, __ATOMIC_SEQ_CST) &&
	    (s & SYSTRAP_TURN_MASK) == SYSTRAP_TURN_SENTRY) {
		p->ctx->command = SYSTRAP_CMD_EXIT;
		post(p);
	} else {
		kill(p->tid, SIGKILL);
	}
}

/* Like drop_host_thread, but the reaper (host_reaper.c) waits for the
 * death, off this path; the slot stays taken until then, so no new thread
 * is handed a context a dying one may still write. p's CPU time so far
 * goes into p->ru first (the rusage of the reaping would come too late). */
static void drop_host_thread_async(struct plat_thread *p)
{
	struct dead_slot *d = p->reaped || p->tid <= 0 ? NULL : malloc(sizeof(*d));
	if (!d) {
		drop_host_thread(p);
		return;
	}
	uint64_t user_ns, sys_ns;
	systrap_cpu_times(p, &user_ns, &sys_ns);
	p->ru.ru_utime = ns_timeval(user_ns);
	p->ru.ru_stime = ns_timeval(sys_ns);
	end_host_thread(p);
	*d = (struct dead_slot){ p->region, p->slot };
	if (host_reap_later(p->tid, free_dead_slot, d) < 0) {
		free(d);
		drop_host_thread(p);
		return;
	}
	p->reaped = true;
	p->gone = true;
	p->region = NULL;
	p->ctx = NULL;
	p->uc = NULL;
}

/* Binds the ucontext of the event just posted; false if the app scribbled
 * over its context. */
static bool bind_uc(struct plat_thread *p)
{
	uint64_t addr = __atomic_load_n(&p->ctx->uc_addr, __ATOMIC_RELAXED);
	p->uc = slot_ptr(p, addr, sizeof(struct k_ucontext));
	return p->uc != NULL;
}

static void regs_from_uc(struct plat_thread *p)
{
	const struct k_sigcontext *sc = &p->uc->uc_mcontext;
	struct user_regs_struct *r = &p->cur.gp;
	r->r8 = sc->r8; r->r9 = sc->r9; r->r10 = sc->r10; r->r11 = sc->r11;
	r->r12 = sc->r12; r->r13 = sc->r13; r->r14 = sc->r14; r->r15 = sc->r15;
	r->rdi = sc->rdi; r->rsi = sc->rsi; r->rbp = sc->rbp; r->rbx = sc->rbx;
	r->rdx = sc->rdx; r->rax = sc->rax; r->rcx = sc->rcx; r->rsp = sc->rsp;
	r->rip = sc->rip; r->eflags = sc->eflags;
	r->orig_rax = (uint64_t)-1;
	r->cs = 0x33;
	r->ss = 0x2b;
	r->ds = r->es = r->fs = r->gs = 0;
	r->fs_base = p->ctx->fs_base;
	r->gs_base = p->ctx->gs_base;
}

static void regs_to_uc(struct plat_thread *p, const struct arch_regs *regs)
{
	struct k_sigcontext *sc = &p->uc->uc_mcontext;
	const struct user_regs_struct *r = &regs->gp;
	sc->r8 = r->r8; sc->r9 = r->r9; sc->r10 = r->r10; sc->r11 = r->r11;
	sc->r12 = r->r12; sc->r13 = r->r13; sc->r14 = r->r14; sc->r15 = r->r15;
	sc->rdi = r->rdi; sc->rsi = r->rsi; sc->rbp = r->rbp; sc->rbx = r->rbx;
	sc->rdx = r->rdx; sc->rax = r->rax; sc->rcx = r->rcx; sc->rsp = r->rsp;
	sc->rip = r->rip; sc->eflags = r->eflags;
	sc->cs = 0x33;
	sc->ss = 0x2b;
	uint32_t set = 0;
	if (r->fs_base != p->cur.gp.fs_base) {
		p->ctx->new_fs_base = r->fs_base;
		set |= SYSTRAP_SET_FS;
	}
	if (r->gs_base != p->cur.gp.gs_base) {
		p->ctx->new_gs_base = r->gs_base;
		set |= SYSTRAP_SET_GS;
	}
	p->ctx->set_bases = set;
	p->cur = *regs;
}

/* Posts a command and waits for its EV_DONE. */
static long command(struct plat_thread *p, uint32_t cmd, long nr, const uint64_t args[6])
{
	/* A killed host thread cannot answer: without this check the wait
	 * below would spin its full SENTRY_SPIN_NS before noticing (a
	 * thread killed by exit_group while blocked in the sentry asks for
	 * its peak RSS on the way out). */
	if (p->gone || !p->ctx || __atomic_load_n(&p->killed, __ATOMIC_SEQ_CST) || lent_out(p))
		return -ESRCH;
	struct systrap_ctx *c = p->ctx;
	c->command = cmd;
	c->nr = nr;
	memcpy(c->args, args, sizeof(c->args));
	post(p);
	if (wait_turn(p)) {
		p->gone = true;
		return -ESRCH;
	}
	if (c->event != SYSTRAP_EV_DONE) {
		/* Only a corrupted context gets here: stop trusting it. */
		kill_and_reap(p);
		return -EIO;
	}
	return (long)c->result;
}

/* The first event of a new host thread. */
static int wait_startup(struct plat_thread *p)
{
	if (wait_turn(p)) {
		p->gone = true;
		return -ECHILD;
	}
	if (p->ctx->event != SYSTRAP_EV_STARTUP || !bind_uc(p))
		return -EIO;
	/* A process's first host thread says whether it registered (threads
	 * share the registration, a fork registers again). */
	if (p->slot == 0 || p->ctx->membarrier_ok)
		p->region->membarrier_ok = p->ctx->membarrier_ok != 0;
	regs_from_uc(p);
	return 0;
}

/* Runs in the vfork child (sharing the sentry's memory and the calling
 * thread's stack): raw system calls only, then exec the stub. */
static void __attribute__((noreturn)) child_exec_stub(int ctx_fd)
{
	syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (options.empty_root_fd >= 0) {
		if (syscall(SYS_fchdir, options.empty_root_fd) < 0 || syscall(SYS_chroot, ".") < 0)
			syscall(SYS_exit, 126);
	}
	/* Move the fds above their targets first: dup2 onto itself would
	 * keep FD_CLOEXEC. */
	long image = syscall(SYS_fcntl, systrap_image_memfd(), F_DUPFD, 64);
	long control = syscall(SYS_fcntl, control_sock[1], F_DUPFD, 64);
	long ctx = syscall(SYS_fcntl, ctx_fd, F_DUPFD, 64);
	if (image < 0 || control < 0 || ctx < 0 || syscall(SYS_dup2, image, STUB_FD_IMAGE) < 0 ||
	    syscall(SYS_dup2, control, STUB_FD_CONTROL) < 0 ||
	    syscall(SYS_dup2, ctx, STUB_FD_CONTEXT) < 0)
		syscall(SYS_exit, 126);
	syscall(SYS_close_range, 0, 2, 0);
	syscall(SYS_close_range, STUB_FD_CONTEXT + 1, ~0U, 0);
	if (syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		syscall(SYS_exit, 126);
	char *argv[] = { "runsc-app", NULL };
	char *envp[] = { NULL };
	syscall(SYS_execveat, STUB_FD_IMAGE, "", argv, envp, AT_EMPTY_PATH);
	syscall(SYS_exit, 127);
	__builtin_unreachable();
}

/* Gives p a new region with its slot 0 ready for a stub's start (the
 * seccomp program it installs copied in); no host thread yet. */
static int prepare_host_thread(struct plat_thread *p)
{
	struct region *r = region_new();
	if (!r)
		return -ENOMEM;
	int slot = region_alloc_slot(r);
	bind_slot(p, r, slot);
	memcpy((uint8_t *)p->ctx + SYSTRAP_FILTER_OFF, filter_prog,
	       (size_t)filter_len * sizeof(filter_prog[0]));
	p->ctx->filter_len = (uint64_t)filter_len;
	p->gone = p->reaped = false;
	return 0;
}

/* The spawner: one sentry thread, alive as long as the sentry, forks every
 * host process. PR_SET_PDEATHSIG fires when the parent *thread* exits, and
 * with CLONE_PARENT every app host process is a child of this thread, so
 * each of them can ask to be killed when the sentry dies (ptrace's
 * PTRACE_O_EXITKILL) without dying when some task's sentry thread ends.
 *
 * Fresh processes are forked from a zygote: a stub process that has
 * started (handlers, filter, membarrier registration) and never runs app
 * code. Its fork, which maps its own new region, costs a fraction of a
 * host vfork+exec of the stub image plus its start (about 230 us of CPU
 * here), and on a 2-CPU machine that CPU comes out of the very fork+exec
 * loops it serves: `sh` running 200 commands went from ~290 to ~250 ms.
 * A zygote's children share its address-space layout (stack, vDSO, mmap
 * base: the host randomises them only at a host exec), so it is replaced
 * after ZYGOTE_GENERATION forks.
 *
 * Between requests the spawner keeps one spare process started (waiting
 * at its start-up event), so that execve and new processes take a ready
 * one, and the next spare starts on the other CPU while the app runs. */
#define ZYGOTE_GENERATION 16

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool busy, has_request, done;
	struct plat_thread *request; /* prepared: region and slot, no process */
	pid_t result;
	bool spare_ready;   /* spare holds a started stub nobody owns yet */
	bool spare_failed;  /* the last attempt failed: only make on demand */
	bool spare_held;    /* taken by an execve still under way: wait for it */
	struct plat_thread spare;
	/* Owned by the spawner thread alone (no lock). */
	struct plat_thread zygote;
	bool zygote_ready;
	int zygote_forks;
	struct preload_set *zygote_preloads; /* what its children inherit */
	uint64_t zygote_gen;                 /* counts zygotes: 1, 2... */
	struct premap *zygote_premaps[2];    /* images mapped in it */
	/* Under the lock: records from execs to make in the zygote, and
	 * premaps an exec found wrong, to drop from it. */
	struct premap *pending[2], *refused[2];
} spawner = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static pid_t vfork_stub(int ctx_fd)
{
	pid_t pid = vfork();
	if (pid == 0)
		child_exec_stub(ctx_fd);
	return pid < 0 ? -errno : pid;
}

static int st_install_fd(struct plat_thread *p, int hostfd);

static void retire_zygote(void)
{
	if (spawner.zygote_ready)
		drop_host_thread_async(&spawner.zygote);
	spawner.zygote_ready = false;
	preload_put(spawner.zygote_preloads);
	spawner.zygote_preloads = NULL;
	for (int i = 0; i < 2; i++) {
		premap_put(spawner.zygote_premaps[i]);
		spawner.zygote_premaps[i] = NULL;
	}
}

static int install_in_zygote(void *arg, int hostfd)
{
	return st_install_fd(arg, hostfd);
}

/* A started zygote, or false if none could be made. */
static bool zygote_ready(void)
{
	if (spawner.zygote_ready && spawner.zygote_forks < ZYGOTE_GENERATION &&
	    !spawner.zygote.gone)
		return true;
	retire_zygote();
	struct plat_thread *z = &spawner.zygote;
	memset(z, 0, sizeof(*z));
	if (prepare_host_thread(z))
		return false;
	z->ctx->startup_nap = 1; /* (see make_spare) */
	/* Each fork takes the zygote ~100 us; spinning through it took the
	 * spawner as much CPU, on a machine whose CPUs the app's own
	 * fork+exec loop keeps busy. */
	z->patient = true;
	pid_t pid = vfork_stub(z->region->memfd);
	if (pid < 0) {
		drop_host_thread(z);
		return false;
	}
	z->tid = pid;
	if (wait_startup(z)) {
		drop_host_thread(z);
		return false;
	}
	spawner.zygote_ready = true;
	spawner.zygote_forks = 0;
	pthread_mutex_lock(&spawner.lock);
	spawner.zygote_gen++; /* (read by execs deciding to record) */
	pthread_mutex_unlock(&spawner.lock);
	spawner.zygote_preloads = preload_build(install_in_zygote, z);
	st_nap(z); /* (after the installs) nothing to do until the first fork */
	return true;
}

/* Forks the zygote into s (prepared: its region has slot 0 bound); the
 * child maps that region and stops at its start-up event. */
static pid_t fork_zygote(struct plat_thread *s)
{
	struct plat_thread *z = &spawner.zygote;
	int fd = st_install_fd(z, s->region->memfd);
	if (fd < 0) {
		retire_zygote();
		return fd;
	}
	uint64_t a[6] = { SYSTRAP_CLONE_FORK, (uint64_t)fd, s->slot_addr, 0, 0, 0 };
	long tid = command(z, SYSTRAP_CMD_CLONE, SYS_clone, a); /* (closes fd) */
	st_nap(z); /* nothing to do until the next fork */
	spawner.zygote_forks++;
	if (tid <= 0) {
		retire_zygote();
		return tid < 0 ? (pid_t)tid : -EIO;
	}
	/* The child's stack is a copy of the zygote's, exec reads its auxv. */
	s->region->preloads = spawner.zygote_preloads;
	preload_get(s->region->preloads);
	s->region->zygote_gen = spawner.zygote_gen;
	for (int i = 0; i < 2; i++) {
		s->region->premaps[i] = spawner.zygote_premaps[i];
		premap_get(s->region->premaps[i]);
	}
	s->ctx->initial_sp = z->ctx->initial_sp;
	s->ctx->vdso_base = z->ctx->vdso_base;
	return (pid_t)tid;
}

/* Starts a stub process in the prepared s: from the zygote if there is
 * one, else by a host exec of the stub image. Spawner thread only. */
static pid_t start_stub(struct plat_thread *s)
{
	if (zygote_ready()) {
		pid_t pid = fork_zygote(s);
		if (pid > 0)
			return pid;
	}
	return vfork_stub(s->region->memfd);
}

/* ---- premapped images (systrap_premap.c) ---- */

static bool spans_overlap(const struct premap *a, const struct premap *b)
{
	return a && b && a->lo < b->hi && b->lo < a->hi;
}

/* Unmaps m's pages in z's process: a command to its stub. */
static void unmap_premap(struct plat_thread *z, const struct premap *m)
{
	uint64_t a[6] = { m->lo, m->hi - m->lo, 0, 0, 0, 0 };
	command(z, SYSTRAP_CMD_SYSCALL, SYS_munmap, a);
}

/* Spawner thread only, without the lock: drops the zygote's premaps that
 * an exec refused, and makes the calls of new records in the zygote, each
 * of which must give the recorded result (else its pages go again). */
static void update_zygote_premaps(void)
{
	struct premap *pending[2], *refused[2];
	pthread_mutex_lock(&spawner.lock);
	for (int i = 0; i < 2; i++) {
		pending[i] = spawner.pending[i];
		refused[i] = spawner.refused[i];
		spawner.pending[i] = spawner.refused[i] = NULL;
	}
	pthread_mutex_unlock(&spawner.lock);
	struct plat_thread *z = &spawner.zygote;
	for (int i = 0; i < 2; i++) {
		struct premap *m = pending[i];
		bool live = spawner.zygote_ready && !z->gone;
		if (live && refused[i] && spawner.zygote_premaps[i] == refused[i]) {
			unmap_premap(z, refused[i]);
			premap_put(spawner.zygote_premaps[i]);
			spawner.zygote_premaps[i] = NULL;
		}
		premap_put(refused[i]);
		/* Only into the zygote whose fds the calls name, not over the
		 * other slot's pages, and not again: a spare forked before the
		 * zygote had the image records it too. */
		const struct premap *has = spawner.zygote_premaps[i];
		if (!m || !live || m->gen != spawner.zygote_gen ||
		    spans_overlap(m, spawner.zygote_premaps[!i]) ||
		    (has && has->dev == m->dev && has->ino == m->ino)) {
			premap_put(m);
			continue;
		}
		if (spawner.zygote_premaps[i]) {
			unmap_premap(z, spawner.zygote_premaps[i]);
			premap_put(spawner.zygote_premaps[i]);
			spawner.zygote_premaps[i] = NULL;
		}
		bool same = true;
		for (int c = 0; c < m->n && same; c++)
			same = command(z, SYSTRAP_CMD_SYSCALL, m->calls[c].nr, m->calls[c].args) ==
			       m->calls[c].result;
		if (same) {
			spawner.zygote_premaps[i] = m;
		} else {
			unmap_premap(z, m);
			premap_put(m);
		}
	}
	st_nap(z);
}

/* Spawner thread only, without the lock: a started spare in s. */
static bool make_spare(struct plat_thread *s)
{
	memset(s, 0, sizeof(*s));
	if (prepare_host_thread(s))
		return false;
	/* Nobody answers a spare's start-up until an execve takes it: it
	 * sleeps at once rather than spin on a CPU the app needs. */
	s->ctx->startup_nap = 1;
	pid_t pid = start_stub(s);
	if (pid < 0) {
		drop_host_thread(s);
		return false;
	}
	s->tid = pid;
	return true;
}

/* Waking a stub that sleeps on its futex costs up to ~150 us here (its CPU
 * may be halted), so an execve wakes the spare as it begins: the spare
 * spins, for a longer while than usual, through the ~100-200 us of path
 * walk and ELF reading before exec_reset takes it (a plain FUTEX_WAKE
 * without a turn change just makes the stub spin again). The old process
 * has nothing left to do but die: it stops spinning. */
#define SPARE_WAKE_SPIN_FACTOR 4

static void st_exec_begin(struct plat_thread *p)
{
	st_nap(p);
	pthread_mutex_lock(&spawner.lock);
	if (spawner.spare_ready) {
		struct systrap_ctx *c = spawner.spare.ctx;
		__atomic_store_n(&c->spin_cycles, spin_cycles * SPARE_WAKE_SPIN_FACTOR,
				 __ATOMIC_RELAXED);
		/* Takes back the start-up nap (st_wake_soon's hand-shake). */
		__atomic_fetch_and(&c->state, ~SYSTRAP_NAP, __ATOMIC_SEQ_CST);
		futex(&c->state, FUTEX_WAKE, 1, NULL);
	}
	pthread_mutex_unlock(&spawner.lock);
}

/* The next spare is started once the process that took the last one
 * runs: forked during its execve, it would compete for the CPUs with the
 * execve itself. */
static void release_spare_hold(void)
{
	pthread_mutex_lock(&spawner.lock);
	if (spawner.spare_held) {
		spawner.spare_held = false;
		pthread_cond_broadcast(&spawner.cond);
	}
	pthread_mutex_unlock(&spawner.lock);
}

/* Moves the spare stub, if there is one, into the fresh p. */
static bool take_spare(struct plat_thread *p)
{
	pthread_mutex_lock(&spawner.lock);
	bool taken = spawner.spare_ready;
	if (taken) {
		*p = spawner.spare;
		__atomic_store_n(&p->ctx->spin_cycles, spin_cycles, __ATOMIC_RELAXED);
		spawner.spare_ready = false;
		spawner.spare_failed = false;
		spawner.spare_held = true;
	}
	pthread_mutex_unlock(&spawner.lock);
	return taken;
}

static void *spawner_main(void *arg)
{
	(void)arg;
	/* No signal may run a sentry handler in a child, nor kill it before
	 * the stub has its own handlers: all stay blocked in this thread; the
	 * mask survives exec and the stub clears it. */
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, NULL);
	pthread_mutex_lock(&spawner.lock);
	for (;;) {
		while (!spawner.has_request &&
		       (spawner.spare_ready || spawner.spare_failed || spawner.spare_held))
			pthread_cond_wait(&spawner.cond, &spawner.lock);
		if (spawner.has_request) {
			struct plat_thread *req = spawner.request;
			spawner.has_request = false;
			pthread_mutex_unlock(&spawner.lock);
			pid_t pid = start_stub(req);
			pthread_mutex_lock(&spawner.lock);
			spawner.result = pid;
			if (pid > 0)
				spawner.spare_failed = false; /* worth trying again */
			spawner.done = true;
			pthread_cond_broadcast(&spawner.cond);
			continue;
		}
		/* The spare is made unlocked (an execve may meanwhile look for
		 * one, and find none) and published whole. */
		struct plat_thread fresh;
		pthread_mutex_unlock(&spawner.lock);
		update_zygote_premaps();
		bool made = make_spare(&fresh);
		pthread_mutex_lock(&spawner.lock);
		if (made)
			spawner.spare = fresh;
		spawner.spare_ready = made;
		spawner.spare_failed = !made;
	}
	return NULL;
}

/* Has the spawner start a stub process in the prepared p; returns its pid
 * or -errno. */
static pid_t spawner_run(struct plat_thread *p)
{
	pthread_mutex_lock(&spawner.lock);
	while (spawner.busy)
		pthread_cond_wait(&spawner.cond, &spawner.lock);
	spawner.busy = true;
	spawner.request = p;
	spawner.done = false;
	spawner.has_request = true;
	pthread_cond_broadcast(&spawner.cond);
	while (!spawner.done)
		pthread_cond_wait(&spawner.cond, &spawner.lock);
	pid_t pid = spawner.result;
	spawner.busy = false;
	pthread_cond_broadcast(&spawner.cond);
	pthread_mutex_unlock(&spawner.lock);
	return pid;
}

/* Makes a fresh host process running the stub, in slot 0 of a new region,
 * stopped at its start-up event. */
static int spawn_once(struct plat_thread *p)
{
	if (!take_spare(p)) {
		int err = prepare_host_thread(p);
		if (err)
			return err;
		pid_t pid = spawner_run(p);
		if (pid < 0) {
			drop_host_thread(p);
			return pid;
		}
		p->tid = pid;
	}
	int err = wait_startup(p);
	/* A spare reports its start-up long before it is taken: one killed
	 * from outside meanwhile (an operator, the OOM killer) is replaced
	 * here rather than failing the execve past its point of no return. */
	if (!err && host_thread_exited(p->tid))
		err = -ECHILD;
	if (err) {
		drop_host_thread(p);
		return err;
	}
	p->pristine = true;
	return 0;
}

static int spawn(struct plat_thread *p)
{
	int err = -ECHILD;
	/* The stub maps its context at a fixed address, which the kernel's
	 * randomised stack or vDSO occupies once in a few hundred starts:
	 * the stub then exits and a new start rolls the dice again. */
	for (int i = 0; i < SPAWN_ATTEMPTS && err == -ECHILD; i++) {
		struct rusage keep = p->ru;
		err = spawn_once(p);
		p->ru = keep;
	}
	return err;
}

/* ---- the platform operations ---- */

static int st_new_process(struct plat_thread **out)
{
	struct plat_thread *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	int err = spawn(p);
	if (err) {
		free(p);
		return err;
	}
	*out = p;
	return 0;
}

static int st_exec_reset(struct plat_thread *p, uint64_t *initial_sp, uint64_t *vdso)
{
	if (!p->pristine) {
		/* A fresh process replaces the old host thread: the old address
		 * space stays with whoever else uses it (a vfork parent). */
		struct plat_thread fresh;
		memset(&fresh, 0, sizeof(fresh));
		int err = spawn(&fresh);
		if (err)
			return err;
		if (!p->lender || !give_back(p))
			drop_host_thread_async(p);
		struct rusage ru = p->ru;
		int killed = p->killed;
		bool retry = p->exec_retry;
		*p = fresh;
		add_rusage(&p->ru, &ru);
		p->killed = killed;
		p->exec_retry = retry; /* (st_exec_images drops fresh's premaps) */
	}
	*initial_sp = p->ctx->initial_sp;
	*vdso = p->ctx->vdso_base;
	return 0;
}

static int st_clone(struct plat_thread *p, bool share_vm, struct plat_thread **child)
{
	if (p->gone)
		return -ESRCH;
	struct plat_thread *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	struct region *r = share_vm ? p->region : region_new();
	if (!r) {
		free(c);
		return -ENOMEM;
	}
	int slot = region_alloc_slot(r);
	if (slot < 0) {
		free(c);
		return slot; /* a shared region is full: EAGAIN, as for RLIMIT_NPROC */
	}
	bind_slot(c, r, slot);
	long fd = -1;
	if (!share_vm && rewrite_on) {
		/* The child's address space is a copy: same patched text, same
		 * trampolines. (A fresh region has no record of its own.) */
		pthread_mutex_lock(&p->region->lock);
		r->rw = systrap_rw_fork(p->region->rw);
		pthread_mutex_unlock(&p->region->lock);
	}
	if (!share_vm) {
		/* fork copies the host fd table, inherited fds included. */
		r->preloads = p->region->preloads;
		preload_get(r->preloads);
	}
	if (!share_vm) {
		fd = plat->install_fd(p, r->memfd);
		if (fd < 0) {
			region_free_slot(r, slot);
			free(c);
			return (int)fd;
		}
	}
	uint64_t a[6] = { share_vm ? SYSTRAP_CLONE_THREAD : SYSTRAP_CLONE_FORK, (uint64_t)fd,
			  c->slot_addr, 0, 0, 0 };
	long tid = command(p, SYSTRAP_CMD_CLONE, SYS_clone, a); /* (closes fd) */
	if (tid <= 0) {
		region_free_slot(r, slot);
		free(c);
		return tid < 0 ? (int)tid : -EIO;
	}
	c->tid = (pid_t)tid;
	c->cur = p->cur;
	*child = c;
	return 0;
}

static int st_adopt(struct plat_thread *c)
{
	if (c->lender)
		return 0; /* already stopped at the parent's vfork */
	return wait_startup(c);
}

/* ---- vfork: the child runs on its parent's host thread ----
 *
 * A vfork parent waits, in the sentry, until its child execs or exits, and
 * the child runs in the parent's address space: it can run on the
 * parent's own host thread. That saves cloning a host thread for it (and
 * killing and reaping that thread at the exec): about 40 us of the
 * vfork's latency and more of CPU, in every command a shell runs. The
 * thread goes back to the parent, with the parent's FPU state (the
 * registers are the parent's owner's to set), when the child execs
 * (exec_reset) or is released; if the parent is released first, it is the
 * child's alone. A handle that borrows does not lend again (a vfork in a
 * vfork child clones): two waiting lenders could not both get it back. */
static pthread_mutex_t lend_lock = PTHREAD_MUTEX_INITIALIZER;

static bool lent_out(const struct plat_thread *p)
{
	return __atomic_load_n(&p->borrower, __ATOMIC_ACQUIRE) != NULL;
}

static int st_lend(struct plat_thread *p, struct plat_thread **child)
{
	if (p->gone || !p->uc || p->lender || p->borrower)
		return -EAGAIN;
	struct plat_thread *c = malloc(sizeof(*c));
	void *fp = malloc(systrap_ops.fpstate_size);
	int n = c && fp ? st_get_fpstate(p, fp, systrap_ops.fpstate_size) : -ENOMEM;
	if (n < 0) {
		free(c);
		free(fp);
		return n;
	}
	*c = *p;
	memset(&c->ru, 0, sizeof(c->ru));
	c->pristine = false;
	c->killed = 0;
	c->borrower = NULL;
	c->lent_fp = NULL;
	c->lent_fp_len = 0;
	host_clocks(p, &c->base_user_ns, &c->base_sys_ns);
	pthread_mutex_lock(&lend_lock);
	c->lender = p;
	p->lent_fp = fp;
	p->lent_fp_len = (size_t)n;
	__atomic_store_n(&p->borrower, c, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&lend_lock);
	*child = c;
	return 0;
}

/* From c's owner: hands c's host thread back to its lender, c's CPU time
 * into c->ru. False if the lender was released meanwhile (the thread is
 * c's: drop it as usual). */
static bool give_back(struct plat_thread *c)
{
	pthread_mutex_lock(&lend_lock);
	struct plat_thread *p = c->lender;
	if (!p) {
		pthread_mutex_unlock(&lend_lock);
		return false;
	}
	/* c's time on the thread: the child's (its ru starts at zero), and
	 * no longer the parent's. */
	uint64_t user, sys;
	host_clocks(c, &user, &sys);
	uint64_t c_user = minus_floor0(user, c->base_user_ns), c_sys = minus_floor0(sys, c->base_sys_ns);
	c->ru.ru_utime = ns_timeval(c_user);
	c->ru.ru_stime = ns_timeval(c_sys);
	p->base_user_ns += c_user;
	p->base_sys_ns += c_sys;
	p->uc = c->uc;
	p->cur = c->cur;
	p->gone = c->gone;
	p->reaped = c->reaped;
	/* Under the lock: p's owner may be releasing p as soon as it is
	 * no longer lent. */
	__atomic_store_n(&p->borrower, NULL, __ATOMIC_RELEASE);
	if (!p->gone && st_set_fpstate(p, p->lent_fp, p->lent_fp_len) < 0)
		kill_unshared(p); /* it cannot be resumed as it was */
	free(p->lent_fp);
	p->lent_fp = NULL;
	c->lender = NULL;
	pthread_mutex_unlock(&lend_lock);
	c->gone = c->reaped = true;
	c->region = NULL;
	c->ctx = NULL;
	c->uc = NULL;
	return true;
}

/* From p's owner, releasing p: a thread still lent is the borrower's. */
static bool release_lent(struct plat_thread *p)
{
	pthread_mutex_lock(&lend_lock);
	struct plat_thread *c = p->borrower;
	if (c) {
		c->lender = NULL;
		__atomic_store_n(&p->borrower, NULL, __ATOMIC_RELEASE);
		free(p->lent_fp);
		p->lent_fp = NULL;
	}
	pthread_mutex_unlock(&lend_lock);
	return c != NULL;
}

/* A kick that interrupted a passthrough call (only futex waits block)
 * reports it as ptrace does: orig_rax = nr, rax = the restart code, rip
 * after the instruction. The stub's kick handler has SA_RESTART, so the
 * kernel has already turned -ERESTARTSYS into "rip back at the syscall,
 * rax = nr", and -ERESTARTNOHAND/-ERESTART_RESTARTBLOCK into -EINTR. */
static void interrupted_call(struct plat_thread *p)
{
	struct user_regs_struct *r = &p->cur.gp;
	long rax = (long)r->rax;
	if (rax != -EINTR && rax != SYS_futex)
		return;
	int op = (int)(r->rsi & ~(uint64_t)(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME));
	if (op != FUTEX_WAIT && op != FUTEX_WAIT_BITSET)
		return;
	uint8_t insn[2];
	uint64_t at = rax == SYS_futex ? r->rip : r->rip - 2;
	if (plat_mem_read(p, insn, at, 2) != 2 || insn[0] != 0x0f || insn[1] != 0x05)
		return;
	r->orig_rax = SYS_futex;
	if (rax == SYS_futex) {
		r->rip += 2;
		r->rax = (uint64_t)-512; /* ERESTARTSYS */
	} else {
		r->rax = (uint64_t)-514; /* ERESTARTNOHAND */
	}
}

/* A call trapped by SIGSYS (never a fast call: its site is patched, but
 * one that fell back to the site's `syscall` comes here, and the site
 * record answers at once): offers the site to the rewriter, which
 * patches it if it is a known pattern, hot, and safe to change with the
 * address space's threads (systrap_rewrite.c). */
/* p's address space's rewriter record (made if create), and in env what
 * the rewriter needs to change code there; NULL if there is none. */
static struct systrap_rw *rewriter_of(struct plat_thread *p, bool create,
				      struct systrap_rw_env *env)
{
	struct region *r = p->region;
	pthread_mutex_lock(&r->lock);
	bool single = r->refs == 1, membarrier = r->membarrier_ok;
	if (!r->rw && create)
		r->rw = systrap_rw_new();
	struct systrap_rw *rw = r->rw;
	pthread_mutex_unlock(&r->lock);
	*env = (struct systrap_rw_env){
		.tid = p->tid,
		.fast_entry = layout.fast_entry,
		.fast_entry_dyn = layout.fast_entry_dyn,
		.single_thread = single,
		.membarrier = membarrier,
	};
	return rw;
}

static void maybe_rewrite(struct plat_thread *p, long nr, uint64_t rdi, uint64_t rip)
{
	struct systrap_rw_env env;
	struct systrap_rw *rw = rewriter_of(p, true, &env);
	if (rw)
		systrap_rw_on_trap(rw, p, &env, nr, rdi, rip);
}

static void st_code_unmapping(struct plat_thread *p, uint64_t addr, uint64_t len, bool moving)
{
	if (!rewrite_on || !p->region || !len)
		return;
	struct systrap_rw_env env;
	struct systrap_rw *rw = rewriter_of(p, false, &env);
	if (!rw)
		return;
	uint64_t hi = addr + len < addr ? UINT64_MAX : addr + len;
	systrap_rw_forget(rw, p, &env, addr, hi, moving);
}

static long st_map_code(struct plat_thread *p, const struct plat_code_file *f, uint64_t addr,
			uint64_t len, int prot, int flags, uint64_t off)
{
	if (!rewrite_on || !p->region)
		return 0;
	const struct systrap_text_entries entries = { layout.fast_entry, layout.fast_entry_dyn };
	struct systrap_text_image *img =
		systrap_text_image_get(f->dev, f->ino, f->open_host, f->arg, &entries);
	if (!img)
		return 0;
	struct systrap_rw_env env;
	struct systrap_rw *rw = rewriter_of(p, true, &env);
	long r = rw ? systrap_rw_map_image(rw, p, img, addr, len, prot, flags, off) : 0;
	systrap_text_image_put(img);
	return r;
}

/* Whether a fault is a thread running into the int3 the rewriter put at
 * the start of a site it is patching (rip after it): then the thread
 * only has to run the site again. */
static bool rewrite_int3(struct plat_thread *p)
{
	if (!rewrite_on || p->ctx->event != SYSTRAP_EV_FAULT)
		return false;
	const siginfo_t *si = slot_ptr(p, p->ctx->info_addr, sizeof(siginfo_t));
	if (!si || si->si_signo != SIGTRAP || si->si_code != SI_KERNEL)
		return false;
	pthread_mutex_lock(&p->region->lock);
	struct systrap_rw *rw = p->region->rw;
	pthread_mutex_unlock(&p->region->lock);
	/* (rw outlives this call: this thread's slot holds the region.) is_site
	 * waits for a patch in progress; once it is done, the site's first
	 * byte is never an int3 of ours: one still there is the app's own. */
	uint64_t site = p->uc->uc_mcontext.rip - 1;
	uint8_t now;
	return rw && systrap_rw_is_site(rw, site) && plat_mem_read(p, &now, site, 1) == 1 &&
	       now != 0xcc;
}

static int st_run(struct plat_thread *p, struct arch_regs *regs, struct plat_event *ev,
		  const struct plat_resumed *resumed)
{
	if (p->gone || __atomic_load_n(&p->killed, __ATOMIC_SEQ_CST) || !p->uc || lent_out(p)) {
		ev->kind = PLAT_EVENT_GONE;
		return 0;
	}
	if (p->pristine) {
		p->pristine = false;
		release_spare_hold();
	}
	regs_to_uc(p, regs);
	struct systrap_ctx *c = p->ctx;
	uint32_t event;
	for (;;) {
		c->command = SYSTRAP_CMD_RESUME;
		post(p);
		if (resumed) {
			resumed->fn(resumed->arg);
			resumed = NULL;
		}
		if (wait_turn(p)) {
			p->gone = true;
			ev->kind = PLAT_EVENT_GONE;
			return 0;
		}
		event = c->event;
		if (!bind_uc(p) || event < SYSTRAP_EV_STARTUP || event > SYSTRAP_EV_INTERRUPT) {
			/* The app scribbled over its own context: it cannot be run. */
			kill_and_reap(p);
			ev->kind = PLAT_EVENT_GONE;
			return 0;
		}
		if (!rewrite_int3(p))
			break;
		p->uc->uc_mcontext.rip--; /* back to the site, patched by now or soon */
	}
	regs_from_uc(p);
	switch (event) {
	case SYSTRAP_EV_SYSCALL:
		/* As at a seccomp stop: the number in orig_rax, -ENOSYS in rax. */
		p->cur.gp.orig_rax = (uint64_t)c->nr;
		p->cur.gp.rax = (uint64_t)-ENOSYS;
		ev->kind = PLAT_EVENT_SYSCALL;
		/* (A fast call's site is patched already.) */
		if (rewrite_on && c->uc_addr != p->slot_addr + SYSTRAP_FAST_UC_OFF)
			maybe_rewrite(p, c->nr, p->cur.gp.rdi, p->cur.gp.rip);
		break;
	case SYSTRAP_EV_FAULT: {
		const siginfo_t *si = slot_ptr(p, c->info_addr, sizeof(siginfo_t));
		if (!si) {
			kill_and_reap(p);
			ev->kind = PLAT_EVENT_GONE;
			return 0;
		}
		ev->info = *si;
		ev->kind = PLAT_EVENT_FAULT;
		break;
	}
	default:
		interrupted_call(p);
		ev->kind = PLAT_EVENT_INTERRUPT;
		break;
	}
	*regs = p->cur;
	return 0;
}

/* Drops p's premap of slot, unmapping its pages. */
static void drop_premap(struct plat_thread *p, int slot)
{
	struct premap *m = p->region ? p->region->premaps[slot] : NULL;
	if (!m)
		return;
	p->region->premaps[slot] = NULL;
	unmap_premap(p, m);
	premap_put(m);
}

static bool same_image(const struct premap *m, const struct plat_image_key *k)
{
	return k->valid && m->dev == k->dev && m->ino == k->ino;
}

static void st_exec_images(struct plat_thread *p, const struct plat_image_key keys[2])
{
	for (int i = 0; i < 2 && p->region; i++) {
		struct premap *m = p->region->premaps[i];
		if (m && (p->exec_retry || !same_image(m, &keys[i])))
			drop_premap(p, i);
	}
	p->exec_retry = false;
	p->image_keys[0] = keys[0];
	p->image_keys[1] = keys[1];
}

static void st_image_begin(struct plat_thread *p, int slot)
{
	struct region *r = p->region;
	if (!r)
		return;
	if (r->premaps[slot]) {
		p->replay = (struct premap_cursor){ r->premaps[slot], 0, false };
		return;
	}
	/* Record for the zygote, if this process is its child (its fds) and
	 * the zygote has no such image yet. */
	const struct plat_image_key *k = &p->image_keys[slot];
	pthread_mutex_lock(&spawner.lock);
	bool want = k->valid && r->zygote_gen && r->zygote_gen == spawner.zygote_gen &&
		    !spawner.pending[slot];
	pthread_mutex_unlock(&spawner.lock);
	if (want)
		p->recording = premap_new(slot, k->dev, k->ino, r->zygote_gen);
}

static bool st_image_end(struct plat_thread *p, int slot, bool ok)
{
	struct premap *rec = p->recording;
	p->recording = NULL;
	if (rec && ok && premap_finish(rec)) {
		pthread_mutex_lock(&spawner.lock);
		if (!spawner.pending[slot] && rec->gen == spawner.zygote_gen) {
			spawner.pending[slot] = rec;
			rec = NULL;
		}
		pthread_mutex_unlock(&spawner.lock);
	}
	premap_put(rec);
	struct premap *m = p->replay.m;
	if (!m)
		return true;
	bool complete = ok && premap_replay_complete(&p->replay);
	p->replay = (struct premap_cursor){ 0 };
	/* Used (the pages are the app's now) or refused: either way gone. */
	p->region->premaps[slot] = NULL;
	if (complete) {
		premap_put(m);
		return true;
	}
	/* The process holds pages the sentry knows nothing of: exec starts
	 * over in a fresh one, and the zygote drops this image. */
	p->pristine = false;
	p->exec_retry = true;
	pthread_mutex_lock(&spawner.lock);
	premap_put(spawner.refused[slot]);
	spawner.refused[slot] = m;
	pthread_mutex_unlock(&spawner.lock);
	return false;
}

/* Whether a recorded mmap names only fds that the zygote's children all
 * have (inherited ones): any other fd number means nothing there. */
static bool replayable_fds(const struct plat_thread *p, long nr, const uint64_t args[6])
{
	int fd = (int)args[4];
	return nr != SYS_mmap || (args[3] & MAP_ANONYMOUS) || fd < 0 ||
	       preload_has_fd(p->region ? p->region->preloads : NULL, fd);
}

static long st_host_syscall(struct plat_thread *p, long nr, const uint64_t args[6])
{
	long r;
	if (p->replay.m) {
		if (premap_replay(&p->replay, nr, args, &r))
			return r;
		if (p->replay.diverged)
			return -EAGAIN; /* (not made: exec starts over) */
	}
	/* A program mapped at fixed addresses over the interpreter's premapped
	 * pages (not yet used): those go first, the interpreter is mapped
	 * anew. */
	for (int i = 0; i < 2 && p->region && nr == SYS_mmap && (args[3] & MAP_FIXED); i++) {
		const struct premap *m = p->region->premaps[i];
		if (m && args[0] < m->hi && m->lo < args[0] + args[1])
			drop_premap(p, i);
	}
	r = command(p, SYSTRAP_CMD_SYSCALL, nr, args);
	if (p->recording) {
		premap_add(p->recording, nr, args, r);
		if (!replayable_fds(p, nr, args))
			p->recording->invalid = true;
	}
	return r;
}

static int st_install_fd(struct plat_thread *p, int hostfd)
{
	pthread_mutex_lock(&fd_pass_lock);
	int ret = fd_pass_send(control_sock[0], hostfd);
	if (ret < 0)
		goto out;
	/* The app-side msghdr lives in the context's scratch area, written
	 * through the sentry's own mapping. */
	_Static_assert(sizeof(struct fd_pass_msg) <= sizeof(((struct systrap_ctx *)0)->scratch),
		       "scratch holds install_fd's message");
	struct fd_pass_msg *m = (struct fd_pass_msg *)p->ctx->scratch;
	uint64_t base = p->slot_addr + offsetof(struct systrap_ctx, scratch);
	fd_pass_prepare(m, base);
	uint64_t a[6] = { STUB_FD_CONTROL, base, MSG_CMSG_CLOEXEC, 0, 0, 0 };
	long r = command(p, SYSTRAP_CMD_SYSCALL, SYS_recvmsg, a);
	if (r < 0) {
		ret = (int)r;
		fd_pass_discard(control_sock[1]);
		goto out;
	}
	ret = fd_pass_received(m);
out:
	pthread_mutex_unlock(&fd_pass_lock);
	return ret;
}

int systrap_inherited_fd(struct plat_thread *p, const struct preload_key *key,
			 int (*open_host)(void *arg), void *arg)
{
	return preload_fd(p->region ? p->region->preloads : NULL, key, open_host, arg);
}

static int st_inherited_fd(struct plat_thread *p, uint64_t dev, uint64_t ino,
			   int (*open_host)(void *arg), void *arg)
{
	const struct preload_key key = { PRELOAD_FILE, dev, ino };
	return systrap_inherited_fd(p, &key, open_host, arg);
}

static void st_kick(struct plat_thread *p)
{
	if (!lent_out(p)) /* the borrower's, not p's to interrupt */
		syscall(SYS_tgkill, p->tid, p->tid, KICK_SIGNAL);
}

/* Kills p's host thread, which no other handle shares. */
static void kill_unshared(struct plat_thread *p)
{
	__atomic_store_n(&p->killed, 1, __ATOMIC_SEQ_CST);
	kill(p->tid, SIGKILL);
	struct systrap_ctx *c = p->ctx;
	if (c) {
		/* Wake the owner if it sleeps waiting for this thread. */
		__atomic_fetch_or(&c->state, SYSTRAP_KILLED, __ATOMIC_SEQ_CST);
		futex(&c->state, FUTEX_WAKE, INT32_MAX, NULL);
	}
}

static void st_terminate(struct plat_thread *p)
{
	__atomic_store_n(&p->killed, 1, __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&lend_lock);
	bool shared = p->lender || p->borrower;
	pthread_mutex_unlock(&lend_lock);
	if (shared) {
		/* The host thread outlives this handle: a lender finds p killed
		 * when its thread comes back; a borrower is interrupted, sees
		 * itself killed, and gives the thread back. */
		if (p->lender)
			syscall(SYS_tgkill, p->tid, p->tid, KICK_SIGNAL);
		return;
	}
	kill_unshared(p);
}

static void st_release(struct plat_thread *p, struct rusage *ru)
{
	if (!p)
		return;
	if ((p->lender && give_back(p)) || release_lent(p)) {
		if (ru)
			*ru = p->ru;
		free(p);
		return;
	}
	if (ru)
		drop_host_thread(p);
	else
		drop_host_thread_async(p);
	if (ru)
		*ru = p->ru;
	free(p);
}

/* The XSAVE area of the current event's frame (standard format, with the
 * software-reserved bytes, as PTRACE_GETREGSET NT_X86_XSTATE gives it). */
static uint8_t *frame_fpstate(struct plat_thread *p, size_t *size)
{
	/* Acquire: a stub about to sleep may save it meanwhile (stub_systrap.c's
	 * save_fp_before_sleep), publishing the pointer last. */
	if (p->uc && !__atomic_load_n(&p->uc->uc_mcontext.fpstate, __ATOMIC_ACQUIRE)) {
		/* A fast call's record: the stub saves it on demand. */
		static const uint64_t none[6];
		if (command(p, SYSTRAP_CMD_SAVE_FP, 0, none) < 0 || !bind_uc(p))
			return NULL;
	}
	if (!p->uc || !p->uc->uc_mcontext.fpstate)
		return NULL;
	uint8_t *fp = slot_ptr(p, p->uc->uc_mcontext.fpstate, XSAVE_HEADER_OFF + 64);
	if (!fp)
		return NULL;
	struct fpx_sw_bytes sw;
	memcpy(&sw, fp + FP_SW_BYTES_OFF, sizeof(sw));
	size_t n = XSAVE_HEADER_OFF;
	if (sw.magic1 == FP_XSTATE_MAGIC1 && sw.xstate_size >= XSAVE_HEADER_OFF + 64 &&
	    slot_ptr(p, p->uc->uc_mcontext.fpstate, sw.xstate_size))
		n = sw.xstate_size;
	*size = n;
	return fp;
}

static int st_get_fpstate(struct plat_thread *p, void *buf, size_t size)
{
	size_t n;
	uint8_t *fp = frame_fpstate(p, &n);
	if (!fp)
		return -EINVAL;
	if (n > size)
		n = size;
	memcpy(buf, fp, n);
	return (int)n;
}

static int st_set_fpstate(struct plat_thread *p, const void *buf, size_t size)
{
	size_t n;
	uint8_t *fp = frame_fpstate(p, &n);
	if (!fp)
		return -EINVAL;
	if (n > size)
		n = size;
	/* Keep the frame's own software bytes (sizes and features the
	 * kernel checks on sigreturn) and only the features it saved. */
	uint8_t sw[512 - FP_SW_BYTES_OFF];
	memcpy(sw, fp + FP_SW_BYTES_OFF, sizeof(sw));
	uint64_t features = 0;
	if (n >= XSAVE_HEADER_OFF + 8)
		memcpy(&features, fp + XSAVE_HEADER_OFF, 8);
	memcpy(fp, buf, n);
	memcpy(fp + FP_SW_BYTES_OFF, sw, sizeof(sw));
	if (n >= XSAVE_HEADER_OFF + 64) {
		uint64_t bv;
		memcpy(&bv, fp + XSAVE_HEADER_OFF, 8);
		struct fpx_sw_bytes swb;
		memcpy(&swb, sw, sizeof(swb));
		uint64_t allowed = swb.magic1 == FP_XSTATE_MAGIC1 ? swb.xfeatures : features;
		bv &= allowed;
		memcpy(fp + XSAVE_HEADER_OFF, &bv, 8);
		memset(fp + XSAVE_HEADER_OFF + 8, 0, 56); /* xcomp_bv, reserved */
	}
	return 0;
}

static struct plat_ops systrap_ops = {
	.name = "seccomp-trap",
	.new_process = st_new_process,
	.exec_reset = st_exec_reset,
	.exec_begin = st_exec_begin,
	.nap = st_nap,
	.wake_soon = st_wake_soon,
	.code_unmapping = st_code_unmapping,
	.map_code = st_map_code,
	.clone = st_clone,
	.lend = st_lend,
	.adopt = st_adopt,
	.run = st_run,
	.host_syscall = st_host_syscall,
	.install_fd = st_install_fd,
	.exec_images = st_exec_images,
	.image_begin = st_image_begin,
	.image_end = st_image_end,
	.inherited_fd = st_inherited_fd,
	.kick = st_kick,
	.terminate = st_terminate,
	.release = st_release,
	.get_fpstate = st_get_fpstate,
	.set_fpstate = st_set_fpstate,
};

pid_t systrap_host_tid(const struct plat_thread *p)
{
	return p->tid;
}

/* A host process's CPU clocks (Linux's MAKE_PROCESS_CPUCLOCK): PROF is
 * user+system, VIRT user only. */
static uint64_t process_clock_ns(pid_t pid, int which)
{
	struct timespec ts;
	clockid_t id = (clockid_t)((~(unsigned)pid << 3) | (unsigned)which);
	if (clock_gettime(id, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

long systrap_peak_rss_kb(struct plat_thread *p)
{
	if (p->gone || !p->ctx)
		return -1;
	_Static_assert(sizeof(struct rusage) <= sizeof(((struct systrap_ctx *)0)->scratch),
		       "scratch holds a struct rusage");
	uint64_t a[6] = { RUSAGE_SELF, p->slot_addr + offsetof(struct systrap_ctx, scratch),
			  0, 0, 0, 0 };
	if (command(p, SYSTRAP_CMD_SYSCALL, SYS_getrusage, a) < 0)
		return -1;
	struct rusage ru;
	memcpy(&ru, p->ctx->scratch, sizeof(ru));
	return ru.ru_maxrss;
}

/* The CPU time p's host thread has used in all (user, system). */
static void host_clocks(const struct plat_thread *p, uint64_t *user_ns, uint64_t *sys_ns)
{
	uint64_t prof = process_clock_ns(p->tid, 0), virt = process_clock_ns(p->tid, 1);
	*user_ns = virt;
	*sys_ns = prof > virt ? prof - virt : 0;
}

void systrap_cpu_times(const struct plat_thread *p, uint64_t *user_ns, uint64_t *sys_ns)
{
	uint64_t user, sys;
	host_clocks(p, &user, &sys);
	uint64_t pu = (uint64_t)p->ru.ru_utime.tv_sec * 1000000000ULL +
		      (uint64_t)p->ru.ru_utime.tv_usec * 1000;
	uint64_t ps = (uint64_t)p->ru.ru_stime.tv_sec * 1000000000ULL +
		      (uint64_t)p->ru.ru_stime.tv_usec * 1000;
	*user_ns = minus_floor0(user, p->base_user_ns) + pu;
	*sys_ns = minus_floor0(sys, p->base_sys_ns) + ps;
}

/* The size of the XSAVE area this CPU uses (CPUID leaf 0xd, ebx). */
static size_t xstate_size(void)
{
	unsigned a = 0xd, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return b ? b : 512;
}

int systrap_init(const struct plat_options *opts, const struct plat_ops **ops)
{
	options = *opts;
	int err = systrap_image_layout(&layout);
	if (err)
		return err;
	if (systrap_image_memfd() < 0)
		return -errno;
	filter_len = systrap_filter_build(filter_prog, SYSTRAP_FILTER_MAX, &layout);
	if (filter_len < 0)
		return -E2BIG;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, control_sock) < 0)
		return -errno;
	/* The sentry's mm keeps app mappings off the stub and the contexts. */
	stub_layout.lo = SYSTRAP_CTX_BASE < layout.lo ? SYSTRAP_CTX_BASE : layout.lo;
	stub_layout.hi = layout.hi > SYSTRAP_CTX_BASE + SYSTRAP_REGION_SIZE
				 ? layout.hi : SYSTRAP_CTX_BASE + SYSTRAP_REGION_SIZE;
	sentry_tgid = getpid();
	/* The fast entry reads the GS base with rdgsbase. */
	rewrite_on = opts->systrap_rewrite && (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE);
	calibrate_spin(); /* before the spawner starts a spare with it */
	pthread_t spawner_thread;
	err = pthread_create(&spawner_thread, NULL, spawner_main, NULL);
	if (err)
		return -err;
	pthread_detach(spawner_thread);
	systrap_ops.fpstate_size = xstate_size();
	*ops = &systrap_ops;
	return 0;
}
