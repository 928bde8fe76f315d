/* execve: argument collection, binary format dispatch (#! scripts, ELF),
 * the point of no return, and the new image's stack (sentry/exec.c,
 * sentry/elf_loader.c, sentry/exec_stack.c). */
#pragma once
#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include "sentry/task.h"

#define EXEC_MAX_ARG_STRLEN (32 * 4096)
#define EXEC_MAX_RECURSION 4

/* argv and envp copied into the sentry. */
struct exec_args {
	char **argv;
	int argc;
	char **envp;
	int envc;
	size_t bytes; /* strings + pointers, for E2BIG */
	char filename[4096]; /* the path as given (bprm->filename) */
};

void exec_args_free(struct exec_args *a);
/* Prepends/replaces entries for #! (used by the script loader). */
int exec_args_push_front(struct exec_args *a, const char *s);

/* Copies argv/envp from app memory. Errors: EFAULT, E2BIG. */
int exec_args_copy_in(struct task *t, uint64_t argv, uint64_t envp, struct exec_args *out);
/* Replaces t's image. dirfd/path/at_flags as execveat. Returns 0 (the new
 * image is set up in t->regs), or -errno before the point of no return;
 * after it, a failure kills the group with SIGSEGV and returns 0. */
long exec_image(struct task *t, int dirfd, const char *path, int at_flags,
		struct exec_args *args);

/* Wakes the vfork parent that exec released but left asleep
 * (task.vfork_wake_deferred); from t's own sentry thread, before t can
 * block or once its new image runs. A no-op if nothing is pending. */
void exec_wake_vfork_parent(void *task);

/* ---- ELF (elf_loader.c). */
struct elf_image {
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;
	uint8_t *head;   /* the file's first bytes (program headers and the
			  * interpreter's path are usually there) */
	size_t head_len;
};

struct elf_loaded {
	uint64_t entry;
	uint64_t bias;
	uint64_t phdr;    /* address of the program headers in memory */
	uint64_t phnum;
	uint64_t end;     /* page-aligned end of the highest segment */
};

/* Checks an ELF header for a program we can run (pure; unit-tested).
 * file_size bounds the program header table. Returns 0 or -ENOEXEC. */
int elf_check_header(const Elf64_Ehdr *eh, uint64_t file_size);
struct vfs_file;
/* One read of a file's start usually holds the ELF header, the program
 * headers and the interpreter's path: each pread through the VFS is a host
 * call, and an exec reads two images (and the first one's start once
 * already, for "#!"). */
#define ELF_HEAD_SIZE 4096
/* Reads f's ELF and program headers into img; head (malloc'd, its first
 * head_len bytes read from f's start, or NULL: read here) becomes img's. */
int elf_read_image(struct vfs_file *f, uint8_t *head, size_t head_len, struct elf_image *img);
void elf_image_free(struct elf_image *img);
/* Reads PT_INTERP's path (NUL-terminated) into buf; 0 if none, 1 if found. */
int elf_interp_path(struct vfs_file *f, const struct elf_image *img, char *buf, size_t size);
/* Maps img's PT_LOAD segments into t's (fresh) address space. */
int elf_map(struct task *t, struct vfs_file *f, const struct elf_image *img,
	    uint64_t hint, struct elf_loaded *out);

/* ---- The initial stack (exec_stack.c). */
struct exec_stack_info {
	const struct exec_args *args;
	const struct elf_loaded *main;
	const struct elf_loaded *interp; /* NULL for static programs */
	uint64_t vdso;
	const char *execfn;
};
/* Maps the stack and writes argc, argv, envp and auxv; returns the new sp
 * in *sp. Also records arg/env ranges in t->tg. */
int exec_build_stack(struct task *t, const struct exec_stack_info *info, uint64_t *sp);
