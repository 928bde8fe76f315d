/* The shared shape of the verbs that act on an existing container
 * (start, state, kill, delete): parse their flags, check the ID. */
#pragma once
#include <getopt.h>
#include "runsc/commands.h"
#include "runsc/error.h"
#include "runsc/flags.h"

/* Parses argv (argv[0] is the verb) with opts, whose --help entry must
 * return 'h'. on_flag (may be NULL if opts has only --help) handles every
 * other flag and returns 0 or -1 with err set. Afterwards between min_args
 * and max_args positionals must remain; the first is the container ID,
 * checked with runsc_check_id, at index *first. usage starts with one
 * "Usage: ..." line. Returns 0, 1 when --help was printed, or -1 with err
 * set. */
int runsc_parse_container_verb(int argc, char **argv, const struct option *opts,
			       int (*on_flag)(int c, const char *arg, void *ctx,
					      struct runsc_error *err),
			       void *ctx, const char *usage, int min_args, int max_args,
			       int *first, struct runsc_error *err);

/* A verb of a created container that runsc cannot carry out yet (start,
 * state): --help and one ID only. An ID that is not in the state
 * directory g->root "does not exist" (runc's wording); for any other the
 * answer is "VERB: not implemented yet". Returns 0 after --help, else -1
 * with err set. */
int runsc_unimplemented_container_verb(const struct runsc_globals *g, int argc, char **argv,
				       const char *usage, struct runsc_error *err);
