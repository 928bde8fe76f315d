/* Tests of the --strace formatter (syscalls/strace.c) and the audit log:
 * exact lines as strace 6 prints them, over a fake app memory. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "syscalls/audit.h"
#include "syscalls/strace.h"

/* The fake app memory: BASE..BASE+sizeof(mem); everything else faults. */
#define BASE 0x10000ull
static unsigned char mem[0x4000];
static size_t mem_top;

static int fake_read(void *ctx, void *dst, uint64_t addr, size_t n)
{
	(void)ctx;
	if (addr < BASE || addr + n > BASE + sizeof(mem) || addr + n < addr)
		return -EFAULT;
	memcpy(dst, mem + (addr - BASE), n);
	return 0;
}

static const struct strace_mem fake = { fake_read, NULL };

static void reset(void)
{
	memset(mem, 0, sizeof(mem));
	mem_top = 0;
}

/* Copies n bytes into the fake memory; returns their app address. */
static uint64_t put(const void *data, size_t n)
{
	uint64_t addr = BASE + mem_top;
	memcpy(mem + mem_top, data, n);
	mem_top += (n + 15) & ~15ul;
	return addr;
}

static uint64_t put_str(const char *s)
{
	return put(s, strlen(s) + 1);
}

static struct strace_call call;
static char line[16384];

/* Formats syscall nr with args and result ret. */
static const char *trace(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			 uint64_t a4, uint64_t a5, long ret)
{
	uint64_t args[6] = { a0, a1, a2, a3, a4, a5 };
	strace_enter(&call, nr, syscall_desc_lookup(nr), args, &fake);
	strace_exit(&call, ret, &fake, line, sizeof(line));
	return line;
}

TestSuite(strace, .init = reset);

Test(strace, openat)
{
	uint64_t path = put_str("/etc/passwd");
	cr_assert_str_eq(trace(257, (uint64_t)-100, path, 02000000, 0, 0, 0, 3),
			 "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3\n");
	cr_assert_str_eq(trace(257, (uint64_t)-100, path, 01101, 0666, 0, 0, -2),
			 "openat(AT_FDCWD, \"/etc/passwd\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = "
			 "-1 ENOENT (No such file or directory)\n");
}

Test(strace, short_line_is_aligned)
{
	cr_assert_str_eq(trace(3, 3, 0, 0, 0, 0, 0, 0),
			 "close(3)                                = 0\n");
	uint64_t path = put_str("/etc/ld.so.preload");
	cr_assert_str_eq(trace(21, path, 4, 0, 0, 0, 0, -2),
			 "access(\"/etc/ld.so.preload\", R_OK)      = -1 ENOENT (No such file or directory)\n");
}

Test(strace, read_buffer_escapes_and_cut)
{
	static const unsigned char elf[40] = {
		0x7f, 'E', 'L', 'F', 2, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0,
		3, 0, '>', 0, 1, 0, 0, 0, 0x10, 't', 2, 0, 0, 0, 0, 0, 0x40, 0x40,
	};
	uint64_t buf = put(elf, sizeof(elf));
	cr_assert_str_eq(trace(0, 3, buf, 832, 0, 0, 0, 832),
			 "read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0"
			 "\\20t\\2\\0\\0\\0\\0\\0\"..., 832) = 832\n");
	/* On error the buffer is shown as its address. */
	cr_assert_str_eq(trace(0, 3, buf, 10, 0, 0, 0, -11),
			 "read(3, 0x10000, 10)                    = -1 EAGAIN (Resource temporarily unavailable)\n");
}

Test(strace, write_quotes_like_strace)
{
	uint64_t s = put("a\"b\\c\n\t\001\0007", 10);
	cr_assert_str_eq(trace(1, 1, s, 10, 0, 0, 0, 10),
			 "write(1, \"a\\\"b\\\\c\\n\\t\\1\\0007\", 10)      = 10\n");
	uint64_t long_s = put_str("0123456789abcdefghijklmnopqrstuvwxyz");
	cr_assert_str_eq(trace(1, 1, long_s, 36, 0, 0, 0, 36),
			 "write(1, \"0123456789abcdefghijklmnopqrstuv\"..., 36) = 36\n");
}

