/* annot send — send documents to annotd's submit socket and wait for a
 * reply to each, keeping a window of documents in flight. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "annot/v1/submit.pb-c.h"
#include "cli.h"
#include "docs.h"
#include "pbjson.h"
#include "util.h"

static void usage(FILE *f)
{
    fputs("usage: annot send [-e ENDPOINT] [-w WINDOW] [-t SECONDS] [-s SOURCE] [-q] [FILE...]\n"
          "       annot send --text [options] FILE...\n"
          "Send JSON Lines documents (from the FILEs or standard input) or, with\n"
          "--text, plain text files (one document each, id = file name) to annotd's\n"
          "submit endpoint (default tcp://127.0.0.1:5556).  Waits for every reply,\n"
          "prints each rejection, and exits 1 if any document was rejected or\n"
          "unanswered within the timeout (default 30 s).\n", f);
}

typedef struct sender {
    void *sock;
    int window;
    int inflight;
    int timeout_ms;
    int quiet;
    const char *source;     /* default source for documents without one */
    unsigned long sent, accepted, rejected, bad_input;
    int timed_out;
} sender;

/* Wait for one reply; returns 0, or -1 on timeout. */
static int take_reply(sender *s)
{
    zmq_pollitem_t it = {s->sock, 0, ZMQ_POLLIN, 0};
    int rc = zmq_poll(&it, 1, s->timeout_ms);
    if (rc <= 0) return -1;
    zmq_msg_t m;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, s->sock, 0) < 0) {
        zmq_msg_close(&m);
        return -1;
    }
    s->inflight--;
    Annot__V1__SubmitReply *r = annot__v1__submit_reply__unpack(NULL, zmq_msg_size(&m), zmq_msg_data(&m));
    if (!r) {
        fprintf(stderr, "annot send: undecodable reply (%zu bytes)\n", zmq_msg_size(&m));
        s->rejected++;
    } else if (r->accepted) {
        s->accepted++;
        if (!s->quiet) fprintf(stderr, "accepted %s seq=%llu\n", r->doc_id, (unsigned long long)r->seq);
    } else {
        s->rejected++;
        fprintf(stderr, "rejected %s (%s): %s\n", *r->doc_id ? r->doc_id : "<no id>",
                doc_error_name(r->code), r->message);
    }
    if (r) annot__v1__submit_reply__free_unpacked(r, NULL);
    zmq_msg_close(&m);
    return 0;
}

static int send_doc(sender *s, Annot__V1__Document *d)
{
    if (s->source && (!d->source || !*d->source)) {
        if (d->source != protobuf_c_empty_string) free(d->source);
        d->source = xstrdup(s->source);
    }
    while (s->inflight >= s->window)
        if (take_reply(s)) return -1;
    size_t n = annot__v1__document__get_packed_size(d);
    uint8_t *data = xmalloc(n ? n : 1);
    annot__v1__document__pack(d, data);
    int rc = zmq_send(s->sock, data, n, 0);
    free(data);
    if (rc < 0) {
        fprintf(stderr, "annot send: %s\n", zmq_strerror(zmq_errno()));
        return -1;
    }
    s->inflight++;
    s->sent++;
    return 0;
}

int cmd_send(int argc, char **argv)
{
    const char *endpoint = "tcp://127.0.0.1:5556";
    int text_mode = 0;
    sender s = {.window = 64, .timeout_ms = 30000};
    static const struct option opts[] = {
        {"endpoint", required_argument, 0, 'e'}, {"window", required_argument, 0, 'w'},
        {"timeout", required_argument, 0, 't'},  {"source", required_argument, 0, 's'},
        {"text", no_argument, 0, 'T'},           {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    int c;
    long num;
    optind = 1;
    while ((c = getopt_long(argc, argv, "e:w:t:s:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'e': endpoint = optarg; break;
        case 'w':
            if (arg_long("send", "--window", optarg, 1, 1000000, &num)) return 2;
            s.window = (int)num;
            break;
        case 't':
            if (arg_ms("send", "--timeout", optarg, &s.timeout_ms)) return 2;
            break;
        case 's': s.source = optarg; break;
        case 'T': text_mode = 1; break;
        case 'q': s.quiet = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (text_mode && optind >= argc) {
        usage(stderr);
        return 2;
    }
    void *ctx = zmq_ctx_new();
    s.sock = zmq_socket(ctx, ZMQ_DEALER);
    int linger = 0;
    zmq_setsockopt(s.sock, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_connect(s.sock, endpoint) != 0) {
        fprintf(stderr, "annot send: cannot connect to %s: %s\n", endpoint, zmq_strerror(zmq_errno()));
        zmq_close(s.sock);
        zmq_ctx_term(ctx);
        return 2;
    }
    char err[1024];
    int failed = 0;
    if (text_mode) {
        for (int i = optind; i < argc && !failed; i++) {
            Annot__V1__Document *d = NULL;
            if (doc_from_text_file(argv[i], &d, err, sizeof err)) {
                fprintf(stderr, "annot send: %s\n", err);
                s.bad_input++;
                continue;
            }
            failed = send_doc(&s, d) != 0;
            doc_free(d);
        }
    } else {
        int nfiles = argc - optind;
        for (int i = 0; i < (nfiles ? nfiles : 1) && !failed; i++) {
            doc_lines rd;
            if (doc_lines_open(&rd, nfiles ? argv[optind + i] : "-", err, sizeof err)) {
                fprintf(stderr, "annot send: %s\n", err);
                s.bad_input++;
                continue;
            }
            Annot__V1__Document *d;
            int k;
            while (!failed && (k = doc_lines_next(&rd, &d, err, sizeof err)) != 0) {
                if (k < 0) {
                    fprintf(stderr, "annot send: %s\n", err);
                    s.bad_input++;
                    if (k == -2) break;
                    continue;
                }
                failed = send_doc(&s, d) != 0;
                doc_free(d);
            }
            doc_lines_close(&rd);
        }
    }
    while (!failed && s.inflight > 0)
        if (take_reply(&s)) failed = 1;
    if (failed && s.inflight > 0)
        fprintf(stderr, "annot send: no reply from %s within %.1f s for %d document%s\n", endpoint,
                s.timeout_ms / 1000.0, s.inflight, s.inflight == 1 ? "" : "s");
    fprintf(stderr, "annot send: %lu sent, %lu accepted, %lu rejected%s\n", s.sent, s.accepted, s.rejected,
            s.bad_input ? ", some input unreadable" : "");
    zmq_close(s.sock);
    zmq_ctx_term(ctx);
    return failed || s.rejected || s.bad_input ? 1 : 0;
}
