/* Conformance: orphans are reparented to the nearest subreaper (we set one). */
#include "conf.h"
#include <sys/prctl.h>

int main(void)
{
	conf_init();
	/* Natively the reaper could be anything; becoming a subreaper makes
	 * the result the same natively and inside the sandbox. */
	EXPECT_OK("PR_SET_CHILD_SUBREAPER", prctl(PR_SET_CHILD_SUBREAPER, 1));
	int v = -1;
	prctl(PR_GET_CHILD_SUBREAPER, &v);
	EXPECT_EQ("PR_GET_CHILD_SUBREAPER", v, 1);
	int p[2], hold[2];
	pipe(p);
	pipe(hold);
	pid_t me = getpid();
	pid_t child = fork();
	if (child == 0) {
		pid_t middle = getpid();
		pid_t gc = fork();
		if (gc == 0) {
			close(p[0]);
			int r[2];
			r[0] = getppid() == middle;
			/* Let the middle child exit, then wait to be reparented. */
			close(hold[1]);
			for (int i = 0; i < 400 && getppid() == middle; i++)
				sleep_ms(5);
			r[1] = getppid() == me;
			write(p[1], r, sizeof r);
			_exit(33);
		}
		/* Exit only once the grandchild closed its copy of hold[1]... */
		close(hold[1]);
		char c;
		read(hold[0], &c, 1);
		_exit(0);
	}
	close(p[1]);
	close(hold[0]);
	close(hold[1]);
	printf("middle child: %s\n", wait_child(child));
	int r[2];
	read(p[0], r, sizeof r);
	printf("grandchild's parent was the middle child: %s\n", yesno(r[0] == 1));
	printf("after middle exit, getppid() is us: %s\n", yesno(r[1] == 1));
	/* We can now wait for the grandchild. */
	int st;
	pid_t w = wait(&st);
	printf("reaped grandchild: %s %s\n", yesno(w > 0), wstatus_str(st));
	/* The parent-death signal fires when the middle child exits. */
	child = fork();
	if (child == 0) {
		pid_t gc = fork();
		if (gc == 0) {
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			for (;;)
				pause();
		}
		sleep_ms(50);
		_exit(0);
	}
	printf("middle child: %s\n", wait_child(child));
	w = wait(&st);
	printf("grandchild with PDEATHSIG: %s\n", wstatus_str(st));
	return conf_end();
}
