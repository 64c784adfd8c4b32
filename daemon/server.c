#include "server.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <uv.h>
#include <zmq.h>

#include "annot/v1/submit.pb-c.h"
#include "docs.h"
#include "idset.h"
#include "util.h"
#include "workers.h"

#define MAX_FRAMES 8

struct server {
    uv_loop_t loop;
    void *zctx;
    void *pull, *router, *pub;
    uv_poll_t poll_pull, poll_router;
    uv_async_t done_async;
    uv_signal_t sig_term, sig_int, sig_hup;
    workers *w;
    config *cfg;               /* the running config (limits, instance) */
    char *config_path;         /* re-read on SIGHUP; NULL: defaults */
    pipeline *pipe;            /* the running pipeline; jobs hold their own refs */
    idset *ids;                /* ids of documents in flight */
    int inflight;
    size_t inflight_bytes;     /* text bytes of the documents in flight */
    uint64_t next_seq;         /* seq of the next accepted document */
    uint64_t next_pub;         /* seq of the next document to publish */
    uint64_t err_seq;          /* seq of the last error event */
    job **ring;                /* finished jobs waiting for their turn, by seq */
    size_t ring_cap;           /* a power of two > documents in flight */
    uv_timer_t stats_timer;
    uv_timer_t watchdog;             /* logs plugins running too long */
    uint64_t started_ms;
    uint64_t rejected_by_code[16];   /* by Annot__V1__ErrorCode */
    Annot__V1__PluginCounters *pc;   /* per plugin instance name */
    size_t n_pc;
    int draining;
    int closing;
    int loop_ready;            /* the uv loop initialised */
    int handles_ready;         /* every uv handle initialised */
    server_stats st;
};

static void pump(server *s);

/* ------------------------------------------------------------------ */

static size_t pow2_at_least(size_t n)
{
    size_t c = 64;
    while (c < n) c *= 2;
    return c;
}

/* Make room in the ring for seqs [next_pub, next_seq]. */
static void ring_fit(server *s)
{
    size_t need = (size_t)(s->next_seq - s->next_pub) + 1;
    if (need <= s->ring_cap) return;
    size_t cap = pow2_at_least(need * 2);
    job **ring = xcalloc(cap, sizeof *ring);
    for (size_t i = 0; i < s->ring_cap; i++)
        if (s->ring[i]) ring[s->ring[i]->seq & (cap - 1)] = s->ring[i];
    free(s->ring);
    s->ring = ring;
    s->ring_cap = cap;
}

/* The topic "KIND.SOURCE" ("KIND.default" for no source) in out, cut to
 * len - 1 bytes as snprintf would; returns its length.  Two copies, not
 * snprintf(): its format parsing cost ~800 instructions per published
 * document on the loop thread. */
static size_t topic_for(char *out, size_t len, const char *kind, const char *source)
{
    const char *src = source && *source ? source : "default";
    size_t k = strlen(kind), n = strlen(src), max = len - 1;
    if (k > max) k = max;
    memcpy(out, kind, k);
    size_t at = k;
    if (at < max) out[at++] = '.';
    if (n > max - at) n = max - at;
    memcpy(out + at, src, n);
    at += n;
    out[at] = 0;
    return at;
}

