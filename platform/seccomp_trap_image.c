/* The seccomp-trap platform's stub image (stub_systrap_x86_64.S +
 * stub_systrap.c, embedded by the build): where its call sites are, read
 * from the image's own symbol table, and the sealed memfd it is
 * host-exec'd from. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "platform/seccomp_trap.h"

extern const unsigned char stub_systrap_image[];
extern const unsigned char stub_systrap_image_end[];

static size_t image_size(void)
{
	return (size_t)(stub_systrap_image_end - stub_systrap_image);
}

static int find_symbol(const char *name, uint64_t *value)
{
	const unsigned char *img = stub_systrap_image;
	size_t size = image_size();
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	if (eh->e_shoff == 0 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > size)
		return -ENOEXEC;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		const Elf64_Shdr *strs = &sh[sh[i].sh_link];
		if (sh[i].sh_offset + sh[i].sh_size > size || strs->sh_offset + strs->sh_size > size)
			return -ENOEXEC;
		const Elf64_Sym *sym = (const Elf64_Sym *)(img + sh[i].sh_offset);
		size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
		for (size_t j = 0; j < n; j++) {
			if (sym[j].st_name >= strs->sh_size)
				continue;
			const char *s = (const char *)img + strs->sh_offset + sym[j].st_name;
			if (strnlen(s, strs->sh_size - sym[j].st_name) < strs->sh_size - sym[j].st_name &&
			    strcmp(s, name) == 0) {
				*value = sym[j].st_value;
				return 0;
			}
		}
	}
	return -ENOEXEC;
}

int systrap_image_layout(struct systrap_layout *out)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)stub_systrap_image;
	size_t size = image_size();
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > size)
		return -ENOEXEC;
	memset(out, 0, sizeof(*out));
	if (find_symbol("systrap_syscall_site", &out->syscall_site) ||
	    find_symbol("systrap_sigreturn_site", &out->sigreturn_site) ||
	    find_symbol("systrap_plain_sigreturn_site", &out->plain_sigreturn_site) ||
	    find_symbol("systrap_clone_site", &out->clone_site) ||
	    find_symbol("systrap_fast_entry", &out->fast_entry) ||
	    find_symbol("systrap_fast_entry_dyn", &out->fast_entry_dyn))
		return -ENOEXEC;
	out->lo = UINT64_MAX;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(stub_systrap_image + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		uint64_t lo = ph[i].p_vaddr & ~4095ULL;
		uint64_t hi = (ph[i].p_vaddr + ph[i].p_memsz + 4095) & ~4095ULL;
		if (lo < out->lo)
			out->lo = lo;
		if (hi > out->hi)
			out->hi = hi;
	}
	return out->hi > out->lo ? 0 : -ENOEXEC;
}

static pthread_once_t memfd_once = PTHREAD_ONCE_INIT;
static int memfd = -1;

static void make_memfd(void)
{
	int fd = memfd_create("runsc-stub-systrap", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return;
	size_t off = 0, size = image_size();
	while (off < size) {
		ssize_t n = write(fd, stub_systrap_image + off, size - off);
		if (n <= 0) {
			close(fd);
			return;
		}
		off += (size_t)n;
	}
	/* The image never changes: seal it so no process can alter it. */
	fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	memfd = fd;
}

int systrap_image_memfd(void)
{
	pthread_once(&memfd_once, make_memfd);
	return memfd;
}
