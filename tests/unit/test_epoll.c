/* Unit tests for epoll instances (fs/epoll.c): interest list errors, level
 * and edge triggering, one-shot, nesting, loops and close-time removal,
 * driven with pipes and eventfds and non-blocking waits. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include "fs/epoll.h"
#include "fs/eventfd.h"
#include "fs/file.h"
#include "fs/memfd.h"
#include "fs/pipe.h"
#include "fs/poll.h"
#include "fs/vfs.h"

static struct vfs_file *ep, *r, *w;

static void setup(void)
{
	cr_assert_eq(epoll_create_file(&ep), 0);
	cr_assert_eq(pipe_create(NULL, O_NONBLOCK, &r, &w), 0);
}

static void teardown(void)
{
	vfs_file_put(ep); /* first: its release drops the registrations */
	if (r)
		vfs_file_put(r);
	if (w)
		vfs_file_put(w);
}

static int ctl(int op, int fd, struct vfs_file *f, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	return epoll_ctl_file(ep, op, fd, f, &ev);
}

static int poll_now_events(struct vfs_file *e, struct epoll_event *out, int max)
{
	return epoll_wait_file(e, NULL, out, max, NULL, true);
}

static void put_byte(void)
{
	cr_assert_eq(w->ops->write(w, NULL, "x", 1, NULL), 1);
}

static void take_all(void)
{
	char buf[256];
	while (r->ops->read(r, NULL, buf, sizeof(buf), NULL) > 0)
		;
}

TestSuite(epoll, .init = setup, .fini = teardown);

Test(epoll, ctl_errors)
{
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 3, r, EPOLLIN, 1), 0);
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 3, r, EPOLLIN, 1), -EEXIST);
	/* The key is (file, fd): another fd of the same file is distinct. */
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 4, r, EPOLLIN, 1), 0);
	cr_assert_eq(ctl(EPOLL_CTL_DEL, 5, r, 0, 0), -ENOENT);
	cr_assert_eq(ctl(EPOLL_CTL_MOD, 5, r, EPOLLIN, 0), -ENOENT);
	cr_assert_eq(ctl(EPOLL_CTL_DEL, 4, r, 0, 0), 0);
	cr_assert_eq(ctl(99, 3, r, EPOLLIN, 0), -EINVAL);
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 7, ep, EPOLLIN, 0), -EINVAL); /* itself */
	cr_assert_eq(ctl(EPOLL_CTL_MOD, 3, r, EPOLLIN | EPOLLEXCLUSIVE, 0), -EINVAL);
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 8, w, EPOLLOUT | EPOLLEXCLUSIVE | EPOLLONESHOT, 0), -EINVAL);
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 8, w, EPOLLOUT | EPOLLEXCLUSIVE, 0), 0);
	cr_assert_eq(ctl(EPOLL_CTL_MOD, 8, w, EPOLLOUT, 0), -EINVAL);
	/* Not an epoll file as the first argument. */
	struct epoll_event ev = { EPOLLIN, { 0 } };
	cr_assert_eq(epoll_ctl_file(r, EPOLL_CTL_ADD, 3, w, &ev), -EINVAL);
}

Test(epoll, regular_files_are_eperm)
{
	struct vfs_file *m;
	cr_assert_eq(memfd_create_file(NULL, "x", 0, &m), 0);
	cr_assert_eq(vfs_poll(m), (uint32_t)POLL_DEFAULT_MASK);
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 9, m, EPOLLIN, 0), -EPERM);
	vfs_file_put(m);
}

Test(epoll, level_triggered_reports_until_drained)
{
	struct epoll_event out[4];
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 3, r, EPOLLIN, 42), 0);
	cr_assert_eq(poll_now_events(ep, out, 4), 0);
	cr_assert_eq(ep->ops->poll(ep), 0u);
	put_byte();
	cr_assert_eq(ep->ops->poll(ep), (uint32_t)(POLLIN | POLLRDNORM));
	cr_assert_eq(poll_now_events(ep, out, 4), 1);
	cr_assert_eq(out[0].events, (uint32_t)EPOLLIN);
	cr_assert_eq(out[0].data.u64, 42u);
	cr_assert_eq(poll_now_events(ep, out, 4), 1);
	take_all();
	cr_assert_eq(poll_now_events(ep, out, 4), 0);
}

