/* Pre-mapped ELF images for the seccomp-trap platform: the host calls one
 * exec made to map a program or its interpreter, recorded, made again in
 * the zygote, and answered from the record in the zygote's children when
 * their exec makes the same calls. See platform/systrap_premap.c. */
#pragma once
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define PREMAP_CALLS 24

struct premap_call {
	long nr;
	uint64_t args[6];
	long result;
};

struct premap {
	atomic_int refs;
	int slot;               /* 0: the program, 1: its interpreter */
	uint64_t dev, ino;      /* the file, as the sentry knows it */
	uint64_t gen;           /* the zygote whose fds the calls name */
	int n;
	bool invalid;           /* a call that cannot be replayed was seen */
	struct premap_call calls[PREMAP_CALLS];
	uint64_t lo, hi;        /* every page the calls mapped */
};

/* A new, empty record (one reference), or NULL. */
struct premap *premap_new(int slot, uint64_t dev, uint64_t ino, uint64_t gen);
/* Records a host call and its result. Only mmap and mprotect can be
 * replayed; any other call, a failed one, or too many make it invalid. */
void premap_add(struct premap *m, long nr, const uint64_t args[6], long result);
/* Computes the span; false if the record is invalid or maps nothing. */
bool premap_finish(struct premap *m);
void premap_get(struct premap *m);
void premap_put(struct premap *m); /* NULL is fine */

/* Answering calls from a record, in order. */
struct premap_cursor {
	struct premap *m; /* NULL: not replaying */
	int next;
	bool diverged;    /* a call differed from the record's */
};

/* If c replays and the call is the record's next one, sets *result and
 * returns true: the call need not be made. A different call diverges (the
 * cursor then answers nothing more). */
bool premap_replay(struct premap_cursor *c, long nr, const uint64_t args[6], long *result);
/* Whether the replay answered every recorded call and nothing else. */
bool premap_replay_complete(const struct premap_cursor *c);
