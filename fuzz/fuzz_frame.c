/*
 * fuzz_frame — one frame on the daemon's input socket (PULL), or the
 * payload frame of a submit (ROUTER): the bytes a client sends, as the
 * loop thread and then a worker treat them.
 *
 *   decode_doc() (daemon/server.c): annot__v1__document__unpack(), then
 *     doc_validate_len() with the default max_text_bytes;
 *   a rejected document: the checks handle_input() makes on its id and
 *     source before it names them in the error event;
 *   accept_doc(): an empty id becomes "INSTANCE-SEQ";
 *   run_job_progress() (daemon/workers.c): the pipeline with the four
 *     built-in plugins, the result packed with lib/pack.c (with and
 *     without the text), checked against protobuf-c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "docs.h"
#include "util.h"

static unsigned long long next_seq;
static volatile size_t sink; /* keeps the rejection path's checks */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[512] = "";
    size_t text_len = 0;
    Annot__V1__Document *d = annot__v1__document__unpack(NULL, size, data);
    if (!d) return 0; /* ERROR_CODE_MALFORMED */
    int code = doc_validate_len(d, fuzz_cfg->max_text_bytes, &text_len, why, sizeof why);
    if (code) {
        /* handle_input(): the id and source go into the error event only
         * when they are UTF-8 */
        const char *id = d->id ? d->id : "";
        const char *src = d->source && utf8_invalid_at(d->source, strlen(d->source)) < 0 ? d->source : "";
        sink = strlen(src) + (utf8_invalid_at(id, strlen(id)) < 0);
        doc_free(d);
        return 0;
    }
    if (!d->id || !*d->id) {
        char id[300];
        snprintf(id, sizeof id, "%s-%llu", fuzz_cfg->instance, next_seq);
        if (d->id != protobuf_c_empty_string) free(d->id);
        d->id = xstrdup(id);
    }
    fuzz_run_and_pack(d, text_len, next_seq++);
    doc_free(d);
    return 0;
}
