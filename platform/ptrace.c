/* The ptrace platform.
 *
 * Each app thread is a host process (threads of one sandbox process are host
 * processes sharing an address space via CLONE_VM, so host-level group
 * semantics - group stops, exec killing siblings - never interfere with the
 * sentry's own), traced by exactly one sentry thread. Emulated calls stop
 * the tracee through the app filter's SECCOMP_RET_TRACE; passthrough calls
 * run without a stop. In strict mode every call stops via PTRACE_SYSEMU.
 *
 * Host calls inside the app's address space (mmap, execveat of the stub,
 * clone) are "injected": the tracee's registers are pointed at the stub's
 * `syscall; int3`, it is resumed, and the int3 hands control back. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "platform/app_filter.h"
#include "platform/fd_pass.h"
#include "platform/host_reaper.h"
#include "platform/platform.h"
#include "platform/seccomp_trap.h"

#define KICK_SIGNAL SIGUSR2
#define PTRACE_OPTIONS (PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL | \
			PTRACE_O_TRACEEXEC | PTRACE_O_TRACESYSGOOD)

struct plat_thread {
	pid_t tid;
	bool at_syscall_stop; /* resuming completes (skips) a trapped call */
	bool gone;
	struct rusage ru;     /* filled when the host thread is reaped */
	struct arch_regs cur; /* the registers the host thread has now */
};

static struct plat_options options;
static struct sock_filter filter_prog[128];
static struct sock_fprog filter = { 0, filter_prog };
/* One control socket pair for the sandbox: the sentry sends fds on [0],
 * every app process holds [1] as STUB_FD_CONTROL. Sends and the injected
 * receive are paired under fd_pass_lock. */
static int control_sock[2] = { -1, -1 };
static pthread_mutex_t fd_pass_lock = PTHREAD_MUTEX_INITIALIZER;

pid_t plat_host_tid(const struct plat_thread *p)
{
	if (options.kind == PLAT_SECCOMP_TRAP)
		return systrap_host_tid(p);
	return p->tid;
}

static int get_regs(struct plat_thread *p)
{
	if (ptrace(PTRACE_GETREGS, p->tid, 0, &p->cur.gp) < 0)
		return -errno;
	return 0;
}

static int set_regs(struct plat_thread *p, const struct arch_regs *r)
{
	if (ptrace(PTRACE_SETREGS, p->tid, 0, &r->gp) < 0)
		return -errno;
	p->cur = *r;
	return 0;
}

static int wait_stop(struct plat_thread *p, int *status)
{
	for (;;) {
		/* No rusage here: it costs a getrusage per stop, and a tracer is
		 * not given its non-child tracee's usage anyway. */
		pid_t r = waitpid(p->tid, status, __WALL);
		if (r == p->tid)
			break;
		if (r < 0 && errno == EINTR)
			continue;
		p->gone = true;
		return -ECHILD;
	}
	if (WIFEXITED(*status) || WIFSIGNALED(*status)) {
		p->gone = true;
		return -ESRCH;
	}
	return 0;
}

static bool is_seccomp_stop(int status)
{
	return WIFSTOPPED(status) && (status >> 8) == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8));
}

static bool is_sysemu_stop(int status)
{
	return WIFSTOPPED(status) && WSTOPSIG(status) == (SIGTRAP | 0x80);
}

static bool is_int3_stop(int status)
{
	return WIFSTOPPED(status) && (status >> 8) == SIGTRAP;
}

/* The exec event stop is inside execve, whose return value the kernel
 * stores after the stop; injecting from there would lose rax. Run on to
 * the stub's first instruction (an int3) instead: a clean user-mode stop. */
static int finish_exec(struct plat_thread *p)
{
	int status;
	for (int i = 0; i < 4; i++) {
		if (ptrace(PTRACE_CONT, p->tid, 0, 0) < 0)
			return -errno;
		int err = wait_stop(p, &status);
		if (err)
			return err;
		if (is_int3_stop(status))
			return get_regs(p);
	}
	return -ENOEXEC;
}

/* Runs one injected host call from the current stop. Returns the call's
 * result; *status holds the final stop. Kicks that arrive meanwhile are
 * absorbed; if one interrupts a blocking call, its restart code is the
 * result (the caller turns it into EINTR or a restart). */
