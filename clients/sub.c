/* annot sub — subscribe to annotd's published annotations and print them
 * as JSON Lines or a one-line summary each; report sequence gaps. */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "annot/v1/annotation.pb-c.h"
#include "annot/v1/submit.pb-c.h"
#include "cli.h"
#include "docs.h"
#include "pbjson.h"
#include "util.h"

static volatile sig_atomic_t g_stop; /* set by SIGINT/SIGTERM */

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static void usage(FILE *f)
{
    fputs("usage: annot sub [-e ENDPOINT] [-t TOPIC]... [--summary] [-n COUNT] [--idle SECONDS]\n"
          "Subscribe to annotd's publish endpoint (default tcp://127.0.0.1:5557) with\n"
          "ZeroMQ topic prefixes (default: everything; e.g. -t doc. -t error.wire) and\n"
          "print each message as a JSON line (annotated documents and error events),\n"
          "or one line of summary each with --summary.  Gaps in the sequence numbers\n"
          "are reported on standard error when the subscription covers a whole kind\n"
          "(\"\", \"doc\" or \"doc.\").  Stops after COUNT documents or SECONDS idle.\n", f);
}

static void summary(const Annot__V1__AnnotatedDocument *d)
{
    printf("#%llu %s [%s] %u bytes, %zu sentences, sentiment %+.2f, %zu actors",
           (unsigned long long)d->seq, d->doc_id, d->source, d->text_bytes, d->n_sentences,
           d->sentiment ? d->sentiment->compound : 0.0, d->n_actors);
    /* the first few distinct actor names */
    size_t shown = 0;
    for (size_t i = 0; i < d->n_actors && shown < 4; i++) {
        int dup = 0;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(d->actors[k]->code, d->actors[i]->code)) { dup = 1; break; }
        if (dup) continue;
        printf("%s%s(%s)", shown ? ", " : " (", d->actors[i]->name, d->actors[i]->code);
        shown++;
    }
    if (shown) printf(")");
    printf(", %zu blames, %zu proposals", d->n_blames, d->n_proposals);
    if (d->n_tags) printf(", %zu tags", d->n_tags);
    for (size_t i = 0; i < d->n_plugins; i++)
        if (*d->plugins[i]->error) printf(" [plugin %s failed: %s]", d->plugins[i]->name, d->plugins[i]->error);
    for (size_t i = 0; i < d->n_blames && i < 3; i++)
        printf("\n    blame: %s -> %s", *d->blames[i]->blamer ? d->blames[i]->blamer : "?", d->blames[i]->blamed);
    for (size_t i = 0; i < d->n_proposals && i < 3; i++)
        printf("\n    proposal: %s%s%s", d->proposals[i]->proposer, *d->proposals[i]->addressee ? " -> " : "",
               d->proposals[i]->addressee);
    printf("\n");
}

