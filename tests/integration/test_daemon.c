/*
 * Integration tests: the real annotd on ipc:// endpoints in a temp dir,
 * driven over ZeroMQ as a user's client would.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zmq.h>

#include "harness.h"

#define KEYWORDS "plugins = keywords, failing\n[plugin.keywords]\nkeywords = cyber, sanctions\n"

static daemon_proc d;

static void teardown(void) { daemon_cleanup(&d); }

TestSuite(daemon, .fini = teardown, .timeout = 120);

/* Submit one document and expect it accepted; returns its seq. */
static uint64_t submit_ok(void *dealer, const char *id, const char *source, const char *text)
{
    cr_assert_eq(send_doc(dealer, id, source, text), 0);
    Annot__V1__SubmitReply *r = recv_reply(dealer, 10000);
    cr_assert_not_null(r, "no reply for %s", id);
    cr_assert(r->accepted, "%s rejected: %s", id, r->message);
    cr_assert_str_eq(r->doc_id, id);
    uint64_t seq = r->seq;
    annot__v1__submit_reply__free_unpacked(r, NULL);
    return seq;
}

/* Submit raw bytes and expect a rejection with `code` and a message
 * containing `needle`. */
static void submit_rejected(void *dealer, const void *data, size_t len, int code, const char *needle)
{
    cr_assert_eq(send_raw(dealer, data, len), 0);
    Annot__V1__SubmitReply *r = recv_reply(dealer, 10000);
    cr_assert_not_null(r, "no reply");
    cr_assert_not(r->accepted);
    cr_assert_eq((int)r->code, code, "code %d, message: %s", r->code, r->message);
    cr_assert(strstr(r->message, needle), "message '%s' lacks '%s'", r->message, needle);
    annot__v1__submit_reply__free_unpacked(r, NULL);
}

static size_t pack_doc(uint8_t *out, size_t cap, const char *id, const char *text)
{
    Annot__V1__Document doc = ANNOT__V1__DOCUMENT__INIT;
    doc.id = (char *)id;
    doc.text = (char *)text;
    size_t n = annot__v1__document__get_packed_size(&doc);
    cr_assert(n <= cap);
    return annot__v1__document__pack(&doc, out);
}

Test(daemon, document_in_annotations_out)
{
    cr_assert_eq(daemon_start(&d, KEYWORDS), 0);
    void *sub = sub_connect(&d, "doc.");
    void *dealer = dealer_connect(&d);
    const char *text = "Cyber talks stalled.\n\nBoth sides met again on Monday.";
    uint64_t seq = submit_ok(dealer, "d1", "wire", text);
    cr_assert_eq(seq, 1);

    char topic[256];
    Annot__V1__AnnotatedDocument *doc;
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0, "nothing published");
    cr_assert_str_eq(topic, "doc.wire");
    cr_assert_not_null(doc);
    cr_assert_str_eq(doc->doc_id, "d1");
    cr_assert_eq(doc->seq, seq);
    cr_assert_str_eq(doc->text, text);
    cr_assert_eq(doc->n_sentences, 2);
    cr_assert_eq(doc->sentences[1]->start, 22);
    const Annot__V1__Tag *kw = find_tag(doc, "keyword");
    cr_assert_not_null(kw);
    cr_assert_eq(kw->start, 0);
    cr_assert_eq(kw->end, 5);
    cr_assert_str_eq(kw->plugin, "keywords");
    cr_assert_eq(doc->n_plugins, 2);
    for (size_t i = 0; i < doc->n_plugins; i++) cr_assert_str_eq(doc->plugins[i]->error, "");
    annot__v1__annotated_document__free_unpacked(doc, NULL);
    zmq_close(sub);
    zmq_close(dealer);
}

Test(daemon, input_socket_documents_are_published)
{
    cr_assert_eq(daemon_start(&d, KEYWORDS), 0);
    void *sub = sub_connect(&d, "doc.feed");
    void *push = push_connect(&d);
    cr_assert_eq(send_doc(push, "p1", "feed", "New sanctions were announced."), 0);
    char topic[256];
    Annot__V1__AnnotatedDocument *doc;
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0);
    cr_assert_str_eq(topic, "doc.feed");
    cr_assert_str_eq(doc->doc_id, "p1");
    cr_assert_not_null(find_tag(doc, "keyword"));
    annot__v1__annotated_document__free_unpacked(doc, NULL);
    zmq_close(sub);
    zmq_close(push);
}

