/* Starting the sentry for do/run and mapping its result to runsc's exit
 * status. */
#include "runsc/launch.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "runsc/spec_build.h"

int runsc_launch(struct sandbox_spec *spec, const char *verb, struct runsc_error *err)
{
	int rc;

	if (runsc_spec_open_logs(spec, verb, err) < 0)
		return runsc_error_prepend(err, "%s", verb);
	/* Our buffered output must not be duplicated or reordered by the
	 * sandbox writing to the same descriptions. */
	fflush(stdout);
	fflush(stderr);
	rc = sentry_run(spec);
	if (rc >= 0)
		return rc;
	switch (-rc) {
	case ENOENT:
		return runsc_error_set(err, RUNSC_EXIT_NOTFOUND, ENOENT, "%s", spec->argv[0]);
	case EACCES:
	case ENOEXEC:
	case EISDIR:
		return runsc_error_set(err, RUNSC_EXIT_NOEXEC, -rc, "%s", spec->argv[0]);
	case EPERM:
		return runsc_error_set(err, RUNSC_EXIT_START, EPERM,
				       "%s: starting the sandbox (ptrace, seccomp or namespaces refused; "
				       "is runsc run as root or with --rootless?)", verb);
	default:
		return runsc_error_set(err, RUNSC_EXIT_START, -rc, "%s: starting the sandbox", verb);
	}
}

