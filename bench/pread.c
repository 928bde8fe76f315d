/* pread / pwrite: 4 KiB at offset 0 of a file in /tmp (the page cache, no
 * disk), reported as two lines. Usage: pread [ITERATIONS] */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"

#define BLOCK 4096

static int fd;
static char buf[BLOCK];

static void once_pread(void)
{
	if (pread(fd, buf, BLOCK, 0) != BLOCK)
		bench_die("pread");
}

static void once_pwrite(void)
{
	if (pwrite(fd, buf, BLOCK, 0) != BLOCK)
		bench_die("pwrite");
}

int main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, 10000);
	char path[] = "/tmp/bench-pread-XXXXXX";

	fd = mkstemp(path);
	if (fd < 0)
		bench_die("mkstemp");
	unlink(path);
	memset(buf, 'x', sizeof(buf));
	if (pwrite(fd, buf, BLOCK, 0) != BLOCK)
		bench_die("pwrite");
	bench_run("pread", n, once_pread);
	bench_run("pwrite", n, once_pwrite);
	close(fd);
	return 0;
}
