/* The embedded stub executable: its memfd and the addresses of its entry
 * points (see stub_x86_64.S for the fixed layout). */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <fcntl.h>
#include "platform/platform.h"

extern const unsigned char stub_image[];
extern const unsigned char stub_image_end[];

struct stub_layout stub_layout;
static int stub_fd = -1;

int stub_memfd(void)
{
	return stub_fd;
}

int stub_layout_init(void)
{
	size_t size = (size_t)(stub_image_end - stub_image);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)stub_image;
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	if (eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > size)
		return -ENOEXEC;

	memset(&stub_layout, 0, sizeof(stub_layout));
	stub_layout.entry = eh->e_entry;
	stub_layout.syscall_insn = eh->e_entry + 0x10;
	stub_layout.clone_insn = eh->e_entry + 0x20;
	stub_layout.child_loop = eh->e_entry + 0x20 + 2 + 3 + 2; /* syscall; test; jnz */
	stub_layout.lo = UINT64_MAX;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(stub_image + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		uint64_t lo = ph[i].p_vaddr & ~4095ULL;
		uint64_t hi = (ph[i].p_vaddr + ph[i].p_memsz + 4095) & ~4095ULL;
		if (lo < stub_layout.lo)
			stub_layout.lo = lo;
		if (hi > stub_layout.hi)
			stub_layout.hi = hi;
		if ((ph[i].p_flags & PF_W) && ph[i].p_memsz >= 4096) {
			stub_layout.scratch = (ph[i].p_vaddr + 4095) & ~4095ULL;
			stub_layout.scratch_size = 4096;
		}
	}
	if (!stub_layout.scratch)
		return -ENOEXEC;

	stub_fd = memfd_create("runsc-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (stub_fd < 0)
		return -errno;
	size_t off = 0;
	while (off < size) {
		ssize_t n = write(stub_fd, stub_image + off, size - off);
		if (n < 0)
			return -errno;
		off += (size_t)n;
	}
	/* The image never changes: seal it so no process can alter it. */
	fcntl(stub_fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	return 0;
}