/* Send a topic and a packed message on the PUB socket. */
static void publish(server *s, const char *topic, const ProtobufCMessage *msg)
{
    size_t n = protobuf_c_message_get_packed_size(msg);
    uint8_t *data = xmalloc(n ? n : 1);
    protobuf_c_message_pack(msg, data);
    if (zmq_send(s->pub, topic, strlen(topic), ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
        zmq_send(s->pub, data, n, ZMQ_DONTWAIT) < 0)
        log_msg(LOG_WARN, "publish %s failed: %s", topic, zmq_strerror(zmq_errno()));
    free(data);
}

static void publish_error(server *s, int code, const char *msg, const char *doc_id, const char *source)
{
    Annot__V1__ErrorEvent ev = ANNOT__V1__ERROR_EVENT__INIT;
    ev.doc_id = (char *)(doc_id ? doc_id : "");
    ev.source = (char *)(source ? source : "");
    ev.code = (Annot__V1__ErrorCode)code;
    ev.message = (char *)msg;
    ev.seq = ++s->err_seq;
    ev.instance = s->cfg->instance;
    ev.time_ms = time_now_ms();
    char topic[512];
    topic_for(topic, sizeof topic, "error", source);
    publish(s, topic, &ev.base);
    s->st.errors_published++;
}

/* The host's counters for a plugin instance, kept without its help; hint
 * is where they are likely to be. */
static void count_plugin(server *s, size_t hint, const char *name, uint32_t elapsed_us, int failed)
{
    Annot__V1__PluginCounters *c = NULL;
    /* the counters of the pipeline's i-th plugin are usually the i-th
     * (they were added in run order): one compare, not a search, for
     * each plugin of each published document */
    if (hint < s->n_pc && !strcmp(s->pc[hint].name, name)) c = &s->pc[hint];
    for (size_t i = 0; !c && i < s->n_pc; i++)
        if (!strcmp(s->pc[i].name, name)) c = &s->pc[i];
    if (!c) {
        s->pc = xrealloc(s->pc, (s->n_pc + 1) * sizeof *s->pc);
        c = &s->pc[s->n_pc++];
        annot__v1__plugin_counters__init(c);
        c->name = xstrdup(name);
    }
    c->documents++;
    c->elapsed_us += elapsed_us;
    if (failed) c->failures++;
}

/* Publish the counters on topic "stats". */
static void publish_stats(server *s)
{
    Annot__V1__Stats m = ANNOT__V1__STATS__INIT;
    m.instance = s->cfg->instance;
    m.time_ms = time_now_ms();
    m.uptime_ms = m.time_ms - s->started_ms;
    m.received = s->st.received;
    m.accepted = s->st.accepted;
    m.rejected = s->st.rejected;
    m.published = s->st.published;
    m.errors_published = s->st.errors_published;
    m.plugin_failures = s->st.plugin_failures;
    m.inflight = (uint32_t)s->inflight;
    m.reloads = s->st.reloads;
    m.reload_failures = s->st.reload_failures;
    m.last_seq = s->next_pub - 1;
    m.slow_plugin_warnings = s->st.slow_plugin_warnings;
    Annot__V1__PluginCounters *pcs[64];
    m.n_plugins = s->n_pc < 64 ? s->n_pc : 64;
    for (size_t i = 0; i < m.n_plugins; i++) pcs[i] = &s->pc[i];
    m.plugins = pcs;
    Annot__V1__Stats__RejectedByCodeEntry entries[16], *ep[16];
    for (int code = 1; code < 16; code++) {
        if (!s->rejected_by_code[code]) continue;
        Annot__V1__Stats__RejectedByCodeEntry *e = &entries[m.n_rejected_by_code];
        annot__v1__stats__rejected_by_code_entry__init(e);
        e->key = (char *)doc_error_name(code);
        e->value = s->rejected_by_code[code];
        ep[m.n_rejected_by_code++] = e;
    }
    m.rejected_by_code = ep;
    publish(s, "stats", &m.base);
}

static void on_stats_timer(uv_timer_t *t)
{
    server *s = t->data;
    publish_stats(s);
    pump(s); /* a send may have consumed a ZMQ_FD edge */
}

/* Log each plugin that has run longer than plugin_warn_ms on one
 * document (once per run).  A thread cannot be stopped safely, so this
 * is what an operator gets: which plugin, which document, how long. */
static void on_watchdog(uv_timer_t *t)
{
    server *s = t->data;
    if (s->cfg->plugin_warn_ms <= 0) return;
    uint64_t now = time_mono_us(), limit = (uint64_t)s->cfg->plugin_warn_ms * 1000u;
    for (int i = 0; i < workers_count(s->w); i++) {
        worker_slot *w = workers_slot(s->w, i);
        const char *plugin = atomic_load(&w->prog.plugin);
        uint64_t since = atomic_load(&w->prog.since_us);
        const char *id = atomic_load(&w->doc_id);
        if (!plugin || !id || now < since + limit || w->warned_since == since) continue;
        w->warned_since = since;
        s->st.slow_plugin_warnings++;
        log_msg(LOG_WARN, "plugin %s has been running for %llu ms on document '%s' (seq %llu)", plugin,
                (unsigned long long)((now - since) / 1000), id, (unsigned long long)atomic_load(&w->seq));
    }
}

static void free_packed(void *data, void *hint)
{
    (void)hint;
    free(data);
}

/* Send a finished job's packed document: the worker did the packing. */
static void publish_doc(server *s, job *j)
{
    if (!j->packed) return; /* out of memory in the worker: logged there */
    for (size_t i = 0; i < j->n_plugins; i++) {
        const char *name = pipeline_plugin_name(j->pipe, i);
        count_plugin(s, i, name ? name : "?", j->elapsed_us[i], j->failed[i]);
        if (j->failed[i]) s->st.plugin_failures++;
    }
    char topic[512];
    size_t topic_len = topic_for(topic, sizeof topic, "doc", j->source);
    zmq_msg_t m;
    zmq_msg_init_data(&m, j->packed, j->packed_len, free_packed, NULL); /* no copy */
    j->packed = NULL;
    if (zmq_send(s->pub, topic, topic_len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
        zmq_msg_send(&m, s->pub, ZMQ_DONTWAIT) < 0) {
        log_msg(LOG_WARN, "publish %s failed: %s", topic, zmq_strerror(zmq_errno()));
        zmq_msg_close(&m);
    }
    s->st.published++;
}

/* ------------------------------------------------------------------ */
/* Intake.                                                             */

static int can_accept(const server *s)
{
    /* the byte limit is checked before a document is read, so the last one
     * in may overshoot it by up to max_text_bytes */
    return !s->closing && s->inflight < s->cfg->max_inflight &&
           s->inflight_bytes < s->cfg->max_inflight_bytes;
}

/* Receive one whole multipart message without blocking.  Returns the
 * number of frames (0 when nothing was waiting); frames past MAX_FRAMES
 * are read and dropped, and *extra says so. */
static int recv_frames(void *sock, zmq_msg_t *frames, int *extra)
{
    int n = 0, more = 1;
    *extra = 0;
    while (more) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, sock, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&m);
            if (n == 0) return 0;
            break; /* cannot happen: frames of a message arrive together */
        }
        more = zmq_msg_more(&m);
        if (n < MAX_FRAMES) frames[n++] = m;
        else {
            *extra = 1;
            zmq_msg_close(&m);
        }
    }
    return n;
}

