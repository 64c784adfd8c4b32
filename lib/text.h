/*
 * text — the text core: tokens and sentences of a UTF-8 text, computed once
 * per document before any plugin runs.  See annot/plugin.h for what a
 * token and a sentence are.
 */
#ifndef ANNOT_TEXT_H
#define ANNOT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "annot/plugin.h"

typedef struct text_layout {
    annot_token *tokens;
    size_t n_tokens;
    size_t cap_tokens;
    annot_sentence *sentences;
    size_t n_sentences;
    size_t cap_sentences;
    char *lower;          /* text with ASCII letters lower-cased */
    size_t cap_lower;
    uint32_t *marks;      /* scratch of text_analyse(): the tokens after which */
    size_t n_marks;       /* a sentence may end, in order */
    size_t cap_marks;
} text_layout;

/* Tokenise and split `text` (len bytes of valid UTF-8) into `out`, reusing
 * its buffers when they are big enough (a worker keeps one per thread).
 * Returns 0, or ANNOT_ENOMEM. */
int text_analyse(text_layout *out, const char *text, size_t len);

/* Free the buffers of a layout and zero it. */
void text_layout_free(text_layout *t);

#endif
