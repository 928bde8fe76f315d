/* sentry_run: boots the kernel for one sandbox - the mount tree, the
 * platform, the first process (pid 1) with the caller's stdio - and waits
 * until init's exit ends the sandbox (see sentry/sandbox.h). */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fs/vfs.h"
#include "platform/platform.h"
#include "sentry/clone.h"
#include "sentry/debug.h"
#include "sentry/exec.h"
#include "sentry/host_filter.h"
#include "sentry/kernel.h"
#include "sentry/mm.h"
#include "sentry/sandbox.h"
#include "sentry/task_loop.h"
#include "syscalls/table.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct init_start {
	const struct sandbox_spec *spec;
	struct task *task;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool decided;
	int error; /* 0: init runs */
};

static struct init_start start;

static int copy_args(const struct sandbox_spec *spec, struct exec_args *a)
{
	memset(a, 0, sizeof(*a));
	for (char **p = spec->argv; *p; p++)
		a->argc++;
	for (char **p = spec->envp; p && *p; p++)
		a->envc++;
	a->argv = calloc((size_t)a->argc + 1, sizeof(char *));
	a->envp = calloc((size_t)a->envc + 1, sizeof(char *));
	if (!a->argv || !a->envp)
		return -ENOMEM;
	for (int i = 0; i < a->argc; i++) {
		a->argv[i] = strdup(spec->argv[i]);
		a->bytes += strlen(spec->argv[i]) + 1 + sizeof(char *);
	}
	for (int i = 0; i < a->envc; i++) {
		a->envp[i] = strdup(spec->envp[i]);
		a->bytes += strlen(spec->envp[i]) + 1 + sizeof(char *);
	}
	return 0;
}

static const char *env_path(const struct sandbox_spec *spec)
{
	for (char **p = spec->envp; p && *p; p++)
		if (strncmp(*p, "PATH=", 5) == 0)
			return *p + 5;
	return DEFAULT_PATH;
}

/* execvp's search: the first candidate that exists wins; EACCES is
 * remembered but the search goes on. */
static int exec_first(struct task *t, const struct sandbox_spec *spec)
{
	struct exec_args args;
	int err = copy_args(spec, &args);
	if (err)
		return err;
	const char *cmd = spec->argv[0];
	if (strchr(cmd, '/')) {
		err = (int)exec_image(t, AT_FDCWD, cmd, 0, &args);
		exec_args_free(&args);
		return err;
	}
	int result = -ENOENT;
	const char *path = env_path(spec);
	char cand[4096];
	for (;;) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		if (len == 0)
			snprintf(cand, sizeof(cand), "%s", cmd);
		else
			snprintf(cand, sizeof(cand), "%.*s/%s", (int)len, path, cmd);
		err = (int)exec_image(t, AT_FDCWD, cand, 0, &args);
		if (err == 0) {
			result = 0;
			break;
		}
		if (err == -EACCES)
			result = -EACCES;
		else if (err != -ENOENT && err != -ENOTDIR && err != -ENAMETOOLONG) {
			result = err;
			break;
		}
		if (!colon)
			break;
		path = colon + 1;
	}
	exec_args_free(&args);
	return result;
}

static void init_decided(int error)
{
	pthread_mutex_lock(&start.lock);
	start.decided = true;
	start.error = error;
	pthread_cond_signal(&start.cond);
	pthread_mutex_unlock(&start.lock);
}

static void *init_thread_main(void *arg)
{
	struct task *t = arg;
	task_set_current(t);
	int err = plat->new_process(&t->plat);
	/* From here on the sentry makes only the host calls it lists; the app
	 * has not run a single instruction yet. */
	if (!err)
		err = host_filter_install(start.spec->debug);
	if (!err)
		err = exec_first(t, start.spec);
	if (!err && t->exiting)
		err = -ENOEXEC;
	init_decided(err);
	if (err) {
		t->exiting = true;
		t->exit_code = 127 << 8;
	}
	task_run(t);
	return NULL;
}

static struct task *make_init(const struct sandbox_spec *spec)
{
	struct task *t = task_alloc();
	struct thread_group *tg = tg_alloc();
	if (!t || !tg)
		return NULL;
	tg->sighand = calloc(1, sizeof(*tg->sighand));
	tg->mm = mm_new();
	if (!tg->sighand || !tg->mm)
		return NULL;
	tg->sighand->refs = 1;
	cred_init_root(&tg->cred);
	tg->cred.uid = tg->cred.euid = tg->cred.suid = tg->cred.fsuid = spec->uid;
	tg->cred.gid = tg->cred.egid = tg->cred.sgid = tg->cred.fsgid = spec->gid;
	for (size_t i = 0; i < spec->n_additional_gids && i < CRED_NGROUPS_INLINE; i++)
		tg->cred.groups[tg->cred.ngroups++] = spec->additional_gids[i];
	memcpy(tg->rlimits, spec->rlimits, sizeof(tg->rlimits));
	tg->no_new_privs = spec->no_new_privs;

