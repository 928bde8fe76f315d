/* `runsc start ID`: starts a created container. No container can have
 * been created yet (create is not implemented), so an ID that is not in
 * the state directory "does not exist", as runc says. */
#include "runsc/commands.h"
#include "runsc/container_verb.h"

static const char usage[] =
	"Usage: runsc [global flags] start ID\n"
	"\n"
	"Starts the user process of a created container.\n"
	"\n"
	"Flags:\n"
	"  --help   show this help\n";

int cmd_start(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	return runsc_unimplemented_container_verb(g, argc, argv, usage, err);
}
