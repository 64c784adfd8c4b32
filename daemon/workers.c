#include "workers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "docs.h"
#include "pack.h"
#include "util.h"

struct workers {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    job *head, *tail;        /* queued, FIFO */
    job *done_head, *done_tail;
    int stopping;
    int n;
    int lone;                /* started with one thread (set before any starts) */
    pthread_t *threads;
    worker_slot *slots;
    uv_async_t *done;
};

/* Waking the loop thread for a finished job is a write to an eventfd
 * (uv_async_send()); when the loop sleeps, the kernel wakes it on another
 * CPU, and on a 2-vCPU VM that cost a lone worker 12% of its time per 5 KB
 * article (perf).  So a lone worker with more work queued wakes the loop
 * for every SIGNAL_EVERY-th result only, and at once when its next job is
 * long or when it is about to wait: a finished job waits for at most
 * SIGNAL_EVERY - 1 short documents after it.  One worker: +10% documents/s
 * (5 KB articles, maximum rate).  With two, each waking the loop for the
 * other's results too, the same rule measured 1% fewer (7 of 8 paired
 * runs), so they wake it for every result, as before. */
#define SIGNAL_EVERY 4
#define SIGNAL_SHORT_BYTES (16 * 1024) /* a shorter next job may delay the signal */

typedef struct worker_arg {
    workers *w;
    worker_slot *slot;
} worker_arg;

/* Take a string field out of a message, leaving the empty default. */
static char *steal(char **field)
{
    char *p = *field;
    *field = (char *)protobuf_c_empty_string;
    return p && p != protobuf_c_empty_string ? p : xstrdup("");
}

/* Run the pipeline, pack the result, keep what the loop needs (id, source,
 * per-plugin time and failures) and free the rest. */
static void run_job_progress(job *j, pipeline_progress *prog)
{
    /* text_bytes is strlen(text), measured once on intake */
    Annot__V1__AnnotatedDocument *r = pipeline_run_len(j->pipe, j->doc, j->text_bytes, prog);
    /* Out of memory before the pipeline could start: publish the document
     * without annotations, so its seq is not lost.  A message of our own
     * on the stack, not a pipeline result: pipeline_result_free() takes
     * only those (it reads the arena that follows the message). */
    Annot__V1__AnnotatedDocument bare = ANNOT__V1__ANNOTATED_DOCUMENT__INIT;
    if (!r) {
        bare.doc_id = j->doc->id ? j->doc->id : (char *)protobuf_c_empty_string;
        bare.source = j->doc->source ? j->doc->source : (char *)protobuf_c_empty_string;
        log_msg(LOG_ERROR, "document '%s' (seq %llu): out of memory before the plugins ran: it goes out without annotations",
                bare.doc_id, (unsigned long long)j->seq);
        r = &bare;
    }
    r->seq = j->seq;
    r->received_ms = j->received_ms;
    char *own_instance = r->instance, *own_text = r->text;
    r->instance = (char *)j->instance;
    size_t text_len = 0;
    if (j->publish_text && j->doc->text) {
        r->text = j->doc->text;
        text_len = j->text_bytes;
    }
    j->packed = result_pack_new_len(r, text_len, &j->packed_len);
    if (!j->packed) /* not published: subscribers see the gap in seq */
        log_msg(LOG_ERROR, "document '%s' (seq %llu): out of memory encoding the result: not published", r->doc_id,
                (unsigned long long)j->seq);
    r->instance = own_instance;
    r->text = own_text;
    j->n_plugins = r->n_plugins;
    /* both arrays in one allocation (one malloc/free pair per document
     * fewer, freed on the loop thread): failed follows elapsed_us */
    j->elapsed_us = xcalloc(r->n_plugins ? r->n_plugins : 1, sizeof *j->elapsed_us + 1);
    j->failed = (uint8_t *)(j->elapsed_us + r->n_plugins);
    for (size_t i = 0; i < r->n_plugins; i++) {
        j->elapsed_us[i] = r->plugins[i]->elapsed_us;
        if (*r->plugins[i]->error) {
            j->failed[i] = 1;
            log_msg(LOG_WARN, "document '%s' (seq %llu): plugin %s failed: %s", r->doc_id,
                    (unsigned long long)j->seq, r->plugins[i]->name, r->plugins[i]->error);
        }
    }
    if (r != &bare) pipeline_result_free(r);
    j->id = steal(&j->doc->id);
    j->source = steal(&j->doc->source);
    doc_free(j->doc);
    j->doc = NULL;
}

