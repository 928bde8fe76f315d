/* `runsc kill [--all] [--pid N] ID [SIGNAL]`: sends a signal to a
 * container. The signal is checked first (a bad one is a usage error); no
 * container can exist yet (create is not implemented), so an ID that is
 * not in the state directory "does not exist". */
#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "runsc/commands.h"
#include "runsc/container_verb.h"
#include "runsc/launch.h"

static const char usage[] =
	"Usage: runsc [global flags] kill [flags] ID [SIGNAL]\n"
	"\n"
	"Sends SIGNAL (a name like TERM or SIGKILL, or a number; default TERM)\n"
	"to the container's init process.\n"
	"\n"
	"Flags:\n"
	"  --all, -a   send the signal to every process of the container\n"
	"  --pid N     send the signal to the sandbox process N\n"
	"  --help      show this help\n";

enum { OPT_ALL = 256, OPT_PID };

static const struct option options[] = {
	{"all", optional_argument, NULL, OPT_ALL},
	{"a", optional_argument, NULL, OPT_ALL},
	{"pid", required_argument, NULL, OPT_PID},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const struct {
	const char *name;
	int sig;
} signal_names[] = {
	{"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL},
	{"TRAP", SIGTRAP}, {"ABRT", SIGABRT}, {"IOT", SIGIOT}, {"BUS", SIGBUS},
	{"FPE", SIGFPE}, {"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"SEGV", SIGSEGV},
	{"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
	{"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP},
	{"TSTP", SIGTSTP}, {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU}, {"URG", SIGURG},
	{"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},
	{"WINCH", SIGWINCH}, {"IO", SIGIO}, {"POLL", SIGPOLL}, {"PWR", SIGPWR},
	{"SYS", SIGSYS},
};

/* runc's rules: a number 1..64, or a name with or without "SIG", any case. */
static int parse_signal(const char *s)
{
	char *end;
	long n;

	if (isdigit((unsigned char)s[0])) {
		n = strtol(s, &end, 10);
		return *end == '\0' && n >= 1 && n <= 64 ? (int)n : -1;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++)
		if (strcasecmp(s, signal_names[i].name) == 0)
			return signal_names[i].sig;
	return -1;
}

struct kill_flags {
	bool all;
	size_t pid;
	bool has_pid;
};

static int on_flag(int c, const char *arg, void *ctx, struct runsc_error *err)
{
	struct kill_flags *f = ctx;

	if (c == OPT_ALL)
		return runsc_bool_flag("all", arg, &f->all, err);
	if (runsc_parse_size(arg, &f->pid) < 0 || f->pid == 0)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0, "--pid=%s: expected a process id", arg);
	f->has_pid = true;
	return 0;
}

int cmd_kill(const struct runsc_globals *g, int argc, char **argv, struct runsc_error *err)
{
	struct kill_flags flags = {0};
	int id, rc = runsc_parse_container_verb(argc, argv, options, on_flag, &flags, usage,
						1, 2, &id, err);

	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if (flags.all && flags.has_pid)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0, "kill: --all and --pid exclude each other");
	if (id + 1 < argc && parse_signal(argv[id + 1]) < 0)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0, "kill: unknown signal \"%s\"", argv[id + 1]);
	if (!runsc_container_exists(g->root, argv[id]))
		return runsc_error_no_container(err, argv[id]);
	return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0, "kill: not implemented yet");
}
