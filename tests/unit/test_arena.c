/*
 * Tests for lib/arena.c: the bump allocator behind document annotations
 * and pipeline results.
 */
#include <criterion/criterion.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

Test(arena, allocations_are_aligned_and_distinct)
{
	arena a = {0};
	char *prev = NULL;
	for (size_t n = 1; n < 300; n += 7) {
		char *p = arena_alloc(&a, n);
		cr_assert_not_null(p);
		cr_assert_eq((uintptr_t)p % alignof(max_align_t), 0, "size %zu is aligned", n);
		memset(p, 0xAB, n); /* ASan: the whole block is ours */
		if (prev) cr_assert_neq(p, prev);
		prev = p;
	}
	arena_free(&a);
	cr_assert_null(a.head, "a freed arena is empty and can be reused");
	cr_assert_not_null(arena_alloc(&a, 8));
	arena_free(&a);
}

Test(arena, strings_survive_growth)
{
	arena a = {0};
	char *first = arena_strdup(&a, "first");
	/* far more than one block: earlier strings must stay where they are */
	for (int i = 0; i < 5000; i++) cr_assert_not_null(arena_strdup(&a, "a string of some length"));
	char *big = arena_alloc(&a, 1 << 20);
	cr_assert_not_null(big, "an allocation larger than any block gets its own");
	memset(big, 1, 1 << 20);
	cr_assert_str_eq(first, "first");
	cr_assert_str_eq(arena_strdup(&a, ""), "");
	arena_free(&a);
}

Test(arena, refuses_impossible_sizes)
{
	arena a = {0};
	cr_assert_null(arena_alloc(&a, SIZE_MAX));
	cr_assert_null(arena_alloc(&a, SIZE_MAX - 8));
	arena_free(&a);
}

Test(arena, a_reserved_block_serves_what_fits_in_it)
{
	arena a = {0};
	cr_assert_eq(arena_reserve(&a, 100000), 0);
	char *first = arena_alloc(&a, 10);
	cr_assert_not_null(first);
	/* everything below the reserve comes from the same block, in order */
	char *prev = first;
	for (int i = 0; i < 1000; i++) {
		char *p = arena_alloc(&a, 64);
		cr_assert_eq(p, prev + (prev == first ? 16 : 64), "allocation %d is a bump in the reserved block", i);
		prev = p;
	}
	cr_assert_eq(arena_reserve(&a, 1 << 20), 0, "a no-op on an arena that holds something");
	cr_assert_eq(arena_alloc(&a, 16), prev + 64);
	arena_free(&a);
}

Test(arena, knows_what_it_holds)
{
	arena a = {0};
	char outside[8] = "x";
	cr_assert_not(arena_holds(&a, outside), "an empty arena holds nothing");
	char *first = arena_strdup(&a, "first");
	for (int i = 0; i < 3000; i++) arena_strdup(&a, "grow the arena over several blocks");
	char *last = arena_strdup(&a, "last");
	cr_assert(arena_holds(&a, first), "a string in the first block");
	cr_assert(arena_holds(&a, last), "a string in the newest block");
	cr_assert(arena_holds(&a, first + 3), "inside a string");
	cr_assert_not(arena_holds(&a, outside));
	arena_free(&a);
	cr_assert_not(arena_holds(&a, first), "a freed arena holds nothing");
}
