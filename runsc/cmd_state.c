/* `runsc state ID`: prints a container's OCI state as JSON. No container
 * can exist yet (create is not implemented), so an ID that is not in the
 * state directory "does not exist". */
#include "runsc/commands.h"
#include "runsc/container_verb.h"
#include "runsc/launch.h"

static const char usage[] =
	"Usage: runsc [global flags] state ID\n"
	"\n"
	"Prints the OCI state of a container as JSON (ociVersion, id, status,\n"
	"pid, bundle).\n"
	"\n"
	"Flags:\n"
	"  --help   show this help\n";

static const struct option options[] = {
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_state(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	int id, rc = runsc_parse_container_verb(argc, argv, options, NULL, NULL, usage, 1, 1,
						&id, err);

	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if (!runsc_container_exists(g->root, argv[id]))
		return runsc_error_no_container(err, argv[id]);
	return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0, "state: not implemented yet");
}
