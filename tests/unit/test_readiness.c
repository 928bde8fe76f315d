/* Unit tests for eventfd, timerfd, memfd and the timer service
 * (fs/eventfd.c, fs/timerfd.c, fs/memfd.c, fs/timer_service.c), driven
 * through their file operations with non-blocking files. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include "fs/eventfd.h"
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/memfd.h"
#include "fs/timer_service.h"
#include "fs/timerfd.h"
#include "fs/vfs.h"

static ssize_t wr64(struct vfs_file *f, uint64_t v)
{
	return f->ops->write(f, NULL, &v, 8, NULL);
}

static ssize_t rd64(struct vfs_file *f, uint64_t *v)
{
	return f->ops->read(f, NULL, v, 8, NULL);
}

Test(eventfd, counter)
{
	struct vfs_file *e;
	uint64_t v;
	cr_assert_eq(eventfd_create(0, O_NONBLOCK, &e), 0);
	cr_assert_eq(e->flags & O_ACCMODE, (unsigned)O_RDWR);
	cr_assert_eq(rd64(e, &v), -EAGAIN);
	cr_assert_eq(e->ops->poll(e), (uint32_t)(POLLOUT | POLLWRNORM));
	cr_assert_eq(wr64(e, 3), 8);
	cr_assert_eq(wr64(e, 4), 8);
	cr_assert_eq(e->ops->poll(e), (uint32_t)(POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM));
	cr_assert_eq(rd64(e, &v), 8);
	cr_assert_eq(v, 7u);
	cr_assert_eq(rd64(e, &v), -EAGAIN);
	vfs_file_put(e);
}

Test(eventfd, semaphore)
{
	struct vfs_file *e;
	uint64_t v;
	cr_assert_eq(eventfd_create(2, O_NONBLOCK | EVENTFD_SEMAPHORE, &e), 0);
	cr_assert_eq(rd64(e, &v), 8);
	cr_assert_eq(v, 1u);
	cr_assert_eq(rd64(e, &v), 8);
	cr_assert_eq(v, 1u);
	cr_assert_eq(rd64(e, &v), -EAGAIN);
	vfs_file_put(e);
}

Test(eventfd, sizes_and_overflow)
{
	struct vfs_file *e;
	uint64_t v = 1;
	char small[4];
	cr_assert_eq(eventfd_create(0, O_NONBLOCK, &e), 0);
	cr_assert_eq(e->ops->read(e, NULL, small, 4, NULL), -EINVAL);
	cr_assert_eq(e->ops->write(e, NULL, &v, 4, NULL), -EINVAL);
	cr_assert_eq(wr64(e, UINT64_MAX), -EINVAL);
	cr_assert_eq(wr64(e, UINT64_MAX - 1), 8);
	cr_assert_eq(e->ops->poll(e), (uint32_t)(POLLIN | POLLRDNORM));
	cr_assert_eq(wr64(e, 1), -EAGAIN);
	cr_assert_eq(eventfd_count(e), UINT64_MAX - 1);
	/* Reads of more than 8 bytes are fine and return 8. */
	char big[16];
	cr_assert_eq(e->ops->read(e, NULL, big, sizeof(big), NULL), 8);
	cr_assert_eq(eventfd_signal(e, 5), 0);
	cr_assert_eq(eventfd_count(e), 5u);
	struct stat st;
	cr_assert_eq(e->ops->stat(e, &st), 0);
	cr_assert_eq(st.st_mode, (mode_t)0600);
	cr_assert_str_eq(e->anon_name, "anon_inode:[eventfd]");
	vfs_file_put(e);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