static void close_frames(zmq_msg_t *frames, int n)
{
    for (int i = 0; i < n; i++) zmq_msg_close(&frames[i]);
}

/* Decode and check a payload (doc_decode()).  Returns 0, the document and
 * its text's length (measured here once: the job carries it to the
 * pipeline and the encoder), or an error code with a message (and the
 * document when it decoded, for its id). */
static int decode_doc(server *s, const void *data, size_t len, Annot__V1__Document **out, size_t *text_len,
                      char *why, size_t whylen)
{
    return doc_decode(data, len, s->cfg->max_text_bytes, out, text_len, why, whylen);
}

/* Accept a valid document: number it and remember its id.  Returns 0 and
 * the job (for the caller to reply, then hand to the workers: a worker
 * takes the document apart), or ERROR_CODE_DUPLICATE_ID. */
static int accept_doc(server *s, Annot__V1__Document *d, size_t text_len, job **out, char *why, size_t whylen)
{
    if (!d->id || !*d->id) {
        char id[300];
        snprintf(id, sizeof id, "%s-%llu", s->cfg->instance, (unsigned long long)s->next_seq);
        if (d->id != protobuf_c_empty_string) free(d->id);
        d->id = xstrdup(id);
    }
    if (idset_add(s->ids, d->id) != 0) {
        snprintf(why, whylen, "document id '%s' is already in flight", d->id);
        return ANNOT__V1__ERROR_CODE__ERROR_CODE_DUPLICATE_ID;
    }
    job *j = xcalloc(1, sizeof *j);
    j->seq = s->next_seq++;
    j->received_ms = time_now_ms();
    j->doc = d;
    j->pipe = pipeline_retain(s->pipe);
    j->instance = s->cfg->instance; /* kept across reloads: see on_hup() */
    j->publish_text = s->cfg->publish_text;
    ring_fit(s);
    j->text_bytes = text_len;
    s->inflight++;
    s->inflight_bytes += j->text_bytes;
    s->st.accepted++;
    *out = j;
    return 0;
}

