/* config.json → struct oci_config (typed, validated, with messages that
 * name the field), struct oci_config → struct sandbox_spec, and the
 * default config.json of `runsc spec`. */
#define _GNU_SOURCE /* asprintf */
#include "runsc/oci_config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "runsc/cleanup.h"
#include "runsc/flags.h"
#include "runsc/spec_build.h"

struct parser {
	const char *name; /* "config.json" */
	struct runsc_error *err;
};

/* "<name>: <field>: <message>" */
static int fail(struct parser *p, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct parser *p, const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return runsc_error_set(p->err, RUNSC_EXIT_FAILURE, 0, "%s: %s: %s", p->name, field, msg);
}

static int nomem(struct parser *p)
{
	return runsc_error_set(p->err, RUNSC_EXIT_FAILURE, ENOMEM, "%s", p->name);
}

static int get_object(struct parser *p, json_t *parent, const char *key,
		      const char *field, bool required, json_t **out)
{
	json_t *v = json_object_get(parent, key);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return fail(p, field, "missing (required)");
		return 0;
	}
	if (!json_is_object(v))
		return fail(p, field, "expected an object");
	*out = v;
	return 0;
}

static int get_string(struct parser *p, json_t *parent, const char *key,
		      const char *field, bool required, char **out)
{
	json_t *v = json_object_get(parent, key);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return fail(p, field, "missing (required)");
		return 0;
	}
	if (!json_is_string(v))
		return fail(p, field, "expected a string");
	*out = strdup(json_string_value(v));
	if (!*out)
		return nomem(p);
	return 0;
}

static int get_bool(struct parser *p, json_t *parent, const char *key,
		    const char *field, bool *out)
{
	json_t *v = json_object_get(parent, key);

	*out = false;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return fail(p, field, "expected true or false");
	*out = json_is_true(v);
	return 0;
}

static int to_u64(struct parser *p, json_t *v, const char *field, uint64_t max,
		  uint64_t *out)
{
	json_int_t i;

	if (!json_is_integer(v))
		return fail(p, field, "expected a non-negative integer");
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i > max)
		return fail(p, field, "%lld is out of range (0 to %llu)", (long long)i,
			    (unsigned long long)max);
	*out = (uint64_t)i;
	return 0;
}

static int get_u32(struct parser *p, json_t *parent, const char *key,
		   const char *field, bool required, uint32_t *out, bool *present)
{
	json_t *v = json_object_get(parent, key);
	uint64_t u = 0;

	if (present)
		*present = false;
	*out = 0;
	if (!v || json_is_null(v)) {
		if (required)
			return fail(p, field, "missing (required)");
		return 0;
	}
	if (to_u64(p, v, field, UINT32_MAX, &u) < 0)
		return -1;
	*out = (uint32_t)u;
	if (present)
		*present = true;
	return 0;
}

static void strv_free(struct oci_strv *v)
{
	runsc_strv_free(v->items);
	v->items = NULL;
	v->n = 0;
}

/* An absent or null array parses as empty. */
static int get_strv(struct parser *p, json_t *parent, const char *key,
		    const char *field, struct oci_strv *out)
{
	json_t *v = json_object_get(parent, key);
	size_t n;

	out->n = 0;
	if (v && !json_is_null(v) && !json_is_array(v))
		return fail(p, field, "expected an array of strings");
	n = v && json_is_array(v) ? json_array_size(v) : 0;
	out->items = calloc(n + 1, sizeof(char *));
	if (!out->items)
		return nomem(p);
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(v, i);

		if (!json_is_string(s))
			return fail(p, field, "expected an array of strings (item %zu is not a string)", i);
		out->items[i] = strdup(json_string_value(s));
		if (!out->items[i])
			return nomem(p);
		out->n = i + 1;
	}
	return 0;
}

