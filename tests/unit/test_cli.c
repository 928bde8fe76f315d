/* Unit tests of runsc's command-line parsing: global flags
 * (runsc/flags.c), `runsc do` (runsc/do_args.c) and container IDs
 * (runsc/container.c). Nothing is run. runsc's sources are not part of
 * sandbox_core, so the ones under test are compiled into this file (the
 * error object and spec helpers come from test_config.c's); define
 * RUNSC_SOURCES_LINKED when the build links them into unit_tests. */
#include <criterion/criterion.h>
#include <errno.h>
#include <sys/stat.h>
#include "runsc/do_args.h"
#include "runsc/flags.h"
#include "runsc/launch.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runsc/spec_build.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])) - 1)

/* Parses a `runsc ... do ...` command line that must succeed. */
static void parse_do_ok(int argc, char **argv, struct sandbox_spec *spec)
{
	struct runsc_error err = {0};
	int rc = runsc_parse_do_args(argc, argv, spec, &err);

	cr_assert_eq(rc, 0, "parse failed: %s", err.msg);
}

/* Parses a command line that must fail with status and message. */
static void parse_do_fails(int argc, char **argv, int status, const char *msg)
{
	struct runsc_error err = {0};
	struct sandbox_spec spec;
	int rc = runsc_parse_do_args(argc, argv, &spec, &err);

	cr_assert_eq(rc, -1);
	cr_assert_eq(err.status, status, "status %d: %s", err.status, err.msg);
	cr_assert_str_eq(err.msg, msg);
	runsc_spec_free(&spec);
}

Test(cli_do, defaults)
{
	char *argv[] = {"runsc", "do", "ls", "-l", "/", NULL};
	struct sandbox_spec spec;
	char cwd[PATH_MAX], host[256];

	parse_do_ok(ARGC(argv), argv, &spec);
	cr_assert_str_eq(spec.argv[0], "ls");
	cr_assert_str_eq(spec.argv[1], "-l");
	cr_assert_str_eq(spec.argv[2], "/");
	cr_assert_null(spec.argv[3]);
	cr_assert_str_eq(spec.host_root, "/");
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	cr_assert_str_eq(spec.cwd, cwd);
	gethostname(host, sizeof(host));
	cr_assert_str_eq(spec.hostname, host);
	cr_assert_eq(spec.uid, 0);
	cr_assert_eq(spec.gid, 0);
	cr_assert(spec.root_readonly_lower);
	cr_assert_eq(spec.platform, PLATFORM_SECCOMP_TRAP);
	cr_assert_eq(spec.network, NETWORK_SANDBOX);
	cr_assert_eq(spec.strace, false);
	cr_assert_null(spec.strace_syscalls);
	cr_assert_null(spec.debug_log);
	cr_assert_null(spec.audit_log);
	cr_assert_eq(spec.debug_log_fd, -1, "the parser must not open files");
	cr_assert_null(spec.mounts);
	runsc_spec_free(&spec);
}

Test(cli_do, env_is_the_callers_plus_overrides)
{
	char *argv[] = {"runsc", "do", "--env", "RUNSC_T_A=new", "--env=RUNSC_T_B=b=c", "env", NULL};
	struct sandbox_spec spec;
	int seen_a = 0, seen_b = 0, seen_keep = 0;

	setenv("RUNSC_T_A", "old", 1);
	setenv("RUNSC_T_KEEP", "kept", 1);
	parse_do_ok(ARGC(argv), argv, &spec);
	for (char **e = spec.envp; *e; e++) {
		seen_a += strncmp(*e, "RUNSC_T_A=", 10) == 0;
		if (strcmp(*e, "RUNSC_T_A=new") == 0)
			seen_a += 10;
		seen_b += strcmp(*e, "RUNSC_T_B=b=c") == 0;
		seen_keep += strcmp(*e, "RUNSC_T_KEEP=kept") == 0;
	}
	cr_assert_eq(seen_a, 11, "RUNSC_T_A must appear once, overridden");
	cr_assert_eq(seen_b, 1);
	cr_assert_eq(seen_keep, 1);
	runsc_spec_free(&spec);
}

Test(cli_do, command_flags_are_not_ours)
{
	char *argv[] = {"runsc", "do", "sh", "-c", "--env", "--help", NULL};
	struct sandbox_spec spec;

	parse_do_ok(ARGC(argv), argv, &spec);
	cr_assert_str_eq(spec.argv[0], "sh");
	cr_assert_str_eq(spec.argv[2], "--env");
	cr_assert_str_eq(spec.argv[3], "--help");
	runsc_spec_free(&spec);
}

