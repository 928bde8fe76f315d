/* Conformance: /proc/self: status, cmdline, exe, stat, maps, environ. */
#include "conf.h"

int main(int argc, char **argv)
{
	conf_init();
	char buf[65536];
	char *line;
	read_file("/proc/self/status", buf, sizeof buf);
	const char *fields[] = { "Name:", "State:", "Tgid:", "Pid:", "PPid:", "Uid:", "Gid:", "Threads:",
				 "SigBlk:", "SigIgn:", "SigCgt:", "VmRSS:" };
	for (unsigned i = 0; i < sizeof fields / sizeof fields[0]; i++)
		printf("status has %s %s\n", fields[i], yesno(strstr(buf, fields[i]) != NULL));
	line = strstr(buf, "Name:");
	if (line)
		printf("%.*s\n", (int)strcspn(line, "\n"), line);
	line = strstr(buf, "\nPid:");
	printf("Pid matches getpid: %s\n", yesno(line && atoi(line + 5) == getpid()));
	line = strstr(buf, "\nPPid:");
	printf("PPid matches getppid: %s\n", yesno(line && atoi(line + 6) == getppid()));
	line = strstr(buf, "State:");
	if (line)
		printf("%.*s\n", (int)strcspn(line, "\n"), line);
	line = strstr(buf, "Threads:");
	if (line)
		printf("%.*s\n", (int)strcspn(line, "\n"), line);
	ssize_t n = read_file("/proc/self/cmdline", buf, sizeof buf);
	int nuls = 0;
	for (ssize_t i = 0; i < n; i++)
		nuls += buf[i] == 0;
	printf("cmdline args: %d\n", nuls);
	const char *b0 = strrchr(buf, '/');
	printf("cmdline argv0 basename: %s\n", b0 ? b0 + 1 : buf);
	char link[PATH_MAX] = { 0 };
	readlink("/proc/self/exe", link, sizeof link - 1);
	const char *eb = strrchr(link, '/');
	printf("exe basename: %s\n", eb ? eb + 1 : link);
	printf("exe is absolute: %s\n", yesno(link[0] == '/'));
	memset(link, 0, sizeof link);
	readlink("/proc/self", link, sizeof link - 1);
	printf("/proc/self -> pid: %s\n", yesno(atoi(link) == getpid()));
	read_file("/proc/self/stat", buf, sizeof buf);
	char *rp = strrchr(buf, ')');
	char *lp = strchr(buf, '(');
	printf("stat pid field: %s\n", yesno(atoi(buf) == getpid()));
	if (lp && rp)
		printf("stat comm: %.*s state: %c\n", (int)(rp - lp + 1), lp, rp[2]);
	int ppid = 0, pgrp = 0;
	if (rp)
		sscanf(rp + 4, "%d %d", &ppid, &pgrp);
	printf("stat ppid ok: %s pgrp ok: %s\n", yesno(ppid == getppid()), yesno(pgrp == getpgrp()));
	read_file("/proc/self/maps", buf, sizeof buf);
	printf("maps mentions program: %s\n", yesno(strstr(buf, "procfs_self") != NULL));
	printf("maps has [stack]: %s\n", yesno(strstr(buf, "[stack]") != NULL));
	printf("maps has r-xp: %s\n", yesno(strstr(buf, "r-xp") != NULL));
	printf("maps has libc: %s\n", yesno(strstr(buf, "libc") != NULL));
	n = read_file("/proc/self/environ", buf, sizeof buf);
	printf("environ readable: %s\n", yesno(n >= 0));
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", getpid());
	printf("/proc/<pid>/status readable: %s\n", yesno(read_file(path, buf, sizeof buf) > 0));
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", getpid(), gettid());
	printf("/proc/<pid>/task/<tid>/stat readable: %s\n", yesno(read_file(path, buf, sizeof buf) > 0));
	printf("/proc/thread-self exists: %s\n", yesno(access("/proc/thread-self/stat", R_OK) == 0));
	struct stat st;
	EXPECT_ERR("/proc/<bogus pid>", stat("/proc/999999999", &st), ENOENT);
	/* A child's /proc entry shows its own name after exec. */
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[0], 0);
		execl("/bin/sleep", "sleep", "5", (char *)NULL);
		_exit(127);
	}
	sleep_ms(100);
	snprintf(path, sizeof path, "/proc/%d/comm", pid);
	read_file(path, buf, sizeof buf);
	printf("child comm: %s", buf);
	snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
	n = read_file(path, buf, sizeof buf);
	for (ssize_t i = 0; i < n - 1; i++)
		if (!buf[i])
			buf[i] = ' ';
	printf("child cmdline: %s\n", buf);
	kill(pid, SIGKILL);
	wait_child(pid);
	printf("child entry gone after reap: %s\n", yesno(access(path, F_OK) != 0));
	return conf_end();
}
