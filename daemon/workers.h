/*
 * workers — the daemon's own worker threads (not libuv's shared pool).
 *
 * The loop thread submits jobs; a worker runs the job's pipeline on its
 * document, packs the result (so the loop thread only sends bytes) and
 * hands the finished job back through a done-queue and a uv_async_t, so
 * only the loop thread ever touches a socket.
 */
#ifndef ANNOTD_WORKERS_H
#define ANNOTD_WORKERS_H

#include <stdint.h>
#include <uv.h>

#include "annot/v1/annotation.pb-c.h"
#include "annot/v1/document.pb-c.h"
#include "pipeline.h"

typedef struct job {
    struct job *next;
    uint64_t seq;                          /* assigned at acceptance */
    uint64_t received_ms;
    Annot__V1__Document *doc;              /* owned; freed by the worker once packed */
    pipeline *pipe;                        /* a reference held until the job is freed */
    const char *instance;                  /* named in the output (outlives the job) */
    int publish_text;                      /* put the text in the output */
    size_t text_bytes;                     /* strlen(doc->text), measured once on intake:
                                              counted against max_inflight_bytes, and
                                              handed to the pipeline and the encoder */
    /* set by the worker: */
    char *id;                              /* the document's id, taken from doc */
    char *source;                          /* its source, taken from doc */
    uint8_t *packed;                       /* the AnnotatedDocument, packed; NULL when
                                              memory ran out (then it is not published) */
    size_t packed_len;
    size_t n_plugins;                      /* per plugin, in run order: */
    uint32_t *elapsed_us;                  /*   time spent */
    uint8_t *failed;                       /*   1 when it failed on this document
                                              (in elapsed_us's allocation) */
} job;

typedef struct workers workers;

/* What one worker thread is doing, for the loop thread's watchdog. */
typedef struct worker_slot {
    pipeline_progress prog;          /* the plugin running, since when */
    const char *_Atomic doc_id;      /* the document's id, or NULL when idle */
    _Atomic uint64_t seq;
    uint64_t warned_since;           /* loop thread only: last warning's since_us */
} worker_slot;

/* Start n threads.  `done` is signalled (from any thread) whenever jobs
 * finish; the loop then calls workers_take_done(). Returns 0 or -1. */
int workers_start(workers **out, int n, uv_async_t *done);
/* Queue a job (loop thread). */
void workers_submit(workers *w, job *j);
/* Take every finished job, oldest first (loop thread). */
job *workers_take_done(workers *w);
/* Stop the threads after the queue is empty; joins them.  Nulls *w. */
void workers_stop(workers **w);
/* Number of threads, and the slot of thread i (loop thread). */
int workers_count(const workers *w);
worker_slot *workers_slot(workers *w, int i);
/* Free a job and everything it owns. */
void job_free(job *j);

#endif