/* Gets key as an array (absent or null: *out NULL, *n 0). */
static int get_array(struct parser *p, json_t *parent, const char *key,
		     const char *field, json_t **out, size_t *n)
{
	json_t *v = json_object_get(parent, key);

	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return fail(p, field, "expected an array");
	*out = v;
	*n = json_array_size(v);
	return 0;
}

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{"RLIMIT_AS", RLIMIT_AS},
	{"RLIMIT_CORE", RLIMIT_CORE},
	{"RLIMIT_CPU", RLIMIT_CPU},
	{"RLIMIT_DATA", RLIMIT_DATA},
	{"RLIMIT_FSIZE", RLIMIT_FSIZE},
	{"RLIMIT_LOCKS", RLIMIT_LOCKS},
	{"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
	{"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
	{"RLIMIT_NICE", RLIMIT_NICE},
	{"RLIMIT_NOFILE", RLIMIT_NOFILE},
	{"RLIMIT_NPROC", RLIMIT_NPROC},
	{"RLIMIT_RSS", RLIMIT_RSS},
	{"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
	{"RLIMIT_RTTIME", RLIMIT_RTTIME},
	{"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
	{"RLIMIT_STACK", RLIMIT_STACK},
};

int oci_rlimit_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]); i++)
		if (strcmp(name, rlimit_names[i].name) == 0)
			return rlimit_names[i].resource;
	return -1;
}

static int parse_rlimits(struct parser *p, json_t *process, struct oci_process *out)
{
	json_t *arr;
	size_t n;

	if (get_array(p, process, "rlimits", "process.rlimits", &arr, &n) < 0)
		return -1;
	out->rlimits = calloc(n ? n : 1, sizeof(*out->rlimits));
	if (!out->rlimits)
		return nomem(p);
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(arr, i);
		struct oci_rlimit *r = &out->rlimits[i];
		cleanup_free char *type = NULL;
		char field[64];
		json_t *v;

		snprintf(field, sizeof(field), "process.rlimits[%zu]", i);
		if (!json_is_object(item))
			return fail(p, field, "expected an object");
		snprintf(field, sizeof(field), "process.rlimits[%zu].type", i);
		if (get_string(p, item, "type", field, true, &type) < 0)
			return -1;
		r->resource = oci_rlimit_from_name(type);
		if (r->resource < 0)
			return fail(p, field, "unknown rlimit \"%s\"", type);
		for (size_t j = 0; j < i; j++)
			if (out->rlimits[j].resource == r->resource)
				return fail(p, field, "duplicate rlimit \"%s\"", type);
		snprintf(field, sizeof(field), "process.rlimits[%zu].soft", i);
		v = json_object_get(item, "soft");
		if (!v)
			return fail(p, field, "missing (required)");
		if (to_u64(p, v, field, UINT64_MAX, &r->soft) < 0)
			return -1;
		snprintf(field, sizeof(field), "process.rlimits[%zu].hard", i);
		v = json_object_get(item, "hard");
		if (!v)
			return fail(p, field, "missing (required)");
		if (to_u64(p, v, field, UINT64_MAX, &r->hard) < 0)
			return -1;
		if (r->soft > r->hard)
			return fail(p, field, "soft limit %llu is above the hard limit %llu",
				    (unsigned long long)r->soft, (unsigned long long)r->hard);
		out->n_rlimits = i + 1;
	}
	return 0;
}

