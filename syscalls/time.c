/* Sleeping and interval timers: nanosleep, clock_nanosleep, alarm,
 * setitimer/getitimer (ITIMER_REAL), restart_syscall, times, getrusage
 * (kernel/time/). Clocks themselves are read on the host (vDSO and the
 * passthrough clock_gettime). */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include "fs/timer_service.h"
#include "platform/platform.h"
#include "sentry/kernel.h"
#include "syscalls/syscall.h"
#include "sentry/time_util.h"

/* Sleeps until the CLOCK_MONOTONIC deadline; a signal ends the sleep. */
static long sleep_until(struct task *t, const struct timespec *deadline)
{
	for (;;) {
		int r = task_block(t, deadline);
		if (r == -ETIMEDOUT)
			return 0;
		if (r == -ERESTARTSYS)
			return r;
	}
}

static long restart_sleep(struct task *t)
{
	long r = sleep_until(t, &t->restart_deadline);
	if (r == -ERESTARTSYS)
		return -ERESTART_RESTARTBLOCK;
	return 0;
}

static long relative_sleep(struct task *t, const struct timespec *req, uint64_t rem_addr)
{
	struct timespec deadline;
	deadline_after(req, &deadline);
	long r = sleep_until(t, &deadline);
	if (r == 0)
		return 0;
	if (rem_addr) {
		struct timespec now, rem;
		clock_gettime(CLOCK_MONOTONIC, &now);
		rem = timespec_sub_clamped(&deadline, &now);
		if (task_copy_out(t, rem_addr, &rem, sizeof(rem)) < 0)
			return -EFAULT;
	}
	t->restart_fn = restart_sleep;
	t->restart_deadline = deadline;
	return -ERESTART_RESTARTBLOCK;
}

SYSCALL_DEFINE(nanosleep)
{
	struct timespec req;
	if (task_copy_in(t, &req, args->a[0], sizeof(req)) < 0)
		return -EFAULT;
	if (!timespec_valid(&req))
		return -EINVAL;
	return relative_sleep(t, &req, args->a[1]);
}

SYSCALL_DEFINE(clock_nanosleep)
{
	clockid_t clock = (clockid_t)args->a[0];
	int flags = (int)args->a[1];
	struct timespec req;
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME &&
	    clock != CLOCK_TAI)
		return -EINVAL;
	if (task_copy_in(t, &req, args->a[2], sizeof(req)) < 0)
		return -EFAULT;
	if (!timespec_valid(&req))
		return -EINVAL;
	if (!(flags & TIMER_ABSTIME))
		return relative_sleep(t, &req, args->a[3]);
	/* Absolute: convert to a monotonic deadline. */
	struct timespec now_c, now_m, deadline;
	clock_gettime(clock, &now_c);
	clock_gettime(CLOCK_MONOTONIC, &now_m);
	struct timespec rel = timespec_sub_clamped(&req, &now_c);
	deadline = now_m;
	timespec_add(&deadline, &rel);
	long r = sleep_until(t, &deadline);
	return r == -ERESTARTSYS ? -ERESTARTNOHAND : r;
}

SYSCALL_DEFINE(restart_syscall)
{
	long (*fn)(struct task *) = t->restart_fn;
	t->restart_fn = NULL;
	if (!fn)
		return -EINTR;
	return fn(t);
}

static void group_cpu_times(struct thread_group *tg, struct task *self_only, uint64_t *user, uint64_t *sys)
{
	pthread_mutex_lock(&kernel.lock);
	*user = self_only ? 0 : tg->utime_ns;
	*sys = self_only ? 0 : tg->stime_ns;
	list_for_each(pos, &tg->threads) {
		struct task *o = container_of(pos, struct task, tg_link);
		if (!o->plat || (self_only && o != self_only))
			continue;
		uint64_t u, s;
		plat_cpu_times(o->plat, &u, &s);
		*user += u;
		*sys += s;
	}
	pthread_mutex_unlock(&kernel.lock);
}

/* ---- ITIMER_REAL: a service timer per thread group sends SIGALRM. */

static void itimer_fire(void *arg)
{
	struct thread_group *tg = arg;
	pthread_mutex_lock(&kernel.lock);
	if (tg->state == TG_RUNNING && tg->itimer_armed) {
		siginfo_t info;
		memset(&info, 0, sizeof(info));
		info.si_signo = SIGALRM;
		info.si_code = SI_TIMER;
		tg_send_signal(tg, SIGALRM, &info);
		if (tg->itimer_real_interval.tv_sec || tg->itimer_real_interval.tv_nsec) {
			timespec_add(&tg->itimer_real_expiry, &tg->itimer_real_interval);
			timer_service_arm(&tg->itimer, &tg->itimer_real_expiry);
		} else {
			tg->itimer_armed = false;
		}
	}
	pthread_mutex_unlock(&kernel.lock);
}

