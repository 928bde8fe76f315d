/* Records of an exec's image-mapping host calls (platform/systrap_premap.c):
 * what a record accepts, the span it covers, and replay: answered in
 * order, refused (diverged) at the first different call, complete only
 * when every call was answered. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "platform/systrap_premap.h"

static const uint64_t reserve[6] = { 0, 0x30000, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
				     (uint64_t)-1, 0 };
static const uint64_t text[6] = { 0x7f0000011000, 0x10000, PROT_READ | PROT_EXEC,
				  MAP_PRIVATE | MAP_FIXED, 7, 0x1000 };
static const uint64_t protect[6] = { 0x7f0000021000, 0x1000, PROT_READ, 0, 0, 0 };

static struct premap *two_calls(void)
{
	struct premap *m = premap_new(1, 8, 42, 3);
	cr_assert_not_null(m);
	premap_add(m, SYS_mmap, reserve, 0x7f0000010000);
	premap_add(m, SYS_mmap, text, 0x7f0000011000);
	return m;
}

Test(premap, a_record_spans_what_it_mapped)
{
	struct premap *m = two_calls();
	premap_add(m, SYS_mprotect, protect, 0);
	cr_assert(premap_finish(m));
	cr_assert_eq(m->n, 3);
	cr_assert_eq(m->lo, 0x7f0000010000ULL);
	cr_assert_eq(m->hi, 0x7f0000040000ULL, "the reservation's end");
	cr_assert_eq(m->slot, 1);
	cr_assert_eq(m->gen, 3);
	premap_put(m);
}

Test(premap, other_calls_and_failures_make_it_invalid)
{
	struct premap *m = two_calls();
	const uint64_t close_args[6] = { 9, 0, 0, 0, 0, 0 };
	premap_add(m, SYS_close, close_args, 0);
	cr_assert_not(premap_finish(m), "close cannot be replayed");
	premap_put(m);

	m = two_calls();
	premap_add(m, SYS_mmap, text, -ENOMEM);
	cr_assert_not(premap_finish(m), "a failed call is no record");
	premap_put(m);

	m = premap_new(0, 8, 42, 3);
	cr_assert_not(premap_finish(m), "an empty record maps nothing");
	premap_put(m);

	m = premap_new(0, 8, 42, 3);
	for (int i = 0; i <= PREMAP_CALLS; i++)
		premap_add(m, SYS_mprotect, protect, 0);
	cr_assert(m->invalid, "more calls than a record holds");
	premap_put(m);
}

Test(premap, replay_answers_the_same_calls_in_order)
{
	struct premap *m = two_calls();
	cr_assert(premap_finish(m));
	struct premap_cursor c = { m, 0, false };
	long r = 0;
	cr_assert_not(premap_replay_complete(&c));
	cr_assert(premap_replay(&c, SYS_mmap, reserve, &r));
	cr_assert_eq(r, 0x7f0000010000);
	cr_assert(premap_replay(&c, SYS_mmap, text, &r));
	cr_assert_eq(r, 0x7f0000011000);
	cr_assert(premap_replay_complete(&c));
	cr_assert_not(premap_replay(&c, SYS_mprotect, protect, &r), "a call beyond the record");
	cr_assert(c.diverged);
	cr_assert_not(premap_replay_complete(&c));
	premap_put(m);
}

Test(premap, a_different_call_diverges_for_good)
{
	struct premap *m = two_calls();
	cr_assert(premap_finish(m));
	struct premap_cursor c = { m, 0, false };
	long r = 0;
	cr_assert(premap_replay(&c, SYS_mmap, reserve, &r));
	uint64_t other[6];
	memcpy(other, text, sizeof(other));
	other[4] = 8; /* another fd */
	cr_assert_not(premap_replay(&c, SYS_mmap, other, &r));
	cr_assert(c.diverged);
	cr_assert_not(premap_replay(&c, SYS_mmap, text, &r), "nothing after a divergence");
	cr_assert_not(premap_replay_complete(&c));

	struct premap_cursor none = { NULL, 0, false };
	cr_assert_not(premap_replay(&none, SYS_mmap, reserve, &r), "no record, no answers");
	cr_assert_not(premap_replay_complete(&none));
	premap_put(m);
}

Test(premap, a_replay_cut_short_is_not_complete)
{
	struct premap *m = two_calls();
	cr_assert(premap_finish(m));
	struct premap_cursor c = { m, 0, false };
	long r;
	cr_assert(premap_replay(&c, SYS_mmap, reserve, &r));
	cr_assert_not(premap_replay_complete(&c), "the text was never mapped");
	premap_get(m);
	premap_put(m);
	premap_put(m);
	premap_put(NULL);
}
