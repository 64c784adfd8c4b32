#include "pack.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * The writer.  The write position is a local pointer handed from writer to
 * writer (as `p`, returned updated), so the compiler keeps it in a
 * register: kept in the pk struct it would be reloaded after every byte
 * stored, since a byte store may alias anything.
 *
 * Growth is checked rarely: after each pk_room(w, p, n) at least
 * n + PK_SLACK bytes are free, and no element writes more than PK_SLACK
 * bytes of fixed-size fields (keys, varints, fixed64s, the lengths of
 * nested messages and strings, and the strings pk_str() writes with one
 * 16-byte store: 18 bytes with key and length) before its next pk_room().  So pk_room()
 * comes once before each element of the document (once before all the
 * sentences, which hold no strings) and once before the bytes of each
 * string, and the field writers never check.  A message holding strings
 * remembers its length byte as an offset, since the buffer may move while
 * its fields are written.
 *
 * When memory runs out, pk_room() fails and sets oom: what needed the room
 * (a string's bytes, the sentences) is skipped, and the writer goes on
 * writing fixed-size fields over the start of its buffer (which has room
 * for PK_SLACK), so the encoder needs no early exits; the result is thrown
 * away.
 */
typedef struct pk {
    uint8_t *buf, *end;
    unsigned unknown; /* OR of every message's n_unknown_fields */
    int oom;
} pk;

/* The field writers are small and take constant field numbers: inlined,
 * each key folds to a store of a constant. */
#define PK_INLINE static inline __attribute__((always_inline))

/* Fixed-size bytes an element may write between two pk_room() calls (the
 * largest, a blame or proposal, writes about 150). */
#define PK_SLACK 256

/* The most bytes a Sentence takes: its key and length (2 + up to 4 more
 * when pk_sub_end() moves it up), start and end (1 + 5 each), its
 * sentiment (2 + 4 more, and 4 doubles of 9) and heading (2). */
#define PK_SENTENCE (6 + 6 + 6 + 6 + 4 * 9 + 2)

/* Grow the buffer to have `need` bytes free after p; the new position, or
 * NULL when out of memory (see above). */
static __attribute__((noinline)) uint8_t *pk_grow(pk *w, uint8_t *p, size_t need)
{
    if (w->oom) return NULL;
    size_t used = (size_t)(p - w->buf), cap = (size_t)(w->end - w->buf) * 2;
    if (cap < used + need) cap = used + need;
    uint8_t *b = realloc(w->buf, cap);
    if (!b) {
        w->oom = 1;
        return NULL;
    }
    w->buf = b;
    w->end = b + cap;
    return b + used;
}

/* Is there room for n more bytes plus the slack at p? */
PK_INLINE int pk_has_room(const pk *w, const uint8_t *p, size_t n)
{
    return __builtin_expect((size_t)(w->end - p) >= n + PK_SLACK, 1);
}

/* Room for n more bytes plus the slack at p; the position to write at
 * (p, or where the buffer moved it), or NULL when out of memory: then skip
 * what needed the room and go on at w->buf. */
PK_INLINE uint8_t *pk_room(pk *w, uint8_t *p, size_t n)
{
    return pk_has_room(w, p, n) ? p : pk_grow(w, p, n + PK_SLACK);
}

/* pk_room_fixed() when the buffer must grow: the new position, or the
 * start of the buffer when memory is out. */
static __attribute__((noinline)) uint8_t *pk_grow_fixed(pk *w, uint8_t *p)
{
    uint8_t *q = pk_grow(w, p, PK_SLACK);
    return q ? q : w->buf;
}

/* Room for the slack alone (the fixed-size fields of an element): the
 * position to write at. */
PK_INLINE uint8_t *pk_room_fixed(pk *w, uint8_t *p) { return pk_has_room(w, p, 0) ? p : pk_grow_fixed(w, p); }

static __attribute__((noinline)) uint8_t *pk_varint_long(uint8_t *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

/* A varint; the one- and two-byte ones (keys, offsets in a text of up to
 * 16 KB, lengths) are written inline. */
PK_INLINE uint8_t *pk_varint(uint8_t *p, uint64_t v)
{
    if (v < 0x80) {
        p[0] = (uint8_t)v;
        return p + 1;
    }
    if (v < 0x4000) {
        p[0] = (uint8_t)(v | 0x80);
        p[1] = (uint8_t)(v >> 7);
        return p + 2;
    }
    return pk_varint_long(p, v);
}

PK_INLINE uint8_t *pk_key(uint8_t *p, unsigned field, unsigned wire) { return pk_varint(p, (uint64_t)field << 3 | wire); }

/* The low `bytes` bytes of bits, little-endian (the wire's order). */
PK_INLINE uint8_t *pk_fixed(uint8_t *p, uint64_t bits, int bytes)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &bits, (size_t)bytes); /* one store */
    return p + bytes;
#else
    for (int i = 0; i < bytes; i++) *p++ = (uint8_t)(bits >> (8 * i));
    return p;
#endif
}

