/* docs — checks and helpers for incoming annot.v1.Document messages,
 * shared by the daemon and the command line. */
#ifndef ANNOT_DOCS_H
#define ANNOT_DOCS_H

#include <stddef.h>
#include <stdio.h>

#include "annot/v1/document.pb-c.h"
#include "annot/v1/submit.pb-c.h"

/* Check a decoded document: UTF-8 in every string, a non-empty text of at
 * most max_bytes.  Returns 0, or the Annot__V1__ErrorCode that rejects it
 * with a message naming the problem in why. */
int doc_validate(const Annot__V1__Document *d, size_t max_bytes, char *why, size_t whylen);

/* doc_validate() that also sets *text_len to strlen(d->text) (0 for none or
 * when a field before the text is rejected), measured once, so the daemon need not measure a text again on its way
 * through the pipeline and the encoder (pipeline_run_len(),
 * result_pack_new_len()).  *text_len is set whatever the answer. */
int doc_validate_len(const Annot__V1__Document *d, size_t max_bytes, size_t *text_len, char *why,
                     size_t whylen);

/* Decode a Document from its protobuf bytes and check it as
 * doc_validate_len() does, and also that no string of it holds a NUL
 * byte: protobuf-c ends each string with a NUL after its bytes, so a NUL
 * inside would cut it short unseen (an INVALID_UTF8 error, as the UTF-8
 * check gives a NUL it sees).  Returns 0, or the error code with a message
 * in why; *out is the document, or NULL when the bytes are no Document
 * (MALFORMED): doc_free() it either way.  *text_len as doc_validate_len(). */
int doc_decode(const void *data, size_t len, size_t max_bytes, Annot__V1__Document **out, size_t *text_len,
               char *why, size_t whylen);

/* Read a plain text file into a new document (id = the file's name, no
 * source).
 * Returns 0, or -1 with a message in err. */
int doc_from_text_file(const char *path, Annot__V1__Document **out, char *err, size_t errlen);

/* A reader of JSON Lines documents (`annot send`, `annot tag`). */
typedef struct doc_lines {
    FILE *f;
    const char *name;        /* as given; "-" is standard input */
    char *line;
    size_t cap;
    unsigned long lineno;
    char where[512];         /* "FILE:LINE" of the last line read */
} doc_lines;

/* Open path ("-": standard input).  0, or -1 with "PATH: why" in err. */
int doc_lines_open(doc_lines *r, const char *path, char *err, size_t errlen);
/* The next document: 1 and *out (free with doc_free()); 0 at the end of
 * the file; -1 with "FILE:LINE: not a document: why" in err for a line
 * that is none (read on); -2 with "FILE: cannot read: why" in err when the
 * file cannot be read (a directory, an I/O error: stop).  Blank lines are
 * skipped; r->where names the line. */
int doc_lines_next(doc_lines *r, Annot__V1__Document **out, char *err, size_t errlen);
/* Close the file (not standard input) and free the line buffer. */
void doc_lines_close(doc_lines *r);

/* Free a document from pbjson_decode(), unpack or doc_from_text_file(). */
void doc_free(Annot__V1__Document *d);

/* Short name of an error code: "invalid-utf8". */
const char *doc_error_name(int code);

#endif
