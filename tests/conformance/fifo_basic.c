/* Conformance: named pipes opened by two processes. */
#include "conf.h"

int main(void)
{
	conf_init();
	conf_tmpdir();
	EXPECT_OK("mkfifo", mkfifo("fifo", 0600));
	EXPECT_ERR("mkfifo existing", mkfifo("fifo", 0600), EEXIST);
	struct stat st;
	stat("fifo", &st);
	printf("is fifo: %s\n", yesno(S_ISFIFO(st.st_mode)));
	EXPECT_ERR("O_WRONLY|O_NONBLOCK without reader", open("fifo", O_WRONLY | O_NONBLOCK), ENXIO);
	int r = EXPECT_OK("O_RDONLY|O_NONBLOCK without writer", open("fifo", O_RDONLY | O_NONBLOCK));
	char buf[64];
	EXPECT_EQ("read with no writer ever", read(r, buf, sizeof buf), 0);
	int w = EXPECT_OK("O_WRONLY|O_NONBLOCK with reader", open("fifo", O_WRONLY | O_NONBLOCK));
	write(w, "abc", 3);
	EXPECT_EQ("read", read(r, buf, sizeof buf), 3);
	EXPECT_ERR("read empty with writer", read(r, buf, sizeof buf), EAGAIN);
	close(w);
	close(r);
	/* Blocking open rendezvous: the child writes, the parent reads. */
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("fifo", O_WRONLY);
		write(fd, "from child", 10);
		close(fd);
		_exit(0);
	}
	int fd = EXPECT_OK("blocking open for read", open("fifo", O_RDONLY));
	size_t got = 0;
	ssize_t n;
	while ((n = read(fd, buf + got, sizeof buf - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	EXPECT_STR("data", buf, "from child");
	close(fd);
	printf("child: %s\n", wait_child(pid));
	/* O_RDWR open never blocks on Linux. */
	fd = EXPECT_OK("O_RDWR open", open("fifo", O_RDWR));
	write(fd, "self", 4);
	EXPECT_EQ("read own write", read(fd, buf, sizeof buf), 4);
	close(fd);
	/* Reader opened first, writer child later. */
	pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		int wfd = open("fifo", O_WRONLY);
		write(wfd, "late", 4);
		_exit(0);
	}
	fd = open("fifo", O_RDONLY);
	got = 0;
	while ((n = read(fd, buf + got, sizeof buf - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	EXPECT_STR("late writer", buf, "late");
	close(fd);
	printf("child: %s\n", wait_child(pid));
	EXPECT_OK("unlink fifo", unlink("fifo"));
	EXPECT_OK("mknod S_IFIFO", mknod("fifo2", S_IFIFO | 0644, 0));
	return conf_end();
}