static long inject(struct plat_thread *p, uint64_t insn, long nr, const uint64_t a[6])
{
	struct arch_regs r = p->cur;
	r.gp.rip = insn;
	r.gp.rax = (uint64_t)nr;
	r.gp.orig_rax = (uint64_t)-1; /* skip the trapped call we stand in */
	r.gp.rdi = a[0];
	r.gp.rsi = a[1];
	r.gp.rdx = a[2];
	r.gp.r10 = a[3];
	r.gp.r8 = a[4];
	r.gp.r9 = a[5];
	int err = set_regs(p, &r);
	if (err)
		return err;
	p->at_syscall_stop = false;
	int status;
	int sig = 0;
	for (;;) {
		if (ptrace(PTRACE_CONT, p->tid, 0, sig) < 0)
			return -errno;
		sig = 0;
		err = wait_stop(p, &status);
		if (err)
			return err;
		if (is_seccomp_stop(status))
			continue; /* our injected call entering: let it run */
		if (WIFSTOPPED(status) && (status >> 16) == PTRACE_EVENT_EXEC)
			return finish_exec(p);
		if (is_int3_stop(status)) {
			get_regs(p);
			return (long)p->cur.gp.rax;
		}
		if (WIFSTOPPED(status) && WSTOPSIG(status) == KICK_SIGNAL) {
			get_regs(p);
			long rax = (long)p->cur.gp.rax;
			if (p->cur.gp.rip == insn + 2 && rax <= -512 && rax >= -516) {
				/* Interrupted inside the call: report it so the
				 * task loop can deliver the signal. */
				return rax;
			}
			continue;
		}
		/* Any other stop (a fault in the stub would be a sentry bug). */
		get_regs(p);
		if (WIFSTOPPED(status) && WSTOPSIG(status) != SIGSTOP)
			return -EFAULT;
	}
}

/* True if the trapped call p stands in is exactly nr(args). */
static bool is_current_call(const struct plat_thread *p, long nr, const uint64_t a[6])
{
	const struct user_regs_struct *r = &p->cur.gp;
	return p->at_syscall_stop && (long)r->orig_rax == nr && r->rdi == a[0] &&
	       r->rsi == a[1] && r->rdx == a[2] && r->r10 == a[3] && r->r8 == a[4] && r->r9 == a[5];
}

/* Lets the trapped call itself run on the host (the sentry decided it is
 * exactly what the host should do: anonymous mmap, munmap, mprotect...)
 * and stops at its exit: one round trip instead of an injection's two. */
static long run_current_call(struct plat_thread *p)
{
	int status, sig = 0;
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, p->tid, 0, sig) < 0)
			return -errno;
		sig = 0;
		int err = wait_stop(p, &status);
		if (err)
			return err;
		if (is_sysemu_stop(status)) /* the exit stop (TRACESYSGOOD) */
			break;
		if (WIFSTOPPED(status) && WSTOPSIG(status) == KICK_SIGNAL) {
			/* Absorbed: the call restarts or completes, and the
			 * task loop checks for signals right after. */
			continue;
		}
	}
	p->at_syscall_stop = false;
	int err = get_regs(p);
	return err ? err : (long)p->cur.gp.rax;
}

static long ptrace_host_syscall(struct plat_thread *p, long nr, const uint64_t args[6])
{
	if (!options.ptrace_strict && is_current_call(p, nr, args))
		return run_current_call(p);
	return inject(p, stub_layout.syscall_insn, nr, args);
}

static int ptrace_install_fd(struct plat_thread *p, int hostfd)
{
	pthread_mutex_lock(&fd_pass_lock);
	int ret = fd_pass_send(control_sock[0], hostfd);
	if (ret < 0)
		goto out;
	/* The app-side msghdr, in the stub's scratch page. */
	uint64_t base = stub_layout.scratch;
	struct fd_pass_msg m;
	fd_pass_prepare(&m, base);
	if (plat_mem_write(p, base, &m, sizeof(m)) != (ssize_t)sizeof(m)) {
		ret = -EFAULT;
		goto drain;
	}
	uint64_t a[6] = { STUB_FD_CONTROL, base, MSG_CMSG_CLOEXEC, 0, 0, 0 };
	long r = inject(p, stub_layout.syscall_insn, SYS_recvmsg, a);
	if (r < 0) {
		ret = (int)r;
		goto drain;
	}
	if (plat_mem_read(p, &m, base, sizeof(m)) != (ssize_t)sizeof(m))
		ret = -EFAULT;
	else
		ret = fd_pass_received(&m);
	goto out;
drain:
	fd_pass_discard(control_sock[1]);
out:
	pthread_mutex_unlock(&fd_pass_lock);
	return ret;
}