static int parse_user(struct parser *p, json_t *process, struct oci_user *out)
{
	json_t *user, *arr;
	size_t n;

	if (get_object(p, process, "user", "process.user", true, &user) < 0)
		return -1;
	if (get_u32(p, user, "uid", "process.user.uid", true, &out->uid, NULL) < 0 ||
	    get_u32(p, user, "gid", "process.user.gid", true, &out->gid, NULL) < 0 ||
	    get_u32(p, user, "umask", "process.user.umask", false, &out->umask,
		    &out->has_umask) < 0)
		return -1;
	if (out->has_umask && out->umask > 0777)
		return fail(p, "process.user.umask", "%o is not a file mode mask", out->umask);
	if (get_array(p, user, "additionalGids", "process.user.additionalGids", &arr, &n) < 0)
		return -1;
	out->additional_gids = calloc(n ? n : 1, sizeof(uint32_t));
	if (!out->additional_gids)
		return nomem(p);
	for (size_t i = 0; i < n; i++) {
		char field[64];
		uint64_t g = 0;

		snprintf(field, sizeof(field), "process.user.additionalGids[%zu]", i);
		if (to_u64(p, json_array_get(arr, i), field, UINT32_MAX, &g) < 0)
			return -1;
		out->additional_gids[i] = (uint32_t)g;
		out->n_additional_gids = i + 1;
	}
	return 0;
}

static int parse_capabilities(struct parser *p, json_t *process,
			      struct oci_process *out)
{
	json_t *caps;
	struct {
		const char *key, *field;
		struct oci_strv *v;
	} sets[] = {
		{"bounding", "process.capabilities.bounding", &out->capabilities.bounding},
		{"effective", "process.capabilities.effective", &out->capabilities.effective},
		{"inheritable", "process.capabilities.inheritable", &out->capabilities.inheritable},
		{"permitted", "process.capabilities.permitted", &out->capabilities.permitted},
		{"ambient", "process.capabilities.ambient", &out->capabilities.ambient},
	};

	if (get_object(p, process, "capabilities", "process.capabilities", false, &caps) < 0)
		return -1;
	out->has_capabilities = caps != NULL;
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		if (get_strv(p, caps, sets[i].key, sets[i].field, sets[i].v) < 0)
			return -1;
		for (size_t j = 0; j < sets[i].v->n; j++)
			if (strncmp(sets[i].v->items[j], "CAP_", 4) != 0)
				return fail(p, sets[i].field, "\"%s\" is not a capability name (CAP_...)",
					    sets[i].v->items[j]);
	}
	return 0;
}

static int parse_process(struct parser *p, json_t *doc, struct oci_config *cfg)
{
	struct oci_process *out = &cfg->process;
	json_t *process;

	if (get_object(p, doc, "process", "process", false, &process) < 0)
		return -1;
	cfg->has_process = process != NULL;
	if (!process) {
		/* Keep the arrays valid so that users need no NULL checks. */
		return get_strv(p, NULL, "args", "process.args", &out->args) < 0 ||
		       get_strv(p, NULL, "env", "process.env", &out->env) < 0 ||
		       parse_capabilities(p, NULL, out) < 0 ? -1 : 0;
	}
	if (get_bool(p, process, "terminal", "process.terminal", &out->terminal) < 0 ||
	    parse_user(p, process, &out->user) < 0)
		return -1;
	if (!json_object_get(process, "args"))
		return fail(p, "process.args", "missing (required)");
	if (get_strv(p, process, "args", "process.args", &out->args) < 0)
		return -1;
	if (out->args.n == 0)
		return fail(p, "process.args", "must name the program to run (empty array)");
	if (get_strv(p, process, "env", "process.env", &out->env) < 0)
		return -1;
	for (size_t i = 0; i < out->env.n; i++)
		if (!strchr(out->env.items[i], '=') || out->env.items[i][0] == '=')
			return fail(p, "process.env", "\"%s\" is not KEY=VALUE", out->env.items[i]);
	if (get_string(p, process, "cwd", "process.cwd", true, &out->cwd) < 0)
		return -1;
	if (out->cwd[0] != '/')
		return fail(p, "process.cwd", "\"%s\" is not an absolute path", out->cwd);
	if (parse_rlimits(p, process, out) < 0 ||
	    get_bool(p, process, "noNewPrivileges", "process.noNewPrivileges",
		     &out->no_new_privileges) < 0 ||
	    parse_capabilities(p, process, out) < 0)
		return -1;
	return 0;
}

