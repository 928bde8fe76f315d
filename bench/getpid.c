/* getpid: the cost of one trivial system call (the raw syscall, so that no
 * libc caching can hide it). Usage: getpid [ITERATIONS] */
#include <sys/syscall.h>
#include <unistd.h>
#include "bench.h"

int main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, 20000);
	double start;

	for (long i = 0; i < n / 10; i++)
		syscall(SYS_getpid);
	start = bench_now_ns();
	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
	bench_report("getpid", start, n);
	return 0;
}