Test(cli_do, double_dash_ends_flags)
{
	char *argv[] = {"runsc", "do", "--", "--weird-name", NULL};
	struct sandbox_spec spec;

	parse_do_ok(ARGC(argv), argv, &spec);
	cr_assert_str_eq(spec.argv[0], "--weird-name");
	cr_assert_null(spec.argv[1]);
	runsc_spec_free(&spec);
}

Test(cli_do, cwd_is_made_absolute_and_clean)
{
	char *argv1[] = {"runsc", "do", "--cwd", "/a//b/./c/../d/", "true", NULL};
	char *argv2[] = {"runsc", "do", "--cwd=..", "true", NULL};
	char *argv3[] = {"runsc", "do", "-cwd", "/../..", "true", NULL};
	struct sandbox_spec spec;

	parse_do_ok(ARGC(argv1), argv1, &spec);
	cr_assert_str_eq(spec.cwd, "/a/b/d");
	runsc_spec_free(&spec);

	cr_assert_eq(chdir("/usr/bin"), 0);
	parse_do_ok(ARGC(argv2), argv2, &spec);
	cr_assert_str_eq(spec.cwd, "/usr");
	runsc_spec_free(&spec);

	parse_do_ok(ARGC(argv3), argv3, &spec);
	cr_assert_str_eq(spec.cwd, "/");
	runsc_spec_free(&spec);
}

Test(cli_do, root_changes_the_default_cwd)
{
	char *argv[] = {"runsc", "do", "--root", "/srv/rootfs/", "sh", NULL};
	char *argv2[] = {"runsc", "do", "--root", "/srv/rootfs", "--cwd", "/home", "sh", NULL};
	struct sandbox_spec spec;

	parse_do_ok(ARGC(argv), argv, &spec);
	cr_assert_str_eq(spec.host_root, "/srv/rootfs");
	cr_assert_str_eq(spec.cwd, "/");
	runsc_spec_free(&spec);
	parse_do_ok(ARGC(argv2), argv2, &spec);
	cr_assert_str_eq(spec.cwd, "/home");
	runsc_spec_free(&spec);
}

Test(cli_do, global_flags_reach_the_spec)
{
	char *argv[] = {"runsc", "--platform=seccomp-trap", "-network", "none", "--strace",
			"--strace-syscalls=read,write,openat", "--strace-log-size", "64",
			"--debug", "--debug-log=/tmp/x.log", "--audit-log", "/tmp/a.json",
			"--rootless=true", "do", "true", NULL};
	struct sandbox_spec spec;

	parse_do_ok(ARGC(argv), argv, &spec);
	cr_assert_eq(spec.platform, PLATFORM_SECCOMP_TRAP);
	cr_assert_eq(spec.network, NETWORK_NONE);
	cr_assert(spec.strace);
	cr_assert_eq(runsc_strv_len(spec.strace_syscalls), 3);
	cr_assert_str_eq(spec.strace_syscalls[2], "openat");
	cr_assert_eq(spec.strace_log_size, 64);
	cr_assert(spec.debug);
	cr_assert_str_eq(spec.debug_log, "/tmp/x.log");
	cr_assert_str_eq(spec.audit_log, "/tmp/a.json");
	cr_assert(spec.rootless);
	cr_assert_eq(spec.ptrace_strict, false);
	runsc_spec_free(&spec);
}

Test(cli_do, systrap_and_ptrace_strict)
{
	char *argv1[] = {"runsc", "--platform", "systrap", "do", "true", NULL};
	char *argv2[] = {"runsc", "--ptrace-strict", "--network=host", "do", "true", NULL};
	struct sandbox_spec spec;

	parse_do_ok(ARGC(argv1), argv1, &spec);
	cr_assert_eq(spec.platform, PLATFORM_SECCOMP_TRAP);
	runsc_spec_free(&spec);
	parse_do_ok(ARGC(argv2), argv2, &spec);
	cr_assert_eq(spec.platform, PLATFORM_PTRACE);
	cr_assert(spec.ptrace_strict);
	cr_assert_eq(spec.network, NETWORK_HOST);
	runsc_spec_free(&spec);
}

Test(cli_do, overlay_stays_on_for_do)
{
	char *argv[] = {"runsc", "--overlay2=none", "do", "true", NULL};
	struct sandbox_spec spec;

	parse_do_ok(ARGC(argv), argv, &spec);
	cr_assert(spec.root_readonly_lower);
	runsc_spec_free(&spec);
}

Test(cli_do, overlay_filestore)
{
	char *argv[] = {"runsc", "--overlay2=all:/var/tmp", "do", "true", NULL};
	struct sandbox_spec spec;

	parse_do_ok(ARGC(argv), argv, &spec);
	cr_assert(spec.overlay_all);
	cr_assert_str_eq(spec.overlay_filestore, "/var/tmp");
	runsc_spec_free(&spec);
}

