/* The platform interface: how an app thread is run and its syscalls trapped.
 *
 * A platform runs app code for a task until an event the sentry must handle
 * (a syscall, a fault, an interrupt), and carries out host calls inside the
 * app's address space (mmap and friends) on the sentry's behalf. The sentry
 * core sees only this interface; ptrace.c and (next) seccomp_trap.c
 * implement it.
 *
 * Threading rule: a plat_thread is driven by exactly one sentry thread (its
 * "owner"), the one that created or adopted it. Only plat_kick may be called
 * from any thread. */
#pragma once
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include "platform/arch.h"

struct plat_thread;

enum plat_kind {
	PLAT_PTRACE,
	PLAT_SECCOMP_TRAP,
};

struct plat_options {
	enum plat_kind kind;
	bool ptrace_strict; /* PTRACE_SYSEMU: trap every call, passthrough none */
	bool systrap_rewrite; /* seccomp-trap: rewrite `mov $nr,%eax; syscall` sites */
	int empty_root_fd;  /* directory the app processes chroot into, or -1 */
};

enum plat_event_kind {
	PLAT_EVENT_SYSCALL,   /* regs hold the syscall; answer with arch_set_return */
	PLAT_EVENT_FAULT,     /* synchronous fault: info holds the host siginfo */
	PLAT_EVENT_INTERRUPT, /* plat_kick or a harmless host stop */
	PLAT_EVENT_GONE,      /* the host thread died (killed from outside) */
};

struct plat_event {
	enum plat_event_kind kind;
	siginfo_t info;
};

/* Sentry work the app need not wait for (plat_ops.run): done on the app's
 * sentry thread while the app already runs. */
struct plat_resumed {
	void (*fn)(void *arg);
	void *arg;
};

/* An ELF image an exec maps (plat_ops.exec_images): the file, as the
 * sentry knows it. Slot 0 is the program, slot 1 its interpreter. */
struct plat_image_key {
	bool valid;
	uint64_t dev, ino;
};

/* A file whose code is being mapped (plat_ops.map_code). */
struct plat_code_file {
	uint64_t dev, ino;   /* the sentry's identity of the file */
	/* A new host fd of the file's data, or -errno. */
	int (*open_host)(void *arg);
	void *arg;
};