static void send_reply(server *s, zmq_msg_t *frames, int n_env, const Annot__V1__SubmitReply *r)
{
    size_t len = annot__v1__submit_reply__get_packed_size(r);
    uint8_t *data = xmalloc(len ? len : 1);
    annot__v1__submit_reply__pack(r, data);
    int ok = 1;
    for (int i = 0; i < n_env && ok; i++)
        ok = zmq_send(s->router, zmq_msg_data(&frames[i]), zmq_msg_size(&frames[i]),
                      ZMQ_SNDMORE | ZMQ_DONTWAIT) >= 0;
    if (ok) ok = zmq_send(s->router, data, len, ZMQ_DONTWAIT) >= 0;
    if (!ok)
        log_msg(LOG_WARN, "reply for '%s' not delivered: %s", r->doc_id, zmq_strerror(zmq_errno()));
    free(data);
}

static void handle_submit(server *s, zmq_msg_t *frames, int n, int extra)
{
    Annot__V1__SubmitReply r = ANNOT__V1__SUBMIT_REPLY__INIT;
    char why[512] = "";
    Annot__V1__Document *d = NULL;
    int code;
    /* envelope: identity, any empty delimiters, then one payload frame */
    int n_env = 1;
    while (n_env < n - 1 && zmq_msg_size(&frames[n_env]) == 0) n_env++;
    s->st.received++;
    if (n < 2 || extra || n_env != n - 1) {
        code = ANNOT__V1__ERROR_CODE__ERROR_CODE_BAD_ENVELOPE;
        snprintf(why, sizeof why, "expected one payload frame after the envelope, got %d frame%s",
                 extra ? MAX_FRAMES : n - n_env, n - n_env == 1 ? "" : "s");
        if (n < 2) n_env = n;
    } else if (s->draining) {
        code = ANNOT__V1__ERROR_CODE__ERROR_CODE_SHUTTING_DOWN;
        snprintf(why, sizeof why, "annotd is shutting down and accepts no new documents");
    } else {
        size_t text_len;
        code = decode_doc(s, zmq_msg_data(&frames[n - 1]), zmq_msg_size(&frames[n - 1]), &d, &text_len, why,
                          sizeof why);
        if (code == 0) {
            job *j;
            code = accept_doc(s, d, text_len, &j, why, sizeof why);
            if (code == 0) {
                r.accepted = 1;
                r.seq = j->seq;
                r.doc_id = d->id;
                send_reply(s, frames, n_env, &r);
                workers_submit(s->w, j); /* d now belongs to the job */
                return;
            }
        }
    }
    s->st.rejected++;
    s->rejected_by_code[code & 15]++;
    r.accepted = 0;
    r.code = (Annot__V1__ErrorCode)code;
    r.message = why;
    r.doc_id = (char *)utf8_or_empty(d ? d->id : NULL);
    log_msg(LOG_INFO, "rejected submission '%s': %s", r.doc_id, why);
    send_reply(s, frames, n_env, &r);
    doc_free(d);
}

static void handle_input(server *s, zmq_msg_t *frames, int n, int extra)
{
    char why[512] = "";
    Annot__V1__Document *d = NULL;
    int code;
    s->st.received++;
    if (n != 1 || extra) {
        code = ANNOT__V1__ERROR_CODE__ERROR_CODE_BAD_ENVELOPE;
        snprintf(why, sizeof why, "expected a message of one frame on the input socket, got %d", extra ? MAX_FRAMES : n);
    } else {
        size_t text_len;
        code = decode_doc(s, zmq_msg_data(&frames[0]), zmq_msg_size(&frames[0]), &d, &text_len, why, sizeof why);
        if (code == 0) {
            job *j;
            code = accept_doc(s, d, text_len, &j, why, sizeof why);
            if (code == 0) {
                workers_submit(s->w, j);
                return;
            }
        }
    }
    s->st.rejected++;
    s->rejected_by_code[code & 15]++;
    const char *id = utf8_or_empty(d ? d->id : NULL);
    log_msg(LOG_INFO, "rejected input '%s': %s", id, why);
    publish_error(s, code, why, id, utf8_or_empty(d ? d->source : NULL));
    doc_free(d);
}

