/* Enough of the classic BPF machine to run the seccomp programs our
 * filter builders emit (loads from seccomp_data, AND, JEQ, RET): shared
 * by the unit tests that pin what a filter allows. */
#pragma once
#include <criterion/criterion.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t run_bpf(const struct sock_filter *prog, int len,
			       const struct seccomp_data *d)
{
	uint32_t a = 0;
	for (int pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &prog[pc];
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			cr_assert(i->k + 4 <= (uint32_t)sizeof(*d));
			memcpy(&a, (const char *)d + i->k, 4);
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= i->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += (a == i->k) ? i->jt : i->jf;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			cr_assert_fail("unexpected BPF opcode %#x", i->code);
		}
	}
	cr_assert_fail("fell off the end of the filter");
	return 0;
}