/* annot stats: wait for the daemon's next "stats" message and print it. */
int cmd_stats(int argc, char **argv)
{
    const char *endpoint = "tcp://127.0.0.1:5557";
    int wait_ms = 15000;
    static const struct option opts[] = {{"endpoint", required_argument, 0, 'e'},
                                         {"wait", required_argument, 0, 'w'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "e:w:h", opts, NULL)) != -1) {
        switch (c) {
        case 'e': endpoint = optarg; break;
        case 'w':
            if (arg_ms("stats", "--wait", optarg, &wait_ms)) return 2;
            break;
        case 'h':
            puts("usage: annot stats [-e ENDPOINT] [-w SECONDS]\n"
                 "Wait for annotd's next counters (topic \"stats\", published every\n"
                 "stats_interval_ms) and print them as pretty JSON.");
            return 0;
        default: return 2;
        }
    }
    void *ctx = zmq_ctx_new();
    void *sock = zmq_socket(ctx, ZMQ_SUB);
    int linger = 0;
    zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(sock, ZMQ_SUBSCRIBE, "stats", 5);
    int rc = 1;
    if (zmq_connect(sock, endpoint) != 0) {
        fprintf(stderr, "annot stats: cannot connect to %s: %s\n", endpoint, zmq_strerror(zmq_errno()));
        rc = 2;
    } else {
        zmq_pollitem_t it = {sock, 0, ZMQ_POLLIN, 0};
        zmq_msg_t t, p;
        zmq_msg_init(&t);
        zmq_msg_init(&p);
        if (zmq_poll(&it, 1, wait_ms) > 0 && zmq_msg_recv(&t, sock, 0) >= 0 &&
            zmq_msg_recv(&p, sock, 0) >= 0) {
            Annot__V1__Stats *st = annot__v1__stats__unpack(NULL, zmq_msg_size(&p), zmq_msg_data(&p));
            char *json = st ? pbjson_encode(&st->base, PBJSON_PRETTY | PBJSON_EMIT_DEFAULTS) : NULL;
            if (json) {
                puts(json);
                rc = 0;
            }
            free(json);
            if (st) annot__v1__stats__free_unpacked(st, NULL);
        } else {
            fprintf(stderr, "annot stats: no stats from %s within %.0f s\n", endpoint, wait_ms / 1000.0);
        }
        zmq_msg_close(&t);
        zmq_msg_close(&p);
    }
    zmq_close(sock);
    zmq_ctx_term(ctx);
    return rc;
}

