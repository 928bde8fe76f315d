/* `runsc start ID`: starts a created container. No container can have
 * been created yet (create is not implemented), so an ID that is not in
 * the state directory "does not exist", as runc says. */
#include "runsc/commands.h"
#include "runsc/container_verb.h"
#include "runsc/launch.h"

static const char usage[] =
	"Usage: runsc [global flags] start ID\n"
	"\n"
	"Starts the user process of a created container.\n"
	"\n"
	"Flags:\n"
	"  --help   show this help\n";

static const struct option options[] = {
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_start(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	int id, rc = runsc_parse_container_verb(argc, argv, options, NULL, NULL, usage, 1, 1,
						&id, err);

	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if (!runsc_container_exists(g->root, argv[id]))
		return runsc_error_no_container(err, argv[id]);
	return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0, "start: not implemented yet");
}
