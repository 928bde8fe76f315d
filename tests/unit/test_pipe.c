/* Unit tests for the pipe ring and FIFOs (fs/pipe.c, fs/fifo.c), driven
 * through the file operations with O_NONBLOCK files so nothing blocks and
 * no task is needed. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "fs/eventfd.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "fs/vfs.h"

static char big[70000];

static ssize_t wr(struct vfs_file *f, const void *buf, size_t n)
{
	return f->ops->write(f, NULL, buf, n, NULL);
}

static ssize_t rd(struct vfs_file *f, void *buf, size_t n)
{
	return f->ops->read(f, NULL, buf, n, NULL);
}

static void make_pipe(unsigned flags, struct vfs_file **r, struct vfs_file **w)
{
	cr_assert_eq(pipe_create(NULL, flags, r, w), 0);
}

Test(pipe, write_then_read)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	cr_assert_eq(r->ops->poll(r), 0u);
	cr_assert_eq(w->ops->poll(w), (uint32_t)(POLLOUT | POLLWRNORM));
	cr_assert_eq(wr(w, "hello", 5), 5);
	cr_assert_eq(r->ops->poll(r), (uint32_t)(POLLIN | POLLRDNORM));
	cr_assert_eq(pipe_bytes_queued(((struct pipe_file *)r->private)->pipe), 5u);
	char buf[16] = { 0 };
	cr_assert_eq(rd(r, buf, sizeof(buf)), 5);
	cr_assert_str_eq(buf, "hello");
	cr_assert_eq(rd(r, buf, sizeof(buf)), -EAGAIN);
	cr_assert_eq(rd(r, buf, 0), 0);
	cr_assert_eq(wr(w, "x", 0), 0);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(pipe, wrong_end_is_ebadf)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	char c = 'x';
	cr_assert_eq(wr(r, &c, 1), -EBADF);
	cr_assert_eq(rd(w, &c, 1), -EBADF);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(pipe, capacity_is_64k_in_pages)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	int pages = 0;
	while (wr(w, big, 4096) == 4096)
		pages++;
	cr_assert_eq(pages, 16);
	cr_assert_eq(wr(w, big, 1), -EAGAIN);
	cr_assert_eq(w->ops->poll(w) & POLLOUT, 0u);
	/* Reading part of a page frees no slot: still not writable. */
	char buf[4096];
	cr_assert_eq(rd(r, buf, 100), 100);
	cr_assert_eq(w->ops->poll(w) & POLLOUT, 0u);
	cr_assert_eq(rd(r, buf, 3996), 3996);
	cr_assert_neq(w->ops->poll(w) & POLLOUT, 0u);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(pipe, small_writes_merge_into_the_last_page)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	cr_assert_eq(wr(w, big, 1), 1);
	/* 65535 = 4095 merged into the first page + 15 whole pages. */
	cr_assert_eq(wr(w, big, 65535), 65535);
	cr_assert_eq(pipe_bytes_queued(((struct pipe_file *)r->private)->pipe), 65536u);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(pipe, pipe_buf_writes_are_atomic)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	for (int i = 0; i < 15; i++)
		cr_assert_eq(wr(w, big, 4096), 4096);
	cr_assert_eq(wr(w, big, 4000), 4000);
	/* 200 bytes fit neither the last page nor a free slot: all or
	 * nothing. */
	cr_assert_eq(wr(w, big, 200), -EAGAIN);
	cr_assert_eq(wr(w, big, 96), 96);
	cr_assert_eq(wr(w, big, 1), -EAGAIN);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(pipe, large_nonblocking_write_is_partial)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	memset(big, 'a', sizeof(big));
	cr_assert_eq(wr(w, big, sizeof(big)), 65536);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(pipe, eof_and_hup_when_writer_closes)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	cr_assert_eq(wr(w, "ab", 2), 2);
	vfs_file_put(w);
	cr_assert_eq(r->ops->poll(r), (uint32_t)(POLLIN | POLLRDNORM | POLLHUP));
	char buf[4];
	cr_assert_eq(rd(r, buf, 4), 2);
	cr_assert_eq(rd(r, buf, 4), 0);
	cr_assert_eq(r->ops->poll(r), (uint32_t)POLLHUP);
	vfs_file_put(r);
}

