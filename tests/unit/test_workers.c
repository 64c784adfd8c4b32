/*
 * Tests for daemon/workers.c: a job's way through a worker thread.
 *
 * The executable is linked with -Wl,--wrap=calloc,--wrap=malloc
 * (tests/meson.build), so a test can make the pipeline's one calloc() of
 * a document's state fail, or every malloc() of a block (the arena's, the
 * encoder's buffer), and see what a worker does then.
 */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "host.h"
#include "pbjson.h"
#include "pipeline.h"
#include "workers.h"

/* When set, calloc() of one annot_doc (pipeline.c's doc_take()) fails. */
static _Atomic int fail_doc_state;

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
    if (atomic_load(&fail_doc_state) && n == 1 && size == sizeof(annot_doc)) return NULL;
    return __real_calloc(n, size);
}

/* When set, malloc() of 1 KB or more fails. */
static _Atomic int fail_blocks;

void *__real_malloc(size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_malloc(size_t n)
{
    if (atomic_load(&fail_blocks) && n >= 1024) return NULL;
    return __real_malloc(n);
}

static Annot__V1__Document *make_doc(const char *json)
{
    Annot__V1__Document *d = NULL;
    char err[256];
    cr_assert_eq(pbjson_decode(&annot__v1__document__descriptor, json, strlen(json), (ProtobufCMessage **)&d,
                               err, sizeof err),
                 0, "%s", err);
    return d;
}

/* The first finished job, waiting up to ten seconds. */
static job *wait_done(workers *w)
{
    for (int i = 0; i < 2000; i++) {
        job *j = workers_take_done(w);
        if (j) return j;
        nanosleep(&(struct timespec){0, 5000000}, NULL);
    }
    return NULL;
}

/* A pipeline without plugins (the text core still runs), a loop that is
 * never run (the workers only signal its async handle) and the workers. */
static pipeline *P;
static uv_loop_t loop;
static uv_async_t done;
static workers *W;

static void setup(void)
{
    char err[512];
    cr_assert_eq(pipeline_new_from_string(&P, "[daemon]\nplugins =\n", err, sizeof err), 0, "%s", err);
    cr_assert_eq(uv_loop_init(&loop), 0);
    cr_assert_eq(uv_async_init(&loop, &done, NULL), 0);
    cr_assert_eq(workers_start(&W, 2, &done), 0);
}

static void teardown(void)
{
    workers_stop(&W);
    uv_close((uv_handle_t *)&done, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    pipeline_release(&P);
}

TestSuite(workers, .init = setup, .fini = teardown);

/* A job for document `json` with seq, as the loop makes one. */
static job *new_job(uint64_t seq, const char *json, int publish_text)
{
    job *j = calloc(1, sizeof *j);
    cr_assert_not_null(j);
    j->seq = seq;
    j->doc = make_doc(json);
    j->pipe = pipeline_retain(P);
    j->instance = "test";
    j->publish_text = publish_text;
    j->text_bytes = strlen(j->doc->text);
    return j;
}

Test(workers, a_document_the_pipeline_has_no_memory_for_is_published_bare)
{
    job *j = new_job(7, "{\"id\":\"oom-1\",\"source\":\"wire\",\"text\":\"Ministers met in Geneva.\"}", 1);
    atomic_store(&fail_doc_state, 1);
    workers_submit(W, j);
    job *out = wait_done(W);
    atomic_store(&fail_doc_state, 0);
    cr_assert_eq(out, j, "the job comes back");

    /* the document is published with its id, seq and text, and no
     * annotations (the result was freed as what it is: nothing to leak,
     * nothing read past it) */
    cr_assert_str_eq(out->id, "oom-1");
    cr_assert_str_eq(out->source, "wire");
    cr_assert_eq(out->n_plugins, 0);
    Annot__V1__AnnotatedDocument *r = annot__v1__annotated_document__unpack(NULL, out->packed_len, out->packed);
    cr_assert_not_null(r);
    cr_assert_str_eq(r->doc_id, "oom-1");
    cr_assert_str_eq(r->source, "wire");
    cr_assert_str_eq(r->instance, "test");
    cr_assert_str_eq(r->text, "Ministers met in Geneva.");
    cr_assert_eq(r->seq, 7);
    cr_assert_eq(r->n_sentences, 0);
    annot__v1__annotated_document__free_unpacked(r, NULL);
    job_free(out);
}

Test(workers, a_result_the_encoder_has_no_memory_for_is_not_published)
{
    /* it used to go out as an empty payload: a document of seq 0 and no
     * id, which a subscriber took for a step back in the sequence */
    job *j = new_job(9, "{\"id\":\"oom-2\",\"source\":\"wire\",\"text\":\"Ministers met in Geneva.\"}", 0);
    atomic_store(&fail_blocks, 1);
    workers_submit(W, j);
    job *out = wait_done(W);
    atomic_store(&fail_blocks, 0);
    cr_assert_eq(out, j, "the job comes back");
    cr_assert_null(out->packed, "nothing to publish");
    cr_assert_str_eq(out->id, "oom-2", "the loop still needs its id (to forget it)");
    cr_assert_str_eq(out->source, "wire");
    job_free(out);
}

Test(workers, a_document_is_annotated_and_packed)
{
    job *j = new_job(3, "{\"id\":\"ok-1\",\"text\":\"One sentence. And another one.\"}", 0);
    workers_submit(W, j);
    job *out = wait_done(W);
    cr_assert_eq(out, j);
    cr_assert_str_eq(out->id, "ok-1");
    Annot__V1__AnnotatedDocument *r = annot__v1__annotated_document__unpack(NULL, out->packed_len, out->packed);
    cr_assert_not_null(r);
    cr_assert_str_eq(r->doc_id, "ok-1");
    cr_assert_eq(r->seq, 3);
    cr_assert_eq(r->n_sentences, 2, "the text core ran");
    cr_assert_str_eq(r->text, "", "publish_text is off");
    annot__v1__annotated_document__free_unpacked(r, NULL);
    job_free(out);
}
