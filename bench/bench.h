/* Shared helpers of the microbenchmarks: argument parsing, the clock and
 * the one output format bench/run.sh reads: "<name> <ns per op>". Each
 * program times a loop after a warm-up of a tenth of its iterations
 * (bench_run). */
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline long bench_iterations(int argc, char **argv, long fallback)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : fallback;

	if (n <= 0) {
		fprintf(stderr, "usage: %s [ITERATIONS > 0]\n", argv[0]);
		exit(2);
	}
	return n;
}

static inline double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline void bench_report(const char *name, double start_ns, long iterations)
{
	printf("%s %.1f\n", name, (bench_now_ns() - start_ns) / (double)iterations);
	fflush(stdout);
}

static inline void bench_die(const char *what)
{
	perror(what);
	exit(1);
}

/* The timing every benchmark shares: once() n/10 times as a warm-up, then
 * n times under the clock, reported as name's time per call. */
static inline void bench_run(const char *name, long n, void (*once)(void))
{
	double start;

	for (long i = 0; i < n / 10; i++)
		once();
	start = bench_now_ns();
	for (long i = 0; i < n; i++)
		once();
	bench_report(name, start, n);
}
