/* Unit tests of runsc's config.json parsing (runsc/oci_config.c), the spec
 * building helpers (runsc/spec_build.c) and the error object. runsc's
 * sources are not part of sandbox_core, so the ones under test are
 * compiled into this file; define RUNSC_SOURCES_LINKED when the build
 * links them into unit_tests instead. */
#include <criterion/criterion.h>
#include <errno.h>
#include <sys/stat.h>
#include "runsc/error.h"
#include "runsc/oci_config.h"
#include "runsc/spec_build.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MINIMAL_PROCESS \
	"\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"}"

static struct oci_config *parse_ok(const char *text)
{
	struct runsc_error err = {0};
	struct oci_config *cfg = NULL;
	int rc = oci_config_parse_string(text, "config.json", &cfg, &err);

	cr_assert_eq(rc, 0, "parse failed: %s", err.msg);
	cr_assert_not_null(cfg);
	return cfg;
}

/* Parses text, expects failure with exactly want as the message. */
static void parse_fails(const char *text, const char *want)
{
	struct runsc_error err = {0};
	struct oci_config *cfg = (void *)1;
	int rc = oci_config_parse_string(text, "config.json", &cfg, &err);

	cr_assert_eq(rc, -1);
	cr_assert_null(cfg);
	cr_assert_eq(err.status, RUNSC_EXIT_FAILURE);
	cr_assert_str_eq(err.msg, want);
}

Test(oci_config, minimal_valid_and_defaults)
{
	struct oci_config *cfg = parse_ok(
		"{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, " MINIMAL_PROCESS "}");

	cr_assert_str_eq(cfg->oci_version, "1.0.2");
	cr_assert_str_eq(cfg->root.path, "rootfs");
	cr_assert_eq(cfg->root.readonly, false);
	cr_assert(cfg->has_process);
	cr_assert_eq(cfg->process.terminal, false);
	cr_assert_eq(cfg->process.args.n, 1);
	cr_assert_str_eq(cfg->process.args.items[0], "sh");
	cr_assert_null(cfg->process.args.items[1]);
	cr_assert_eq(cfg->process.env.n, 0);
	cr_assert_not_null(cfg->process.env.items);
	cr_assert_null(cfg->process.env.items[0]);
	cr_assert_str_eq(cfg->process.cwd, "/");
	cr_assert_eq(cfg->process.n_rlimits, 0);
	cr_assert_eq(cfg->process.no_new_privileges, false);
	cr_assert_eq(cfg->process.has_capabilities, false);
	cr_assert_eq(cfg->process.user.has_umask, false);
	cr_assert_null(cfg->hostname);
	cr_assert_eq(cfg->n_mounts, 0);
	cr_assert_eq(cfg->has_linux, false);
	cr_assert_eq(cfg->linux_config.n_namespaces, 0);
	oci_config_free(cfg);
}

static const char full_config[] =
	"{\n"
	"  \"ociVersion\": \"1.0.2-dev\",\n"
	"  \"process\": {\n"
	"    \"terminal\": true,\n"
	"    \"user\": {\"uid\": 1000, \"gid\": 100, \"umask\": 18, \"additionalGids\": [5, 6]},\n"
	"    \"args\": [\"sh\", \"-c\", \"echo hi\"],\n"
	"    \"env\": [\"PATH=/bin\", \"E2E_MARKER=oci-bundle\"],\n"
	"    \"cwd\": \"/work\",\n"
	"    \"capabilities\": {\"bounding\": [\"CAP_KILL\"], \"effective\": [\"CAP_KILL\", \"CAP_CHOWN\"]},\n"
	"    \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 4096, \"soft\": 1024},\n"
	"                {\"type\": \"RLIMIT_CORE\", \"hard\": 0, \"soft\": 0}],\n"
	"    \"noNewPrivileges\": true,\n"
	"    \"someFutureField\": {\"ignored\": 1}\n"
	"  },\n"
	"  \"root\": {\"path\": \"/abs/rootfs\", \"readonly\": true},\n"
	"  \"hostname\": \"e2e\",\n"
	"  \"mounts\": [\n"
	"    {\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},\n"
	"    {\"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
	"     \"options\": [\"nosuid\", \"nodev\", \"mode=1777\"]},\n"
	"    {\"destination\": \"/data\"}\n"
	"  ],\n"
	"  \"linux\": {\n"
	"    \"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]},\n"
	"    \"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"network\", \"path\": \"/var/run/netns/x\"}],\n"
	"    \"uidMappings\": [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}],\n"
	"    \"maskedPaths\": [\"/proc/kcore\"],\n"
	"    \"readonlyPaths\": [\"/proc/sys\", \"/proc/bus\"]\n"
	"  }\n"
	"}\n";

