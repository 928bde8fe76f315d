/* Conformance: argv and envp reach the new image intact. */
#include "conf.h"

extern char **environ;

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "show") == 0) {
		printf("argc=%d argv0=%s\n", argc, argv[0]);
		for (int i = 2; i < argc; i++)
			printf("argv[%d]=\"%s\" len=%zu\n", i, argv[i], strlen(argv[i]));
		int n = 0;
		for (char **e = environ; *e; e++, n++)
			printf("env: %s\n", *e);
		printf("envc=%d\n", n);
		printf("argv[argc] is NULL: %s\n", yesno(argv[argc] == NULL));
		return 0;
	}
	conf_init();
	char *args[] = { "custom-argv0", "show", "", "with space", "tab\there", "utf8 ✓", NULL };
	char *env[] = { "A=1", "EMPTY=", "NOEQUALS", "A=2", "PATH=/bin", NULL };
	pid_t pid = fork();
	if (pid == 0) {
		execve("/proc/self/exe", args, env);
		_exit(127);
	}
	printf("child: %s\n", wait_child(pid));
	char *noenv[] = { NULL };
	char *args2[] = { "second", "show", NULL };
	pid = fork();
	if (pid == 0) {
		execve("/proc/self/exe", args2, noenv);
		_exit(127);
	}
	printf("child: %s\n", wait_child(pid));
	/* NULL envp is treated as empty by Linux. */
	pid = fork();
	if (pid == 0) {
		syscall(SYS_execve, "/proc/self/exe", args2, NULL);
		_exit(127);
	}
	printf("child (NULL envp): %s\n", wait_child(pid));
	/* AT_EXECFN-style: exec by relative path via execveat. */
	pid = fork();
	if (pid == 0) {
		int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
		syscall(SYS_execveat, fd, "", args2, noenv, AT_EMPTY_PATH);
		printf("execveat: %s\n", ename(errno));
		_exit(127);
	}
	printf("child (execveat fd): %s\n", wait_child(pid));
	return conf_end();
}
