/* The system-wide files at the top of /proc (Linux's fs/proc/{cpuinfo,
 * meminfo,stat,uptime,loadavg,version,filesystems}.c and /proc/self):
 * counts and times describe the sandbox (its processes, its boot), while
 * the hardware (CPUs, memory size) is the host's, as in any container.
 *
 * The sentry may not open host files once the app runs, so the host facts
 * that come from files (the text of /proc/cpuinfo) are captured when procfs
 * is mounted, during sandbox start-up. */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "fs/proc/proc_internal.h"
#include "sentry/kernel.h"

static pthread_once_t facts_once = PTHREAD_ONCE_INIT;
static char *cpuinfo_text;
static size_t cpuinfo_len;
static int ncpus = 1;

int proc_ncpus(void)
{
	return ncpus;
}

/* Reads the host's /proc/cpuinfo (start-up only). */
static bool read_host_cpuinfo(void)
{
	int fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct proc_buf b = { 0 };
	char chunk[8192];
	ssize_t r;
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		pb_write(&b, chunk, (size_t)r);
	close(fd);
	if (r < 0 || b.err || !b.len) {
		free(b.data);
		return false;
	}
	cpuinfo_text = b.data;
	cpuinfo_len = b.len;
	return true;
}

/* Without a host file: what cpuid says, in cpuinfo's layout. */
static const char *const edx1_flags[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
	"mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi",
	"mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const ecx1_flags[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2",
	"ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1",
	"sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", NULL,
	"avx", "f16c", "rdrand", "hypervisor",
};
static const char *const ebx7_flags[32] = {
	"fsgsbase", NULL, NULL, "bmi1", "hle", "avx2", NULL, "smep", "bmi2", "erms",
	"invpcid", "rtm", NULL, NULL, "mpx", NULL, "avx512f", "avx512dq", "rdseed", "adx",
	"smap", "avx512ifma", NULL, "clflushopt", "clwb", NULL, "avx512pf", "avx512er",
	"avx512cd", "sha_ni", "avx512bw", "avx512vl",
};

static void put_flags(struct proc_buf *b, const char *const names[32], unsigned reg)
{
	for (int i = 0; i < 32; i++)
		if ((reg & (1u << i)) && names[i])
			pb_printf(b, " %s", names[i]);
}

