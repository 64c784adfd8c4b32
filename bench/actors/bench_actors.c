/*
 * bench_actors — speed and memory of the actors plugin's matcher.
 *
 * The plugin is compiled in and driven through a minimal host table of
 * this file's own (a tokenizer that follows plugin.h's token rules), so the
 * figure is the matcher alone, without the text core or protobuf.
 *
 *   bench_actors [--data DIR] [--runs N] [--mb M] [FILE...]
 *       measure: tokenize the text once, then run process() over it
 *       repeatedly; print MB/s (median of N runs) and the memory the
 *       loaded dictionaries take (heap bytes, from mallinfo2).
 *       Text: the FILEs, else /work/shared/corpus/ *.txt (ANNOT_BENCH_CORPUS),
 *       else a built-in news-like text.
 *   bench_actors --print [--data DIR] [--extra FILE] < text
 *       print the mentions found in stdin (one per line) — a debugging aid.
 *
 * A benchmark, not a test: it asserts nothing.
 */
#include <annot/plugin.h>

#include <ctype.h>
#include <dirent.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef ACTORS_DATA_DIR
#define ACTORS_DATA_DIR "plugins/actors/data"
#endif

const annot_plugin *annot_plugin_entry(const annot_host *host);

/* The bench host's document. */
struct annot_doc {
    const char *text;
    char *low;
    size_t len;
    annot_token *tok;
    size_t n_tok;
    annot_sentence *sent;
    size_t n_sent;
    annot_actor *act;      /* collected mentions (print mode) */
    char **strs;           /* copies of their strings */
    size_t n_act, cap_act;
    int keep;              /* 1: keep the mentions; 0: count them */
    size_t count;
};

/* The bench host's instance context. */
struct annot_ctx {
    const char *data_dir;
    const char *extra;     /* one extra file or NULL */
};

