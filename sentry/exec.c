/* execve/execveat (fs/exec.c): collect the arguments, find the binary
 * format (#! scripts, ELF), pass the point of no return (other threads die,
 * the address space is replaced), load, build the stack, reset what exec
 * resets (close-on-exec fds, handled signals, the alternate stack). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "fs/vfs.h"
#include "platform/platform.h"
#include "sentry/debug.h"
#include "sentry/exec.h"
#include "sentry/exit.h"
#include "sentry/kernel.h"
#include "sentry/mm.h"
#include "sentry/signal.h"

void exec_args_free(struct exec_args *a)
{
	for (int i = 0; i < a->argc; i++)
		free(a->argv[i]);
	for (int i = 0; i < a->envc; i++)
		free(a->envp[i]);
	free(a->argv);
	free(a->envp);
	a->argv = a->envp = NULL;
	a->argc = a->envc = 0;
}

int exec_args_push_front(struct exec_args *a, const char *s)
{
	char **v = realloc(a->argv, sizeof(char *) * ((size_t)a->argc + 2));
	if (!v)
		return -ENOMEM;
	a->argv = v;
	memmove(v + 1, v, sizeof(char *) * ((size_t)a->argc + 1));
	v[0] = strdup(s);
	if (!v[0])
		return -ENOMEM;
	a->argc++;
	a->bytes += strlen(s) + 1 + sizeof(char *);
	return 0;
}

static size_t args_limit(struct task *t)
{
	/* Linux: a quarter of the stack limit, at most 3/4 of _STK_LIM. */
	rlim_t lim = task_rlimit(t, RLIMIT_STACK);
	size_t limit = (8u << 20) / 4 * 3;
	if (lim != RLIM_INFINITY && lim / 4 < limit)
		limit = lim / 4;
	if (limit < 32 * 4096)
		limit = 32 * 4096;
	return limit;
}

/* A window of app memory read in one go: execve's arguments and
 * environment mostly lie next to each other (a caller's initial stack, a
 * shell's heap), so one host read serves many strings instead of one read
 * per pointer and per string (about 60 reads for a shell's environment). */
#define ARG_WINDOW_SIZE 16384
struct arg_window {
	uint64_t base;
	size_t len;
	char buf[ARG_WINDOW_SIZE];
};

/* Points *where at n readable bytes at addr (n may be less than want when
 * the window ends or the memory does); 0 if nothing is readable there. */
static size_t window_at(struct task *t, struct arg_window *w, uint64_t addr, size_t want,
			const char **where)
{
	if (!(addr >= w->base && addr - w->base < w->len && w->len - (addr - w->base) >= want)) {
		ssize_t r = plat_mem_read(t->plat, w->buf, addr, sizeof(w->buf));
		w->base = addr;
		w->len = r > 0 ? (size_t)r : 0;
	}
	size_t off = addr >= w->base && addr - w->base < w->len ? addr - w->base : w->len;
	*where = w->buf + off;
	return w->len - off;
}

/* Copies the string at p (its length to *len) into a new allocation. */
static int copy_arg_string(struct task *t, struct arg_window *w, uint64_t p, char **out,
			   long *len)
{
	const char *src;
	size_t n = window_at(t, w, p, 1, &src);
	const char *nul = n ? memchr(src, 0, n) : NULL;
	if (!nul && n) {
		/* Longer than what the window holds from p: read it anew. */
		w->len = 0;
		n = window_at(t, w, p, 1, &src);
		nul = n ? memchr(src, 0, n) : NULL;
	}
	if (nul) {
		*len = nul - src;
		*out = strndup(src, (size_t)*len);
		return *out ? 0 : -ENOMEM;
	}
	if (n < sizeof(w->buf))
		return -EFAULT; /* the memory ends before the string does */
	char *tmp = malloc(EXEC_MAX_ARG_STRLEN);
	if (!tmp)
		return -ENOMEM;
	*len = task_copy_string_in(t, p, tmp, EXEC_MAX_ARG_STRLEN);
	int err = *len == -ENAMETOOLONG ? -E2BIG : *len < 0 ? (int)*len : 0;
	*out = err ? NULL : strndup(tmp, (size_t)*len);
	free(tmp);
	return err ? err : *out ? 0 : -ENOMEM;
}

