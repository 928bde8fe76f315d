/* `runsc list [--format table|json] [--quiet]`: lists the containers of
 * the state directory. None can exist yet (create is not implemented), so
 * the list is empty: the table's header, an empty JSON array, or nothing
 * with --quiet. */
#include <stdio.h>
#include <string.h>
#include "runsc/commands.h"

static const char usage[] =
	"Usage: runsc [global flags] list [flags]\n"
	"\n"
	"Lists the containers in the state directory (--root).\n"
	"\n"
	"Flags:\n"
	"  --format, -f table|json   output format (default table)\n"
	"  --quiet, -q               print only the container IDs\n"
	"  --help                    show this help\n";

enum { OPT_FORMAT = 256, OPT_QUIET };

static const struct option options[] = {
	{"format", required_argument, NULL, OPT_FORMAT},
	{"f", required_argument, NULL, OPT_FORMAT},
	{"quiet", optional_argument, NULL, OPT_QUIET},
	{"q", optional_argument, NULL, OPT_QUIET},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_list(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	bool json = false, quiet = false;
	int c;

	runsc_getopt_reset();
	while ((c = getopt_long_only(argc, argv, "+:h", options, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "table") == 0)
				json = false;
			else
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "list: --format=%s: want table or json", optarg);
			break;
		case OPT_QUIET:
			if (runsc_bool_flag("quiet", optarg, &quiet, err) < 0)
				return runsc_error_prepend(err, "list");
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return runsc_getopt_error(c, argv, "list", err);
		}
	}
	if (optind != argc)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0, "list: takes no arguments");
	if (quiet)
		return 0;
	if (json)
		puts("[]");
	else
		puts("ID          PID         STATUS      BUNDLE      CREATED     OWNER");
	return 0;
}
