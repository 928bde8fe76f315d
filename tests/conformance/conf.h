/* Shared helpers for the conformance programs in tests/conformance/.
 *
 * Every program runs twice, natively and inside the sandbox, and the two
 * stdouts must be identical.  So programs print only derived, deterministic
 * facts ("errno=ENOENT", "size: 10", "pid>0: yes"), never pids, addresses,
 * inode numbers, times or host paths.  These helpers make that the easy way:
 * results are printed with errno *names*, the process starts from a known
 * state (fds >= 3 closed, default signal dispositions, umask 022, unbuffered
 * stdout so forked children never duplicate buffered output), and scratch
 * files live in a private mkdtemp() directory that becomes the cwd. */
#ifndef CONF_H
#define CONF_H

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int conf_failures;
static pid_t conf_owner;
static char conf_dir[64];

/* errno value -> its symbolic name ("ENOENT"), "0" for success. */
static inline const char *ename(int e)
{
	if (e == 0)
		return "0";
	const char *n = strerrorname_np(e);
	return n ? n : "E?";
}

static inline const char *yesno(int b) { return b ? "yes" : "no"; }

/* Print "label: ok" or "label: FAIL" and count failures. */
static inline int conf_check(const char *label, int ok)
{
	printf("%s: %s\n", label, ok ? "ok" : "FAIL");
	if (!ok)
		conf_failures++;
	return ok;
}
#define CHECK(label, cond) conf_check((label), !!(cond))

/* The expression must succeed (return >= 0); prints ok or the errno. */
static inline long conf_ok(const char *label, long r, int err)
{
	if (r < 0) {
		printf("%s: FAIL errno=%s\n", label, ename(err));
		conf_failures++;
	} else {
		printf("%s: ok\n", label);
	}
	return r;
}
#define EXPECT_OK(label, expr)                                                \
	({                                                                    \
		errno = 0;                                                    \
		long r_ = (long)(expr);                                       \
		conf_ok((label), r_, errno);                                  \
	})

/* The expression must fail with -1 and errno == want. */
static inline void conf_err(const char *label, long r, int err, int want)
{
	if (r == -1 && err == want) {
		printf("%s: errno=%s\n", label, ename(err));
	} else {
		printf("%s: FAIL ret=%ld errno=%s want %s\n", label, r,
		       ename(err), ename(want));
		conf_failures++;
	}
}
#define EXPECT_ERR(label, expr, want)                                         \
	do {                                                                  \
		errno = 0;                                                    \
		long r_ = (long)(expr);                                       \
		conf_err((label), r_, errno, (want));                         \
	} while (0)

/* Two integers must be equal; prints the value so a diff shows it. */
static inline void conf_eq(const char *label, long got, long want)
{
	if (got == want) {
		printf("%s: %ld\n", label, got);
	} else {
		printf("%s: FAIL got %ld want %ld\n", label, got, want);
		conf_failures++;
	}
}
#define EXPECT_EQ(label, got, want) conf_eq((label), (long)(got), (long)(want))

static inline void conf_streq(const char *label, const char *got,
			      const char *want)
{
	if (got && strcmp(got, want) == 0) {
		printf("%s: \"%s\"\n", label, got);
	} else {
		printf("%s: FAIL got \"%s\" want \"%s\"\n", label,
		       got ? got : "(null)", want);
		conf_failures++;
	}
}
#define EXPECT_STR(label, got, want) conf_streq((label), (got), (want))

static inline long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Forks a child that sends sig to this process after ms milliseconds,
 * then exits; returns the child's pid. */
static inline pid_t conf_signal_later(int sig, long ms)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(ms);
		kill(parent, sig);
		_exit(0);
	}
	return pid;
}

/* Signal number -> "TERM", "USR1", or "RT34" for real-time signals. */
static inline const char *signame(int sig)
{
	static char buf[4][16];
	static int slot;
	char *b = buf[slot++ & 3];
	const char *n = (sig > 0 && sig < 32) ? sigabbrev_np(sig) : NULL;
	if (n)
		snprintf(b, 16, "%s", n);
	else
		snprintf(b, 16, "RT%d", sig);
	return b;
}