/* Copies one NULL-terminated array of strings. */
static int copy_strings(struct task *t, struct arg_window *w, uint64_t addr, char ***out,
			int *count, size_t *bytes, size_t limit)
{
	*out = calloc(1, sizeof(char *));
	*count = 0;
	if (!*out)
		return -ENOMEM;
	if (!addr)
		return 0;
	struct arg_window *ptrs = malloc(sizeof(*ptrs));
	if (!ptrs)
		return -ENOMEM;
	ptrs->len = 0;
	int err = 0;
	for (int i = 0;; i++) {
		uint64_t p;
		const char *src;
		if (window_at(t, ptrs, addr + 8 * (uint64_t)i, 8, &src) < 8) {
			err = -EFAULT;
			break;
		}
		memcpy(&p, src, 8);
		if (!p)
			break;
		char *copy;
		long len;
		err = copy_arg_string(t, w, p, &copy, &len);
		if (err)
			break;
		*bytes += (size_t)len + 1 + sizeof(char *);
		char **v = *bytes > limit ? NULL : realloc(*out, sizeof(char *) * ((size_t)i + 2));
		if (!v) {
			free(copy);
			err = *bytes > limit ? -E2BIG : -ENOMEM;
			break;
		}
		*out = v;
		v[i] = copy;
		v[i + 1] = NULL;
		*count = i + 1;
	}
	free(ptrs);
	return err;
}

int exec_args_copy_in(struct task *t, uint64_t argv, uint64_t envp, struct exec_args *out)
{
	memset(out, 0, sizeof(*out));
	size_t limit = args_limit(t);
	struct arg_window *w = malloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->len = 0;
	int err = copy_strings(t, w, argv, &out->argv, &out->argc, &out->bytes, limit);
	if (!err)
		err = copy_strings(t, w, envp, &out->envp, &out->envc, &out->bytes, limit);
	free(w);
	if (!err && out->argc == 0) {
		/* Linux >= 5.18 gives an empty argv an empty argv[0]. */
		err = exec_args_push_front(out, "");
	}
	if (err)
		exec_args_free(out);
	return err;
}

/* "#!interp [arg]" on the first line: rewrite argv and return the
 * interpreter path in interp. 0 = script, 1 = not a script. */
static int parse_shebang(const char *buf, size_t n, char *interp, size_t isize,
			 char *arg, size_t asize)
{
	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 1;
	char line[256];
	size_t len = n < sizeof(line) - 1 ? n : sizeof(line) - 1;
	memcpy(line, buf + 2, len - 2);
	line[len - 2] = '\0';
	char *nl = strchr(line, '\n');
	if (nl)
		*nl = '\0';
	else if (n >= sizeof(line) - 1)
		return -ENOEXEC; /* an interpreter line longer than Linux reads */
	char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	char *end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	if (!*p)
		return -ENOEXEC;
	char *q = p;
	while (*q && *q != ' ' && *q != '\t')
		q++;
	arg[0] = '\0';
	if (*q) {
		*q++ = '\0';
		while (*q == ' ' || *q == '\t')
			q++;
		snprintf(arg, asize, "%s", q);
	}
	snprintf(interp, isize, "%s", p);
	return 0;
}

/* Kills the other threads of t's group and waits for them (de_thread). */
static void exec_kill_other_threads(struct task *t)
{
	pthread_mutex_lock(&kernel.lock);
	struct thread_group *tg = t->tg;
	list_for_each(pos, &tg->threads) {
		struct task *o = container_of(pos, struct task, tg_link);
		if (o == t)
			continue;
		o->exiting = true;
		o->exit_code = SIGKILL;
		if (o->plat)
			plat->terminate(o->plat);
		task_interrupt(o);
	}
	while (tg->live_threads > 1)
		pthread_cond_wait(&kernel.jobctl_cond, &kernel.lock);
	if (tg->leader != t) {
		/* The exec'ing thread takes over the group's pid. */
		t->tid = tg->tgid;
		tg->leader = t;
	}
	pthread_mutex_unlock(&kernel.lock);
}