static void itimer_get_locked(struct thread_group *tg, struct itimerval *out)
{
	memset(out, 0, sizeof(*out));
	if (!tg->itimer_armed)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	struct timespec left = timespec_sub_clamped(&tg->itimer_real_expiry, &now);
	if (!left.tv_sec && !left.tv_nsec)
		left.tv_nsec = 1000; /* still pending: never report zero */
	out->it_value.tv_sec = left.tv_sec;
	out->it_value.tv_usec = (left.tv_nsec + 999) / 1000;
	if (out->it_value.tv_usec >= 1000000) {
		out->it_value.tv_sec++;
		out->it_value.tv_usec -= 1000000;
	}
	out->it_interval.tv_sec = tg->itimer_real_interval.tv_sec;
	out->it_interval.tv_usec = tg->itimer_real_interval.tv_nsec / 1000;
}

static void itimer_set_locked(struct thread_group *tg, const struct itimerval *v)
{
	if (!tg->itimer_init) {
		service_timer_init(&tg->itimer, itimer_fire, tg);
		tg->itimer_init = true;
	}
	timer_service_disarm(&tg->itimer);
	tg->itimer_armed = false;
	if (!v->it_value.tv_sec && !v->it_value.tv_usec)
		return;
	struct timespec rel = { v->it_value.tv_sec, v->it_value.tv_usec * 1000 };
	deadline_after(&rel, &tg->itimer_real_expiry);
	tg->itimer_real_interval.tv_sec = v->it_interval.tv_sec;
	tg->itimer_real_interval.tv_nsec = v->it_interval.tv_usec * 1000;
	tg->itimer_armed = true;
	timer_service_arm(&tg->itimer, &tg->itimer_real_expiry);
}

/* ---- ITIMER_VIRTUAL / ITIMER_PROF: the group's CPU time is sampled every
 * CPU_ITIMER_TICK (Linux counts them in scheduler ticks too). */
#define CPU_ITIMER_TICK_NS 10000000ULL

static uint64_t cpu_itimer_now(struct thread_group *tg, int which)
{
	uint64_t u, s;
	group_cpu_times(tg, NULL, &u, &s);
	return which == ITIMER_VIRTUAL ? u : u + s;
}

static void cpu_itimer_poll_again(struct cpu_itimer *it)
{
	struct timespec next = { 0, (long)CPU_ITIMER_TICK_NS }, dl;
	deadline_after(&next, &dl);
	timer_service_arm(&it->poll, &dl);
}

static void cpu_itimer_fire(void *arg)
{
	struct cpu_itimer *it = arg;
	struct thread_group *tg = it->tg;
	pthread_mutex_lock(&kernel.lock);
	if (tg->state == TG_RUNNING && it->armed) {
		if (cpu_itimer_now(tg, it->which) >= it->expiry_ns) {
			int sig = it->which == ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF;
			siginfo_t info;
			memset(&info, 0, sizeof(info));
			info.si_signo = sig;
			info.si_code = SI_KERNEL;
			tg_send_signal(tg, sig, &info);
			if (it->interval_ns)
				it->expiry_ns += it->interval_ns;
			else
				it->armed = false;
		}
		if (it->armed)
			cpu_itimer_poll_again(it);
	}
	pthread_mutex_unlock(&kernel.lock);
}

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000ULL + (uint64_t)tv->tv_usec * 1000;
}

static void ns_to_tv_round_up(uint64_t ns, struct timeval *tv)
{
	ns_to_timeval(ns + 999, tv);
}

static void cpu_itimer_get_locked(struct thread_group *tg, int which, struct itimerval *out)
{
	struct cpu_itimer *it = &tg->cpu_itimer[which == ITIMER_PROF];
	memset(out, 0, sizeof(*out));
	if (!it->armed)
		return;
	uint64_t now = cpu_itimer_now(tg, which);
	ns_to_tv_round_up(it->expiry_ns > now ? it->expiry_ns - now : 1000, &out->it_value);
	ns_to_timeval(it->interval_ns, &out->it_interval);
}

