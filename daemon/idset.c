#include "idset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct node {
    struct node *next;
    uint64_t hash;
    char id[];
} node;

struct idset {
    node **slots;
    size_t n_slots;  /* a power of two */
    size_t count;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

idset *idset_new(void)
{
    idset *s = xcalloc(1, sizeof *s);
    s->n_slots = 256;
    s->slots = xcalloc(s->n_slots, sizeof *s->slots);
    return s;
}

void idset_free(idset **sp)
{
    idset *s = *sp;
    if (!s) return;
    for (size_t i = 0; i < s->n_slots; i++)
        for (node *n = s->slots[i], *next; n; n = next) {
            next = n->next;
            free(n);
        }
    free(s->slots);
    free(s);
    *sp = NULL;
}

static void grow(idset *s)
{
    size_t n = s->n_slots * 2;
    node **slots = xcalloc(n, sizeof *slots);
    for (size_t i = 0; i < s->n_slots; i++)
        for (node *x = s->slots[i], *next; x; x = next) {
            next = x->next;
            x->next = slots[x->hash & (n - 1)];
            slots[x->hash & (n - 1)] = x;
        }
    free(s->slots);
    s->slots = slots;
    s->n_slots = n;
}

int idset_add(idset *s, const char *id)
{
    uint64_t h = hash_str(id);
    for (node *n = s->slots[h & (s->n_slots - 1)]; n; n = n->next)
        if (n->hash == h && !strcmp(n->id, id)) return -1;
    if (s->count + 1 > s->n_slots) grow(s);
    size_t len = strlen(id) + 1;
    node *n = xmalloc(sizeof *n + len);
    n->hash = h;
    memcpy(n->id, id, len);
    node **slot = &s->slots[h & (s->n_slots - 1)];
    n->next = *slot;
    *slot = n;
    s->count++;
    return 0;
}

void idset_remove(idset *s, const char *id)
{
    uint64_t h = hash_str(id);
    for (node **p = &s->slots[h & (s->n_slots - 1)]; *p; p = &(*p)->next)
        if ((*p)->hash == h && !strcmp((*p)->id, id)) {
            node *n = *p;
            *p = n->next;
            free(n);
            s->count--;
            return;
        }
}

size_t idset_count(const idset *s) { return s->count; }