/* What exec resets besides the image. */
static void exec_reset_state(struct task *t, const char *filename, struct vfs_file *exe)
{
	fd_table_close_on_exec(t->fdt);
	/* VFS calls before kernel.lock: vfs_lock orders before it. */
	char exe_path[sizeof(t->tg->exe_path)];
	if (vfs_file_path(exe, exe_path, sizeof(exe_path)) < 0)
		exe_path[0] = '\0';
	pthread_mutex_lock(&kernel.lock);
	struct sighand *sh = t->tg->sighand;
	if (sh->refs > 1) {
		/* Stop sharing handlers with a CLONE_SIGHAND sibling. */
		struct sighand *n = malloc(sizeof(*n));
		if (n) {
			*n = *sh;
			n->refs = 1;
			sh->refs--;
			t->tg->sighand = sh = n;
		}
	}
	for (int i = 0; i < SENTRY_NSIG; i++) {
		if (sh->action[i].handler != (uint64_t)(uintptr_t)SIG_IGN)
			memset(&sh->action[i], 0, sizeof(sh->action[i]));
		else
			sh->action[i].flags = 0;
	}
	t->altstack.ss_sp = NULL;
	t->altstack.ss_size = 0;
	t->altstack.ss_flags = SS_DISABLE;
	t->clear_child_tid = 0;
	t->robust_list = 0;
	const char *base = strrchr(filename, '/');
	base = base ? base + 1 : filename;
	snprintf(t->comm, sizeof(t->comm), "%.15s", base);
	struct vfs_file *old_exe = t->tg->exe;
	vfs_file_get(exe);
	t->tg->exe = exe;
	memcpy(t->tg->exe_path, exe_path, sizeof(t->tg->exe_path));
	t->tg->vfork_done = true;
	t->tg->is_vfork_child = false;
	t->tg->exe_changed_since_fork = true;
	/* Waking the parent's sentry thread takes this one ~15 us (a
	 * futex wake, often an IPI): it is done once the new image runs,
	 * rather than before (exec_wake_vfork_parent). */
	t->vfork_wake_deferred = true;
	waitq_notify(&t->tg->vfork_waitq, 1);
	pthread_mutex_unlock(&kernel.lock);
	if (old_exe)
		vfs_file_put(old_exe);
}

void exec_wake_vfork_parent(void *task)
{
	struct task *t = task;
	if (!t->vfork_wake_deferred)
		return;
	t->vfork_wake_deferred = false;
	/* vfork_done is set: any broadcast releases the parent (clone.c). */
	pthread_cond_broadcast(&kernel.jobctl_cond);
}

/* Reads AT_SYSINFO_EHDR from the stub's own initial stack. */
static uint64_t stub_vdso(struct task *t, uint64_t sp)
{
	uint64_t words[512];
	ssize_t n = plat_mem_read(t->plat, words, sp, sizeof(words));
	if (n <= 0)
		return 0;
	size_t count = (size_t)n / 8, i = 1 + words[0] + 1;
	while (i < count && words[i])
		i++;
	for (i++; i + 1 < count && words[i] != AT_NULL; i += 2)
		if (words[i] == AT_SYSINFO_EHDR)
			return words[i + 1];
	return 0;
}

static struct plat_image_key image_key(const struct vfs_file *f)
{
	struct plat_image_key k = { 0 };
	k.valid = f && mm_file_key(f, &k.dev, &k.ino);
	return k;
}

/* elf_map of one image, bracketed for the platform's premapped images
 * (plat_ops.image_begin); *retry when exec must start over. */
static int map_image(struct task *t, int slot, struct vfs_file *f, const struct elf_image *img,
		     uint64_t hint, struct elf_loaded *out, bool *retry)
{
	if (plat->image_begin)
		plat->image_begin(t->plat, slot);
	int err = elf_map(t, f, img, hint, out);
	if (plat->image_end && !plat->image_end(t->plat, slot, err == 0))
		*retry = true;
	return err;
}

/* A fresh address space with the program (and its interpreter) mapped:
 * their mappings in main_l and interp_l, the vDSO's address in *vdso.
 * *retry if the platform's premapped images did not fit (start over). */
