/* Conformance: POSIX record locks (F_SETLK/F_SETLKW/F_GETLK) between processes. */
#include "conf.h"

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

int main(void)
{
	conf_init();
	conf_tmpdir();
	write_file("f", "0123456789");
	int fd = open("f", O_RDWR);
	EXPECT_OK("parent write-locks [0,5)", lk(fd, F_SETLK, F_WRLCK, 0, 5));
	EXPECT_OK("parent relocks own range", lk(fd, F_SETLK, F_RDLCK, 0, 5));
	EXPECT_OK("parent write-locks [0,5) again", lk(fd, F_SETLK, F_WRLCK, 0, 5));
	int sync[2];
	pipe(sync);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = open("f", O_RDWR);
		errno = 0;
		int r = lk(cfd, F_SETLK, F_WRLCK, 2, 1);
		printf("child conflicting F_SETLK: %s\n", r < 0 ? ename(errno) : "ok");
		r = lk(cfd, F_SETLK, F_RDLCK, 0, 1);
		printf("child read lock on write-locked: %s\n", r < 0 ? ename(errno) : "ok");
		printf("child lock on [5,10): %s\n", lk(cfd, F_SETLK, F_WRLCK, 5, 5) < 0 ? ename(errno) : "ok");
		struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
		fcntl(cfd, F_GETLK, &q);
		printf("F_GETLK type: %s start=%ld len=%ld pid is parent: %s\n",
		       q.l_type == F_WRLCK ? "F_WRLCK" : q.l_type == F_UNLCK ? "F_UNLCK" : "other",
		       (long)q.l_start, (long)q.l_len, yesno(q.l_pid == parent));
		q = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 7, .l_len = 1 };
		fcntl(cfd, F_GETLK, &q);
		printf("F_GETLK on own lock region: %s\n", q.l_type == F_UNLCK ? "F_UNLCK" : "locked");
		write(sync[1], "1", 1);
		/* Blocks until the parent unlocks. */
		r = lk(cfd, F_SETLKW, F_WRLCK, 0, 5);
		printf("child F_SETLKW after unlock: %s\n", r < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	char c;
	read(sync[0], &c, 1);
	sleep_ms(100);
	/* The child prints once it gets the lock: report our unlock after it. */
	int unlocked = lk(fd, F_SETLK, F_UNLCK, 0, 5);
	printf("child: %s\n", wait_child(pid));
	printf("parent unlock: %s\n", unlocked == 0 ? "ok" : ename(errno));
	/* Child's locks were released at its exit. */
	EXPECT_OK("parent locks whole file after child exit", lk(fd, F_SETLK, F_WRLCK, 0, 0));
	/* Closing any fd of the file drops the process's locks. */
	int other = open("f", O_RDONLY);
	close(other);
	pid = fork();
	if (pid == 0) {
		int cfd = open("f", O_RDWR);
		printf("child lock after parent closed another fd: %s\n",
		       lk(cfd, F_SETLK, F_WRLCK, 0, 0) < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	printf("child: %s\n", wait_child(pid));
	int ro = open("f", O_RDONLY);
	EXPECT_ERR("write lock on O_RDONLY", lk(ro, F_SETLK, F_WRLCK, 0, 1), EBADF);
	EXPECT_ERR("bad type", lk(fd, F_SETLK, 42, 0, 1), EINVAL);
	EXPECT_ERR("negative start", lk(fd, F_SETLK, F_WRLCK, -5, 1), EINVAL);
	EXPECT_ERR("bad fd", lk(999, F_SETLK, F_WRLCK, 0, 1), EBADF);
	return conf_end();
}
