/* Conformance: sigaltstack and SA_ONSTACK. */
#include "conf.h"

static char *stack_lo, *stack_hi;
static volatile int on_alt, flags_in_handler;

static void h(int s)
{
	char local;
	on_alt = &local >= stack_lo && &local < stack_hi;
	stack_t cur;
	sigaltstack(NULL, &cur);
	flags_in_handler = cur.ss_flags;
}

int main(void)
{
	conf_init();
	stack_t ss, old;
	EXPECT_OK("query", sigaltstack(NULL, &old));
	printf("initially disabled: %s\n", yesno(old.ss_flags == SS_DISABLE));
	size_t sz = 64 * 1024;
	stack_lo = malloc(sz);
	stack_hi = stack_lo + sz;
	ss.ss_sp = stack_lo;
	ss.ss_size = sz;
	ss.ss_flags = 0;
	EXPECT_OK("install", sigaltstack(&ss, NULL));
	sigaltstack(NULL, &old);
	printf("installed: flags=%d size ok=%s sp ok=%s\n", old.ss_flags, yesno(old.ss_size == sz),
	       yesno(old.ss_sp == stack_lo));
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("handler on alt stack: %s\n", yesno(on_alt));
	printf("SS_ONSTACK in handler: %s\n", yesno(flags_in_handler & SS_ONSTACK));
	sa.sa_flags = 0;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	printf("without SA_ONSTACK on alt stack: %s\n", yesno(on_alt));
	ss.ss_size = 100;
	EXPECT_ERR("too small", sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_size = sz;
	ss.ss_flags = 0x4;
	EXPECT_ERR("bad flags", sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = SS_DISABLE;
	EXPECT_OK("disable", sigaltstack(&ss, NULL));
	sigaltstack(NULL, &old);
	printf("disabled: %s\n", yesno(old.ss_flags == SS_DISABLE));
	/* Stack overflow caught on the alternate stack. */
	pid_t pid = fork();
	if (pid == 0) {
		ss.ss_sp = stack_lo;
		ss.ss_size = sz;
		ss.ss_flags = 0;
		sigaltstack(&ss, NULL);
		struct sigaction sv;
		memset(&sv, 0, sizeof sv);
		sv.sa_handler = _exit;
		sv.sa_flags = SA_ONSTACK;
		sigaction(SIGSEGV, &sv, NULL);
		struct rlimit rl = { 1 << 20, 1 << 20 };
		setrlimit(RLIMIT_STACK, &rl);
		volatile char *p = alloca(16);
		for (;;) {
			p = alloca(4096);
			p[0] = 1;
		}
	}
	printf("overflow child: %s (handler _exit(SIGSEGV))\n", wait_child(pid));
	return conf_end();
}