PK_INLINE uint8_t *pk_u64(uint8_t *p, unsigned field, uint64_t v)
{
    if (!v) return p;
    p = pk_key(p, field, 0);
    return pk_varint(p, v);
}

PK_INLINE uint8_t *pk_i64(uint8_t *p, unsigned field, int64_t v) { return pk_u64(p, field, (uint64_t)v); }

/* A double, left out when it is 0.0 or -0.0 (as protobuf-c: d == 0.0).
 * The test is on the bits, all but the sign 0: a test against a mask kept
 * in a register (a shift needed a copy of the bits, which are stored
 * after), where a floating compare took five (sentences have four doubles
 * each). */
PK_INLINE uint8_t *pk_double(uint8_t *p, unsigned field, double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    if (!(bits & 0x7fffffffffffffffull)) return p;
    p = pk_key(p, field, 1);
    return pk_fixed(p, bits, 8);
}

PK_INLINE uint8_t *pk_float(uint8_t *p, unsigned field, float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    if (!(bits & 0x7fffffffu)) return p; /* 0.0 or -0.0, as pk_double() */
    p = pk_key(p, field, 5);
    return pk_fixed(p, bits, 4);
}

/* Copy n >= 1 bytes; the short strings of annotations (codes, names) are
 * copied inline with two overlapping loads and stores. */
PK_INLINE void pk_copy(uint8_t *d, const char *s, size_t n)
{
    if (n > 16) memcpy(d, s, n);
    else copy_short_bytes(d, s, n);
}

/* A length-delimited field of n >= 1 bytes in room made for it. */
PK_INLINE uint8_t *pk_lstr(uint8_t *p, unsigned field, const char *s, size_t n)
{
    p = pk_key(p, field, 2);
    p = pk_varint(p, n);
    pk_copy(p, s, n);
    return p + n;
}

/* pk_bytes() when the buffer must grow first: the field, or nothing when
 * memory is out. */
static __attribute__((noinline)) uint8_t *pk_bytes_grow(pk *w, uint8_t *p, unsigned field, const char *s, size_t n)
{
    uint8_t *q = pk_grow(w, p, n + PK_SLACK);
    return q ? pk_lstr(q, field, s, n) : w->buf;
}

/* A length-delimited field of n bytes (none when n is 0). */
PK_INLINE uint8_t *pk_bytes(pk *w, uint8_t *p, unsigned field, const char *s, size_t n)
{
    if (!n) return p;
    if (!pk_has_room(w, p, n)) return pk_bytes_grow(w, p, field, s, n);
    return pk_lstr(p, field, s, n);
}

#ifdef __SSE2__
/* The sixteen bytes at s, which starts on a 16-byte boundary.  They may
 * run past the string's allocation, but never into another page (the
 * block is aligned), so the read cannot fault; it is left out of ASan's
 * checks, which would see an overflow. */
__attribute__((no_sanitize_address)) static inline __m128i pk_load16(const char *s)
{
    return _mm_load_si128((const __m128i *)s);
}
#endif

PK_INLINE uint8_t *pk_str(pk *w, uint8_t *p, unsigned field, const char *s)
{
    if (!s || !*s) return p;
#ifdef __SSE2__
    /* The strings of a pipeline's result (codes and names, two per actor
     * and per tone) are copies carved from its arena, which aligns them to
     * 16 bytes, and most are shorter than 16: for those, one load finds
     * the NUL and one store writes the bytes (those past the string land
     * in the slack, and what follows overwrites them), ~12 instructions
     * where strlen() and a copy by length took ~40.  Other strings are
     * measured and copied as usual. */
    if (((uintptr_t)s & 15) == 0) {
        __m128i v = pk_load16(s);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
        if (m) {
            /* 1..15, as a 64-bit count (GCC sign-extends the int of
             * __builtin_ctz); the 18 bytes written are the slack's, which
             * counts them as fixed-size (see above), so no room check */
            size_t n = ctz64(m);
            p = pk_key(p, field, 2);
            *p = (uint8_t)n; /* a one-byte varint */
            _mm_storeu_si128((__m128i *)(p + 1), v);
            return p + 1 + n;
        }
    }
#endif
    size_t n = strlen(s); /* >= 1 */
    if (!pk_has_room(w, p, n)) return pk_bytes_grow(w, p, field, s, n);
    return pk_lstr(p, field, s, n);
}