Test(oci_config, full_config_fields)
{
	struct oci_config *cfg = parse_ok(full_config);
	const struct oci_process *p = &cfg->process;

	cr_assert(p->terminal);
	cr_assert_eq(p->user.uid, 1000);
	cr_assert_eq(p->user.gid, 100);
	cr_assert(p->user.has_umask);
	cr_assert_eq(p->user.umask, 022);
	cr_assert_eq(p->user.n_additional_gids, 2);
	cr_assert_eq(p->user.additional_gids[1], 6);
	cr_assert_eq(p->args.n, 3);
	cr_assert_str_eq(p->args.items[2], "echo hi");
	cr_assert_str_eq(p->env.items[1], "E2E_MARKER=oci-bundle");
	cr_assert_str_eq(p->cwd, "/work");
	cr_assert(p->has_capabilities);
	cr_assert_eq(p->capabilities.effective.n, 2);
	cr_assert_str_eq(p->capabilities.effective.items[1], "CAP_CHOWN");
	cr_assert_eq(p->capabilities.ambient.n, 0);
	cr_assert_eq(p->n_rlimits, 2);
	cr_assert_eq(p->rlimits[0].resource, RLIMIT_NOFILE);
	cr_assert_eq(p->rlimits[0].soft, 1024);
	cr_assert_eq(p->rlimits[0].hard, 4096);
	cr_assert_eq(p->rlimits[1].resource, RLIMIT_CORE);
	cr_assert(p->no_new_privileges);
	cr_assert_str_eq(cfg->root.path, "/abs/rootfs");
	cr_assert(cfg->root.readonly);
	cr_assert_str_eq(cfg->hostname, "e2e");
	cr_assert_eq(cfg->n_mounts, 3);
	cr_assert_str_eq(cfg->mounts[1].destination, "/tmp");
	cr_assert_str_eq(cfg->mounts[1].type, "tmpfs");
	cr_assert_eq(cfg->mounts[1].options.n, 3);
	cr_assert_str_eq(cfg->mounts[1].options.items[2], "mode=1777");
	cr_assert_null(cfg->mounts[2].type);
	cr_assert_null(cfg->mounts[2].source);
	cr_assert_eq(cfg->mounts[2].options.n, 0);
	cr_assert(cfg->has_linux);
	cr_assert_eq(cfg->linux_config.n_namespaces, 2);
	cr_assert_null(cfg->linux_config.namespaces[0].path);
	cr_assert_str_eq(cfg->linux_config.namespaces[1].path, "/var/run/netns/x");
	cr_assert_eq(cfg->linux_config.n_uid_mappings, 1);
	cr_assert_eq(cfg->linux_config.uid_mappings[0].host_id, 100000);
	cr_assert_eq(cfg->linux_config.n_gid_mappings, 0);
	cr_assert_eq(cfg->linux_config.masked_paths.n, 1);
	cr_assert_str_eq(cfg->linux_config.readonly_paths.items[1], "/proc/bus");
	oci_config_free(cfg);
}

