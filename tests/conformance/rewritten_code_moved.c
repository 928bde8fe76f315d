/* Conformance: code holding libc-style syscall sites that ran often
 * enough for the seccomp-trap platform to rewrite them, then moved or
 * replaced by the app, must keep working: mremap carries the text's bytes
 * to a new address (a rewritten site's jump is relative to where it was),
 * and a new mapping over the old address holds new code (an `int $3`
 * right before a former site must still raise SIGTRAP, not be taken for
 * the rewriter's own breakpoint). */
#include "conf.h"
#include <pthread.h>
#include <setjmp.h>
#include <sys/mman.h>

#define HOT 100 /* calls per site: well past the platform's threshold */

typedef long (*code_fn)(void);

/* mov $39, %eax; syscall; ret  (getpid through a wrapper-style site) */
static const uint8_t getpid_code[] = { 0xb8, 0x27, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xc3 };

static uint8_t *map_code(uint8_t *at, const uint8_t *code, size_t n)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | (at ? MAP_FIXED : 0);
	uint8_t *p = mmap(at, 4096, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memcpy(p, code, n);
	if (mprotect(p, 4096, PROT_READ | PROT_EXEC) != 0)
		return NULL;
	return p;
}

static int calls_match(code_fn f, long want)
{
	int bad = 0;
	for (int i = 0; i < HOT; i++)
		bad += f() != want;
	return bad;
}

static sigjmp_buf trap_jump;
static volatile sig_atomic_t traps;

static void on_trap(int sig)
{
	(void)sig;
	traps++;
	siglongjmp(trap_jump, 1);
}

/* Hot calls at a fresh code page, a move, calls at the new address:
 * how many calls returned the wrong thing (-1 if a step failed). */
static int move_hot_code(long pid)
{
	uint8_t *code = map_code(NULL, getpid_code, sizeof(getpid_code));
	uint8_t *dest = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!code || dest == MAP_FAILED)
		return -1;
	int bad = calls_match((code_fn)code, pid);
	uint8_t *moved = mremap(code, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, dest + 4096);
	if (moved != dest + 4096)
		return -1;
	return bad + calls_match((code_fn)moved, pid);
}

static void *blocked_reader(void *arg)
{
	char c;
	return (void *)(long)read(*(int *)arg, &c, 1);
}

int main(void)
{
	conf_init();
	long pid = syscall(SYS_getpid);

	/* Hot site, then the page moves: the moved code must still work. */
	uint8_t *code = map_code(NULL, getpid_code, sizeof(getpid_code));
	CHECK("code mapped", code != NULL);
	EXPECT_EQ("hot calls before the move, wrong results", calls_match((code_fn)code, pid), 0);
	uint8_t *dest = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("destination reserved", dest != MAP_FAILED);
	uint8_t *moved = mremap(code, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, dest + 4096);
	CHECK("mremap moved the code", moved == dest + 4096);
	EXPECT_EQ("calls after the move, wrong results", calls_match((code_fn)moved, pid), 0);

	/* The same address, new code: an `int $3` (cd 03) whose second byte
	 * is where a rewritten site started, so its trap reports that site's
	 * address + 1, as a hit on the rewriter's own breakpoint would. */
	uint8_t *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("two code pages mapped", two != MAP_FAILED);
	uint8_t *site = map_code(two + 4096, getpid_code, sizeof(getpid_code));
	CHECK("site page mapped", site == two + 4096);
	EXPECT_EQ("hot calls on the second page, wrong results", calls_match((code_fn)site, pid), 0);
	uint8_t *fresh = mmap(two, 8192, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("new pages over the old", fresh == two);
	two[4095] = 0xcd; /* int $3 ... */
	two[4096] = 0x03;
	two[4097] = 0xc3; /* ... then ret */
	CHECK("new code executable", mprotect(two, 8192, PROT_READ | PROT_EXEC) == 0);
	struct sigaction sa = { .sa_handler = on_trap };
	sigaction(SIGTRAP, &sa, NULL);
	if (sigsetjmp(trap_jump, 1) == 0)
		((code_fn)(two + 4095))();
	EXPECT_EQ("SIGTRAPs from the new code's int $3", traps, 1);

	/* The same with a second thread alive (the platform then changes code
	 * by its multi-threaded protocol). */
	int q[2];
	EXPECT_OK("pipe", pipe(q));
	pthread_t th;
	CHECK("thread started", pthread_create(&th, NULL, blocked_reader, &q[0]) == 0);
	EXPECT_EQ("moved code with two threads, wrong results", move_hot_code(pid), 0);
	CHECK("thread released", write(q[1], "x", 1) == 1 && pthread_join(th, NULL) == 0);

	/* And plain unmapping of a hot page loses nothing either. */
	uint8_t *third = map_code(NULL, getpid_code, sizeof(getpid_code));
	CHECK("third code page mapped", third != NULL);
	EXPECT_EQ("hot calls on the third page, wrong results", calls_match((code_fn)third, pid), 0);
	CHECK("munmap of hot code", munmap(third, 4096) == 0);
	return conf_end();
}
