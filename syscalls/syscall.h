/* The syscall handler contract.
 *
 * A handler decodes typed arguments, looks up objects (EBADF), validates,
 * calls the subsystem (sentry, fs, net) and returns a value or -errno. It
 * copies app memory only through task_copy_* (sentry/task.h), which return
 * -EFAULT. Blocking handlers return -ERESTARTSYS (or -ERESTARTNOHAND,
 * -ERESTART_RESTARTBLOCK) when a signal interrupts them; the task loop turns
 * those into EINTR or a restart by Linux's rules. Codes above 511 never reach
 * the app.
 *
 * Handlers are named sys_<name> after the table row (syscall_list_x86_64.h)
 * and defined in one file per family (file.c, rw.c, mm.c, signal.c, ...). A
 * row with no handler linked in answers ENOSYS and is counted. */
#pragma once
#include <errno.h>
#include <stdint.h>
#include "sentry/task.h"

struct syscall_args {
	uint64_t a[6];
};

typedef long (*syscall_handler_fn)(struct task *t, const struct syscall_args *args);

/* Linux's internal restart codes (include/linux/errno.h). */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

/* "Bytes moved beat the error": the result of a transfer that moved done
 * bytes and then failed with err (Linux returns the count if nonzero). */
static inline long syscall_partial_result(size_t done, long err)
{
	return done > 0 ? (long)done : err;
}

#define SYSCALL_DEFINE(name) \
	long sys_##name(struct task *t, const struct syscall_args *args)
