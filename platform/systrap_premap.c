/* Pre-mapped ELF images (systrap_premap.h).
 *
 * An exec maps its program and ld.so with about eight host calls each
 * (a reservation, the segments, the patched text and its trampolines, the
 * bss), ~40 us per image here, all on the exec's critical path. A process
 * forked from the zygote has the zygote's address-space layout and its
 * inherited fds (systrap_preload.c), so the calls an exec makes in one such
 * process are the very calls it would make in the next: same arguments,
 * same results. The platform records them once, makes them in the zygote
 * (checking every result), and the zygote's later children start with the
 * image mapped; their exec's calls are then answered from the record
 * without being made, while the sentry does all its own bookkeeping as
 * usual.
 *
 * Anything else is refused: a record holds only mmap and mprotect calls
 * that succeeded. A replay that sees a call differ from the record (the
 * file or its patched image changed, another program) stops, and the
 * platform starts the exec over in a fresh process without premaps. */
#include "platform/systrap_premap.h"
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PAGE 4096ULL

struct premap *premap_new(int slot, uint64_t dev, uint64_t ino, uint64_t gen)
{
	struct premap *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	atomic_init(&m->refs, 1);
	m->slot = slot;
	m->dev = dev;
	m->ino = ino;
	m->gen = gen;
	return m;
}

void premap_add(struct premap *m, long nr, const uint64_t args[6], long result)
{
	if (m->invalid)
		return;
	bool ok = (nr == SYS_mmap || nr == SYS_mprotect) && !(result < 0 && result > -4096);
	if (!ok || m->n == PREMAP_CALLS) {
		m->invalid = true;
		return;
	}
	struct premap_call *c = &m->calls[m->n++];
	c->nr = nr;
	memcpy(c->args, args, sizeof(c->args));
	c->result = result;
}

bool premap_finish(struct premap *m)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	for (int i = 0; i < m->n; i++) {
		const struct premap_call *c = &m->calls[i];
		if (c->nr != SYS_mmap)
			continue;
		uint64_t a = (uint64_t)c->result, len = (c->args[1] + PAGE - 1) & ~(PAGE - 1);
		if (a + len < a)
			m->invalid = true;
		if (a < lo)
			lo = a;
		if (a + len > hi)
			hi = a + len;
	}
	m->lo = lo;
	m->hi = hi;
	return !m->invalid && hi > lo;
}

void premap_get(struct premap *m)
{
	if (m)
		atomic_fetch_add(&m->refs, 1);
}

void premap_put(struct premap *m)
{
	if (m && atomic_fetch_sub(&m->refs, 1) == 1)
		free(m);
}

bool premap_replay(struct premap_cursor *c, long nr, const uint64_t args[6], long *result)
{
	if (!c->m || c->diverged)
		return false;
	if (c->next >= c->m->n) {
		c->diverged = true;
		return false;
	}
	const struct premap_call *r = &c->m->calls[c->next];
	if (r->nr != nr || memcmp(r->args, args, sizeof(r->args)) != 0) {
		c->diverged = true;
		return false;
	}
	c->next++;
	*result = r->result;
	return true;
}

bool premap_replay_complete(const struct premap_cursor *c)
{
	return c->m && !c->diverged && c->next == c->m->n;
}