/* Decode a wait status into a deterministic word. */
static inline const char *wstatus_str(int st)
{
	static char buf[64];
	if (WIFEXITED(st))
		snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof buf, "killed %s", signame(WTERMSIG(st)));
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof buf, "stopped %s", signame(WSTOPSIG(st)));
	else if (WIFCONTINUED(st))
		snprintf(buf, sizeof buf, "continued");
	else
		snprintf(buf, sizeof buf, "status 0x%x", st);
	return buf;
}

/* Wait for one specific child and return its decoded status. */
static inline const char *wait_child(pid_t pid)
{
	int st = 0;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return "waitpid failed";
	}
	return wstatus_str(st);
}

static inline int conf_rm_one(const char *path, const struct stat *sb, int flag,
		       struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	remove(path);
	return 0;
}

static inline void conf_cleanup(void)
{
	if (getpid() != conf_owner || !conf_dir[0])
		return;
	if (chdir("/") == 0)
		nftw(conf_dir, conf_rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

/* Known starting state; call first in main(). */
static inline void conf_init(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	conf_owner = getpid();
	if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaction(s, &sa, NULL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	umask(022);
}

/* Create a private scratch directory under base (e.g. "/tmp") and chdir
 * into it; removed at exit by the process that created it (never by forked
 * children). */
static inline void conf_tmpdir_at(const char *base)
{
	snprintf(conf_dir, sizeof conf_dir, "%s/conf.XXXXXX", base);
	if (!mkdtemp(conf_dir) || chdir(conf_dir) != 0) {
		printf("tmpdir: FAIL errno=%s\n", ename(errno));
		exit(2);
	}
	atexit(conf_cleanup);
}

static inline void conf_tmpdir(void) { conf_tmpdir_at("/tmp"); }

/* conf_tmpdir, with conf_dir then resolved as the kernel reports it
 * (getcwd, /proc/self/fd): /tmp may itself be a symlink. */
static inline void conf_tmpdir_resolved(void)
{
	char real[PATH_MAX];
	conf_tmpdir();
	if (realpath(conf_dir, real))
		strcpy(conf_dir, real);
}

/* The rest of path after the scratch directory, to print as "<tmp>REST";
 * NULL when path is not under it. */
static inline const char *conf_tmp_rest(const char *path)
{
	size_t n = strlen(conf_dir);
	return strncmp(path, conf_dir, n) == 0 ? path + n : NULL;
}

/* Write a whole string to a new file (mode 0644); returns 0 or -1. */
static inline int write_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	size_t n = strlen(data);
	ssize_t w = write(fd, data, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

/* Read up to cap-1 bytes of a file into buf (NUL-terminated); returns len. */
static inline ssize_t read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off + 1 < cap) {
		ssize_t r = read(fd, buf + off, cap - 1 - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	buf[off] = 0;
	close(fd);
	return (ssize_t)off;
}

/* AF_UNIX addresses (the unix_* programs). */

/* A path address; returns its length counting the NUL, as Linux does. */
static inline socklen_t unix_path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

/* An abstract address "\0PREFIX-PID" (the pid keeps parallel runs apart
 * and is never printed); returns its exact length, without a NUL. The
 * name itself is then the string at a->sun_path + 1. */
static inline socklen_t unix_abstract_addr(struct sockaddr_un *a, const char *prefix)
{
	char name[64];
	int nlen = snprintf(name, sizeof name, "%s-%d", prefix, getpid());
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, nlen);
	return offsetof(struct sockaddr_un, sun_path) + 1 + nlen;
}

/* Prints "label: " and the line a child wrote to the pipe fd (or
 * "(nothing)"), then closes fd. */
static inline void print_pipe_line(int fd, const char *label)
{
	char buf[128] = { 0 };
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	printf("%s: %s", label, n > 0 ? buf : "(nothing)\n");
}

static inline int conf_end(void)
{
	if (conf_failures)
		printf("failures: %d\n", conf_failures);
	return conf_failures ? 1 : 0;
}

#endif
