/*
 * arena — a bump allocator for things that live and die together: the
 * strings of one document's annotations, then the protobuf message built
 * from them.  One free releases everything; nothing is freed alone.
 */
#ifndef ANNOT_ARENA_H
#define ANNOT_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head; /* the newest block; NULL when nothing is held */
} arena;

/* n bytes aligned for any type, from a, uninitialised; NULL when out of
 * memory.  Blocks grow geometrically, so a document costs a few mallocs. */
void *arena_alloc(arena *a, size_t n);

/* A copy of the NUL-terminated s in a, or NULL when out of memory. */
char *arena_strdup(arena *a, const char *s);

/* Release every block of a and leave it empty. */
void arena_free(arena *a);

#endif
