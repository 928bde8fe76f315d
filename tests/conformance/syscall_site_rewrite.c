/* Conformance: calls from libc-style syscall sites, which the seccomp-trap
 * platform rewrites to enter its stub without a signal (the fast path).
 * Whatever the platform does to these sites, the calls must behave as on
 * Linux: results, registers (all but rax, rcx, r11) and the FPU state
 * preserved, signals interrupting a blocked call (EINTR, SA_RESTART),
 * fork after the sites were patched, threads calling the same sites, and
 * a thread blocked in such a call when the process exits. The raw_*
 * wrappers are not inlined: each is one site, called many times (the
 * platform patches only sites that trap repeatedly). */
#include "conf.h"
#include <pthread.h>
#include <sys/prctl.h>

/* `mov $nr, %eax; syscall`, as in libc's wrappers (b8 imm32 0f 05). */
__attribute__((noinline)) static long raw_getpid(void)
{
	long ret;
	__asm__ volatile("mov $39, %%eax\n\tsyscall" : "=a"(ret) : : "rcx", "r11", "memory");
	return ret;
}

/* Only the threads below call these: their sites are first trapped,
 * and patched, while several threads run. */
__attribute__((noinline)) static long raw_gettid(void)
{
	long ret;
	__asm__ volatile("mov $186, %%eax\n\tsyscall" : "=a"(ret) : : "rcx", "r11", "memory");
	return ret;
}

__attribute__((noinline)) static long raw_getppid(void)
{
	long ret;
	__asm__ volatile("mov $110, %%eax\n\tsyscall" : "=a"(ret) : : "rcx", "r11", "memory");
	return ret;
}

__attribute__((noinline)) static long raw_read(int fd, void *buf, size_t n)
{
	long ret;
	__asm__ volatile("mov $0, %%eax\n\tsyscall"
			 : "=a"(ret)
			 : "D"((long)fd), "S"(buf), "d"(n)
			 : "rcx", "r11", "memory");
	return ret;
}

__attribute__((noinline)) static long raw_write(int fd, const void *buf, size_t n)
{
	long ret;
	__asm__ volatile("mov $1, %%eax\n\tsyscall"
			 : "=a"(ret)
			 : "D"((long)fd), "S"(buf), "d"(n)
			 : "rcx", "r11", "memory");
	return ret;
}

/* getpid with every register but rax, rcx, r11 holding a known value;
 * returns how many came back changed. */
__attribute__((noinline)) static int regs_changed(void)
{
	static __thread uint64_t out[13];
	/* Step over the red zone before pushing (this is a leaf function). */
	__asm__ volatile(
		"sub $128, %%rsp\n\t"
		"push %%rbx\n\tpush %%rbp\n\tpush %%r12\n\tpush %%r13\n\tpush %%r14\n\tpush %%r15\n\t"
		"push %%rdi\n\t"
		"mov $0x1111, %%rsi\n\tmov $0x2222, %%rdx\n\tmov $0x3333, %%r10\n\t"
		"mov $0x4444, %%r8\n\tmov $0x5555, %%r9\n\tmov $0x6666, %%rbx\n\t"
		"mov $0x7777, %%rbp\n\tmov $0x8888, %%r12\n\tmov $0x9999, %%r13\n\t"
		"mov $0xaaaa, %%r14\n\tmov $0xbbbb, %%r15\n\t"
		"mov $0x1234567887654321, %%rax\n\tmovq %%rax, %%xmm8\n\t"
		"mov $0x0fedcba9, %%rdi\n\t"
		"mov $39, %%eax\n\tsyscall\n\t"
		"mov %%rdi, %%rax\n\tpop %%rdi\n\t"
		"mov %%rax, 0(%%rdi)\n\tmov %%rsi, 8(%%rdi)\n\tmov %%rdx, 16(%%rdi)\n\t"
		"mov %%r10, 24(%%rdi)\n\tmov %%r8, 32(%%rdi)\n\tmov %%r9, 40(%%rdi)\n\t"
		"mov %%rbx, 48(%%rdi)\n\tmov %%rbp, 56(%%rdi)\n\tmov %%r12, 64(%%rdi)\n\t"
		"mov %%r13, 72(%%rdi)\n\tmov %%r14, 80(%%rdi)\n\tmov %%r15, 88(%%rdi)\n\t"
		"movq %%xmm8, %%rax\n\tmov %%rax, 96(%%rdi)\n\t"
		"pop %%r15\n\tpop %%r14\n\tpop %%r13\n\tpop %%r12\n\tpop %%rbp\n\tpop %%rbx\n\t"
		"add $128, %%rsp"
		:
		: "D"(out)
		: "rax", "rcx", "rsi", "rdx", "r8", "r9", "r10", "r11", "xmm8", "memory");
	static const uint64_t want[13] = { 0x0fedcba9, 0x1111, 0x2222, 0x3333, 0x4444,
					   0x5555, 0x6666, 0x7777, 0x8888, 0x9999,
					   0xaaaa, 0xbbbb, 0x1234567887654321ULL };
	int changed = 0;
	for (int i = 0; i < 13; i++)
		changed += out[i] != want[i];
	return changed;
}

static volatile sig_atomic_t hits;
static void on_usr1(int s)
{
	(void)s;
	/* Use the FPU in the handler: the interrupted code's state must
	 * come back after it. */
	volatile double x = 1.5;
	for (int i = 0; i < 10; i++)
		x = x * 1.25 + 0.5;
	hits++;
}

