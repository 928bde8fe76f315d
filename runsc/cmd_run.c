/* `runsc run [--bundle DIR] ID`: run an OCI bundle's container in the
 * foreground; runsc's exit status is the container's. The runsc process
 * itself becomes the sentry, so --pid-file names it. Detached runs and
 * --console-socket come with the container lifecycle (create/start). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runsc/bundle_verb.h"
#include "runsc/cleanup.h"
#include "runsc/commands.h"
#include "runsc/launch.h"
#include "runsc/oci_config.h"
#include "runsc/spec_build.h"

static const char usage[] =
	"Usage: runsc [global flags] run [flags] ID\n"
	"\n"
	"Runs the container of an OCI bundle in the foreground: creates the\n"
	"sandbox from BUNDLE/config.json, runs process.args, waits for it and\n"
	"exits with its status (128+N when signal N killed it).\n"
	"\n"
	"Flags:\n"
	"  --bundle, -b DIR       bundle directory (default: the current directory)\n"
	"  --pid-file FILE        write the sandbox's host pid (runsc's own) to FILE\n"
	"  --detach, -d           not implemented yet\n"
	"  --console-socket SOCK  not implemented yet\n"
	"  --no-pivot, --no-new-keyring\n"
	"                         accepted for runc compatibility (no effect)\n"
	"  --help                 show this help\n";

enum {
	OPT_DETACH = BUNDLE_OPT_OWN,
	OPT_CONSOLE_SOCKET,
};

static const struct option options[] = {
	RUNSC_BUNDLE_OPTIONS,
	{"detach", optional_argument, NULL, OPT_DETACH},
	{"d", optional_argument, NULL, OPT_DETACH},
	{"console-socket", required_argument, NULL, OPT_CONSOLE_SOCKET},
	{NULL, 0, NULL, 0},
};

int cmd_run(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	struct bundle_flags flags = { .bundle = "." };
	cleanup_free char *bundle = NULL;
	struct oci_config *cfg = NULL;
	struct sandbox_spec spec;
	bool detach = false;
	int c, rc;

	runsc_getopt_reset();
	while ((c = getopt_long_only(argc, argv, "+:h", options, NULL)) != -1) {
		rc = runsc_bundle_flag(c, optarg, "run", &flags, err);
		if (rc < 0)
			return rc;
		if (rc > 0)
			continue;
		switch (c) {
		case OPT_DETACH:
			if (runsc_bool_flag("detach", optarg, &detach, err) < 0)
				return runsc_error_prepend(err, "run");
			break;
		case OPT_CONSOLE_SOCKET:
			return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0,
					       "run: --console-socket is not implemented yet");
		case 'h':
		case BUNDLE_OPT_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			return runsc_getopt_error(c, argv, "run", err);
		}
	}
	if (runsc_bundle_verb_id(argc, argv, "run", err) < 0)
		return -1;
	if (detach)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0, "run: --detach is not implemented yet");
	if (runsc_bundle_load(flags.bundle, &cfg, &bundle, err) < 0)
		return -1;

	rc = runsc_spec_init(&spec, err);
	if (rc == 0 && oci_config_to_spec(cfg, bundle, &spec, err) < 0)
		rc = runsc_error_prepend(err, "run: bundle %s", bundle);
	if (rc == 0 && runsc_spec_apply_globals(&spec, g, err) < 0)
		rc = runsc_error_prepend(err, "run");
	if (rc == 0 && flags.pid_file && runsc_write_pid_file(flags.pid_file, getpid(), err) < 0)
		rc = runsc_error_prepend(err, "run");
	oci_config_free(cfg);
	if (rc == 0)
		rc = runsc_launch(&spec, "run", err);
	runsc_spec_free(&spec);
	return rc;
}
