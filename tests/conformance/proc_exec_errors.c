/* Conformance: execve error cases (ENOENT, EACCES, ENOEXEC, E2BIG, ...). */
#include "conf.h"

static void try_exec(const char *label, const char *path, char *const argv[], char *const envp[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		printf("%s: %s\n", label, ename(errno));
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		printf("%s: child %s\n", label, wstatus_str(st));
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	char *argv[] = { "x", NULL };
	char *envp[] = { NULL };
	try_exec("missing", "./missing", argv, envp);
	try_exec("missing dir", "./nodir/x", argv, envp);
	write_file("noexec", "#!/bin/sh\necho hi\n");
	chmod("noexec", 0644);
	try_exec("no x bit", "./noexec", argv, envp);
	write_file("garbage", "this is not an executable\n");
	chmod("garbage", 0755);
	try_exec("garbage", "./garbage", argv, envp);
	write_file("empty", "");
	chmod("empty", 0755);
	try_exec("empty file", "./empty", argv, envp);
	write_file("elfhead", "\177ELF\2\1\1");
	chmod("elfhead", 0755);
	try_exec("truncated ELF", "./elfhead", argv, envp);
	mkdir("dir", 0755);
	try_exec("directory", "./dir", argv, envp);
	try_exec("through file", "./garbage/x", argv, envp);
	try_exec("empty path", "", argv, envp);
	try_exec("EFAULT path", (char *)1, argv, envp);
	/* One argument longer than MAX_ARG_STRLEN (32 pages). */
	char *huge = malloc(200000);
	memset(huge, 'a', 199999);
	huge[199999] = 0;
	char *big1[] = { "true", huge, NULL };
	try_exec("arg > MAX_ARG_STRLEN", "/bin/true", big1, envp);
	/* Many args totalling more than the stack limit / 4. */
	struct rlimit rl;
	getrlimit(RLIMIT_STACK, &rl);
	int count = 4000;
	char **many = calloc(count + 2, sizeof(char *));
	huge[100000] = 0;
	many[0] = "true";
	for (int i = 1; i <= count; i++)
		many[i] = huge;
	try_exec("total args too big", "/bin/true", many, envp);
	/* A large but legal argv works. */
	huge[1000] = 0;
	for (int i = 1; i <= 100; i++)
		many[i] = huge;
	many[101] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		execve("/bin/true", many, envp);
		_exit(127);
	}
	printf("100 args of 1000 bytes: %s\n", wait_child(pid));
	/* Failed exec leaves the process intact. */
	errno = 0;
	int r = execve("./missing", argv, envp);
	printf("failed exec in parent returns: %d %s\n", r, ename(errno));
	return conf_end();
}
