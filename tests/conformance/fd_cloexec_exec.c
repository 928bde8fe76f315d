/* Conformance: FD_CLOEXEC descriptors close across execve, others survive. */
#include "conf.h"

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "report") == 0) {
		/* Re-executed image: report which fds are open. */
		for (int fd = 3; fd <= 8; fd++)
			printf("after exec fd %d: %s\n", fd, fcntl(fd, F_GETFD) >= 0 ? "open" : ename(errno));
		char c = 0;
		if (read(4, &c, 1) == 1)
			printf("offset shared across exec: read '%c'\n", c);
		return 0;
	}
	conf_init();
	conf_tmpdir();
	write_file("f", "abcdef");
	int a = open("f", O_RDONLY);                 /* 3: survives */
	int b = open("f", O_RDONLY);                 /* 4: survives, offset moved */
	int c = open("f", O_RDONLY | O_CLOEXEC);     /* 5: closed */
	int d = open("f", O_RDONLY);                 /* 6: set cloexec via F_SETFD */
	fcntl(d, F_SETFD, FD_CLOEXEC);
	int e = fcntl(a, F_DUPFD_CLOEXEC, 7);        /* 7: closed */
	int f = dup(c);                              /* 8: dup has no cloexec */
	printf("fds: %d %d %d %d %d %d\n", a, b, c, d, e, f);
	char ch;
	read(b, &ch, 1);
	read(b, &ch, 1);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "fd_cloexec_exec", "report", (char *)NULL);
		printf("exec failed: %s\n", ename(errno));
		_exit(127);
	}
	printf("child: %s\n", wait_child(pid));
	return conf_end();
}