static void bh_log(annot_ctx *ctx, annot_log_level level, const char *fmt, ...)
{
    (void)ctx;
    if (level > ANNOT_LOG_WARN)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "actors: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static const char *bh_strerror(int code)
{
    return code == ANNOT_ENOMEM ? "out of memory" : "error";
}

static const char *bh_instance_name(annot_ctx *ctx) { (void)ctx; return "plugin.actors"; }
static const char *bh_data_dir(annot_ctx *ctx) { return ctx->data_dir; }

/* The plugin under test (its option table gives the defaults). */
static const annot_plugin *bh_plugin;

static const char *bh_opt_str(annot_ctx *ctx, const char *name)
{
    if (strcmp(name, "extra_files") == 0)
        return ctx->extra;
    for (const annot_option *o = bh_plugin->options; o && o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o->def;
    return NULL;
}

static long long bh_opt_int(annot_ctx *ctx, const char *name)
{
    const char *s = bh_opt_str(ctx, name);
    return s ? atoll(s) : 0;
}

static double bh_opt_double(annot_ctx *ctx, const char *name)
{
    const char *s = bh_opt_str(ctx, name);
    return s ? atof(s) : 0;
}

static int bh_opt_bool(annot_ctx *ctx, const char *name)
{
    const char *s = bh_opt_str(ctx, name);
    return s && (strcmp(s, "true") == 0 || strcmp(s, "1") == 0 || strcmp(s, "yes") == 0);
}

/* Items of a comma-separated option value; i-th copied to a static slot. */
static size_t bh_split(const char *s, size_t want, char *out, size_t outlen)
{
    size_t n = 0;
    while (s && *s) {
        const char *c = strchr(s, ',');
        size_t l = c ? (size_t)(c - s) : strlen(s);
        while (l && isspace((unsigned char)*s)) { s++; l--; }
        while (l && isspace((unsigned char)s[l - 1])) l--;
        if (l) {
            if (n == want && out) {
                snprintf(out, outlen, "%.*s", (int)l, s);
            }
            n++;
        }
        s = c ? c + 1 : NULL;
    }
    return n;
}

static size_t bh_opt_list_count(annot_ctx *ctx, const char *name)
{
    return bh_split(bh_opt_str(ctx, name), (size_t)-1, NULL, 0);
}

static const char *bh_opt_list_item(annot_ctx *ctx, const char *name, size_t i)
{
    static char item[8][1024];   /* single-threaded bench host only */
    static int slot;
    char *out = item[slot++ & 7];
    out[0] = '\0';
    bh_split(bh_opt_str(ctx, name), i, out, 1024);
    return out;
}

static int bh_resolve_path(annot_ctx *ctx, const char *file, char *buf, size_t len)
{
    int n = file[0] == '/' ? snprintf(buf, len, "%s", file) : snprintf(buf, len, "%s/%s", ctx->data_dir, file);
    return n < 0 || (size_t)n >= len ? ANNOT_ERANGE : 0;
}

static const char *bh_text(const annot_doc *d, size_t *len) { *len = d->len; return d->text; }
static const char *bh_text_lower(const annot_doc *d, size_t *len) { *len = d->len; return d->low; }
static const char *bh_field(const annot_doc *d, const char *name) { (void)d; (void)name; return NULL; }
static const annot_sentence *bh_sentences(const annot_doc *d, size_t *n) { *n = d->n_sent; return d->sent; }
static const annot_token *bh_tokens(const annot_doc *d, size_t *n) { *n = d->n_tok; return d->tok; }
static const annot_actor *bh_actors(const annot_doc *d, size_t *n) { *n = d->n_act; return d->act; }

static int bh_add_actor(annot_doc *d, const annot_actor *a)
{
    if (!a->code || !a->code[0] || a->span.end > d->len || a->span.start > a->span.end)
        return ANNOT_EINVAL;
    d->count++;
    if (!d->keep)
        return 0;
    if (d->n_act == d->cap_act) {
        size_t cap = d->cap_act ? d->cap_act * 2 : 64;
        annot_actor *na = realloc(d->act, cap * sizeof *na);
        char **ns = realloc(d->strs, cap * 2 * sizeof *ns);
        if (!na || !ns) {
            free(na ? na : NULL);
            return ANNOT_ENOMEM;
        }
        d->act = na;
        d->strs = ns;
        d->cap_act = cap;
    }
    annot_actor *c = &d->act[d->n_act];
    *c = *a;
    d->strs[2 * d->n_act] = strdup(a->code);
    d->strs[2 * d->n_act + 1] = strdup(a->name ? a->name : "");
    c->code = d->strs[2 * d->n_act];
    c->name = d->strs[2 * d->n_act + 1];
    d->n_act++;
    return 0;
}

static int bh_add_nothing(annot_doc *d, const void *x) { (void)d; (void)x; return 0; }

/* True for a byte that can be part of a word. */
static int bh_wordbyte(const unsigned char *s, size_t i, size_t n)
{
    unsigned char c = s[i];
    if (isalnum(c))
        return 1;
    if (c < 0x80)
        return 0;
    if (c == 0xE2 && i + 1 < n && (s[i + 1] == 0x80 || s[i + 1] == 0x81))
        return 0;
    if (c < 0xC0 && i >= 1 && s[i - 1] == 0xE2)
        return 0;
    if (c < 0xC0 && i >= 2 && s[i - 2] == 0xE2 && (s[i - 1] == 0x80 || s[i - 1] == 0x81))
        return 0;
    return 1;
}

/* Tokenize d->text following plugin.h's rules (approximately: the real
 * text core lives in lib/).  Returns 0 or -1 when out of memory. */
static int bh_tokenize(annot_doc *d)
{
    const unsigned char *s = (const unsigned char *)d->text;
    size_t n = d->len, cap = n / 2 + 16, scap = n / 20 + 16;
    d->tok = malloc(cap * sizeof *d->tok);
    d->sent = malloc(scap * sizeof *d->sent);
    d->low = malloc(n + 1);
    if (!d->tok || !d->sent || !d->low)
        return -1;
    for (size_t i = 0; i < n; i++)
        d->low[i] = (char)tolower(s[i]);
    d->low[n] = '\0';
    size_t i = 0, nt = 0, ns = 0;
    int sent_start = 1, space = 1, nl = 0;
    uint32_t sentence = 0;
    while (i < n) {
        if (isspace(s[i])) {
            if (s[i] == '\n') {
                nl = 1;
                sent_start = 1;
            }
            space = 1;
            i++;
            continue;
        }
        size_t st = i;
        uint32_t flags = 0;
        if (bh_wordbyte(s, i, n)) {
            size_t j = i;
            int dots = 0;
            while (j + 1 < n && isalpha(s[j]) && s[j + 1] == '.') {
                j += 2;
                dots++;
            }
            if (dots >= 2 && (j >= n || !bh_wordbyte(s, j, n))) {
                i = j;
                flags |= ANNOT_TOK_ABBREV;
            } else {
                while (i < n) {
                    if (bh_wordbyte(s, i, n)) { i++; continue; }
                    size_t a = s[i] == '\'' ? 1 : (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99) ? 3 : 0;
                    if (a && i + a < n && bh_wordbyte(s, i + a, n)) {
                        if ((s[i + a] == 's' || s[i + a] == 'S') && (i + a + 1 >= n || !bh_wordbyte(s, i + a + 1, n)))
                            break;
                        i += a;
                        continue;
                    }
                    break;
                }
            }
            flags |= isdigit(s[st]) ? ANNOT_TOK_NUMBER : ANNOT_TOK_WORD;
            if (isupper(s[st]))
                flags |= ANNOT_TOK_CAP;
            int letters = 0, up = 0;
            for (size_t k = st; k < i; k++)
                if (isalpha(s[k])) { letters++; up += isupper(s[k]) != 0; }
            if (letters && up == letters)
                flags |= ANNOT_TOK_UPPER;
        } else {
            size_t a = s[i] == '\'' ? 1 : (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99) ? 3 : 0;
            if (a && !space && i + a < n && (s[i + a] == 's' || s[i + a] == 'S') &&
                (i + a + 1 >= n || !bh_wordbyte(s, i + a + 1, n))) {
                i += a + 1;
                flags |= ANNOT_TOK_POSSESSIVE | ANNOT_TOK_PUNCT;
            } else {
                i++;
                while (i < n && (s[i] & 0xC0) == 0x80)
                    i++;
                flags |= ANNOT_TOK_PUNCT;
            }
        }
        if (space)
            flags |= ANNOT_TOK_SPACE_BEFORE;
        if (nl)
            flags |= ANNOT_TOK_NEWLINE_BEFORE;
        if (sent_start) {
            if (nt) {
                d->sent[ns - 1].n_tokens = (uint32_t)(nt - d->sent[ns - 1].first_token);
                d->sent[ns - 1].end = d->tok[nt - 1].end;
                sentence++;
            }
            if (ns == scap) {
                scap *= 2;
                annot_sentence *ss = realloc(d->sent, scap * sizeof *ss);
                if (!ss)
                    return -1;
                d->sent = ss;
            }
            d->sent[ns++] = (annot_sentence){ .start = (uint32_t)st, .first_token = (uint32_t)nt };
            flags |= ANNOT_TOK_SENT_START;
        }
        if (nt == cap) {
            cap *= 2;
            annot_token *t = realloc(d->tok, cap * sizeof *t);
            if (!t)
                return -1;
            d->tok = t;
        }
        d->tok[nt++] = (annot_token){ (uint32_t)st, (uint32_t)i, sentence, flags };
        sent_start = 0;
        space = nl = 0;
        if (i - st == 1 && (s[st] == '.' || s[st] == '!' || s[st] == '?')) {
            size_t k = i;
            while (k < n && (s[k] == '"' || s[k] == '\'' || s[k] == ')'))
                k++;
            if (k < n && isspace(s[k]))
                sent_start = 1;
        }
    }
    if (ns) {
        d->sent[ns - 1].n_tokens = (uint32_t)(nt - d->sent[ns - 1].first_token);
        d->sent[ns - 1].end = nt ? d->tok[nt - 1].end : d->sent[ns - 1].start;
    }
    d->n_tok = nt;
    d->n_sent = ns;
    return 0;
}

/* Free a document's buffers and kept mentions. */
static void bh_doc_free(annot_doc *d)
{
    for (size_t i = 0; i < 2 * d->n_act; i++)
        free(d->strs[i]);
    free(d->strs);
    free(d->act);
    free(d->tok);
    free(d->sent);
    free(d->low);
}

/* Read a whole stream; returns a NUL-terminated buffer or NULL. */
static char *bh_slurp(FILE *fp, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n - 1, fp)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) { free(b); return NULL; }
            b = nb;
        }
    }
    if (b)
        b[n] = '\0';
    *len = n;
    return b;
}

