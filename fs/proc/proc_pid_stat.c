/* /proc/PID/stat, statm and status (Linux's fs/proc/array.c), in Linux's
 * exact formats: ps, top, pgrep, psutil and glibc parse them by position or
 * by label. Memory numbers come from the sentry's mapping records; what it
 * cannot know (resident pages, faults, context switches) is approximated
 * or 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include "fs/fdtable.h"
#include "fs/fs_context.h"
#include "fs/proc/proc_internal.h"
#include "sentry/mm.h"

#define PF_RANDOMIZE 0x00400000u
/* CAP_LAST_CAP is 40 (CAP_CHECKPOINT_RESTORE): 41 capability bits. */
#define PROC_CAP_FULL 0x000001ffffffffffull

struct code_range {
	uint64_t start_code, end_code, start_data, end_data;
};

/* Where the executable is mapped: text is its executable mapping, data its
 * writable one (Linux takes both from the ELF loader; the mapping records
 * give the same answer). */
static void exe_ranges(struct mm *mm, struct vfs_file *exe, struct code_range *r)
{
	memset(r, 0, sizeof(*r));
	if (!mm || !exe || !exe->dentry)
		return;
	pthread_mutex_lock(&mm->lock);
	list_for_each(pos, &mm->vmas) {
		struct vma *v = container_of(pos, struct vma, link);
		if (!v->file || v->file->dentry != exe->dentry)
			continue;
		if ((v->prot & PROT_EXEC) && !r->start_code) {
			r->start_code = v->start;
			r->end_code = v->end;
		} else if ((v->prot & PROT_WRITE) && !r->start_data) {
			r->start_data = v->start;
			r->end_data = v->end;
		}
	}
	pthread_mutex_unlock(&mm->lock);
}

/* The task's information with its memory statistics (stat and statm);
 * release with proc_pinfo_put. */
static int pinfo_with_mm(struct proc_node *n, struct proc_pinfo *p, struct proc_mm_stats *ms)
{
	int err = proc_pinfo_get(n, PROC_WANT_MM | PROC_WANT_EXE, p);
	if (err)
		return err;
	proc_mm_stats(p->mm, p->exe, ms);
	return 0;
}

int proc_show_pid_stat(struct proc_node *n, struct proc_buf *b)
{
	struct proc_pinfo p;
	struct proc_mm_stats ms;
	int err = pinfo_with_mm(n, &p, &ms);
	if (err)
		return err;
	struct code_range cr;
	exe_ranges(p.mm, p.exe, &cr);
	bool permitted = proc_may_access(n);
	bool mm = p.mm != NULL;
	uint64_t mask31 = 0x7fffffffull;
	unsigned long long rsslim = p.rlimits[RLIMIT_RSS].rlim_cur;

	pb_printf(b, "%d (%s) %c %d %d %d 0 -1 %u 0 0 0 0 ", p.tid, p.comm, p.state, p.ppid,
		  p.pgid, p.sid, PF_RANDOMIZE);
	pb_printf(b, "%llu %llu %llu %llu %d %d %d 0 %llu %llu %llu %llu ",
		  (unsigned long long)proc_ns_to_ticks(p.utime_ns),
		  (unsigned long long)proc_ns_to_ticks(p.stime_ns),
		  (unsigned long long)proc_ns_to_ticks(p.cutime_ns),
		  (unsigned long long)proc_ns_to_ticks(p.cstime_ns), 20 + p.nice, p.nice,
		  p.nthreads, (unsigned long long)p.start_ticks, (unsigned long long)ms.size,
		  (unsigned long long)(ms.rss / MM_PAGE_SIZE), rsslim);
	pb_printf(b, "%llu %llu %llu 0 0 ",
		  (unsigned long long)(mm ? (permitted ? cr.start_code : 1) : 0),
		  (unsigned long long)(mm ? (permitted ? cr.end_code : 1) : 0),
		  (unsigned long long)(mm && permitted ? p.stack_start : 0));
	pb_printf(b, "%llu %llu %llu %llu 0 0 0 %d 0 0 0 0 0 0",
		  (unsigned long long)(p.sig_pending & mask31),
		  (unsigned long long)(p.sig_blocked & mask31),
		  (unsigned long long)(p.sig_ignored & mask31),
		  (unsigned long long)(p.sig_caught & mask31), p.exit_signal);
	if (mm && permitted)
		pb_printf(b, " %llu %llu %llu %llu %llu %llu %llu", (unsigned long long)cr.start_data,
			  (unsigned long long)cr.end_data, (unsigned long long)p.brk_start,
			  (unsigned long long)p.arg_start, (unsigned long long)p.arg_end,
			  (unsigned long long)p.env_start, (unsigned long long)p.env_end);
	else
		pb_puts(b, " 0 0 0 0 0 0 0");
	pb_printf(b, " %d\n", permitted ? p.exit_code : 0);
	proc_pinfo_put(&p);
	return 0;
}

