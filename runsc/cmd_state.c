/* `runsc state ID`: prints a container's OCI state as JSON. No container
 * can exist yet (create is not implemented), so an ID that is not in the
 * state directory "does not exist". */
#include "runsc/commands.h"
#include "runsc/container_verb.h"

static const char usage[] =
	"Usage: runsc [global flags] state ID\n"
	"\n"
	"Prints the OCI state of a container as JSON (ociVersion, id, status,\n"
	"pid, bundle).\n"
	"\n"
	"Flags:\n"
	"  --help   show this help\n";

int cmd_state(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	return runsc_unimplemented_container_verb(g, argc, argv, usage, err);
}