/* Runs in the forked child: become a traced app process running the stub.
 * Only raw syscalls here: the sentry is multi-threaded. */
static void __attribute__((noreturn)) child_become_stub(void)
{
	sigset_t none;
	sigemptyset(&none);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
	struct sigaction ign = { .sa_handler = SIG_IGN };
	syscall(SYS_rt_sigaction, SIGCHLD, &ign, NULL, 8); /* auto-reap host children */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (options.empty_root_fd >= 0) {
		if (fchdir(options.empty_root_fd) < 0 || chroot(".") < 0)
			_exit(126);
	}
	/* Move both fds above the targets first: dup2 onto itself would
	 * keep FD_CLOEXEC. */
	int image = fcntl(stub_memfd(), F_DUPFD, 64);
	int control = fcntl(control_sock[1], F_DUPFD, 64);
	if (image < 0 || control < 0 || dup2(image, STUB_FD_IMAGE) < 0 ||
	    dup2(control, STUB_FD_CONTROL) < 0)
		_exit(126);
	syscall(SYS_close_range, 0, 2, 0);
	syscall(SYS_close_range, STUB_FD_CONTROL + 1, ~0U, 0);
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
		_exit(126);
	raise(SIGSTOP);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		_exit(126);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &filter) < 0)
		_exit(126);
	char *argv[] = { "runsc-app", NULL };
	char *envp[] = { NULL };
	syscall(SYS_execveat, STUB_FD_IMAGE, "", argv, envp, AT_EMPTY_PATH);
	_exit(127);
}

/* CPU placement. Every ptrace stop is a wake-up of the tracer by the
 * tracee and back; across CPUs each costs an inter-processor interrupt,
 * which on virtual machines dominates everything else (getpid measured
 * 10 us pinned vs 55 us unpinned here). So each tracer thread and its
 * tracee share one CPU, and successive tasks are spread round-robin over
 * the CPUs the sentry may use. The app cannot change this: its
 * sched_setaffinity is emulated. */
static int placement_cpus[CPU_SETSIZE];
static int placement_count;
static unsigned placement_next;

static void placement_init(void)
{
	cpu_set_t set;
	placement_count = 0;
	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			placement_cpus[placement_count++] = c;
}

/* Pins the calling sentry thread and host thread tid to one CPU. */
static void place_pair(pid_t tid)
{
	if (placement_count < 2)
		return;
	unsigned i = __atomic_fetch_add(&placement_next, 1, __ATOMIC_RELAXED);
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(placement_cpus[i % (unsigned)placement_count], &one);
	sched_setaffinity(0, sizeof(one), &one);
	sched_setaffinity(tid, sizeof(one), &one);
}

static int ptrace_new_process(struct plat_thread **out)
{
	struct plat_thread *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	pid_t pid = fork();
	if (pid < 0) {
		free(p);
		return -errno;
	}
	if (pid == 0)
		child_become_stub();
	p->tid = pid;
	place_pair(pid);
	int status, err;
	if ((err = wait_stop(p, &status)) || !WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
		goto fail;
	if (ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_OPTIONS) < 0)
		goto fail;
	/* Next: the execveat of the stub traps (it is not passthrough); let it
	 * run and wait for the exec event. */
	for (int i = 0; i < 4; i++) {
		if (ptrace(PTRACE_CONT, pid, 0, 0) < 0 || wait_stop(p, &status))
			goto fail;
		if ((status >> 16) == PTRACE_EVENT_EXEC) {
			if (finish_exec(p))
				goto fail;
			*out = p;
			return 0;
		}
		if (!is_seccomp_stop(status))
			goto fail;
	}
fail:
	kill(pid, SIGKILL);
	waitpid(pid, &status, __WALL);
	free(p);
	return -ECHILD;
}

