/* common — what the harnesses share: the pipeline the daemon would build,
 * loaded once, and the worker's run-and-pack step with the encoder's
 * oracle. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>

#include "annot/v1/document.pb-c.h"
#include "config.h"
#include "pipeline.h"

/* The daemon's default config and the pipeline built from it (the four
 * built-in plugins, found from the build tree as build/daemon/annotd finds
 * them: build/fuzz/../plugins).  Aborts when either cannot be made: a
 * harness that silently ran no plugin would fuzz nothing. */
void fuzz_setup(void);
extern config *fuzz_cfg;
extern pipeline *fuzz_pipe;

/* What a worker does with an accepted document (daemon/workers.c,
 * run_job_progress()): run the pipeline on it, fill the fields the worker
 * fills, pack the result with lib/pack.c, and check the bytes against
 * protobuf-c (abort on a difference).  text_len is strlen(d->text). */
void fuzz_run_and_pack(Annot__V1__Document *d, size_t text_len, unsigned long long seq);

#endif