static void cpu_itimer_set_locked(struct thread_group *tg, int which, const struct itimerval *v)
{
	struct cpu_itimer *it = &tg->cpu_itimer[which == ITIMER_PROF];
	if (!it->init) {
		it->tg = tg;
		it->which = which;
		service_timer_init(&it->poll, cpu_itimer_fire, it);
		it->init = true;
	}
	timer_service_disarm(&it->poll);
	it->armed = false;
	if (!v->it_value.tv_sec && !v->it_value.tv_usec)
		return;
	it->expiry_ns = cpu_itimer_now(tg, which) + tv_ns(&v->it_value);
	it->interval_ns = tv_ns(&v->it_interval);
	it->armed = true;
	cpu_itimer_poll_again(it);
}

static bool timeval_valid(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

SYSCALL_DEFINE(setitimer)
{
	int which = (int)args->a[0];
	struct itimerval nv, old;
	memset(&nv, 0, sizeof(nv));
	if (args->a[1] && task_copy_in(t, &nv, args->a[1], sizeof(nv)) < 0)
		return -EFAULT;
	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
		return -EINVAL;
	if (!timeval_valid(&nv.it_value) || !timeval_valid(&nv.it_interval))
		return -EINVAL;
	pthread_mutex_lock(&kernel.lock);
	if (which == ITIMER_REAL) {
		itimer_get_locked(t->tg, &old);
		itimer_set_locked(t->tg, &nv);
	} else {
		cpu_itimer_get_locked(t->tg, which, &old);
		cpu_itimer_set_locked(t->tg, which, &nv);
	}
	pthread_mutex_unlock(&kernel.lock);
	if (args->a[2] && task_copy_out(t, args->a[2], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(getitimer)
{
	int which = (int)args->a[0];
	struct itimerval cur;
	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
		return -EINVAL;
	pthread_mutex_lock(&kernel.lock);
	if (which == ITIMER_REAL)
		itimer_get_locked(t->tg, &cur);
	else
		cpu_itimer_get_locked(t->tg, which, &cur);
	pthread_mutex_unlock(&kernel.lock);
	if (task_copy_out(t, args->a[1], &cur, sizeof(cur)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(alarm)
{
	struct itimerval nv = { { 0, 0 }, { (time_t)(unsigned)args->a[0], 0 } }, old;
	pthread_mutex_lock(&kernel.lock);
	itimer_get_locked(t->tg, &old);
	itimer_set_locked(t->tg, &nv);
	pthread_mutex_unlock(&kernel.lock);
	long secs = old.it_value.tv_sec;
	if (old.it_value.tv_usec >= 500000 || (secs == 0 && old.it_value.tv_usec))
		secs++;
	return secs;
}

/* ---- CPU time: exited threads are accounted at exit (from the host's
 * rusage of their host thread), live ones are read from the host's CPU
 * clocks of their host threads. */

static long ns_to_ticks(uint64_t ns)
{
	return (long)(ns / 10000000); /* USER_HZ 100 */
}

SYSCALL_DEFINE(times)
{
	if (args->a[0]) {
		uint64_t u, s;
		group_cpu_times(t->tg, NULL, &u, &s);
		struct tms tms = {
			.tms_utime = ns_to_ticks(u),
			.tms_stime = ns_to_ticks(s),
			.tms_cutime = ns_to_ticks(t->tg->child_utime_ns),
			.tms_cstime = ns_to_ticks(t->tg->child_stime_ns),
		};
		if (task_copy_out(t, args->a[0], &tms, sizeof(tms)) < 0)
			return -EFAULT;
	}
	struct timespec up;
	kernel_uptime(&up);
	/* clock_t ticks since boot (programs must only use differences). */
	return (long)(up.tv_sec * 100 + up.tv_nsec / 10000000);
}

SYSCALL_DEFINE(getrusage)
{
	int who = (int)args->a[0];
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	uint64_t u, s;
	if (who == RUSAGE_CHILDREN) {
		u = t->tg->child_utime_ns;
		s = t->tg->child_stime_ns;
		ru.ru_maxrss = t->tg->child_maxrss_kb;
	} else {
		group_cpu_times(t->tg, who == RUSAGE_THREAD ? t : NULL, &u, &s);
		ru.ru_maxrss = t->tg->maxrss_kb;
		long live = t->plat ? plat_peak_rss_kb(t->plat) : 0;
		if (live > ru.ru_maxrss)
			ru.ru_maxrss = live;
	}
	ns_to_timeval(u, &ru.ru_utime);
	ns_to_timeval(s, &ru.ru_stime);
	if (task_copy_out(t, args->a[1], &ru, sizeof(ru)) < 0)
		return -EFAULT;
	return 0;
}