/* A nested message: the begin call writes its key and one byte for its
 * length, the end call fills that byte in.  A length of 128 or more (rare
 * here) moves the fields up to make room for its varint (within the
 * slack).  pk_sub_begin()/pk_sub_end() point at the length byte, for the
 * messages without strings (the buffer cannot move while they are
 * written); pk_begin()/pk_end() keep its offset. */
static __attribute__((noinline)) uint8_t *pk_end_long(uint8_t *len_at, uint8_t *p)
{
    size_t len = (size_t)(p - len_at - 1);
    size_t vs = 1;
    for (size_t v = len; v >= 0x80; v >>= 7) vs++;
    memmove(len_at + vs, len_at + 1, len);
    return pk_varint(len_at, len) + len;
}

PK_INLINE uint8_t *pk_sub_begin(uint8_t *p, unsigned field, uint8_t **len_at)
{
    p = pk_key(p, field, 2);
    *len_at = p;
    return p + 1;
}

PK_INLINE uint8_t *pk_sub_end(uint8_t *len_at, uint8_t *p)
{
    size_t len = (size_t)(p - len_at - 1);
    if (__builtin_expect(len < 0x80, 1)) {
        *len_at = (uint8_t)len;
        return p;
    }
    return pk_end_long(len_at, p);
}

PK_INLINE uint8_t *pk_begin(pk *w, uint8_t *p, unsigned field, size_t *at)
{
    p = pk_key(p, field, 2);
    *at = (size_t)(p - w->buf);
    return p + 1;
}

PK_INLINE uint8_t *pk_end(pk *w, uint8_t *p, size_t at)
{
    uint8_t *len_at = w->buf + at;
    size_t len = (size_t)(p - len_at - 1);
    if (__builtin_expect(len < 0x80, 1)) {
        *len_at = (uint8_t)len;
        return p;
    }
    if (w->oom) return p; /* the writer has restarted: at means nothing now */
    return pk_end_long(len_at, p);
}

/* ------------------------------------------------------------------ */
/* The messages of annotation.proto, fields in number order.  Each    */
/* writes its key and length too, and nothing when the message is      */
/* NULL.                                                                */

PK_INLINE uint8_t *b_span(unsigned *u, uint8_t *p, unsigned field, const Annot__V1__Span *m)
{
    if (!m) return p;
    *u |= m->base.n_unknown_fields;
    uint8_t *len_at;
    p = pk_sub_begin(p, field, &len_at);
    p = pk_u64(p, 1, m->start);
    p = pk_u64(p, 2, m->end);
    return pk_sub_end(len_at, p);
}

PK_INLINE uint8_t *b_sentiment(unsigned *u, uint8_t *p, unsigned field, const Annot__V1__Sentiment *m)
{
    if (!m) return p;
    *u |= m->base.n_unknown_fields;
    uint8_t *len_at;
    p = pk_sub_begin(p, field, &len_at);
    p = pk_double(p, 1, m->compound);
    p = pk_double(p, 2, m->positive);
    p = pk_double(p, 3, m->negative);
    p = pk_double(p, 4, m->neutral);
    return pk_sub_end(len_at, p);
}

PK_INLINE uint8_t *b_sentence(unsigned *u, uint8_t *p, const Annot__V1__Sentence *m)
{
    if (!m) return p;
    *u |= m->base.n_unknown_fields;
    uint8_t *len_at;
    p = pk_sub_begin(p, 6, &len_at);
    p = pk_u64(p, 1, m->start);
    p = pk_u64(p, 2, m->end);
    p = b_sentiment(u, p, 3, m->sentiment);
    p = pk_u64(p, 4, m->heading ? 1 : 0);
    return pk_sub_end(len_at, p);
}

PK_INLINE uint8_t *b_actor(pk *w, unsigned *u, uint8_t *p, const Annot__V1__Actor *m)
{
    if (!m) return p;
    *u |= m->base.n_unknown_fields;
    size_t at;
    p = pk_begin(w, p, 7, &at);
    p = pk_u64(p, 1, m->start);
    p = pk_u64(p, 2, m->end);
    p = pk_str(w, p, 3, m->code);
    p = pk_i64(p, 4, (int64_t)m->kind); /* an enum is an int32 varint */
    p = pk_str(w, p, 5, m->name);
    p = pk_u64(p, 6, m->sentence);
    p = pk_float(p, 7, m->confidence);
    return pk_end(w, p, at);
}

