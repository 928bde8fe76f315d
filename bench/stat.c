/* stat: a path walk of three components ending at a file that exists on
 * every Debian system. Usage: stat [ITERATIONS] */
#include <sys/stat.h>
#include "bench.h"

static const char target[] = "/usr/bin/env";

int main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, 10000);
	struct stat st;
	double start;

	for (long i = 0; i < n / 10; i++)
		if (stat(target, &st) < 0)
			bench_die(target);
	start = bench_now_ns();
	for (long i = 0; i < n; i++)
		if (stat(target, &st) < 0)
			bench_die(target);
	bench_report("stat", start, n);
	return 0;
}
