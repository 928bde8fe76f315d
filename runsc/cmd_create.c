/* `runsc create [flags] ID`: would create a detached sandbox that waits
 * for `start`. The state directory and the detached sandbox are not
 * implemented yet: the flags and the bundle are checked, then runsc says
 * so plainly (exit status 1) rather than pretending. */
#include <stdio.h>
#include <stdlib.h>
#include "runsc/bundle_verb.h"
#include "runsc/cleanup.h"
#include "runsc/commands.h"
#include "runsc/launch.h"
#include "runsc/oci_config.h"

static const char usage[] =
	"Usage: runsc [global flags] create [flags] ID\n"
	"\n"
	"Creates a container from an OCI bundle, to be started with `runsc start`.\n"
	"(Not implemented yet: use `runsc run` to run a bundle in the foreground.)\n"
	"\n"
	"Flags:\n"
	"  --bundle, -b DIR       bundle directory (default: the current directory)\n"
	"  --pid-file FILE        file to write the sandbox's host pid to\n"
	"  --console-socket SOCK  unix socket to send the terminal's master fd to\n"
	"  --user-log FILE        file for user-visible logs (gVisor's shim)\n"
	"  --no-pivot, --no-new-keyring, --preserve-fds N\n"
	"                         accepted for runc compatibility\n"
	"  --help                 show this help\n";

enum {
	OPT_CONSOLE_SOCKET = BUNDLE_OPT_OWN,
	OPT_USER_LOG,
	OPT_PRESERVE_FDS,
};

static const struct option options[] = {
	RUNSC_BUNDLE_OPTIONS,
	{"console-socket", required_argument, NULL, OPT_CONSOLE_SOCKET},
	{"user-log", required_argument, NULL, OPT_USER_LOG},
	{"preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS},
	{NULL, 0, NULL, 0},
};

int cmd_create(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	struct bundle_flags flags = { .bundle = "." };
	cleanup_free char *bundle = NULL;
	struct oci_config *cfg = NULL;
	size_t n;
	int c, rc;

	runsc_getopt_reset();
	while ((c = getopt_long_only(argc, argv, "+:h", options, NULL)) != -1) {
		rc = runsc_bundle_flag(c, optarg, "create", &flags, err);
		if (rc < 0)
			return rc;
		if (rc > 0)
			continue;
		switch (c) {
		case OPT_CONSOLE_SOCKET:
		case OPT_USER_LOG:
			break;
		case OPT_PRESERVE_FDS:
			if (runsc_parse_size(optarg, &n) < 0)
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "create: --preserve-fds=%s: expected a number", optarg);
			break;
		case 'h':
		case BUNDLE_OPT_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			return runsc_getopt_error(c, argv, "create", err);
		}
	}
	if (runsc_bundle_verb_id(argc, argv, "create", err) < 0 ||
	    runsc_bundle_load(flags.bundle, &cfg, &bundle, err) < 0)
		return -1;
	oci_config_free(cfg);
	return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0,
			       "create: not implemented yet (the detached container lifecycle is "
			       "missing; `runsc run` runs a bundle in the foreground)");
}