static int ptrace_exec_reset(struct plat_thread *p, uint64_t *initial_sp, uint64_t *vdso)
{
	/* argv for the stub image lives in the scratch page. */
	uint64_t base = stub_layout.scratch;
	struct {
		uint64_t argv[2];
		char name[16];
	} s = { { base + 16, 0 }, "runsc-app" };
	if (plat_mem_write(p, base, &s, sizeof(s)) != (ssize_t)sizeof(s))
		return -EFAULT;
	uint64_t a[6] = { STUB_FD_IMAGE, base + 16 + 9 /* "" */, base, base + 8, AT_EMPTY_PATH, 0 };
	long r = inject(p, stub_layout.syscall_insn, SYS_execveat, a);
	if (r < 0)
		return (int)r;
	if (p->cur.gp.rip != stub_layout.entry + 1)
		return -ENOEXEC;
	*initial_sp = p->cur.gp.rsp;
	*vdso = 0;
	return 0;
}

static int ptrace_clone(struct plat_thread *p, bool share_vm, struct plat_thread **child)
{
	struct plat_thread *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	/* Processes sharing an address space also share the host fd table,
	 * so fds installed for file mappings (mm's fd cache) are valid in all. */
	uint64_t flags = SIGCHLD | (share_vm ? CLONE_VM | CLONE_FILES : 0);
	uint64_t a[6] = { flags, 0, 0, 0, 0, 0 };
	long r = inject(p, stub_layout.clone_insn, SYS_clone, a);
	if (r <= 0) {
		free(c);
		return r < 0 ? (int)r : -EIO;
	}
	c->tid = (pid_t)r;
	*child = c;
	return 0;
}

static int ptrace_adopt(struct plat_thread *c)
{
	if (ptrace(PTRACE_SEIZE, c->tid, 0, PTRACE_OPTIONS) < 0)
		return -errno;
	int status;
	for (;;) {
		int err = wait_stop(c, &status);
		if (err)
			return err;
		if (is_seccomp_stop(status))
			break;
		/* A stray stop before the child loop trapped: resume it. */
		if (ptrace(PTRACE_CONT, c->tid, 0, 0) < 0)
			return -errno;
	}
	c->at_syscall_stop = true;
	place_pair(c->tid);
	return get_regs(c);
}

static bool is_synchronous_fault(const siginfo_t *si)
{
	switch (si->si_signo) {
	case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGTRAP:
		return si->si_code > 0 || si->si_code == SI_KERNEL;
	default:
		return false;
	}
}

static int ptrace_run(struct plat_thread *p, struct arch_regs *regs, struct plat_event *ev,
		      const struct plat_resumed *resumed)
{
	if (p->gone) {
		ev->kind = PLAT_EVENT_GONE;
		return 0;
	}
	/* Skip the trapped call (the sentry answered it). Needed in strict
	 * mode too: a thread is adopted at a seccomp stop, which SYSEMU does
	 * not skip by itself. */
	if (p->at_syscall_stop)
		regs->gp.orig_rax = (uint64_t)-1;
	if (memcmp(&regs->gp, &p->cur.gp, sizeof(regs->gp)) != 0) {
		int err = set_regs(p, regs);
		if (err == -ESRCH) {
			p->gone = true;
			ev->kind = PLAT_EVENT_GONE;
			return 0;
		}
	}
	int request = options.ptrace_strict ? PTRACE_SYSEMU : PTRACE_CONT;
	for (;;) {
		p->at_syscall_stop = false;
		if (ptrace(request, p->tid, 0, 0) < 0 && errno == ESRCH) {
			int status;
			wait_stop(p, &status);
			ev->kind = PLAT_EVENT_GONE;
			return 0;
		}
		if (resumed) {
			resumed->fn(resumed->arg);
			resumed = NULL;
		}
		int status;
		if (wait_stop(p, &status)) {
			ev->kind = PLAT_EVENT_GONE;
			return 0;
		}
		if (is_seccomp_stop(status) || is_sysemu_stop(status)) {
			get_regs(p);
			p->at_syscall_stop = true;
			*regs = p->cur;
			ev->kind = PLAT_EVENT_SYSCALL;
			return 0;
		}
		if (!WIFSTOPPED(status) || (status >> 16) != 0)
			continue; /* event stops (exec, group stop): resume */
		int sig = WSTOPSIG(status);
		if (sig == KICK_SIGNAL) {
			get_regs(p);
			*regs = p->cur;
			ev->kind = PLAT_EVENT_INTERRUPT;
			return 0;
		}
		siginfo_t si;
		if (ptrace(PTRACE_GETSIGINFO, p->tid, 0, &si) == 0 && is_synchronous_fault(&si)) {
			get_regs(p);
			*regs = p->cur;
			ev->kind = PLAT_EVENT_FAULT;
			ev->info = si;
			return 0;
		}
		/* Host signals from outside the sandbox are dropped. */
	}
}