Test(cli_do, boolean_flag_forms)
{
	char *argv1[] = {"runsc", "--strace=false", "do", "true", NULL};
	char *argv2[] = {"runsc", "-strace=T", "do", "true", NULL};
	char *argv3[] = {"runsc", "--strace=yes", "do", "true", NULL};
	struct sandbox_spec spec;

	parse_do_ok(ARGC(argv1), argv1, &spec);
	cr_assert_eq(spec.strace, false);
	runsc_spec_free(&spec);
	parse_do_ok(ARGC(argv2), argv2, &spec);
	cr_assert(spec.strace);
	runsc_spec_free(&spec);
	parse_do_fails(ARGC(argv3), argv3, RUNSC_EXIT_USAGE,
		       "invalid boolean value \"yes\" for flag --strace");
}

Test(cli_do, help_is_reported_not_run)
{
	char *argv[] = {"runsc", "do", "--help", NULL};
	char *argv2[] = {"runsc", "do", "-h", NULL};
	struct runsc_error err = {0};
	struct sandbox_spec spec;

	cr_assert_eq(runsc_parse_do_args(ARGC(argv), argv, &spec, &err), 1);
	cr_assert_null(spec.argv);
	runsc_spec_free(&spec);
	cr_assert_eq(runsc_parse_do_args(ARGC(argv2), argv2, &spec, &err), 1);
	runsc_spec_free(&spec);
}

Test(cli_do, errors)
{
	char *no_cmd[] = {"runsc", "do", NULL};
	char *empty_cmd[] = {"runsc", "do", "", NULL};
	char *bad_global[] = {"runsc", "--bogus", "do", "true", NULL};
	char *bad_do[] = {"runsc", "do", "--bogus=1", "true", NULL};
	char *missing_arg[] = {"runsc", "do", "--cwd", NULL};
	char *bad_env[] = {"runsc", "do", "--env", "NOVALUE", "true", NULL};
	char *bad_platform[] = {"runsc", "--platform=kvm", "do", "true", NULL};
	char *bad_network[] = {"runsc", "--network=bridge", "do", "true", NULL};
	char *bad_list[] = {"runsc", "--strace-syscalls=read,,write", "do", "true", NULL};
	char *bad_size[] = {"runsc", "--strace-log-size=-1", "do", "true", NULL};
	char *strict_systrap[] = {"runsc", "--platform=systrap", "--ptrace-strict", "do", "true", NULL};
	char *no_overlay[] = {"runsc", "do", "--force-overlay=false", "true", NULL};
	char *other_verb[] = {"runsc", "run", "x", NULL};
	char *unknown_syscall[] = {"runsc", "--strace-syscalls=read,opne", "do", "true", NULL};

	parse_do_fails(ARGC(no_cmd), no_cmd, RUNSC_EXIT_USAGE,
		       "do: missing the command to run (usage: runsc do [flags] CMD [ARG...])");
	parse_do_fails(ARGC(empty_cmd), empty_cmd, RUNSC_EXIT_USAGE, "do: the command is an empty string");
	parse_do_fails(ARGC(bad_global), bad_global, RUNSC_EXIT_USAGE,
		       "flag provided but not defined: --bogus");
	parse_do_fails(ARGC(bad_do), bad_do, RUNSC_EXIT_USAGE,
		       "do: flag provided but not defined: --bogus");
	parse_do_fails(ARGC(missing_arg), missing_arg, RUNSC_EXIT_USAGE,
		       "do: flag needs an argument: --cwd");
	parse_do_fails(ARGC(bad_env), bad_env, RUNSC_EXIT_USAGE, "do: --env NOVALUE: expected KEY=VALUE");
	parse_do_fails(ARGC(bad_platform), bad_platform, RUNSC_EXIT_USAGE,
		       "--platform=kvm: unsupported platform (want ptrace, seccomp-trap or systrap)");
	parse_do_fails(ARGC(bad_network), bad_network, RUNSC_EXIT_USAGE,
		       "--network=bridge: invalid network type (want sandbox, host or none)");
	parse_do_fails(ARGC(bad_list), bad_list, RUNSC_EXIT_USAGE,
		       "do: --strace-syscalls=read,,write: empty syscall name in the list");
	parse_do_fails(ARGC(bad_size), bad_size, RUNSC_EXIT_USAGE,
		       "--strace-log-size=-1: expected a number of bytes");
	parse_do_fails(ARGC(strict_systrap), strict_systrap, RUNSC_EXIT_USAGE,
		       "--ptrace-strict needs --platform=ptrace");
	parse_do_fails(ARGC(no_overlay), no_overlay, RUNSC_EXIT_USAGE,
		       "do: --force-overlay=false is not supported: do never gives the command write access to the host");
	parse_do_fails(ARGC(other_verb), other_verb, RUNSC_EXIT_USAGE, "expected the verb \"do\"");
	parse_do_fails(ARGC(unknown_syscall), unknown_syscall, RUNSC_EXIT_USAGE,
		       "do: --strace-syscalls: unknown syscall \"opne\"");
}

