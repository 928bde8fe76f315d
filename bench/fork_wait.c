/* fork_wait: fork a child that exits at once, and reap it: process
 * creation (address-space copy) and exit/wait. Usage: fork_wait [ITERATIONS] */
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

static void once(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		bench_die("fork");
	if (pid == 0)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		bench_die("waitpid");
}

int main(int argc, char **argv)
{
	bench_run("fork_wait", bench_iterations(argc, argv, 300), once);
	return 0;
}