Test(daemon, builtin_plugins_run_end_to_end)
{
    cr_assert_eq(daemon_start(&d, ""), 0); /* the defaults: the four built-in plugins */
    void *sub = sub_connect(&d, "doc.");
    void *dealer = dealer_connect(&d);
    submit_ok(dealer, "b1", "wire", "China accused the United States of cyber espionage. "
                                      "Beijing should strengthen its defences.");
    char topic[256];
    Annot__V1__AnnotatedDocument *doc;
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0);
    cr_assert_eq(doc->n_plugins, 4);
    const char *want[] = {"actors", "sentiment", "blame", "proposals"};
    for (int i = 0; i < 4; i++) {
        int found = 0;
        for (size_t k = 0; k < doc->n_plugins; k++)
            if (!strcmp(doc->plugins[k]->name, want[i])) {
                found = 1;
                cr_assert_str_eq(doc->plugins[k]->error, "", "%s failed", want[i]);
            }
        cr_assert(found, "plugin %s did not run", want[i]);
    }
    cr_assert_str_eq(doc->plugins[0]->name, "actors", "actors must run first: the others read it");
    cr_assert_eq(doc->n_sentences, 2);
    annot__v1__annotated_document__free_unpacked(doc, NULL);
    zmq_close(sub);
    zmq_close(dealer);
}

Test(daemon, bad_input_on_submit_gets_clear_errors)
{
    cr_assert_eq(daemon_start(&d, KEYWORDS "[daemon]\nmax_text_bytes = 1000\n"), 0);
    void *sub = sub_connect(&d, "doc.");
    void *dealer = dealer_connect(&d);
    uint8_t b[4096];

    const char garbage[] = "\xff\xff\xff\xff garbage";
    submit_rejected(dealer, garbage, sizeof garbage - 1, ANNOT__V1__ERROR_CODE__ERROR_CODE_MALFORMED,
                    "not a valid annot.v1.Document");
    size_t n = pack_doc(b, sizeof b, "t1", "A perfectly good text that will be cut short.");
    submit_rejected(dealer, b, n - 10, ANNOT__V1__ERROR_CODE__ERROR_CODE_MALFORMED, "truncated");
    n = pack_doc(b, sizeof b, "u1", "bad \xc3\x28 byte");
    submit_rejected(dealer, b, n, ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8, "UTF-8");
    n = pack_doc(b, sizeof b, "e1", "");
    submit_rejected(dealer, b, n, ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT, "empty");
    /* an id that is no UTF-8 is not echoed: the reply must be UTF-8, or
     * a client's protobuf library refuses it and never sees why */
    n = pack_doc(b, sizeof b, "id\xff", "Fine text.");
    cr_assert_eq(send_raw(dealer, b, n), 0);
    Annot__V1__SubmitReply *r = recv_reply(dealer, 10000);
    cr_assert_not_null(r);
    cr_assert_eq((int)r->code, ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8, "%s", r->message);
    cr_assert(strstr(r->message, "id is not valid UTF-8 (bad byte 0xff at offset 2)"), "%s", r->message);
    cr_assert_str_eq(r->doc_id, "");
    annot__v1__submit_reply__free_unpacked(r, NULL);
    char big[2001];
    memset(big, 'a', 2000);
    big[2000] = 0;
    n = pack_doc(b, sizeof b, "big1", big);
    submit_rejected(dealer, b, n, ANNOT__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE, "limit");
    /* a NUL inside the text (protobuf-c's strings end at a NUL: it cut
     * the text short, and "ab" was annotated and published) */
    const char nul[] = "\x0a\x02n1" "\x22\x05" "ab\0cd";
    submit_rejected(dealer, nul, sizeof nul - 1, ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8,
                    "text is not valid UTF-8 (bad byte 0x00 at offset 2)");
    /* two payload frames in one message */
    zmq_send(dealer, "x", 1, ZMQ_SNDMORE);
    submit_rejected(dealer, "y", 1, ANNOT__V1__ERROR_CODE__ERROR_CODE_BAD_ENVELOPE, "frame");

    /* the daemon keeps serving, and published nothing for the bad ones */
    submit_ok(dealer, "good", "wire", "Still here.");
    char topic[256];
    Annot__V1__AnnotatedDocument *doc;
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0);
    cr_assert_str_eq(doc->doc_id, "good");
    cr_assert_eq(doc->seq, 1, "rejected documents must not take sequence numbers");
    annot__v1__annotated_document__free_unpacked(doc, NULL);
    zmq_close(sub);
    zmq_close(dealer);
}