Test(pipe, epipe_and_pollerr_without_readers)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	vfs_file_put(r);
	cr_assert_eq(wr(w, "ab", 2), -EPIPE);
	cr_assert_eq(w->ops->poll(w), (uint32_t)(POLLOUT | POLLWRNORM | POLLERR));
	vfs_file_put(w);
}

Test(pipe, packet_mode)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK | O_DIRECT, &r, &w);
	cr_assert_eq(wr(w, "abc", 3), 3);
	cr_assert_eq(wr(w, "de", 2), 2);
	cr_assert_eq(wr(w, "fghij", 5), 5);
	char buf[16] = { 0 };
	cr_assert_eq(rd(r, buf, sizeof(buf)), 3);
	cr_assert_eq(memcmp(buf, "abc", 3), 0);
	cr_assert_eq(rd(r, buf, sizeof(buf)), 2);
	cr_assert_eq(memcmp(buf, "de", 2), 0);
	/* A short read discards the rest of the packet. */
	cr_assert_eq(rd(r, buf, 2), 2);
	cr_assert_eq(memcmp(buf, "fg", 2), 0);
	cr_assert_eq(rd(r, buf, sizeof(buf)), -EAGAIN);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(pipe, setpipe_sz)
{
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	cr_assert_eq(pipe_fcntl(r, F_GETPIPE_SZ, 0), 65536);
	cr_assert_eq(pipe_fcntl(w, F_SETPIPE_SZ, 0), 4096);
	cr_assert_eq(pipe_fcntl(w, F_SETPIPE_SZ, 5000), 8192);
	cr_assert_eq(pipe_fcntl(r, F_GETPIPE_SZ, 0), 8192);
	cr_assert_eq(wr(w, big, 8192), 8192);
	cr_assert_eq(wr(w, big, 1), -EAGAIN);
	/* Shrinking below the content is refused. */
	cr_assert_eq(pipe_fcntl(w, F_SETPIPE_SZ, 4096), -EBUSY);
	cr_assert_eq(pipe_fcntl(w, F_SETPIPE_SZ, 16384), 16384);
	cr_assert_eq(wr(w, big, 4096), 4096);
	char buf[8192];
	cr_assert_eq(rd(r, buf, sizeof(buf)), 8192);
	cr_assert_eq(pipe_fcntl(w, F_SETPIPE_SZ, (1ul << 31) + 1), -EINVAL);
	cr_assert_eq(pipe_fcntl(w, 12345, 0), -EINVAL);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(pipe, setpipe_sz_above_max_needs_privilege)
{
	/* The test thread is no task, hence unprivileged. */
	struct vfs_file *r, *w;
	make_pipe(O_NONBLOCK, &r, &w);
	cr_assert_eq(pipe_fcntl(w, F_SETPIPE_SZ, 1u << 20), 1 << 20);
	cr_assert_eq(pipe_fcntl(w, F_SETPIPE_SZ, 2u << 20), -EPERM);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(pipe, fcntl_on_non_pipe_is_ebadf)
{
	struct vfs_file *e;
	cr_assert_eq(eventfd_create(0, O_NONBLOCK, &e), 0);
	cr_assert_eq(pipe_fcntl(e, F_GETPIPE_SZ, 0), -EBADF);
	cr_assert(!vfs_file_is_pipe(e));
	vfs_file_put(e);
}

Test(pipe, fstat)
{
	struct vfs_file *r, *w;
	make_pipe(0, &r, &w);
	struct stat sr, sw;
	cr_assert_eq(r->ops->stat(r, &sr), 0);
	cr_assert_eq(w->ops->stat(w, &sw), 0);
	cr_assert(S_ISFIFO(sr.st_mode));
	cr_assert_eq(sr.st_blksize, 4096);
	cr_assert_neq(sr.st_ino, 0u);
	cr_assert_eq(sr.st_ino, sw.st_ino);
	cr_assert_eq(r->flags & O_ACCMODE, (unsigned)O_RDONLY);
	cr_assert_eq(w->flags & O_ACCMODE, (unsigned)O_WRONLY);
	char name[32];
	snprintf(name, sizeof(name), "pipe:[%llu]", (unsigned long long)sr.st_ino);
	cr_assert_str_eq(r->anon_name, name);
	vfs_file_put(r);
	vfs_file_put(w);
}

Test(fifo, nonblocking_opens)
{
	static int key;
	struct vfs_file *w0, *r, *w;
	/* A writer without a reader: ENXIO. */
	cr_assert_eq(fifo_open(NULL, &key, O_WRONLY | O_NONBLOCK, &w0), -ENXIO);
	cr_assert_eq(fifo_open(NULL, &key, O_RDONLY | O_NONBLOCK, &r), 0);
	/* No writer has come yet: no POLLHUP (Linux's f_version rule). */
	cr_assert_eq(r->ops->poll(r), 0u);
	cr_assert_eq(fifo_open(NULL, &key, O_WRONLY | O_NONBLOCK, &w), 0);
	cr_assert_eq(wr(w, "hi", 2), 2);
	char buf[4];
	cr_assert_eq(rd(r, buf, 4), 2);
	vfs_file_put(w);
	cr_assert_eq(r->ops->poll(r), (uint32_t)POLLHUP);
	cr_assert_eq(rd(r, buf, 4), 0);
	vfs_file_put(r);
}

Test(fifo, rdwr_never_blocks_and_data_dies_with_last_close)
{
	static int key;
	struct vfs_file *f, *g;
	cr_assert_eq(fifo_open(NULL, &key, O_RDWR, &f), 0);
	cr_assert_eq(pipe_fcntl(f, F_GETPIPE_SZ, 0), 65536);
	f->flags |= O_NONBLOCK;
	cr_assert_eq(wr(f, "abc", 3), 3);
	vfs_file_put(f);
	cr_assert_eq(fifo_open(NULL, &key, O_RDWR | O_NONBLOCK, &g), 0);
	char buf[4];
	cr_assert_eq(rd(g, buf, 4), -EAGAIN);
	vfs_file_put(g);
}

Test(fifo, o_direct_is_einval)
{
	static int key;
	struct vfs_file *f;
	cr_assert_eq(fifo_open(NULL, &key, O_RDWR | O_DIRECT, &f), -EINVAL);
}

/* ---- Blocking paths, with a bare task whose only live parts are the
 * sleep/wake handshake fields (what task_wait_until/task_block use). */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include "fs/epoll.h"
#include "sentry/task.h"

static struct task *bare_task(void)
{
	struct task *t = calloc(1, sizeof(*t));
	pthread_mutex_init(&t->block_lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->block_cond, &ca);
	pthread_condattr_destroy(&ca);
	return t;
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

struct io_job {
	struct vfs_file *f;
	struct task *t;
	size_t n;
	ssize_t ret;
	char buf[8192];
};

static void *reader_main(void *arg)
{
	struct io_job *j = arg;
	j->ret = j->f->ops->read(j->f, j->t, j->buf, j->n, NULL);
	return NULL;
}

static void *writer_main(void *arg)
{
	struct io_job *j = arg;
	j->ret = j->f->ops->write(j->f, j->t, j->buf, j->n, NULL);
	return NULL;
}

Test(pipe_blocking, read_waits_for_data_then_eof)
{
	struct vfs_file *r, *w;
	make_pipe(0, &r, &w);
	struct io_job j = { .f = r, .t = bare_task(), .n = 100 };
	pthread_t th;
	pthread_create(&th, NULL, reader_main, &j);
	msleep(20);
	cr_assert_eq(wr(w, "abc", 3), 3);
	pthread_join(th, NULL);
	cr_assert_eq(j.ret, 3);
	pthread_create(&th, NULL, reader_main, &j);
	msleep(20);
	vfs_file_put(w);
	pthread_join(th, NULL);
	cr_assert_eq(j.ret, 0);
	vfs_file_put(r);
	free(j.t);
}

Test(pipe_blocking, write_waits_for_room)
{
	struct vfs_file *r, *w;
	make_pipe(0, &r, &w);
	for (int i = 0; i < 16; i++)
		cr_assert_eq(wr(w, big, 4096), 4096);
	struct io_job j = { .f = w, .t = bare_task(), .n = 4096 };
	pthread_t th;
	pthread_create(&th, NULL, writer_main, &j);
	msleep(20);
	char buf[4096];
	cr_assert_eq(rd(r, buf, 4096), 4096);
	pthread_join(th, NULL);
	cr_assert_eq(j.ret, 4096);
	vfs_file_put(r);
	vfs_file_put(w);
	free(j.t);
}

Test(pipe_blocking, interrupt_ends_the_wait)
{
	struct vfs_file *r, *w;
	make_pipe(0, &r, &w);
	struct io_job j = { .f = r, .t = bare_task(), .n = 10 };
	pthread_t th;
	pthread_create(&th, NULL, reader_main, &j);
	msleep(20);
	task_interrupt(j.t);
	pthread_join(th, NULL);
	cr_assert_eq(j.ret, -512 /* -ERESTARTSYS */);
	vfs_file_put(r);
	vfs_file_put(w);
	free(j.t);
}

struct fifo_job {
	void *key;
	struct task *t;
	int ret;
	struct vfs_file *f;
};

static void *fifo_reader_main(void *arg)
{
	struct fifo_job *j = arg;
	j->ret = fifo_open(j->t, j->key, O_RDONLY, &j->f);
	return NULL;
}

Test(pipe_blocking, fifo_reader_waits_for_a_writer)
{
	static int key;
	struct fifo_job j = { .key = &key, .t = bare_task(), .ret = 1 };
	pthread_t th;
	pthread_create(&th, NULL, fifo_reader_main, &j);
	msleep(20);
	cr_assert_eq(j.ret, 1); /* still waiting */
	struct vfs_file *w;
	cr_assert_eq(fifo_open(NULL, &key, O_WRONLY | O_NONBLOCK, &w), 0);
	pthread_join(th, NULL);
	cr_assert_eq(j.ret, 0);
	cr_assert_eq(wr(w, "z", 1), 1);
	char c;
	j.f->flags |= O_NONBLOCK;
	cr_assert_eq(rd(j.f, &c, 1), 1);
	vfs_file_put(w);
	vfs_file_put(j.f);
	free(j.t);
}

struct ep_job {
	struct vfs_file *ep;
	struct task *t;
	int ret;
	struct epoll_event ev[2];
};

static void *ep_waiter_main(void *arg)
{
	struct ep_job *j = arg;
	j->ret = epoll_wait_file(j->ep, j->t, j->ev, 2, NULL, false);
	return NULL;
}

Test(pipe_blocking, epoll_wait_wakes_on_write_and_times_out)
{
	struct vfs_file *ep, *r, *w;
	cr_assert_eq(epoll_create_file(&ep), 0);
	make_pipe(O_NONBLOCK, &r, &w);
	struct epoll_event ev = { EPOLLIN, { .u64 = 7 } };
	cr_assert_eq(epoll_ctl_file(ep, EPOLL_CTL_ADD, 3, r, &ev), 0);
	struct task *t = bare_task();

	struct timespec t0, t1, deadline;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	deadline = t0;
	deadline.tv_nsec += 30 * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	struct epoll_event out[2];
	cr_assert_eq(epoll_wait_file(ep, t, out, 2, &deadline, false), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_geq((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec), 29000000L);

	struct ep_job j = { .ep = ep, .t = t, .ret = -1 };
	pthread_t th;
	pthread_create(&th, NULL, ep_waiter_main, &j);
	msleep(20);
	cr_assert_eq(wr(w, "q", 1), 1);
	pthread_join(th, NULL);
	cr_assert_eq(j.ret, 1);
	cr_assert_eq(j.ev[0].data.u64, 7u);

	vfs_file_put(ep);
	vfs_file_put(r);
	vfs_file_put(w);
	free(t);
}
