/* `runsc spec [--bundle DIR] [--cwd DIR] [--netns PATH] [-- CMD ARG...]`:
 * writes a default config.json (runc's defaults; gVisor's flags). It never
 * overwrites an existing file. */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runsc/cleanup.h"
#include "runsc/commands.h"
#include "runsc/oci_config.h"

static const char usage[] =
	"Usage: runsc [global flags] spec [flags] [-- CMD [ARG...]]\n"
	"\n"
	"Writes a default OCI config.json into the bundle directory: CMD (default\n"
	"sh) in a terminal, root \"rootfs\" read-only, the standard mounts and\n"
	"namespaces. An existing config.json is never overwritten.\n"
	"\n"
	"Flags:\n"
	"  --bundle, -b DIR   bundle directory (default: the current directory)\n"
	"  --cwd DIR          process.cwd, an absolute path (default /)\n"
	"  --netns PATH       path of the network namespace to join\n"
	"  --help             show this help\n";

enum { OPT_BUNDLE = 256, OPT_CWD, OPT_NETNS };

static const struct option options[] = {
	{"bundle", required_argument, NULL, OPT_BUNDLE},
	{"b", required_argument, NULL, OPT_BUNDLE},
	{"cwd", required_argument, NULL, OPT_CWD},
	{"netns", required_argument, NULL, OPT_NETNS},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_spec(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	const char *bundle = ".", *cwd = NULL, *netns = NULL;
	cleanup_free char *path = NULL;
	cleanup_json json_t *doc = NULL;
	cleanup_file FILE *f = NULL;
	int c, fd;

	runsc_getopt_reset();
	while ((c = getopt_long_only(argc, argv, "+:h", options, NULL)) != -1) {
		switch (c) {
		case OPT_BUNDLE:
			bundle = optarg;
			break;
		case OPT_CWD:
			cwd = optarg;
			if (cwd[0] != '/')
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "spec: --cwd %s: must be an absolute path", cwd);
			break;
		case OPT_NETNS:
			netns = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return runsc_getopt_error(c, argv, "spec", err);
		}
	}
	doc = oci_config_default(optind < argc ? argv + optind : NULL, cwd, netns);
	if (!doc)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "spec: building config.json");
	if (asprintf(&path, "%s/config.json", bundle) < 0)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "spec");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0,
				       "spec: file \"%s\" already exists", path);
	if (fd < 0)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "spec: create %s", path);
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "spec: %s", path);
	}
	if (json_dumpf(doc, f, JSON_INDENT(4)) < 0 || fputc('\n', f) == EOF ||
	    fflush(f) == EOF)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno ? errno : EIO,
				       "spec: write %s", path);
	return 0;
}