PK_INLINE uint8_t *b_actor_tone(pk *w, unsigned *u, uint8_t *p, const Annot__V1__ActorTone *m)
{
    if (!m) return p;
    *u |= m->base.n_unknown_fields;
    size_t at;
    p = pk_begin(w, p, 8, &at);
    p = pk_str(w, p, 1, m->code);
    p = pk_str(w, p, 2, m->name);
    p = pk_double(p, 3, m->tone);
    p = pk_u64(p, 4, m->sentences);
    return pk_end(w, p, at);
}

/* Blame and Proposal share one layout: two codes, two spans, the sentence,
 * the confidence and the spans of the two codes. */
PK_INLINE uint8_t *b_claim(pk *w, unsigned *u, uint8_t *p, unsigned field, unsigned unknown, const char *who,
                           const char *whom, const Annot__V1__Span *what, const Annot__V1__Span *cue,
                           uint32_t sentence, float confidence, const Annot__V1__Span *who_span,
                           const Annot__V1__Span *whom_span)
{
    *u |= unknown;
    size_t at;
    p = pk_begin(w, p, field, &at);
    p = pk_str(w, p, 1, who);
    p = pk_str(w, p, 2, whom);
    p = b_span(u, p, 3, what);
    p = b_span(u, p, 4, cue);
    p = pk_u64(p, 5, sentence);
    p = pk_float(p, 6, confidence);
    p = b_span(u, p, 7, who_span);
    p = b_span(u, p, 8, whom_span);
    return pk_end(w, p, at);
}

PK_INLINE uint8_t *b_blame(pk *w, unsigned *u, uint8_t *p, const Annot__V1__Blame *m)
{
    if (!m) return p;
    return b_claim(w, u, p, 9, m->base.n_unknown_fields, m->blamer, m->blamed, m->issue, m->cue, m->sentence,
                   m->confidence, m->blamer_span, m->blamed_span);
}

PK_INLINE uint8_t *b_proposal(pk *w, unsigned *u, uint8_t *p, const Annot__V1__Proposal *m)
{
    if (!m) return p;
    return b_claim(w, u, p, 10, m->base.n_unknown_fields, m->proposer, m->addressee, m->action, m->cue,
                   m->sentence, m->confidence, m->proposer_span, m->addressee_span);
}

/* A map entry of strings (Tag.attributes, AnnotatedDocument.meta). */
static uint8_t *b_str_entry(pk *w, uint8_t *p, unsigned field, unsigned unknown, const char *key,
                            const char *value)
{
    w->unknown |= unknown;
    size_t at;
    p = pk_begin(w, p, field, &at);
    p = pk_str(w, p, 1, key);
    p = pk_str(w, p, 2, value);
    return pk_end(w, p, at);
}

static uint8_t *b_tag(pk *w, uint8_t *p, const Annot__V1__Tag *m)
{
    if (!m) return p;
    w->unknown |= m->base.n_unknown_fields;
    size_t at;
    p = pk_begin(w, p, 11, &at);
    p = pk_str(w, p, 1, m->plugin);
    p = pk_str(w, p, 2, m->label);
    p = pk_u64(p, 3, m->start);
    p = pk_u64(p, 4, m->end);
    p = pk_double(p, 5, m->score);
    for (size_t i = 0; i < m->n_attributes; i++) {
        const Annot__V1__Tag__AttributesEntry *e = m->attributes[i];
        if (!e) continue;
        p = pk_room_fixed(w, p);
        p = b_str_entry(w, p, 6, e->base.n_unknown_fields, e->key, e->value);
    }
    return pk_end(w, p, at);
}

static uint8_t *b_plugin_status(pk *w, uint8_t *p, const Annot__V1__PluginStatus *m)
{
    if (!m) return p;
    w->unknown |= m->base.n_unknown_fields;
    size_t at;
    p = pk_begin(w, p, 12, &at);
    p = pk_str(w, p, 1, m->name);
    p = pk_str(w, p, 2, m->version);
    p = pk_u64(p, 3, m->elapsed_us);
    p = pk_str(w, p, 4, m->error);
    return pk_end(w, p, at);
}

/* The document from p; text_len is strlen(m->text), measured once by the
 * caller.  Returns the end of what it wrote. */