int proc_show_pid_statm(struct proc_node *n, struct proc_buf *b)
{
	struct proc_pinfo p;
	struct proc_mm_stats ms;
	int err = pinfo_with_mm(n, &p, &ms);
	if (err)
		return err;
	/* size resident shared text lib data dt; lib and dt are always 0. */
	pb_printf(b, "%llu %llu %llu %llu 0 %llu 0\n",
		  (unsigned long long)(ms.size / MM_PAGE_SIZE),
		  (unsigned long long)(ms.rss / MM_PAGE_SIZE),
		  (unsigned long long)(ms.shared_file / MM_PAGE_SIZE),
		  (unsigned long long)(ms.exe / MM_PAGE_SIZE),
		  (unsigned long long)((ms.data + ms.stack) / MM_PAGE_SIZE));
	proc_pinfo_put(&p);
	return 0;
}

static const char *state_name(char s)
{
	switch (s) {
	case 'R': return "R (running)";
	case 'S': return "S (sleeping)";
	case 'T': return "T (stopped)";
	case 'Z': return "Z (zombie)";
	}
	return "S (sleeping)";
}

/* Linux's proc_task_name with escaping: only newline and backslash. */
static void put_escaped_comm(struct proc_buf *b, const char *comm)
{
	for (const char *c = comm; *c; c++) {
		if (*c == '\n')
			pb_puts(b, "\\n");
		else if (*c == '\\')
			pb_puts(b, "\\\\");
		else
			pb_write(b, c, 1);
	}
}

/* A CPU bitmap as Linux's "%*pb": 32-bit hex groups separated by commas. */
static void put_cpu_mask(struct proc_buf *b, int ncpus)
{
	int groups = (ncpus + 31) / 32;
	for (int g = groups - 1; g >= 0; g--) {
		int bits = ncpus - g * 32;
		if (bits > 32)
			bits = 32;
		unsigned long long v = bits == 32 ? 0xffffffffull : ((1ull << bits) - 1);
		if (g == groups - 1) {
			/* The top group is as wide as its bits need. */
			int width = (bits + 3) / 4;
			pb_printf(b, "%0*llx", width, v);
		} else {
			pb_printf(b, ",%08llx", v);
		}
	}
}

static void put_kb(struct proc_buf *b, const char *label, uint64_t bytes)
{
	pb_printf(b, "%s:\t%8llu kB\n", label, (unsigned long long)(bytes / 1024));
}

