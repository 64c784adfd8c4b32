/*
 * Tests for daemon/idset.c: the ids of documents in flight.
 */
#include <criterion/criterion.h>
#include <stdio.h>

#include "idset.h"

Test(idset, add_remove_count)
{
	idset *s = idset_new();
	cr_assert_not_null(s);
	cr_assert_eq(idset_count(s), 0);
	cr_assert_eq(idset_add(s, "a"), 0);
	cr_assert_eq(idset_add(s, "b"), 0);
	cr_assert_eq(idset_add(s, ""), 0);
	cr_assert_eq(idset_count(s), 3);
	cr_assert_eq(idset_add(s, "a"), -1, "a duplicate is refused");
	cr_assert_eq(idset_add(s, ""), -1);
	cr_assert_eq(idset_count(s), 3);
	idset_remove(s, "a");
	cr_assert_eq(idset_count(s), 2);
	cr_assert_eq(idset_add(s, "a"), 0, "a removed id can be added again");
	idset_remove(s, "missing");
	cr_assert_eq(idset_count(s), 3);
	idset_free(&s);
	cr_assert_null(s);
	idset_free(&s);
}

Test(idset, ids_are_copied)
{
	idset *s = idset_new();
	char id[16] = "doc-1";
	cr_assert_eq(idset_add(s, id), 0);
	id[4] = '2';
	cr_assert_eq(idset_add(s, id), 0, "doc-2 is new");
	cr_assert_eq(idset_add(s, "doc-1"), -1, "the set kept its own copy of doc-1");
	idset_free(&s);
}

Test(idset, growth)
{
	idset *s = idset_new();
	char id[32];
	size_t n = 25000;
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "doc-%zu", i);
		cr_assert_eq(idset_add(s, id), 0, "%s", id);
	}
	cr_assert_eq(idset_count(s), n);
	for (size_t i = 0; i < n; i += 7) {
		snprintf(id, sizeof id, "doc-%zu", i);
		cr_assert_eq(idset_add(s, id), -1, "%s still present after growth", id);
	}
	size_t removed = 0;
	for (size_t i = 0; i < n; i += 2, removed++) {
		snprintf(id, sizeof id, "doc-%zu", i);
		idset_remove(s, id);
	}
	cr_assert_eq(idset_count(s), n - removed);
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "doc-%zu", i);
		int rc = idset_add(s, id);
		cr_assert_eq(rc, i % 2 ? -1 : 0, "%s: %d", id, rc);
	}
	cr_assert_eq(idset_count(s), n);
	idset_free(&s);
}
