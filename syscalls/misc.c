/* System-wide and per-process odds and ends (kernel/sys.c, kernel/sched,
 * arch/x86/kernel/process_64.c): uname and host names, prctl, arch_prctl,
 * resource limits, getrandom, sysinfo, scheduling queries, robust lists,
 * futex when it is trapped, and clock reads when they are trapped. */
#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <asm/prctl.h>
#include <unistd.h>
#include "sentry/kernel.h"
#include "sentry/mm.h"
#include "syscalls/syscall.h"

SYSCALL_DEFINE(uname)
{
	struct utsname u;
	memset(&u, 0, sizeof(u));
	struct utsname host;
	uname(&host);
	snprintf(u.sysname, sizeof(u.sysname), "Linux");
	pthread_mutex_lock(&kernel.lock);
	snprintf(u.nodename, sizeof(u.nodename), "%s", kernel.hostname);
	snprintf(u.domainname, sizeof(u.domainname), "%s", kernel.domainname);
	pthread_mutex_unlock(&kernel.lock);
	/* The release is the host's: programs key features off it and the
	 * sandbox implements the same ABI. */
	snprintf(u.release, sizeof(u.release), "%s", host.release);
	snprintf(u.version, sizeof(u.version), "#1 SMP runsc");
	snprintf(u.machine, sizeof(u.machine), "x86_64");
	if (task_copy_out(t, args->a[0], &u, sizeof(u)) < 0)
		return -EFAULT;
	return 0;
}

static long set_name(struct task *t, char *dst, uint64_t addr, uint64_t len)
{
	if (!cred_is_privileged(&t->tg->cred))
		return -EPERM;
	if ((int64_t)len < 0 || len > 64)
		return -EINVAL;
	char buf[65];
	if (task_copy_in(t, buf, addr, len) < 0)
		return -EFAULT;
	buf[len] = '\0';
	pthread_mutex_lock(&kernel.lock);
	memcpy(dst, buf, len + 1);
	pthread_mutex_unlock(&kernel.lock);
	return 0;
}

SYSCALL_DEFINE(sethostname)
{
	return set_name(t, kernel.hostname, args->a[0], args->a[1]);
}

SYSCALL_DEFINE(setdomainname)
{
	return set_name(t, kernel.domainname, args->a[0], args->a[1]);
}