static void synthesize_cpuinfo(void)
{
	unsigned a, bx, c, d;
	char vendor[13] = { 0 };
	__cpuid(0, a, bx, c, d);
	memcpy(vendor, &bx, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	unsigned max_leaf = a;
	unsigned eax1, ebx1, ecx1, edx1;
	__cpuid(1, eax1, ebx1, ecx1, edx1);
	unsigned ebx7 = 0;
	if (max_leaf >= 7) {
		unsigned a7, c7, d7;
		__cpuid_count(7, 0, a7, ebx7, c7, d7);
	}
	char model_name[49] = "unknown";
	__cpuid(0x80000000, a, bx, c, d);
	if (a >= 0x80000004) {
		unsigned *w = (unsigned *)model_name;
		for (unsigned leaf = 0; leaf < 3; leaf++)
			__cpuid(0x80000002 + leaf, w[4 * leaf], w[4 * leaf + 1], w[4 * leaf + 2],
				w[4 * leaf + 3]);
		model_name[48] = '\0';
	}
	char *mn = model_name;
	while (*mn == ' ')
		mn++;
	unsigned family = (eax1 >> 8) & 0xf, model = (eax1 >> 4) & 0xf;
	if (family == 0xf)
		family += (eax1 >> 20) & 0xff;
	if (family >= 6)
		model += ((eax1 >> 16) & 0xf) << 4;
	struct proc_buf b = { 0 };
	for (int cpu = 0; cpu < ncpus; cpu++) {
		pb_printf(&b, "processor\t: %d\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
			      "model name\t: %s\nstepping\t: %u\n",
			  cpu, vendor, family, model, mn, eax1 & 0xf);
		pb_printf(&b, "physical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\n"
			      "apicid\t\t: %d\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\n"
			      "wp\t\t: yes\nflags\t\t:",
			  ncpus, cpu, ncpus, cpu, max_leaf);
		put_flags(&b, edx1_flags, edx1);
		pb_puts(&b, " syscall nx lm");
		put_flags(&b, ecx1_flags, ecx1);
		put_flags(&b, ebx7_flags, ebx7);
		pb_printf(&b, "\nclflush size\t: %u\ncache_alignment\t: 64\n"
			      "address sizes\t: 46 bits physical, 48 bits virtual\npower management:\n\n",
			  ((ebx1 >> 8) & 0xff) * 8);
	}
	cpuinfo_text = b.data;
	cpuinfo_len = b.err ? 0 : b.len;
}

static void facts_init(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		ncpus = CPU_COUNT(&set);
	if (!read_host_cpuinfo())
		synthesize_cpuinfo();
}

void proc_host_facts_init(void)
{
	pthread_once(&facts_once, facts_init);
}

static int show_cpuinfo(struct proc_node *n, struct proc_buf *b)
{
	proc_host_facts_init();
	pb_write(b, cpuinfo_text ? cpuinfo_text : "", cpuinfo_len);
	return 0;
}

/* ---- memory: the host's, from sysinfo(2) (a system call, not a file). */
static void meminfo_line(struct proc_buf *b, const char *label, unsigned long long kb)
{
	char l[32];
	snprintf(l, sizeof(l), "%s:", label);
	pb_printf(b, "%-16s%8llu kB\n", l, kb);
}

static int show_meminfo(struct proc_node *n, struct proc_buf *b)
{
	struct sysinfo si;
	if (sysinfo(&si) < 0)
		return -errno;
	unsigned long long unit = si.mem_unit ? si.mem_unit : 1;
	unsigned long long total = si.totalram * unit / 1024, freek = si.freeram * unit / 1024;
	unsigned long long buffers = si.bufferram * unit / 1024, shared = si.sharedram * unit / 1024;
	unsigned long long swap_total = si.totalswap * unit / 1024;
	unsigned long long swap_free = si.freeswap * unit / 1024;
	unsigned long long avail = freek + buffers;
	if (avail > total)
		avail = total;
	meminfo_line(b, "MemTotal", total);
	meminfo_line(b, "MemFree", freek);
	meminfo_line(b, "MemAvailable", avail);
	meminfo_line(b, "Buffers", buffers);
	meminfo_line(b, "Cached", 0);
	meminfo_line(b, "SwapCached", 0);
	meminfo_line(b, "Active", 0);
	meminfo_line(b, "Inactive", 0);
	meminfo_line(b, "Active(anon)", 0);
	meminfo_line(b, "Inactive(anon)", 0);
	meminfo_line(b, "Active(file)", 0);
	meminfo_line(b, "Inactive(file)", 0);
	meminfo_line(b, "Unevictable", 0);
	meminfo_line(b, "Mlocked", 0);
	meminfo_line(b, "SwapTotal", swap_total);
	meminfo_line(b, "SwapFree", swap_free);
	meminfo_line(b, "Dirty", 0);
	meminfo_line(b, "Writeback", 0);
	meminfo_line(b, "AnonPages", 0);
	meminfo_line(b, "Mapped", 0);
	meminfo_line(b, "Shmem", shared);
	meminfo_line(b, "KReclaimable", 0);
	meminfo_line(b, "Slab", 0);
	meminfo_line(b, "SReclaimable", 0);
	meminfo_line(b, "SUnreclaim", 0);
	meminfo_line(b, "KernelStack", 0);
	meminfo_line(b, "PageTables", 0);
	meminfo_line(b, "NFS_Unstable", 0);
	meminfo_line(b, "Bounce", 0);
	meminfo_line(b, "WritebackTmp", 0);
	meminfo_line(b, "CommitLimit", total / 2 + swap_total);
	meminfo_line(b, "Committed_AS", total - freek);
	meminfo_line(b, "VmallocTotal", 34359738367ull);
	meminfo_line(b, "VmallocUsed", 0);
	meminfo_line(b, "VmallocChunk", 0);
	meminfo_line(b, "Percpu", 0);
	meminfo_line(b, "AnonHugePages", 0);
	meminfo_line(b, "ShmemHugePages", 0);
	meminfo_line(b, "ShmemPmdMapped", 0);
	pb_printf(b, "HugePages_Total:%8d\nHugePages_Free: %8d\nHugePages_Rsvd: %8d\n"
		     "HugePages_Surp: %8d\n",
		  0, 0, 0, 0);
	meminfo_line(b, "Hugepagesize", 2048);
	meminfo_line(b, "Hugetlb", 0);
	return 0;
}

/* ---- the sandbox's CPU time and process counts */
struct sandbox_counts {
	uint64_t busy_ns;
	int running, threads;
	pid_t last_pid;
};

static void count_sandbox(struct sandbox_counts *c)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_lock(&kernel.lock);
	list_for_each(pos, &kernel.tasks) {
		struct task *t = container_of(pos, struct task, all_link);
		c->busy_ns += t->utime_ns + t->stime_ns;
		c->threads++;
		if (!proc_task_sleeping(t))
			c->running++;
	}
	list_for_each(pos, &kernel.thread_groups) {
		struct thread_group *tg = container_of(pos, struct thread_group, all_link);
		c->busy_ns += tg->child_utime_ns + tg->child_stime_ns;
	}
	c->last_pid = kernel.last_pid;
	pthread_mutex_unlock(&kernel.lock);
}

