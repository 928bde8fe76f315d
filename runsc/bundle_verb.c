/* Flags, ID and bundle handling shared by create and run. */
#include "runsc/bundle_verb.h"
#include <errno.h>
#include <stdlib.h>
#include "runsc/flags.h"
#include "runsc/launch.h"

int runsc_bundle_flag(int c, const char *arg, const char *verb, struct bundle_flags *f,
		      struct runsc_error *err)
{
	bool flag;

	switch (c) {
	case BUNDLE_OPT_BUNDLE:
		f->bundle = arg;
		return 1;
	case BUNDLE_OPT_PID_FILE:
		f->pid_file = arg;
		return 1;
	case BUNDLE_OPT_NO_PIVOT:
	case BUNDLE_OPT_NO_NEW_KEYRING:
		if (runsc_bool_flag(c == BUNDLE_OPT_NO_PIVOT ? "no-pivot" : "no-new-keyring", arg,
				    &flag, err) < 0)
			return runsc_error_prepend(err, "%s", verb);
		return 1;
	default:
		return 0;
	}
}

int runsc_bundle_verb_id(int argc, char **argv, const char *verb, struct runsc_error *err)
{
	if (optind != argc - 1)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "%s: expected exactly one container ID (usage: runsc %s [flags] ID)",
				       verb, verb);
	if (runsc_check_id(argv[optind], err) < 0)
		return runsc_error_prepend(err, "%s", verb);
	return optind;
}

int runsc_bundle_load(const char *bundle_arg, struct oci_config **cfg, char **bundle,
		      struct runsc_error *err)
{
	if (oci_config_load_bundle(bundle_arg, cfg, err) < 0)
		return -1;
	*bundle = realpath(bundle_arg, NULL);
	if (!*bundle) {
		oci_config_free(*cfg);
		*cfg = NULL;
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "bundle %s", bundle_arg);
	}
	return 0;
}
