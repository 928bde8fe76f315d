/* The seccomp-trap platform's entry points for platform/ptrace.c (which
 * owns plat_init and the platform-independent helpers) and for its tests. */
#pragma once
#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>
#include "platform/platform.h"

/* Addresses in the systrap stub image (platform/stub_systrap_x86_64.S):
 * each *_site is the address of a `syscall` instruction. */
struct systrap_layout {
	uint64_t syscall_site;         /* the stub's host calls */
	uint64_t sigreturn_site;       /* rt_sigreturn to app code */
	uint64_t plain_sigreturn_site; /* rt_sigreturn back into the stub */
	uint64_t clone_site;           /* clone of a host thread/process */
	uint64_t fast_entry;           /* rewritten sites: `mov $nr,%eax` form */
	uint64_t fast_entry_dyn;       /* ... and glibc's syscall() form */
	uint64_t lo, hi;               /* the image's address range */
};

/* Selects the platform: sets *ops on success. */
int systrap_init(const struct plat_options *opts, const struct plat_ops **ops);
pid_t systrap_host_tid(const struct plat_thread *p);
/* The peak RSS of p's process, asked of its stub (a getrusage round trip
 * costs a few us; the /proc status file about 15): -1 if p cannot be asked. */
long systrap_peak_rss_kb(struct plat_thread *p);
void systrap_cpu_times(const struct plat_thread *p, uint64_t *user_ns, uint64_t *sys_ns);
/* The fd p's process was started with for key (systrap_preload.h), or -1;
 * counts the use. */
struct preload_key;
int systrap_inherited_fd(struct plat_thread *p, const struct preload_key *key,
			 int (*open_host)(void *arg), void *arg);

/* The embedded stub image (platform/seccomp_trap_image.c): reads the
 * layout from its symbol table; returns 0 or -ENOEXEC. */
int systrap_image_layout(struct systrap_layout *out);
/* A sealed memfd holding the image (created on first call). */
int systrap_image_memfd(void);

/* Builds the app filter of this platform (platform/seccomp_trap_filter.c):
 * the app filter's passthrough rows ALLOW, every other call is
 * SECCOMP_RET_TRAP, and the stub's own few calls are allowed only from
 * its call sites. Returns the instruction count or -1 if cap is short. */
int systrap_filter_build(struct sock_filter *prog, size_t cap, const struct systrap_layout *l);
