/*
 * annotbench — the ZeroMQ load driver of bench/run.
 *
 *   annotbench load --input EP --publish EP DIR
 *           [--submit EP --window W]     DEALER with W unanswered at most
 *                                        (default: PUSH to --input)
 *           [--rate R]                   open-loop R documents/s (default:
 *                                        as fast as back-pressure allows)
 *           [--duration S] [--warmup S] [--producers N]
 *           [--pid PID]                  report PID's CPU use in the window
 *           [--outstanding N]            max mode: at most N sent and not
 *                                        yet received (default: 64 MB of
 *                                        text, 16..1000 documents)
 *           [--drain S]                  after stopping, wait for what is due
 *                                        until S s pass without a receipt (3)
 *       Documents sent in the window and never received count as an
 *       infinite latency ("inf" when they reach a percentile).
 *       Send the articles of DIR (every *.txt, round robin) as annot.v1
 *       Documents, receive what is published on the SUB side, and print one
 *       line of key=value figures: documents/s and MB/s received in the
 *       measured window (after the warm-up), latency from send to receipt
 *       (p50/p99/max of the documents sent in the window), documents lost,
 *       error events, and the mean PluginStatus.elapsed_us per plugin.
 *
 *   annotbench forward --input EP --publish EP
 *       The limit of the transport: a trivial forwarder (PULL -> PUB with
 *       the topic "doc.bench") that republishes the same bytes untouched,
 *       until SIGTERM.
 *
 * Only libzmq: a Document is three fields, encoded by hand, and the
 * published messages are read with a small protobuf wire scanner (doc_id,
 * text_bytes, elapsed_us, plugins[]), so the driver costs the CPU it shares
 * with the daemon as little as it can.  MB means 10^6 bytes of article
 * text.  A benchmark, not a test: it asserts nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#define AB_MAX_PLUGINS 16
#define AB_MAX_PRODUCERS 8
#define AB_PROBE_ID ((uint64_t)1 << 62)

typedef struct ab_article {
    uint8_t *tail;   /* encoded fields 2 (source) and 4 (text) */
    size_t tail_len;
    size_t text_len;
} ab_article;

typedef struct ab_plugin_sum {
    char name[32];
    uint64_t us;     /* sum of elapsed_us */
    uint64_t docs;
    uint64_t errors; /* PluginStatus.error not empty */
} ab_plugin_sum;

typedef struct ab_run {
    /* options */
    const char *input, *submit, *publish, *dir;
    int window;          /* > 0: DEALER to submit */
    double rate;         /* > 0: open loop */
    double duration, warmup;
    int producers;
    int pid;             /* > 0: report this process's CPU use in the window */
    uint64_t max_outstanding; /* max mode: sent but not yet received, at most */
    double drain_s;      /* after stopping, give up after this long without a receipt */
    /* articles */
    ab_article *art;
    size_t n_art;
    /* state shared by the threads */
    void *zctx;
    atomic_int stop;         /* producers stop sending */
    atomic_int sub_stop;     /* subscriber stops */
    atomic_int sub_ready;    /* subscriber has seen a message */
    atomic_int probing;      /* producer 0 sends probes until sub_ready */
    atomic_uint_fast64_t next_id;
    atomic_uint_fast64_t sent;
    atomic_uint_fast64_t received, recv_bytes, errors, rejected;
    uint64_t seq_min, seq_max, seq_n; /* subscriber thread only; read after it joins */
    uint64_t ts_cap;
    _Atomic uint64_t *sent_ns; /* by id: when it was sent */
    uint64_t *lat_ns;          /* by id: receipt - send; 0 when not received */
    /* subscriber's own sums (read after it is joined) */
    ab_plugin_sum plug[AB_MAX_PLUGINS];
    size_t n_plug;
    uint64_t doc_us, doc_us_n;
} ab_run;