Test(daemon, bad_input_on_input_socket_publishes_error_events)
{
    cr_assert_eq(daemon_start(&d, KEYWORDS), 0);
    void *sub = sub_connect(&d, "error.");
    void *push = push_connect(&d);
    cr_assert_eq(send_raw(push, "\x0a\xff\x01", 3), 0);
    char topic[256];
    Annot__V1__ErrorEvent *ev;
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, NULL, &ev, 10000), 0);
    cr_assert_str_eq(topic, "error.default");
    cr_assert_not_null(ev);
    cr_assert_eq((int)ev->code, ANNOT__V1__ERROR_CODE__ERROR_CODE_MALFORMED);
    cr_assert_eq(ev->seq, 1);
    annot__v1__error_event__free_unpacked(ev, NULL);

    cr_assert_eq(send_doc(push, "u2", "feedx", "caf\xe9"), 0);
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, NULL, &ev, 10000), 0);
    cr_assert_str_eq(topic, "error.feedx");
    cr_assert_str_eq(ev->doc_id, "u2");
    cr_assert_eq((int)ev->code, ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
    cr_assert(strstr(ev->message, "offset 3"), "%s", ev->message);
    cr_assert_eq(ev->seq, 2);
    annot__v1__error_event__free_unpacked(ev, NULL);
    zmq_close(sub);
    zmq_close(push);
}

Test(daemon, duplicate_id_in_flight_is_refused)
{
    cr_assert_eq(daemon_start(&d, "plugins = slow\n[plugin.slow]\ndelay_ms = 500\n"), 0);
    void *sub = sub_connect(&d, "doc.");
    void *dealer = dealer_connect(&d);
    submit_ok(dealer, "dup", "", "First copy.");
    uint8_t b[256];
    size_t n = pack_doc(b, sizeof b, "dup", "Second copy.");
    submit_rejected(dealer, b, n, ANNOT__V1__ERROR_CODE__ERROR_CODE_DUPLICATE_ID, "already in flight");
    char topic[256];
    Annot__V1__AnnotatedDocument *doc;
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0);
    cr_assert_str_eq(doc->doc_id, "dup");
    annot__v1__annotated_document__free_unpacked(doc, NULL);
    /* once published, the id may be used again */
    submit_ok(dealer, "dup", "", "Third copy.");
    zmq_close(sub);
    zmq_close(dealer);
}

Test(daemon, a_failing_plugin_is_marked_and_the_rest_still_goes_out)
{
    cr_assert_eq(daemon_start(&d, KEYWORDS), 0);
    void *sub = sub_connect(&d, "doc.");
    void *dealer = dealer_connect(&d);
    submit_ok(dealer, "f1", "", "This cyber text says FAIL.");
    submit_ok(dealer, "f2", "", "This cyber text is fine.");
    char topic[256];
    Annot__V1__AnnotatedDocument *doc;
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0);
    cr_assert_str_eq(doc->doc_id, "f1");
    const Annot__V1__PluginStatus *failing = NULL;
    for (size_t i = 0; i < doc->n_plugins; i++)
        if (!strcmp(doc->plugins[i]->name, "failing")) failing = doc->plugins[i];
    cr_assert_not_null(failing);
    cr_assert_str_eq(failing->error, "refusing a document that says FAIL");
    cr_assert_null(find_tag(doc, "ok"), "a failed plugin's annotations are dropped");
    cr_assert_not_null(find_tag(doc, "keyword"), "the other plugins' annotations still go out");
    annot__v1__annotated_document__free_unpacked(doc, NULL);
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0);
    cr_assert_str_eq(doc->doc_id, "f2");
    cr_assert_not_null(find_tag(doc, "ok"));
    annot__v1__annotated_document__free_unpacked(doc, NULL);
    zmq_close(sub);
    zmq_close(dealer);
}

/* Start annotd on a config and expect it to refuse with `needle`. */
static void expect_refusal(const char *ini, const char *needle, const char *needle2)
{
    char path[] = "/tmp/annotd-cfg-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, ini, strlen(ini)), (ssize_t)strlen(ini));
    close(fd);
    const char *argv[] = {"annotd", "-c", path, NULL};
    char *out = NULL;
    int rc = run_annotd(argv, &out);
    unlink(path);
    cr_assert_eq(rc, 1, "exit %d: %s", rc, out);
    cr_assert(strstr(out, needle), "'%s' not in: %s", needle, out);
    if (needle2) cr_assert(strstr(out, needle2), "'%s' not in: %s", needle2, out);
    free(out);
}

