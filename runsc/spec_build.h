/* Building a struct sandbox_spec (sentry/sandbox.h) in runsc: defaults,
 * the global flags, the environment, log files, and freeing it. Every
 * pointer in a spec built here is owned by the spec (heap copies) and
 * released by runsc_spec_free. */
#pragma once
#include "runsc/error.h"
#include "runsc/flags.h"
#include "sentry/sandbox.h"

/* Zeroes spec and sets the defaults shared by do and run: uid/gid 0, the
 * caller's rlimits, stdio fds 0 1 2, no log fds, platform seccomp-trap, network
 * sandbox, overlay root:memory. Returns 0 or -1 with err set. */
int runsc_spec_init(struct sandbox_spec *spec, struct runsc_error *err);
/* Frees everything spec owns and closes its log fds; spec is zeroed. */
void runsc_spec_free(struct sandbox_spec *spec);

/* Copies the global flags that shape a sandbox into spec (platform,
 * network, overlay, strace and its syscall list, whose names must be rows
 * of the syscall table, log paths, debug, rootless, ptrace-strict).
 * Returns 0 or -1 with err set. */
int runsc_spec_apply_globals(struct sandbox_spec *spec, const struct runsc_globals *g,
			     struct runsc_error *err);
/* Opens spec->debug_log and spec->audit_log (append, create 0644) into
 * spec->debug_log_fd / audit_log_fd. A --debug-log ending in '/' is a
 * directory in which runsc.log.%TIMESTAMP%.%COMMAND%.txt is created, and
 * %TIMESTAMP% / %COMMAND% are expanded anywhere in the path, as gVisor
 * does; command is the verb ("do", "run"). Returns 0 or -1 with err set. */
int runsc_spec_open_logs(struct sandbox_spec *spec, const char *command,
			 struct runsc_error *err);

/* A NULL-terminated copy of env with each "KEY=VALUE" of overrides set
 * (replacing KEY's earlier value, keeping its position; new keys go at the
 * end). Returns NULL on allocation failure. */
char **runsc_env_merge(char *const *env, char *const *overrides);
/* Splits a comma-separated list into a NULL-terminated array; empty items
 * are an error (-EINVAL), allocation failure -ENOMEM. */
int runsc_split_list(const char *s, char ***out);
/* NULL-terminated string array helpers. */
char **runsc_strv_dup(char *const *v);
void runsc_strv_free(char **v);
size_t runsc_strv_len(char *const *v);
