/* Reaping killed host processes, now or in the background (host_reaper.c). */
#pragma once
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

/* Waits until the killed host child tid has died and reaps it; its
 * rusage goes to ru (may be NULL). */
void host_reap_now(pid_t tid, struct rusage *ru);

/* Has the reaper thread kill tid (SIGKILL, unless it is dead already)
 * and reap it, then call after(arg) on that thread. -errno if it cannot:
 * kill and reap it yourself. */
int host_reap_later(pid_t tid, void (*after)(void *arg), void *arg);
