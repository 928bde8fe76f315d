/* `runsc delete [--force] ID`: deletes a stopped (or, with --force, any)
 * container. No container can exist yet (create is not implemented): an
 * unknown ID "does not exist", and with --force that is success, as runc
 * does (containerd's shim issues `delete --force` at shutdown). */
#include "runsc/commands.h"
#include "runsc/container_verb.h"
#include "runsc/launch.h"

static const char usage[] =
	"Usage: runsc [global flags] delete [flags] ID\n"
	"\n"
	"Deletes a container's resources and state.\n"
	"\n"
	"Flags:\n"
	"  --force, -f   kill the container first if it runs; succeed if it\n"
	"                does not exist\n"
	"  --help        show this help\n";

enum { OPT_FORCE = 256 };

static const struct option options[] = {
	{"force", optional_argument, NULL, OPT_FORCE},
	{"f", optional_argument, NULL, OPT_FORCE},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int on_flag(int c, const char *arg, void *ctx, struct runsc_error *err)
{
	return runsc_bool_flag("force", arg, ctx, err);
}

int cmd_delete(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	bool force = false;
	int id, rc = runsc_parse_container_verb(argc, argv, options, on_flag, &force, usage,
						1, 1, &id, err);

	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if (!runsc_container_exists(g->root, argv[id]))
		return force ? 0 : runsc_error_no_container(err, argv[id]);
	return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0, "delete: not implemented yet");
}
