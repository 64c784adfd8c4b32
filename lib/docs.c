#include "docs.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbjson.h"
#include "util.h"

/* check_utf8() of s, whose length the caller knows. */
static int check_utf8_len(const char *field, const char *s, size_t len, char *why, size_t whylen)
{
    long at = utf8_invalid_at(s, len);
    if (at < 0) return 0;
    snprintf(why, whylen, "%s is not valid UTF-8 (bad byte 0x%02x at offset %ld)", field,
             (unsigned char)s[at], at);
    return ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8;
}

static int check_utf8(const char *field, const char *s, char *why, size_t whylen)
{
    return s ? check_utf8_len(field, s, strlen(s), why, whylen) : 0;
}

int doc_validate(const Annot__V1__Document *d, size_t max_bytes, char *why, size_t whylen)
{
    size_t len;
    return doc_validate_len(d, max_bytes, &len, why, whylen);
}

int doc_validate_len(const Annot__V1__Document *d, size_t max_bytes, size_t *text_len, char *why, size_t whylen)
{
    int rc;
    *text_len = 0;
    if ((rc = check_utf8("id", d->id, why, whylen)) || (rc = check_utf8("source", d->source, why, whylen)) ||
        (rc = check_utf8("title", d->title, why, whylen)) || (rc = check_utf8("lang", d->lang, why, whylen)))
        return rc;
    for (size_t i = 0; i < d->n_meta; i++)
        if ((rc = check_utf8("meta key", d->meta[i]->key, why, whylen)) ||
            (rc = check_utf8("meta value", d->meta[i]->value, why, whylen)))
            return rc;
    size_t len = d->text ? strlen(d->text) : 0;
    *text_len = len;
    if (len == 0) {
        snprintf(why, whylen, "text is empty");
        return ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT;
    }
    if (len > max_bytes) {
        snprintf(why, whylen, "text is %zu bytes, over the limit of %zu (max_text_bytes)", len, max_bytes);
        return ANNOT__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE;
    }
    return check_utf8_len("text", d->text, len, why, whylen); /* measured once */
}

/* A varint of more than one byte at p (before end): the position after
 * it, or NULL when it is cut short or too long. */
static __attribute__((noinline)) const uint8_t *wire_uint_long(const uint8_t *p, const uint8_t *end, uint64_t *v)
{
    uint64_t x = 0;
    for (unsigned shift = 0; shift < 64 && p < end; shift += 7) {
        uint8_t b = *p++;
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return p;
        }
    }
    return NULL;
}

/* A varint at p (before end): the position after it, or NULL.  Inline for
 * the one-byte ones (the keys of the first fifteen fields, short lengths):
 * the walk below runs on the loop thread for every document. */
static inline const uint8_t *wire_uint(const uint8_t *p, const uint8_t *end, uint64_t *v)
{
    if (p < end && *p < 0x80) {
        *v = *p;
        return p + 1;
    }
    return wire_uint_long(p, end, v);
}

/* The field at p (before end): its number, and for a length-delimited one
 * its bytes in *val, *n (else *val is NULL).  The position after it, or
 * NULL when malformed (protobuf-c decoded the message, so only a wire
 * type it skips without knowing gets here: the check then gives up). */
static inline const uint8_t *wire_field(const uint8_t *p, const uint8_t *end, unsigned *field,
                                        const uint8_t **val, size_t *n)
{
    uint64_t key, x;
    *val = NULL;
    if (!(p = wire_uint(p, end, &key))) return NULL;
    *field = (unsigned)(key >> 3);
    switch (key & 7) {
    case 0: return wire_uint(p, end, &x);
    case 1: return end - p < 8 ? NULL : p + 8;
    case 5: return end - p < 4 ? NULL : p + 4;
    case 2:
        if (!(p = wire_uint(p, end, &x)) || x > (uint64_t)(end - p)) return NULL;
        *val = p;
        *n = (size_t)x;
        return p + x;
    default: return NULL;
    }
}

/* Is a string of k bytes (its strlen()), decoded from the n bytes at v,
 * cut short by a NUL?  Then the error for field `name` in why. */
static int cut_by_nul(const char *name, size_t k, const uint8_t *v, size_t n, char *why, size_t whylen)
{
    if (!v || k == n) return 0;
    snprintf(why, whylen, "%s is not valid UTF-8 (bad byte 0x00 at offset %zu)", name, k);
    return ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8;
}

/* Check the strings of d against their bytes on the wire (see
 * doc_decode()).  A field given twice counts as protobuf-c counts it: the
 * last one. */
