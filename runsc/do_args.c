/* `runsc do` flags: gVisor's (--cwd, --root, --force-overlay, --quiet)
 * plus --env K=V (ours: gVisor's do has no way to add variables). */
#define _GNU_SOURCE /* asprintf */
#include "runsc/do_args.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runsc/cleanup.h"
#include "runsc/spec_build.h"

extern char **environ;

const char runsc_do_usage[] =
	"Usage: runsc [global flags] do [flags] CMD [ARG...]\n"
	"\n"
	"Runs CMD in a sandbox whose root is the host's file system (or --root),\n"
	"read-only below a writable in-memory overlay, so the command cannot\n"
	"change host files. The command gets the caller's environment, current\n"
	"directory and host name, runs as root inside the sandbox, and its exit\n"
	"status is runsc's exit status (128+N when signal N killed it).\n"
	"runsc's own exit status is 127 when CMD is not found, 126 when it\n"
	"cannot be executed, 125 when the sandbox could not be started.\n"
	"\n"
	"Flags:\n"
	"  --cwd DIR           current directory inside the sandbox (default: the\n"
	"                      caller's, or / with --root)\n"
	"  --env KEY=VALUE     set an environment variable (repeatable)\n"
	"  --root DIR          host directory to use as the root (default /)\n"
	"  --force-overlay     always true: the root is always under an overlay\n"
	"  --quiet             accepted for gVisor compatibility (runsc do prints\n"
	"                      nothing of its own on success)\n"
	"  --help              show this help\n";

enum {
	DO_OPT_CWD = 256,
	DO_OPT_ENV,
	DO_OPT_ROOT,
	DO_OPT_FORCE_OVERLAY,
	DO_OPT_QUIET,
	DO_OPT_HELP,
};

static const struct option do_options[] = {
	{"cwd", required_argument, NULL, DO_OPT_CWD},
	{"env", required_argument, NULL, DO_OPT_ENV},
	{"root", required_argument, NULL, DO_OPT_ROOT},
	{"force-overlay", optional_argument, NULL, DO_OPT_FORCE_OVERLAY},
	{"quiet", optional_argument, NULL, DO_OPT_QUIET},
	{"help", no_argument, NULL, DO_OPT_HELP},
	{NULL, 0, NULL, 0},
};

/* Lexical clean-up of an absolute path in place (Go's filepath.Clean):
 * no "//", "." or ".." components, no trailing '/'. Symlinks are not
 * followed: the path is looked up inside the sandbox. */
static void clean_path(char *path)
{
	/* Read from a copy: writing "component/" in place can overrun the
	 * input when out catches up with in. */
	char *src = strdup(path);
	if (!src)
		return;
	char *out = path + 1; /* after the leading '/' */
	const char *in = src + 1;

	while (*in) {
		size_t len = strcspn(in, "/");

		if (len == 0 || (len == 1 && in[0] == '.')) {
			/* empty or "." component: drop */
		} else if (len == 2 && in[0] == '.' && in[1] == '.') {
			/* back up over the last component, never above "/" */
			if (out > path + 1) {
				out--; /* the '/' we wrote after it */
				while (out > path + 1 && out[-1] != '/')
					out--;
			}
		} else {
			memcpy(out, in, len);
			out += len;
			*out++ = '/';
		}
		in += len;
		if (*in == '/')
			in++;
	}
	if (out > path + 1)
		out--; /* trailing '/' */
	*out = '\0';
	free(src);
}

/* path made absolute against the caller's cwd and cleaned, as gVisor's
 * filepath.Abs does. */
static char *absolute(const char *path)
{
	char cwd[PATH_MAX];
	char *out;

	if (path[0] == '/') {
		out = strdup(path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return NULL;
		if (asprintf(&out, "%s/%s", cwd, path) < 0)
			out = NULL;
	}
	if (out)
		clean_path(out);
	return out;
}

int runsc_parse_do_verb(const struct runsc_globals *g, int argc, char **argv,
			struct sandbox_spec *out, struct runsc_error *err)
{
	cleanup_free char **env_overrides = NULL;
	size_t n_env = 0;
	const char *cwd = NULL, *root = NULL;
	char host[HOST_NAME_MAX + 1];
	bool flag;
	int c;

	if (runsc_spec_init(out, err) < 0)
		return -1;
	env_overrides = calloc((size_t)argc + 1, sizeof(*env_overrides));
	if (!env_overrides)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "do");
	runsc_getopt_reset();
	/* '+': the first non-flag is CMD; its own flags are its arguments. */
	while ((c = getopt_long_only(argc, argv, "+:h", do_options, NULL)) != -1) {
		switch (c) {
		case DO_OPT_CWD:
			cwd = optarg;
			break;
		case DO_OPT_ENV:
			if (optarg[0] == '=' || !strchr(optarg, '='))
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "do: --env %s: expected KEY=VALUE", optarg);
			env_overrides[n_env++] = optarg;
			break;
		case DO_OPT_ROOT:
			root = optarg;
			break;
		case DO_OPT_FORCE_OVERLAY:
			if (runsc_bool_flag("force-overlay", optarg, &flag, err) < 0)
				return runsc_error_prepend(err, "do");
			if (!flag)
				return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
						       "do: --force-overlay=false is not supported: do never gives the command write access to the host");
			break;
		case DO_OPT_QUIET:
			if (runsc_bool_flag("quiet", optarg, &flag, err) < 0)
				return runsc_error_prepend(err, "do");
			break;
		case 'h':
		case DO_OPT_HELP:
			return 1;
		default:
			return runsc_getopt_error(c, argv, "do", err);
		}
	}
	if (optind >= argc)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
				       "do: missing the command to run (usage: runsc do [flags] CMD [ARG...])");
	if (argv[optind][0] == '\0')
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0, "do: the command is an empty string");

	if (runsc_spec_apply_globals(out, g, err) < 0)
		return runsc_error_prepend(err, "do");
	/* do always keeps the host root read-only below an overlay (gVisor's
	 * --force-overlay, default true), whatever --overlay2 says. */
	out->root_readonly_lower = true;

	out->argv = runsc_strv_dup(argv + optind);
	out->envp = runsc_env_merge(environ, env_overrides);
	out->host_root = absolute(root ? root : "/");
	if (cwd)
		out->cwd = absolute(cwd);
	else
		out->cwd = root && strcmp(root, "/") != 0 ? strdup("/") : absolute(".");
	if (!out->argv || !out->envp || !out->host_root || !out->cwd)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno ? errno : ENOMEM,
				       "do: building the sandbox spec");
	/* gVisor's do uses the host's name (os.Hostname). */
	if (gethostname(host, sizeof(host)) < 0)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "do: gethostname");
	host[sizeof(host) - 1] = '\0';
	out->hostname = strdup(host);
	if (!out->hostname)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "do");
	out->uid = 0;
	out->gid = 0;
	return 0;
}

int runsc_parse_do_args(int argc, char **argv, struct sandbox_spec *out,
			struct runsc_error *err)
{
	struct runsc_globals g;
	int verb = runsc_parse_globals(argc, argv, &g, err);

	if (verb < 0) {
		runsc_spec_init(out, err);
		return -1;
	}
	if (verb >= argc || strcmp(argv[verb], "do") != 0) {
		runsc_spec_init(out, err);
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0, "expected the verb \"do\"");
	}
	return runsc_parse_do_verb(&g, argc - verb, argv + verb, out, err);
}