static int parse_mounts(struct parser *p, json_t *doc, struct oci_config *cfg)
{
	json_t *arr;
	size_t n;

	if (get_array(p, doc, "mounts", "mounts", &arr, &n) < 0)
		return -1;
	cfg->mounts = calloc(n ? n : 1, sizeof(*cfg->mounts));
	if (!cfg->mounts)
		return nomem(p);
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(arr, i);
		struct oci_mount *m = &cfg->mounts[i];
		char field[64];

		cfg->n_mounts = i + 1;
		snprintf(field, sizeof(field), "mounts[%zu]", i);
		if (!json_is_object(item))
			return fail(p, field, "expected an object");
		snprintf(field, sizeof(field), "mounts[%zu].destination", i);
		if (get_string(p, item, "destination", field, true, &m->destination) < 0)
			return -1;
		if (m->destination[0] != '/')
			return fail(p, field, "\"%s\" is not an absolute path", m->destination);
		snprintf(field, sizeof(field), "mounts[%zu].type", i);
		if (get_string(p, item, "type", field, false, &m->type) < 0)
			return -1;
		snprintf(field, sizeof(field), "mounts[%zu].source", i);
		if (get_string(p, item, "source", field, false, &m->source) < 0)
			return -1;
		snprintf(field, sizeof(field), "mounts[%zu].options", i);
		if (get_strv(p, item, "options", field, &m->options) < 0)
			return -1;
	}
	return 0;
}

static int parse_id_mappings(struct parser *p, json_t *lnx, const char *key,
			     struct oci_id_mapping **out, size_t *count)
{
	char field[80];
	json_t *arr;
	size_t n;

	snprintf(field, sizeof(field), "linux.%s", key);
	if (get_array(p, lnx, key, field, &arr, &n) < 0)
		return -1;
	*out = calloc(n ? n : 1, sizeof(**out));
	if (!*out)
		return nomem(p);
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(arr, i);
		struct oci_id_mapping *m = &(*out)[i];
		char f[96];

		snprintf(field, sizeof(field), "linux.%s[%zu]", key, i);
		if (!json_is_object(item))
			return fail(p, field, "expected an object");
		snprintf(f, sizeof(f), "%s.containerID", field);
		if (get_u32(p, item, "containerID", f, true, &m->container_id, NULL) < 0)
			return -1;
		snprintf(f, sizeof(f), "%s.hostID", field);
		if (get_u32(p, item, "hostID", f, true, &m->host_id, NULL) < 0)
			return -1;
		snprintf(f, sizeof(f), "%s.size", field);
		if (get_u32(p, item, "size", f, true, &m->size, NULL) < 0)
			return -1;
		*count = i + 1;
	}
	return 0;
}

static int parse_linux(struct parser *p, json_t *doc, struct oci_config *cfg)
{
	static const char *const ns_types[] = {"pid", "network", "mount", "ipc",
					       "uts", "user", "cgroup", "time"};
	struct oci_linux *out = &cfg->linux_config;
	json_t *lnx, *arr;
	size_t n;

	if (get_object(p, doc, "linux", "linux", false, &lnx) < 0)
		return -1;
	cfg->has_linux = lnx != NULL;
	if (get_array(p, lnx, "namespaces", "linux.namespaces", &arr, &n) < 0)
		return -1;
	out->namespaces = calloc(n ? n : 1, sizeof(*out->namespaces));
	if (!out->namespaces)
		return nomem(p);
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(arr, i);
		struct oci_namespace *ns = &out->namespaces[i];
		char field[64];
		bool known = false;

		out->n_namespaces = i + 1;
		snprintf(field, sizeof(field), "linux.namespaces[%zu]", i);
		if (!json_is_object(item))
			return fail(p, field, "expected an object");
		snprintf(field, sizeof(field), "linux.namespaces[%zu].type", i);
		if (get_string(p, item, "type", field, true, &ns->type) < 0)
			return -1;
		for (size_t k = 0; k < sizeof(ns_types) / sizeof(ns_types[0]); k++)
			known |= strcmp(ns->type, ns_types[k]) == 0;
		if (!known)
			return fail(p, field, "unknown namespace type \"%s\"", ns->type);
		for (size_t j = 0; j < i; j++)
			if (strcmp(out->namespaces[j].type, ns->type) == 0)
				return fail(p, field, "duplicate namespace \"%s\"", ns->type);
		snprintf(field, sizeof(field), "linux.namespaces[%zu].path", i);
		if (get_string(p, item, "path", field, false, &ns->path) < 0)
			return -1;
	}
	if (parse_id_mappings(p, lnx, "uidMappings", &out->uid_mappings, &out->n_uid_mappings) < 0 ||
	    parse_id_mappings(p, lnx, "gidMappings", &out->gid_mappings, &out->n_gid_mappings) < 0 ||
	    get_strv(p, lnx, "maskedPaths", "linux.maskedPaths", &out->masked_paths) < 0 ||
	    get_strv(p, lnx, "readonlyPaths", "linux.readonlyPaths", &out->readonly_paths) < 0)
		return -1;
	return 0;
}

