/* Conformance: brk/sbrk growth and shrink. */
#include "conf.h"

int main(void)
{
	conf_init();
	void *cur = (void *)syscall(SYS_brk, 0);
	printf("brk(0) non-zero: %s\n", yesno(cur != NULL));
	void *same = (void *)syscall(SYS_brk, 0);
	printf("brk(0) stable: %s\n", yesno(cur == same));
	char *target = (char *)cur + (1 << 20);
	void *nb = (void *)syscall(SYS_brk, target);
	printf("grow by 1 MiB: %s\n", yesno(nb == target));
	memset(cur, 0x5a, 1 << 20);
	printf("new memory writable: %s\n", yesno(((char *)cur)[(1 << 20) - 1] == 0x5a));
	nb = (void *)syscall(SYS_brk, (char *)cur + 4096);
	printf("shrink: %s\n", yesno(nb == (char *)cur + 4096));
	nb = (void *)syscall(SYS_brk, (char *)cur + (1 << 20));
	printf("regrown memory is zero: %s\n", yesno(((char *)cur)[8192] == 0));
	/* A request below the start of the heap is refused: brk stays. */
	void *low = (void *)syscall(SYS_brk, (char *)cur - (64 << 20));
	printf("brk below start refused: %s\n", yesno(low == (char *)cur + (1 << 20)));
	/* An impossible request returns the current break. */
	void *huge = (void *)syscall(SYS_brk, (void *)0x7ffffffff000UL);
	printf("huge brk refused: %s\n", yesno(huge == (char *)cur + (1 << 20)));
	syscall(SYS_brk, cur);
	/* RLIMIT_DATA caps growth. */
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 1 << 20, 1 << 20 };
		setrlimit(RLIMIT_DATA, &rl);
		void *c = (void *)syscall(SYS_brk, 0);
		void *n = (void *)syscall(SYS_brk, (char *)c + (64 << 20));
		_exit(n == c ? 0 : 1);
	}
	printf("RLIMIT_DATA blocks 64 MiB brk: %s\n", wait_child(pid));
	/* malloc works after all this. */
	char *m = malloc(100000);
	printf("malloc: %s\n", yesno(m != NULL));
	return conf_end();
}
