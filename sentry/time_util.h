/* Small time helpers shared by the sentry and the syscall families: deadlines on
 * CLOCK_MONOTONIC (what task_block waits on) and timespec arithmetic. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>

static inline void timespec_add(struct timespec *a, const struct timespec *b)
{
	a->tv_sec += b->tv_sec;
	a->tv_nsec += b->tv_nsec;
	if (a->tv_nsec >= 1000000000) {
		a->tv_nsec -= 1000000000;
		a->tv_sec++;
	}
}

/* a - b, clamped at zero. */
static inline struct timespec timespec_sub_clamped(const struct timespec *a, const struct timespec *b)
{
	struct timespec r = { a->tv_sec - b->tv_sec, a->tv_nsec - b->tv_nsec };
	if (r.tv_nsec < 0) {
		r.tv_nsec += 1000000000;
		r.tv_sec--;
	}
	if (r.tv_sec < 0)
		r.tv_sec = r.tv_nsec = 0;
	return r;
}

static inline bool timespec_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000;
}

static inline void ns_to_timeval(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / 1000000000);
	tv->tv_usec = (suseconds_t)(ns % 1000000000 / 1000);
}

/* The CLOCK_MONOTONIC deadline rel from now. */
static inline void deadline_after(const struct timespec *rel, struct timespec *out)
{
	clock_gettime(CLOCK_MONOTONIC, out);
	timespec_add(out, rel);
}
