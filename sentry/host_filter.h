/* The sentry's host syscall allowlist (sentry/host_filter.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* Installs the allowlist on every sentry thread; debug traps and logs a
 * call outside it instead of killing. Returns 0 or -errno. */
int host_filter_install(bool debug);
size_t host_filter_rule_count(void);
int host_filter_syscall_allowed(int nr);
/* How many leading arguments nr's row pins (0: any arguments). */
int host_filter_pinned_args(int nr);
