/*
 * fuzz_frame — one frame on the daemon's input socket (PULL), or the
 * payload frame of a submit (ROUTER): the bytes a client sends, as the
 * loop thread and then a worker treat them.
 *
 *   decode_doc() (daemon/server.c): doc_decode() (lib/docs.c) with the
 *     default max_text_bytes: annot__v1__document__unpack(), the UTF-8,
 *     empty and size checks, and the walk over the wire bytes that finds
 *     a string cut short by a NUL;
 *   a rejected document: the checks handle_input() and handle_submit()
 *     make on its id and source before they name them;
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
    Annot__V1__Document *d = NULL;
    int code = doc_decode(data, size, fuzz_cfg->max_text_bytes, &d, &text_len, why, sizeof why);
    if (code) {
        /* handle_input(), handle_submit(): the id and source go into the
         * error event and the reply only when they are UTF-8 */
        sink = strlen(utf8_or_empty(d ? d->id : NULL)) + strlen(utf8_or_empty(d ? d->source : NULL)) + strlen(why);
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