	pthread_mutex_lock(&kernel.lock);
	t->tid = tg->tgid = tg->pgid = tg->sid = kernel_alloc_pid();
	tg->leader = t;
	t->tg = tg;
	list_add_tail(&tg->threads, &t->tg_link);
	tg->live_threads = 1;
	list_add_tail(&kernel.tasks, &t->all_link);
	list_add_tail(&kernel.thread_groups, &tg->all_link);
	kernel.init = tg;
	pthread_mutex_unlock(&kernel.lock);

	t->fdt = fd_table_new();
	t->fs = fs_context_new();
	if (!t->fdt || !t->fs)
		return NULL;
	for (int i = 0; i < 3; i++) {
		int fd = spec->stdio_fds[i];
		if (fd < 0)
			continue;
		int dupfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		if (dupfd < 0)
			continue; /* a closed stdio stays closed inside */
		struct vfs_file *f = vfs_host_file_new(dupfd);
		if (f) {
			fd_table_install_at(t->fdt, i, f, false, RLIM_INFINITY);
			vfs_file_put(f);
		}
	}
	snprintf(t->comm, sizeof(t->comm), "init");
	return t;
}

/* An empty, already deleted directory that app processes chroot into, so
 * that even a host call that slipped through could name no host path.
 * Only possible with CAP_SYS_CHROOT; -1 otherwise. */
static int empty_root_dir(void)
{
	if (geteuid() != 0)
		return -1;
	char dir[] = "/tmp/runsc-empty.XXXXXX";
	if (!mkdtemp(dir))
		return -1;
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	rmdir(dir);
	return fd;
}

static int status_to_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}

int sentry_run(const struct sandbox_spec *spec)
{
	kernel_init();
	if (spec->hostname)
		snprintf(kernel.hostname, sizeof(kernel.hostname), "%s", spec->hostname);
	kernel.strace = spec->strace;
	sentry_debug_enabled = spec->debug;
	if (spec->debug)
		syscall_set_unimplemented_log(stderr);
	if (spec->debug_log_fd >= 0)
		kernel.strace_out = fdopen(dup(spec->debug_log_fd), "a");
	if (spec->audit_log_fd >= 0)
		kernel.audit_out = fdopen(dup(spec->audit_log_fd), "a");
	static char filter[4096];
	if (spec->strace_syscalls) {
		size_t n = 0;
		for (char **p = spec->strace_syscalls; *p; p++)
			n += (size_t)snprintf(filter + n, sizeof(filter) - n, "%s%s", n ? "," : "", *p);
		kernel.strace_filter = filter;
	}

	struct vfs_config vcfg = {
		.host_root = spec->host_root ? spec->host_root : "/",
		.root_readonly_lower = spec->root_readonly_lower,
	};
	int err = vfs_init(&vcfg);
	if (err) {
		fprintf(stderr, "runsc: setting up the file system: %s\n", strerror(-err));
		return err;
	}
	/* Every app process the platform spawns is a host child whose death
	 * sends SIGCHLD (exec resets a child's exit signal, so no clone flag
	 * avoids it); ignored by default, it still woke the one sentry
	 * thread that did not block it, once per app process. All threads
	 * started from here inherit the block; children are reaped with
	 * wait4/waitid, which need no signal. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &chld, NULL);
	struct plat_options popts = {
		.empty_root_fd = empty_root_dir(),
		.kind = spec->platform == PLATFORM_SECCOMP_TRAP ? PLAT_SECCOMP_TRAP : PLAT_PTRACE,
		.ptrace_strict = spec->ptrace_strict,
		.systrap_rewrite = spec->systrap_rewrite,
	};
	err = plat_init(&popts);
	if (err) {
		fprintf(stderr, "runsc: platform %s: %s\n",
			spec->platform == PLATFORM_SECCOMP_TRAP ? "seccomp-trap" : "ptrace",
			strerror(-err));
		return err;
	}

	struct task *init = make_init(spec);
	if (!init)
		return -ENOMEM;
	if (spec->cwd) {
		err = fs_context_chdir(init->fs, spec->cwd);
		if (err) {
			fprintf(stderr, "runsc: cwd %s: %s\n", spec->cwd, strerror(-err));
			return err;
		}
	}
	memset(&start, 0, sizeof(start));
	start.spec = spec;
	pthread_mutex_init(&start.lock, NULL);
	pthread_cond_init(&start.cond, NULL);
	err = task_start_thread_fn(init, false, init_thread_main);
	if (err)
		return err;

	pthread_mutex_lock(&start.lock);
	while (!start.decided)
		pthread_cond_wait(&start.cond, &start.lock);
	int start_err = start.error;
	pthread_mutex_unlock(&start.lock);

	pthread_mutex_lock(&kernel.lock);
	while (!kernel.done || kernel.live_sentry_threads > 0)
		pthread_cond_wait(&kernel.done_cond, &kernel.lock);
	int wstatus = kernel.exit_status;
	pthread_mutex_unlock(&kernel.lock);
	if (kernel.strace_out)
		fflush(kernel.strace_out);
	if (kernel.audit_out)
		fflush(kernel.audit_out);
	if (spec->debug)
		syscall_report_unimplemented(stderr);
	if (start_err)
		return start_err;
	return status_to_exit_code(wstatus);
}
