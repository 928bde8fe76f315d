/* Conformance: mprotect + SIGSEGV handler (SEGV_ACCERR), munmap -> SEGV_MAPERR. */
#include "conf.h"
#include <sys/mman.h>
#include <setjmp.h>

static sigjmp_buf jb;
static volatile int seg_code;
static void *volatile seg_addr;

static void on_segv(int s, siginfo_t *si, void *uc)
{
	seg_code = si->si_code;
	seg_addr = si->si_addr;
	siglongjmp(jb, 1);
}

static const char *try_write(volatile char *p)
{
	if (sigsetjmp(jb, 1) == 0) {
		*p = 1;
		return "ok";
	}
	return seg_code == SEGV_ACCERR ? "SEGV_ACCERR" : seg_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other";
}

static const char *try_read(volatile char *p)
{
	if (sigsetjmp(jb, 1) == 0) {
		volatile char c = *p;
		(void)c;
		return "ok";
	}
	return seg_code == SEGV_ACCERR ? "SEGV_ACCERR" : seg_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other";
}

int main(void)
{
	conf_init();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("write rw: %s\n", try_write(p));
	EXPECT_OK("mprotect middle page RO", mprotect(p + pg, pg, PROT_READ));
	printf("write RO page: %s\n", try_write(p + pg + 8));
	printf("si_addr is the address: %s\n", yesno(seg_addr == p + pg + 8));
	printf("read RO page: %s\n", try_read(p + pg));
	printf("write neighbour page: %s\n", try_write(p + 2 * pg));
	mprotect(p + pg, pg, PROT_NONE);
	printf("read PROT_NONE: %s\n", try_read(p + pg));
	mprotect(p + pg, pg, PROT_READ | PROT_WRITE);
	printf("write after restoring: %s\n", try_write(p + pg));
	EXPECT_OK("munmap middle", munmap(p + pg, pg));
	printf("read unmapped: %s\n", try_read(p + pg));
	printf("si_addr is the address: %s\n", yesno(seg_addr == p + pg));
	printf("read page before hole: %s\n", try_read(p));
	EXPECT_ERR("mprotect unmapped", mprotect(p + pg, pg, PROT_READ), ENOMEM);
	EXPECT_ERR("mprotect unaligned", mprotect(p + 1, pg, PROT_READ), EINVAL);
	EXPECT_ERR("mprotect bad prot", mprotect(p, pg, 0x100), EINVAL);
	printf("NULL deref: %s\n", try_read((char *)0));
	/* The handler ran with SIGSEGV blocked and the mask was restored by siglongjmp. */
	sigset_t m;
	sigprocmask(SIG_SETMASK, NULL, &m);
	printf("SIGSEGV unblocked after siglongjmp: %s\n", yesno(!sigismember(&m, SIGSEGV)));
	/* Executing from a non-exec page faults. */
	char *code = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	code[0] = (char)0xc3; /* ret */
	if (sigsetjmp(jb, 1) == 0) {
		((void (*)(void))code)();
		printf("exec non-exec page: ok\n");
	} else {
		printf("exec non-exec page: %s\n", seg_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other");
	}
	mprotect(code, pg, PROT_READ | PROT_EXEC);
	if (sigsetjmp(jb, 1) == 0) {
		((void (*)(void))code)();
		printf("exec after PROT_EXEC: ok\n");
	} else {
		printf("exec after PROT_EXEC: fault\n");
	}
	/* Unhandled fault kills with SIGSEGV. */
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		struct rlimit rl = { 0, 0 };
		setrlimit(RLIMIT_CORE, &rl);
		mprotect(p, pg, PROT_READ);
		p[0] = 1;
		_exit(0);
	}
	printf("unhandled: %s\n", wait_child(pid));
	return conf_end();
}
