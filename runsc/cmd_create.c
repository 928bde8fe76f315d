/* `runsc create [flags] ID`: would create a detached sandbox that waits
 * for `start`. The state directory and the detached sandbox are not
 * implemented yet: the flags and the bundle are checked, then runsc says
 * so plainly (exit status 1) rather than pretending. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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
	OPT_BUNDLE = 256,
	OPT_PID_FILE,
	OPT_CONSOLE_SOCKET,
	OPT_USER_LOG,
	OPT_NO_PIVOT,
	OPT_NO_NEW_KEYRING,
	OPT_PRESERVE_FDS,
	OPT_HELP,
};

static const struct option options[] = {
	{"bundle", required_argument, NULL, OPT_BUNDLE},
	{"b", required_argument, NULL, OPT_BUNDLE},
	{"pid-file", required_argument, NULL, OPT_PID_FILE},
	{"console-socket", required_argument, NULL, OPT_CONSOLE_SOCKET},
	{"user-log", required_argument, NULL, OPT_USER_LOG},
	{"no-pivot", optional_argument, NULL, OPT_NO_PIVOT},
	{"no-new-keyring", optional_argument, NULL, OPT_NO_NEW_KEYRING},
	{"preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

int cmd_create(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	const char *bundle_arg = ".";
	cleanup_free char *bundle = NULL;
	struct oci_config *cfg = NULL;
	bool flag;
	size_t n;
	int c;

	runsc_getopt_reset();
	while ((c = getopt_long_only(argc, argv, "+:h", options, NULL)) != -1) {
		switch (c) {
		case OPT_BUNDLE:
			bundle_arg = optarg;
			break;
		case OPT_PID_FILE:
		case OPT_CONSOLE_SOCKET:
		case OPT_USER_LOG:
			break;
		case OPT_NO_PIVOT:
		case OPT_NO_NEW_KEYRING:
			if (runsc_bool_flag(c == OPT_NO_PIVOT ? "no-pivot" : "no-new-keyring",
					    optarg, &flag, err) < 0)
				return runsc_error_prepend(err, "create");
			break;
		case OPT_PRESERVE_FDS:
			if (runsc_parse_size(optarg, &n) < 0)
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "create: --preserve-fds=%s: expected a number", optarg);
			break;
		case 'h':
		case OPT_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			return runsc_getopt_error(c, argv, "create", err);
		}
	}
	if (optind != argc - 1)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "create: expected exactly one container ID (usage: runsc create [flags] ID)");
	if (runsc_check_id(argv[optind], err) < 0)
		return runsc_error_prepend(err, "create");
	/* Messages name the bundle as given: "bundle B: open config.json: ..." */
	if (oci_config_load_bundle(bundle_arg, &cfg, err) < 0)
		return -1;
	bundle = realpath(bundle_arg, NULL);
	if (!bundle) {
		oci_config_free(cfg);
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "bundle %s", bundle_arg);
	}
	oci_config_free(cfg);
	return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0,
			       "create: not implemented yet (the detached container lifecycle is "
			       "missing; `runsc run` runs a bundle in the foreground)");
}
