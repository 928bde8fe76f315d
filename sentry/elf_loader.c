/* Our ELF loader (fs/binfmt_elf.c's job): header checks, PT_INTERP, and
 * mapping PT_LOAD segments through the VFS into a fresh address space. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fs/file.h"
#include "fs/vfs.h"
#include "platform/platform.h"
#include "sentry/exec.h"
#include "sentry/mm.h"

int elf_check_header(const Elf64_Ehdr *eh, uint64_t file_size)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	if (eh->e_phnum < 1 || eh->e_phnum > 65536 / sizeof(Elf64_Phdr))
		return -ENOEXEC;
	uint64_t ph_end = eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (ph_end < eh->e_phoff || ph_end > file_size)
		return -ENOEXEC;
	return 0;
}


/* Reads [off, off+n) of f into dst, from the image's head when it holds
 * the range. Returns the bytes read or -errno. */
static ssize_t image_read(struct vfs_file *f, const struct elf_image *img, void *dst, size_t n,
			  uint64_t off)
{
	if (off <= img->head_len && n <= img->head_len - off) {
		memcpy(dst, img->head + off, n);
		return (ssize_t)n;
	}
	return vfs_file_pread(f, dst, n, (off_t)off);
}

int elf_read_image(struct vfs_file *f, uint8_t *head, size_t head_len, struct elf_image *img)
{
	memset(img, 0, sizeof(*img));
	img->head = head ? head : malloc(ELF_HEAD_SIZE);
	if (!img->head)
		return -ENOMEM;
	ssize_t n = head ? (ssize_t)head_len : vfs_file_pread(f, img->head, ELF_HEAD_SIZE, 0);
	if (n < 0) {
		elf_image_free(img);
		return (int)n;
	}
	img->head_len = (size_t)n;
	if (n < (ssize_t)sizeof(img->eh)) {
		elf_image_free(img);
		return -ENOEXEC;
	}
	memcpy(&img->eh, img->head, sizeof(img->eh));
	/* Bound by the headers themselves; the reads below catch short files. */
	int err = elf_check_header(&img->eh, UINT64_MAX / 2);
	size_t size = (size_t)img->eh.e_phnum * sizeof(Elf64_Phdr);
	img->ph = err ? NULL : malloc(size);
	if (!err && !img->ph)
		err = -ENOMEM;
	if (!err) {
		n = image_read(f, img, img->ph, size, img->eh.e_phoff);
		if (n != (ssize_t)size)
			err = n < 0 ? (int)n : -ENOEXEC;
	}
	if (err)
		elf_image_free(img);
	return err;
}

void elf_image_free(struct elf_image *img)
{
	free(img->ph);
	img->ph = NULL;
	free(img->head);
	img->head = NULL;
	img->head_len = 0;
}

int elf_interp_path(struct vfs_file *f, const struct elf_image *img, char *buf, size_t size)
{
	for (int i = 0; i < img->eh.e_phnum; i++) {
		const Elf64_Phdr *ph = &img->ph[i];
		if (ph->p_type != PT_INTERP)
			continue;
		if (ph->p_filesz < 2 || ph->p_filesz > size)
			return -ENOEXEC;
		ssize_t n = image_read(f, img, buf, ph->p_filesz, ph->p_offset);
		if (n != (ssize_t)ph->p_filesz)
			return -EIO;
		if (buf[ph->p_filesz - 1] != '\0')
			return -ENOEXEC;
		return 1;
	}
	return 0;
}

static int prot_of(uint32_t pf)
{
	return ((pf & PF_R) ? PROT_READ : 0) | ((pf & PF_W) ? PROT_WRITE : 0) |
	       ((pf & PF_X) ? PROT_EXEC : 0);
}

int elf_map(struct task *t, struct vfs_file *f, const struct elf_image *img,
	    uint64_t hint, struct elf_loaded *out)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	for (int i = 0; i < img->eh.e_phnum; i++) {
		const Elf64_Phdr *ph = &img->ph[i];
		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_filesz > ph->p_memsz)
			return -ENOEXEC;
		if ((ph->p_vaddr & 4095) != (ph->p_offset & 4095))
			return -ENOEXEC;
		if (PAGE_ALIGN_DOWN(ph->p_vaddr) < lo)
			lo = PAGE_ALIGN_DOWN(ph->p_vaddr);
		if (PAGE_ALIGN_UP(ph->p_vaddr + ph->p_memsz) > hi)
			hi = PAGE_ALIGN_UP(ph->p_vaddr + ph->p_memsz);
	}
	if (hi <= lo)
		return -ENOEXEC;

	uint64_t bias = 0;
	if (img->eh.e_type == ET_DYN) {
		/* Reserve the whole span so segments land contiguously. */
		long r = mm_host_call(t, SYS_mmap, hint, hi - lo, PROT_NONE,
				      MAP_PRIVATE | MAP_ANONYMOUS, (uint64_t)-1, 0);
		if (r < 0 && r > -4096)
			return (int)r;
		bias = (uint64_t)r - lo;
	} else if (mm_overlaps_stub(lo, hi - lo)) {
		return -ENOMEM;
	}

	int err = 0;
	out->phdr = 0;
	for (int i = 0; i < img->eh.e_phnum && !err; i++) {
		const Elf64_Phdr *ph = &img->ph[i];
		if (ph->p_type == PT_PHDR)
			out->phdr = bias + ph->p_vaddr;
		if (ph->p_type != PT_LOAD)
			continue;
		if (!out->phdr && img->eh.e_phoff >= ph->p_offset &&
		    img->eh.e_phoff < ph->p_offset + ph->p_filesz)
			out->phdr = bias + ph->p_vaddr + (img->eh.e_phoff - ph->p_offset);
		int prot = prot_of(ph->p_flags);
		uint64_t start = bias + ph->p_vaddr;
		uint64_t page = PAGE_ALIGN_DOWN(start);
		uint64_t off = ph->p_offset - (start - page);
		uint64_t file_end = start + ph->p_filesz;
		uint64_t mem_end = PAGE_ALIGN_UP(start + ph->p_memsz);
		uint64_t file_map_end = PAGE_ALIGN_UP(file_end);
		if (ph->p_filesz) {
			/* (mm_map, so that the platform may map its own copy of
			 * executable text: plat_ops.map_code.) */
			long r = mm_map(t, page, file_map_end - page, prot, MAP_PRIVATE | MAP_FIXED, f,
					off, NULL);
			if (r < 0 && r > -4096) {
				err = (int)r;
				break;
			}
			/* The bss part of the last file page must read as zeros. */
			if (ph->p_memsz > ph->p_filesz && file_end < file_map_end && (prot & PROT_WRITE)) {
				static const char zeros[4096];
				task_copy_out(t, file_end, zeros, file_map_end - file_end);
			}
		} else {
			file_map_end = page;
		}
		if (mem_end > file_map_end) {
			long r = mm_host_call(t, SYS_mmap, file_map_end, mem_end - file_map_end,
					      (uint64_t)prot, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS,
					      (uint64_t)-1, 0);
			if (r < 0 && r > -4096) {
				err = (int)r;
				break;
			}
			mm_record_map(t->tg->mm, file_map_end, mem_end - file_map_end, prot,
				      MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, NULL);
		}
	}
	if (err)
		return err;
	out->bias = bias;
	out->entry = bias + img->eh.e_entry;
	out->phnum = img->eh.e_phnum;
	out->end = bias + hi;
	return 0;
}
