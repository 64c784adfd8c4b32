#include "pack.h"

#include <stdlib.h>
#include <string.h>

/* A writer into a buffer the caller has made big enough: before each
 * element of the document, pk_room() reserves a bound on its size (its
 * strings plus a fixed allowance per field), so the field writers never
 * check. */
typedef struct pk {
    uint8_t *buf, *p, *end;
    int oom;
} pk;

typedef void pk_body(pk *w, const void *m);

static inline size_t varint_size(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static inline void pk_varint(pk *w, uint64_t v)
{
    uint8_t *p = w->p;
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    w->p = p;
}

/* Make room for n more bytes; 0, or -1 (and w->oom) when out of memory. */
static int pk_room(pk *w, size_t n)
{
    if ((size_t)(w->end - w->p) >= n) return 0;
    size_t used = (size_t)(w->p - w->buf), cap = (size_t)(w->end - w->buf) * 2;
    if (cap < used + n) cap = used + n;
    uint8_t *b = realloc(w->buf, cap);
    if (!b) {
        w->oom = 1;
        return -1;
    }
    w->buf = b;
    w->p = b + used;
    w->end = b + cap;
    return 0;
}

/* Room for one field beside a string's bytes: a key and a varint or a
 * fixed64 (or a string's length). */
#define PK_FIELD 16

static inline size_t pk_strlen(const char *s) { return s ? strlen(s) : 0; }

static inline void pk_key(pk *w, unsigned field, unsigned wire) { pk_varint(w, (uint64_t)field << 3 | wire); }

/* The low `bytes` bytes of bits, little-endian (the wire's order). */
static inline void pk_fixed(pk *w, uint64_t bits, int bytes)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(w->p, &bits, (size_t)bytes); /* one store */
    w->p += bytes;
#else
    for (int i = 0; i < bytes; i++) *w->p++ = (uint8_t)(bits >> (8 * i));
#endif
}

static inline void pk_u64(pk *w, unsigned field, uint64_t v)
{
    if (!v) return;
    pk_key(w, field, 0);
    pk_varint(w, v);
}

static inline void pk_i64(pk *w, unsigned field, int64_t v) { pk_u64(w, field, (uint64_t)v); }

static inline void pk_double(pk *w, unsigned field, double d)
{
    if (d == 0.0) return; /* as protobuf-c: -0.0 is a default too */
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    pk_key(w, field, 1);
    pk_fixed(w, bits, 8);
}

static inline void pk_float(pk *w, unsigned field, float f)
{
    if (f == 0.0f) return;
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    pk_key(w, field, 5);
    pk_fixed(w, bits, 4);
}

static inline void pk_bytes(pk *w, unsigned field, const char *s, size_t n)
{
    if (!n) return;
    pk_key(w, field, 2);
    pk_varint(w, n);
    memcpy(w->p, s, n);
    w->p += n;
}

static inline void pk_str(pk *w, unsigned field, const char *s)
{
    if (s && *s) pk_bytes(w, field, s, strlen(s));
}

/* A nested message: its key, one byte for its length, its fields; a length
 * of 128 or more (rare here) moves the fields up to make room for its
 * varint (the bound of every message allows for it). */
static inline void pk_msg(pk *w, unsigned field, const void *m, pk_body *body)
{
    if (!m) return;
    pk_key(w, field, 2);
    uint8_t *len_at = w->p++;
    body(w, m);
    size_t len = (size_t)(w->p - len_at - 1);
    if (len < 0x80) {
        *len_at = (uint8_t)len;
        return;
    }
    size_t vs = varint_size(len);
    memmove(len_at + vs, len_at + 1, len);
    w->p = len_at;
    pk_varint(w, len);
    w->p += len;
}

/* ------------------------------------------------------------------ */
/* The messages of annotation.proto, fields in number order.           */

static void b_span(pk *w, const void *v)
{
    const Annot__V1__Span *m = v;
    pk_u64(w, 1, m->start);
    pk_u64(w, 2, m->end);
}

static void b_sentiment(pk *w, const void *v)
{
    const Annot__V1__Sentiment *m = v;
    pk_double(w, 1, m->compound);
    pk_double(w, 2, m->positive);
    pk_double(w, 3, m->negative);
    pk_double(w, 4, m->neutral);
}

