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

Test(workers, a_document_the_pipeline_has_no_memory_for_is_published_bare)
{
    char err[512];
    pipeline *p = NULL;
    cr_assert_eq(pipeline_new_from_string(&p, "[daemon]\nplugins =\n", err, sizeof err), 0, "%s", err);
    uv_loop_t loop;
    uv_async_t done;
    cr_assert_eq(uv_loop_init(&loop), 0);
    cr_assert_eq(uv_async_init(&loop, &done, NULL), 0);
    workers *w = NULL;
    cr_assert_eq(workers_start(&w, 1, &done), 0);

    const char *text = "Ministers met in Geneva.";
    job *j = calloc(1, sizeof *j);
    cr_assert_not_null(j);
    j->seq = 7;
    j->doc = make_doc("{\"id\":\"oom-1\",\"source\":\"wire\",\"text\":\"Ministers met in Geneva.\"}");
    j->pipe = pipeline_retain(p);
    j->instance = "test";
    j->publish_text = 1;
    j->text_bytes = strlen(text);
    atomic_store(&fail_doc_state, 1);
    workers_submit(w, j);
    job *out = wait_done(w);
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
    cr_assert_str_eq(r->text, text);
    cr_assert_eq(r->seq, 7);
    cr_assert_eq(r->n_sentences, 0);
    annot__v1__annotated_document__free_unpacked(r, NULL);

    job_free(out);
    workers_stop(&w);
    uv_close((uv_handle_t *)&done, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&loop), 0);
    pipeline_release(&p);
}

Test(workers, a_result_the_encoder_has_no_memory_for_is_not_published)
{
    /* it used to go out as an empty payload: a document of seq 0 and no
     * id, which a subscriber took for a step back in the sequence */
    char err[512];
    pipeline *p = NULL;
    cr_assert_eq(pipeline_new_from_string(&p, "[daemon]\nplugins =\n", err, sizeof err), 0, "%s", err);
    uv_loop_t loop;
    uv_async_t done;
    cr_assert_eq(uv_loop_init(&loop), 0);
    cr_assert_eq(uv_async_init(&loop, &done, NULL), 0);
    workers *w = NULL;
    cr_assert_eq(workers_start(&w, 1, &done), 0);

    job *j = calloc(1, sizeof *j);
    cr_assert_not_null(j);
    j->seq = 9;
    j->doc = make_doc("{\"id\":\"oom-2\",\"source\":\"wire\",\"text\":\"Ministers met in Geneva.\"}");
    j->pipe = pipeline_retain(p);
    j->instance = "test";
    j->text_bytes = strlen(j->doc->text);
    atomic_store(&fail_blocks, 1);
    workers_submit(w, j);
    job *out = wait_done(w);
    atomic_store(&fail_blocks, 0);
    cr_assert_eq(out, j, "the job comes back");
    cr_assert_null(out->packed, "nothing to publish");
    cr_assert_str_eq(out->id, "oom-2", "the loop still needs its id (to forget it)");
    cr_assert_str_eq(out->source, "wire");

    job_free(out);
    workers_stop(&w);
    uv_close((uv_handle_t *)&done, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&loop), 0);
    pipeline_release(&p);
}

Test(workers, a_document_is_annotated_and_packed)
{
    char err[512];
    pipeline *p = NULL;
    cr_assert_eq(pipeline_new_from_string(&p, "[daemon]\nplugins =\n", err, sizeof err), 0, "%s", err);
    uv_loop_t loop;
    uv_async_t done;
    cr_assert_eq(uv_loop_init(&loop), 0);
    cr_assert_eq(uv_async_init(&loop, &done, NULL), 0);
    workers *w = NULL;
    cr_assert_eq(workers_start(&w, 2, &done), 0);

    job *j = calloc(1, sizeof *j);
    cr_assert_not_null(j);
    j->seq = 3;
    j->doc = make_doc("{\"id\":\"ok-1\",\"text\":\"One sentence. And another one.\"}");
    j->pipe = pipeline_retain(p);
    j->instance = "test";
    j->text_bytes = strlen(j->doc->text);
    workers_submit(w, j);
    job *out = wait_done(w);
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
    workers_stop(&w);
    uv_close((uv_handle_t *)&done, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&loop), 0);
    pipeline_release(&p);
}
