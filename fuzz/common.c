#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "util.h"

config *fuzz_cfg;
pipeline *fuzz_pipe;

void fuzz_setup(void)
{
    char err[1024];
    if (fuzz_pipe) return;
    /* the daemon logs a failing plugin per document: keep the fuzzer's
     * output for its own reports */
    log_set_level(LOG_ERROR);
    if (config_load_string(&fuzz_cfg, NULL, "<defaults>", err, sizeof err)) {
        fprintf(stderr, "fuzz: default config: %s\n", err);
        abort();
    }
    if (pipeline_new(&fuzz_pipe, fuzz_cfg, err, sizeof err)) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    if (pipeline_plugin_count(fuzz_pipe) != 4) {
        fprintf(stderr, "fuzz: expected the four built-in plugins, got %zu\n", pipeline_plugin_count(fuzz_pipe));
        abort();
    }
}

/* The property tests/unit/test_pack.c asserts: lib/pack.c writes exactly
 * the bytes protobuf_c_message_pack() writes.  Also: they decode. */
static void check_packed(const Annot__V1__AnnotatedDocument *r, const uint8_t *got, size_t got_len)
{
    size_t want_len = protobuf_c_message_get_packed_size(&r->base);
    if (got_len != want_len) {
        fprintf(stderr, "fuzz: lib/pack.c wrote %zu bytes, protobuf-c %zu\n", got_len, want_len);
        abort();
    }
    uint8_t *want = malloc(want_len ? want_len : 1);
    if (!want) abort();
    size_t n = protobuf_c_message_pack(&r->base, want);
    if (n != want_len || memcmp(got, want, n) != 0) {
        fprintf(stderr, "fuzz: lib/pack.c and protobuf-c wrote different bytes\n");
        abort();
    }
    free(want);
    Annot__V1__AnnotatedDocument *back = annot__v1__annotated_document__unpack(NULL, got_len, got);
    if (!back) {
        fprintf(stderr, "fuzz: the packed result does not decode\n");
        abort();
    }
    if (back->n_sentences != r->n_sentences || back->n_actors != r->n_actors || back->n_tags != r->n_tags) {
        fprintf(stderr, "fuzz: the packed result decodes to other counts\n");
        abort();
    }
    annot__v1__annotated_document__free_unpacked(back, NULL);
}

void fuzz_run_and_pack(Annot__V1__Document *d, size_t text_len, unsigned long long seq)
{
    Annot__V1__AnnotatedDocument *r = pipeline_run_len(fuzz_pipe, d, text_len, NULL);
    if (!r) abort(); /* only when memory is out, which the fuzzer's limit reports itself */
    r->seq = seq;
    r->received_ms = 1764201600000ull;
    char *own_instance = r->instance, *own_text = r->text;
    r->instance = fuzz_cfg->instance;
    /* publish_text is on by default; pack without the text too, as a
     * daemon with publish_text = false does */
    for (int with_text = 0; with_text < 2; with_text++) {
        size_t len = 0;
        r->text = with_text ? d->text : own_text;
        uint8_t *packed = result_pack_new_len(r, with_text ? text_len : 0, &len);
        if (!packed) abort();
        check_packed(r, packed, len);
        free(packed);
    }
    r->instance = own_instance;
    r->text = own_text;
    pipeline_result_free(r);
}