static const char bh_builtin[] =
    "Chinese President Xi Jinping met US Secretary of State Antony Blinken in Beijing on Monday, "
    "as the two countries tried to steady relations strained by trade and technology disputes. "
    "The Chinese Foreign Ministry said Washington should stop interfering in Hong Kong and Taiwan. "
    "American intelligence agencies have accused Russian hackers of attacking the networks of NATO "
    "members, and the US Department of Justice charged five Chinese military officers last year. "
    "Moscow denied the claims, and the Kremlin said the accusations were baseless. "
    "In London, Downing Street said the UK would work with the European Union and the G7 on new rules. "
    "Officials in Tokyo and Seoul welcomed the talks, while North Korea fired another missile. "
    "The United Nations Security Council will meet next week, diplomats said, and the World Bank "
    "cut its growth forecast for the region. Huawei and ZTE said they complied with local laws. "
    "Analysts at the Brookings Institution said that the dispute could last for years, and that "
    "both sides had little room to compromise before the elections. Prices of soybeans fell.\n\n";

static double bh_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this thread: the figure per core, whatever else runs. */
static double bh_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bh_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Fill the host table. */
static void bh_host_init(annot_host *h)
{
    memset(h, 0, sizeof *h);
    h->abi_major = ANNOT_ABI_MAJOR;
    h->abi_minor = ANNOT_ABI_MINOR;
    h->size = sizeof *h;
    h->log = bh_log;
    h->strerror = bh_strerror;
    h->instance_name = bh_instance_name;
    h->data_dir = bh_data_dir;
    h->opt_str = bh_opt_str;
    h->opt_int = bh_opt_int;
    h->opt_double = bh_opt_double;
    h->opt_bool = bh_opt_bool;
    h->opt_list_count = bh_opt_list_count;
    h->opt_list_item = bh_opt_list_item;
    h->resolve_path = bh_resolve_path;
    h->text = bh_text;
    h->text_lower = bh_text_lower;
    h->field = bh_field;
    h->sentences = bh_sentences;
    h->tokens = bh_tokens;
    h->actors = bh_actors;
    h->add_actor = bh_add_actor;
    h->add_blame = (int (*)(annot_doc *, const annot_blame *))bh_add_nothing;
    h->add_proposal = (int (*)(annot_doc *, const annot_proposal *))bh_add_nothing;
}

