/* Conformance: pthread create/join, return values, TLS, gettid. */
#include "conf.h"
#include <pthread.h>

static __thread int tls_value = 5;
static pid_t tids[8];

static void *worker(void *arg)
{
	long i = (long)arg;
	tls_value += (int)i;
	tids[i] = gettid();
	sleep_ms(10);
	return (void *)(long)(tls_value * 10);
}

int main(void)
{
	conf_init();
	pthread_t th[8];
	for (long i = 0; i < 8; i++)
		if (pthread_create(&th[i], NULL, worker, (void *)i) != 0)
			printf("create %ld failed\n", i);
	long sum = 0;
	for (int i = 0; i < 8; i++) {
		void *ret;
		pthread_join(th[i], &ret);
		sum += (long)ret;
	}
	/* each thread: (5 + i) * 10 */
	EXPECT_EQ("sum of thread results", sum, (8 * 5 + 28) * 10);
	EXPECT_EQ("main's TLS untouched", tls_value, 5);
	int distinct = 1, differ_from_pid = 1;
	for (int i = 0; i < 8; i++) {
		if (tids[i] == getpid() || tids[i] <= 0)
			differ_from_pid = 0;
		for (int j = 0; j < i; j++)
			if (tids[i] == tids[j])
				distinct = 0;
	}
	printf("tids distinct: %s\n", yesno(distinct));
	printf("tids != pid: %s\n", yesno(differ_from_pid));
	printf("main gettid == getpid: %s\n", yesno(gettid() == getpid()));
	/* Detached threads finish on their own. */
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_t d;
	EXPECT_EQ("create detached", pthread_create(&d, &a, worker, (void *)0), 0);
	sleep_ms(50);
	/* Threads share the fd table and memory. */
	char buf[32];
	int p[2];
	pipe(p);
	write(p[1], "shared", 6);
	buf[read(p[0], buf, sizeof buf)] = 0;
	EXPECT_STR("pipe read", buf, "shared");
	char task_dir[64];
	snprintf(task_dir, sizeof task_dir, "/proc/self/task");
	int fd = open(task_dir, O_RDONLY | O_DIRECTORY);
	char db[4096];
	long n = syscall(SYS_getdents64, fd, db, sizeof db);
	int entries = 0;
	for (long off = 0; off < n;) {
		const char *nm = db + off + 19;
		if (nm[0] != '.')
			entries++;
		off += *(unsigned short *)(db + off + 16);
	}
	EXPECT_EQ("threads left in /proc/self/task", entries, 1);
	close(fd);
	/* Thread stack size attribute is honoured. */
	pthread_attr_t b;
	pthread_attr_init(&b);
	pthread_attr_setstacksize(&b, 1 << 20);
	pthread_t s;
	EXPECT_EQ("create with 1 MiB stack", pthread_create(&s, &b, worker, (void *)1), 0);
	pthread_join(s, NULL);
	return conf_end();
}