static void ptrace_kick(struct plat_thread *p)
{
	syscall(SYS_tgkill, p->tid, p->tid, KICK_SIGNAL);
}

static void ptrace_release(struct plat_thread *p, struct rusage *ru)
{
	if (!p)
		return;
	if (!p->gone) {
		kill(p->tid, SIGKILL);
		/* Without ru nobody waits for the host's numbers: let the
		 * reaper wait for the teardown (see host_reaper.c). */
		if (ru || host_reap_later(p->tid, NULL, NULL) < 0)
			host_reap_now(p->tid, &p->ru);
	}
	if (ru)
		*ru = p->ru;
	free(p);
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

/* The host's /proc, opened once at start-up: peak RSS is read from it
 * relative to this fd, never through a path walk from the host root. */
static int host_proc_fd = -1;

long plat_peak_rss_kb(struct plat_thread *p)
{
	if (options.kind == PLAT_SECCOMP_TRAP) {
		long kb = systrap_peak_rss_kb(p);
		if (kb >= 0)
			return kb;
	}
	char name[32], buf[4096];
	snprintf(name, sizeof(name), "%d/status", plat_host_tid(p));
	int fd = openat(host_proc_fd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *hwm = strstr(buf, "VmHWM:");
	return hwm ? strtol(hwm + 6, NULL, 10) : 0;
}

void plat_cpu_times(const struct plat_thread *p, uint64_t *user_ns, uint64_t *sys_ns)
{
	if (options.kind == PLAT_SECCOMP_TRAP) {
		systrap_cpu_times(p, user_ns, sys_ns);
		return;
	}
	uint64_t prof = process_clock_ns(p->tid, 0), virt = process_clock_ns(p->tid, 1);
	*user_ns = virt;
	*sys_ns = prof > virt ? prof - virt : 0;
}

static void ptrace_terminate(struct plat_thread *p)
{
	kill(p->tid, SIGKILL);
}

static int ptrace_get_fpstate(struct plat_thread *p, void *buf, size_t size)
{
	struct iovec iov = { buf, size };
	if (ptrace(PTRACE_GETREGSET, p->tid, NT_X86_XSTATE, &iov) < 0)
		return -errno;
	return (int)iov.iov_len;
}

static int ptrace_set_fpstate(struct plat_thread *p, const void *buf, size_t size)
{
	struct iovec iov = { (void *)buf, size };
	if (ptrace(PTRACE_SETREGSET, p->tid, NT_X86_XSTATE, &iov) < 0)
		return -errno;
	return 0;
}

static struct plat_ops ptrace_ops = {
	.name = "ptrace",
	.new_process = ptrace_new_process,
	.exec_reset = ptrace_exec_reset,
	.clone = ptrace_clone,
	.adopt = ptrace_adopt,
	.run = ptrace_run,
	.host_syscall = ptrace_host_syscall,
	.install_fd = ptrace_install_fd,
	.kick = ptrace_kick,
	.terminate = ptrace_terminate,
	.release = ptrace_release,
	.get_fpstate = ptrace_get_fpstate,
	.set_fpstate = ptrace_set_fpstate,
};

const struct plat_ops *plat;

/* The size of the XSAVE area this CPU uses (CPUID leaf 0xd, ebx). */
static size_t xstate_size(void)
{
	unsigned a = 0xd, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return b ? b : 512;
}

int plat_init(const struct plat_options *opts)
{
	options = *opts;
	host_proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	placement_init();
	if (opts->kind == PLAT_SECCOMP_TRAP)
		return systrap_init(opts, &plat); /* platform/seccomp_trap.c */
	if (opts->kind != PLAT_PTRACE)
		return -ENOSYS;
	int err = stub_layout_init();
	if (err)
		return err;
	int n = app_filter_build(filter_prog, sizeof(filter_prog) / sizeof(filter_prog[0]));
	if (n < 0)
		return -E2BIG;
	filter.len = (unsigned short)n;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, control_sock) < 0)
		return -errno;
	ptrace_ops.fpstate_size = xstate_size();
	plat = &ptrace_ops;
	return 0;
}