/* Monotonic clock in nanoseconds. */
static uint64_t ab_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Sleep until the monotonic time t (ns). */
static void ab_sleep_until(uint64_t t)
{
    struct timespec ts = {(time_t)(t / 1000000000u), (long)(t % 1000000000u)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}

static void ab_sleep_s(double s) { ab_sleep_until(ab_now_ns() + (uint64_t)(s * 1e9)); }

/* CPU seconds (user + system) used so far by process pid; -1 if unknown. */
static double ab_cpu_s(int pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* Is process pid still running (not gone, not a zombie)?  1 when unknown. */
static int ab_alive(int pid)
{
    if (pid <= 0) return 1;
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    return !(p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X'));
}

/* Append a varint; returns the bytes written (<= 10). */
static size_t ab_put_varint(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

/* Read a varint from [*p, end); returns 0, or -1 when truncated. */
static int ab_get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        uint8_t b = *(*p)++;
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

/* Read a whole file; returns 0 and a NUL-terminated buffer, or -1. */
static int ab_read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, n = 0, r;
    char *b = malloc(cap);
    if (!b) goto err;
    while ((r = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n < 2) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) goto err;
            b = nb;
        }
    }
    b[n] = 0;
    fclose(f);
    *out = b;
    *len = n;
    return 0;
err:
    free(b);
    fclose(f);
    return -1;
}

static int ab_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Load every DIR/ *.txt (sorted) as an encoded article.  Returns 0 or -1. */
static int ab_load_articles(ab_run *r)
{
    DIR *d = opendir(r->dir);
    if (!d) {
        fprintf(stderr, "annotbench: cannot open %s: %s\n", r->dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt")) continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (!n) {
        fprintf(stderr, "annotbench: no *.txt in %s\n", r->dir);
        return -1;
    }
    qsort(names, n, sizeof *names, ab_cmp_str);
    r->art = calloc(n, sizeof *r->art);
    for (size_t i = 0; i < n; i++) {
        char path[4096], *text;
        size_t len;
        snprintf(path, sizeof path, "%s/%s", r->dir, names[i]);
        if (ab_read_file(path, &text, &len)) {
            fprintf(stderr, "annotbench: cannot read %s\n", path);
            return -1;
        }
        static const char source[] = "bench";
        uint8_t *t = malloc(len + 32);
        size_t k = 0;
        t[k++] = 0x12; /* field 2, length-delimited: source */
        k += ab_put_varint(t + k, sizeof source - 1);
        memcpy(t + k, source, sizeof source - 1);
        k += sizeof source - 1;
        t[k++] = 0x22; /* field 4: text */
        k += ab_put_varint(t + k, len);
        memcpy(t + k, text, len);
        k += len;
        r->art[r->n_art++] = (ab_article){t, k, len};
        free(text);
        free(names[i]);
    }
    free(names);
    return 0;
}

/* Build the message of document `id` from article a. */
static void ab_build(zmq_msg_t *m, const ab_article *a, uint64_t id)
{
    char ids[24];
    int il = snprintf(ids, sizeof ids, "%llu", (unsigned long long)id);
    zmq_msg_init_size(m, a->tail_len + (size_t)il + 2);
    uint8_t *p = zmq_msg_data(m);
    p[0] = 0x0a; /* field 1: id */
    p[1] = (uint8_t)il;
    memcpy(p + 2, ids, (size_t)il);
    memcpy(p + 2 + il, a->tail, a->tail_len);
}

/* Read every waiting reply on a DEALER; returns how many. */
static int ab_take_replies(ab_run *r, void *s)
{
    int n = 0;
    zmq_msg_t m;
    zmq_msg_init(&m);
    while (zmq_msg_recv(&m, s, ZMQ_DONTWAIT) >= 0) {
        if (zmq_msg_more(&m)) continue; /* empty delimiter, if any */
        /* SubmitReply: field 2 accepted (varint) absent or 0 = rejected */
        const uint8_t *p = zmq_msg_data(&m), *end = p + zmq_msg_size(&m);
        int accepted = 0;
        while (p < end) {
            uint64_t key, v;
            if (ab_get_varint(&p, end, &key)) break;
            if ((key & 7) == 0) {
                if (ab_get_varint(&p, end, &v)) break;
                if ((key >> 3) == 2) accepted = v != 0;
            } else if ((key & 7) == 2) {
                if (ab_get_varint(&p, end, &v) || v > (uint64_t)(end - p)) break;
                p += v;
            } else break;
        }
        if (!accepted) atomic_fetch_add(&r->rejected, 1);
        n++;
    }
    zmq_msg_close(&m);
    return n;
}

typedef struct ab_producer {
    ab_run *r;
    int index;
    pthread_t th;
} ab_producer;

/* One producer: PUSH (or DEALER with a window) until r->stop. */
static void *ab_producer_main(void *arg)
{
    ab_producer *pr = arg;
    ab_run *r = pr->r;
    int dealer = r->window > 0;
    void *s = zmq_socket(r->zctx, dealer ? ZMQ_DEALER : ZMQ_PUSH);
    size_t avg = 0;
    for (size_t i = 0; i < r->n_art; i++) avg += r->art[i].tail_len;
    avg /= r->n_art;
    /* keep at most ~8 MB queued on our side */
    int hwm = (int)(8000000 / (avg + 1));
    if (hwm < 4) hwm = 4;
    if (hwm > 1000) hwm = 1000;
    /* linger: what is queued when we stop still goes out (and is counted) */
    int timeo = 100, linger = 30000;
    zmq_setsockopt(s, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(s, ZMQ_SNDTIMEO, &timeo, sizeof timeo);
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    zmq_connect(s, dealer ? r->submit : r->input);
    int outstanding = 0;
    uint64_t interval = r->rate > 0 ? (uint64_t)(1e9 * r->producers / r->rate) : 0;
    uint64_t next = ab_now_ns() + (uint64_t)pr->index * (interval / (uint64_t)r->producers + 1);
    size_t k = (size_t)pr->index;

    /* probe until the subscriber is connected (slow joiner) */
    uint64_t probe = AB_PROBE_ID; /* ids unique: a slow first probe is still in flight */
    while (pr->index == 0 && atomic_load(&r->probing)) {
        zmq_msg_t m;
        ab_build(&m, &r->art[0], probe++);
        if (zmq_msg_send(&m, s, 0) < 0) zmq_msg_close(&m);
        else if (dealer) {
            zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
            zmq_poll(&it, 1, 50);
            ab_take_replies(r, s);
        }
        for (int i = 0; i < 10 && !atomic_load(&r->sub_ready); i++) ab_sleep_s(0.005);
        if (atomic_load(&r->sub_ready)) atomic_store(&r->probing, 0);
    }
    while (atomic_load(&r->probing)) ab_sleep_s(0.002);
    if (r->rate > 0) next = ab_now_ns() + (uint64_t)pr->index * (interval / (uint64_t)r->producers + 1);

    while (!atomic_load(&r->stop)) {
        if (dealer && outstanding > 0) outstanding -= ab_take_replies(r, s);
        if (interval) {
            uint64_t now = ab_now_ns();
            if (now < next) {
                if (dealer && outstanding > 0) {
                    zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
                    long ms = (long)((next - now) / 1000000u);
                    if (ms > 0) {
                        zmq_poll(&it, 1, ms);
                        continue;
                    }
                }
                ab_sleep_until(next);
                continue;
            }
        }
        /* closed loop in max mode: enough queued to keep the daemon busy,
         * not so much that stopping takes long to drain */
        if (!interval && !dealer &&
            atomic_load(&r->sent) - atomic_load(&r->received) >= r->max_outstanding) {
            ab_sleep_s(0.001); /* the daemon has tens of ms of work queued */
            continue;
        }
        if (dealer && outstanding >= r->window) {
            zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
            zmq_poll(&it, 1, 100);
            continue;
        }
        const ab_article *a = &r->art[k % r->n_art];
        k += (size_t)r->producers;
        uint64_t id = atomic_fetch_add(&r->next_id, 1);
        zmq_msg_t m;
        ab_build(&m, a, id);
        for (;;) {
            if (id < r->ts_cap) atomic_store_explicit(&r->sent_ns[id], ab_now_ns(), memory_order_relaxed);
            if (zmq_msg_send(&m, s, 0) >= 0) break;
            if (zmq_errno() != EAGAIN || atomic_load(&r->stop)) {
                zmq_msg_close(&m);
                if (id < r->ts_cap) atomic_store(&r->sent_ns[id], 0);
                goto out;
            }
        }
        atomic_fetch_add(&r->sent, 1);
        if (dealer) outstanding++;
        next += interval;
    }
out:
    /* wait for the replies still due (a DEALER's peer sends them anyway) */
    for (int i = 0; dealer && outstanding > 0 && i < 50; i++) {
        zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
        zmq_poll(&it, 1, 100);
        outstanding -= ab_take_replies(r, s);
    }
    /* Keep the socket until the drain is over: closing it while the
     * daemon's receive queue is full lost the tail of what was queued here
     * (seen as "sent, never came back" while the daemon's own counters
     * showed it never received them). */
    while (!atomic_load(&r->sub_stop)) ab_sleep_s(0.005);
    zmq_close(s);
    return NULL;
}

/* Index of the plugin named [name, name+len) in the sums, added if new. */
static ab_plugin_sum *ab_plugin(ab_run *r, const uint8_t *name, size_t len)
{
    if (len >= sizeof r->plug[0].name) len = sizeof r->plug[0].name - 1;
    for (size_t i = 0; i < r->n_plug; i++)
        if (strlen(r->plug[i].name) == len && !memcmp(r->plug[i].name, name, len)) return &r->plug[i];
    if (r->n_plug == AB_MAX_PLUGINS) return NULL;
    ab_plugin_sum *p = &r->plug[r->n_plug++];
    memcpy(p->name, name, len);
    p->name[len] = 0;
    return p;
}

/* Scan a PluginStatus. */
static void ab_scan_plugin(ab_run *r, const uint8_t *p, const uint8_t *end)
{
    const uint8_t *name = NULL;
    size_t name_len = 0;
    uint64_t us = 0;
    int failed = 0;
    while (p < end) {
        uint64_t key, v;
        if (ab_get_varint(&p, end, &key)) return;
        unsigned field = (unsigned)(key >> 3), wt = (unsigned)(key & 7);
        if (wt == 0) {
            if (ab_get_varint(&p, end, &v)) return;
            if (field == 3) us = v;
        } else if (wt == 2) {
            if (ab_get_varint(&p, end, &v) || v > (uint64_t)(end - p)) return;
            if (field == 1) name = p, name_len = (size_t)v;
            if (field == 4 && v) failed = 1;
            p += v;
        } else return;
    }
    ab_plugin_sum *s = name ? ab_plugin(r, name, name_len) : NULL;
    if (!s) return;
    s->us += us;
    s->docs++;
    s->errors += (uint64_t)failed;
}

/* Scan a published AnnotatedDocument (or a forwarded Document): its id,
 * text size, elapsed_us and plugin statuses. */
static void ab_scan_doc(ab_run *r, const uint8_t *p, const uint8_t *end, uint64_t *id, uint64_t *bytes,
                        uint64_t *seq)
{
    *id = UINT64_MAX;
    *seq = 0;
    *bytes = 0;
    uint64_t text_len = 0, text_bytes = 0;
    while (p < end) {
        uint64_t key, v;
        if (ab_get_varint(&p, end, &key)) break;
        unsigned field = (unsigned)(key >> 3), wt = (unsigned)(key & 7);
        if (wt == 0) {
            if (ab_get_varint(&p, end, &v)) break;
            if (field == 18) text_bytes = v;
            if (field == 4) *seq = v; /* AnnotatedDocument.seq */
            if (field == 20) {
                r->doc_us += v;
                r->doc_us_n++;
            }
        } else if (wt == 2) {
            if (ab_get_varint(&p, end, &v) || v > (uint64_t)(end - p)) break;
            if (field == 1) {
                uint64_t x = 0;
                for (uint64_t i = 0; i < v && i < 20; i++) x = x * 10 + (uint64_t)(p[i] - '0');
                *id = x;
            } else if (field == 4 || field == 17) {
                text_len = v; /* Document.text / AnnotatedDocument.text */
            } else if (field == 12) {
                ab_scan_plugin(r, p, p + v);
            }
            p += v;
        } else if (wt == 1) {
            p += 8;
        } else if (wt == 5) {
            p += 4;
        } else break;
    }
    *bytes = text_bytes ? text_bytes : text_len;
}

/* The subscriber: count, time and scan every published message. */
static void *ab_subscriber_main(void *arg)
{
    ab_run *r = arg;
    void *s = zmq_socket(r->zctx, ZMQ_SUB);
    int hwm = 0, timeo = 50, linger = 0;
    zmq_setsockopt(s, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeo, sizeof timeo);
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(s, ZMQ_SUBSCRIBE, "doc.", 4);
    zmq_setsockopt(s, ZMQ_SUBSCRIBE, "error.", 6);
    zmq_connect(s, r->publish);
    zmq_msg_t topic, body;
    zmq_msg_init(&topic);
    zmq_msg_init(&body);
    /* In max mode (no --rate) the subscriber takes what is waiting and
     * then sleeps 0.5 ms instead of blocking in zmq_msg_recv: blocking wakes
     * it for every message or two, and those wake-ups cost the two CPUs the
     * daemon shares with this driver more than the reading does.  Latency
     * matters only at a set rate, where it blocks. */
    int batch = r->rate <= 0;
    while (!atomic_load(&r->sub_stop)) {
        if (zmq_msg_recv(&topic, s, batch ? ZMQ_DONTWAIT : 0) < 0) {
            if (batch && zmq_errno() == EAGAIN) ab_sleep_s(0.0005);
            continue;
        }
        if (!zmq_msg_more(&topic)) continue;
        if (zmq_msg_recv(&body, s, 0) < 0) continue;
        uint64_t now = ab_now_ns();
        atomic_store(&r->sub_ready, 1);
        if (zmq_msg_size(&topic) >= 6 && !memcmp(zmq_msg_data(&topic), "error.", 6)) {
            atomic_fetch_add(&r->errors, 1);
            continue;
        }
        const uint8_t *p = zmq_msg_data(&body);
        uint64_t id, bytes, seq;
        ab_scan_doc(r, p, p + zmq_msg_size(&body), &id, &bytes, &seq);
        if (seq) { /* every published document, probes included: gaps mean the PUB dropped */
            if (!r->seq_n || seq < r->seq_min) r->seq_min = seq;
            if (seq > r->seq_max) r->seq_max = seq;
            r->seq_n++;
        }
        if (id >= AB_PROBE_ID) continue;
        if (id < r->ts_cap) {
            uint64_t t = atomic_load_explicit(&r->sent_ns[id], memory_order_relaxed);
            if (t && now > t) r->lat_ns[id] = now - t;
        }
        atomic_fetch_add_explicit(&r->recv_bytes, bytes, memory_order_relaxed);
        atomic_fetch_add_explicit(&r->received, 1, memory_order_release);
    }
    zmq_msg_close(&topic);
    zmq_msg_close(&body);
    zmq_close(s);
    return NULL;
}

static int ab_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Run one load: returns 0 and prints the figures, or -1. */
static int ab_load(ab_run *r)
{
    if (ab_load_articles(r)) return -1;
    if (r->producers < 1) r->producers = 1;
    if (r->producers > AB_MAX_PRODUCERS) r->producers = AB_MAX_PRODUCERS;
    if (!r->max_outstanding) {
        size_t avg = 0;
        for (size_t i = 0; i < r->n_art; i++) avg += r->art[i].text_len;
        avg = avg / r->n_art + 1;
        r->max_outstanding = 64000000 / avg;
        if (r->max_outstanding > 1000) r->max_outstanding = 1000;
        if (r->max_outstanding < 16) r->max_outstanding = 16;
    }
    /* room for every id we may send: generous for the fastest transport */
    double est = r->rate > 0 ? r->rate * 1.5 : 400000.0;
    r->ts_cap = (uint64_t)(est * (r->duration + r->warmup + 2.0)) + 1000;
    r->sent_ns = calloc(r->ts_cap, sizeof *r->sent_ns);
    r->lat_ns = calloc(r->ts_cap, sizeof *r->lat_ns);
    if (!r->sent_ns || !r->lat_ns) return -1;
    prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0); /* 1 us: an honest open-loop schedule */
    r->zctx = zmq_ctx_new();
    atomic_store(&r->probing, 1);
    pthread_t sub;
    pthread_create(&sub, NULL, ab_subscriber_main, r);
    ab_producer pr[AB_MAX_PRODUCERS];
    for (int i = 0; i < r->producers; i++) {
        pr[i] = (ab_producer){r, i, 0};
        pthread_create(&pr[i].th, NULL, ab_producer_main, &pr[i]);
    }
    /* wait for the probe to come round (at most 10 s) */
    for (int i = 0; i < 2000 && atomic_load(&r->probing) && ab_alive(r->pid); i++) ab_sleep_s(0.005);
    int connected = !atomic_load(&r->probing);
    atomic_store(&r->probing, 0);
    if (!connected)
        fprintf(stderr, "annotbench: %s\n", ab_alive(r->pid) ? "nothing came back within 10 s" : "the daemon died");

    uint64_t t_start = ab_now_ns();
    ab_sleep_s(r->warmup);
    uint64_t t0 = ab_now_ns();
    uint64_t id0 = atomic_load(&r->next_id);
    uint64_t c0 = atomic_load(&r->received), b0 = atomic_load(&r->recv_bytes);
    double cpu0 = r->pid > 0 ? ab_cpu_s(r->pid) : -1, self0 = ab_cpu_s(getpid());
    ab_sleep_s(r->duration);
    uint64_t t1 = ab_now_ns();
    double cpu1 = r->pid > 0 ? ab_cpu_s(r->pid) : -1, self1 = ab_cpu_s(getpid());
    uint64_t id1 = atomic_load(&r->next_id);
    uint64_t c1 = atomic_load(&r->received), b1 = atomic_load(&r->recv_bytes);
    atomic_store(&r->stop, 1);
    /* drain: until everything sent came back, or drain_s without progress
     * (the producers keep their sockets open until sub_stop) */
    uint64_t last = atomic_load(&r->received), last_t = ab_now_ns();
    while (atomic_load(&r->received) < atomic_load(&r->sent)) {
        ab_sleep_s(0.01);
        uint64_t now = ab_now_ns(), c = atomic_load(&r->received);
        if (c != last) last = c, last_t = now;
        else if (now - last_t > (uint64_t)(r->drain_s * 1e9) || !ab_alive(r->pid)) break;
    }
    atomic_store(&r->sub_stop, 1);
    for (int i = 0; i < r->producers; i++) pthread_join(pr[i].th, NULL);
    pthread_join(sub, NULL);

    double secs = (double)(t1 - t0) / 1e9;
    double docs = (double)(c1 - c0), mb = (double)(b1 - b0) / 1e6;
    /* latency of the documents sent inside the window */
    if (id1 > r->ts_cap) id1 = r->ts_cap;
    uint64_t *lat = malloc((id1 - id0 + 1) * sizeof *lat);
    size_t nl = 0;
    size_t missing = 0;
    for (uint64_t i = id0; i < id1; i++) {
        if (r->lat_ns[i]) lat[nl++] = r->lat_ns[i];
        else if (atomic_load(&r->sent_ns[i])) {
            lat[nl++] = UINT64_MAX; /* sent and never received: an infinite latency */
            missing++;
        }
    }
    qsort(lat, nl, sizeof *lat, ab_cmp_u64);
#define AB_LAT_US(x) ((x) == UINT64_MAX ? 1.0 / 0.0 : (double)(x) / 1e3)
    double p50 = nl ? AB_LAT_US(lat[nl / 2]) : 0, p99 = nl ? AB_LAT_US(lat[(nl * 99) / 100]) : 0,
           lmax = nl ? AB_LAT_US(lat[nl - 1]) : 0;
    uint64_t sent = atomic_load(&r->sent), recv = atomic_load(&r->received);
    if (!ab_alive(r->pid)) printf("died=1 ");
    printf("docs=%.0f secs=%.3f docs_per_s=%.1f mb_per_s=%.2f sent=%llu received=%llu lost=%lld "
           "errors=%llu rejected=%llu lat_n=%zu lat_missing=%zu lat_p50_us=%.1f lat_p99_us=%.1f lat_max_us=%.1f "
           "wall_s=%.2f seq_gaps=%lld",
           docs, secs, docs / secs, mb / secs, (unsigned long long)sent, (unsigned long long)recv,
           (long long)(sent - recv), (unsigned long long)atomic_load(&r->errors),
           (unsigned long long)atomic_load(&r->rejected), nl, missing, p50, p99, lmax,
           (double)(ab_now_ns() - t_start) / 1e9,
           r->seq_n ? (long long)(r->seq_max - r->seq_min + 1 - r->seq_n) : 0LL);
    uint64_t bytes = atomic_load(&r->recv_bytes);
    if (cpu0 >= 0 && cpu1 >= 0) printf(" cpu_pct=%.0f", 100.0 * (cpu1 - cpu0) / secs);
    if (self0 >= 0 && self1 >= 0) printf(" driver_cpu_pct=%.0f", 100.0 * (self1 - self0) / secs);
    if (r->doc_us_n) printf(" doc_us=%.1f", (double)r->doc_us / (double)r->doc_us_n);
    if (bytes) printf(" avg_bytes=%.0f", (double)bytes / (double)(recv ? recv : 1));
    for (size_t i = 0; i < r->n_plug; i++) {
        ab_plugin_sum *p = &r->plug[i];
        printf(" plugin.%s.us=%.2f plugin.%s.errors=%llu", p->name,
               (double)p->us / (double)(p->docs ? p->docs : 1), p->name, (unsigned long long)p->errors);
    }
    putchar('\n');
    free(lat);
    fflush(stdout);
    /* when documents are missing, queued ones may never go out: terminating
     * the context would wait for the producers' linger; exiting does not */
    if (sent == recv) zmq_ctx_term(r->zctx);
    return connected ? 0 : -1;
}

static volatile sig_atomic_t ab_stop_flag;
static void ab_on_term(int sig)
{
    (void)sig;
    ab_stop_flag = 1;
}

/* The trivial forwarder: PULL -> PUB, topic "doc.bench", until SIGTERM. */
static int ab_forward(const char *input, const char *publish)
{
    struct sigaction sa = {0};
    sa.sa_handler = ab_on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    void *ctx = zmq_ctx_new();
    void *in = zmq_socket(ctx, ZMQ_PULL), *out = zmq_socket(ctx, ZMQ_PUB);
    int hwm = 100000, linger = 0;
    zmq_setsockopt(out, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(in, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(out, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_bind(in, input) || zmq_bind(out, publish)) {
        fprintf(stderr, "annotbench forward: bind: %s\n", zmq_strerror(zmq_errno()));
        return 1;
    }
    zmq_msg_t m;
    zmq_msg_init(&m);
    while (!ab_stop_flag) {
        if (zmq_msg_recv(&m, in, 0) < 0) continue;
        zmq_send(out, "doc.bench", 9, ZMQ_SNDMORE);
        zmq_msg_send(&m, out, 0);
    }
    zmq_msg_close(&m);
    zmq_close(in);
    zmq_close(out);
    zmq_ctx_term(ctx);
    return 0;
}

static void ab_usage(FILE *f)
{
    fputs("usage: annotbench load --input EP --publish EP [--submit EP --window W]\n"
          "                       [--rate R] [--duration S] [--warmup S] [--producers N]\n"
          "                       [--pid PID] [--outstanding N] [--drain S] DIR\n"
          "       annotbench forward --input EP --publish EP\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        ab_usage(stderr);
        return 2;
    }
    ab_run *r = calloc(1, sizeof *r);
    r->duration = 2.0;
    r->warmup = 0.5;
    r->drain_s = 3.0;
    r->producers = 1;
    static const struct option opts[] = {
        {"input", required_argument, 0, 'i'},     {"publish", required_argument, 0, 'p'},
        {"submit", required_argument, 0, 's'},    {"window", required_argument, 0, 'w'},
        {"rate", required_argument, 0, 'r'},      {"duration", required_argument, 0, 'd'},
        {"warmup", required_argument, 0, 'W'},    {"producers", required_argument, 0, 'n'},
        {"pid", required_argument, 0, 'P'},       {"outstanding", required_argument, 0, 'o'},
        {"drain", required_argument, 0, 'D'},
        {"help", no_argument, 0, 'h'},            {0, 0, 0, 0}};
    const char *cmd = argv[1];
    optind = 2;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': r->input = optarg; break;
        case 'p': r->publish = optarg; break;
        case 's': r->submit = optarg; break;
        case 'w': r->window = atoi(optarg); break;
        case 'r': r->rate = atof(optarg); break;
        case 'd': r->duration = atof(optarg); break;
        case 'W': r->warmup = atof(optarg); break;
        case 'n': r->producers = atoi(optarg); break;
        case 'P': r->pid = atoi(optarg); break;
        case 'D': r->drain_s = atof(optarg); break;
        case 'o': r->max_outstanding = (uint64_t)atoll(optarg); break;
        case 'h': ab_usage(stdout); return 0;
        default: ab_usage(stderr); return 2;
        }
    }
    if (!strcmp(cmd, "forward")) {
        if (!r->input || !r->publish) {
            ab_usage(stderr);
            return 2;
        }
        return ab_forward(r->input, r->publish);
    }
    if (strcmp(cmd, "load") || optind != argc - 1 || !r->publish || !(r->input || r->submit) ||
        (r->window > 0 && !r->submit)) {
        ab_usage(stderr);
        return 2;
    }
    r->dir = argv[optind];
    return ab_load(r) ? 1 : 0;
}