Test(timerfd, one_shot)
{
	struct vfs_file *f;
	uint64_t v;
	cr_assert_eq(timerfd_create_file(CLOCK_MONOTONIC, O_NONBLOCK, &f), 0);
	cr_assert_eq(rd64(f, &v), -EAGAIN);
	struct itimerspec its = { { 0, 0 }, { 0, 20 * 1000000 } }, cur;
	cr_assert_eq(timerfd_settime_file(f, 0, &its, NULL), 0);
	cr_assert_eq(f->ops->poll(f), 0u);
	cr_assert_eq(timerfd_gettime_file(f, &cur), 0);
	cr_assert(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0);
	sleep_ms(40);
	cr_assert_eq(f->ops->poll(f), (uint32_t)(POLLIN | POLLRDNORM));
	cr_assert_eq(rd64(f, &v), 8);
	cr_assert_eq(v, 1u);
	cr_assert_eq(rd64(f, &v), -EAGAIN);
	cr_assert_eq(timerfd_gettime_file(f, &cur), 0);
	cr_assert(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
	vfs_file_put(f);
}

Test(timerfd, interval_counts_expirations)
{
	struct vfs_file *f;
	uint64_t v;
	cr_assert_eq(timerfd_create_file(CLOCK_MONOTONIC, O_NONBLOCK, &f), 0);
	struct itimerspec its = { { 0, 5 * 1000000 }, { 0, 5 * 1000000 } }, old;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(timerfd_settime_file(f, 0, &its, NULL), 0);
	sleep_ms(33);
	cr_assert_eq(rd64(f, &v), 8);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long elapsed_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	cr_assert_geq(v, 6u); /* expiries at 5, 10, ..., 30 ms */
	cr_assert_leq(v, (uint64_t)elapsed_ms / 5 + 1);
	/* Disarming returns the old setting. */
	struct itimerspec off = { { 0, 0 }, { 0, 0 } };
	cr_assert_eq(timerfd_settime_file(f, 0, &off, &old), 0);
	cr_assert_eq(old.it_interval.tv_nsec, 5 * 1000000);
	sleep_ms(12);
	cr_assert_eq(rd64(f, &v), -EAGAIN);
	vfs_file_put(f);
}

Test(timerfd, absolute_realtime_in_the_past_fires_at_once)
{
	struct vfs_file *f;
	uint64_t v;
	cr_assert_eq(timerfd_create_file(CLOCK_REALTIME, O_NONBLOCK, &f), 0);
	struct itimerspec its = { { 0, 0 }, { 1, 0 } };
	cr_assert_eq(timerfd_settime_file(f, TFD_TIMER_ABSTIME, &its, NULL), 0);
	cr_assert_eq(rd64(f, &v), 8);
	cr_assert_eq(v, 1u);
	vfs_file_put(f);
}

static atomic_int woken;

static void on_notify(struct waiter *w, uint32_t events)
{
	atomic_fetch_add(&woken, 1);
}

Test(timerfd, expiry_notifies_the_waitq)
{
	struct vfs_file *f;
	cr_assert_eq(timerfd_create_file(CLOCK_MONOTONIC, O_NONBLOCK, &f), 0);
	struct waiter w = { .mask = POLLIN, .notify = on_notify };
	waitq_add(f->ops->poll_waitq(f), &w);
	struct itimerspec its = { { 0, 0 }, { 0, 10 * 1000000 } };
	cr_assert_eq(timerfd_settime_file(f, 0, &its, NULL), 0);
	for (int i = 0; i < 100 && !atomic_load(&woken); i++)
		sleep_ms(5);
	cr_assert_eq(atomic_load(&woken), 1);
	waitq_remove(f->ops->poll_waitq(f), &w);
	vfs_file_put(f);
}

static atomic_int fired;
static void on_fire(void *arg)
{
	atomic_fetch_add(&fired, *(int *)arg);
}

Test(timer_service, fires_in_order_and_cancels)
{
	struct service_timer a, b;
	int one = 1, ten = 10;
	service_timer_init(&a, on_fire, &one);
	service_timer_init(&b, on_fire, &ten);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	struct timespec da = now, db = now;
	da.tv_nsec += 10 * 1000000;
	if (da.tv_nsec >= 1000000000) {
		da.tv_sec++;
		da.tv_nsec -= 1000000000;
	}
	db.tv_sec += 10;
	cr_assert_eq(timer_service_arm(&b, &db), 0);
	cr_assert_eq(timer_service_arm(&a, &da), 0);
	for (int i = 0; i < 200 && !atomic_load(&fired); i++)
		sleep_ms(5);
	sleep_ms(10);
	cr_assert_eq(atomic_load(&fired), 1); /* a fired, b did not */
	timer_service_cancel(&b);
	cr_assert(!b.armed);
}

Test(memfd, regular_file_over_host_memfd)
{
	struct vfs_file *f;
	cr_assert_eq(memfd_create_file(NULL, "test", MFD_ALLOW_SEALING, &f), 0);
	cr_assert(vfs_file_is_memfd(f));
	cr_assert_str_eq(f->anon_name, "/memfd:test (deleted)");
	off_t pos = 0;
	cr_assert_eq(f->ops->write(f, NULL, "hello", 5, &pos), 5);
	cr_assert_eq(pos, 5);
	char buf[8] = { 0 };
	pos = 1;
	cr_assert_eq(f->ops->read(f, NULL, buf, sizeof(buf), &pos), 4);
	cr_assert_str_eq(buf, "ello");
	struct stat st;
	cr_assert_eq(vfs_inode_getattr(f->inode, &st), 0);
	cr_assert(S_ISREG(st.st_mode));
	cr_assert_eq(st.st_size, 5);
	cr_assert_eq(st.st_nlink, 0u);
	cr_assert_eq(f->ops->llseek(f, 0, SEEK_END), 5);
	cr_assert_eq(memfd_truncate(f, 4096 * 4), 0);
	cr_assert_eq(f->ops->llseek(f, 0, SEEK_DATA), 0);
	cr_assert_eq(f->ops->llseek(f, 0, SEEK_HOLE), 4096);
	cr_assert_eq(memfd_fcntl(f, F_GET_SEALS, 0), 0);
	cr_assert_eq(memfd_fcntl(f, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK), 0);
	cr_assert_eq(memfd_fcntl(f, F_GET_SEALS, 0), F_SEAL_GROW | F_SEAL_SHRINK);
	pos = 4096 * 4;
	cr_assert_eq(f->ops->write(f, NULL, "x", 1, &pos), -EPERM);
	cr_assert_eq(memfd_truncate(f, 1), -EPERM);
	int fd = f->ops->mmap_fd(f, true);
	cr_assert_geq(fd, 0);
	close(fd);
	vfs_file_put(f);
}

Test(memfd, without_sealing_f_seal_seal_is_set)
{
	struct vfs_file *f;
	cr_assert_eq(memfd_create_file(NULL, "n", 0, &f), 0);
	cr_assert_eq(memfd_fcntl(f, F_GET_SEALS, 0), F_SEAL_SEAL);
	cr_assert_eq(memfd_fcntl(f, F_ADD_SEALS, F_SEAL_WRITE), -EPERM);
	vfs_file_put(f);
}