Test(strace, null_and_bad_pointers)
{
	cr_assert_str_eq(trace(21, 0xdead0000, 0, 0, 0, 0, 0, -14),
			 "access(0xdead0000, F_OK)                = -1 EFAULT (Bad address)\n");
	cr_assert_str_eq(trace(12, 0, 0, 0, 0, 0, 0, 0x555555559000),
			 "brk(NULL)                               = 0x555555559000\n");
}

Test(strace, execve_argv_envp)
{
	uint64_t path = put_str("/bin/ls");
	uint64_t ls = put_str("ls"), l = put_str("-l");
	uint64_t argv[] = { ls, l, 0 };
	uint64_t av = put(argv, sizeof(argv));
	uint64_t e1 = put_str("A=1"), e2 = put_str("B=2");
	uint64_t envp[] = { e1, e2, 0 };
	uint64_t ev = put(envp, sizeof(envp));
	uint64_t args[6] = { path, av, ev };
	strace_enter(&call, 59, syscall_desc_lookup(59), args, &fake);
	/* The old image is gone after a successful execve: nothing is read. */
	memset(mem, 0, sizeof(mem));
	strace_exit(&call, 0, &fake, line, sizeof(line));
	char want[128];
	snprintf(want, sizeof(want), "execve(\"/bin/ls\", [\"ls\", \"-l\"], %#llx /* 2 vars */) = 0\n",
		 (unsigned long long)ev);
	cr_assert_str_eq(line, want);
}

Test(strace, stat_struct)
{
	unsigned char st[144] = { 0 };
	uint32_t mode = 0100644;
	int64_t size = 123;
	memcpy(st + 24, &mode, 4);
	memcpy(st + 48, &size, 8);
	uint64_t empty = put_str("");
	uint64_t sb = put(st, sizeof(st));
	cr_assert_str_eq(trace(262, 3, empty, sb, 0x1000, 0, 0, 0),
			 "newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=123, ...}, AT_EMPTY_PATH) = 0\n");
	mode = 020666;
	uint64_t rdev = 0x103;
	memcpy(st + 24, &mode, 4);
	memcpy(st + 40, &rdev, 8);
	sb = put(st, sizeof(st));
	cr_assert_str_eq(trace(5, 0, sb, 0, 0, 0, 0, 0),
			 "fstat(0, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0\n");
}

Test(strace, mmap)
{
	cr_assert_str_eq(trace(9, 0, 8192, 3, 0x22, (uint64_t)-1, 0, 0x7f0000000000),
			 "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000\n");
	cr_assert_str_eq(trace(9, 0x7f0000001000, 4096, 5, 0x812, 3, 0x26000, -12),
			 "mmap(0x7f0000001000, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = "
			 "-1 ENOMEM (Cannot allocate memory)\n");
}

Test(strace, signals)
{
	uint64_t act[4] = { 1, 0x14000000, 0x401000, (1ull << 1) | (1ull << 14) };
	uint64_t a = put(act, sizeof(act));
	cr_assert_str_eq(trace(13, 2, a, 0, 8, 0, 0, 0),
			 "rt_sigaction(SIGINT, {sa_handler=SIG_IGN, sa_mask=[INT TERM], "
			 "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x401000}, NULL, 8) = 0\n");
	uint64_t all_but_rt = ~((1ull << 31) | (1ull << 32));
	uint64_t set = put(&all_but_rt, 8);
	uint64_t zero = 0;
	uint64_t old = put(&zero, 8);
	cr_assert_str_eq(trace(14, 2, set, old, 8, 0, 0, 0),
			 "rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], [], 8) = 0\n");
	cr_assert_str_eq(trace(62, 1, 9, 0, 0, 0, 0, 0),
			 "kill(1, SIGKILL)                        = 0\n");
}