Test(daemon, refuses_an_abi_mismatch) { expect_refusal("[daemon]\nplugins = badabi\n", "ABI mismatch", "badabi"); }
Test(daemon, refuses_a_plugin_that_refuses_the_host) { expect_refusal("[daemon]\nplugins = refuses\n", "ABI mismatch", "refuses"); }
Test(daemon, refuses_a_dependency_cycle) { expect_refusal("[daemon]\nplugins = cycle_a, cycle_b\n", "cycle", "cycle_a -> cycle_b -> cycle_a"); }
Test(daemon, refuses_a_missing_dependency) { expect_refusal("[daemon]\nplugins = needs_missing\n", "requires 'nonexistent'", "needs_missing"); }
Test(daemon, refuses_an_unknown_config_key) { expect_refusal("[daemon]\nworkers = 2\nbogus = 1\n", ":3: unknown key 'bogus' in section [daemon]", NULL); }
Test(daemon, refuses_an_unknown_plugin_option) { expect_refusal("[daemon]\nplugins = keywords\n[plugin.keywords]\nkeywords = a\ncolour = red\n", ":5: unknown option 'colour' in section [plugin.keywords]", NULL); }
Test(daemon, refuses_a_missing_plugin_file) { expect_refusal("[daemon]\nplugins = kw\n[plugin.kw]\npath = /nonexistent/kw.so\n", "no such file /nonexistent/kw.so", "'kw'"); }
Test(daemon, refuses_a_plugin_whose_init_fails) { expect_refusal("[daemon]\nplugins = initfail\n", "cannot open its dictionary", "initfail"); }
Test(daemon, refuses_a_shared_object_that_is_no_plugin) { expect_refusal("[daemon]\nplugins = noentry\n", "annot_plugin_entry", NULL); }

Test(daemon, refuses_to_start_with_too_few_file_descriptors)
{
    /* libzmq ends the process when it cannot get a descriptor, and a loop
     * that could not start crashed the daemon on its way out: it now says
     * so and exits 1 before it opens anything */
    struct rlimit old, low;
    cr_assert_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
    low = old;
    low.rlim_cur = 12;
    cr_assert_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    expect_refusal("[daemon]\nplugins = keywords\n[plugin.keywords]\nkeywords = a\n", "too few file descriptors",
                   "the limit is 12 (ulimit -n)");
    cr_assert_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
}

Test(daemon, check_config_validates_without_starting)
{
    char path[] = "/tmp/annotd-cfg-XXXXXX";
    int fd = mkstemp(path);
    const char *ini = "[daemon]\nplugins = keywords\n[plugin.keywords]\nkeywords = x\n";
    cr_assert_eq(write(fd, ini, strlen(ini)), (ssize_t)strlen(ini));
    close(fd);
    const char *argv[] = {"annotd", "--check-config", path, NULL};
    char *out = NULL;
    cr_assert_eq(run_annotd(argv, &out), 0, "%s", out);
    cr_assert(strstr(out, "OK (1 plugin: keywords)"), "%s", out);
    free(out);
    unlink(path);
    const char *argv2[] = {"annotd", "--check-config", "/nonexistent.ini", NULL};
    cr_assert_eq(run_annotd(argv2, &out), 1);
    cr_assert(strstr(out, "/nonexistent.ini: cannot open config"), "%s", out);
    free(out);
}

/* Drive `total` documents through the submit socket with a window,
 * calling `at(k)` after the k-th reply; collect accepted ids and the
 * published documents until the daemon exits or the stream goes idle. */
typedef struct flow {
    int total;
    char *accepted;        /* accepted[i]: doc i accepted */
    int *published;        /* times doc i was published */
    uint64_t *seq_of;      /* seq of doc i from its reply */
    int n_accepted, n_rejected, n_published;
    uint64_t max_seq;
    char **labels;         /* label of the slow plugin's tag per doc */
} flow;

static void flow_run(flow *f, void (*at)(int replies), int stop_when_exited)
{
    void *sub = sub_connect(&d, "doc.");
    void *dealer = dealer_connect(&d);
    f->accepted = calloc((size_t)f->total, 1);
    f->published = calloc((size_t)f->total, sizeof(int));
    f->seq_of = calloc((size_t)f->total, sizeof(uint64_t));
    f->labels = calloc((size_t)f->total, sizeof(char *));
    int sent = 0, replies = 0, idle = 0;
    while (idle < 40) { /* 2 s of silence ends it */
        while (sent < f->total && sent - replies < 200) {
            char id[32], text[128];
            snprintf(id, sizeof id, "doc-%d", sent);
            snprintf(text, sizeof text, "Document number %d talks about cyber sanctions.", sent);
            if (send_doc(dealer, id, "load", text)) break;
            sent++;
        }
        zmq_pollitem_t items[2] = {{dealer, 0, ZMQ_POLLIN, 0}, {sub, 0, ZMQ_POLLIN, 0}};
        int p = zmq_poll(items, 2, 50);
        if (p <= 0) {
            if (stop_when_exited ? daemon_exited(&d) : (sent == f->total && replies == sent)) idle++;
            continue;
        }
        idle = 0;
        if (items[0].revents & ZMQ_POLLIN) {
            Annot__V1__SubmitReply *r = recv_reply(dealer, 0);
            cr_assert_not_null(r);
            int i = atoi(r->doc_id + 4);
            if (r->accepted) {
                f->accepted[i] = 1;
                f->seq_of[i] = r->seq;
                f->n_accepted++;
            } else {
                cr_assert_eq((int)r->code, ANNOT__V1__ERROR_CODE__ERROR_CODE_SHUTTING_DOWN, "%s", r->message);
                f->n_rejected++;
            }
            annot__v1__submit_reply__free_unpacked(r, NULL);
            replies++;
            if (at) at(replies);
        }
        if (items[1].revents & ZMQ_POLLIN) {
            char topic[64];
            Annot__V1__AnnotatedDocument *doc;
            cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 0), 0);
            int i = atoi(doc->doc_id + 4);
            f->published[i]++;
            f->n_published++;
            cr_assert_eq(doc->seq, f->max_seq + 1, "published out of order or with a gap: %lu after %lu",
                         (unsigned long)doc->seq, (unsigned long)f->max_seq);
            f->max_seq = doc->seq;
            const Annot__V1__Tag *t = doc->n_tags ? doc->tags[0] : NULL;
            if (t && !f->labels[i]) f->labels[i] = strdup(t->label);
            annot__v1__annotated_document__free_unpacked(doc, NULL);
        }
    }
    zmq_close(sub);
    zmq_close(dealer);
}

