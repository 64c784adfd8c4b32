/*
 * host — what the plugin host hands to plugins: the annot_host table, the
 * per-instance context (options, data dir, log prefix) and the per-document
 * state that collects annotations.  Internal to libannotcore.
 */
#ifndef ANNOT_HOST_H
#define ANNOT_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "annot/plugin.h"
#include "annot/v1/annotation.pb-c.h"
#include "annot/v1/document.pb-c.h"
#include "arena.h"
#include "config.h"
#include "text.h"

/* One resolved option of an instance. */
typedef struct host_option {
    const annot_option *decl;  /* from the plugin's table */
    char *value;               /* text (default when unset); NULL if none */
    char **items;              /* LIST items */
    size_t n_items;
} host_option;

struct annot_ctx {
    char *instance;            /* config section name */
    char *data_dir;
    char *log_prefix;          /* "plugin NAME" */
    host_option *opts;
    size_t n_opts;
};

/* The host table (static, shared by every plugin). */
const annot_host *host_table(void);

/* Build an instance context: check the section's entries against the
 * plugin's option table (unknown option, bad type: -1 with
 * "FILE:LINE: ..." in err), fill in defaults. */
int host_ctx_new(annot_ctx **out, const char *cfg_file, const config_plugin *section,
                 const annot_plugin *desc, const char *data_dir, char *err, size_t errlen);
void host_ctx_free(annot_ctx **ctx);

/* Per-document state: the text core's layout and the annotations added. */
typedef struct host_tag {
    annot_tag tag;             /* strings point into the doc arena */
    const char *plugin;
} host_tag;

typedef struct host_tone {
    const char *code, *name;
    double tone;
    uint32_t sentences;
} host_tone;

/* What set_sentiment() overwrote, so a failed plugin's sentiment can be
 * undone: sentence index (-1: the document), old value, whether it had one. */
typedef struct host_sent_undo {
    long sentence;
    annot_sentiment old;
    int had;
} host_sent_undo;

struct annot_doc {
    const Annot__V1__Document *in;
    const char *text;
    size_t len;
    text_layout layout;
    annot_actor *actors; size_t n_actors, cap_actors;
    annot_blame *blames; size_t n_blames, cap_blames;
    annot_proposal *proposals; size_t n_proposals, cap_proposals;
    host_tag *tags; size_t n_tags, cap_tags;
    host_tone *tones; size_t n_tones, cap_tones;
    annot_sentiment doc_sentiment;
    int has_doc_sentiment;
    annot_sentiment *sent_sentiment; /* one per sentence, NULL until the first set */
    uint8_t *has_sent_sentiment;     /* (then sent_buf and has_buf, cleared) */
    annot_sentiment *sent_buf; uint8_t *has_buf; size_t cap_sent;
    host_sent_undo *sent_undo; size_t n_sent_undo, cap_sent_undo;
    const char *current_plugin;     /* name used for tags */
    arena mem;                      /* annotation strings; the result takes it over */
    size_t sent_hint;               /* sentence of the last sentence_at() answer */
};

/* Prepare a document: run the text core over in->text.  d is zeroed, or
 * was used for an earlier document and ended with host_doc_end(): then
 * its buffers (the layout, the arrays of annotations) are reused, so a
 * worker that keeps its annot_doc allocates nothing per document but the
 * arena.  0 or ANNOT_ENOMEM (call host_doc_end() either way). */
int host_doc_init(annot_doc *d, const Annot__V1__Document *in);

/* host_doc_init() for a text whose length the caller has measured:
 * text_len must be strlen(in->text) (0 when in->text is NULL). */
int host_doc_init_len(annot_doc *d, const Annot__V1__Document *in, size_t text_len);

/* Release what the document holds (its arena, unless a result took it;
 * its tags' attributes) and keep the buffers for the next document. */
void host_doc_end(annot_doc *d);

/* Release everything and zero d. */
void host_doc_free(annot_doc *d);

/* Counts of every annotation kind, to roll back what a failed plugin added. */
typedef struct host_mark {
    size_t actors, blames, proposals, tags, tones, sent_undo;
} host_mark;
host_mark host_doc_mark(const annot_doc *d);
void host_doc_rollback(annot_doc *d, host_mark m);

#endif