static int exec_map_images(struct task *t, struct vfs_file *file, struct elf_image *img,
			   struct vfs_file *interp_file, struct elf_image *interp_img,
			   struct elf_loaded *main_l, struct elf_loaded *interp_l, uint64_t *vdso_out,
			   bool *retry)
{
	uint64_t stub_sp;
	uint64_t vdso = 0;
	int err = plat->exec_reset(t->plat, &stub_sp, &vdso);
	if (err) {
		SENTRY_DEBUG("exec: resetting the address space: %d", err);
		return err;
	}
	struct mm *mm = t->tg->mm;
	pthread_mutex_lock(&mm->lock);
	bool shared = mm->refs > 1;
	pthread_mutex_unlock(&mm->lock);
	if (shared) {
		/* A vfork child leaves the parent's address space behind. */
		mm_put(mm);
		t->tg->mm = mm_new();
		if (!t->tg->mm)
			return -ENOMEM;
	} else {
		mm_clear(mm);
	}
	if (!vdso)
		vdso = stub_vdso(t, stub_sp);
	t->tg->mm->vdso = vdso;
	if (vdso)
		mm_record_map(t->tg->mm, vdso, 2 * MM_PAGE_SIZE, PROT_READ | PROT_EXEC,
			      MAP_PRIVATE, NULL, 0, "[vdso]");

	*vdso_out = vdso;
	if (plat->exec_images) {
		const struct plat_image_key keys[2] = { image_key(file), image_key(interp_file) };
		plat->exec_images(t->plat, keys);
	}
	err = map_image(t, 0, file, img, img->eh.e_type == ET_DYN ? 0x555555554000ULL : 0,
			main_l, retry);
	if (!err && !*retry && interp_file)
		err = map_image(t, 1, interp_file, interp_img, 0, interp_l, retry);
	if (err)
		SENTRY_DEBUG("exec: mapping the %s: %d", main_l->entry ? "interpreter" : "program", err);
	return err;
}

/* Loads the ELF in file (and its interpreter) after the point of no
 * return. Returns 0 or -errno (the caller kills the group). */
static int exec_load_elf(struct task *t, struct vfs_file *file, struct elf_image *img,
			 struct vfs_file *interp_file, struct elf_image *interp_img,
			 struct exec_args *args)
{
	struct elf_loaded main_l = { 0 }, interp_l = { 0 };
	uint64_t vdso = 0;
	bool retry = false;
	int err = exec_map_images(t, file, img, interp_file, interp_img, &main_l, &interp_l,
				  &vdso, &retry);
	if (retry) {
		/* The platform's premapped image did not fit: once more, in a
		 * fresh process (exec_reset gives one, with nothing premapped). */
		SENTRY_DEBUG("exec: premapped image refused, mapping anew");
		mm_clear(t->tg->mm);
		memset(&main_l, 0, sizeof(main_l));
		memset(&interp_l, 0, sizeof(interp_l));
		retry = false;
		err = exec_map_images(t, file, img, interp_file, interp_img, &main_l, &interp_l,
				      &vdso, &retry);
		if (!err && retry)
			err = -EIO; /* a fresh process refused too: cannot happen */
	}
	if (err)
		return err;
	t->tg->mm->brk_start = t->tg->mm->brk = main_l.end;

	struct exec_stack_info si = {
		.args = args,
		.main = &main_l,
		.interp = interp_file ? &interp_l : NULL,
		.vdso = vdso,
		.execfn = args->filename,
	};
	uint64_t sp;
	err = exec_build_stack(t, &si, &sp);
	if (err) {
		SENTRY_DEBUG("exec: building the stack: %d", err);
		return err;
	}

	struct user_regs_struct *r = &t->regs.gp;
	memset(r, 0, sizeof(*r));
	arch_init_user_segments(&t->regs);
	r->rip = interp_file ? interp_l.entry : main_l.entry;
	r->rsp = sp;
	r->eflags = 0x202;
	r->orig_rax = (uint64_t)-1;
	return 0;
}