/* A child that signals its parent after a while, then writes a byte. */
static pid_t poke_later(int wfd, int write_too)
{
	pid_t parent = getpid();
	pid_t c = fork();
	if (c == 0) {
		sleep_ms(100);
		kill(parent, SIGUSR1);
		if (write_too) {
			sleep_ms(100);
			if (write(wfd, "x", 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	return c;
}

static void test_blocked_read(int restart)
{
	int p[2];
	if (pipe(p) != 0)
		return;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
	/* Warm the site up (it is patched on a first trapped call). */
	char buf[4];
	raw_write(p[1], "ab", 2);
	raw_read(p[0], buf, 2);
	hits = 0;
	pid_t c = poke_later(p[1], restart);
	long r = raw_read(p[0], buf, 1);
	int st;
	waitpid(c, &st, 0);
	if (restart)
		printf("SA_RESTART read: ret=%ld byte=%c handler=%d\n", r, r == 1 ? buf[0] : '-', hits);
	else
		printf("plain read: ret=%s handler=%d\n", r == -EINTR ? "-EINTR" : "other", hits);
	/* syscall()'s site, blocked, interrupted. */
	if (!restart) {
		hits = 0;
		c = poke_later(p[1], 0);
		errno = 0;
		long r2 = syscall(SYS_read, p[0], buf, 1);
		waitpid(c, &st, 0);
		printf("syscall(SYS_read): ret=%ld errno=%s handler=%d\n", r2, ename(errno), hits);
	}
	close(p[0]);
	close(p[1]);
}

struct worker {
	int id;
	int bad;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int p[2];
	if (pipe(p) != 0) {
		w->bad++;
		return NULL;
	}
	pid_t pid = getpid(), ppid = getppid();
	long tid = syscall(SYS_gettid);
	for (int i = 0; i < 2000; i++) {
		if (raw_gettid() != tid || raw_getppid() != ppid)
			w->bad++;
		char c = (char)('a' + (i + w->id) % 26), d = 0;
		if (raw_getpid() != pid || syscall(SYS_getpid) != pid)
			w->bad++;
		if (raw_write(p[1], &c, 1) != 1 || raw_read(p[0], &d, 1) != 1 || c != d)
			w->bad++;
		if (syscall(SYS_gettid) <= 0)
			w->bad++;
		if ((i & 255) == 0 && regs_changed())
			w->bad++;
	}
	close(p[0]);
	close(p[1]);
	return NULL;
}

static void *blocked_forever(void *arg)
{
	int fd = *(int *)arg;
	char c;
	raw_read(fd, &c, 1);
	return NULL;
}

int main(void)
{
	conf_init();
	pid_t pid = getpid();

	int bad = 0;
	for (int i = 0; i < 3000; i++) {
		bad += raw_getpid() != pid;
		bad += getpid() != pid;
		bad += syscall(SYS_getpid) != pid;
	}
	EXPECT_EQ("getpid loop mismatches", bad, 0);
	bad = 0;
	for (int i = 0; i < 20; i++)
		bad += regs_changed();
	EXPECT_EQ("registers changed by calls", bad, 0);

	int p[2];
	EXPECT_OK("pipe", pipe(p));
	bad = 0;
	for (int i = 0; i < 2000; i++) {
		char out[3] = { (char)i, (char)(i >> 8), 'z' }, in[3] = { 0 };
		bad += raw_write(p[1], out, 3) != 3;
		bad += raw_read(p[0], in, 3) != 3 || memcmp(in, out, 3) != 0;
		bad += write(p[1], out, 3) != 3;
		bad += syscall(SYS_read, p[0], in, 3) != 3 || memcmp(in, out, 3) != 0;
	}
	EXPECT_EQ("pipe round trips failed", bad, 0);
	EXPECT_EQ("raw read of a bad fd", raw_read(-1, NULL, 0), -EBADF);
	errno = 0;
	EXPECT_EQ("syscall(SYS_read) of a bad fd", syscall(SYS_read, -1, NULL, 0), -1);
	printf("errno: %s\n", ename(errno));

	/* syscall() with a number outside the fast set (prctl), after the
	 * site was rewritten for getpid. */
	syscall(SYS_prctl, PR_SET_NAME, "rwtest", 0, 0, 0);
	char name[17] = { 0 };
	syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
	EXPECT_STR("prctl through syscall()", name, "rwtest");

	test_blocked_read(0);
	test_blocked_read(1);

	/* fork after patching: the child runs the patched sites. */
	pid_t c = fork();
	if (c == 0) {
		pid_t me = getpid();
		int cbad = 0;
		for (int i = 0; i < 1000; i++) {
			cbad += raw_getpid() != me;
			cbad += syscall(SYS_getpid) != me;
			char x = 'q', y = 0;
			cbad += raw_write(p[1], &x, 1) != 1 || raw_read(p[0], &y, 1) != 1 || y != 'q';
		}
		cbad += regs_changed();
		_exit(cbad ? 1 : 0);
	}
	int st = 0;
	waitpid(c, &st, 0);
	printf("forked child: exited=%s status=%d\n", yesno(WIFEXITED(st)), WEXITSTATUS(st));
	CHECK("parent after fork", raw_getpid() == pid && syscall(SYS_getpid) == pid);

	/* Threads on the same (patched) sites; new sites first trapped while
	 * several threads run. */
	pthread_t th[4];
	struct worker w[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ i, 0 };
		pthread_create(&th[i], NULL, worker_main, &w[i]);
	}
	bad = 0;
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		bad += w[i].bad;
	}
	EXPECT_EQ("thread call mismatches", bad, 0);

	/* Exit while a thread is blocked in a rewritten call. */
	int q[2];
	EXPECT_OK("pipe", pipe(q));
	pthread_t blocker;
	pthread_create(&blocker, NULL, blocked_forever, &q[0]);
	sleep_ms(50);
	printf("exiting with a blocked thread\n");
	return conf_end();
}