Test(strace, clone_and_wait)
{
	cr_assert_str_eq(trace(56, 0x1200011, 0, 0, 0x10a00, 0, 0, 42),
			 "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
			 "child_tidptr=0x10a00) = 42\n");
	int status = 2 << 8;
	uint64_t st = put(&status, sizeof(status));
	cr_assert_str_eq(trace(61, (uint64_t)-1, st, 0, 0, 0, 0, 77),
			 "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 2}], 0, NULL) = 77\n");
	status = 0x8b; /* SIGSEGV with core */
	st = put(&status, sizeof(status));
	cr_assert_str_eq(trace(61, 77, st, 0x40000000, 0, 0, 0, 77),
			 "wait4(77, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}], __WALL, NULL) = 77\n");
}

Test(strace, restart_codes_and_no_return)
{
	cr_assert_str_eq(trace(0, 0, BASE, 10, 0, 0, 0, -512),
			 "read(0, 0x10000, 10)                    = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n");
	uint64_t args[6] = { 0 };
	strace_enter(&call, 231, syscall_desc_lookup(231), args, &fake);
	strace_format_unfinished(&call, line, sizeof(line));
	cr_assert_str_eq(line, "exit_group(0)                           = ?\n");
}

Test(strace, futex_fcntl_ioctl)
{
	cr_assert_str_eq(trace(202, BASE, 129, 1, 0, 0, 0, 0),
			 "futex(0x10000, FUTEX_WAKE_PRIVATE, 1)   = 0\n");
	cr_assert_str_eq(trace(202, BASE, 0x189, 0, 0, 0, 0xffffffff, -110),
			 "futex(0x10000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, "
			 "FUTEX_BITSET_MATCH_ANY) = -1 ETIMEDOUT (Connection timed out)\n");
	cr_assert_str_eq(trace(72, 1, 3, 0, 0, 0, 0, 1),
			 "fcntl(1, F_GETFL)                       = 0x1 (flags O_WRONLY)\n");
	cr_assert_str_eq(trace(72, 3, 2, 1, 0, 0, 0, 0),
			 "fcntl(3, F_SETFD, FD_CLOEXEC)           = 0\n");
	cr_assert_str_eq(trace(16, 1, 0x5401, BASE, 0, 0, 0, -25),
			 "ioctl(1, TCGETS, 0x10000)               = -1 ENOTTY (Inappropriate ioctl for device)\n");
}

Test(strace, sockets_and_poll)
{
	cr_assert_str_eq(trace(41, 2, 0x80001, 0, 0, 0, 0, 3),
			 "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3\n");
	unsigned char sin[16] = { 2, 0, 0, 80, 127, 0, 0, 1 };
	uint64_t sa = put(sin, sizeof(sin));
	cr_assert_str_eq(trace(42, 3, sa, 16, 0, 0, 0, 0),
			 "connect(3, {sa_family=AF_INET, sin_port=htons(80), "
			 "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n");
	int32_t pfd[2] = { 3, 1 };
	uint64_t p = put(pfd, sizeof(pfd));
	uint64_t args[6] = { p, 1, (uint64_t)-1 };
	strace_enter(&call, 7, syscall_desc_lookup(7), args, &fake);
	pfd[1] = 1 | (1 << 16); /* the kernel fills revents */
	memcpy(mem + (p - BASE), pfd, sizeof(pfd));
	strace_exit(&call, 1, &fake, line, sizeof(line));
	cr_assert_str_eq(line, "poll([{fd=3, events=POLLIN}], 1, -1)    = 1 ([{fd=3, revents=POLLIN}])\n");
}

Test(strace, prefix_and_unknown_numbers)
{
	uint64_t args[6] = { 1, 2 };
	strace_enter(&call, 39, syscall_desc_lookup(39), args, &fake);
	strace_line_prefix(&call, 123);
	strace_exit(&call, 123, &fake, line, sizeof(line));
	cr_assert_str_eq(line, "[pid   123] getpid()                    = 123\n");
	cr_assert_str_eq(trace(1000, 1, 2, 0, 0, 0, 0, -38),
			 "syscall_0x3e8(0x1, 0x2, 0, 0, 0, 0)     = -1 ENOSYS (Function not implemented)\n");
}

