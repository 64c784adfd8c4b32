#include "docs.h"

#include <errno.h>
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

int doc_from_text_file(const char *path, Annot__V1__Document **out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    buf b = {0};
    int e = buf_read_all(&b, f);
    fclose(f);
    if (e) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(e));
        buf_free(&b);
        return -1;
    }
    /* a NUL inside would silently cut the text: say so instead */
    const char *nul = memchr(b.data, 0, b.len);
    if (nul) {
        snprintf(err, errlen, "%s: the file holds a NUL byte at offset %zu (not UTF-8 text)", path,
                 (size_t)(nul - b.data));
        buf_free(&b);
        return -1;
    }
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