int oci_config_parse_json(json_t *doc, const char *name, struct oci_config **out,
			  struct runsc_error *err)
{
	struct parser p = {.name = name, .err = err};
	struct oci_config *cfg;
	json_t *root;

	*out = NULL;
	if (!json_is_object(doc))
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0,
				       "%s: expected a JSON object at the top level", name);
	cfg = calloc(1, sizeof(*cfg));
	if (!cfg)
		return nomem(&p);
	if (get_string(&p, doc, "ociVersion", "ociVersion", true, &cfg->oci_version) < 0 ||
	    get_object(&p, doc, "root", "root", true, &root) < 0 ||
	    get_string(&p, root, "path", "root.path", true, &cfg->root.path) < 0 ||
	    get_bool(&p, root, "readonly", "root.readonly", &cfg->root.readonly) < 0 ||
	    parse_process(&p, doc, cfg) < 0 ||
	    get_string(&p, doc, "hostname", "hostname", false, &cfg->hostname) < 0 ||
	    parse_mounts(&p, doc, cfg) < 0 ||
	    parse_linux(&p, doc, cfg) < 0) {
		oci_config_free(cfg);
		return -1;
	}
	if (cfg->root.path[0] == '\0') {
		oci_config_free(cfg);
		return fail(&p, "root.path", "must not be empty");
	}
	*out = cfg;
	return 0;
}

int oci_config_parse_string(const char *text, const char *name,
			    struct oci_config **out, struct runsc_error *err)
{
	json_error_t jerr;
	cleanup_json json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);

	*out = NULL;
	if (!doc)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0, "%s: line %d column %d: %s",
				       name, jerr.line, jerr.column, jerr.text);
	return oci_config_parse_json(doc, name, out, err);
}

int oci_config_load_bundle(const char *bundle, struct oci_config **out,
			   struct runsc_error *err)
{
	cleanup_free char *path = NULL;
	cleanup_file FILE *f = NULL;
	cleanup_json json_t *doc = NULL;
	json_error_t jerr;

	*out = NULL;
	if (asprintf(&path, "%s/config.json", bundle) < 0)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "bundle %s", bundle);
	f = fopen(path, "re");
	if (!f)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno,
				       "bundle %s: open config.json", bundle);
	doc = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0,
				       "bundle %s: config.json: line %d column %d: %s",
				       bundle, jerr.line, jerr.column, jerr.text);
	if (oci_config_parse_json(doc, "config.json", out, err) < 0)
		return runsc_error_prepend(err, "bundle %s", bundle);
	return 0;
}