Test(oci_config, malformed_json_names_line_and_column)
{
	struct runsc_error err = {0};
	struct oci_config *cfg;

	cr_assert_eq(oci_config_parse_string("{\"ociVersion\": \"1\",\n  \"root\": }",
					     "config.json", &cfg, &err), -1);
	cr_assert(strncmp(err.msg, "config.json: line 2 column ", 27) == 0, "%s", err.msg);
	cr_assert_eq(err.status, RUNSC_EXIT_FAILURE);
}

Test(oci_config, top_level_must_be_object)
{
	parse_fails("[1, 2]", "config.json: expected a JSON object at the top level");
}

Test(oci_config, duplicate_keys_rejected)
{
	struct runsc_error err = {0};
	struct oci_config *cfg;

	cr_assert_eq(oci_config_parse_string("{\"ociVersion\": \"1\", \"ociVersion\": \"2\"}",
					     "config.json", &cfg, &err), -1);
	cr_assert(strstr(err.msg, "duplicate") != NULL, "%s", err.msg);
}

Test(oci_config, wrong_types_name_the_field)
{
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": \"sh\", \"cwd\": \"/\"}}",
		    "config.json: process.args: expected an array of strings");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\", 3], \"cwd\": \"/\"}}",
		    "config.json: process.args: expected an array of strings (item 1 is not a string)");
	parse_fails("{\"ociVersion\": 1}", "config.json: ociVersion: expected a string");
	parse_fails("{\"ociVersion\": \"1\", \"root\": \"rootfs\"}",
		    "config.json: root: expected an object");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\", \"readonly\": \"yes\"}}",
		    "config.json: root.readonly: expected true or false");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": \"0\", \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"}}",
		    "config.json: process.user.uid: expected a non-negative integer");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": -1, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"}}",
		    "config.json: process.user.uid: -1 is out of range (0 to 4294967295)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 4294967296, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"}}",
		    "config.json: process.user.uid: 4294967296 is out of range (0 to 4294967295)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, " MINIMAL_PROCESS
		    ", \"mounts\": {}}", "config.json: mounts: expected an array");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, " MINIMAL_PROCESS
		    ", \"hostname\": 7}", "config.json: hostname: expected a string");
}

Test(oci_config, missing_required_fields)
{
	parse_fails("{}", "config.json: ociVersion: missing (required)");
	parse_fails("{\"ociVersion\": \"1\"}", "config.json: root: missing (required)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {}}", "config.json: root.path: missing (required)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"\"}}",
		    "config.json: root.path: must not be empty");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"args\": [\"sh\"], \"cwd\": \"/\"}}",
		    "config.json: process.user: missing (required)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"}}",
		    "config.json: process.user.gid: missing (required)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"cwd\": \"/\"}}",
		    "config.json: process.args: missing (required)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [], \"cwd\": \"/\"}}",
		    "config.json: process.args: must name the program to run (empty array)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"]}}",
		    "config.json: process.cwd: missing (required)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, " MINIMAL_PROCESS
		    ", \"mounts\": [{\"type\": \"proc\"}]}",
		    "config.json: mounts[0].destination: missing (required)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, " MINIMAL_PROCESS
		    ", \"linux\": {\"namespaces\": [{\"path\": \"/x\"}]}}",
		    "config.json: linux.namespaces[0].type: missing (required)");
}