/* Read while there is room; called after every event, as ZMQ_FD is
 * edge-triggered and a send can consume its signal. */
static void pump(server *s)
{
    zmq_msg_t frames[MAX_FRAMES];
    for (;;) {
        int did = 0, extra, n;
        if (s->closing) return;
        /* submit first: its clients wait for a reply; while draining it is
         * read to answer "shutting down" */
        if ((s->draining || can_accept(s)) && (n = recv_frames(s->router, frames, &extra)) > 0) {
            handle_submit(s, frames, n, extra);
            close_frames(frames, n);
            did = 1;
        }
        if (!s->draining && can_accept(s) && (n = recv_frames(s->pull, frames, &extra)) > 0) {
            handle_input(s, frames, n, extra);
            close_frames(frames, n);
            did = 1;
        }
        if (did) continue;
        /* ZMQ_FD only signals a change: asking ZMQ_EVENTS processes what
         * arrived since the last EAGAIN and re-arms the fd, but a message
         * that arrived in between is now only visible here.  Read on while
         * it says so, or the socket would never wake the loop again.  (At
         * the in-flight limit on_done() calls pump() once there is room.) */
        int ev_r = 0, ev_p = 0;
        size_t sz = sizeof ev_r;
        zmq_getsockopt(s->router, ZMQ_EVENTS, &ev_r, &sz);
        sz = sizeof ev_p;
        zmq_getsockopt(s->pull, ZMQ_EVENTS, &ev_p, &sz);
        int more = ((ev_r & ZMQ_POLLIN) && (s->draining || can_accept(s))) ||
                   ((ev_p & ZMQ_POLLIN) && !s->draining && can_accept(s));
        if (!more) break;
    }
}

/* ------------------------------------------------------------------ */
/* Completion, shutdown, reload.                                       */

static void on_closed(uv_handle_t *h) { (void)h; }

static void close_handle(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h)) uv_close(h, on_closed);
}

static void begin_close(server *s)
{
    if (s->closing) return;
    s->closing = 1;
    if (!s->handles_ready) { /* start-up failed part way: close what was opened */
        uv_walk(&s->loop, close_handle, NULL);
        return;
    }
    uv_poll_stop(&s->poll_pull);
    uv_poll_stop(&s->poll_router);
    uv_close((uv_handle_t *)&s->poll_pull, on_closed);
    uv_close((uv_handle_t *)&s->poll_router, on_closed);
    uv_close((uv_handle_t *)&s->done_async, on_closed);
    uv_close((uv_handle_t *)&s->sig_term, on_closed);
    uv_close((uv_handle_t *)&s->sig_int, on_closed);
    uv_close((uv_handle_t *)&s->sig_hup, on_closed);
    uv_timer_stop(&s->stats_timer);
    uv_close((uv_handle_t *)&s->stats_timer, on_closed);
    uv_timer_stop(&s->watchdog);
    uv_close((uv_handle_t *)&s->watchdog, on_closed);
    publish_stats(s); /* the final tally, flushed by linger */
}

static void on_done(uv_async_t *h)
{
    server *s = h->data;
    for (job *j = workers_take_done(s->w), *next; j; j = next) {
        next = j->next;
        j->next = NULL;
        s->ring[j->seq & (s->ring_cap - 1)] = j;
    }
    for (;;) {
        job **slot = &s->ring[s->next_pub & (s->ring_cap - 1)];
        job *j = *slot;
        if (!j || j->seq != s->next_pub) break;
        *slot = NULL;
        publish_doc(s, j);
        idset_remove(s->ids, j->id);
        s->inflight--;
        s->inflight_bytes -= j->text_bytes;
        s->next_pub++;
        job_free(j);
    }
    if (s->draining && s->inflight == 0) {
        log_msg(LOG_INFO, "drained: every accepted document is published");
        begin_close(s);
        return;
    }
    pump(s);
}

