/* Flag and ID handling shared by start, state, kill and delete. */
#include "runsc/container_verb.h"
#include <stdio.h>
#include <string.h>
#include "runsc/launch.h"

int runsc_parse_container_verb(int argc, char **argv, const struct option *opts,
			       int (*on_flag)(int c, const char *arg, void *ctx,
					      struct runsc_error *err),
			       void *ctx, const char *usage, int min_args, int max_args,
			       int *first, struct runsc_error *err)
{
	const char *verb = argv[0];
	int c, n;

	runsc_getopt_reset();
	while ((c = getopt_long_only(argc, argv, "+:h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (c == '?' || c == ':' || !on_flag)
			return runsc_getopt_error(c, argv, verb, err);
		if (on_flag(c, optarg, ctx, err) < 0)
			return runsc_error_prepend(err, "%s", verb);
	}
	n = argc - optind;
	if (n < min_args || n > max_args) {
		const char *line = strncmp(usage, "Usage: ", 7) == 0 ? usage + 7 : usage;

		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "%s: wrong number of arguments (usage: %.*s)", verb,
				       (int)strcspn(line, "\n"), line);
	}
	*first = optind;
	if (runsc_check_id(argv[optind], err) < 0)
		return runsc_error_prepend(err, "%s", verb);
	return 0;
}

int runsc_unimplemented_container_verb(const struct runsc_globals *g, int argc, char **argv,
				       const char *usage, struct runsc_error *err)
{
	static const struct option help_only[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int id, rc = runsc_parse_container_verb(argc, argv, help_only, NULL, NULL, usage, 1, 1,
						&id, err);

	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if (!runsc_container_exists(g->root, argv[id]))
		return runsc_error_no_container(err, argv[id]);
	return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0, "%s: not implemented yet", argv[0]);
}
