/* The contract between the runsc CLI and the sentry: what one sandbox runs.
 *
 * runsc builds a struct sandbox_spec (from `runsc do` flags or an OCI
 * bundle's config.json plus the global flags) and calls sentry_run(), which
 * boots the kernel, starts the first process and returns when the sandbox is
 * gone. runsc owns every pointer in the spec (it allocates and frees them,
 * see runsc/spec_build.h); the sentry copies what it keeps. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

enum sandbox_platform {
	PLATFORM_PTRACE,       /* --platform=ptrace (default) */
	PLATFORM_SECCOMP_TRAP, /* --platform=seccomp-trap, alias systrap */
};

enum sandbox_network {
	NETWORK_SANDBOX, /* --network=sandbox (gVisor's default): our netstack */
	NETWORK_NONE,    /* --network=none: loopback only */
	NETWORK_HOST,    /* --network=host: the sentry makes host socket calls */
};

/* An OCI mount (config.json "mounts"), applied in order inside the sandbox. */
struct sandbox_mount {
	char *destination; /* absolute path inside the sandbox */
	char *type;        /* "proc", "tmpfs", "bind", ...; NULL if absent */
	char *source;      /* NULL if absent */
	char **options;    /* NULL-terminated, never NULL */
};

struct sandbox_spec {
	/* ---- The first process. */
	char **argv;     /* NULL-terminated, argv[0] non-NULL. argv[0] without a
			  * '/' is searched in the sandbox's PATH (from envp, or
			  * the default path) by the sentry. */
	char **envp;     /* NULL-terminated */
	char *cwd;       /* absolute path inside the sandbox */
	uid_t uid;
	gid_t gid;
	gid_t *additional_gids;
	size_t n_additional_gids;
	/* Every limit the first process starts with: runsc fills all of them
	 * (the caller's own soft/hard values, overridden by config.json). */
	struct rlimit rlimits[RLIM_NLIMITS];
	bool no_new_privs;
	bool terminal; /* config.json process.terminal (stdio is a tty) */
	/* Host fds that become the app's fds 0, 1, 2 (the caller's own open
	 * file descriptions: offsets and O_APPEND are shared). */
	int stdio_fds[3];

	/* ---- File system. */
	char *host_root;          /* absolute host path of the root ("/" for do) */
	bool root_readonly_lower; /* overlay: host root read-only below, an
				   * in-memory (or overlay_filestore) upper */
	bool root_readonly;       /* config.json root.readonly: EROFS on / */
	bool overlay_all;         /* --overlay2=all:...: bind mounts too */
	char *overlay_filestore;  /* --overlay2=X:DIR; NULL: memory */
	/* NULL (and n_mounts 0) for `do`: the sentry mounts its standard set
	 * (/proc, /sys, /dev, /dev/pts, /dev/shm, /tmp) as gVisor does. */
	struct sandbox_mount *mounts;
	size_t n_mounts;
	char **masked_paths;   /* NULL-terminated or NULL */
	char **readonly_paths; /* NULL-terminated or NULL */

	/* ---- Identity and platform. */
	char *hostname; /* NULL: the sentry's default */
	enum sandbox_platform platform;
	bool ptrace_strict; /* ptrace: PTRACE_SYSEMU traps every syscall */
	bool systrap_rewrite; /* seccomp-trap: patch syscall sites (fast path) */
	enum sandbox_network network;
	bool rootless;

	/* ---- Auditing and logs. */
	bool debug;        /* --debug: sentry debug messages to debug_log_fd */
	bool strace;       /* --strace */
	char **strace_syscalls; /* NULL-terminated names; NULL: trace all */
	size_t strace_log_size; /* bytes of data arguments printed (1024) */
	/* Where strace lines and debug messages go: a host fd opened by runsc
	 * from --debug-log (O_APPEND), or -1 for stderr. debug_log is its
	 * path, for messages. */
	int debug_log_fd;
	char *debug_log;
	/* JSON-lines audit log of every syscall (--audit-log), or -1/NULL. */
	int audit_log_fd;
	char *audit_log;
};

/* Runs the sandbox described by spec to completion. Returns the first
 * process's exit status (0..255, 128+N when a signal N killed it) once the
 * sandbox is gone, or -errno when it could not start: -ENOENT when argv[0]
 * is not found (runsc prints "CMD: No such file or directory", exit 127),
 * -EACCES / -ENOEXEC when it cannot be executed (exit 126), any other
 * -errno when the sandbox itself could not be set up (for example -EPERM
 * when ptrace is not permitted); the sentry may have logged details. */
int sentry_run(const struct sandbox_spec *spec);
