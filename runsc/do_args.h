/* Argument parsing of `runsc do`, kept apart from running it so that it can
 * be tested without starting a sandbox. */
#pragma once
#include "runsc/error.h"
#include "runsc/flags.h"
#include "sentry/sandbox.h"

extern const char runsc_do_usage[];

/* Parses `do [flags] CMD [ARG...]` (argv[0] is "do") on top of the global
 * flags g into out, which it initializes (runsc_spec_init): argv = CMD and
 * its arguments, envp = the caller's environment with --env overrides,
 * cwd = --cwd (absolute, default the caller's cwd, or "/" with --root),
 * host_root = --root (absolute, default "/"), hostname = the host's,
 * uid/gid 0, the host root always under an in-memory overlay.
 * Returns 0, 1 when --help was asked (out is left initialized and empty),
 * or -1 with err set; on -1 and 1 the caller still runs runsc_spec_free. */
int runsc_parse_do_verb(const struct runsc_globals *g, int argc, char **argv,
			struct sandbox_spec *out, struct runsc_error *err);

/* The same for a whole command line: `runsc [global flags] do ...`. */
int runsc_parse_do_args(int argc, char **argv, struct sandbox_spec *out,
			struct runsc_error *err);
