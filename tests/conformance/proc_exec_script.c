/* Conformance: execve of "#!" scripts: interpreter, optional argument, argv layout. */
#include "conf.h"

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "as-interp") == 0) {
		/* We are the interpreter: argv = [interp, "as-interp", script, args...] */
		printf("interp argc=%d\n", argc);
		for (int i = 1; i < argc; i++) {
			const char *a = argv[i];
			const char *slash = strrchr(a, '/');
			printf("interp argv[%d]=%s\n", i, i == 2 && slash ? slash + 1 : a);
		}
		return 0;
	}
	conf_init();
	conf_tmpdir();
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0)
		return 1;
	self[n] = 0;
	char script[PATH_MAX + 64];
	snprintf(script, sizeof script, "#!%s as-interp\nignored body\n", self);
	write_file("s1", script);
	chmod("s1", 0755);
	pid_t pid = fork();
	if (pid == 0) {
		execl("./s1", "s1", "one", "two", (char *)NULL);
		printf("exec s1: %s\n", ename(errno));
		_exit(127);
	}
	printf("s1: %s\n", wait_child(pid));
	write_file("s2", "#!/bin/sh\necho \"sh script: $0 $# $1\" | sed 's|.*/||'\nexit 7\n");
	chmod("s2", 0755);
	pid = fork();
	if (pid == 0) {
		execl("./s2", "s2", "arg", (char *)NULL);
		_exit(127);
	}
	printf("s2: %s\n", wait_child(pid));
	write_file("s3", "#!   /bin/sh   \necho spaces ok\n");
	chmod("s3", 0755);
	pid = fork();
	if (pid == 0) {
		execl("./s3", "s3", (char *)NULL);
		_exit(127);
	}
	printf("s3: %s\n", wait_child(pid));
	write_file("s4", "#!/nonexistent/interp\n");
	chmod("s4", 0755);
	pid = fork();
	if (pid == 0) {
		execl("./s4", "s4", (char *)NULL);
		printf("missing interpreter: %s\n", ename(errno));
		_exit(0);
	}
	wait_child(pid);
	/* Nested: script whose interpreter is a script (allowed, depth-limited). */
	write_file("s5", "#!./s2\n");
	chmod("s5", 0755);
	pid = fork();
	if (pid == 0) {
		execl("./s5", "s5", (char *)NULL);
		printf("nested script: %s\n", ename(errno));
		_exit(127);
	}
	printf("s5: %s\n", wait_child(pid));
	/* Script loop: each names itself as interpreter -> ELOOP. */
	write_file("s6", "#!./s6\n");
	chmod("s6", 0755);
	pid = fork();
	if (pid == 0) {
		execl("./s6", "s6", (char *)NULL);
		printf("self-interpreting script: %s\n", ename(errno));
		_exit(0);
	}
	wait_child(pid);
	return conf_end();
}