Test(epoll, edge_triggered_reports_once_per_event)
{
	struct epoll_event out[4];
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 3, r, EPOLLIN | EPOLLET, 1), 0);
	put_byte();
	cr_assert_eq(poll_now_events(ep, out, 4), 1);
	cr_assert_eq(poll_now_events(ep, out, 4), 0);
	put_byte();
	cr_assert_eq(poll_now_events(ep, out, 4), 1);
	cr_assert_eq(poll_now_events(ep, out, 4), 0);
	/* MOD rearms: ready now, so reported again. */
	cr_assert_eq(ctl(EPOLL_CTL_MOD, 3, r, EPOLLIN | EPOLLET, 2), 0);
	cr_assert_eq(poll_now_events(ep, out, 4), 1);
	cr_assert_eq(out[0].data.u64, 2u);
}

Test(epoll, oneshot_disables_until_mod)
{
	struct epoll_event out[4];
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 3, r, EPOLLIN | EPOLLONESHOT, 1), 0);
	put_byte();
	cr_assert_eq(poll_now_events(ep, out, 4), 1);
	cr_assert_eq(poll_now_events(ep, out, 4), 0);
	put_byte();
	cr_assert_eq(poll_now_events(ep, out, 4), 0);
	cr_assert_eq(ctl(EPOLL_CTL_MOD, 3, r, EPOLLIN | EPOLLONESHOT, 1), 0);
	cr_assert_eq(poll_now_events(ep, out, 4), 1);
}

Test(epoll, hup_and_err_are_always_reported)
{
	struct epoll_event out[4];
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 3, r, EPOLLIN, 1), 0);
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 4, w, EPOLLOUT, 2), 0);
	cr_assert_eq(poll_now_events(ep, out, 4), 1); /* w writable */
	cr_assert_eq(out[0].data.u64, 2u);
	cr_assert_eq(ctl(EPOLL_CTL_DEL, 4, w, 0, 0), 0);
	epoll_file_closing(w);
	vfs_file_put(w);
	w = NULL;
	cr_assert_eq(poll_now_events(ep, out, 4), 1);
	cr_assert_eq(out[0].events, (uint32_t)EPOLLHUP);
}

Test(epoll, maxevents_limits_and_rest_stays_ready)
{
	struct vfs_file *e1, *e2;
	cr_assert_eq(eventfd_create(1, O_NONBLOCK, &e1), 0);
	cr_assert_eq(eventfd_create(1, O_NONBLOCK, &e2), 0);
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 10, e1, EPOLLIN | EPOLLET, 10), 0);
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 11, e2, EPOLLIN | EPOLLET, 11), 0);
	struct epoll_event out[2];
	cr_assert_eq(poll_now_events(ep, out, 1), 1);
	uint64_t first = out[0].data.u64;
	cr_assert_eq(poll_now_events(ep, out, 1), 1);
	cr_assert_neq(out[0].data.u64, first);
	cr_assert_eq(poll_now_events(ep, out, 2), 0);
	epoll_file_closing(e1);
	epoll_file_closing(e2);
	vfs_file_put(e1);
	vfs_file_put(e2);
}

Test(epoll, nested_instances_and_loops)
{
	struct vfs_file *inner;
	cr_assert_eq(epoll_create_file(&inner), 0);
	struct epoll_event ev = { EPOLLIN, { .u64 = 5 } };
	cr_assert_eq(epoll_ctl_file(inner, EPOLL_CTL_ADD, 3, r, &ev), 0);
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 20, inner, EPOLLIN, 20), 0);
	/* inner watching ep would close a cycle. */
	cr_assert_eq(epoll_ctl_file(inner, EPOLL_CTL_ADD, 21, ep, &ev), -ELOOP);
	struct epoll_event out[2];
	cr_assert_eq(poll_now_events(ep, out, 2), 0);
	put_byte();
	cr_assert_eq(inner->ops->poll(inner), (uint32_t)(POLLIN | POLLRDNORM));
	cr_assert_eq(poll_now_events(ep, out, 2), 1);
	cr_assert_eq(out[0].data.u64, 20u);
	cr_assert_eq(poll_now_events(inner, out, 2), 1);
	cr_assert_eq(out[0].data.u64, 5u);
	epoll_file_closing(inner);
	vfs_file_put(inner);
}

Test(epoll, closing_a_file_drops_its_registrations)
{
	cr_assert_eq(ctl(EPOLL_CTL_ADD, 3, r, EPOLLIN, 1), 0);
	epoll_file_closing(r);
	cr_assert_eq(ctl(EPOLL_CTL_DEL, 3, r, 0, 0), -ENOENT);
	put_byte();
	struct epoll_event out[1];
	cr_assert_eq(poll_now_events(ep, out, 1), 0);
}

Test(epoll, wait_on_non_epoll_is_einval)
{
	struct epoll_event out[1];
	cr_assert_eq(epoll_wait_file(r, NULL, out, 1, NULL, true), -EINVAL);
	cr_assert(vfs_file_is_epoll(ep));
	cr_assert(!vfs_file_is_epoll(r));
}
