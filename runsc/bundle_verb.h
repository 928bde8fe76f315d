/* The shared part of the verbs that take an OCI bundle (create, run):
 * the runc flags both accept, the one container ID, and the bundle's
 * config.json and absolute path. */
#pragma once
#include <getopt.h>
#include "runsc/error.h"
#include "runsc/oci_config.h"

enum {
	BUNDLE_OPT_BUNDLE = 256,
	BUNDLE_OPT_PID_FILE,
	BUNDLE_OPT_NO_PIVOT,
	BUNDLE_OPT_NO_NEW_KEYRING,
	BUNDLE_OPT_HELP,
	BUNDLE_OPT_OWN, /* the first value of a verb's own flags */
};

/* The option entries every bundle verb's table starts with. */
#define RUNSC_BUNDLE_OPTIONS                                                     \
	{ "bundle", required_argument, NULL, BUNDLE_OPT_BUNDLE },                \
	{ "b", required_argument, NULL, BUNDLE_OPT_BUNDLE },                     \
	{ "pid-file", required_argument, NULL, BUNDLE_OPT_PID_FILE },            \
	{ "no-pivot", optional_argument, NULL, BUNDLE_OPT_NO_PIVOT },            \
	{ "no-new-keyring", optional_argument, NULL, BUNDLE_OPT_NO_NEW_KEYRING }, \
	{ "help", no_argument, NULL, BUNDLE_OPT_HELP }

/* What the shared flags set; strings point into argv. */
struct bundle_flags {
	const char *bundle;   /* --bundle, -b: "." unless given */
	const char *pid_file; /* --pid-file: NULL unless given */
};

/* Handles getopt's c if it is one of RUNSC_BUNDLE_OPTIONS but --help
 * (the verb prints its own usage): 1 when handled, 0 when c is not one of
 * them, -1 with err set (prefixed with verb). */
int runsc_bundle_flag(int c, const char *arg, const char *verb, struct bundle_flags *f,
		      struct runsc_error *err);

/* After the flags: exactly one positional, a valid container ID. Returns
 * its index in argv, or -1 with err set. */
int runsc_bundle_verb_id(int argc, char **argv, const char *verb, struct runsc_error *err);

/* Loads bundle_arg's config.json into *cfg and its absolute path into
 * *bundle (the caller frees both). Errors name the bundle as given:
 * "bundle B: open config.json: ...". Returns 0 or -1 with err set and
 * nothing to free. */
int runsc_bundle_load(const char *bundle_arg, struct oci_config **cfg, char **bundle,
		      struct runsc_error *err);
