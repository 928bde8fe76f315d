/* Running a sandbox to completion for `do` and `run` (launch.c), and the
 * container bookkeeping the lifecycle verbs share: ID syntax, the state
 * directory, pid files (container.c). */
#pragma once
#include <stdbool.h>
#include "runsc/error.h"
#include "sentry/sandbox.h"

/* Opens the spec's log files, runs sentry_run and maps its result: the
 * app's exit status is returned as is; -ENOENT becomes "CMD: No such file
 * or directory" (status 127), -EACCES/-ENOEXEC/-EISDIR "CMD: <strerror>"
 * (126), any other failure "VERB: starting the sandbox: <strerror>" (125).
 * Returns the status, or -1 with err set. */
int runsc_launch(struct sandbox_spec *spec, const char *verb, struct runsc_error *err);

/* runc's container ID syntax: [A-Za-z0-9_+.-]+, not "." or "..".
 * Returns 0 or -1 with err set (status RUNSC_EXIT_USAGE). */
int runsc_check_id(const char *id, struct runsc_error *err);
/* Whether the state directory root holds a container id (ROOT/ID/). */
bool runsc_container_exists(const char *root, const char *id);
/* Sets err to runc's and gVisor's wording: container "ID" does not exist. */
int runsc_error_no_container(struct runsc_error *err, const char *id);
/* Writes pid to path atomically (a temporary file renamed over it). */
int runsc_write_pid_file(const char *path, pid_t pid, struct runsc_error *err);
