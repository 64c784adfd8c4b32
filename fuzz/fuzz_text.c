/*
 * fuzz_text — the bytes as a document's text, straight into the pipeline:
 * the text core and the four built-in plugins, then the encoder.
 *
 * The daemon's text is the string protobuf-c unpacked: a malloc of
 * exactly len + 1 bytes ending in the NUL, no padding.  So is this one,
 * so that a plugin reading past the text's NUL is caught here as it would
 * misbehave there.  Like the daemon (doc_decode()), a text that is empty,
 * not UTF-8 or holds a NUL is rejected before any plugin sees it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len = size; /* a NUL is no UTF-8 here: utf8_invalid_at() refuses it */
    if (len == 0 || len > fuzz_cfg->max_text_bytes || utf8_invalid_at((const char *)data, len) >= 0) return 0;
    char *text = malloc(len + 1); /* as protobuf-c allocates a string */
    if (!text) abort();
    memcpy(text, data, len);
    text[len] = 0;
    Annot__V1__Document d = ANNOT__V1__DOCUMENT__INIT;
    d.id = (char *)"fuzz";
    d.source = (char *)"wire";
    d.text = text;
    fuzz_run_and_pack(&d, len, 1);
    free(text);
    return 0;
}