Test(oci_config, invalid_values)
{
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"work\"}}",
		    "config.json: process.cwd: \"work\" is not an absolute path");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", "
		    "\"env\": [\"NOEQUALS\"]}}",
		    "config.json: process.env: \"NOEQUALS\" is not KEY=VALUE");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", "
		    "\"rlimits\": [{\"type\": \"RLIMIT_BOGUS\", \"hard\": 1, \"soft\": 1}]}}",
		    "config.json: process.rlimits[0].type: unknown rlimit \"RLIMIT_BOGUS\"");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", "
		    "\"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1, \"soft\": 2}]}}",
		    "config.json: process.rlimits[0].hard: soft limit 2 is above the hard limit 1");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", "
		    "\"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 2}]}}",
		    "config.json: process.rlimits[0].hard: missing (required)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, \"process\": "
		    "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", "
		    "\"capabilities\": {\"bounding\": [\"KILL\"]}}}",
		    "config.json: process.capabilities.bounding: \"KILL\" is not a capability name (CAP_...)");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, " MINIMAL_PROCESS
		    ", \"mounts\": [{\"destination\": \"proc\"}]}",
		    "config.json: mounts[0].destination: \"proc\" is not an absolute path");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, " MINIMAL_PROCESS
		    ", \"linux\": {\"namespaces\": [{\"type\": \"pidns\"}]}}",
		    "config.json: linux.namespaces[0].type: unknown namespace type \"pidns\"");
	parse_fails("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}, " MINIMAL_PROCESS
		    ", \"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"pid\"}]}}",
		    "config.json: linux.namespaces[1].type: duplicate namespace \"pid\"");
}

Test(oci_config, process_is_optional_for_parsing)
{
	struct oci_config *cfg = parse_ok("{\"ociVersion\": \"1\", \"root\": {\"path\": \"r\"}}");
	struct runsc_error err = {0};
	struct sandbox_spec spec;

	cr_assert_eq(cfg->has_process, false);
	cr_assert_eq(cfg->process.args.n, 0);
	cr_assert_not_null(cfg->process.args.items);
	cr_assert_eq(runsc_spec_init(&spec, &err), 0);
	cr_assert_eq(oci_config_to_spec(cfg, "/tmp", &spec, &err), -1);
	cr_assert_str_eq(err.msg, "config.json: process: missing (required to run a container)");
	runsc_spec_free(&spec);
	oci_config_free(cfg);
}

Test(oci_config, rlimit_names)
{
	cr_assert_eq(oci_rlimit_from_name("RLIMIT_NOFILE"), RLIMIT_NOFILE);
	cr_assert_eq(oci_rlimit_from_name("RLIMIT_STACK"), RLIMIT_STACK);
	cr_assert_eq(oci_rlimit_from_name("RLIMIT_RTTIME"), RLIMIT_RTTIME);
	cr_assert_eq(oci_rlimit_from_name("NOFILE"), -1);
	cr_assert_eq(oci_rlimit_from_name("rlimit_nofile"), -1);
}

Test(oci_config, missing_bundle_message)
{
	struct runsc_error err = {0};
	struct oci_config *cfg;

	cr_assert_eq(oci_config_load_bundle("/nonexistent-bundle-xyz", &cfg, &err), -1);
	cr_assert_null(cfg);
	cr_assert_str_eq(err.msg,
			 "bundle /nonexistent-bundle-xyz: open config.json: No such file or directory");
}

