#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
    arena_block *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

enum { ARENA_FIRST = 4096, ARENA_MAX_STEP = 256 * 1024 };

void *arena_alloc(arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    if (n > SIZE_MAX - align) return NULL;
    size_t need = (n + align - 1) & ~(align - 1);
    arena_block *b = a->head;
    if (!b || b->cap - b->used < need) {
        size_t cap = b ? (b->cap < ARENA_MAX_STEP ? b->cap * 2 : ARENA_MAX_STEP) : ARENA_FIRST;
        if (cap < need) cap = need;
        arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb) return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        a->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    return p;
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
}