static void flow_free(flow *f)
{
    for (int i = 0; i < f->total; i++) free(f->labels[i]);
    free(f->labels);
    free(f->accepted);
    free(f->published);
    free(f->seq_of);
}

static void term_at_4000(int replies)
{
    if (replies == 4000) daemon_signal(&d, SIGTERM);
}

Test(daemon, sigterm_drains_ten_thousand_documents_exactly_once, .timeout = 240)
{
    cr_assert_eq(daemon_start(&d, KEYWORDS "[daemon]\nlog_level = warn\n"), 0);
    flow f = {.total = 10000};
    flow_run(&f, term_at_4000, 1);
    cr_assert_eq(daemon_wait(&d, 10000), 0, "annotd must exit 0 after draining");
    cr_assert_geq(f.n_accepted, 4000);
    for (int i = 0; i < f.total; i++)
        cr_assert_eq(f.published[i], f.accepted[i] ? 1 : 0, "doc-%d accepted=%d published %d times", i,
                     f.accepted[i], f.published[i]);
    cr_assert_eq(f.n_published, f.n_accepted);
    cr_assert_eq(f.max_seq, (uint64_t)f.n_accepted);
    flow_free(&f);
}

static void reload_during(int replies)
{
    if (replies == 1000) {
        daemon_write_config(&d, "plugins = slow\n[plugin.slow]\nlabel = v2\n");
        daemon_signal(&d, SIGHUP);
    } else if (replies == 2000) {
        daemon_write_config(&d, "plugins = slow\n[plugin.slow]\nlabel = v3\nno_such_option = 1\n");
        daemon_signal(&d, SIGHUP);
    }
}

Test(daemon, sighup_reloads_while_documents_flow_and_loses_none, .timeout = 240)
{
    cr_assert_eq(daemon_start(&d, "plugins = slow\n[plugin.slow]\nlabel = v1\n"), 0);
    flow f = {.total = 3000};
    flow_run(&f, reload_during, 0);
    cr_assert_eq(f.n_accepted, 3000);
    int v1 = 0, v2 = 0;
    for (int i = 0; i < f.total; i++) {
        cr_assert_eq(f.published[i], 1, "doc-%d published %d times", i, f.published[i]);
        cr_assert_not_null(f.labels[i]);
        if (!strcmp(f.labels[i], "v1")) v1++;
        else if (!strcmp(f.labels[i], "v2")) v2++;
        else cr_assert_fail("doc-%d served by a pipeline that failed to load (%s)", i, f.labels[i]);
    }
    cr_assert_gt(v1, 0);
    cr_assert_gt(v2, 0, "the reload took no effect");
    cr_assert_str_eq(f.labels[f.total - 1], "v2", "a failed reload must keep the running pipeline");
    char *log = daemon_log(&d);
    cr_assert(strstr(log, "reload failed, keeping the running pipeline"), "%s", log);
    cr_assert(strstr(log, "unknown option 'no_such_option'"), "%s", log);
    free(log);
    daemon_signal(&d, SIGTERM);
    cr_assert_eq(daemon_wait(&d, 10000), 0);
    flow_free(&f);
}