int main(int argc, char **argv)
{
    annot_host host;
    annot_ctx ctx = { .data_dir = ACTORS_DATA_DIR, .extra = NULL };
    int print = 0, runs = 9;
    double mb = 64;
    const char *files[64];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--print") == 0)
            print = 1;
        else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
            ctx.data_dir = argv[++i];
        else if (strcmp(argv[i], "--extra") == 0 && i + 1 < argc)
            ctx.extra = argv[++i];
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc)
            mb = atof(argv[++i]);
        else if (nfiles < 64)
            files[nfiles++] = argv[i];
    }
    if (runs < 1)
        runs = 1;
    bh_host_init(&host);
    bh_plugin = annot_plugin_entry(&host);
    if (!bh_plugin) {
        fprintf(stderr, "plugin refused the host\n");
        return 1;
    }
    char err[512] = "";
    void *state = NULL;
    struct mallinfo2 m0 = mallinfo2();
    double t0 = bh_now();
    if (bh_plugin->init(&host, &ctx, &state, err, sizeof err)) {
        fprintf(stderr, "init: %s\n", err);
        return 1;
    }
    double t_init = bh_now() - t0;
    struct mallinfo2 m1 = mallinfo2();

    if (print) {
        annot_doc d = { .keep = 1 };
        char *text = bh_slurp(stdin, &d.len);
        d.text = text;
        if (!text || bh_tokenize(&d)) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
        if (bh_plugin->process(state, &d, err, sizeof err))
            fprintf(stderr, "process: %s\n", err);
        for (size_t i = 0; i < d.n_act; i++)
            printf("%u\t%u\t%-12s %-12s %-28s %.*s\n", d.act[i].span.start, d.act[i].span.end,
                   d.act[i].code,
                   d.act[i].kind == 1 ? "COUNTRY" : d.act[i].kind == 2 ? "ORGANIZATION" : d.act[i].kind == 3 ? "PERSON" : "GROUP",
                   d.act[i].name, (int)(d.act[i].span.end - d.act[i].span.start), text + d.act[i].span.start);
        bh_doc_free(&d);
        free(text);
        bh_plugin->destroy(state);
        return 0;
    }

    /* gather the text */
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    const char *corpus = getenv("ANNOT_BENCH_CORPUS");
    if (!corpus)
        corpus = "/work/shared/corpus";
    char paths[64][1024];
    int npaths = 0;
    for (int i = 0; i < nfiles; i++)
        snprintf(paths[npaths++], sizeof paths[0], "%s", files[i]);
    if (!npaths) {
        DIR *dir = opendir(corpus);
        struct dirent *e;
        while (dir && (e = readdir(dir)) && npaths < 64) {
            size_t l = strlen(e->d_name);
            if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0)
                snprintf(paths[npaths++], sizeof paths[0], "%s/%s", corpus, e->d_name);
        }
        if (dir)
            closedir(dir);
    }
    const char *source = npaths ? "corpus files" : "built-in text";
    for (int i = 0; i < npaths; i++) {
        FILE *fp = fopen(paths[i], "rb");
        if (!fp)
            continue;
        size_t l;
        char *b = bh_slurp(fp, &l);
        fclose(fp);
        if (!b)
            continue;
        while (len + l + 3 > cap) {
            char *nt = realloc(text, cap *= 2);
            if (!nt) { free(b); free(text); return 1; }
            text = nt;
        }
        memcpy(text + len, b, l);
        len += l;
        memcpy(text + len, "\n\n", 2);
        len += 2;
        free(b);
    }
    if (!len) {
        size_t l = sizeof bh_builtin - 1;
        while (len + l + 1 < 4u << 20) {
            if (len + l + 1 > cap) {
                char *nt = realloc(text, cap *= 2);
                if (!nt) { free(text); return 1; }
                text = nt;
            }
            memcpy(text + len, bh_builtin, l);
            len += l;
        }
    }
    text[len] = '\0';
    /* repeat small inputs so each run sees about 4 MB in one document */
    size_t unit = len;
    while (len < (4u << 20)) {
        size_t add = unit;
        if (len + add + 1 > cap) {
            char *nt = realloc(text, cap = (len + add + 1) * 2);
            if (!nt) { free(text); return 1; }
            text = nt;
        }
        memcpy(text + len, text, add);
        len += add;
        text[len] = '\0';
    }
    /* split into documents of news-article size (~6 KB, at paragraph
     * breaks), each tokenized once before timing */
    size_t n_docs = 0, cap_docs = len / 2048 + 4, n_tok = 0;
    annot_doc *docs = calloc(cap_docs, sizeof *docs);
    if (!docs)
        return 1;
    for (size_t off = 0; off < len && n_docs < cap_docs;) {
        size_t end = off + 6000 < len ? off + 6000 : len;
        const char *pp = end < len ? strstr(text + end, "\n\n") : NULL;
        end = pp ? (size_t)(pp - text) + 2 : len;
        annot_doc *d = &docs[n_docs++];
        d->text = text + off;
        d->len = end - off;
        char *copy = malloc(d->len + 1);
        if (!copy)
            return 1;
        memcpy(copy, d->text, d->len);
        copy[d->len] = '\0';
        d->text = copy;
        if (bh_tokenize(d)) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
        n_tok += d->n_tok;
        off = end;
    }
    int reps = (int)(mb * 1048576.0 / (double)len + 0.5);
    if (reps < 1)
        reps = 1;
    double *rate = calloc((size_t)runs, sizeof *rate);
    double *wall = calloc((size_t)runs, sizeof *wall);
    size_t mentions = 0;
    for (int r = 0; r < runs; r++) {
        double t = bh_cpu(), tw = bh_now();
        mentions = 0;
        for (int k = 0; k < reps; k++) {
            for (size_t i = 0; i < n_docs; i++) {
                docs[i].count = 0;
                if (bh_plugin->process(state, &docs[i], err, sizeof err)) {
                    fprintf(stderr, "process: %s\n", err);
                    return 1;
                }
                mentions += docs[i].count;
            }
        }
        double dt = bh_cpu() - t, dw = bh_now() - tw;
        rate[r] = (double)len * reps / 1048576.0 / dt;
        wall[r] = (double)len * reps / 1048576.0 / dw;
    }
    qsort(rate, (size_t)runs, sizeof *rate, bh_cmp);
    qsort(wall, (size_t)runs, sizeof *wall, bh_cmp);
    printf("actors matcher: %s, %zu documents of ~6 KB, %.1f MB per run, %zu tokens and %zu mentions per %.1f MB pass\n",
           source, n_docs, (double)len * reps / 1048576.0, n_tok, mentions / (size_t)reps, (double)len / 1048576.0);
    printf("speed: median %.1f MB/s of thread CPU time over %d runs (min %.1f, max %.1f), single thread\n",
           rate[runs / 2], runs, rate[0], rate[runs - 1]);
    printf("       median %.1f MB/s of wall time (lower when other processes share the cores)\n",
           wall[runs / 2]);
    printf("dictionaries: %.2f MB of heap after init (%.0f ms to load)\n",
           (double)(m1.uordblks + m1.hblkhd - m0.uordblks - m0.hblkhd) / 1048576.0, t_init * 1000);
    for (size_t i = 0; i < n_docs; i++) {
        free((char *)docs[i].text);
        bh_doc_free(&docs[i]);
    }
    free(docs);
    free(rate);
    free(wall);
    free(text);
    bh_plugin->destroy(state);
    return 0;
}