int cmd_sub(int argc, char **argv)
{
    const char *endpoint = "tcp://127.0.0.1:5557";
    const char *topics[64];
    int n_topics = 0, summary_mode = 0;
    long count = -1;
    int idle_ms = 0; /* 0: no idle limit */
    static const struct option opts[] = {
        {"endpoint", required_argument, 0, 'e'}, {"topic", required_argument, 0, 't'},
        {"summary", no_argument, 0, 'S'},        {"count", required_argument, 0, 'n'},
        {"idle", required_argument, 0, 'i'},     {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "e:t:n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'e': endpoint = optarg; break;
        case 't':
            if (n_topics == 64) { /* (a prefix dropped unsaid would be a gap nobody reports) */
                fprintf(stderr, "annot sub: at most 64 topics (-t); subscribe to a shorter prefix instead\n");
                return 2;
            }
            topics[n_topics++] = optarg;
            break;
        case 'S': summary_mode = 1; break;
        case 'n':
            if (arg_long("sub", "--count", optarg, 1, LONG_MAX, &count)) return 2;
            break;
        case 'i':
            if (arg_ms("sub", "--idle", optarg, &idle_ms)) return 2;
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (n_topics == 0) topics[n_topics++] = "";
    int whole_docs = 0, whole_errors = 0;
    for (int i = 0; i < n_topics; i++) {
        if (!strcmp(topics[i], "") || !strcmp(topics[i], "d") || !strcmp(topics[i], "do") ||
            !strcmp(topics[i], "doc") || !strcmp(topics[i], "doc."))
            whole_docs = 1;
        if (!strcmp(topics[i], "") || !strncmp("error.", topics[i], strlen(topics[i])))
            whole_errors = 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    void *ctx = zmq_ctx_new();
    void *sock = zmq_socket(ctx, ZMQ_SUB);
    int hwm = 0;
    zmq_setsockopt(sock, ZMQ_RCVHWM, &hwm, sizeof hwm);
    for (int i = 0; i < n_topics; i++) zmq_setsockopt(sock, ZMQ_SUBSCRIBE, topics[i], strlen(topics[i]));
    if (zmq_connect(sock, endpoint) != 0) {
        fprintf(stderr, "annot sub: cannot connect to %s: %s\n", endpoint, zmq_strerror(zmq_errno()));
        zmq_close(sock);
        zmq_ctx_term(ctx);
        return 2;
    }
    uint64_t last_doc = 0, last_err = 0, gaps = 0;
    long docs = 0;
    int rc = 0;
    while (!g_stop && (count < 0 || docs < count)) {
        zmq_pollitem_t it = {sock, 0, ZMQ_POLLIN, 0};
        int p = zmq_poll(&it, 1, idle_ms > 0 ? idle_ms : 200);
        if (p < 0) break;
        if (p == 0) {
            if (idle_ms > 0) break;
            continue;
        }
        zmq_msg_t topic, payload;
        zmq_msg_init(&topic);
        zmq_msg_init(&payload);
        if (zmq_msg_recv(&topic, sock, 0) < 0 || !zmq_msg_more(&topic) || zmq_msg_recv(&payload, sock, 0) < 0) {
            zmq_msg_close(&topic);
            zmq_msg_close(&payload);
            continue;
        }
        const char *t = zmq_msg_data(&topic);
        size_t tlen = zmq_msg_size(&topic);
        ProtobufCMessage *m = NULL;
        int is_doc = tlen >= 4 && !memcmp(t, "doc.", 4);
        int is_err = tlen >= 6 && !memcmp(t, "error.", 6);
        int is_stats = tlen == 5 && !memcmp(t, "stats", 5);
        if (is_stats) {
            Annot__V1__Stats *st = annot__v1__stats__unpack(NULL, zmq_msg_size(&payload), zmq_msg_data(&payload));
            if (st) {
                char *json = pbjson_encode(&st->base, 0);
                if (json) printf("%s%s\n", summary_mode ? "stats " : "", json);
                free(json);
                fflush(stdout);
                annot__v1__stats__free_unpacked(st, NULL);
            }
            zmq_msg_close(&topic);
            zmq_msg_close(&payload);
            continue;
        }
        if (is_doc)
            m = (ProtobufCMessage *)annot__v1__annotated_document__unpack(NULL, zmq_msg_size(&payload), zmq_msg_data(&payload));
        else if (is_err)
            m = (ProtobufCMessage *)annot__v1__error_event__unpack(NULL, zmq_msg_size(&payload), zmq_msg_data(&payload));
        if (!m) {
            fprintf(stderr, "annot sub: undecodable message on topic '%.*s' (%zu bytes)\n", (int)tlen, t,
                    zmq_msg_size(&payload));
        } else {
            uint64_t seq = is_doc ? ((Annot__V1__AnnotatedDocument *)m)->seq : ((Annot__V1__ErrorEvent *)m)->seq;
            uint64_t *last = is_doc ? &last_doc : &last_err;
            int whole = is_doc ? whole_docs : whole_errors;
            if (whole && *last && seq > *last + 1) {
                fprintf(stderr, "annot sub: gap: missed %llu %s (seq %llu..%llu)\n",
                        (unsigned long long)(seq - *last - 1), is_doc ? "documents" : "error events",
                        (unsigned long long)(*last + 1), (unsigned long long)(seq - 1));
                gaps += seq - *last - 1;
            }
            *last = seq;
            if (summary_mode && is_doc) {
                summary((Annot__V1__AnnotatedDocument *)m);
            } else if (summary_mode) {
                Annot__V1__ErrorEvent *e = (Annot__V1__ErrorEvent *)m;
                printf("error #%llu %s [%s] %s: %s\n", (unsigned long long)e->seq, *e->doc_id ? e->doc_id : "<no id>",
                       e->source, doc_error_name(e->code), e->message);
            } else {
                char *json = pbjson_encode(m, 0);
                if (json) {
                    printf("%s\n", json);
                    free(json);
                }
            }
            fflush(stdout);
            if (is_doc) docs++;
            protobuf_c_message_free_unpacked(m, NULL);
        }
        zmq_msg_close(&topic);
        zmq_msg_close(&payload);
    }
    if (gaps) fprintf(stderr, "annot sub: %llu messages missed in all\n", (unsigned long long)gaps);
    zmq_close(sock);
    zmq_ctx_term(ctx);
    return rc;
}
