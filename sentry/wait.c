/* wait4/waitid: finding a child in a reportable state, reaping zombies,
 * reporting stops and continues (kernel/exit.c's do_wait). */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include "sentry/exit.h"
#include "sentry/kernel.h"
#include "sentry/time_util.h"
#include "syscalls/syscall.h"

struct wait_request {
	struct task *t;
	int which;
	pid_t id;
	int options;
	int *wstatus;
	siginfo_t *info;
	struct rusage *ru;
};

static bool child_matches(const struct wait_request *w, const struct thread_group *c)
{
	switch (w->which) {
	case P_PID:
		if (c->tgid != w->id)
			return false;
		break;
	case P_PGID:
		if (c->pgid != w->id)
			return false;
		break;
	default:
		break;
	}
	if (w->options & __WALL)
		return true;
	bool clone_child = c->exit_signal != SIGCHLD;
	return clone_child == !!(w->options & __WCLONE);
}

static void fill_info(siginfo_t *info, const struct thread_group *c, int code, int status)
{
	if (!info)
		return;
	memset(info, 0, sizeof(*info));
	info->si_signo = SIGCHLD;
	info->si_code = code;
	info->si_pid = c->tgid;
	info->si_uid = c->cred.uid;
	info->si_status = status;
}

/* What wait4 reports: the child's own use plus its reaped children's. */
static void fill_rusage(struct rusage *ru, const struct thread_group *c)
{
	if (!ru)
		return;
	memset(ru, 0, sizeof(*ru));
	ns_to_timeval(c->utime_ns + c->child_utime_ns, &ru->ru_utime);
	ns_to_timeval(c->stime_ns + c->child_stime_ns, &ru->ru_stime);
	ru->ru_maxrss = c->maxrss_kb > c->child_maxrss_kb ? c->maxrss_kb : c->child_maxrss_kb;
}

/* One scan of the children (kernel.lock held): a pid, 0 if some child
 * may still become reportable, -ECHILD if none matches at all. */
static long wait_scan(void *arg)
{
	struct wait_request *w = arg;
	struct thread_group *self = w->t->tg;
	bool any = false;
	pthread_mutex_lock(&kernel.lock);
	list_for_each_safe(pos, &self->children) {
		struct thread_group *c = container_of(pos, struct thread_group, sibling);
		if (!child_matches(w, c))
			continue;
		any = true;
		if (c->state == TG_ZOMBIE && (w->options & WEXITED)) {
			pid_t pid = c->tgid;
			int st = c->exit_code;
			if (w->wstatus)
				*w->wstatus = st;
			if (WIFSIGNALED(st))
				fill_info(w->info, c, (st & 0x80) ? CLD_DUMPED : CLD_KILLED, WTERMSIG(st));
			else
				fill_info(w->info, c, CLD_EXITED, WEXITSTATUS(st));
			fill_rusage(w->ru, c);
			if (!(w->options & WNOWAIT)) {
				self->child_utime_ns += c->utime_ns + c->child_utime_ns;
				self->child_stime_ns += c->stime_ns + c->child_stime_ns;
				long rss = c->maxrss_kb > c->child_maxrss_kb ? c->maxrss_kb : c->child_maxrss_kb;
				if (rss > self->child_maxrss_kb)
					self->child_maxrss_kb = rss;
				c->state = TG_DEAD;
				tg_release(c);
			}
			pthread_mutex_unlock(&kernel.lock);
			return pid;
		}
		if (c->state == TG_RUNNING && c->stopped && c->report_stop &&
		    (w->options & WUNTRACED)) {
			if (w->wstatus)
				*w->wstatus = (c->stop_signal << 8) | 0x7f;
			fill_info(w->info, c, CLD_STOPPED, c->stop_signal);
			fill_rusage(w->ru, c);
			if (!(w->options & WNOWAIT))
				c->report_stop = false;
			pthread_mutex_unlock(&kernel.lock);
			return c->tgid;
		}
		if (c->state == TG_RUNNING && c->report_continue && (w->options & WCONTINUED)) {
			if (w->wstatus)
				*w->wstatus = 0xffff;
			fill_info(w->info, c, CLD_CONTINUED, SIGCONT);
			fill_rusage(w->ru, c);
			if (!(w->options & WNOWAIT))
				c->report_continue = false;
			pthread_mutex_unlock(&kernel.lock);
			return c->tgid;
		}
	}
	pthread_mutex_unlock(&kernel.lock);
	if (!any)
		return -ECHILD;
	return (w->options & WNOHANG) ? 0 : -EAGAIN;
}

long wait_for_child(struct task *t, int which, pid_t id, int options,
		    int *wstatus, siginfo_t *info, struct rusage *ru)
{
	struct wait_request w = { t, which, id, options, wstatus, info, ru };
	long r = task_wait_until(t, &t->tg->child_waitq, ~0U, NULL, wait_scan, &w);
	if (r == -ETIMEDOUT)
		r = -EINTR;
	return r;
}
