/* The JSON-lines audit log: one object per syscall,
 *   {"ts":1700000000.123456,"pid":1,"tid":1,"nr":257,"name":"openat",
 *    "args":["AT_FDCWD","\"/etc/passwd\"","O_RDONLY|O_CLOEXEC"],
 *    "ret":3,"errno":null}
 * Arguments are the --strace texts when a formatted call is given, else hex.
 * A failed call has "ret":-1 and "errno":"ENOENT"; a call that did not
 * return (STRACE_NO_RETURN) has "ret":null. */
#pragma once
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "syscalls/strace.h"

/* Writes one record as a single line with one fwrite (so records of
 * concurrent threads do not interleave). c may be NULL (arguments in hex);
 * d may be NULL for numbers with no row (then c gives the number, if any).
 * Does not flush: make out line-buffered if records must survive a crash. */
void audit_record(FILE *out, pid_t pid, pid_t tid, const struct syscall_desc *d,
		  const uint64_t args[6], long ret, const struct strace_call *c);