SYSCALL_DEFINE(arch_prctl)
{
	int code = (int)args->a[0];
	uint64_t addr = args->a[1];
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= (1ULL << 47))
			return -EPERM;
		t->regs.gp.fs_base = addr;
		return 0;
	case ARCH_SET_GS:
		if (addr >= (1ULL << 47))
			return -EPERM;
		t->regs.gp.gs_base = addr;
		return 0;
	case ARCH_GET_FS:
		return task_copy_out(t, addr, &t->regs.gp.fs_base, 8);
	case ARCH_GET_GS:
		return task_copy_out(t, addr, &t->regs.gp.gs_base, 8);
	case ARCH_GET_CPUID:
		return 1; /* cpuid is not faulting */
	case ARCH_SET_CPUID:
		return -ENODEV;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(prctl)
{
	int option = (int)args->a[0];
	uint64_t a2 = args->a[1];
	struct thread_group *tg = t->tg;
	switch (option) {
	case PR_SET_NAME: {
		char name[16];
		size_t n = task_copy_in_partial(t, name, a2, sizeof(name));
		if (n == 0)
			return -EFAULT;
		name[n < sizeof(name) ? n : sizeof(name) - 1] = '\0';
		name[15] = '\0';
		memcpy(t->comm, name, sizeof(name));
		return 0;
	}
	case PR_GET_NAME:
		return task_copy_out(t, a2, t->comm, sizeof(t->comm));
	case PR_SET_PDEATHSIG:
		if (a2 > SENTRY_NSIG)
			return -EINVAL;
		tg->pdeath_signal = (int)a2;
		return 0;
	case PR_GET_PDEATHSIG:
		return task_copy_out(t, a2, &tg->pdeath_signal, sizeof(int));
	case PR_SET_NO_NEW_PRIVS:
		if (a2 != 1 || args->a[2] || args->a[3] || args->a[4])
			return -EINVAL;
		tg->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (a2 || args->a[2] || args->a[3] || args->a[4])
			return -EINVAL;
		return tg->no_new_privs;
	case PR_GET_DUMPABLE:
		return tg->dumpable;
	case PR_SET_DUMPABLE:
		if (a2 > 1)
			return -EINVAL;
		tg->dumpable = (int)a2;
		return 0;
	case PR_SET_CHILD_SUBREAPER:
		tg->child_subreaper = !!a2;
		return 0;
	case PR_GET_CHILD_SUBREAPER: {
		int v = tg->child_subreaper;
		return task_copy_out(t, a2, &v, sizeof(v));
	}
	case PR_GET_KEEPCAPS:
		return tg->keepcaps;
	case PR_SET_KEEPCAPS:
		if (a2 > 1)
			return -EINVAL;
		tg->keepcaps = (int)a2;
		return 0;
	case PR_CAPBSET_READ:
		return a2 <= 40 ? 1 : -EINVAL;
	case PR_GET_SECCOMP:
		return 0;
	case PR_SET_VMA:
		return -EINVAL; /* anonymous VMA names are not kept (as without CONFIG_ANON_VMA_NAME) */
	case PR_GET_TIMERSLACK:
		return 50000;
	case PR_SET_TIMERSLACK:
		return 0;
	case PR_SET_MM:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

static bool valid_resource(int r)
{
	return r >= 0 && r < RLIM_NLIMITS;
}

static long do_prlimit(struct task *t, pid_t pid, int resource, const struct rlimit *nl,
		       struct rlimit *old)
{
	if (!valid_resource(resource))
		return -EINVAL;
	if (nl && nl->rlim_cur > nl->rlim_max)
		return -EINVAL;
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg = pid ? kernel_find_tg(pid) : t->tg;
	long r = 0;
	if (!tg) {
		r = -ESRCH;
	} else {
		struct rlimit *cur = &tg->rlimits[resource];
		if (old)
			*old = *cur;
		if (nl) {
			if (nl->rlim_max > cur->rlim_max && !cred_is_privileged(&t->tg->cred))
				r = -EPERM;
			else if (resource == RLIMIT_NOFILE && nl->rlim_max > 1048576)
				r = -EPERM; /* fs.nr_open */
			else
				*cur = *nl;
		}
	}
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

SYSCALL_DEFINE(prlimit64)
{
	struct rlimit nl, old;
	if (args->a[2] && task_copy_in(t, &nl, args->a[2], sizeof(nl)) < 0)
		return -EFAULT;
	long r = do_prlimit(t, (pid_t)args->a[0], (int)args->a[1], args->a[2] ? &nl : NULL, &old);
	if (r == 0 && args->a[3] && task_copy_out(t, args->a[3], &old, sizeof(old)) < 0)
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE(getrlimit)
{
	struct rlimit old;
	long r = do_prlimit(t, 0, (int)args->a[0], NULL, &old);
	if (r == 0 && task_copy_out(t, args->a[1], &old, sizeof(old)) < 0)
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE(setrlimit)
{
	struct rlimit nl;
	if (task_copy_in(t, &nl, args->a[1], sizeof(nl)) < 0)
		return -EFAULT;
	return do_prlimit(t, 0, (int)args->a[0], &nl, NULL);
}

SYSCALL_DEFINE(getrandom)
{
	uint64_t buf = args->a[0], len = args->a[1];
	unsigned flags = (unsigned)args->a[2];
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (len > 33554431)
		len = 33554431; /* Linux caps one call at 32 MiB - 1 */
	uint8_t tmp[4096];
	size_t done = 0;
	while (done < len) {
		size_t chunk = len - done < sizeof(tmp) ? len - done : sizeof(tmp);
		ssize_t n = getrandom(tmp, chunk, 0);
		if (n <= 0)
			break;
		size_t w = task_copy_out_partial(t, buf + done, tmp, (size_t)n);
		done += w;
		if (w < (size_t)n)
			return syscall_partial_result(done, -EFAULT);
		if (done < len && task_signal_pending(t))
			break;
	}
	return (long)done;
}

SYSCALL_DEFINE(sysinfo)
{
	struct sysinfo si, host;
	sysinfo(&host);
	memset(&si, 0, sizeof(si));
	struct timespec up;
	kernel_uptime(&up);
	si.uptime = up.tv_sec;
	si.totalram = host.totalram;
	si.freeram = host.freeram;
	si.mem_unit = host.mem_unit;
	pthread_mutex_lock(&kernel.lock);
	list_for_each(pos, &kernel.tasks)
		si.procs++;
	pthread_mutex_unlock(&kernel.lock);
	if (task_copy_out(t, args->a[0], &si, sizeof(si)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(sched_yield)
{
	sched_yield();
	return 0;
}

/* The scheduling calls take a tid (0: the caller). */
static long check_sched_pid(struct task *t, pid_t pid)
{
	if (pid < 0)
		return -EINVAL;
	if (pid == 0)
		return 0;
	pthread_mutex_lock(&kernel.lock);
	bool found = kernel_find_task(pid) != NULL;
	pthread_mutex_unlock(&kernel.lock);
	return found ? 0 : -ESRCH;
}

SYSCALL_DEFINE(sched_rr_get_interval)
{
	long r = check_sched_pid(t, (pid_t)args->a[0]);
	if (r)
		return r;
	/* Linux reports the CFS slice for SCHED_OTHER; the sandbox has no
	 * scheduler of its own and reports a fixed 100 ms. */
	struct timespec ts = { 0, 100000000 };
	return task_copy_out(t, args->a[1], &ts, sizeof(ts));
}

SYSCALL_DEFINE(sched_getaffinity)
{
	uint64_t len = args->a[1];
	long pr = check_sched_pid(t, (pid_t)args->a[0]);
	if (pr)
		return pr;
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (len < sizeof(unsigned long) || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	if (ncpu < 1)
		ncpu = 1;
	if (len * 8 < (uint64_t)ncpu)
		return -EINVAL;
	uint8_t mask[128];
	memset(mask, 0, sizeof(mask));
	for (int i = 0; i < ncpu && i < 1024; i++)
		mask[i / 8] |= (uint8_t)(1u << (i % 8));
	size_t out = (size_t)(ncpu + 63) / 64 * 8;
	if (out > len)
		out = (size_t)len;
	if (task_copy_out(t, args->a[2], mask, out) < 0)
		return -EFAULT;
	return (long)out;
}

SYSCALL_DEFINE(sched_setaffinity)
{
	/* Placement is the host's business; accept any non-empty mask. */
	uint8_t b;
	long pr = check_sched_pid(t, (pid_t)args->a[0]);
	if (pr)
		return pr;
	if (args->a[1] == 0)
		return -EINVAL;
	if (task_copy_in(t, &b, args->a[2], 1) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(getcpu)
{
	unsigned cpu = 0, node = 0;
	getcpu(&cpu, &node);
	if (args->a[0] && task_copy_out(t, args->a[0], &cpu, sizeof(cpu)) < 0)
		return -EFAULT;
	if (args->a[1] && task_copy_out(t, args->a[1], &node, sizeof(node)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(sched_getscheduler)
{
	long pr = check_sched_pid(t, (pid_t)args->a[0]);
	if (pr)
		return pr;
	return SCHED_OTHER;
}

SYSCALL_DEFINE(sched_getparam)
{
	int prio = 0;
	if ((pid_t)args->a[0] < 0)
		return -EINVAL;
	return task_copy_out(t, args->a[1], &prio, sizeof(prio));
}

SYSCALL_DEFINE(sched_get_priority_max)
{
	int policy = (int)args->a[0];
	return policy == SCHED_FIFO || policy == SCHED_RR ? 99 : policy >= 0 && policy <= 6 ? 0 : -EINVAL;
}

SYSCALL_DEFINE(sched_get_priority_min)
{
	int policy = (int)args->a[0];
	return policy == SCHED_FIFO || policy == SCHED_RR ? 1 : policy >= 0 && policy <= 6 ? 0 : -EINVAL;
}

SYSCALL_DEFINE(getpriority)
{
	int which = (int)args->a[0];
	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	return 20 - t->tg->nice; /* the syscall returns 20 - nice */
}

SYSCALL_DEFINE(setpriority)
{
	int which = (int)args->a[0];
	int nice = (int)args->a[2];
	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	if (nice < -20)
		nice = -20;
	if (nice > 19)
		nice = 19;
	if (nice < t->tg->nice && !cred_is_privileged(&t->tg->cred))
		return -EACCES;
	t->tg->nice = nice;
	return 0;
}

SYSCALL_DEFINE(set_robust_list)
{
	if (args->a[1] != 24)
		return -EINVAL;
	t->robust_list = args->a[0];
	t->robust_list_len = args->a[1];
	return 0;
}

SYSCALL_DEFINE(get_robust_list)
{
	if ((pid_t)args->a[0] != 0 && (pid_t)args->a[0] != t->tid)
		return -EPERM;
	if (task_copy_out(t, args->a[1], &t->robust_list, 8) < 0 ||
	    task_copy_out(t, args->a[2], &t->robust_list_len, 8) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(futex)
{
	/* Plain futex operations pass through on the host unless the ptrace
	 * platform is strict; then they arrive here and run on the host in
	 * the app's address space. PI and robust-owner operations would store
	 * host tids in app memory and are not offered. */
	int cmd = (int)args->a[1] & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	switch (cmd) {
	case FUTEX_WAIT: case FUTEX_WAKE: case FUTEX_REQUEUE: case FUTEX_CMP_REQUEUE:
	case FUTEX_WAKE_OP: case FUTEX_WAIT_BITSET: case FUTEX_WAKE_BITSET:
		return mm_host_call(t, SYS_futex, args->a[0], args->a[1], args->a[2], args->a[3],
				    args->a[4], args->a[5]);
	default:
		return -ENOSYS;
	}
}

/* Negative ids name CPU clocks of other processes by (host) pid: those are
 * not offered. */
static bool clock_id_allowed(clockid_t id)
{
	return id >= 0 && id <= 11;
}

SYSCALL_DEFINE(clock_gettime)
{
	struct timespec ts;
	if (!clock_id_allowed((clockid_t)args->a[0]))
		return -EINVAL;
	if (clock_gettime((clockid_t)args->a[0], &ts) < 0)
		return -errno;
	return task_copy_out(t, args->a[1], &ts, sizeof(ts));
}

SYSCALL_DEFINE(clock_getres)
{
	struct timespec ts;
	if (!clock_id_allowed((clockid_t)args->a[0]))
		return -EINVAL;
	if (clock_getres((clockid_t)args->a[0], &ts) < 0)
		return -errno;
	if (args->a[1])
		return task_copy_out(t, args->a[1], &ts, sizeof(ts));
	return 0;
}

SYSCALL_DEFINE(gettimeofday)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	if (args->a[0] && task_copy_out(t, args->a[0], &tv, sizeof(tv)) < 0)
		return -EFAULT;
	if (args->a[1]) {
		struct timezone tz = { 0, 0 };
		if (task_copy_out(t, args->a[1], &tz, sizeof(tz)) < 0)
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE(time)
{
	time_t now = time(NULL);
	if (args->a[0] && task_copy_out(t, args->a[0], &now, sizeof(now)) < 0)
		return -EFAULT;
	return now;
}

SYSCALL_DEFINE(personality)
{
	uint32_t p = (uint32_t)args->a[0];
	uint32_t old = t->tg->personality;
	if (p != 0xffffffff)
		t->tg->personality = p;
	return old;
}