static void b_sentence(pk *w, const void *v)
{
    const Annot__V1__Sentence *m = v;
    pk_u64(w, 1, m->start);
    pk_u64(w, 2, m->end);
    pk_msg(w, 3, m->sentiment, b_sentiment);
    pk_u64(w, 4, m->heading ? 1 : 0);
}

static void b_actor(pk *w, const void *v)
{
    const Annot__V1__Actor *m = v;
    pk_u64(w, 1, m->start);
    pk_u64(w, 2, m->end);
    pk_str(w, 3, m->code);
    pk_i64(w, 4, (int64_t)m->kind); /* an enum is an int32 varint */
    pk_str(w, 5, m->name);
    pk_u64(w, 6, m->sentence);
    pk_float(w, 7, m->confidence);
}

static void b_actor_tone(pk *w, const void *v)
{
    const Annot__V1__ActorTone *m = v;
    pk_str(w, 1, m->code);
    pk_str(w, 2, m->name);
    pk_double(w, 3, m->tone);
    pk_u64(w, 4, m->sentences);
}

/* Blame and Proposal share one layout: two codes, two spans, the sentence,
 * the confidence and the spans of the two codes. */
static inline void b_claim(pk *w, const char *who, const char *whom, const Annot__V1__Span *what,
                           const Annot__V1__Span *cue, uint32_t sentence, float confidence,
                           const Annot__V1__Span *who_span, const Annot__V1__Span *whom_span)
{
    pk_str(w, 1, who);
    pk_str(w, 2, whom);
    pk_msg(w, 3, what, b_span);
    pk_msg(w, 4, cue, b_span);
    pk_u64(w, 5, sentence);
    pk_float(w, 6, confidence);
    pk_msg(w, 7, who_span, b_span);
    pk_msg(w, 8, whom_span, b_span);
}

static void b_blame(pk *w, const void *v)
{
    const Annot__V1__Blame *m = v;
    b_claim(w, m->blamer, m->blamed, m->issue, m->cue, m->sentence, m->confidence, m->blamer_span, m->blamed_span);
}

static void b_proposal(pk *w, const void *v)
{
    const Annot__V1__Proposal *m = v;
    b_claim(w, m->proposer, m->addressee, m->action, m->cue, m->sentence, m->confidence, m->proposer_span,
            m->addressee_span);
}

static void b_tag_attr(pk *w, const void *v)
{
    const Annot__V1__Tag__AttributesEntry *m = v;
    pk_str(w, 1, m->key);
    pk_str(w, 2, m->value);
}

static void b_tag(pk *w, const void *v)
{
    const Annot__V1__Tag *m = v;
    pk_str(w, 1, m->plugin);
    pk_str(w, 2, m->label);
    pk_u64(w, 3, m->start);
    pk_u64(w, 4, m->end);
    pk_double(w, 5, m->score);
    for (size_t i = 0; i < m->n_attributes; i++) pk_msg(w, 6, m->attributes[i], b_tag_attr);
}

static void b_plugin_status(pk *w, const void *v)
{
    const Annot__V1__PluginStatus *m = v;
    pk_str(w, 1, m->name);
    pk_str(w, 2, m->version);
    pk_u64(w, 3, m->elapsed_us);
    pk_str(w, 4, m->error);
}

static void b_meta(pk *w, const void *v)
{
    const Annot__V1__AnnotatedDocument__MetaEntry *m = v;
    pk_str(w, 1, m->key);
    pk_str(w, 2, m->value);
}

/* Bounds on the encoded size of each message: PK_FIELD for every field
 * and for a nested message's key and length, plus the bytes of strings. */
#define PK_SPAN (3 * PK_FIELD)
#define PK_SENTIMENT (5 * PK_FIELD)
#define PK_SENTENCE (4 * PK_FIELD + PK_SENTIMENT)
#define PK_STR(s) (PK_FIELD + pk_strlen(s))

static size_t bound_tag(const Annot__V1__Tag *t)
{
    size_t n = 4 * PK_FIELD + PK_STR(t->plugin) + PK_STR(t->label);
    for (size_t k = 0; k < t->n_attributes; k++)
        if (t->attributes[k]) n += PK_FIELD + PK_STR(t->attributes[k]->key) + PK_STR(t->attributes[k]->value);
    return n;
}