/* A bundle in a fresh temporary directory with the given config text. */
static void make_bundle(char *dir, const char *config, bool with_rootfs)
{
	char path[PATH_MAX];
	FILE *f;

	strcpy(dir, "/tmp/runsc-test-bundle-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/config.json", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(config, f);
	fclose(f);
	if (with_rootfs) {
		snprintf(path, sizeof(path), "%s/rootfs", dir);
		cr_assert_eq(mkdir(path, 0755), 0);
	}
}

static void remove_bundle(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/config.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/rootfs", dir);
	rmdir(path);
	rmdir(dir);
}

Test(oci_config, bundle_to_spec)
{
	char dir[64], want_root[PATH_MAX + 16];
	struct runsc_error err = {0};
	struct oci_config *cfg;
	struct sandbox_spec spec;
	struct rlimit host_stack;

	make_bundle(dir,
		    "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\", \"readonly\": true},"
		    " \"hostname\": \"e2e\", \"process\": {\"user\": {\"uid\": 5, \"gid\": 6,"
		    " \"additionalGids\": [7]}, \"args\": [\"cat\", \"-\"], \"env\": [\"A=1\"],"
		    " \"cwd\": \"/srv\", \"terminal\": true, \"noNewPrivileges\": true,"
		    " \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 512, \"soft\": 256}]},"
		    " \"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}],"
		    " \"linux\": {\"maskedPaths\": [\"/proc/kcore\"]}}",
		    true);
	cr_assert_eq(oci_config_load_bundle(dir, &cfg, &err), 0, "%s", err.msg);
	cr_assert_eq(runsc_spec_init(&spec, &err), 0);
	cr_assert_eq(oci_config_to_spec(cfg, dir, &spec, &err), 0, "%s", err.msg);
	snprintf(want_root, sizeof(want_root), "%s/rootfs", dir);
	cr_assert_str_eq(spec.host_root, want_root);
	cr_assert(spec.root_readonly);
	cr_assert_str_eq(spec.argv[0], "cat");
	cr_assert_str_eq(spec.argv[1], "-");
	cr_assert_null(spec.argv[2]);
	cr_assert_str_eq(spec.envp[0], "A=1");
	cr_assert_null(spec.envp[1]);
	cr_assert_str_eq(spec.cwd, "/srv");
	cr_assert_str_eq(spec.hostname, "e2e");
	cr_assert_eq(spec.uid, 5);
	cr_assert_eq(spec.gid, 6);
	cr_assert_eq(spec.n_additional_gids, 1);
	cr_assert_eq(spec.additional_gids[0], 7);
	cr_assert(spec.terminal);
	cr_assert(spec.no_new_privs);
	cr_assert_eq(spec.rlimits[RLIMIT_NOFILE].rlim_cur, 256);
	cr_assert_eq(spec.rlimits[RLIMIT_NOFILE].rlim_max, 512);
	/* Limits the config does not name are the caller's. */
	getrlimit(RLIMIT_STACK, &host_stack);
	cr_assert_eq(spec.rlimits[RLIMIT_STACK].rlim_cur, host_stack.rlim_cur);
	cr_assert_eq(spec.n_mounts, 1);
	cr_assert_str_eq(spec.mounts[0].type, "proc");
	cr_assert_null(spec.mounts[0].options[0]);
	cr_assert_str_eq(spec.masked_paths[0], "/proc/kcore");
	cr_assert_null(spec.readonly_paths[0]);
	cr_assert_eq(spec.stdio_fds[2], 2);
	runsc_spec_free(&spec);
	oci_config_free(cfg);
	remove_bundle(dir);
}

Test(oci_config, bundle_without_rootfs)
{
	char dir[64];
	struct runsc_error err = {0};
	struct oci_config *cfg;
	struct sandbox_spec spec;

	make_bundle(dir, "{\"ociVersion\": \"1\", \"root\": {\"path\": \"rootfs\"}, " MINIMAL_PROCESS "}",
		    false);
	cr_assert_eq(oci_config_load_bundle(dir, &cfg, &err), 0, "%s", err.msg);
	cr_assert_eq(runsc_spec_init(&spec, &err), 0);
	cr_assert_eq(oci_config_to_spec(cfg, dir, &spec, &err), -1);
	cr_assert(strstr(err.msg, "root.path ") == err.msg, "%s", err.msg);
	cr_assert(strstr(err.msg, "/rootfs: No such file or directory") != NULL, "%s", err.msg);
	runsc_spec_free(&spec);
	oci_config_free(cfg);
	remove_bundle(dir);
}

Test(oci_config, bundle_with_bad_config_is_prefixed)
{
	char dir[64], want[256];
	struct runsc_error err = {0};
	struct oci_config *cfg;

	make_bundle(dir, "{\"ociVersion\": \"1\", \"root\": {\"path\": 5}}", false);
	cr_assert_eq(oci_config_load_bundle(dir, &cfg, &err), -1);
	snprintf(want, sizeof(want), "bundle %s: config.json: root.path: expected a string", dir);
	cr_assert_str_eq(err.msg, want);
	remove_bundle(dir);
}

Test(oci_config, default_spec_parses_back)
{
	char *args[] = {"echo", "hi", NULL};
	json_t *doc = oci_config_default(args, "/work", NULL);
	struct runsc_error err = {0};
	struct oci_config *cfg;
	char *text;

	cr_assert_not_null(doc);
	text = json_dumps(doc, JSON_INDENT(4));
	cr_assert_not_null(text);
	cr_assert_eq(oci_config_parse_string(text, "config.json", &cfg, &err), 0, "%s", err.msg);
	cr_assert_str_eq(cfg->oci_version, RUNSC_OCI_VERSION);
	cr_assert(cfg->process.terminal);
	cr_assert_eq(cfg->process.args.n, 2);
	cr_assert_str_eq(cfg->process.args.items[1], "hi");
	cr_assert_str_eq(cfg->process.cwd, "/work");
	cr_assert_str_eq(cfg->root.path, "rootfs");
	cr_assert(cfg->root.readonly);
	cr_assert_eq(cfg->n_mounts, 6);
	cr_assert_str_eq(cfg->mounts[0].destination, "/proc");
	cr_assert_eq(cfg->linux_config.n_namespaces, 5);
	cr_assert_null(cfg->linux_config.namespaces[1].path);
	cr_assert_eq(cfg->process.n_rlimits, 1);
	oci_config_free(cfg);
	free(text);
	json_decref(doc);

	doc = oci_config_default(NULL, NULL, "/var/run/netns/n");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(
				 json_object_get(doc, "process"), "args"), 0)), "sh");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(
				 json_object_get(doc, "linux"), "namespaces"), 1), "path")),
			 "/var/run/netns/n");
	json_decref(doc);
}

