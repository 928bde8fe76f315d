/* runsc: the command line. Parses the global flags (gVisor's names),
 * dispatches to one verb per file through the table below, and prints the
 * error a verb returns, once, as "runsc: <msg>". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runsc/commands.h"
#include "runsc/error.h"
#include "runsc/flags.h"

struct runsc_command {
	const char *name;
	runsc_command_fn run;
	const char *summary;
};

static const struct runsc_command commands[] = {
	{"do", cmd_do, "run a command in a sandbox over the host's file system"},
	{"run", cmd_run, "run an OCI bundle's container in the foreground"},
	{"create", cmd_create, "create a container (not implemented yet)"},
	{"start", cmd_start, "start a created container"},
	{"state", cmd_state, "print a container's state as JSON"},
	{"kill", cmd_kill, "send a signal to a container"},
	{"delete", cmd_delete, "delete a container"},
	{"list", cmd_list, "list containers"},
	{"spec", cmd_spec, "write a default config.json"},
	{"syscalls", cmd_syscalls, "print the syscall compatibility table"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *out)
{
	fputs("Usage: runsc [global flags] COMMAND [flags] [args]\n"
	      "\n"
	      "runsc runs containers and commands in a sandbox: a user-space kernel\n"
	      "answers every system call of the application.\n"
	      "\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("  help       print this help, or a command's (help COMMAND)\n"
	      "\n"
	      "Global flags:\n"
	      "  --root DIR               state directory (default " RUNSC_DEFAULT_ROOT ")\n"
	      "  --debug                  enable debug logging (to --debug-log)\n"
	      "  --debug-log PATH         file (or DIR/) for debug and strace output;\n"
	      "                           %TIMESTAMP% and %COMMAND% are expanded\n"
	      "  --log FILE               file for runsc's own messages\n"
	      "  --log-format FMT         text (default), json or json-k8s\n"
	      "  --platform NAME          seccomp-trap (default; alias systrap) or ptrace\n"
	      "  --ptrace-strict          ptrace: trap every syscall (PTRACE_SYSEMU)\n"
	      "  --systrap-rewrite=BOOL   seccomp-trap: patch libc syscall sites (default true)\n"
	      "  --network TYPE           sandbox (default), host or none\n"
	      "  --strace                 print every syscall of the application\n"
	      "  --strace-syscalls LIST   comma-separated syscalls to trace (default all)\n"
	      "  --strace-log-size N      bytes of data arguments printed (default 1024)\n"
	      "  --audit-log FILE         JSON-lines log of every syscall\n"
	      "  --overlay2 SPEC          {root|all}:{memory|DIR} or none (default root:memory)\n"
	      "  --rootless               run without root on the host\n"
	      "  --systemd-cgroup         accepted for runc compatibility (no effect)\n"
	      "  --version                print the version\n"
	      "  --help                   print this help\n", out);
}

static const struct runsc_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* `help [COMMAND]`: the general help, or the command's own --help. */
static int cmd_help(const struct runsc_globals *g, int argc, char **argv,
		    struct runsc_error *err)
{
	const struct runsc_command *cmd;
	char help_flag[] = "--help";
	char *sub_argv[3];

	if (argc < 2) {
		print_help(stdout);
		return 0;
	}
	cmd = find_command(argv[1]);
	if (!cmd)
		return runsc_error_set(err, RUNSC_EXIT_USAGE, 0, "help: unknown command \"%s\"", argv[1]);
	sub_argv[0] = argv[1];
	sub_argv[1] = help_flag;
	sub_argv[2] = NULL;
	return cmd->run(g, 2, sub_argv, err);
}

int main(int argc, char **argv)
{
	struct runsc_error err = {0};
	struct runsc_globals g;
	const struct runsc_command *cmd;
	FILE *log = NULL;
	int verb, rc;

	verb = runsc_parse_globals(argc, argv, &g, &err);
	if (verb < 0) {
		runsc_error_print(&err);
		return err.status;
	}
	if (g.log) {
		log = fopen(g.log, "ae");
		if (!log) {
			runsc_error_set(&err, RUNSC_EXIT_FAILURE, errno, "--log: open %s", g.log);
			runsc_error_print(&err);
			return err.status;
		}
		runsc_error_set_log(log, g.log_format == RUNSC_LOG_JSON);
	}
	if (g.version) {
		printf("runsc version %s\nspec: %s\n", RUNSC_VERSION, RUNSC_OCI_VERSION);
		return 0;
	}
	if (g.help) {
		print_help(stdout);
		return 0;
	}
	if (verb >= argc) {
		print_help(stderr);
		return RUNSC_EXIT_USAGE;
	}
	if (strcmp(argv[verb], "help") == 0) {
		rc = cmd_help(&g, argc - verb, argv + verb, &err);
	} else {
		cmd = find_command(argv[verb]);
		if (!cmd) {
			runsc_error_set(&err, RUNSC_EXIT_USAGE, 0,
					"unknown command \"%s\" (see runsc help)", argv[verb]);
			rc = -1;
		} else {
			rc = cmd->run(&g, argc - verb, argv + verb, &err);
		}
	}
	if (rc < 0) {
		runsc_error_print(&err);
		rc = err.status;
	}
	if (log)
		fclose(log);
	return rc;
}
