#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_FIRST = 4096, ARENA_MAX_STEP = 256 * 1024 };

_Static_assert(ARENA_ALIGN >= alignof(max_align_t), "ARENA_ALIGN must suit any type");

void *arena_alloc_slow(arena *a, size_t n)
{
    const size_t align = ARENA_ALIGN;
    if (n > SIZE_MAX / 2) return NULL;
    size_t need = (n + align - 1) & ~(align - 1);
    arena_block *b = a->head;
    if (!b || (size_t)(a->end - a->cur) < need) {
        size_t cap = b ? (b->cap < ARENA_MAX_STEP ? b->cap * 2 : ARENA_MAX_STEP) : ARENA_FIRST;
        if (cap < need) cap = need;
        arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb) return NULL;
        nb->next = b;
        nb->cap = cap;
        a->head = b = nb;
        a->cur = nb->data;
        a->end = nb->data + cap;
    }
    void *p = a->cur;
    a->cur += need;
    return p;
}

int arena_reserve(arena *a, size_t n)
{
    if (a->head) return 0;
    void *p = arena_alloc_slow(a, n < ARENA_FIRST ? ARENA_FIRST : n);
    if (!p) return -1;
    a->cur = a->head->data; /* nothing handed out yet */
    return 0;
}

char *arena_strdup(arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(a, n);
    if (p) memcpy(p, s, n);
    return p;
}

void arena_free(arena *a)
{
    for (arena_block *b = a->head, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    a->head = NULL;
    a->cur = a->end = NULL;
}