Test(runsc_error, set_and_prepend)
{
	struct runsc_error err = {0};

	cr_assert_eq(runsc_error_set(&err, 0, ENOENT, "open %s", "config.json"), -1);
	cr_assert_eq(err.status, RUNSC_EXIT_FAILURE);
	cr_assert_str_eq(err.msg, "open config.json: No such file or directory");
	cr_assert_eq(runsc_error_prepend(&err, "bundle %s", "/b"), -1);
	cr_assert_str_eq(err.msg, "bundle /b: open config.json: No such file or directory");
	runsc_error_set(&err, RUNSC_EXIT_USAGE, 0, "x");
	cr_assert_eq(err.status, RUNSC_EXIT_USAGE);
	cr_assert_str_eq(err.msg, "x");
	runsc_error_clear(&err);
	cr_assert_eq(err.status, 0);
	cr_assert_str_eq(err.msg, "");
}

Test(runsc_error, prepend_truncates_the_tail)
{
	struct runsc_error err = {0};
	char big[2000];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	runsc_error_set(&err, 1, 0, "%s", "tail");
	runsc_error_prepend(&err, "%s", big);
	cr_assert_eq(strlen(err.msg), RUNSC_ERROR_MSG_MAX - 1);
	cr_assert_eq(err.msg[0], 'a');
	runsc_error_set(&err, 1, 0, "%s", big);
	runsc_error_prepend(&err, "ctx");
	cr_assert(strncmp(err.msg, "ctx: aaa", 8) == 0);
	cr_assert_eq(strlen(err.msg), RUNSC_ERROR_MSG_MAX - 1);
}

Test(spec_build, env_merge_replaces_in_place_and_appends)
{
	char *env[] = {"PATH=/bin", "HOME=/root", "X=1", NULL};
	char *over[] = {"HOME=/x", "NEW=2", "X=", NULL};
	char **out = runsc_env_merge(env, over);

	cr_assert_not_null(out);
	cr_assert_str_eq(out[0], "PATH=/bin");
	cr_assert_str_eq(out[1], "HOME=/x");
	cr_assert_str_eq(out[2], "X=");
	cr_assert_str_eq(out[3], "NEW=2");
	cr_assert_null(out[4]);
	runsc_strv_free(out);
}

