/* An OCI runtime bundle's config.json, parsed once into a typed struct
 * (runtime-spec 1.0/1.1, the parts runsc uses) and passed down.
 *
 * Unknown properties are ignored, as the spec requires. Errors name the
 * file and the field ("config.json: process.args: expected an array of
 * strings"). Required: ociVersion, root.path, process.args (non-empty),
 * process.cwd (absolute), process.user.uid/gid when process is present;
 * mounts[].destination; linux.namespaces[].type. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "runsc/error.h"
#include "sentry/sandbox.h"

/* A NULL-terminated string array with its length (items is never NULL
 * after a successful parse, even when the field is absent). */
struct oci_strv {
	char **items;
	size_t n;
};

struct oci_rlimit {
	int resource; /* RLIMIT_* */
	uint64_t soft, hard;
};

struct oci_user {
	uint32_t uid, gid;
	uint32_t umask; /* valid if has_umask */
	bool has_umask;
	uint32_t *additional_gids;
	size_t n_additional_gids;
};

struct oci_capabilities {
	struct oci_strv bounding, effective, inheritable, permitted, ambient;
};

struct oci_process {
	bool terminal;
	struct oci_user user;
	struct oci_strv args;
	struct oci_strv env;
	char *cwd;
	struct oci_rlimit *rlimits;
	size_t n_rlimits;
	bool no_new_privileges;
	bool has_capabilities;
	struct oci_capabilities capabilities;
};

struct oci_root {
	char *path;
	bool readonly;
};

struct oci_mount {
	char *destination;
	char *type;   /* NULL if absent */
	char *source; /* NULL if absent */
	struct oci_strv options;
};

struct oci_namespace {
	char *type; /* pid, network, mount, ipc, uts, user, cgroup, time */
	char *path; /* NULL if absent */
};

struct oci_id_mapping {
	uint32_t container_id, host_id, size;
};

struct oci_linux {
	struct oci_namespace *namespaces;
	size_t n_namespaces;
	struct oci_id_mapping *uid_mappings, *gid_mappings;
	size_t n_uid_mappings, n_gid_mappings;
	struct oci_strv masked_paths;
	struct oci_strv readonly_paths;
	/* linux.resources is accepted and ignored (no cgroups yet). */
};

struct oci_config {
	char *oci_version;
	bool has_process;
	struct oci_process process;
	struct oci_root root;
	char *hostname; /* NULL if absent */
	struct oci_mount *mounts;
	size_t n_mounts;
	bool has_linux;
	struct oci_linux linux_config; /* "linux" is a GNU C macro */
};

/* Parses a config.json text. name prefixes messages ("config.json").
 * Returns 0 with *out allocated, or -1 with err set. */
int oci_config_parse_string(const char *text, const char *name,
			    struct oci_config **out, struct runsc_error *err);
/* Parses an already decoded JSON document. */
int oci_config_parse_json(json_t *doc, const char *name, struct oci_config **out,
			  struct runsc_error *err);
/* Reads and parses BUNDLE/config.json; messages say "bundle B: ...". */
int oci_config_load_bundle(const char *bundle, struct oci_config **out,
			   struct runsc_error *err);
void oci_config_free(struct oci_config *cfg);

/* The RLIMIT_* value of an OCI rlimit type name ("RLIMIT_NOFILE"), or -1. */
int oci_rlimit_from_name(const char *name);

/* Fills the container part of spec (already runsc_spec_init'ed) from cfg:
 * argv, env, cwd, uid/gid/groups, rlimits over the caller's, terminal,
 * no_new_privs, hostname, host_root (root.path resolved against the
 * absolute bundle directory and checked to be a directory), root readonly,
 * mounts, masked and read-only paths. Returns 0 or -1 with err set. */
int oci_config_to_spec(const struct oci_config *cfg, const char *bundle,
		       struct sandbox_spec *spec, struct runsc_error *err);

/* The default config.json of `runsc spec` (runc's defaults: sh in a
 * terminal, rootfs "rootfs" read-only, the standard mounts). args (NULL:
 * {"sh"}) and cwd (NULL: "/") set process.args and process.cwd; netns, if
 * non-NULL, is the path of the network namespace. Returns a new reference
 * or NULL on allocation failure. */
json_t *oci_config_default(char *const *args, const char *cwd, const char *netns);