Test(cli_globals, defaults_and_verb_index)
{
	char *argv[] = {"runsc", "--root", "/run/x", "--log", "/b/log.json", "--log-format",
			"json", "--systemd-cgroup", "create", "--bundle", "b", "id", NULL};
	struct runsc_error err = {0};
	struct runsc_globals g;
	int verb = runsc_parse_globals(ARGC(argv), argv, &g, &err);

	cr_assert_eq(verb, 8, "%s", err.msg);
	cr_assert_str_eq(argv[verb], "create");
	cr_assert_str_eq(g.root, "/run/x");
	cr_assert_str_eq(g.log, "/b/log.json");
	cr_assert_eq(g.log_format, RUNSC_LOG_JSON);
	cr_assert(g.systemd_cgroup);
	cr_assert_eq(g.platform, PLATFORM_SECCOMP_TRAP);
	cr_assert(g.overlay_root);
	cr_assert_eq(g.overlay_all, false);
}

Test(cli_globals, no_verb_version_help)
{
	char *none[] = {"runsc", NULL};
	char *version[] = {"runsc", "--version", NULL};
	char *help[] = {"runsc", "-help", NULL};
	char *bad_format[] = {"runsc", "--log-format=xml", "list", NULL};
	struct runsc_error err = {0};
	struct runsc_globals g;

	cr_assert_eq(runsc_parse_globals(ARGC(none), none, &g, &err), 1);
	cr_assert_str_eq(g.root, RUNSC_DEFAULT_ROOT);
	cr_assert_eq(runsc_parse_globals(ARGC(version), version, &g, &err), 2);
	cr_assert(g.version);
	cr_assert_eq(runsc_parse_globals(ARGC(help), help, &g, &err), 2);
	cr_assert(g.help);
	cr_assert_eq(runsc_parse_globals(ARGC(bad_format), bad_format, &g, &err), -1);
	cr_assert_str_eq(err.msg, "--log-format=xml: invalid log format (want text, json or json-k8s)");
}

Test(cli_globals, parse_bool_and_size)
{
	bool b;
	size_t n;

	cr_assert_eq(runsc_parse_bool("True", &b), 0);
	cr_assert(b);
	cr_assert_eq(runsc_parse_bool("0", &b), 0);
	cr_assert_eq(b, false);
	cr_assert_eq(runsc_parse_bool("yes", &b), -EINVAL);
	cr_assert_eq(runsc_parse_bool("", &b), -EINVAL);
	cr_assert_eq(runsc_parse_size("4096", &n), 0);
	cr_assert_eq(n, 4096);
	cr_assert_eq(runsc_parse_size("+1", &n), -EINVAL);
	cr_assert_eq(runsc_parse_size("12k", &n), -EINVAL);
	cr_assert_eq(runsc_parse_size("99999999999999999999999", &n), -ERANGE);
}

Test(cli_container, ids)
{
	struct runsc_error err = {0};

	cr_assert_eq(runsc_check_id("e2e-life", &err), 0);
	cr_assert_eq(runsc_check_id("a.b_c+d-1", &err), 0);
	cr_assert_eq(runsc_check_id("", &err), -1);
	cr_assert_eq(runsc_check_id("..", &err), -1);
	cr_assert_eq(runsc_check_id("a/b", &err), -1);
	cr_assert_str_eq(err.msg, "invalid container id \"a/b\" (want letters, digits, _ + - .)");
	cr_assert_eq(err.status, RUNSC_EXIT_USAGE);
	cr_assert_eq(runsc_check_id("sp ace", &err), -1);
}

Test(cli_container, state_dir_lookup_and_pid_file)
{
	char dir[] = "/tmp/runsc-test-root-XXXXXX", sub[64], pidf[64], buf[32] = {0};
	struct runsc_error err = {0};
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(runsc_container_exists(dir, "c1"), false);
	snprintf(sub, sizeof(sub), "%s/c1", dir);
	cr_assert_eq(mkdir(sub, 0700), 0);
	cr_assert(runsc_container_exists(dir, "c1"));
	runsc_error_no_container(&err, "c2");
	cr_assert_str_eq(err.msg, "container \"c2\" does not exist");

	snprintf(pidf, sizeof(pidf), "%s/init.pid", dir);
	cr_assert_eq(runsc_write_pid_file(pidf, 4242, &err), 0, "%s", err.msg);
	f = fopen(pidf, "r");
	cr_assert_not_null(f);
	cr_assert_not_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	cr_assert_str_eq(buf, "4242");
	unlink(pidf);
	rmdir(sub);
	rmdir(dir);
}
