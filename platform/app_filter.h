/* The seccomp filter every app process runs under (platform/app_filter.c). */
#pragma once
#include <linux/filter.h>
#include <stddef.h>

/* A passthrough row: a syscall an app may make directly on the host. */
struct passthrough_rule {
	int nr;
	const char *name;
	const char *why;
	/* If nonzero: only allowed when (arg[arg_index] & arg_mask) is one of
	 * arg_values (a list ending in -1). */
	int arg_index;
	unsigned int arg_mask;
	const int *arg_values;
};

extern const struct passthrough_rule passthrough_rules[];
extern const size_t passthrough_rule_count;

/* Builds the BPF program into prog (capacity cap instructions); returns the
 * instruction count or -1 if it does not fit. Everything not passed through
 * is SECCOMP_RET_TRACE (ptrace platform). */
int app_filter_build(struct sock_filter *prog, size_t cap);
