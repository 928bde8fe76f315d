/* The initial stack of a new image (fs/binfmt_elf.c's create_elf_tables):
 * strings at the top, then 16 random bytes, the platform string, auxv,
 * envp, argv and argc, 16-byte aligned as the x86_64 ABI requires. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include "sentry/exec.h"
#include "sentry/mm.h"

#define STACK_DEFAULT_SIZE (8ULL << 20)
#define STACK_MAX_SIZE (256ULL << 20)

static uint64_t stack_size(struct task *t)
{
	rlim_t lim = task_rlimit(t, RLIMIT_STACK);
	if (lim == RLIM_INFINITY || lim > STACK_MAX_SIZE)
		return STACK_DEFAULT_SIZE;
	if (lim < 128 * 1024)
		return 128 * 1024;
	return PAGE_ALIGN_UP(lim);
}

int exec_build_stack(struct task *t, const struct exec_stack_info *in, uint64_t *sp_out)
{
	const struct exec_args *a = in->args;
	uint64_t size = stack_size(t);
	long base = mm_map(t, 0, size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, NULL, 0, "[stack]");
	if (base < 0)
		return (int)base;
	uint64_t top = (uint64_t)base + size;
	t->tg->mm->stack_start = (uint64_t)base;
	t->tg->mm->stack_end = top;

	/* Size of the string area (and a sanity bound against the stack). */
	size_t strings = strlen(in->execfn) + 1 + 16 + sizeof("x86_64");
	for (int i = 0; i < a->argc; i++)
		strings += strlen(a->argv[i]) + 1;
	for (int i = 0; i < a->envc; i++)
		strings += strlen(a->envp[i]) + 1;
	size_t nauxv = 24;
	size_t ptrs = 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + 2 * nauxv;
	size_t total = PAGE_ALIGN_UP(strings + 8 + 64 + ptrs * 8 + 64);
	if (total > size / 2)
		return -E2BIG;

	uint8_t *buf = calloc(1, total);
	if (!buf)
		return -ENOMEM;
	uint64_t lo = top - total; /* buf[0] is at address lo */
	size_t pos = total - 8;    /* 8 zero bytes at the very top */
#define PUT_STR(s, addr_out)                                  \
	do {                                                  \
		size_t l_ = strlen(s) + 1;                    \
		pos -= l_;                                    \
		memcpy(buf + pos, (s), l_);                   \
		(addr_out) = lo + pos;                        \
	} while (0)
	uint64_t execfn_addr, platform_addr, random_addr;
	PUT_STR(in->execfn, execfn_addr);
	uint64_t *env_addr = calloc((size_t)a->envc + 1, 8);
	uint64_t *arg_addr = calloc((size_t)a->argc + 1, 8);
	if (!env_addr || !arg_addr) {
		free(buf);
		free(env_addr);
		free(arg_addr);
		return -ENOMEM;
	}
	for (int i = a->envc - 1; i >= 0; i--)
		PUT_STR(a->envp[i], env_addr[i]);
	uint64_t env_end = a->envc ? env_addr[a->envc - 1] + strlen(a->envp[a->envc - 1]) + 1 : lo + pos;
	for (int i = a->argc - 1; i >= 0; i--)
		PUT_STR(a->argv[i], arg_addr[i]);
	uint64_t arg_start = a->argc ? arg_addr[0] : lo + pos;
	uint64_t arg_end = a->envc ? env_addr[0] : env_end;
	PUT_STR("x86_64", platform_addr);
	pos -= 16;
	getrandom(buf + pos, 16, 0);
	random_addr = lo + pos;
	pos &= ~(size_t)15;

	uint64_t auxv[2 * 24];
	size_t n = 0;
#define AUX(k, v) do { auxv[n++] = (k); auxv[n++] = (v); } while (0)
	if (in->vdso)
		AUX(AT_SYSINFO_EHDR, in->vdso);
	AUX(AT_MINSIGSTKSZ, getauxval(AT_MINSIGSTKSZ));
	AUX(AT_HWCAP, getauxval(AT_HWCAP));
	AUX(AT_PAGESZ, 4096);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, in->main->phdr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, in->main->phnum);
	AUX(AT_BASE, in->interp ? in->interp->bias : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, in->main->entry);
	AUX(AT_UID, t->tg->cred.uid);
	AUX(AT_EUID, t->tg->cred.euid);
	AUX(AT_GID, t->tg->cred.gid);
	AUX(AT_EGID, t->tg->cred.egid);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random_addr);
	AUX(AT_HWCAP2, getauxval(AT_HWCAP2));
	AUX(AT_EXECFN, execfn_addr);
	AUX(AT_PLATFORM, platform_addr);
	AUX(AT_NULL, 0);

	size_t words = 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + n;
	pos -= words * 8;
	pos &= ~(size_t)15; /* sp must be 16-byte aligned at entry */
	uint64_t *w = (uint64_t *)(buf + pos);
	size_t k = 0;
	w[k++] = (uint64_t)a->argc;
	for (int i = 0; i < a->argc; i++)
		w[k++] = arg_addr[i];
	w[k++] = 0;
	for (int i = 0; i < a->envc; i++)
		w[k++] = env_addr[i];
	w[k++] = 0;
	memcpy(&w[k], auxv, n * 8);
	free(env_addr);
	free(arg_addr);

	int err = task_copy_out(t, lo + pos, buf + pos, total - pos);
	free(buf);
	if (err)
		return err;
	t->tg->arg_start = arg_start;
	t->tg->arg_end = arg_end;
	t->tg->env_start = arg_end;
	t->tg->env_end = env_end;
	*sp_out = lo + pos;
	return 0;
}