struct plat_ops {
	const char *name;
	/* Creates a fresh address space holding only the stub; its first thread
	 * is owned by the calling sentry thread. */
	int (*new_process)(struct plat_thread **out);
	/* Replaces the address space of p with a fresh one (execve's point of
	 * no return): its initial stack, and its vDSO if the platform knows
	 * it without reading the stack (else 0). p's other host threads are not affected (they are
	 * separate host processes; the sentry kills them). */
	int (*exec_reset)(struct plat_thread *p, uint64_t *initial_sp, uint64_t *vdso);
	/* Optional (may be NULL): an execve has begun and will likely call
	 * exec_reset soon; a platform may get a fresh process ready. */
	void (*exec_begin)(struct plat_thread *p);
	/* Optional, all three or none: images mapped before the exec asks.
	 * Right after exec_reset, exec names the images it will map; the
	 * platform drops whatever p's fresh process holds for other files.
	 * image_begin and image_end bracket the mapping of one slot's image:
	 * host calls in between may be answered from the record of an earlier
	 * exec's calls (seccomp-trap's zygote made them already), the sentry
	 * doing its own bookkeeping as usual. image_end (ok: the mapping
	 * succeeded) returns false if the calls were not the record's: p's
	 * process is then of no use, and exec starts over from exec_reset,
	 * which gives a fresh one where nothing is premapped. */
	void (*exec_images)(struct plat_thread *p, const struct plat_image_key keys[2]);
	void (*image_begin)(struct plat_thread *p, int slot);
	bool (*image_end)(struct plat_thread *p, int slot, bool ok);
	/* Optional: p's pending call will not be answered soon (its sentry
	 * thread is about to sleep); a platform may stop p's host thread
	 * from spinning for the answer. */
	void (*nap)(struct plat_thread *p);
	/* Optional: undoes nap, from a thread that wakes p's owner (which
	 * cannot release p meanwhile): p's host thread starts waking while the
	 * owner does, instead of after it. */
	void (*wake_soon)(struct plat_thread *p);
	/* Optional: from p's owner, before the app unmaps, maps over or
	 * (moving) moves [addr, addr+len): a platform that changed app code
	 * there (seccomp-trap's rewritten sites) forgets it, and before a
	 * move puts the original code back. */
	void (*code_unmapping)(struct plat_thread *p, uint64_t addr, uint64_t len, bool moving);
	/* Optional: from p's owner, maps [addr, addr+len) of f at off with
	 * prot (executable) and flags (private, MAP_FIXED) from a copy of the
	 * platform's own (seccomp-trap: the file with syscall sites already
	 * patched). Returns addr, or 0 if the caller should map f itself. */
	long (*map_code)(struct plat_thread *p, const struct plat_code_file *f, uint64_t addr,
			 uint64_t len, int prot, int flags, uint64_t off);
	/* Clones p's host thread of execution. share_vm: same address space
	 * (threads, vfork); otherwise a copy (fork). The child is adopted by
	 * another sentry thread with adopt(). */
	int (*clone)(struct plat_thread *p, bool share_vm, struct plat_thread **child);
	/* Optional: for a vfork child (CLONE_VM|CLONE_VFORK) of p, whose owner
	 * waits, from that owner: a handle on p's own host thread, which the
	 * child runs on until exec_reset or release of the child hands it
	 * back to p with p's registers and FPU state. If p's owner releases p
	 * meanwhile, the thread is the child's alone. Adopt the child as
	 * after clone. */
	int (*lend)(struct plat_thread *p, struct plat_thread **child);
	/* Called on the child's own sentry thread before it is run. */
	int (*adopt)(struct plat_thread *child);
	/* Runs app code from regs until the next event; regs is updated.
	 * With resumed, calls resumed->fn(resumed->arg) once the app runs
	 * (before waiting for its next event), if it gets that far. */
	int (*run)(struct plat_thread *p, struct arch_regs *regs, struct plat_event *ev,
		   const struct plat_resumed *resumed);
	/* Makes a host syscall inside p's address space; returns its raw
	 * result (-errno on failure). regs of the app are preserved. */
	long (*host_syscall)(struct plat_thread *p, long nr, const uint64_t args[6]);
	/* Installs a copy of host fd into p's host fd table, returns its
	 * number there (for mmap of files); close it with host_syscall. */
	int (*install_fd)(struct plat_thread *p, int hostfd);
	/* Optional: the number of a host fd of the file the sentry knows as
	 * (dev, ino) that p's process was started with, or -1 (install one).
	 * For private read-only mappings of files anyone may read: the fd may
	 * be in every process (seccomp-trap's zygote hands out the files
	 * many processes map). open_host(arg) gives a new host fd of the
	 * file's data, if the platform wants one. Never close the result. */
	int (*inherited_fd)(struct plat_thread *p, uint64_t dev, uint64_t ino,
			    int (*open_host)(void *arg), void *arg);
	/* From any thread: make run() return PLAT_EVENT_INTERRUPT soon. */
	void (*kick)(struct plat_thread *p);
	/* From any thread: kill p's host thread (its owner sees GONE). */
	void (*terminate)(struct plat_thread *p);
	/* Kills and frees p. With ru, the host thread is gone when it returns
	 * and the CPU time and peak memory it used go to ru; with ru NULL a
	 * platform may leave the reaping to the background (read the CPU
	 * clocks first: plat_cpu_times). */
	void (*release)(struct plat_thread *p, struct rusage *ru);
	/* Floating-point/extended state, for signal frames. */
	int (*get_fpstate)(struct plat_thread *p, void *buf, size_t size);
	int (*set_fpstate)(struct plat_thread *p, const void *buf, size_t size);
	size_t fpstate_size;
};

/* Selects and initialises the platform; call once before any thread. */
int plat_init(const struct plat_options *opts);
extern const struct plat_ops *plat;

/* CPU time p has used so far (user, system), in nanoseconds. */
void plat_cpu_times(const struct plat_thread *p, uint64_t *user_ns, uint64_t *sys_ns);
/* Peak resident memory of p's host process in KiB (VmHWM), 0 if unknown.
 * From p's owner only, between events (the platform may ask p itself). */
long plat_peak_rss_kb(struct plat_thread *p);

/* Host id of p's thread (for process_vm_* and diagnostics). */
pid_t plat_host_tid(const struct plat_thread *p);

/* Raw app memory access (platform/app_memory.c): process_vm_readv/writev
 * on the host thread. Return bytes moved (possibly short), or -EFAULT when
 * nothing could be moved. */
ssize_t plat_mem_read(struct plat_thread *p, void *dst, uint64_t src, size_t n);
ssize_t plat_mem_write(struct plat_thread *p, uint64_t dst, const void *src, size_t n);

/* The stub image (platform/stub_x86_64.S, embedded by the build). */
struct stub_layout {
	uint64_t entry;        /* _start */
	uint64_t syscall_insn; /* `syscall; int3` used for injected calls */
	uint64_t clone_insn;   /* `syscall` whose child waits to be adopted */
	uint64_t child_loop;   /* where an unadopted clone child spins */
	uint64_t scratch;      /* a writable page for injected calls' arguments */
	uint64_t scratch_size;
	uint64_t lo, hi;       /* the address range the stub occupies */
};
extern struct stub_layout stub_layout;
int stub_layout_init(void);
/* A host fd (memfd) holding the stub executable, shared by all processes. */
int stub_memfd(void);

/* Host fd numbers inside every app process. */
#define STUB_FD_IMAGE 3
#define STUB_FD_CONTROL 4