static uint8_t *b_document(pk *w, uint8_t *p, const Annot__V1__AnnotatedDocument *m, size_t text_len)
{
    /* the unknown fields of the annotations, kept in a register here
     * (w->unknown is in memory, which every byte store may alias) */
    unsigned u = m->base.n_unknown_fields;
    p = pk_room_fixed(w, p);
    p = pk_str(w, p, 1, m->doc_id);
    p = pk_str(w, p, 2, m->source);
    p = pk_str(w, p, 3, m->instance);
    p = pk_u64(p, 4, m->seq);
    p = b_sentiment(&u, p, 5, m->sentiment);
    /* sentences hold no strings: room for all of them at once */
    uint8_t *q = pk_room(w, p, m->n_sentences * PK_SENTENCE);
    /* the arrays and their counts are read once: the byte stores between
     * may alias anything, so the loops reloaded them for each element.
     * The loops count with an index: an empty array is NULL, and NULL + 0
     * (an end pointer) is undefined, which clang's UBSan reports */
    if (q) {
        p = q;
        Annot__V1__Sentence *const *a = m->sentences;
        for (size_t i = 0, n = m->n_sentences; i < n; i++) p = b_sentence(&u, p, a[i]);
    } else {
        p = w->buf;
    }
    {
        Annot__V1__Actor *const *a = m->actors;
        for (size_t i = 0, n = m->n_actors; i < n; i++) {
            p = pk_room_fixed(w, p);
            p = b_actor(w, &u, p, a[i]);
        }
    }
    {
        Annot__V1__ActorTone *const *a = m->actor_tones;
        for (size_t i = 0, n = m->n_actor_tones; i < n; i++) {
            p = pk_room_fixed(w, p);
            p = b_actor_tone(w, &u, p, a[i]);
        }
    }
    {
        Annot__V1__Blame *const *a = m->blames;
        for (size_t i = 0, n = m->n_blames; i < n; i++) {
            p = pk_room_fixed(w, p);
            p = b_blame(w, &u, p, a[i]);
        }
    }
    {
        Annot__V1__Proposal *const *a = m->proposals;
        for (size_t i = 0, n = m->n_proposals; i < n; i++) {
            p = pk_room_fixed(w, p);
            p = b_proposal(w, &u, p, a[i]);
        }
    }
    {
        Annot__V1__Tag *const *a = m->tags;
        for (size_t i = 0, n = m->n_tags; i < n; i++) {
            p = pk_room_fixed(w, p);
            p = b_tag(w, p, a[i]);
        }
    }
    {
        Annot__V1__PluginStatus *const *a = m->plugins;
        for (size_t i = 0, n = m->n_plugins; i < n; i++) {
            p = pk_room_fixed(w, p);
            p = b_plugin_status(w, p, a[i]);
        }
    }
    p = pk_room_fixed(w, p);
    p = pk_str(w, p, 13, m->title);
    p = pk_str(w, p, 14, m->lang);
    p = pk_i64(p, 15, m->published_ms);
    for (size_t i = 0; i < m->n_meta; i++) {
        const Annot__V1__AnnotatedDocument__MetaEntry *e = m->meta[i];
        if (!e) continue;
        p = pk_room_fixed(w, p);
        p = b_str_entry(w, p, 16, e->base.n_unknown_fields, e->key, e->value);
    }
    if (m->text) p = pk_bytes(w, p, 17, m->text, text_len);
    p = pk_room_fixed(w, p);
    p = pk_u64(p, 18, m->text_bytes);
    p = pk_u64(p, 19, m->received_ms);
    w->unknown |= u;
    return pk_u64(p, 20, m->elapsed_us);
}

uint8_t *result_pack_new(const Annot__V1__AnnotatedDocument *d, size_t *len)
{
    return result_pack_new_len(d, d->text ? strlen(d->text) : 0, len);
}

uint8_t *result_pack_new_len(const Annot__V1__AnnotatedDocument *d, size_t text_len, size_t *len)
{
    /* a first guess that is rarely grown: the text and ~64 B an annotation */
    size_t guess = 1024 + text_len +
                   64 * (d->n_sentences + d->n_actors + d->n_actor_tones + d->n_blames + d->n_proposals + d->n_tags);
    pk w = {0};
    w.buf = malloc(guess);
    if (!w.buf) return NULL;
    w.end = w.buf + guess;
    uint8_t *end = b_document(&w, w.buf, d, text_len);
    if (w.oom) {
        free(w.buf);
        return NULL;
    }
    if (w.unknown) {
        /* a decoded message with fields this encoder does not know: only
         * protobuf-c can write them out again */
        free(w.buf);
        *len = protobuf_c_message_get_packed_size(&d->base);
        uint8_t *out = malloc(*len ? *len : 1);
        if (out) protobuf_c_message_pack(&d->base, out);
        return out;
    }
    *len = (size_t)(end - w.buf);
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
