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

/* The tests below run the loop as the daemon does: the async callback
 * takes the finished jobs, and each wake-up that brought some is noted. */
#define MAX_TAKEN 32
static job *taken[MAX_TAKEN];
static size_t n_taken, want;
static size_t per_wake[MAX_TAKEN]; /* jobs taken by each wake-up that took any */
static size_t n_wakes;
static uv_timer_t deadline;

static void on_done(uv_async_t *h)
{
    size_t before = n_taken;
    for (job *j = workers_take_done(W), *next; j; j = next) {
        next = j->next;
        cr_assert_lt(n_taken, MAX_TAKEN);
        taken[n_taken++] = j;
    }
    if (n_taken > before && n_wakes < MAX_TAKEN) per_wake[n_wakes++] = n_taken - before;
    if (n_taken >= want) uv_stop(h->loop);
}

static void on_deadline(uv_timer_t *t) { uv_stop(t->loop); }

static void setup_loop(void)
{
    char err[512];
    n_taken = n_wakes = want = 0;
    cr_assert_eq(pipeline_new_from_string(&P, "[daemon]\nplugins =\n", err, sizeof err), 0, "%s", err);
    cr_assert_eq(uv_loop_init(&loop), 0);
    cr_assert_eq(uv_async_init(&loop, &done, on_done), 0);
    cr_assert_eq(uv_timer_init(&loop, &deadline), 0);
    cr_assert_eq(workers_start(&W, 1, &done), 0);
}

static void teardown_loop(void)
{
    workers_stop(&W);
    for (size_t i = 0; i < n_taken; i++) job_free(taken[i]);
    uv_close((uv_handle_t *)&deadline, NULL);
    teardown();
}

/* Run the loop until `n` jobs are taken or ten seconds pass. */
static void run_until(size_t n)
{
    want = n;
    uv_timer_start(&deadline, on_deadline, 10000, 0);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_timer_stop(&deadline);
    cr_assert_eq(n_taken, n, "%zu of %zu finished jobs reached the loop", n_taken, n);
}

/* A job whose text is `bytes` long: sentences of our own, repeated. */
static job *job_of_size(uint64_t seq, size_t bytes)
{
    static const char s[] = "The committee met again on Tuesday and agreed on a plan. ";
    char *json = malloc(bytes + 64);
    cr_assert_not_null(json);
    size_t n = (size_t)sprintf(json, "{\"id\":\"d%llu\",\"text\":\"", (unsigned long long)seq);
    for (size_t k = 0; k < bytes; k++) json[n++] = s[k % (sizeof s - 1)];
    strcpy(json + n, "\"}");
    job *j = new_job(seq, json, 0);
    free(json);
    return j;
}

TestSuite(signals, .init = setup_loop, .fini = teardown_loop);

Test(signals, a_busy_worker_wakes_the_loop_less_often_and_every_job_arrives_in_order)
{
    /* ten short jobs queued at once: the worker, with more work queued,
     * wakes the loop for every fourth, and when its queue runs dry */
    job *j[10];
    for (uint64_t i = 0; i < 10; i++) j[i] = job_of_size(i + 1, 15000);
    for (int i = 0; i < 10; i++) workers_submit(W, j[i]);
    run_until(10);
    for (size_t i = 0; i < 10; i++) cr_assert_eq(taken[i], j[i], "job %zu in order", i);
    /* after the 4th, the 8th and the 10th (fewer when the loop was slow
     * to wake); waking it for each, as before, gave 4 to 8 here */
    cr_assert_leq(n_wakes, 3, "%zu wake-ups for 10 queued jobs", n_wakes);
}

Test(signals, a_short_job_is_not_held_back_behind_a_long_one)
{
    /* the next job is long: the short one's result goes to the loop now,
     * not when the long one is done */
    job *a = job_of_size(1, 4000), *b = job_of_size(2, 4 << 20);
    workers_submit(W, a);
    workers_submit(W, b);
    run_until(2);
    cr_assert_eq(taken[0], a);
    cr_assert_eq(taken[1], b);
    cr_assert_eq(per_wake[0], 1, "the first wake-up brought the short job alone");
}

Test(signals, with_two_workers_every_job_reaches_the_loop_once)
{
    workers_stop(&W);
    cr_assert_eq(workers_start(&W, 2, &done), 0);
    job *j[25];
    for (uint64_t i = 0; i < 25; i++) j[i] = job_of_size(i + 1, 1000 + 500 * (size_t)i);
    for (int i = 0; i < 25; i++) workers_submit(W, j[i]);
    run_until(25);
    uint64_t seen = 0;
    for (size_t i = 0; i < 25; i++) {
        cr_assert_geq(taken[i]->seq, 1);
        cr_assert_leq(taken[i]->seq, 25);
        seen |= (uint64_t)1 << taken[i]->seq;
    }
    cr_assert_eq(seen, ((uint64_t)1 << 26) - 2, "every job exactly once");
}
