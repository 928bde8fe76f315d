/* Parsing of runsc's global flags and the getopt helpers shared by verbs. */
#include "runsc/flags.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_ROOT = 256,
	OPT_DEBUG,
	OPT_DEBUG_LOG,
	OPT_LOG,
	OPT_LOG_FORMAT,
	OPT_PLATFORM,
	OPT_NETWORK,
	OPT_STRACE,
	OPT_STRACE_SYSCALLS,
	OPT_STRACE_LOG_SIZE,
	OPT_OVERLAY2,
	OPT_ROOTLESS,
	OPT_PTRACE_STRICT,
	OPT_SYSTRAP_REWRITE,
	OPT_AUDIT_LOG,
	OPT_SYSTEMD_CGROUP,
	OPT_VERSION,
	OPT_HELP,
};

static const struct option global_options[] = {
	{"root", required_argument, NULL, OPT_ROOT},
	{"debug", optional_argument, NULL, OPT_DEBUG},
	{"debug-log", required_argument, NULL, OPT_DEBUG_LOG},
	{"log", required_argument, NULL, OPT_LOG},
	{"log-format", required_argument, NULL, OPT_LOG_FORMAT},
	{"platform", required_argument, NULL, OPT_PLATFORM},
	{"network", required_argument, NULL, OPT_NETWORK},
	{"strace", optional_argument, NULL, OPT_STRACE},
	{"strace-syscalls", required_argument, NULL, OPT_STRACE_SYSCALLS},
	{"strace-log-size", required_argument, NULL, OPT_STRACE_LOG_SIZE},
	{"overlay2", required_argument, NULL, OPT_OVERLAY2},
	{"rootless", optional_argument, NULL, OPT_ROOTLESS},
	{"ptrace-strict", optional_argument, NULL, OPT_PTRACE_STRICT},
	{"systrap-rewrite", optional_argument, NULL, OPT_SYSTRAP_REWRITE},
	{"audit-log", required_argument, NULL, OPT_AUDIT_LOG},
	{"systemd-cgroup", optional_argument, NULL, OPT_SYSTEMD_CGROUP},
	{"version", optional_argument, NULL, OPT_VERSION},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

int runsc_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

int runsc_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE || v > SIZE_MAX)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	*out = (size_t)v;
	return 0;
}

void runsc_getopt_reset(void)
{
	optind = 0;
	opterr = 0;
}

int runsc_getopt_error(int c, char **argv, const char *verb, struct runsc_error *err)
{
	const char *arg = argv[optind - 1];
	char name[256];

	/* Name the flag as written, without any "=value". */
	snprintf(name, sizeof(name), "%s", arg ? arg : "?");
	name[strcspn(name, "=")] = '\0';
	if (c == ':')
		runsc_error_set(err, RUNSC_EXIT_USAGE, 0, "flag needs an argument: %s", name);
	else if (optopt != 0 && strncmp(name, "--", 2) != 0 && strlen(name) == 2)
		runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				"flag provided but not defined: -%c", optopt);
	else
		runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				"flag provided but not defined: %s", name);
	if (verb)
		runsc_error_prepend(err, "%s", verb);
	return -1;
}

int runsc_bool_flag(const char *name, const char *value, bool *out,
		    struct runsc_error *err)
{
	if (!value) {
		*out = true;
		return 0;
	}
	if (runsc_parse_bool(value, out) < 0)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "invalid boolean value \"%s\" for flag --%s", value, name);
	return 0;
}

static int parse_platform(const char *s, enum sandbox_platform *out,
			  struct runsc_error *err)
{
	if (strcmp(s, "ptrace") == 0)
		*out = PLATFORM_PTRACE;
	else if (strcmp(s, "seccomp-trap") == 0 || strcmp(s, "systrap") == 0)
		*out = PLATFORM_SECCOMP_TRAP;
	else
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "--platform=%s: unsupported platform (want ptrace, seccomp-trap or systrap)", s);
	return 0;
}

static int parse_network(const char *s, enum sandbox_network *out,
			 struct runsc_error *err)
{
	if (strcmp(s, "sandbox") == 0)
		*out = NETWORK_SANDBOX;
	else if (strcmp(s, "none") == 0)
		*out = NETWORK_NONE;
	else if (strcmp(s, "host") == 0)
		*out = NETWORK_HOST;
	else
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "--network=%s: invalid network type (want sandbox, host or none)", s);
	return 0;
}

/* gVisor's --overlay2 format: "none", or {root|all}:{memory|DIR}. */
static int parse_overlay2(const char *s, struct runsc_globals *g,
			  struct runsc_error *err)
{
	const char *colon = strchr(s, ':');
	const char *medium;
	size_t len;

