/* `runsc do CMD [ARG...]`: run a host command in a sandbox over the host's
 * file system (gVisor's quick-test command). */
#include <stdio.h>
#include "runsc/commands.h"
#include "runsc/do_args.h"
#include "runsc/launch.h"
#include "runsc/spec_build.h"

int cmd_do(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	struct sandbox_spec spec;
	int rc = runsc_parse_do_verb(g, argc, argv, &spec, err);

	if (rc == 1)
		fputs(runsc_do_usage, stdout);
	else if (rc == 0)
		rc = runsc_launch(&spec, "do", err);
	runsc_spec_free(&spec);
	return rc == 1 ? 0 : rc;
}
