/* The task loop (DESIGN: one sentry thread per app thread): run app code on
 * the platform until a syscall, fault or interrupt; answer it; deliver
 * signals; repeat until the task exits. --strace and the audit log hook in
 * here, around the one dispatch call. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include "platform/platform.h"
#include "sentry/exec.h"
#include "sentry/exit.h"
#include "sentry/kernel.h"
#include "sentry/signal.h"
#include "sentry/task_loop.h"
#include "syscalls/audit.h"
#include "syscalls/strace.h"
#include "syscalls/syscall.h"
#include "syscalls/table.h"

static int strace_read_mem(void *ctx, void *dst, uint64_t addr, size_t n)
{
	return task_copy_in(ctx, dst, addr, n);
}

static bool strace_wanted(long nr)
{
	if (!kernel.strace)
		return false;
	if (!kernel.strace_filter)
		return true;
	const struct syscall_desc *d = syscall_desc_lookup(nr);
	if (!d)
		return true;
	const char *f = kernel.strace_filter;
	size_t len = strlen(d->name);
	while (*f) {
		const char *comma = strchr(f, ',');
		size_t flen = comma ? (size_t)(comma - f) : strlen(f);
		if (flen == len && strncmp(f, d->name, len) == 0)
			return true;
		f += flen + (comma ? 1 : 0);
	}
	return false;
}

static void strace_emit(const char *line)
{
	pthread_mutex_lock(&kernel.log_lock);
	fputs(line, kernel.strace_out ? kernel.strace_out : stderr);
	fflush(kernel.strace_out ? kernel.strace_out : stderr);
	pthread_mutex_unlock(&kernel.log_lock);
}

static bool call_does_not_return(long nr)
{
	return nr == SYS_exit || nr == SYS_exit_group;
}

/* strace -f prints "[pid N] " once more than one task exists. */
static bool several_tasks(void)
{
	pthread_mutex_lock(&kernel.lock);
	bool r = kernel.tasks.next->next != &kernel.tasks;
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

static void audit_emit(struct task *t, const struct syscall_desc *d, const uint64_t args[6],
		       long ret, const struct strace_call *sc)
{
	pthread_mutex_lock(&kernel.log_lock);
	audit_record(kernel.audit_out, t->tg->tgid, t->tid, d, args, ret, sc);
	fflush(kernel.audit_out);
	pthread_mutex_unlock(&kernel.log_lock);
}

static long handle_syscall(struct task *t)
{
	long nr = arch_syscall_nr(&t->regs);
	struct syscall_args args;
	for (int i = 0; i < 6; i++)
		args.a[i] = arch_syscall_arg(&t->regs, i);
	t->syscall_nr = nr;
	t->in_syscall = true;
	t->syscall_count++;

	bool trace = strace_wanted(nr);
	if (!trace && !kernel.audit_out) {
		long ret = syscall_dispatch(t, nr, &args);
		t->in_syscall = false;
		return ret;
	}

	/* The slow path: format the call around the one dispatch. */
	struct strace_call *sc = t->strace_call;
	if (!sc)
		sc = t->strace_call = malloc(sizeof(*sc));
	char *line = malloc(STRACE_BUF_SIZE + 4096);
	if (!sc || !line) {
		free(line);
		long ret = syscall_dispatch(t, nr, &args);
		t->in_syscall = false;
		return ret;
	}
	size_t line_size = STRACE_BUF_SIZE + 4096;
	struct strace_mem mem = { strace_read_mem, t };
	const struct syscall_desc *d = syscall_desc_lookup(nr);
	strace_enter(sc, nr, d, args.a, &mem);
	strace_set_stack_pointer(sc, arch_sp(&t->regs));
	if (several_tasks())
		strace_line_prefix(sc, t->tid);
	if (call_does_not_return(nr)) {
		/* Print before the task is gone. */
		if (trace) {
			strace_format_unfinished(sc, line, line_size);
			strace_emit(line);
		}
		if (kernel.audit_out)
			audit_emit(t, d, args.a, STRACE_NO_RETURN, sc);
	}

	long ret = syscall_dispatch(t, nr, &args);

	if (!call_does_not_return(nr)) {
		strace_exit(sc, ret, &mem, line, line_size);
		if (trace)
			strace_emit(line);
		if (kernel.audit_out)
			audit_emit(t, d, args.a, ret, sc);
	}
	free(line);
	t->in_syscall = false;
	return ret;
}

static void handle_fault(struct task *t, const siginfo_t *host)
{
	siginfo_t info = *host;
	task_force_signal(t, info.si_signo, &info);
}

void task_run(struct task *t)
{
	task_set_current(t);
	if (t->needs_adopt) {
		if (plat->adopt(t->plat) < 0) {
			t->exiting = true;
			t->exit_code = SIGKILL;
		}
		t->needs_adopt = false;
	}
	if (!t->exiting && t->set_child_tid)
		task_copy_out(t, t->set_child_tid, &t->tid, sizeof(t->tid));

	bool from_syscall = false;
	long ret = 0;
	while (!t->exiting) {
		task_handle_signals(t, from_syscall, ret);
		if (t->exiting)
			break;
		from_syscall = false;
		ret = 0;

		__atomic_store_n(&t->in_app, true, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&t->interrupt_pending, __ATOMIC_SEQ_CST)) {
			__atomic_store_n(&t->in_app, false, __ATOMIC_SEQ_CST);
			continue;
		}
		struct plat_event ev;
		struct plat_resumed after_exec = { exec_wake_vfork_parent, t };
		plat->run(t->plat, &t->regs, &ev, t->vfork_wake_deferred ? &after_exec : NULL);
		exec_wake_vfork_parent(t); /* if run returned before the app ran */
		__atomic_store_n(&t->in_app, false, __ATOMIC_SEQ_CST);

		switch (ev.kind) {
		case PLAT_EVENT_SYSCALL: {
			ret = handle_syscall(t);
			if (t->exiting)
				break;
			arch_set_return(&t->regs, ret);
			from_syscall = t->syscall_nr != SYS_rt_sigreturn;
			break;
		}
		case PLAT_EVENT_FAULT:
			handle_fault(t, &ev.info);
			break;
		case PLAT_EVENT_INTERRUPT: {
			/* A passthrough call the kick interrupted reports its
			 * restart code like an emulated one would. */
			long orig = (long)t->regs.gp.orig_rax;
			long rax = (long)t->regs.gp.rax;
			if (orig >= 0 && rax <= -ERESTARTSYS && rax >= -ERESTART_RESTARTBLOCK) {
				t->syscall_nr = orig;
				ret = rax == -ERESTART_RESTARTBLOCK ? -ERESTARTNOHAND : rax;
				arch_set_return(&t->regs, ret);
				t->regs.gp.orig_rax = (uint64_t)-1;
				from_syscall = true;
			}
			break;
		}
		case PLAT_EVENT_GONE:
			pthread_mutex_lock(&kernel.lock);
			if (!t->exiting) {
				/* Killed from outside (the OOM killer...): as SIGKILL. */
				exit_begin_group(t->tg, SIGKILL);
			}
			t->exiting = true;
			pthread_mutex_unlock(&kernel.lock);
			break;
		}
	}
	task_exit(t);
	pthread_mutex_lock(&kernel.lock);
	kernel.live_sentry_threads--;
	if (kernel.done && kernel.live_sentry_threads == 0)
		pthread_cond_broadcast(&kernel.done_cond); /* the last one out */
	pthread_mutex_unlock(&kernel.lock);
	free(t->strace_call);
	pthread_cond_destroy(&t->block_cond);
	pthread_mutex_destroy(&t->block_lock);
	free(t);
}