static uint64_t uptime_ns(void)
{
	struct timespec ts;
	kernel_uptime(&ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Idle time summed over all CPUs, as Linux reports it. */
static uint64_t idle_ns(const struct sandbox_counts *c)
{
	uint64_t total = uptime_ns() * (uint64_t)ncpus;
	return total > c->busy_ns ? total - c->busy_ns : 0;
}

static int show_uptime(struct proc_node *n, struct proc_buf *b)
{
	struct sandbox_counts c;
	count_sandbox(&c);
	uint64_t up = uptime_ns() / 10000000ull, idle = idle_ns(&c) / 10000000ull;
	pb_printf(b, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(up / 100),
		  (unsigned long long)(up % 100), (unsigned long long)(idle / 100),
		  (unsigned long long)(idle % 100));
	return 0;
}

static int show_loadavg(struct proc_node *n, struct proc_buf *b)
{
	struct sandbox_counts c;
	count_sandbox(&c);
	pb_printf(b, "0.00 0.00 0.00 %d/%d %d\n", c.running, c.threads, c.last_pid);
	return 0;
}

static int show_stat(struct proc_node *n, struct proc_buf *b)
{
	struct sandbox_counts c;
	count_sandbox(&c);
	/* User/system split is not tracked for the whole sandbox: busy time
	 * is reported as user time. */
	uint64_t user = proc_ns_to_ticks(c.busy_ns), idle = proc_ns_to_ticks(idle_ns(&c));
	pb_printf(b, "cpu  %llu 0 0 %llu 0 0 0 0 0 0\n", (unsigned long long)user,
		  (unsigned long long)idle);
	for (int i = 0; i < ncpus; i++)
		pb_printf(b, "cpu%d %llu 0 0 %llu 0 0 0 0 0 0\n", i,
			  (unsigned long long)(user / (uint64_t)ncpus),
			  (unsigned long long)(idle / (uint64_t)ncpus));
	pb_printf(b, "intr 0\nctxt 0\nbtime %lld\nprocesses %d\nprocs_running %d\n"
		     "procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
		  (long long)kernel.boot_realtime.tv_sec, c.last_pid, c.running);
	return 0;
}

static int show_version(struct proc_node *n, struct proc_buf *b)
{
	struct utsname u;
	uname(&u);
	/* Release as uname(2) reports it in the sandbox (the host's). */
	pb_printf(b, "Linux version %s (runsc@sandbox) (gcc) #1 SMP runsc\n", u.release);
	return 0;
}

static int show_filesystems(struct proc_node *n, struct proc_buf *b)
{
	/* Always present in the mount tree, then what is registered. */
	static const char *const builtin[] = { "tmpfs", "proc", "devtmpfs", "overlay", "9p" };
	static const char *const optional[] = { "sysfs", "devpts", "mqueue" };
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		pb_printf(b, "nodev\t%s\n", builtin[i]);
	for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		if (vfs_find_filesystem(optional[i]))
			pb_printf(b, "nodev\t%s\n", optional[i]);
	return 0;
}

static int show_swaps(struct proc_node *n, struct proc_buf *b)
{
	pb_puts(b, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	return 0;
}

/* ---- self and thread-self */
static int readlink_self(struct proc_node *n, char *buf, size_t size)
{
	struct task *t = task_current();
	if (!t)
		return -ENOENT;
	int len = snprintf(buf, size, "%d", t->tg->tgid);
	return (size_t)len >= size ? -ENAMETOOLONG : len;
}

static int readlink_thread_self(struct proc_node *n, char *buf, size_t size)
{
	struct task *t = task_current();
	if (!t)
		return -ENOENT;
	int len = snprintf(buf, size, "%d/task/%d", t->tg->tgid, t->tid);
	return (size_t)len >= size ? -ENAMETOOLONG : len;
}

static int readlink_mounts(struct proc_node *n, char *buf, size_t size)
{
	static const char target[] = "self/mounts";
	size_t len = sizeof(target) - 1 < size ? sizeof(target) - 1 : size;
	memcpy(buf, target, len);
	return (int)len;
}

#define REG(n, s) { .name = n, .mode = S_IFREG | 0444, .show = s }
#define LNK(n, r) { .name = n, .mode = S_IFLNK | 0777, .readlink = r }

const struct proc_entry proc_root_entries[] = {
	LNK("self", readlink_self),
	LNK("thread-self", readlink_thread_self),
	LNK("mounts", readlink_mounts),
	{ .name = "sys", .mode = S_IFDIR | 0555, .children = proc_sys_children },
	REG("cpuinfo", show_cpuinfo),
	REG("meminfo", show_meminfo),
	REG("stat", show_stat),
	REG("uptime", show_uptime),
	REG("loadavg", show_loadavg),
	REG("version", show_version),
	REG("filesystems", show_filesystems),
	REG("swaps", show_swaps),
	{ 0 },
};