/* The document; text_len is strlen(m->text), measured once by the caller.
 * Stops early (w->oom set) when memory runs out. */
static void b_document(pk *w, const Annot__V1__AnnotatedDocument *m, size_t text_len)
{
#define ROOM(n)                         \
    do {                                \
        if (pk_room(w, (n))) return;    \
    } while (0)
    ROOM(PK_STR(m->doc_id) + PK_STR(m->source) + PK_STR(m->instance) + PK_FIELD + PK_SENTIMENT);
    pk_str(w, 1, m->doc_id);
    pk_str(w, 2, m->source);
    pk_str(w, 3, m->instance);
    pk_u64(w, 4, m->seq);
    pk_msg(w, 5, m->sentiment, b_sentiment);
    for (size_t i = 0; i < m->n_sentences; i++) {
        ROOM(PK_SENTENCE);
        pk_msg(w, 6, m->sentences[i], b_sentence);
    }
    for (size_t i = 0; i < m->n_actors; i++) {
        const Annot__V1__Actor *a = m->actors[i];
        if (a) ROOM(6 * PK_FIELD + PK_STR(a->code) + PK_STR(a->name));
        pk_msg(w, 7, a, b_actor);
    }
    for (size_t i = 0; i < m->n_actor_tones; i++) {
        const Annot__V1__ActorTone *t = m->actor_tones[i];
        if (t) ROOM(3 * PK_FIELD + PK_STR(t->code) + PK_STR(t->name));
        pk_msg(w, 8, t, b_actor_tone);
    }
    for (size_t i = 0; i < m->n_blames; i++) {
        const Annot__V1__Blame *b = m->blames[i];
        if (b) ROOM(3 * PK_FIELD + 4 * PK_SPAN + PK_STR(b->blamer) + PK_STR(b->blamed));
        pk_msg(w, 9, b, b_blame);
    }
    for (size_t i = 0; i < m->n_proposals; i++) {
        const Annot__V1__Proposal *q = m->proposals[i];
        if (q) ROOM(3 * PK_FIELD + 4 * PK_SPAN + PK_STR(q->proposer) + PK_STR(q->addressee));
        pk_msg(w, 10, q, b_proposal);
    }
    for (size_t i = 0; i < m->n_tags; i++) {
        if (m->tags[i]) ROOM(bound_tag(m->tags[i]));
        pk_msg(w, 11, m->tags[i], b_tag);
    }
    for (size_t i = 0; i < m->n_plugins; i++) {
        const Annot__V1__PluginStatus *st = m->plugins[i];
        if (st) ROOM(2 * PK_FIELD + PK_STR(st->name) + PK_STR(st->version) + PK_STR(st->error));
        pk_msg(w, 12, st, b_plugin_status);
    }
    ROOM(PK_STR(m->title) + PK_STR(m->lang) + PK_FIELD);
    pk_str(w, 13, m->title);
    pk_str(w, 14, m->lang);
    pk_i64(w, 15, m->published_ms);
    for (size_t i = 0; i < m->n_meta; i++) {
        const Annot__V1__AnnotatedDocument__MetaEntry *e = m->meta[i];
        if (e) ROOM(PK_FIELD + PK_STR(e->key) + PK_STR(e->value));
        pk_msg(w, 16, e, b_meta);
    }
    ROOM(PK_FIELD + text_len + 3 * PK_FIELD);
    if (m->text) pk_bytes(w, 17, m->text, text_len);
    pk_u64(w, 18, m->text_bytes);
    pk_u64(w, 19, m->received_ms);
    pk_u64(w, 20, m->elapsed_us);
#undef ROOM
}

/* Does any message of d carry unknown fields?  (Only a decoded message
 * can: the encoder leaves those to protobuf-c.) */