Test(daemon, backpressure_at_max_inflight_loses_nothing)
{
    cr_assert_eq(daemon_start(&d, "max_inflight = 3\nplugins = slow\n[plugin.slow]\ndelay_ms = 2\n"), 0);
    void *sub = sub_connect(&d, "doc.");
    void *push = push_connect(&d);
    cr_assert_eq(send_numbered(push, "bp", 300, "Back pressure."), 0);
    char topic[64];
    int seen[300] = {0};
    for (int k = 0; k < 300; k++) {
        Annot__V1__AnnotatedDocument *doc;
        cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0, "only %d of 300 published", k);
        cr_assert_eq(doc->seq, (uint64_t)k + 1);
        seen[atoi(doc->doc_id + 3)]++;
        annot__v1__annotated_document__free_unpacked(doc, NULL);
    }
    for (int i = 0; i < 300; i++) cr_assert_eq(seen[i], 1, "bp-%d seen %d times", i, seen[i]);
    zmq_close(sub);
    zmq_close(push);
}

Test(daemon, max_inflight_bytes_holds_documents_back_and_loses_none)
{
    /* each text is over the byte limit: one document at a time may be
     * inside, although two workers and max_inflight would allow more */
    cr_assert_eq(daemon_start(&d, "max_inflight_bytes = 10\nstats_interval_ms = 10\n"
                                  "plugins = slow\n[plugin.slow]\ndelay_ms = 40\n"), 0);
    void *sub = sub_connect(&d, "");
    void *push = push_connect(&d);
    cr_assert_eq(send_numbered(push, "mb", 8, "A text longer than ten bytes."), 0);
    uint32_t most = 0;
    int published = 0;
    for (int tries = 0; tries < 2000 && published < 8; tries++) {
        zmq_pollitem_t it = {sub, 0, ZMQ_POLLIN, 0};
        cr_assert_gt(zmq_poll(&it, 1, 5000), 0, "nothing from the daemon; %d of 8 published", published);
        char topic[64];
        zmq_msg_t t, p;
        zmq_msg_init(&t);
        zmq_msg_init(&p);
        zmq_msg_recv(&t, sub, 0);
        zmq_msg_recv(&p, sub, 0);
        size_t tl = zmq_msg_size(&t) < sizeof topic - 1 ? zmq_msg_size(&t) : sizeof topic - 1;
        memcpy(topic, zmq_msg_data(&t), tl);
        topic[tl] = 0;
        if (!strcmp(topic, "stats")) {
            Annot__V1__Stats *st = annot__v1__stats__unpack(NULL, zmq_msg_size(&p), zmq_msg_data(&p));
            cr_assert_not_null(st);
            if (st->inflight > most) most = st->inflight;
            annot__v1__stats__free_unpacked(st, NULL);
        } else if (!strncmp(topic, "doc.", 4)) {
            published++;
        }
        zmq_msg_close(&t);
        zmq_msg_close(&p);
    }
    cr_assert_eq(published, 8, "every document is published");
    cr_assert_eq(most, 1, "at most one document inside at once (the stats saw %u)", most);
    zmq_close(sub);
    zmq_close(push);
}

Test(daemon, counters_are_published_on_the_stats_topic)
{
    cr_assert_eq(daemon_start(&d, KEYWORDS "[daemon]\nstats_interval_ms = 100\n"), 0);
    void *sub = sub_connect(&d, "stats");
    void *dealer = dealer_connect(&d);
    submit_ok(dealer, "s1", "", "Cyber text.");
    uint8_t b[128];
    size_t n = pack_doc(b, sizeof b, "s2", "");
    submit_rejected(dealer, b, n, ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT, "empty");
    Annot__V1__Stats *st = NULL;
    for (int tries = 0; tries < 50; tries++) {
        zmq_pollitem_t it = {sub, 0, ZMQ_POLLIN, 0};
        cr_assert_gt(zmq_poll(&it, 1, 2000), 0, "no stats published");
        zmq_msg_t t, p;
        zmq_msg_init(&t);
        zmq_msg_init(&p);
        zmq_msg_recv(&t, sub, 0);
        zmq_msg_recv(&p, sub, 0);
        cr_assert_eq(zmq_msg_size(&t), 5);
        cr_assert_eq(memcmp(zmq_msg_data(&t), "stats", 5), 0);
        st = annot__v1__stats__unpack(NULL, zmq_msg_size(&p), zmq_msg_data(&p));
        zmq_msg_close(&t);
        zmq_msg_close(&p);
        cr_assert_not_null(st);
        if (st->published == 1 && st->rejected == 1) break;
        annot__v1__stats__free_unpacked(st, NULL);
        st = NULL;
    }
    cr_assert_not_null(st, "the counters never showed one published and one rejected");
    cr_assert_eq(st->accepted, 1);
    cr_assert_eq(st->received, 2);
    cr_assert_eq(st->last_seq, 1);
    cr_assert_eq(st->n_rejected_by_code, 1);
    cr_assert_str_eq(st->rejected_by_code[0]->key, "empty-text");
    cr_assert_eq(st->rejected_by_code[0]->value, 1);
    int found = 0;
    for (size_t i = 0; i < st->n_plugins; i++)
        if (!strcmp(st->plugins[i]->name, "keywords")) {
            found = 1;
            cr_assert_eq(st->plugins[i]->documents, 1);
            cr_assert_eq(st->plugins[i]->failures, 0);
        }
    cr_assert(found, "no counters for the keywords plugin");
    annot__v1__stats__free_unpacked(st, NULL);
    zmq_close(sub);
    zmq_close(dealer);
}

