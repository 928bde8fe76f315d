/* pread / pwrite: 4 KiB at offset 0 of a file in /tmp (the page cache, no
 * disk), reported as two lines. Usage: pread [ITERATIONS] */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"

#define BLOCK 4096

int main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, 10000);
	char path[] = "/tmp/bench-pread-XXXXXX";
	static char buf[BLOCK];
	double start;
	int fd = mkstemp(path);

	if (fd < 0)
		bench_die("mkstemp");
	unlink(path);
	memset(buf, 'x', sizeof(buf));
	if (pwrite(fd, buf, BLOCK, 0) != BLOCK)
		bench_die("pwrite");
	for (long i = 0; i < n / 10; i++)
		if (pread(fd, buf, BLOCK, 0) != BLOCK)
			bench_die("pread");
	start = bench_now_ns();
	for (long i = 0; i < n; i++)
		if (pread(fd, buf, BLOCK, 0) != BLOCK)
			bench_die("pread");
	bench_report("pread", start, n);

	for (long i = 0; i < n / 10; i++)
		if (pwrite(fd, buf, BLOCK, 0) != BLOCK)
			bench_die("pwrite");
	start = bench_now_ns();
	for (long i = 0; i < n; i++)
		if (pwrite(fd, buf, BLOCK, 0) != BLOCK)
			bench_die("pwrite");
	bench_report("pwrite", start, n);
	close(fd);
	return 0;
}