void oci_config_free(struct oci_config *cfg)
{
	struct oci_process *pr;

	if (!cfg)
		return;
	pr = &cfg->process;
	free(cfg->oci_version);
	free(pr->user.additional_gids);
	strv_free(&pr->args);
	strv_free(&pr->env);
	free(pr->cwd);
	free(pr->rlimits);
	strv_free(&pr->capabilities.bounding);
	strv_free(&pr->capabilities.effective);
	strv_free(&pr->capabilities.inheritable);
	strv_free(&pr->capabilities.permitted);
	strv_free(&pr->capabilities.ambient);
	free(cfg->root.path);
	free(cfg->hostname);
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		free(cfg->mounts[i].destination);
		free(cfg->mounts[i].type);
		free(cfg->mounts[i].source);
		strv_free(&cfg->mounts[i].options);
	}
	free(cfg->mounts);
	for (size_t i = 0; i < cfg->linux_config.n_namespaces; i++) {
		free(cfg->linux_config.namespaces[i].type);
		free(cfg->linux_config.namespaces[i].path);
	}
	free(cfg->linux_config.namespaces);
	free(cfg->linux_config.uid_mappings);
	free(cfg->linux_config.gid_mappings);
	strv_free(&cfg->linux_config.masked_paths);
	strv_free(&cfg->linux_config.readonly_paths);
	free(cfg);
}

static char *strdup_or_null(const char *s, bool *failed)
{
	char *copy;

	if (!s)
		return NULL;
	copy = strdup(s);
	if (!copy)
		*failed = true;
	return copy;
}

int oci_config_to_spec(const struct oci_config *cfg, const char *bundle,
		       struct sandbox_spec *spec, struct runsc_error *err)
{
	const struct oci_process *pr = &cfg->process;
	cleanup_free char *root = NULL;
	struct stat st;
	bool failed = false;

	if (!cfg->has_process)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0,
				       "config.json: process: missing (required to run a container)");
	if (cfg->root.path[0] == '/')
		root = strdup(cfg->root.path);
	else if (asprintf(&root, "%s/%s", bundle, cfg->root.path) < 0)
		root = NULL;
	if (!root)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "root.path");
	spec->host_root = realpath(root, NULL);
	if (!spec->host_root)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "root.path %s", root);
	if (stat(spec->host_root, &st) < 0)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "root.path %s", root);
	if (!S_ISDIR(st.st_mode))
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOTDIR, "root.path %s", root);
	spec->root_readonly = cfg->root.readonly;

	spec->argv = runsc_strv_dup(pr->args.items);
	spec->envp = runsc_strv_dup(pr->env.items);
	spec->cwd = strdup_or_null(pr->cwd, &failed);
	spec->hostname = strdup_or_null(cfg->hostname, &failed);
	spec->uid = pr->user.uid;
	spec->gid = pr->user.gid;
	spec->n_additional_gids = pr->user.n_additional_gids;
	spec->additional_gids = calloc(pr->user.n_additional_gids + 1, sizeof(gid_t));
	if (!spec->argv || !spec->envp || !spec->additional_gids || failed)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "config.json");
	for (size_t i = 0; i < pr->user.n_additional_gids; i++)
		spec->additional_gids[i] = pr->user.additional_gids[i];
	for (size_t i = 0; i < pr->n_rlimits; i++) {
		spec->rlimits[pr->rlimits[i].resource].rlim_cur = pr->rlimits[i].soft;
		spec->rlimits[pr->rlimits[i].resource].rlim_max = pr->rlimits[i].hard;
	}
	spec->terminal = pr->terminal;
	spec->no_new_privs = pr->no_new_privileges;

	spec->mounts = calloc(cfg->n_mounts + 1, sizeof(*spec->mounts));
	if (!spec->mounts)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "config.json");
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		struct sandbox_mount *m = &spec->mounts[i];

		spec->n_mounts = i + 1;
		m->destination = strdup_or_null(cfg->mounts[i].destination, &failed);
		m->type = strdup_or_null(cfg->mounts[i].type, &failed);
		m->source = strdup_or_null(cfg->mounts[i].source, &failed);
		m->options = runsc_strv_dup(cfg->mounts[i].options.items);
		if (!m->options || failed)
			return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "config.json");
	}
	spec->masked_paths = runsc_strv_dup(cfg->linux_config.masked_paths.items);
	spec->readonly_paths = runsc_strv_dup(cfg->linux_config.readonly_paths.items);
	if (!spec->masked_paths || !spec->readonly_paths)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "config.json");
	return 0;
}

