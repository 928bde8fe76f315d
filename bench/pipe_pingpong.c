/* pipe_pingpong: one byte sent to a child process over a pipe and back
 * over another; the time of one round trip (two writes, two blocking
 * reads, two wake-ups). Usage: pipe_pingpong [ITERATIONS] */
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

static void xfer(int rfd, int wfd, char *c)
{
	if (write(wfd, c, 1) != 1)
		bench_die("write");
	if (read(rfd, c, 1) != 1)
		bench_die("read");
}

int main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, 5000);
	long warm = n / 10;
	int to_child[2], to_parent[2];
	double start;
	char c = 'p';
	pid_t pid;

	if (pipe(to_child) < 0 || pipe(to_parent) < 0)
		bench_die("pipe");
	pid = fork();
	if (pid < 0)
		bench_die("fork");
	if (pid == 0) {
		/* Echo every byte back until the parent closes its end. */
		close(to_child[1]);
		close(to_parent[0]);
		while (read(to_child[0], &c, 1) == 1)
			if (write(to_parent[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	for (long i = 0; i < warm; i++)
		xfer(to_parent[0], to_child[1], &c);
	start = bench_now_ns();
	for (long i = 0; i < n; i++)
		xfer(to_parent[0], to_child[1], &c);
	bench_report("pipe_pingpong", start, n);
	close(to_child[1]);
	waitpid(pid, NULL, 0);
	return 0;
}
