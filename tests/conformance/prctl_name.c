/* Conformance: PR_SET_NAME/PR_GET_NAME and /proc/self/comm. */
#include "conf.h"
#include <sys/prctl.h>
#include <pthread.h>

static void comm(const char *label, const char *path)
{
	char buf[64];
	if (read_file(path, buf, sizeof buf) < 0) {
		printf("%s: %s\n", label, ename(errno));
		return;
	}
	buf[strcspn(buf, "\n")] = 0;
	printf("%s: \"%s\"\n", label, buf);
}

static void *thr(void *arg)
{
	prctl(PR_SET_NAME, "worker-thread");
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/comm", gettid());
	comm("thread comm", path);
	return NULL;
}

int main(void)
{
	conf_init();
	char name[32] = { 0 };
	prctl(PR_GET_NAME, name);
	EXPECT_STR("initial name", name, "prctl_name");
	comm("/proc/self/comm", "/proc/self/comm");
	EXPECT_OK("PR_SET_NAME", prctl(PR_SET_NAME, "renamed"));
	prctl(PR_GET_NAME, name);
	EXPECT_STR("after set", name, "renamed");
	comm("/proc/self/comm", "/proc/self/comm");
	prctl(PR_SET_NAME, "a-very-long-process-name-indeed");
	prctl(PR_GET_NAME, name);
	EXPECT_STR("truncated to 15", name, "a-very-long-pro");
	char buf[4096];
	read_file("/proc/self/status", buf, sizeof buf);
	char *n = strstr(buf, "Name:");
	if (n) {
		n[strcspn(n, "\n")] = 0;
		printf("status %s\n", n);
	}
	int fd = open("/proc/self/comm", O_WRONLY);
	EXPECT_EQ("write /proc/self/comm", write(fd, "viaproc", 7), 7);
	close(fd);
	prctl(PR_GET_NAME, name);
	EXPECT_STR("after /proc write", name, "viaproc");
	pthread_t t;
	pthread_create(&t, NULL, thr, NULL);
	pthread_join(t, NULL);
	prctl(PR_GET_NAME, name);
	EXPECT_STR("main unaffected by thread rename", name, "viaproc");
	/* Name is inherited by fork, replaced by exec. */
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_GET_NAME, name);
		printf("child inherits: %s\n", name);
		execl("/bin/cat", "cat", "/proc/self/comm", (char *)NULL);
		_exit(127);
	}
	wait_child(pid);
	EXPECT_ERR("PR_GET_NAME EFAULT", prctl(PR_GET_NAME, (void *)1), EFAULT);
	return conf_end();
}