static int has_unknown(const Annot__V1__AnnotatedDocument *d)
{
#define UNK(m) ((m) && (m)->base.n_unknown_fields)
    if (UNK(d) || UNK(d->sentiment)) return 1;
    for (size_t i = 0; i < d->n_sentences; i++)
        if (UNK(d->sentences[i]) || (d->sentences[i] && UNK(d->sentences[i]->sentiment))) return 1;
    for (size_t i = 0; i < d->n_actors; i++)
        if (UNK(d->actors[i])) return 1;
    for (size_t i = 0; i < d->n_actor_tones; i++)
        if (UNK(d->actor_tones[i])) return 1;
    for (size_t i = 0; i < d->n_blames; i++) {
        const Annot__V1__Blame *b = d->blames[i];
        if (UNK(b) || (b && (UNK(b->issue) || UNK(b->cue) || UNK(b->blamer_span) || UNK(b->blamed_span))))
            return 1;
    }
    for (size_t i = 0; i < d->n_proposals; i++) {
        const Annot__V1__Proposal *p = d->proposals[i];
        if (UNK(p) || (p && (UNK(p->action) || UNK(p->cue) || UNK(p->proposer_span) || UNK(p->addressee_span))))
            return 1;
    }
    for (size_t i = 0; i < d->n_tags; i++) {
        if (UNK(d->tags[i])) return 1;
        for (size_t k = 0; d->tags[i] && k < d->tags[i]->n_attributes; k++)
            if (UNK(d->tags[i]->attributes[k])) return 1;
    }
    for (size_t i = 0; i < d->n_plugins; i++)
        if (UNK(d->plugins[i])) return 1;
    for (size_t i = 0; i < d->n_meta; i++)
        if (UNK(d->meta[i])) return 1;
    return 0;
#undef UNK
}

uint8_t *result_pack_new(const Annot__V1__AnnotatedDocument *d, size_t *len)
{
    if (has_unknown(d)) {
        *len = protobuf_c_message_get_packed_size(&d->base);
        uint8_t *out = malloc(*len ? *len : 1);
        if (out) protobuf_c_message_pack(&d->base, out);
        return out;
    }
    size_t text_len = d->text ? strlen(d->text) : 0;
    /* a first guess that is rarely grown: the text and ~64 B an annotation */
    size_t guess = 1024 + text_len +
                   64 * (d->n_sentences + d->n_actors + d->n_actor_tones + d->n_blames + d->n_proposals + d->n_tags);
    pk w = {0};
    w.buf = w.p = malloc(guess);
    if (!w.buf) return NULL;
    w.end = w.buf + guess;
    b_document(&w, d, text_len);
    if (w.oom) {
        free(w.buf);
        return NULL;
    }
    *len = (size_t)(w.p - w.buf);
    return w.buf;
}

size_t result_packed_size(const Annot__V1__AnnotatedDocument *d)
{
    size_t n = 0;
    free(result_pack_new(d, &n));
    return n;
}

size_t result_pack(const Annot__V1__AnnotatedDocument *d, uint8_t *out)
{
    size_t n = 0;
    uint8_t *p = result_pack_new(d, &n);
    if (!p) return 0;
    memcpy(out, p, n);
    free(p);
    return n;
}

const unsigned *result_pack_fields(const ProtobufCMessageDescriptor *desc)
{
    static const unsigned span[] = {1, 2, 0}, sentiment[] = {1, 2, 3, 4, 0}, sentence[] = {1, 2, 3, 4, 0},
                          actor[] = {1, 2, 3, 4, 5, 6, 7, 0}, tone[] = {1, 2, 3, 4, 0},
                          blame[] = {1, 2, 3, 4, 5, 6, 7, 8, 0}, tag[] = {1, 2, 3, 4, 5, 6, 0},
                          entry[] = {1, 2, 0}, status[] = {1, 2, 3, 4, 0},
                          doc[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0};
    static const struct {
        const ProtobufCMessageDescriptor *desc;
        const unsigned *fields;
    } known[] = {
        {&annot__v1__span__descriptor, span},
        {&annot__v1__sentiment__descriptor, sentiment},
        {&annot__v1__sentence__descriptor, sentence},
        {&annot__v1__actor__descriptor, actor},
        {&annot__v1__actor_tone__descriptor, tone},
        {&annot__v1__blame__descriptor, blame},
        {&annot__v1__proposal__descriptor, blame},
        {&annot__v1__tag__descriptor, tag},
        {&annot__v1__tag__attributes_entry__descriptor, entry},
        {&annot__v1__plugin_status__descriptor, status},
        {&annot__v1__annotated_document__meta_entry__descriptor, entry},
        {&annot__v1__annotated_document__descriptor, doc},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].desc == desc) return known[i].fields;
    return NULL;
}
