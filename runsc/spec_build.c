/* Building and freeing struct sandbox_spec: defaults, global flags, the
 * environment and log files. */
#include "runsc/spec_build.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "syscalls/table.h"

size_t runsc_strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

void runsc_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

char **runsc_strv_dup(char *const *v)
{
	size_t n = runsc_strv_len(v);
	char **copy = calloc(n + 1, sizeof(*copy));

	if (!copy)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		copy[i] = strdup(v[i]);
		if (!copy[i]) {
			runsc_strv_free(copy);
			return NULL;
		}
	}
	return copy;
}

int runsc_split_list(const char *s, char ***out)
{
	size_t n = 1;
	char **v;
	const char *p = s;

	for (const char *q = s; *q; q++)
		n += *q == ',';
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(p, ",");

		if (len == 0) {
			runsc_strv_free(v);
			return -EINVAL;
		}
		v[i] = strndup(p, len);
		if (!v[i]) {
			runsc_strv_free(v);
			return -ENOMEM;
		}
		p += len + 1;
	}
	*out = v;
	return 0;
}

/* Index of the entry of env (n entries) with the same key as kv, or -1. */
static long env_find(char *const *env, size_t n, const char *kv)
{
	size_t klen = strcspn(kv, "=");

	for (size_t i = 0; i < n; i++)
		if (strncmp(env[i], kv, klen) == 0 && env[i][klen] == '=')
			return (long)i;
	return -1;
}

char **runsc_env_merge(char *const *env, char *const *overrides)
{
	size_t n = runsc_strv_len(env), extra = runsc_strv_len(overrides);
	char **out = calloc(n + extra + 1, sizeof(*out));
	size_t len = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		out[len] = strdup(env[i]);
		if (!out[len])
			goto fail;
		len++;
	}
	for (size_t i = 0; i < extra; i++) {
		long at = env_find(out, len, overrides[i]);
		char *copy = strdup(overrides[i]);

		if (!copy)
			goto fail;
		if (at >= 0) {
			free(out[at]);
			out[at] = copy;
		} else {
			out[len++] = copy;
		}
	}
	return out;
fail:
	runsc_strv_free(out);
	return NULL;
}

int runsc_spec_init(struct sandbox_spec *spec, struct runsc_error *err)
{
	memset(spec, 0, sizeof(*spec));
	for (int r = 0; r < RLIM_NLIMITS; r++) {
		if (getrlimit(r, &spec->rlimits[r]) < 0)
			return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "getrlimit(%d)", r);
	}
	for (int fd = 0; fd < 3; fd++)
		spec->stdio_fds[fd] = fd;
	spec->platform = PLATFORM_SECCOMP_TRAP;
	spec->systrap_rewrite = true;
	spec->network = NETWORK_SANDBOX;
	spec->root_readonly_lower = true;
	spec->strace_log_size = 1024;
	spec->debug_log_fd = -1;
	spec->audit_log_fd = -1;
	return 0;
}

void runsc_spec_free(struct sandbox_spec *spec)
{
	runsc_strv_free(spec->argv);
	runsc_strv_free(spec->envp);
	free(spec->cwd);
	free(spec->additional_gids);
	free(spec->host_root);
	free(spec->overlay_filestore);
	for (size_t i = 0; i < spec->n_mounts; i++) {
		free(spec->mounts[i].destination);
		free(spec->mounts[i].type);
		free(spec->mounts[i].source);
		runsc_strv_free(spec->mounts[i].options);
	}
	free(spec->mounts);
	runsc_strv_free(spec->masked_paths);
	runsc_strv_free(spec->readonly_paths);
	free(spec->hostname);
	runsc_strv_free(spec->strace_syscalls);
	if (spec->debug_log_fd >= 0)
		close(spec->debug_log_fd);
	free(spec->debug_log);
	if (spec->audit_log_fd >= 0)
		close(spec->audit_log_fd);
	free(spec->audit_log);
	memset(spec, 0, sizeof(*spec));
	spec->debug_log_fd = spec->audit_log_fd = -1;
}

static int dup_opt(char **dst, const char *src, struct runsc_error *err)
{
	if (!src)
		return 0;
	*dst = strdup(src);
	if (!*dst)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "copying flags");
	return 0;
}