static json_t *strings(const char *const *v)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && v[i]; i++)
		if (json_array_append_new(arr, json_string(v[i])) < 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

json_t *oci_config_default(char *const *args, const char *cwd, const char *netns)
{
	static const char *const caps[] = {"CAP_AUDIT_WRITE", "CAP_KILL",
					   "CAP_NET_BIND_SERVICE", NULL};
	static const char *const env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"TERM=xterm", NULL};
	static const char *const sh[] = {"sh", NULL};
	static const char *const masked[] = {
		"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
		"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
		"/proc/sched_debug", "/sys/firmware", "/proc/scsi", NULL};
	static const char *const readonly[] = {"/proc/bus", "/proc/fs", "/proc/irq",
					       "/proc/sys", "/proc/sysrq-trigger", NULL};
	json_t *netns_entry = netns ? json_pack("{s:s,s:s}", "type", "network", "path", netns)
				    : json_pack("{s:s}", "type", "network");

	return json_pack(
		"{s:s,"
		" s:{s:b,s:{s:i,s:i},s:o,s:o,s:s,s:{s:o,s:o,s:o,s:o},"
		"    s:[{s:s,s:i,s:i}],s:b},"
		" s:{s:s,s:b},"
		" s:s,"
		" s:[{s:s,s:s,s:s},"
		"    {s:s,s:s,s:s,s:[s,s,s,s]},"
		"    {s:s,s:s,s:s,s:[s,s,s,s,s,s]},"
		"    {s:s,s:s,s:s,s:[s,s,s,s,s]},"
		"    {s:s,s:s,s:s,s:[s,s,s]},"
		"    {s:s,s:s,s:s,s:[s,s,s,s]}],"
		" s:{s:{s:[{s:b,s:s}]},s:[{s:s},o,{s:s},{s:s},{s:s}],s:o,s:o}}",
		"ociVersion", RUNSC_OCI_VERSION,
		"process",
		"terminal", 1,
		"user", "uid", 0, "gid", 0,
		"args", strings(args ? (const char *const *)args : sh),
		"env", strings(env),
		"cwd", cwd ? cwd : "/",
		"capabilities", "bounding", strings(caps), "effective", strings(caps),
		"permitted", strings(caps), "ambient", strings(caps),
		"rlimits", "type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024,
		"noNewPrivileges", 1,
		"root", "path", "rootfs", "readonly", 1,
		"hostname", "runsc",
		"mounts",
		"destination", "/proc", "type", "proc", "source", "proc",
		"destination", "/dev", "type", "tmpfs", "source", "tmpfs",
		"options", "nosuid", "strictatime", "mode=755", "size=65536k",
		"destination", "/dev/pts", "type", "devpts", "source", "devpts",
		"options", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5",
		"destination", "/dev/shm", "type", "tmpfs", "source", "shm",
		"options", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k",
		"destination", "/dev/mqueue", "type", "mqueue", "source", "mqueue",
		"options", "nosuid", "noexec", "nodev",
		"destination", "/sys", "type", "sysfs", "source", "sysfs",
		"options", "nosuid", "noexec", "nodev", "ro",
		"linux",
		"resources", "devices", "allow", 0, "access", "rwm",
		"namespaces", "type", "pid", netns_entry, "type", "ipc", "type", "uts",
		"type", "mount",
		"maskedPaths", strings(masked),
		"readonlyPaths", strings(readonly));
}
