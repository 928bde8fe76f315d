/* stat: a path walk of three components ending at a file that exists on
 * every Debian system. Usage: stat [ITERATIONS] */
#include <sys/stat.h>
#include "bench.h"

static const char target[] = "/usr/bin/env";

static void once(void)
{
	struct stat st;

	if (stat(target, &st) < 0)
		bench_die(target);
}

int main(int argc, char **argv)
{
	bench_run("stat", bench_iterations(argc, argv, 10000), once);
	return 0;
}