long exec_image(struct task *t, int dirfd, const char *path, int at_flags,
		struct exec_args *args)
{
	if (at_flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	if (args->bytes > args_limit(t))
		return -E2BIG;
	if (plat->exec_begin)
		plat->exec_begin(t->plat);
	char cur_path[4096];
	snprintf(cur_path, sizeof(cur_path), "%s", path);
	if (!path[0] && (at_flags & AT_EMPTY_PATH))
		snprintf(args->filename, sizeof(args->filename), "/dev/fd/%d", dirfd);
	else if (path[0] == '/' || dirfd == AT_FDCWD)
		snprintf(args->filename, sizeof(args->filename), "%s", path);
	else
		snprintf(args->filename, sizeof(args->filename), "/dev/fd/%d/%s", dirfd, path);

	struct vfs_file *file = NULL;
	uint8_t *head = NULL;
	ssize_t head_len = 0;
	int err = 0;
	for (int depth = 0;; depth++) {
		if (depth > EXEC_MAX_RECURSION) {
			err = -ELOOP;
			goto fail;
		}
		err = vfs_open_exec(t, dirfd, cur_path, at_flags, &file);
		if (err)
			goto fail;
		/* The first page: "#!" or the ELF headers (elf_read_image). */
		head = head ? head : malloc(ELF_HEAD_SIZE);
		if (!head) {
			err = -ENOMEM;
			goto fail;
		}
		head_len = vfs_file_pread(file, head, ELF_HEAD_SIZE, 0);
		if (head_len < 0) {
			err = (int)head_len;
			goto fail;
		}
		char interp[256], arg[256];
		int s = parse_shebang((const char *)head, (size_t)head_len, interp, sizeof(interp), arg,
				      sizeof(arg));
		if (s < 0) {
			err = s;
			goto fail;
		}
		if (s == 1)
			break;
		/* argv becomes: interp [arg] script-path argv[1..]. */
		free(args->argv[0]);
		args->argv[0] = strdup(depth == 0 ? args->filename : cur_path);
		if (!args->argv[0] || (arg[0] && exec_args_push_front(args, arg)) ||
		    exec_args_push_front(args, interp)) {
			err = -ENOMEM;
			goto fail;
		}
		if (args->bytes > args_limit(t)) {
			err = -E2BIG;
			goto fail;
		}
		vfs_file_put(file);
		file = NULL;
		snprintf(cur_path, sizeof(cur_path), "%s", interp);
		dirfd = AT_FDCWD;
		at_flags = 0;
	}

	struct elf_image img, interp_img = { 0 };
	err = elf_read_image(file, head, (size_t)head_len, &img);
	head = NULL; /* img's now, freed with it */
	if (err)
		goto fail;
	char interp_path[4096];
	struct vfs_file *interp_file = NULL;
	int has_interp = elf_interp_path(file, &img, interp_path, sizeof(interp_path));
	if (has_interp < 0) {
		err = has_interp;
		elf_image_free(&img);
		goto fail;
	}
	if (has_interp) {
		err = vfs_open_exec(t, AT_FDCWD, interp_path, 0, &interp_file);
		if (!err)
			err = elf_read_image(interp_file, NULL, 0, &interp_img);
		if (err) {
			if (err == -ENOEXEC)
				err = -ELIBBAD;
			if (interp_file)
				vfs_file_put(interp_file);
			elf_image_free(&img);
			goto fail;
		}
	}

	/* The point of no return. */
	exec_kill_other_threads(t);
	err = exec_load_elf(t, file, &img, interp_file, &interp_img, args);
	if (!err)
		exec_reset_state(t, args->filename, file);
	elf_image_free(&img);
	elf_image_free(&interp_img);
	if (interp_file)
		vfs_file_put(interp_file);
	vfs_file_put(file);
	if (err) {
		SENTRY_DEBUG("exec %s: loading failed: %s", args->filename, strerror(-err));
		pthread_mutex_lock(&kernel.lock);
		exit_begin_group(t->tg, SIGSEGV);
		t->exiting = true;
		pthread_mutex_unlock(&kernel.lock);
	}
	return 0;
fail:
	free(head);
	if (file)
		vfs_file_put(file);
	return err;
}
