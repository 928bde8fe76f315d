/* `runsc syscalls`: prints the syscall compatibility table, generated from
 * the one syscall table (syscalls/), like gVisor's `runsc syscalls`. */
#include <stdio.h>
#include <string.h>
#include "runsc/commands.h"
#include "syscalls/table.h"

static const char usage[] =
	"Usage: runsc [global flags] syscalls [flags]\n"
	"\n"
	"Prints every x86_64 system call with its support level in the sandbox\n"
	"(supported, partial, or the errno it answers and why).\n"
	"\n"
	"Flags:\n"
	"  --format table   output format (only table)\n"
	"  --help           show this help\n";

enum { OPT_FORMAT = 256 };

static const struct option options[] = {
	{"format", required_argument, NULL, OPT_FORMAT},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_syscalls(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	int c;

	runsc_getopt_reset();
	while ((c = getopt_long_only(argc, argv, "+:h", options, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "table") != 0)
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "syscalls: --format=%s: only table is supported", optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return runsc_getopt_error(c, argv, "syscalls", err);
		}
	}
	if (optind != argc)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0, "syscalls: takes no arguments");
	syscall_table_print_compat(stdout);
	if (fflush(stdout) == EOF)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0, "syscalls: writing the table failed");
	return 0;
}
