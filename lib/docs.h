/* docs — checks and helpers for incoming annot.v1.Document messages,
 * shared by the daemon and the command line. */
#ifndef ANNOT_DOCS_H
#define ANNOT_DOCS_H

#include <stddef.h>

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

/* Read a plain text file into a new document (id = the file's name, no
 * source).
 * Returns 0, or -1 with a message in err. */
int doc_from_text_file(const char *path, Annot__V1__Document **out, char *err, size_t errlen);

/* Free a document from pbjson_decode(), unpack or doc_from_text_file(). */
void doc_free(Annot__V1__Document *d);

/* Short name of an error code: "invalid-utf8". */
const char *doc_error_name(int code);

#endif