int proc_show_pid_status(struct proc_node *n, struct proc_buf *b)
{
	struct proc_pinfo p;
	int err = proc_pinfo_get(n, PROC_WANT_MM | PROC_WANT_EXE | PROC_WANT_FILES |
					    PROC_WANT_FS, &p);
	if (err)
		return err;
	pb_puts(b, "Name:\t");
	put_escaped_comm(b, p.comm);
	pb_puts(b, "\n");
	if (p.fs)
		pb_printf(b, "Umask:\t%04o\n", (unsigned)atomic_load(&p.fs->umask));
	pb_printf(b, "State:\t%s\n", state_name(p.state));
	pb_printf(b, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", p.tgid, p.tid,
		  p.ppid);
	const struct cred *c = &p.cred;
	pb_printf(b, "Uid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, c->suid, c->fsuid);
	pb_printf(b, "Gid:\t%u\t%u\t%u\t%u\n", c->gid, c->egid, c->sgid, c->fsgid);
	int fdsize = 0;
	if (p.fdt) {
		int maxfd = fd_table_max_fd(p.fdt);
		fdsize = 64;
		while (fdsize < maxfd)
			fdsize *= 2;
	}
	pb_printf(b, "FDSize:\t%d\nGroups:\t", fdsize);
	int ng = c->ngroups < CRED_NGROUPS_INLINE ? c->ngroups : CRED_NGROUPS_INLINE;
	for (int i = 0; i < ng; i++)
		pb_printf(b, "%u ", c->groups[i]);
	pb_puts(b, "\n");
	/* One pid namespace: each NS line has one id. */
	pb_printf(b, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", p.tgid, p.tid, p.pgid,
		  p.sid);
	if (p.mm) {
		struct proc_mm_stats ms;
		proc_mm_stats(p.mm, p.exe, &ms);
		uint64_t file = ms.shared_file < ms.rss ? ms.shared_file : ms.rss;
		put_kb(b, "VmPeak", ms.size);
		put_kb(b, "VmSize", ms.size);
		put_kb(b, "VmLck", 0);
		put_kb(b, "VmPin", 0);
		put_kb(b, "VmHWM", ms.rss);
		put_kb(b, "VmRSS", ms.rss);
		put_kb(b, "RssAnon", ms.rss - file);
		put_kb(b, "RssFile", file);
		put_kb(b, "RssShmem", 0);
		put_kb(b, "VmData", ms.data);
		put_kb(b, "VmStk", ms.stack);
		put_kb(b, "VmExe", ms.exe);
		put_kb(b, "VmLib", ms.lib);
		/* One 8-byte entry per page, plus the upper levels. */
		put_kb(b, "VmPTE", (ms.size / MM_PAGE_SIZE) * 8 / 512 + 4096);
		put_kb(b, "VmSwap", 0);
		pb_printf(b, "HugetlbPages:\t%8d kB\n", 0);
	}
	pb_puts(b, "CoreDumping:\t0\n");
	if (p.mm)
		pb_puts(b, "THP_enabled:\t1\n");
	pb_printf(b, "Threads:\t%d\n", p.nthreads);
	pb_printf(b, "SigQ:\t%d/%llu\n", p.sig_queued,
		  (unsigned long long)p.rlimits[RLIMIT_SIGPENDING].rlim_cur);
	pb_printf(b, "SigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n"
		     "SigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		  (unsigned long long)p.sig_pending, (unsigned long long)p.shared_pending,
		  (unsigned long long)p.sig_blocked, (unsigned long long)p.sig_ignored,
		  (unsigned long long)p.sig_caught);
	/* The sandbox's root holds every capability inside the sandbox
	 * (sentry/cred.h); others hold none. */
	unsigned long long prm = (c->uid == 0 || c->euid == 0 || c->suid == 0) ? PROC_CAP_FULL : 0;
	unsigned long long eff = c->euid == 0 ? PROC_CAP_FULL : 0;
	pb_printf(b, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		     "CapBnd:\t%016llx\nCapAmb:\t%016llx\n",
		  0ull, prm, eff, PROC_CAP_FULL, 0ull);
	pb_printf(b, "NoNewPrivs:\t%d\n", p.no_new_privs ? 1 : 0);
	/* The app's own seccomp filters are not modelled: mode 0 as the app
	 * sees it (the sandbox's filter is not the app's). */
	pb_puts(b, "Seccomp:\t0\nSeccomp_filters:\t0\n");
	pb_puts(b, "Speculation_Store_Bypass:\tthread vulnerable\n");
	pb_puts(b, "SpeculationIndirectBranch:\tconditional enabled\n");
	int ncpus = proc_ncpus();
	pb_puts(b, "Cpus_allowed:\t");
	put_cpu_mask(b, ncpus);
	if (ncpus > 1)
		pb_printf(b, "\nCpus_allowed_list:\t0-%d\n", ncpus - 1);
	else
		pb_puts(b, "\nCpus_allowed_list:\t0\n");
	pb_puts(b, "Mems_allowed:\t1\nMems_allowed_list:\t0\n");
	pb_puts(b, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	proc_pinfo_put(&p);
	return 0;
}