static void *worker_main(void *argp)
{
    worker_arg arg = *(worker_arg *)argp;
    free(argp);
    workers *w = arg.w;
    int unsignalled = 0; /* jobs finished since it last woke the loop (lone worker) */
    for (;;) {
        pthread_mutex_lock(&w->lock);
        while (!w->head && !w->stopping) pthread_cond_wait(&w->wake, &w->lock);
        job *j = w->head;
        if (!j) { /* stopping and nothing left */
            pthread_mutex_unlock(&w->lock);
            return NULL;
        }
        w->head = j->next;
        if (!w->head) w->tail = NULL;
        pthread_mutex_unlock(&w->lock);

        atomic_store(&arg.slot->seq, j->seq);
        atomic_store(&arg.slot->doc_id, j->doc->id);
        run_job_progress(j, &arg.slot->prog);
        atomic_store(&arg.slot->doc_id, NULL);
        j->next = NULL;

        pthread_mutex_lock(&w->lock);
        if (w->done_tail) w->done_tail->next = j;
        else w->done_head = j;
        w->done_tail = j;
        int defer = w->lone && w->head && w->head->text_bytes <= SIGNAL_SHORT_BYTES &&
                    ++unsignalled < SIGNAL_EVERY;
        pthread_mutex_unlock(&w->lock);
        if (!defer) {
            unsignalled = 0;
            uv_async_send(w->done);
        }
    }
}

int workers_start(workers **out, int n, uv_async_t *done)
{
    workers *w = xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    w->done = done;
    w->lone = n == 1;
    w->threads = xcalloc((size_t)n, sizeof *w->threads);
    w->slots = xcalloc((size_t)n, sizeof *w->slots);
    for (int i = 0; i < n; i++) {
        worker_arg *arg = xmalloc(sizeof *arg);
        arg->w = w;
        arg->slot = &w->slots[i];
        if (pthread_create(&w->threads[i], NULL, worker_main, arg) != 0) {
            free(arg);
            w->n = i;
            workers_stop(&w);
            return -1;
        }
        w->n = i + 1;
    }
    *out = w;
    return 0;
}

void workers_submit(workers *w, job *j)
{
    j->next = NULL;
    pthread_mutex_lock(&w->lock);
    if (w->tail) w->tail->next = j;
    else w->head = j;
    w->tail = j;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

job *workers_take_done(workers *w)
{
    pthread_mutex_lock(&w->lock);
    job *j = w->done_head;
    w->done_head = w->done_tail = NULL;
    pthread_mutex_unlock(&w->lock);
    return j;
}

void workers_stop(workers **wp)
{
    workers *w = *wp;
    if (!w) return;
    pthread_mutex_lock(&w->lock);
    w->stopping = 1;
    pthread_cond_broadcast(&w->wake);
    pthread_mutex_unlock(&w->lock);
    for (int i = 0; i < w->n; i++) pthread_join(w->threads[i], NULL);
    for (job *j = w->done_head, *n; j; j = n) {
        n = j->next;
        job_free(j);
    }
    free(w->threads);
    free(w->slots);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w);
    *wp = NULL;
}

int workers_count(const workers *w) { return w->n; }
worker_slot *workers_slot(workers *w, int i) { return &w->slots[i]; }

void job_free(job *j)
{
    if (!j) return;
    doc_free(j->doc);
    free(j->id);
    free(j->source);
    free(j->packed);
    free(j->elapsed_us); /* j->failed lives in the same block */
    pipeline_release(&j->pipe);
    free(j);
}
