/* ELF loader checks (sentry/elf_loader.c: elf_check_header): which headers
 * the sentry accepts for execve, and ENOEXEC for everything else. */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <string.h>
#include "sentry/exec.h"

static Elf64_Ehdr good_header(void)
{
	Elf64_Ehdr eh;
	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_DYN;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(Elf64_Ehdr);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = 4;
	return eh;
}

static const uint64_t file_size = 4096;

Test(elf, accepts_static_and_pie_x86_64)
{
	Elf64_Ehdr eh = good_header();
	cr_assert_eq(elf_check_header(&eh, file_size), 0);
	eh.e_type = ET_EXEC;
	cr_assert_eq(elf_check_header(&eh, file_size), 0);
}

Test(elf, rejects_bad_magic_class_and_endianness)
{
	Elf64_Ehdr eh = good_header();
	eh.e_ident[1] = 'X';
	cr_assert_eq(elf_check_header(&eh, file_size), -ENOEXEC);
	eh = good_header();
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	cr_assert_eq(elf_check_header(&eh, file_size), -ENOEXEC);
	eh = good_header();
	eh.e_ident[EI_DATA] = ELFDATA2MSB;
	cr_assert_eq(elf_check_header(&eh, file_size), -ENOEXEC);
}

Test(elf, rejects_other_machines_and_types)
{
	Elf64_Ehdr eh = good_header();
	eh.e_machine = EM_AARCH64;
	cr_assert_eq(elf_check_header(&eh, file_size), -ENOEXEC);
	eh = good_header();
	eh.e_type = ET_REL;
	cr_assert_eq(elf_check_header(&eh, file_size), -ENOEXEC);
	eh.e_type = ET_CORE;
	cr_assert_eq(elf_check_header(&eh, file_size), -ENOEXEC);
}

Test(elf, program_headers_must_fit_in_the_file)
{
	Elf64_Ehdr eh = good_header();
	eh.e_phoff = file_size - sizeof(Elf64_Phdr); /* 4 headers: past the end */
	cr_assert_eq(elf_check_header(&eh, file_size), -ENOEXEC);
	eh = good_header();
	eh.e_phoff = UINT64_MAX - 8; /* offset + size wraps around */
	cr_assert_eq(elf_check_header(&eh, UINT64_MAX), -ENOEXEC);
	eh = good_header();
	eh.e_phnum = 0;
	cr_assert_eq(elf_check_header(&eh, file_size), -ENOEXEC);
	eh = good_header();
	eh.e_phnum = 65535; /* more than Linux's 64 KiB of program headers */
	cr_assert_eq(elf_check_header(&eh, UINT64_MAX / 2), -ENOEXEC);
	eh = good_header();
	eh.e_phentsize = 32;
	cr_assert_eq(elf_check_header(&eh, file_size), -ENOEXEC);
}