Test(spec_build, env_merge_prefix_key_is_not_a_match)
{
	char *env[] = {"PATHX=1", NULL};
	char *over[] = {"PATH=/bin", NULL};
	char **out = runsc_env_merge(env, over);

	cr_assert_str_eq(out[0], "PATHX=1");
	cr_assert_str_eq(out[1], "PATH=/bin");
	runsc_strv_free(out);
}

Test(spec_build, split_list)
{
	char **v = NULL;

	cr_assert_eq(runsc_split_list("read,write,openat", &v), 0);
	cr_assert_eq(runsc_strv_len(v), 3);
	cr_assert_str_eq(v[2], "openat");
	runsc_strv_free(v);
	cr_assert_eq(runsc_split_list("read", &v), 0);
	cr_assert_eq(runsc_strv_len(v), 1);
	runsc_strv_free(v);
	cr_assert_eq(runsc_split_list("read,,write", &v), -EINVAL);
	cr_assert_eq(runsc_split_list("read,", &v), -EINVAL);
	cr_assert_eq(runsc_split_list("", &v), -EINVAL);
}

Test(spec_build, init_defaults)
{
	struct runsc_error err = {0};
	struct sandbox_spec spec;
	struct rlimit nofile;

	cr_assert_eq(runsc_spec_init(&spec, &err), 0);
	getrlimit(RLIMIT_NOFILE, &nofile);
	cr_assert_eq(spec.rlimits[RLIMIT_NOFILE].rlim_cur, nofile.rlim_cur);
	cr_assert_eq(spec.rlimits[RLIMIT_NOFILE].rlim_max, nofile.rlim_max);
	cr_assert_eq(spec.stdio_fds[0], 0);
	cr_assert_eq(spec.stdio_fds[1], 1);
	cr_assert_eq(spec.platform, PLATFORM_SECCOMP_TRAP);
	cr_assert_eq(spec.network, NETWORK_SANDBOX);
	cr_assert(spec.root_readonly_lower);
	cr_assert_eq(spec.debug_log_fd, -1);
	cr_assert_eq(spec.audit_log_fd, -1);
	cr_assert_eq(spec.strace_log_size, 1024);
	runsc_spec_free(&spec);
}

Test(spec_build, open_logs_expands_directory_names)
{
	char dir[] = "/tmp/runsc-test-logs-XXXXXX", path[128];
	struct runsc_error err = {0};
	struct sandbox_spec spec;

	cr_assert_not_null(mkdtemp(dir));
	runsc_spec_init(&spec, &err);
	snprintf(path, sizeof(path), "%s/", dir);
	spec.debug_log = strdup(path);
	snprintf(path, sizeof(path), "%s/audit-%%COMMAND%%.json", dir);
	spec.audit_log = strdup(path);
	cr_assert_eq(runsc_spec_open_logs(&spec, "do", &err), 0, "%s", err.msg);
	cr_assert_geq(spec.debug_log_fd, 0);
	cr_assert_geq(spec.audit_log_fd, 0);
	cr_assert(strncmp(spec.debug_log + strlen(dir), "/runsc.log.", 11) == 0, "%s", spec.debug_log);
	cr_assert(strcmp(spec.debug_log + strlen(spec.debug_log) - 7, ".do.txt") == 0, "%s",
		  spec.debug_log);
	snprintf(path, sizeof(path), "%s/audit-do.json", dir);
	cr_assert_str_eq(spec.audit_log, path);
	cr_assert_eq(access(path, F_OK), 0);
	unlink(spec.debug_log);
	unlink(path);
	runsc_spec_free(&spec);
	rmdir(dir);
}

Test(spec_build, open_logs_reports_the_flag)
{
	struct runsc_error err = {0};
	struct sandbox_spec spec;

	runsc_spec_init(&spec, &err);
	spec.audit_log = strdup("/nonexistent-dir-xyz/audit.json");
	cr_assert_eq(runsc_spec_open_logs(&spec, "do", &err), -1);
	cr_assert_str_eq(err.msg,
			 "--audit-log: open /nonexistent-dir-xyz/audit.json: No such file or directory");
	runsc_spec_free(&spec);
}
