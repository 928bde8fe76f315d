/* Sentry threads, kept for the next task when theirs ends (thread_pool.c). */
#pragma once

/* Runs fn(arg) on a sentry thread: an idle one if there is one, else a new
 * one (detached, 256 KiB of stack, the caller's signal mask). Returns 0 or
 * an errno value (pthread_create's). */
int sentry_thread_run(void *(*fn)(void *), void *arg);