Test(daemon, unknown_protobuf_fields_are_not_bad_input)
{
    cr_assert_eq(daemon_start(&d, KEYWORDS), 0);
    void *sub = sub_connect(&d, "doc.");
    void *dealer = dealer_connect(&d);
    uint8_t b[256];
    size_t n = pack_doc(b, sizeof b, "newer", "A cyber document from a newer client.");
    /* field 99 (varint 7) and field 100 (string "x"): unknown to this daemon */
    const uint8_t extra[] = {0x98, 0x06, 0x07, 0xa2, 0x06, 0x01, 'x'};
    memcpy(b + n, extra, sizeof extra);
    cr_assert_eq(send_raw(dealer, b, n + sizeof extra), 0);
    Annot__V1__SubmitReply *r = recv_reply(dealer, 10000);
    cr_assert_not_null(r);
    cr_assert(r->accepted, "rejected: %s", r->message);
    annot__v1__submit_reply__free_unpacked(r, NULL);
    char topic[64];
    Annot__V1__AnnotatedDocument *doc;
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0);
    cr_assert_str_eq(doc->doc_id, "newer");
    cr_assert_not_null(find_tag(doc, "keyword"));
    annot__v1__annotated_document__free_unpacked(doc, NULL);
    zmq_close(sub);
    zmq_close(dealer);
}

Test(daemon, a_plugin_running_too_long_is_logged_with_its_document)
{
    cr_assert_eq(daemon_start(&d, "plugin_warn_ms = 300\nplugins = slow\n[plugin.slow]\ndelay_ms = 1200\n"), 0);
    void *sub = sub_connect(&d, "doc.");
    void *dealer = dealer_connect(&d);
    submit_ok(dealer, "sluggish", "", "Take your time.");
    char topic[64];
    Annot__V1__AnnotatedDocument *doc;
    cr_assert_eq(recv_pub(sub, topic, sizeof topic, &doc, NULL, 10000), 0, "the slow document must still go out");
    annot__v1__annotated_document__free_unpacked(doc, NULL);
    char *log = daemon_log(&d);
    cr_assert(strstr(log, "plugin slow has been running for"), "%s", log);
    cr_assert(strstr(log, "on document 'sluggish' (seq 1)"), "%s", log);
    cr_assert_eq(strstr(strstr(log, "has been running") + 1, "has been running"), NULL, "warned more than once: %s", log);
    free(log);
    zmq_close(sub);
    zmq_close(dealer);
}

Test(daemon, plugin_help_lists_the_options_from_the_plugins_own_table)
{
    const char *argv[] = {"annotd", "--plugin-help", "keywords", NULL};
    char *out = NULL;
    cr_assert_eq(run_annotd(argv, &out), 0, "%s", out);
    cr_assert(strstr(out, "keywords 1.0.0"), "%s", out);
    cr_assert(strstr(out, "case_sensitive"), "%s", out);
    cr_assert(strstr(out, "bool"), "%s", out);
    cr_assert(strstr(out, "comma-separated words or phrases to tag"), "%s", out);
    free(out);
    const char *argv2[] = {"annotd", "--plugin-help", "no_such_plugin", NULL};
    cr_assert_eq(run_annotd(argv2, &out), 1);
    cr_assert(strstr(out, "no_such_plugin.so not found"), "%s", out);
    free(out);
}

/* The command line's reading and writing fail loudly: a directory given
 * as input is no empty file, and output lost to a full disk is no
 * success (both used to end with status 0 and nothing said). */