int runsc_spec_apply_globals(struct sandbox_spec *spec, const struct runsc_globals *g,
			     struct runsc_error *err)
{
	spec->platform = g->platform;
	spec->ptrace_strict = g->ptrace_strict;
	spec->systrap_rewrite = g->systrap_rewrite;
	spec->network = g->network;
	spec->rootless = g->rootless;
	spec->debug = g->debug;
	spec->strace = g->strace;
	spec->strace_log_size = g->strace_log_size;
	spec->root_readonly_lower = g->overlay_root;
	spec->overlay_all = g->overlay_all;
	if (dup_opt(&spec->overlay_filestore, g->overlay_filestore, err) < 0 ||
	    dup_opt(&spec->debug_log, g->debug_log, err) < 0 ||
	    dup_opt(&spec->audit_log, g->audit_log, err) < 0)
		return -1;
	if (g->strace_syscalls && g->strace_syscalls[0] != '\0') {
		int rc = runsc_split_list(g->strace_syscalls, &spec->strace_syscalls);

		if (rc == -EINVAL)
			return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
					       "--strace-syscalls=%s: empty syscall name in the list",
					       g->strace_syscalls);
		if (rc < 0)
			return runsc_error_set(err, RUNSC_EXIT_FAILURE, -rc, "--strace-syscalls");
		/* gVisor refuses names it does not know; so do we (a typo would
		 * otherwise silently trace nothing). */
		for (char **name = spec->strace_syscalls; *name; name++)
			if (!syscall_desc_by_name(*name))
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "--strace-syscalls: unknown syscall \"%s\"", *name);
	}
	return 0;
}

/* Appends src to the buffer (bounded); returns false when it does not fit. */
static bool append(char *buf, size_t size, size_t *len, const char *src, size_t n)
{
	if (*len + n >= size)
		return false;
	memcpy(buf + *len, src, n);
	*len += n;
	buf[*len] = '\0';
	return true;
}

/* gVisor's debug-log name expansion (%TIMESTAMP%, %COMMAND%, trailing '/'). */
static int expand_log_path(const char *path, const char *command, char *out,
			   size_t size)
{
	char stamp[64];
	struct timespec now;
	struct tm tm;
	size_t len = 0;
	char pattern[4096];

	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	snprintf(stamp, sizeof(stamp), "%04d%02d%02d-%02d%02d%02d.%06ld",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, now.tv_nsec / 1000);
	if (snprintf(pattern, sizeof(pattern), "%s%s", path,
		     path[0] && path[strlen(path) - 1] == '/' ?
		     "runsc.log.%TIMESTAMP%.%COMMAND%.txt" : "") >= (int)sizeof(pattern))
		return -ENAMETOOLONG;
	out[0] = '\0';
	for (const char *p = pattern; *p;) {
		bool ok;

		if (strncmp(p, "%TIMESTAMP%", 11) == 0) {
			ok = append(out, size, &len, stamp, strlen(stamp));
			p += 11;
		} else if (strncmp(p, "%COMMAND%", 9) == 0) {
			ok = append(out, size, &len, command, strlen(command));
			p += 9;
		} else {
			ok = append(out, size, &len, p, 1);
			p++;
		}
		if (!ok)
			return -ENAMETOOLONG;
	}
	return 0;
}

static int open_log(const char *flag, char **path, const char *command, int *fd,
		    struct runsc_error *err)
{
	char expanded[4096];
	int rc;

	if (!*path)
		return 0;
	rc = expand_log_path(*path, command, expanded, sizeof(expanded));
	if (rc < 0)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, -rc, "--%s=%s", flag, *path);
	*fd = open(expanded, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0644);
	if (*fd < 0)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "--%s: open %s",
				       flag, expanded);
	free(*path);
	*path = strdup(expanded);
	if (!*path)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "--%s", flag);
	return 0;
}

int runsc_spec_open_logs(struct sandbox_spec *spec, const char *command,
			 struct runsc_error *err)
{
	if (open_log("debug-log", &spec->debug_log, command, &spec->debug_log_fd, err) < 0)
		return -1;
	return open_log("audit-log", &spec->audit_log, command, &spec->audit_log_fd, err);
}
