/* fork_exec: fork, exec /bin/true (ELF loading, dynamic linking of a small
 * program) and reap it. Usage: fork_exec [ITERATIONS] */
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

extern char **environ;

static void once(void)
{
	static char *const args[] = {"/bin/true", NULL};
	int status;
	pid_t pid = fork();

	if (pid < 0)
		bench_die("fork");
	if (pid == 0) {
		execve(args[0], args, environ);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		bench_die("exec /bin/true");
}

int main(int argc, char **argv)
{
	bench_run("fork_exec", bench_iterations(argc, argv, 100), once);
	return 0;
}