static int check_wire_strings(const Annot__V1__Document *d, const uint8_t *p, size_t len, size_t text_len,
                              char *why, size_t whylen)
{
    const uint8_t *end = p + len, *v, *last[6] = {0};
    size_t n = 0, last_n[6] = {0}, meta = 0;
    unsigned f = 0;
    int rc;
    while (p < end) {
        if (!(p = wire_field(p, end, &f, &v, &n))) return 0;
        if (!v) continue;
        if (f >= 1 && f <= 5) {
            last[f] = v;
            last_n[f] = n;
        } else if (f == 7 && meta < d->n_meta) { /* a meta entry: key = 1, value = 2 */
            const uint8_t *q = v, *qend = v + n, *ev, *ek = NULL, *evv = NULL;
            size_t en = 0, ekn = 0, evn = 0;
            unsigned ef = 0;
            while (q < qend) {
                if (!(q = wire_field(q, qend, &ef, &ev, &en))) return 0;
                if (ef == 1 && ev) ek = ev, ekn = en;
                if (ef == 2 && ev) evv = ev, evn = en;
            }
            const Annot__V1__Document__MetaEntry *e = d->meta[meta++];
            if ((rc = cut_by_nul("meta key", e->key ? strlen(e->key) : 0, ek, ekn, why, whylen)) ||
                (rc = cut_by_nul("meta value", e->value ? strlen(e->value) : 0, evv, evn, why, whylen)))
                return rc;
        }
    }
    if ((rc = cut_by_nul("id", d->id ? strlen(d->id) : 0, last[1], last_n[1], why, whylen)) ||
        (rc = cut_by_nul("source", d->source ? strlen(d->source) : 0, last[2], last_n[2], why, whylen)) ||
        (rc = cut_by_nul("title", d->title ? strlen(d->title) : 0, last[3], last_n[3], why, whylen)) ||
        (rc = cut_by_nul("text", text_len, last[4], last_n[4], why, whylen)) ||
        (rc = cut_by_nul("lang", d->lang ? strlen(d->lang) : 0, last[5], last_n[5], why, whylen)))
        return rc;
    return 0;
}

int doc_decode(const void *data, size_t len, size_t max_bytes, Annot__V1__Document **out, size_t *text_len,
               char *why, size_t whylen)
{
    Annot__V1__Document *d = annot__v1__document__unpack(NULL, len, data);
    *out = d;
    *text_len = 0;
    if (!d) {
        snprintf(why, whylen, "payload of %zu bytes is not a valid annot.v1.Document protobuf (truncated or garbage)", len);
        return ANNOT__V1__ERROR_CODE__ERROR_CODE_MALFORMED;
    }
    int rc = doc_validate_len(d, max_bytes, text_len, why, whylen);
    /* (a text that starts with a NUL looks empty: say what it holds) */
    if (rc == 0 || rc == ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT) {
        int cut = check_wire_strings(d, data, len, *text_len, why, whylen);
        if (cut) return cut;
    }
    return rc;
}

int doc_from_text_file(const char *path, Annot__V1__Document **out, char *err, size_t errlen)
{
    buf b = {0};
    if (buf_read_text_file(&b, path, NULL, err, errlen)) return -1;
    Annot__V1__Document *d = xmalloc(sizeof *d);
    annot__v1__document__init(d);
    const char *base = strrchr(path, '/');
    d->id = xstrdup(base ? base + 1 : path);
    d->source = (char *)protobuf_c_empty_string; /* the caller names the feed */
    d->text = b.data; /* the document takes the buffer */
    *out = d;
    return 0;
}

int doc_lines_open(doc_lines *r, const char *path, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->name = path;
    r->f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!r->f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int doc_lines_next(doc_lines *r, Annot__V1__Document **out, char *err, size_t errlen)
{
    const char *name = strcmp(r->name, "-") ? r->name : "<stdin>";
    *out = NULL;
    for (;;) {
        errno = 0;
        ssize_t n = getline(&r->line, &r->cap, r->f);
        if (n < 0) {
            /* the end, or a file that cannot be read: not the same */
            if (!ferror(r->f)) return 0;
            snprintf(err, errlen, "%s: cannot read: %s", name, strerror(errno ? errno : EIO));
            return -2;
        }
        r->lineno++;
        while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r')) r->line[--n] = 0;
        if (!n) continue;
        snprintf(r->where, sizeof r->where, "%s:%lu", name, r->lineno);
        char why[512];
        if (pbjson_decode(&annot__v1__document__descriptor, r->line, (size_t)n, (ProtobufCMessage **)out, why,
                          sizeof why)) {
            snprintf(err, errlen, "%s: not a document: %s", r->where, why);
            return -1;
        }
        return 1;
    }
}

void doc_lines_close(doc_lines *r)
{
    if (r->f && r->f != stdin) fclose(r->f);
    free(r->line);
    memset(r, 0, sizeof *r);
}

void doc_free(Annot__V1__Document *d)
{
    if (d) protobuf_c_message_free_unpacked(&d->base, NULL);
}

const char *doc_error_name(int code)
{
    switch (code) {
    case ANNOT__V1__ERROR_CODE__ERROR_CODE_MALFORMED: return "malformed";
    case ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8: return "invalid-utf8";
    case ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT: return "empty-text";
    case ANNOT__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE: return "too-large";
    case ANNOT__V1__ERROR_CODE__ERROR_CODE_DUPLICATE_ID: return "duplicate-id";
    case ANNOT__V1__ERROR_CODE__ERROR_CODE_SHUTTING_DOWN: return "shutting-down";
    case ANNOT__V1__ERROR_CODE__ERROR_CODE_BAD_ENVELOPE: return "bad-envelope";
    default: return "error";
    }
}
