/* Conformance: raw futex WAIT/WAKE semantics. */
#include "conf.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>

static long futex(int *uaddr, int op, int val, const struct timespec *ts)
{
	return syscall(SYS_futex, uaddr, op, val, ts, NULL, 0);
}

static int word;
static atomic_int waiting;

static void *waiter(void *arg)
{
	atomic_fetch_add(&waiting, 1);
	while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0)
		futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL);
	return NULL;
}

int main(void)
{
	conf_init();
	int v = 5;
	EXPECT_ERR("WAIT value mismatch", futex(&v, FUTEX_WAIT_PRIVATE, 4, NULL), EAGAIN);
	struct timespec ts = { 0, 30000000 };
	long long t = now_ns();
	EXPECT_ERR("WAIT timeout", futex(&v, FUTEX_WAIT_PRIVATE, 5, &ts), ETIMEDOUT);
	printf("waited >= 25ms: %s\n", yesno(now_ns() - t >= 25000000LL));
	EXPECT_EQ("WAKE nobody", futex(&v, FUTEX_WAKE_PRIVATE, 1, NULL), 0);
	EXPECT_ERR("unaligned", futex((int *)((char *)&v + 1), FUTEX_WAIT_PRIVATE, 0, NULL), EINVAL);
	EXPECT_ERR("EFAULT", futex((int *)8, FUTEX_WAIT_PRIVATE, 0, NULL), EFAULT);
	EXPECT_ERR("bad op", futex(&v, 99, 0, NULL), ENOSYS);
	struct timespec bad = { 0, -1 };
	EXPECT_ERR("bad timeout", futex(&v, FUTEX_WAIT_PRIVATE, 5, &bad), EINVAL);
	pthread_t th[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&th[i], NULL, waiter, NULL);
	while (atomic_load(&waiting) < 3)
		sleep_ms(1);
	sleep_ms(50); /* let them block */
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	long woke = futex(&word, FUTEX_WAKE_PRIVATE, 2, NULL);
	long woke2 = futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL);
	printf("woke total 3 (2 then 1): %s\n", yesno(woke == 2 && woke2 == 1));
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	/* Shared futex across fork through a MAP_SHARED page. */
	#include <sys/mman.h>
	int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*shared = 0;
	pid_t pid = fork();
	if (pid == 0) {
		while (__atomic_load_n(shared, __ATOMIC_SEQ_CST) == 0)
			futex(shared, FUTEX_WAIT, 0, NULL);
		_exit(*shared);
	}
	sleep_ms(50);
	__atomic_store_n(shared, 9, __ATOMIC_SEQ_CST);
	futex(shared, FUTEX_WAKE, 1, NULL);
	printf("shared futex child: %s\n", wait_child(pid));
	/* FUTEX_WAIT_BITSET with absolute CLOCK_MONOTONIC timeout. */
	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 20000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	EXPECT_ERR("WAIT_BITSET absolute timeout",
		   syscall(SYS_futex, &v, FUTEX_WAIT_BITSET_PRIVATE, 5, &abs, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
	EXPECT_ERR("WAIT_BITSET zero mask",
		   syscall(SYS_futex, &v, FUTEX_WAIT_BITSET_PRIVATE, 5, &abs, NULL, 0), EINVAL);
	return conf_end();
}
