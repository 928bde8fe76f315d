/* --strace: formats one syscall the way `strace -f -s 32` prints it,
 *   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 * from the table's argument formats (syscalls/table.h). Pure: app memory is
 * read through a callback, so the formatter runs in unit tests over a byte
 * array and in the sentry over task_copy_in.
 *
 * Two phases, because in-arguments (execve's argv) may be gone after the
 * call and out-arguments (read's buffer, stat's struct) exist only after it:
 *
 *   struct strace_call c;
 *   strace_enter(&c, nr, syscall_desc_lookup(nr), args, &mem);
 *   strace_line_prefix(&c, tid);          // optional "[pid N] "
 *   long ret = syscall_dispatch(...);
 *   strace_exit(&c, ret, &mem, line, sizeof line);  // whole line, '\n'
 *
 * A call that does not return (exit, exit_group, a successful execve whose
 * old image is gone) is finished with strace_format_unfinished or with
 * strace_exit(..., STRACE_NO_RETURN, ...), which prints "= ?". */
#pragma once
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "syscalls/table.h"

/* Reads n bytes of app memory at addr into dst: 0, or -EFAULT. */
struct strace_mem {
	int (*read)(void *ctx, void *dst, uint64_t addr, size_t n);
	void *ctx;
};

#define STRACE_MAX_STRLEN 32      /* strace -s 32 (its default) */
#define STRACE_COLUMN 40          /* strace -a 40: where " = " aligns */
#define STRACE_BUF_SIZE 12288
/* The "return value" of a call that did not return. */
#define STRACE_NO_RETURN LONG_MIN

struct strace_call {
	long nr;
	const struct syscall_desc *d; /* NULL: a number with no row */
	uint64_t args[6];
	uint8_t nshown;               /* argument positions printed */
	uint8_t fmt[6];               /* the row's formats, adjusted per call */
	uint64_t saved[6];            /* values read at entry for exit (socklen) */
	uint64_t sp;                  /* app stack pointer, for rt_sigreturn */
	bool have[6];                 /* argument i is formatted */
	uint16_t off[6], len[6];      /* argument i's text in buf */
	uint16_t suffix_off, suffix_len; /* text after the result: " ([...])" */
	uint16_t used;
	char prefix[24];              /* "[pid N] " or "" */
	char buf[STRACE_BUF_SIZE];
};

/* Formats the in-arguments of syscall nr (d is its row, may be NULL). */
void strace_enter(struct strace_call *c, long nr, const struct syscall_desc *d,
		  const uint64_t args[6], const struct strace_mem *m);

/* Gives the app's stack pointer at the syscall, which rt_sigreturn's line
 * needs to show the signal mask it restores; call after strace_enter. */
void strace_set_stack_pointer(struct strace_call *c, uint64_t sp);

/* Sets the line's "[pid N] " prefix (strace -f prints it once more than one
 * process exists; the caller decides). pid <= 0 clears it. */
void strace_line_prefix(struct strace_call *c, pid_t pid);

/* Formats the out-arguments and the result ret (a value or -errno, or
 * STRACE_NO_RETURN) and writes the whole line, ending in '\n', to out (always
 * NUL-terminated, cut to size). Returns the line's length (without NUL),
 * which may exceed size - 1 if cut. m may be NULL if nothing is read. */
size_t strace_exit(struct strace_call *c, long ret, const struct strace_mem *m,
		   char *out, size_t size);

/* The line of a call that does not return: "exit_group(0) = ?\n". */
size_t strace_format_unfinished(struct strace_call *c, char *out, size_t size);

/* The text of argument i as formatted so far ("" if not shown); for the
 * audit log. Valid after strace_exit. */
const char *strace_arg_text(const struct strace_call *c, int i, size_t *len);