Test(strace, output_is_cut_safely)
{
	uint64_t path = put_str("/etc/passwd");
	uint64_t args[6] = { (uint64_t)-100, path, 0 };
	strace_enter(&call, 257, syscall_desc_lookup(257), args, &fake);
	char small[16];
	size_t n = strace_exit(&call, 3, &fake, small, sizeof(small));
	cr_assert_eq(n, strlen("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3\n"));
	cr_assert_str_eq(small, "openat(AT_FDCWD");
}

Test(strace, audit_record_is_json)
{
	uint64_t path = put_str("/etc/\"q\"");
	uint64_t args[6] = { (uint64_t)-100, path, 0 };
	strace_enter(&call, 257, syscall_desc_lookup(257), args, &fake);
	strace_exit(&call, -2, &fake, line, sizeof(line));
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	audit_record(f, 1, 2, syscall_desc_lookup(257), args, -2, &call);
	audit_record(f, 1, 2, syscall_desc_lookup(60), args, STRACE_NO_RETURN, NULL);
	fclose(f);

	char *nl = strchr(text, '\n');
	cr_assert_not_null(nl);
	*nl = '\0';
	json_error_t err;
	json_t *o = json_loads(text, 0, &err);
	cr_assert_not_null(o, "%s: %s", err.text, text);
	cr_assert_eq(json_integer_value(json_object_get(o, "pid")), 1);
	cr_assert_eq(json_integer_value(json_object_get(o, "tid")), 2);
	cr_assert_eq(json_integer_value(json_object_get(o, "nr")), 257);
	cr_assert_str_eq(json_string_value(json_object_get(o, "name")), "openat");
	cr_assert_eq(json_integer_value(json_object_get(o, "ret")), -1);
	cr_assert_str_eq(json_string_value(json_object_get(o, "errno")), "ENOENT");
	cr_assert(json_real_value(json_object_get(o, "ts")) > 1e9);
	json_t *a = json_object_get(o, "args");
	cr_assert_eq(json_array_size(a), 3);
	cr_assert_str_eq(json_string_value(json_array_get(a, 0)), "AT_FDCWD");
	cr_assert_str_eq(json_string_value(json_array_get(a, 1)), "\"/etc/\\\"q\\\"\"");
	cr_assert_str_eq(json_string_value(json_array_get(a, 2)), "O_RDONLY");
	json_decref(o);

	o = json_loads(nl + 1, 0, &err);
	cr_assert_not_null(o, "%s", err.text);
	cr_assert_str_eq(json_string_value(json_object_get(o, "name")), "exit");
	cr_assert(json_is_null(json_object_get(o, "ret")));
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(o, "args"), 0)), "0xffffffffffffff9c");
	json_decref(o);
	free(text);
}

Test(strace, every_row_formats_random_arguments)
{
	/* Random memory and arguments (half of them pointing into it) for
	 * every number: no crash, and every line is complete. */
	srand(1234);
	for (size_t i = 0; i < sizeof(mem); i++)
		mem[i] = (unsigned char)rand();
	mem[sizeof(mem) - 1] = 0;
	for (long nr = -1; nr < SYSCALL_TABLE_SIZE + 2; nr++) {
		for (int round = 0; round < 20; round++) {
			uint64_t args[6];
			for (int i = 0; i < 6; i++) {
				switch (rand() % 4) {
				case 0: args[i] = BASE + (uint64_t)(rand() % (int)sizeof(mem)); break;
				case 1: args[i] = (uint64_t)(rand() % 64); break;
				case 2: args[i] = ((uint64_t)rand() << 32) | (uint64_t)rand(); break;
				default: args[i] = 0; break;
				}
			}
			long rets[] = { 0, 1, 33, 4096, -1, -22, -512, -516, 0x7f0000000000, STRACE_NO_RETURN };
			long ret = rets[rand() % 10];
			strace_enter(&call, nr, syscall_desc_lookup(nr), args, &fake);
			size_t n = strace_exit(&call, ret, &fake, line, sizeof(line));
			cr_assert_lt(n, sizeof(line));
			cr_assert_eq(strlen(line), n);
			cr_assert_eq(line[n - 1], '\n');
			cr_assert_not_null(strstr(line, ") "), "%s", line);
		}
	}
}
