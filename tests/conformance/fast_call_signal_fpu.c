/* Conformance: a signal arriving while a thread is blocked in a hot
 * `mov $0,%eax; syscall` site (which the seccomp-trap platform rewrites,
 * and whose FPU state it saves only on demand) runs a handler that
 * clobbers SSE registers; the interrupted code must find its own xmm8
 * and the call's result intact, every time (SA_RESTART read on a pipe). */
#include "conf.h"
#include <sys/wait.h>

#define ROUNDS 100

static volatile sig_atomic_t hits;

static void on_usr1(int s)
{
	(void)s;
	__asm__ volatile("mov $0x1111111111111111, %%rax\n\t"
			 "movq %%rax, %%xmm8\n\tmovq %%rax, %%xmm0"
			 :
			 :
			 : "rax", "xmm8", "xmm0");
	hits++;
}

/* One read of a byte through a literal `mov $0,%eax; syscall` site, with
 * v live in xmm8 across it; returns what xmm8 holds afterwards. */
static uint64_t read_keeping_xmm8(int fd, char *b, uint64_t v, long *ret)
{
	uint64_t out;
	long r;
	__asm__ volatile("movq %[v], %%xmm8\n\t"
			 "mov $0, %%eax\n\tsyscall\n\t"
			 "movq %%xmm8, %[out]"
			 : [out] "=&r"(out), "=&a"(r)
			 : [v] "r"(v), "D"((long)fd), "S"(b), "d"(1L)
			 : "rcx", "r11", "xmm8", "memory");
	*ret = r;
	return out;
}

int main(void)
{
	conf_init();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	int p[2];
	if (pipe(p) != 0)
		return 1;
	int bad_xmm = 0, bad_ret = 0;
	for (int i = 0; i < ROUNDS; i++) {
		pid_t parent = getpid(), c = fork();
		if (c == 0) {
			usleep(2000);
			kill(parent, SIGUSR1);
			usleep(2000);
			if (write(p[1], "x", 1) != 1)
				_exit(1);
			_exit(0);
		}
		char b = 0;
		long r;
		uint64_t v = 0x1234567800000000ULL + (uint64_t)i;
		if (read_keeping_xmm8(p[0], &b, v, &r) != v)
			bad_xmm++;
		if (r != 1 || b != 'x')
			bad_ret++;
		waitpid(c, NULL, 0);
	}
	conf_eq("handler runs", hits, ROUNDS);
	conf_eq("xmm8 lost", bad_xmm, 0);
	conf_eq("bad reads", bad_ret, 0);
	return conf_end();
}
