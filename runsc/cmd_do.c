/* `runsc do CMD [ARG...]`: run a host command in a sandbox over the host's
 * file system (gVisor's quick-test command). */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include "runsc/commands.h"
#include "runsc/do_args.h"
#include "runsc/launch.h"
#include "runsc/spec_build.h"

int cmd_do(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	struct sandbox_spec spec;
	struct stat st;
	int rc = runsc_parse_do_verb(g, argc, argv, &spec, err);

	if (rc == 1) {
		fputs(runsc_do_usage, stdout);
		rc = 0;
	} else if (rc == 0) {
		/* A missing root would otherwise surface as "CMD: not found". */
		if (stat(spec.host_root, &st) < 0)
			rc = runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "do: --root %s", spec.host_root);
		else if (!S_ISDIR(st.st_mode))
			rc = runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOTDIR, "do: --root %s", spec.host_root);
		else
			rc = runsc_launch(&spec, "do", err);
	}
	runsc_spec_free(&spec);
	return rc;
}