static void on_readable(uv_poll_t *h, int status, int events)
{
    (void)status;
    (void)events;
    pump(h->data);
}

static void on_stop_signal(uv_signal_t *h, int signum)
{
    server *s = h->data;
    if (!s->draining) {
        log_msg(LOG_INFO, "%s: draining %d document%s in flight, then exiting", strsignal(signum),
                s->inflight, s->inflight == 1 ? "" : "s");
        s->draining = 1;
    } else {
        log_msg(LOG_INFO, "%s: still draining (%d in flight)", strsignal(signum), s->inflight);
    }
    if (s->inflight == 0) begin_close(s);
    else pump(s);
}

static void on_hup(uv_signal_t *h, int signum)
{
    (void)signum;
    server *s = h->data;
    char err[1024];
    config *cfg = NULL;
    pipeline *p = NULL;
    s->st.reloads++;
    int rc = s->config_path ? config_load_file(&cfg, s->config_path, err, sizeof err)
                            : config_load_string(&cfg, NULL, "<defaults>", err, sizeof err);
    if (rc == 0 && pipeline_new(&p, cfg, err, sizeof err) != 0) rc = -1;
    if (rc) {
        s->st.reload_failures++;
        log_msg(LOG_ERROR, "reload failed, keeping the running pipeline: %s", err);
        config_free(&cfg);
        pump(s);
        return;
    }
    if (strcmp(cfg->input, s->cfg->input) || strcmp(cfg->submit, s->cfg->submit) ||
        strcmp(cfg->publish, s->cfg->publish) || cfg->workers != s->cfg->workers)
        log_msg(LOG_WARN, "reload: endpoints and workers change only on restart; keeping the running ones");
    /* keep what cannot change while running */
    char *keep[] = {cfg->input, cfg->submit, cfg->publish, cfg->instance};
    cfg->input = s->cfg->input;
    cfg->submit = s->cfg->submit;
    cfg->publish = s->cfg->publish;
    cfg->instance = s->cfg->instance;
    cfg->workers = s->cfg->workers;
    s->cfg->input = keep[0];
    s->cfg->submit = keep[1];
    s->cfg->publish = keep[2];
    s->cfg->instance = keep[3];
    config_free(&s->cfg);
    s->cfg = cfg;
    log_set_level((log_level)log_level_parse(cfg->log_level));
    uv_timer_stop(&s->stats_timer);
    if (cfg->stats_interval_ms > 0)
        uv_timer_start(&s->stats_timer, on_stats_timer, (uint64_t)cfg->stats_interval_ms,
                       (uint64_t)cfg->stats_interval_ms);
    pipeline_release(&s->pipe); /* documents in flight keep the old one alive */
    s->pipe = p;
    log_msg(LOG_INFO, "reloaded %s: %zu plugin%s", s->config_path ? s->config_path : "defaults",
            pipeline_plugin_count(p), pipeline_plugin_count(p) == 1 ? "" : "s");
    pump(s);
}

/* ------------------------------------------------------------------ */

static int open_socket(server *s, void **sock, int type, const char *endpoint, const char *what,
                       char *err, size_t errlen)
{
    *sock = zmq_socket(s->zctx, type);
    if (!*sock) {
        snprintf(err, errlen, "cannot create the %s socket: %s", what, zmq_strerror(zmq_errno()));
        return -1;
    }
    int linger = s->cfg->linger_ms;
    zmq_setsockopt(*sock, ZMQ_LINGER, &linger, sizeof linger);
    if (type == ZMQ_PUB) {
        int hwm = s->cfg->publish_hwm;
        zmq_setsockopt(*sock, ZMQ_SNDHWM, &hwm, sizeof hwm);
    } else {
        /* what waits unread in the daemon scales with what it may hold, not
         * with ZeroMQ's default of 1000 messages of any size */
        int hwm = s->cfg->max_inflight * 2 > 100 ? s->cfg->max_inflight * 2 : 100;
        zmq_setsockopt(*sock, ZMQ_RCVHWM, &hwm, sizeof hwm);
    }
    if (zmq_bind(*sock, endpoint) != 0) {
        snprintf(err, errlen, "cannot bind the %s endpoint '%s': %s", what, endpoint, zmq_strerror(zmq_errno()));
        return -1;
    }
    return 0;
}