	if (strcmp(s, "none") == 0) {
		g->overlay_root = g->overlay_all = false;
		g->overlay_filestore = NULL;
		return 0;
	}
	if (!colon)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "--overlay2=%s: expected {mount}:{medium} or none", s);
	len = (size_t)(colon - s);
	medium = colon + 1;
	if (len == 4 && strncmp(s, "root", 4) == 0) {
		g->overlay_root = true;
		g->overlay_all = false;
	} else if (len == 3 && strncmp(s, "all", 3) == 0) {
		g->overlay_root = g->overlay_all = true;
	} else {
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "--overlay2=%s: unknown mount \"%.*s\" (want root or all)",
				       s, (int)len, s);
	}
	if (strcmp(medium, "memory") == 0)
		g->overlay_filestore = NULL;
	else if (medium[0] == '/')
		g->overlay_filestore = medium;
	else
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "--overlay2=%s: medium must be \"memory\" or an absolute directory", s);
	return 0;
}

static void globals_defaults(struct runsc_globals *g)
{
	memset(g, 0, sizeof(*g));
	g->root = RUNSC_DEFAULT_ROOT;
	g->log_format = RUNSC_LOG_TEXT;
	g->platform = PLATFORM_SECCOMP_TRAP;
	g->systrap_rewrite = true;
	g->network = NETWORK_SANDBOX;
	g->strace_log_size = 1024;
	g->overlay_root = true; /* --overlay2=root:memory */
}

int runsc_parse_globals(int argc, char **argv, struct runsc_globals *g,
			struct runsc_error *err)
{
	int c;
	bool platform_given = false;

	globals_defaults(g);
	runsc_getopt_reset();
	/* '+': stop at the verb; ':': report a missing argument as ':'. */
	while ((c = getopt_long_only(argc, argv, "+:h", global_options, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT:
			g->root = optarg;
			break;
		case OPT_DEBUG:
			if (runsc_bool_flag("debug", optarg, &g->debug, err) < 0)
				return -1;
			break;
		case OPT_DEBUG_LOG:
			g->debug_log = optarg;
			break;
		case OPT_LOG:
			g->log = optarg;
			break;
		case OPT_LOG_FORMAT:
			if (strcmp(optarg, "text") == 0)
				g->log_format = RUNSC_LOG_TEXT;
			else if (strcmp(optarg, "json") == 0 || strcmp(optarg, "json-k8s") == 0)
				g->log_format = RUNSC_LOG_JSON;
			else
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "--log-format=%s: invalid log format (want text, json or json-k8s)",
						       optarg);
			break;
		case OPT_PLATFORM:
			platform_given = true;
			if (parse_platform(optarg, &g->platform, err) < 0)
				return -1;
			break;
		case OPT_NETWORK:
			if (parse_network(optarg, &g->network, err) < 0)
				return -1;
			break;
		case OPT_STRACE:
			if (runsc_bool_flag("strace", optarg, &g->strace, err) < 0)
				return -1;
			break;
		case OPT_STRACE_SYSCALLS:
			g->strace_syscalls = optarg;
			break;
		case OPT_STRACE_LOG_SIZE:
			if (runsc_parse_size(optarg, &g->strace_log_size) < 0)
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "--strace-log-size=%s: expected a number of bytes", optarg);
			break;
		case OPT_OVERLAY2:
			if (parse_overlay2(optarg, g, err) < 0)
				return -1;
			break;
		case OPT_ROOTLESS:
			if (runsc_bool_flag("rootless", optarg, &g->rootless, err) < 0)
				return -1;
			break;
		case OPT_PTRACE_STRICT:
			if (runsc_bool_flag("ptrace-strict", optarg, &g->ptrace_strict, err) < 0)
				return -1;
			break;
		case OPT_SYSTRAP_REWRITE:
			if (runsc_bool_flag("systrap-rewrite", optarg, &g->systrap_rewrite, err) < 0)
				return -1;
			break;
		case OPT_AUDIT_LOG:
			g->audit_log = optarg;
			break;
		case OPT_SYSTEMD_CGROUP:
			if (runsc_bool_flag("systemd-cgroup", optarg, &g->systemd_cgroup, err) < 0)
				return -1;
			break;
		case OPT_VERSION:
			if (runsc_bool_flag("version", optarg, &g->version, err) < 0)
				return -1;
			break;
		case 'h':
		case OPT_HELP:
			g->help = true;
			break;
		default:
			return runsc_getopt_error(c, argv, NULL, err);
		}
	}
	/* --ptrace-strict alone asks for the ptrace platform; with another
	 * --platform given explicitly it is a contradiction. */
	if (g->ptrace_strict && !platform_given)
		g->platform = PLATFORM_PTRACE;
	if (g->ptrace_strict && g->platform != PLATFORM_PTRACE)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "--ptrace-strict needs --platform=ptrace");
	return optind;
}
