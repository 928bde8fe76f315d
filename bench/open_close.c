/* open_close: open(O_RDONLY) plus close of an existing file: path walk,
 * file object and fd table. Usage: open_close [ITERATIONS] */
#include <fcntl.h>
#include <unistd.h>
#include "bench.h"

static const char target[] = "/usr/bin/env";

static void once(void)
{
	int fd = open(target, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		bench_die(target);
	close(fd);
}

int main(int argc, char **argv)
{
	bench_run("open_close", bench_iterations(argc, argv, 10000), once);
	return 0;
}