static int poll_socket(server *s, void *sock, uv_poll_t *h)
{
    int fd;
    size_t sz = sizeof fd;
    if (zmq_getsockopt(sock, ZMQ_FD, &fd, &sz) != 0) return -1;
    if (uv_poll_init(&s->loop, h, fd) != 0) return -1;
    h->data = s;
    return uv_poll_start(h, UV_READABLE, on_readable);
}

/* The fewest free file descriptors annotd starts with: ZeroMQ's context
 * and I/O thread, three sockets, the loop, its wake-up and signal
 * descriptors (about 17 in all), then one per connected peer.  libzmq ends
 * the process (an assertion) when it cannot get a descriptor, so fewer
 * are refused here with a message instead. */
#define MIN_FREE_FILES 32

/* Descriptors open now (/proc/self/fd), or 0 when that cannot be read. */
static size_t open_files(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d) return 0;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.') n++;
    closedir(d);
    return n ? n - 1 : 0; /* (not the directory's own) */
}

/* 0 when at least MIN_FREE_FILES more descriptors can be opened; else -1
 * and a message in err. */
static int enough_files(char *err, size_t errlen)
{
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) != 0 || nofile.rlim_cur == RLIM_INFINITY) return 0;
    size_t open = open_files();
    if (nofile.rlim_cur >= open + MIN_FREE_FILES) return 0;
    snprintf(err, errlen,
             "too few file descriptors: the limit is %llu (ulimit -n) and %zu are open; annotd needs %d more free",
             (unsigned long long)nofile.rlim_cur, open, MIN_FREE_FILES);
    return -1;
}

/* uv's and the system's calls that set the server up: on failure, the
 * message names what could not be set up. */
static int setup_ok(int rc, const char *what, char *err, size_t errlen)
{
    if (rc == 0) return 1;
    snprintf(err, errlen, "cannot %s: %s", what, uv_strerror(rc));
    return 0;
}

/* Handle signal signum with cb on the loop; 0 and a message naming what
 * when it cannot. */
static int watch_signal(server *s, uv_signal_t *h, uv_signal_cb cb, int signum, const char *what, char *err,
                        size_t errlen)
{
    h->data = s;
    return setup_ok(uv_signal_init(&s->loop, h), what, err, errlen) &&
           setup_ok(uv_signal_start(h, cb, signum), what, err, errlen);
}