Test(daemon, annot_tag_reports_unreadable_input_and_lost_output)
{
    snprintf(d.dir, sizeof d.dir, "/tmp/annot-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(d.dir));
    const char *cfg = write_temp_file(&d, "tag.ini", "[daemon]\nplugins = keywords\n[plugin.keywords]\nkeywords = cyber\n");
    char cfg_path[400];
    snprintf(cfg_path, sizeof cfg_path, "%s", cfg);
    const char *argv[] = {"annot", "tag", "-c", cfg_path, d.dir, NULL};
    char *out = NULL;
    cr_assert_eq(run_annot(argv, NULL, &out), 1, "%s", out);
    cr_assert(strstr(out, "cannot read: Is a directory"), "%s", out);
    free(out);

    const char *docs = write_temp_file(&d, "docs.jsonl", "{\"id\":\"c1\",\"text\":\"Cyber talks stalled.\"}\n");
    const char *argv2[] = {"annot", "tag", "-c", cfg_path, docs, NULL};
    cr_assert_eq(run_annot(argv2, NULL, &out), 0, "%s", out);
    cr_assert(strstr(out, "\"docId\":\"c1\""), "%s", out);
    free(out);
    cr_assert_eq(run_annot(argv2, "/dev/full", &out), 1, "%s", out);
    cr_assert(strstr(out, "annot tag: cannot write the output: No space left on device"), "%s", out);
    free(out);
}

/* annot with argv exits 2 (a usage error), its message holding needle
 * (when given). */
static void expect_usage_error(const char *const *argv, const char *needle)
{
    char *out = NULL;
    cr_assert_eq(run_annot(argv, NULL, &out), 2, "%s", out);
    if (needle) cr_assert(strstr(out, needle), "%s", out);
    free(out);
}

/* Numbers on the command line are checked: a timeout too large for an
 * int of milliseconds was undefined behaviour when cast (and a negative
 * one waited for ever); a typo was read as 0. */
Test(daemon, annot_options_take_only_numbers_in_range)
{
    const char *send_t[] = {"annot", "send", "-e", "ipc:///nonexistent/submit", "-t", "1e300", NULL};
    expect_usage_error(send_t, "annot send: --timeout wants seconds from 0 to 2073600, not '1e300'");
    const char *send_neg[] = {"annot", "send", "-t", "-5", NULL};
    expect_usage_error(send_neg, NULL);
    const char *send_w[] = {"annot", "send", "-w", "ten", NULL};
    expect_usage_error(send_w, "--window wants a whole number from 1 to 1000000, not 'ten'");
    const char *sub_n[] = {"annot", "sub", "-n", "5x", NULL};
    expect_usage_error(sub_n, "annot sub: --count wants a whole number");
    const char *sub_i[] = {"annot", "sub", "--idle", "nan", NULL};
    expect_usage_error(sub_i, NULL);
    const char *stats_w[] = {"annot", "stats", "-w", "1e12", NULL};
    expect_usage_error(stats_w, NULL);
    /* the 65th topic was dropped without a word (--idle: the old binary
     * ends after a second instead of waiting for ever) */
    const char *sub_t[4 + 2 * 65 + 1] = {"annot", "sub", "--idle", "1"};
    for (int i = 0; i < 65; i++) {
        sub_t[4 + 2 * i] = "-t";
        sub_t[5 + 2 * i] = "doc.";
    }
    expect_usage_error(sub_t, "annot sub: at most 64 topics");
}

/* A steady stream at a moderate rate with busy workers: every document
 * comes out.  (The benchmark once caught the input stalling for good when
 * a document arrived between the last EAGAIN and the ZMQ_EVENTS check;
 * the window is microseconds wide, so this is a smoke test of that path,
 * not a deterministic reproduction.) */
Test(daemon, a_steady_stream_never_stalls_the_input, .timeout = 60)
{
    /* the built-in plugins keep the workers busy, which widens the window */
    cr_assert_eq(daemon_start(&d, "log_level = warn\n"), 0);
    void *sub = sub_connect(&d, "doc.");
    void *push = push_connect(&d);
    enum { N = 4000 };
    static const char text[] =
        "China accused the United States of cyber espionage on Monday, and Washington "
        "rejected the charge. The European Union urged both sides to return to talks. "
        "Officials in Beijing said the accusations were groundless and called on the US "
        "to stop its smear campaign. Analysts said the dispute should be settled soon.";
    int received = 0;
    char topic[64];
    for (int i = 0; i < N; i++) {
        char id[32];
        snprintf(id, sizeof id, "st-%d", i);
        cr_assert_eq(send_doc(push, id, "steady", text), 0);
        Annot__V1__AnnotatedDocument *doc;
        while (recv_pub(sub, topic, sizeof topic, &doc, NULL, 0) == 0) {
            received++;
            annot__v1__annotated_document__free_unpacked(doc, NULL);
        }
        if (i % 2 == 0) {
            struct timespec ts = {0, 1000000}; /* ~2000 documents/s */
            nanosleep(&ts, NULL);
        }
    }
    while (received < N) {
        Annot__V1__AnnotatedDocument *doc;
        if (recv_pub(sub, topic, sizeof topic, &doc, NULL, 3000) != 0) break;
        received++;
        annot__v1__annotated_document__free_unpacked(doc, NULL);
    }
    cr_assert_eq(received, N, "the input stalled: %d of %d published", received, N);
    zmq_close(sub);
    zmq_close(push);
}
