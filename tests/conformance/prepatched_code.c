/* Conformance: code from a file whose syscall site trapped in many earlier
 * processes. The seccomp-trap platform then maps later processes' copies
 * of that text from a pre-patched image of the file, with the site's
 * trampoline on the page below the file's offset 0
 * (platform/systrap_textcache.c). Such code must behave like the file's:
 * right results; after mremap moves it, the file's own bytes (a jump is
 * relative to where it was); mapped again at the same place; mapped
 * where the page below is taken; moved while a second thread runs. */
#include "conf.h"
#include <pthread.h>
#include <sys/mman.h>

#define PAGE 4096
#define WARM_CHILDREN 40 /* one trap each: past the platform's 32 */
#define CALLS 100
#define CODE_OFF (PAGE + 16) /* in the file's second page */

typedef long (*code_fn)(void);

/* mov $39, %eax; syscall; ret  (getpid through a wrapper-style site) */
static const uint8_t getpid_code[] = { 0xb8, 0x27, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xc3 };

static int code_fd = -1;

static int write_code_file(void)
{
	uint8_t page[2 * PAGE];
	memset(page, 0xcc, sizeof(page));
	memcpy(page + CODE_OFF, getpid_code, sizeof(getpid_code));
	int fd = open("code.bin", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd < 0 || write(fd, page, sizeof(page)) != (ssize_t)sizeof(page))
		return -1;
	return fd;
}

/* The file's second page mapped executable at a fixed address with free
 * pages below it (free_below: else the page right below is taken). */
static uint8_t *map_code_page(int free_below)
{
	uint8_t *r = mmap(NULL, 16 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		return NULL;
	if (free_below && munmap(r, 7 * PAGE) != 0)
		return NULL;
	uint8_t *at = r + 8 * PAGE;
	uint8_t *p = mmap(at, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, code_fd, PAGE);
	return p == at ? p + (CODE_OFF - PAGE) : NULL;
}

static int wrong_calls(code_fn f, long want, int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++)
		bad += f() != want;
	return bad;
}

/* Runs fn in a child; its exit status (-1 if it died). */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int warm_child(void)
{
	uint8_t *code = map_code_page(1);
	return !code || wrong_calls((code_fn)code, getpid(), 1) != 0;
}

/* Moves the code page (and the code on it) to a fresh place: 0 if the
 * calls there work and the bytes there are the file's. */
static int move_and_check(uint8_t *code)
{
	uint8_t *page = code - (CODE_OFF - PAGE);
	uint8_t *dest = mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (dest == MAP_FAILED)
		return 10;
	uint8_t *moved = mremap(page, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, dest + 2 * PAGE);
	if (moved != dest + 2 * PAGE)
		return 11;
	uint8_t *mcode = moved + (CODE_OFF - PAGE);
	if (memcmp(mcode, getpid_code, sizeof(getpid_code)) != 0)
		return 12;
	return wrong_calls((code_fn)mcode, getpid(), CALLS) ? 13 : 0;
}

static int hot_child(void)
{
	uint8_t *code = map_code_page(1);
	if (!code)
		return 2;
	if (wrong_calls((code_fn)code, getpid(), CALLS))
		return 3;
	/* Unmapped and mapped again at the same place. */
	uint8_t *page = code - (CODE_OFF - PAGE);
	if (munmap(page, PAGE) != 0 ||
	    mmap(page, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, code_fd, PAGE) != page)
		return 4;
	if (wrong_calls((code_fn)code, getpid(), CALLS))
		return 5;
	return move_and_check(code);
}

static int crowded_child(void)
{
	uint8_t *code = map_code_page(0);
	if (!code)
		return 2;
	return wrong_calls((code_fn)code, getpid(), CALLS) ? 3 : 0;
}

static void *spinner(void *arg)
{
	volatile int *stop = arg;
	while (!*stop)
		syscall(SYS_getppid);
	return NULL;
}

static int threaded_child(void)
{
	uint8_t *code = map_code_page(1);
	if (!code)
		return 2;
	volatile int stop = 0;
	pthread_t th;
	if (pthread_create(&th, NULL, spinner, (void *)&stop) != 0)
		return 3;
	int bad = wrong_calls((code_fn)code, getpid(), CALLS) ? 4 : move_and_check(code);
	stop = 1;
	pthread_join(th, NULL);
	return bad;
}

int main(void)
{
	conf_init();
	conf_tmpdir(); /* the code file goes with the scratch directory */
	code_fd = write_code_file();
	CHECK("code file written", code_fd >= 0);
	int warm_bad = 0;
	for (int i = 0; i < WARM_CHILDREN; i++)
		warm_bad += in_child(warm_child) != 0;
	EXPECT_EQ("children calling the file's code once, failed", warm_bad, 0);
	EXPECT_EQ("hot code: calls, remap, move (0 = all right)", in_child(hot_child), 0);
	EXPECT_EQ("hot code with the page below taken", in_child(crowded_child), 0);
	EXPECT_EQ("hot code moved with a second thread", in_child(threaded_child), 0);
	/* The file changes: the next processes must see the new bytes. */
	static const uint8_t getppid_code[] = { 0xb8, 0x6e, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xc3 };
	CHECK("file rewritten", pwrite(code_fd, getppid_code, sizeof(getppid_code), CODE_OFF) ==
				       (ssize_t)sizeof(getppid_code));
	uint8_t *code = map_code_page(1);
	CHECK("new code mapped", code != NULL);
	EXPECT_EQ("rewritten file: wrong results", wrong_calls((code_fn)code, getppid(), CALLS), 0);
	return conf_end();
}