int server_new(server **out, config *cfg, pipeline *pipe, const char *config_path, char *err, size_t errlen)
{
    if (enough_files(err, errlen)) {
        pipeline_release(&pipe);
        config_free(&cfg);
        return -1;
    }
    server *s = xcalloc(1, sizeof *s);
    s->cfg = cfg;
    s->pipe = pipe;
    s->config_path = config_path ? xstrdup(config_path) : NULL;
    s->ids = idset_new();
    s->next_seq = s->next_pub = 1;
    s->ring_cap = pow2_at_least((size_t)cfg->max_inflight * 2);
    s->ring = xcalloc(s->ring_cap, sizeof *s->ring);
    if (!setup_ok(uv_loop_init(&s->loop), "start the event loop", err, errlen)) goto err;
    s->loop_ready = 1;
    s->zctx = zmq_ctx_new();
    if (!s->zctx) {
        snprintf(err, errlen, "cannot create the ZeroMQ context: %s", zmq_strerror(zmq_errno()));
        goto err;
    }
    /* bind publish last: once its endpoint exists, every socket is ready */
    if (open_socket(s, &s->pull, ZMQ_PULL, cfg->input, "input", err, errlen) ||
        open_socket(s, &s->router, ZMQ_ROUTER, cfg->submit, "submit", err, errlen))
        goto err;
    int mandatory = 1;
    zmq_setsockopt(s->router, ZMQ_ROUTER_MANDATORY, &mandatory, sizeof mandatory);
    if (open_socket(s, &s->pub, ZMQ_PUB, cfg->publish, "publish", err, errlen)) goto err;
    if (!setup_ok(uv_async_init(&s->loop, &s->done_async, on_done), "set up the workers' wake-up", err, errlen))
        goto err;
    s->done_async.data = s;
    if (workers_start(&s->w, cfg->workers, &s->done_async)) {
        snprintf(err, errlen, "cannot start %d worker threads", cfg->workers);
        goto err;
    }
    if (poll_socket(s, s->pull, &s->poll_pull) || poll_socket(s, s->router, &s->poll_router)) {
        snprintf(err, errlen, "cannot watch the ZeroMQ sockets");
        goto err;
    }
    /* without its handlers, SIGTERM would end the daemon without draining:
     * documents accepted and not yet published would be lost */
    if (!watch_signal(s, &s->sig_term, on_stop_signal, SIGTERM, "watch SIGTERM", err, errlen) ||
        !watch_signal(s, &s->sig_int, on_stop_signal, SIGINT, "watch SIGINT", err, errlen) ||
        !watch_signal(s, &s->sig_hup, on_hup, SIGHUP, "watch SIGHUP", err, errlen))
        goto err;
    uv_timer_init(&s->loop, &s->stats_timer); /* (a timer's init cannot fail) */
    s->stats_timer.data = s;
    if (cfg->stats_interval_ms > 0)
        uv_timer_start(&s->stats_timer, on_stats_timer, (uint64_t)cfg->stats_interval_ms,
                       (uint64_t)cfg->stats_interval_ms);
    uv_timer_init(&s->loop, &s->watchdog);
    s->watchdog.data = s;
    uv_timer_start(&s->watchdog, on_watchdog, 250, 250);
    s->started_ms = time_now_ms();
    s->handles_ready = 1;
    *out = s;
    return 0;
err:
    server_free(&s);
    return -1;
}

int server_run(server *s)
{
    log_msg(LOG_INFO, "annotd %s ready: input %s, submit %s, publish %s; %d worker%s, %zu plugin%s",
            s->cfg->instance, s->cfg->input, s->cfg->submit, s->cfg->publish, s->cfg->workers,
            s->cfg->workers == 1 ? "" : "s", pipeline_plugin_count(s->pipe),
            pipeline_plugin_count(s->pipe) == 1 ? "" : "s");
    pump(s); /* anything queued before the loop started */
    uv_run(&s->loop, UV_RUN_DEFAULT);
    log_msg(LOG_INFO,
            "stopped: %llu received, %llu accepted, %llu rejected, %llu published, %llu plugin failures",
            (unsigned long long)s->st.received, (unsigned long long)s->st.accepted,
            (unsigned long long)s->st.rejected, (unsigned long long)s->st.published,
            (unsigned long long)s->st.plugin_failures);
    return 0;
}

const server_stats *server_get_stats(const server *s) { return &s->st; }

void server_free(server **sp)
{
    server *s = *sp;
    if (!s) return;
    workers_stop(&s->w);
    if (s->loop_ready) {
        if (!s->closing) begin_close(s);
        uv_run(&s->loop, UV_RUN_DEFAULT); /* let the close callbacks run */
        uv_loop_close(&s->loop);
    }
    for (size_t i = 0; i < s->ring_cap; i++) job_free(s->ring[i]);
    free(s->ring);
    if (s->pull) zmq_close(s->pull);
    if (s->router) zmq_close(s->router);
    if (s->pub) zmq_close(s->pub);
    if (s->zctx) zmq_ctx_term(s->zctx);
    idset_free(&s->ids);
    for (size_t i = 0; i < s->n_pc; i++) free(s->pc[i].name);
    free(s->pc);
    pipeline_release(&s->pipe);
    config_free(&s->cfg);
    free(s->config_path);
    free(s);
    *sp = NULL;
}
