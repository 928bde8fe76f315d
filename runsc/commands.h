/* The verbs of runsc, one file each (cmd_<verb>.c), dispatched from main.c.
 * A verb gets the parsed global flags and its own argv (argv[0] is the
 * verb), parses its flags with getopt_long_only, prints its usage for
 * --help, and returns runsc's exit status (>= 0) or -1 with err set. */
#pragma once
#include "runsc/error.h"
#include "runsc/flags.h"

typedef int (*runsc_command_fn)(const struct runsc_globals *g, int argc, char **argv,
				struct runsc_error *err);

int cmd_do(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
int cmd_run(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
int cmd_create(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
int cmd_start(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
int cmd_state(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
int cmd_kill(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
int cmd_delete(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
int cmd_list(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
int cmd_spec(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
int cmd_syscalls(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err);
