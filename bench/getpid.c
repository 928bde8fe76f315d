/* getpid: the cost of one trivial system call (the raw syscall, so that no
 * libc caching can hide it). Usage: getpid [ITERATIONS] */
#include <sys/syscall.h>
#include <unistd.h>
#include "bench.h"

static void once(void)
{
	syscall(SYS_getpid);
}

int main(int argc, char **argv)
{
	bench_run("getpid", bench_iterations(argc, argv, 20000), once);
	return 0;
}
