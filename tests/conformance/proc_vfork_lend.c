/* Conformance: what a vfork child may do to its waiting parent, and what it
 * must not. On seccomp-trap the child runs on the parent's own host thread
 * until it execs or exits (platform/seccomp_trap.c, "vfork: the child runs
 * on its parent's host thread"): the parent's FPU state, CPU time and life
 * must come back untouched, and the child must survive its parent. */
#include <stdbool.h>
#include "conf.h"

static volatile double sink;

/* SSE rounding control (MXCSR bits 13-14): 2 = up, 3 = toward zero. */
static unsigned mxcsr_rounding(void)
{
	unsigned v;
	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return (v >> 13) & 3;
}

static void set_mxcsr_rounding(unsigned rc)
{
	unsigned v;
	__asm__ volatile("stmxcsr %0" : "=m"(v));
	v = (v & ~(3u << 13)) | (rc << 13);
	__asm__ volatile("ldmxcsr %0" : : "m"(v));
}

static void burn_cpu_ms(long ms)
{
	struct timespec a, b;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
	do {
		for (int i = 0; i < 100000; i++)
			sink = sink * 1.0000001 + 1.0;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

static long user_ms(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000;
}

/* The child changes the rounding mode and the vector registers, then
 * leaves by _exit or by exec: the parent's own mode must be back. */
static void fpu_state_is_the_parents(bool by_exec)
{
	set_mxcsr_rounding(2);
	volatile double x = 1.0;
	pid_t pid = vfork();
	if (pid == 0) {
		set_mxcsr_rounding(3);
		sink = x / 3.0;
		if (by_exec)
			execl("/bin/true", "true", (char *)NULL);
		_exit(0);
	}
	unsigned mode = mxcsr_rounding();
	printf("after vfork child %s: rounding is the parent's: %s, %s\n",
	       by_exec ? "exec" : "_exit", yesno(mode == 2), wait_child(pid));
	set_mxcsr_rounding(0);
}

/* A child killed while its parent waits: the parent goes on. */
static void child_killed_during_vfork(void)
{
	int p[2];
	if (pipe(p) < 0)
		return;
	pid_t killer = fork();
	if (killer == 0) {
		pid_t victim;
		if (read(p[0], &victim, sizeof(victim)) == sizeof(victim))
			kill(victim, SIGKILL);
		_exit(0);
	}
	pid_t pid = vfork();
	if (pid == 0) {
		pid_t me = getpid();
		(void)!write(p[1], &me, sizeof(me));
		for (;;)
			pause();
	}
	close(p[0]);
	close(p[1]);
	printf("killed vfork child: %s\n", wait_child(pid));
	printf("killer: %s\n", wait_child(killer));
	printf("parent goes on: %s\n", yesno(kill(getpid(), 0) == 0));
}

/* The parent is killed while its vfork child runs: the child lives on,
 * execs, and reports through a pipe to the grandparent. */
static void parent_killed_during_vfork(void)
{
	int p[2];
	if (pipe(p) < 0)
		return;
	pid_t parent = fork();
	if (parent == 0) {
		close(p[0]);
		pid_t pid = vfork();
		if (pid == 0) {
			kill(getppid(), SIGKILL);
			sleep_ms(30);
			dup2(p[1], 1);
			execl("/bin/sh", "sh", "-c", "echo child outlived its parent", (char *)NULL);
			_exit(127);
		}
		_exit(0); /* not reached: killed while waiting */
	}
	close(p[1]);
	printf("vfork parent: %s\n", wait_child(parent));
	print_pipe_line(p[0], "from the orphan");
}

/* CPU time the child burns before exit is the child's, not the parent's. */
static void cpu_time_is_the_childs(void)
{
	long self0 = user_ms(RUSAGE_SELF);
	pid_t pid = vfork();
	if (pid == 0) {
		burn_cpu_ms(60);
		_exit(0);
	}
	printf("busy vfork child: %s\n", wait_child(pid));
	long self = user_ms(RUSAGE_SELF) - self0, kids = user_ms(RUSAGE_CHILDREN);
	printf("child's time counted for the children: %s\n", yesno(kids >= 40));
	printf("child's time not counted for the parent: %s\n", yesno(self < 30));
}

int main(void)
{
	conf_init();
	fpu_state_is_the_parents(false);
	fpu_state_is_the_parents(true);
	child_killed_during_vfork();
	parent_killed_during_vfork();
	cpu_time_is_the_childs();
	/* Many in a row: each child gives the thread back in a state the
	 * parent can go on from. */
	int ok = 0;
	for (int i = 0; i < 50; i++) {
		pid_t pid = vfork();
		if (pid == 0)
			_exit(i & 7);
		int st;
		if (waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == (i & 7))
			ok++;
	}
	printf("50 vfork+_exit in a row: %d ok\n", ok);
	return conf_end();
}
