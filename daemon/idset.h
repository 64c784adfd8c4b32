/* idset — the ids of documents in flight, to refuse a reused id while the
 * first is still being processed.  Loop thread only. */
#ifndef ANNOTD_IDSET_H
#define ANNOTD_IDSET_H

#include <stddef.h>

typedef struct idset idset;

idset *idset_new(void);
void idset_free(idset **s);
/* Add an id; returns 0, or -1 when it is already present. */
int idset_add(idset *s, const char *id);
/* Remove an id (no-op when absent). */
void idset_remove(idset *s, const char *id);
size_t idset_count(const idset *s);

#endif
