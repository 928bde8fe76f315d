/* timerfd objects (Linux's fs/timerfd.c): a timer whose expirations are
 * counted and read as a 64-bit number.
 *
 * Expirations are computed lazily from CLOCK_MONOTONIC whenever the timer is
 * read, polled or queried; the timer service (timer_service.h) only wakes
 * waiters at the next expiry. Absolute CLOCK_REALTIME deadlines are
 * converted to CLOCK_MONOTONIC when set (the sandbox cannot set clocks, so
 * TFD_TIMER_CANCEL_ON_SET never fires). */
#pragma once
#include <stdbool.h>
#include <time.h>

struct vfs_file;

/* clockid: CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME (the _ALARM
 * variants are served by their base clock; the caller checks privilege).
 * flags: O_NONBLOCK (TFD_NONBLOCK). Returns 0 or -ENOMEM. */
int timerfd_create_file(int clockid, unsigned int flags, struct vfs_file **out);
bool vfs_file_is_timerfd(const struct vfs_file *f);
/* timerfd_settime on f: flags TFD_TIMER_ABSTIME/TFD_TIMER_CANCEL_ON_SET
 * (validated by the caller), new validated; old (may be NULL) gets the
 * previous setting. -EINVAL if f is not a timerfd. */
int timerfd_settime_file(struct vfs_file *f, int flags, const struct itimerspec *new_value,
			 struct itimerspec *old_value);
int timerfd_gettime_file(struct vfs_file *f, struct itimerspec *cur);
