/*
 * arena — a bump allocator for things that live and die together: the
 * strings of one document's annotations, then the protobuf message built
 * from them.  One free releases everything; nothing is freed alone.
 */
#ifndef ANNOT_ARENA_H
#define ANNOT_ARENA_H

#include <stddef.h>
#include <stdint.h>

#define ARENA_ALIGN 16 /* enough for any type on the platforms we build for */

/* One block (in the header for the inline arena_holds()). */
typedef struct arena_block arena_block;
struct arena_block {
    arena_block *next;
    size_t cap;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

typedef struct arena {
    arena_block *head;  /* the newest block; NULL when nothing is held */
    unsigned char *cur; /* free space of the newest block: [cur, end) */
    unsigned char *end;
} arena;

void *arena_alloc_slow(arena *a, size_t n);

/* n bytes aligned to ARENA_ALIGN, from a, uninitialised; NULL when out of
 * memory.  Blocks grow geometrically, so a document costs a few mallocs;
 * the common case is a bump of a pointer, inline. */
static inline void *arena_alloc(arena *a, size_t n)
{
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (n <= ((size_t)-1) / 2 && need <= (size_t)(a->end - a->cur)) {
        void *p = a->cur;
        a->cur += need;
        return p;
    }
    return arena_alloc_slow(a, n);
}

/* Give an empty arena a first block of at least n bytes (a caller that
 * knows roughly what it will need saves the growth steps).  0, or -1 when
 * out of memory; a no-op on an arena that holds something. */
int arena_reserve(arena *a, size_t n);

/* Does p point into memory a holds?  (A string a caller got from the
 * arena need not be copied into it again.)  Inline: a document's arena is
 * one block or a few. */
static inline int arena_holds(const arena *a, const void *p)
{
    for (const arena_block *b = a->head; b; b = b->next)
        if ((uintptr_t)p - (uintptr_t)b->data < b->cap) return 1; /* integers: p may belong to another object */
    return 0;
}

/* A copy of the NUL-terminated s in a, or NULL when out of memory. */
char *arena_strdup(arena *a, const char *s);

/* Release every block of a and leave it empty. */
void arena_free(arena *a);

#endif
