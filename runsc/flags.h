/* Global flags (gVisor's names, given before the verb) and the helpers every
 * verb uses to parse its own flags with getopt_long_only, so that both
 * `-flag` and `--flag`, `--flag=value` and `--flag value`, and Go's boolean
 * forms (`--debug`, `--debug=false`) work as they do with gVisor's runsc. */
#pragma once
#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include "runsc/error.h"
#include "sentry/sandbox.h"

#define RUNSC_DEFAULT_ROOT "/var/run/runsc"
#define RUNSC_VERSION "0.1.0"
#define RUNSC_OCI_VERSION "1.0.2-dev"

enum runsc_log_format { RUNSC_LOG_TEXT, RUNSC_LOG_JSON };

/* The parsed global flags. Strings point into argv (nothing is owned). */
struct runsc_globals {
	const char *root;        /* --root: state directory */
	bool debug;              /* --debug */
	const char *debug_log;   /* --debug-log */
	const char *log;         /* --log: runsc's own log (errors) */
	enum runsc_log_format log_format; /* --log-format text|json|json-k8s */
	enum sandbox_platform platform;   /* --platform */
	enum sandbox_network network;     /* --network */
	bool strace;             /* --strace */
	const char *strace_syscalls; /* --strace-syscalls (comma separated) */
	size_t strace_log_size;  /* --strace-log-size */
	/* --overlay2={root|all}:{memory|DIR} or none */
	bool overlay_root, overlay_all;
	const char *overlay_filestore; /* NULL: memory */
	bool rootless;           /* --rootless */
	bool ptrace_strict;      /* --ptrace-strict (ours) */
	bool systrap_rewrite;    /* --systrap-rewrite (ours, default true) */
	const char *audit_log;   /* --audit-log (ours) */
	bool systemd_cgroup;     /* --systemd-cgroup: accepted, no cgroups yet */
	bool version;            /* --version */
	bool help;               /* --help / -h */
};

/* Fills g with the defaults, then parses the global flags of argv (argv[0]
 * is the program name). Returns the index of the verb (argc if there is
 * none), or -1 with err set (status RUNSC_EXIT_USAGE for bad flags). */
int runsc_parse_globals(int argc, char **argv, struct runsc_globals *g,
			struct runsc_error *err);

/* Go's strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False. */
int runsc_parse_bool(const char *s, bool *out);
/* A decimal unsigned number with no sign, spaces or trailing junk. */
int runsc_parse_size(const char *s, size_t *out);

/* Starts a fresh getopt scan (glibc: optind = 0 also resets its state). */
void runsc_getopt_reset(void);
/* Turns getopt's '?' / ':' result into Go-style messages ("flag provided
 * but not defined: -x", "flag needs an argument: -x") naming verb. Returns
 * -1 with err set (status RUNSC_EXIT_USAGE). */
int runsc_getopt_error(int c, char **argv, const char *verb, struct runsc_error *err);
/* Reads the value of an optional-argument boolean flag (NULL: true). */
int runsc_bool_flag(const char *name, const char *value, bool *out,
		    struct runsc_error *err);
