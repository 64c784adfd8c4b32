#include "host.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util.h"

/* Grow an array to hold one more element; returns 0 or ANNOT_ENOMEM. */
static __attribute__((noinline)) int grow_slow(void **arr, size_t *cap, size_t size)
{
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, nc * size);
    if (!p) return ANNOT_ENOMEM;
    *arr = p;
    *cap = nc;
    return 0;
}

static inline int grow(void **arr, size_t *cap, size_t n, size_t size)
{
    return n < *cap ? 0 : grow_slow(arr, cap, size);
}

/* ------------------------------------------------------------------ */
/* Host functions: instance context.                                   */

static void h_log(annot_ctx *ctx, annot_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg((log_level)(level > ANNOT_LOG_DEBUG ? ANNOT_LOG_DEBUG : level),
             ctx ? ctx->log_prefix : "plugin", fmt, ap);
    va_end(ap);
}

static const char *h_strerror(int code)
{
    switch (code) {
    case ANNOT_OK: return "success";
    case ANNOT_ENOMEM: return "out of memory";
    case ANNOT_EINVAL: return "invalid argument";
    case ANNOT_ERANGE: return "out of range";
    case ANNOT_ENOENT: return "no such option or file";
    case ANNOT_EFAIL: return "failure";
    default: return "unknown error";
    }
}

static const char *h_instance_name(annot_ctx *ctx) { return ctx->instance; }
static const char *h_data_dir(annot_ctx *ctx) { return ctx->data_dir; }

static host_option *find_opt(annot_ctx *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->n_opts; i++)
        if (!strcmp(ctx->opts[i].decl->name, name)) return &ctx->opts[i];
    return NULL;
}

static const char *h_opt_str(annot_ctx *ctx, const char *name)
{
    host_option *o = find_opt(ctx, name);
    return o ? o->value : NULL;
}

static long long h_opt_int(annot_ctx *ctx, const char *name)
{
    const char *v = h_opt_str(ctx, name);
    return v ? strtoll(v, NULL, 10) : 0;
}

static double h_opt_double(annot_ctx *ctx, const char *name)
{
    const char *v = h_opt_str(ctx, name);
    return v ? strtod(v, NULL) : 0.0;
}

static int bool_value(const char *v)
{
    if (!v) return 0;
    return !strcasecmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
           !strcasecmp(v, "on");
}

static int h_opt_bool(annot_ctx *ctx, const char *name) { return bool_value(h_opt_str(ctx, name)); }

static size_t h_opt_list_count(annot_ctx *ctx, const char *name)
{
    host_option *o = find_opt(ctx, name);
    return o ? o->n_items : 0;
}

static const char *h_opt_list_item(annot_ctx *ctx, const char *name, size_t i)
{
    host_option *o = find_opt(ctx, name);
    return o && i < o->n_items ? o->items[i] : NULL;
}

static int h_resolve_path(annot_ctx *ctx, const char *file, char *out, size_t len)
{
    int n;
    if (!file) return ANNOT_EINVAL;
    if (file[0] == '/' || !ctx->data_dir || !*ctx->data_dir) n = snprintf(out, len, "%s", file);
    else n = snprintf(out, len, "%s/%s", ctx->data_dir, file);
    return n < 0 || (size_t)n >= len ? ANNOT_ERANGE : 0;
}

/* ------------------------------------------------------------------ */
/* Host functions: the document.                                       */

static const char *h_text(const annot_doc *d, size_t *len)
{
    if (len) *len = d->len;
    return d->text;
}

static const char *h_text_lower(const annot_doc *d, size_t *len)
{
    if (len) *len = d->len;
    return d->layout.lower;
}

static const char *nonempty(const char *s) { return s && *s ? s : NULL; }

static const char *h_field(const annot_doc *d, const char *name)
{
    const Annot__V1__Document *in = d->in;
    if (!strcmp(name, "id")) return nonempty(in->id);
    if (!strcmp(name, "source")) return nonempty(in->source);
    if (!strcmp(name, "title")) return nonempty(in->title);
    if (!strcmp(name, "lang")) return nonempty(in->lang) ? in->lang : "en";
    return NULL;
}

static const char *h_meta(const annot_doc *d, const char *key)
{
    for (size_t i = 0; i < d->in->n_meta; i++)
        if (d->in->meta[i]->key && !strcmp(d->in->meta[i]->key, key)) return d->in->meta[i]->value;
    return NULL;
}

static const annot_sentence *h_sentences(const annot_doc *d, size_t *n)
{
    *n = d->layout.n_sentences;
    return d->layout.sentences;
}

static const annot_token *h_tokens(const annot_doc *d, size_t *n)
{
    *n = d->layout.n_tokens;
    return d->layout.tokens;
}

static const annot_actor *h_actors(const annot_doc *d, size_t *n)
{
    *n = d->n_actors;
    return d->actors;
}

static const annot_blame *h_blames(const annot_doc *d, size_t *n)
{
    *n = d->n_blames;
    return d->blames;
}

static const annot_proposal *h_proposals(const annot_doc *d, size_t *n)
{
    *n = d->n_proposals;
    return d->proposals;
}

static const annot_sentiment *h_sentiment(const annot_doc *d, long i)
{
    if (i < 0) return d->has_doc_sentiment ? &d->doc_sentiment : NULL;
    if ((size_t)i >= d->layout.n_sentences || !d->has_sent_sentiment || !d->has_sent_sentiment[i])
        return NULL;
    return &d->sent_sentiment[i];
}

/* A stated span must lie inside the text; (0,0) means "not stated". */
static int span_ok(const annot_doc *d, annot_span s)
{
    return s.start <= s.end && s.end <= d->len;
}

/* Index of the sentence holding byte offset `off`.  Plugins add mentions
 * mostly in text order, so the search walks forward a few sentences from
 * the previous answer before it falls back to a binary search. */
static uint32_t sentence_at(annot_doc *d, uint32_t off)
{
    const annot_sentence *s = d->layout.sentences;
    size_t n = d->layout.n_sentences, h = d->sent_hint, lo = 0, hi = n;
    if (!n) return 0;
    if (s[h].start <= off) {
        for (int k = 0; k < 8; k++, h++)
            if (h + 1 == n || off < s[h + 1].start) goto found;
        lo = h; /* s[h].start <= off still */
    } else {
        hi = h;
    }
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s[mid].start <= off) lo = mid;
        else hi = mid;
    }
    h = lo;
found:
    d->sent_hint = h;
    return (uint32_t)h;
}

#ifdef __SSE2__
/* Copy s into a new 16-byte piece of the arena when it is shorter than 16
 * bytes and the 16 bytes from s lie in one page; the copy, or NULL when
 * that does not hold (or memory is out: copy_str_in() then fails too).
 * The fast path of copy_str_in() for codes and names ("USA", "United
 * States"), two per actor: one load finds the NUL and is stored as it is,
 * ~12 instructions where strlen() and a copy by length took ~45.  The
 * bytes read past the NUL cannot fault (same page), are copied into the
 * piece's own slack and never read; ASan, which would see the read run
 * past a short string's allocation, is told to leave this function be. */
__attribute__((no_sanitize_address)) static inline const char *copy_short(annot_doc *d, const char *s)
{
    if (((uintptr_t)s & 4095) > 4096 - 16) return NULL;
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    if (!_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()))) return NULL;
    char *p = arena_alloc(&d->mem, 16); /* n + 1 <= 16 */
    if (p) _mm_store_si128((__m128i *)p, v); /* the arena aligns to 16 */
    return p;
}
#endif

/* A copy of s in the document's arena, or NULL when out of memory.  Inline
 * and without a call for the short strings of annotations (codes, names):
 * a copy per string passed is what the ABI promises, so it has to be
 * cheap. */
static inline __attribute__((always_inline)) const char *copy_str_in(annot_doc *d, const char *s)
{
#ifdef __SSE2__
    const char *q = copy_short(d, s);
    if (q) return q;
#endif
    size_t n = strlen(s);
    char *p = arena_alloc(&d->mem, n + 1);
    if (!p) return NULL;
    if (n >= 16) { /* copies the NUL too */
        memcpy(p, s, n + 1);
        return p;
    }
    /* up to 15 bytes: two overlapping loads and stores; the NUL after */
    if (n) copy_short_bytes(p, s, n);
    p[n] = 0;
    return p;
}

/* A string for an annotation: protobuf-c's "" for none (so the result can
 * use the host's strings as they are), s itself when it already lives
 * in the document's arena (an actor's code a plugin read back through
 * host->actors()), else a copy in the arena.  (Remembering copies by
 * content, to give a repeated code the same copy, was tried: the generated
 * 5 KB articles name ~45 actors ~1.3 times each, so a small table hit too
 * rarely to pay for its hashing.) */
static inline __attribute__((always_inline)) const char *copy_opt(annot_doc *d, const char *s, int *rc)
{
    if (!s || !*s) return protobuf_c_empty_string;
    if (arena_holds(&d->mem, s)) return s;
    const char *p = copy_str_in(d, s);
    if (!p) *rc = ANNOT_ENOMEM;
    return p ? p : protobuf_c_empty_string;
}

static int h_add_actor(annot_doc *d, const annot_actor *a)
{
    if (!a || !a->code || !*a->code || !span_ok(d, a->span) || a->span.end == a->span.start)
        return ANNOT_EINVAL;
    if (grow((void **)&d->actors, &d->cap_actors, d->n_actors, sizeof *d->actors)) return ANNOT_ENOMEM;
    int rc = 0;
    annot_actor *c = &d->actors[d->n_actors]; /* counted once complete */
    *c = *a;
    c->code = copy_opt(d, a->code, &rc);
    c->name = a->name ? copy_opt(d, a->name, &rc) : c->code; /* no name: the code's copy */
    c->sentence = sentence_at(d, a->span.start);
    if (rc) return rc;
    d->n_actors++;
    return 0;
}

static int h_add_blame(annot_doc *d, const annot_blame *b)
{
    if (!b || !b->blamed || !*b->blamed || !span_ok(d, b->issue) || !span_ok(d, b->cue) ||
        !span_ok(d, b->blamer_span) || !span_ok(d, b->blamed_span))
        return ANNOT_EINVAL;
    if (b->sentence >= d->layout.n_sentences) return ANNOT_ERANGE;
    if (grow((void **)&d->blames, &d->cap_blames, d->n_blames, sizeof *d->blames)) return ANNOT_ENOMEM;
    int rc = 0;
    annot_blame *c = &d->blames[d->n_blames]; /* counted once complete */
    *c = *b;
    c->blamer = copy_opt(d, b->blamer, &rc);
    c->blamed = copy_opt(d, b->blamed, &rc);
    if (rc) return rc;
    d->n_blames++;
    return 0;
}

static int h_add_proposal(annot_doc *d, const annot_proposal *p)
{
    if (!p || !span_ok(d, p->action) || !span_ok(d, p->cue) || !span_ok(d, p->proposer_span) ||
        !span_ok(d, p->addressee_span))
        return ANNOT_EINVAL;
    if (p->sentence >= d->layout.n_sentences) return ANNOT_ERANGE;
    if (grow((void **)&d->proposals, &d->cap_proposals, d->n_proposals, sizeof *d->proposals))
        return ANNOT_ENOMEM;
    int rc = 0;
    annot_proposal *c = &d->proposals[d->n_proposals]; /* counted once complete */
    *c = *p;
    c->proposer = copy_opt(d, p->proposer, &rc);
    c->addressee = copy_opt(d, p->addressee, &rc);
    if (rc) return rc;
    d->n_proposals++;
    return 0;
}

static int h_set_sentiment(annot_doc *d, long i, const annot_sentiment *s)
{
    if (!s || !isfinite(s->compound)) return ANNOT_EINVAL;
    if (i >= 0 && (size_t)i >= d->layout.n_sentences) return ANNOT_ERANGE;
    /* remember what this overwrites, for host_doc_rollback() */
    if (grow((void **)&d->sent_undo, &d->cap_sent_undo, d->n_sent_undo, sizeof *d->sent_undo))
        return ANNOT_ENOMEM;
    host_sent_undo *u = &d->sent_undo[d->n_sent_undo];
    u->sentence = i < 0 ? -1 : i;
    if (i < 0) {
        u->old = d->doc_sentiment;
        u->had = d->has_doc_sentiment;
        d->n_sent_undo++;
        d->doc_sentiment = *s;
        d->has_doc_sentiment = 1;
        return 0;
    }
    if (!d->sent_sentiment) { /* the first sentence sentiment of the document */
        size_t n = d->layout.n_sentences;
        if (d->cap_sent < n) {
            annot_sentiment *ss = realloc(d->sent_buf, n * sizeof *ss);
            if (ss) d->sent_buf = ss;
            uint8_t *has = realloc(d->has_buf, n);
            if (has) d->has_buf = has;
            if (!ss || !has) return ANNOT_ENOMEM;
            d->cap_sent = n;
        }
        memset(d->has_buf, 0, n); /* (a value without its flag is never read) */
        d->sent_sentiment = d->sent_buf;
        d->has_sent_sentiment = d->has_buf;
    }
    u->old = d->sent_sentiment[i];
    u->had = d->has_sent_sentiment[i];
    d->n_sent_undo++;
    d->sent_sentiment[i] = *s;
    d->has_sent_sentiment[i] = 1;
    return 0;
}

static int h_add_actor_tone(annot_doc *d, const char *code, const char *name, double tone,
                            uint32_t sentences)
{
    if (!code || !*code || !isfinite(tone)) return ANNOT_EINVAL;
    if (grow((void **)&d->tones, &d->cap_tones, d->n_tones, sizeof *d->tones)) return ANNOT_ENOMEM;
    int rc = 0;
    host_tone *t = &d->tones[d->n_tones]; /* counted once complete */
    t->code = copy_opt(d, code, &rc);
    t->name = name ? copy_opt(d, name, &rc) : t->code; /* no name: the code's copy */
    t->tone = tone;
    t->sentences = sentences;
    if (rc) return rc;
    d->n_tones++;
    return 0;
}

static int h_add_tag(annot_doc *d, const annot_tag *t)
{
    if (!t || !t->label || !*t->label || !span_ok(d, t->span) || (t->n_attrs && (!t->attr_keys || !t->attr_values)))
        return ANNOT_EINVAL;
    if (t->n_attrs > SIZE_MAX / (2 * sizeof(char *))) return ANNOT_EINVAL; /* their size would wrap round */
    if (grow((void **)&d->tags, &d->cap_tags, d->n_tags, sizeof *d->tags)) return ANNOT_ENOMEM;
    int rc = 0;
    host_tag h = {.tag = *t, .plugin = d->current_plugin ? d->current_plugin : ""};
    h.tag.label = copy_opt(d, t->label, &rc);
    if (t->n_attrs) {
        /* keys and values live in one arena-held array pair */
        const char **kv = malloc(2 * t->n_attrs * sizeof *kv);
        if (!kv) return ANNOT_ENOMEM;
        for (size_t i = 0; i < t->n_attrs; i++) {
            kv[i] = copy_opt(d, t->attr_keys[i], &rc);
            kv[t->n_attrs + i] = copy_opt(d, t->attr_values[i], &rc);
        }
        h.tag.attr_keys = kv;
        h.tag.attr_values = kv + t->n_attrs;
    } else {
        h.tag.attr_keys = h.tag.attr_values = NULL;
    }
    if (rc) {
        free((void *)h.tag.attr_keys);
        return rc;
    }
    d->tags[d->n_tags++] = h;
    return 0;
}

static const annot_host the_host = {
    .abi_major = ANNOT_ABI_MAJOR,
    .abi_minor = ANNOT_ABI_MINOR,
    .size = sizeof(annot_host),
    .log = h_log,
    .strerror = h_strerror,
    .instance_name = h_instance_name,
    .data_dir = h_data_dir,
    .opt_str = h_opt_str,
    .opt_int = h_opt_int,
    .opt_double = h_opt_double,
    .opt_bool = h_opt_bool,
    .opt_list_count = h_opt_list_count,
    .opt_list_item = h_opt_list_item,
    .resolve_path = h_resolve_path,
    .text = h_text,
    .text_lower = h_text_lower,
    .field = h_field,
    .meta = h_meta,
    .sentences = h_sentences,
    .tokens = h_tokens,
    .actors = h_actors,
    .blames = h_blames,
    .proposals = h_proposals,
    .sentiment = h_sentiment,
    .add_actor = h_add_actor,
    .add_blame = h_add_blame,
    .add_proposal = h_add_proposal,
    .set_sentiment = h_set_sentiment,
    .add_actor_tone = h_add_actor_tone,
    .add_tag = h_add_tag,
};

const annot_host *host_table(void) { return &the_host; }

/* ------------------------------------------------------------------ */
/* Instance contexts.                                                  */

/* Check a value against an option type; returns NULL or what is wrong. */
static const char *type_error(annot_option_type t, const char *v)
{
    char *end;
    switch (t) {
    case ANNOT_OPT_INT:
        errno = 0;
        (void)strtoll(v, &end, 10);
        return errno || end == v || *end ? "a whole number" : NULL;
    case ANNOT_OPT_DOUBLE:
        errno = 0;
        (void)strtod(v, &end);
        return errno || end == v || *end ? "a number" : NULL;
    case ANNOT_OPT_BOOL: {
        static const char *const ok[] = {"1", "0", "true", "false", "yes", "no", "on", "off", NULL};
        for (int i = 0; ok[i]; i++)
            if (!strcasecmp(v, ok[i])) return NULL;
        return "true or false";
    }
    default:
        return NULL;
    }
}

static void add_items(host_option *o, const char *v)
{
    char *copy = xstrdup(v), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *item = str_trim(t);
        if (!*item) continue;
        o->items = xrealloc(o->items, (o->n_items + 1) * sizeof *o->items);
        o->items[o->n_items++] = xstrdup(item);
    }
    free(copy);
}

static void join_items(host_option *o)
{
    buf b = {0};
    for (size_t i = 0; i < o->n_items; i++) {
        if (i) buf_puts(&b, ",");
        buf_puts(&b, o->items[i]);
    }
    free(o->value);
    o->value = b.data ? b.data : xstrdup("");
}

int host_ctx_new(annot_ctx **out, const char *cfg_file, const config_plugin *section,
                 const annot_plugin *desc, const char *data_dir, char *err, size_t errlen)
{
    annot_ctx *c = xcalloc(1, sizeof *c);
    c->instance = xstrdup(section->name);
    c->data_dir = xstrdup(data_dir ? data_dir : "");
    size_t n = strlen(section->name) + 16;
    c->log_prefix = xmalloc(n);
    snprintf(c->log_prefix, n, "plugin %s", section->name);
    size_t n_decl = 0;
    while (desc->options && desc->options[n_decl].name) n_decl++;
    c->opts = xcalloc(n_decl ? n_decl : 1, sizeof *c->opts);
    c->n_opts = n_decl;
    for (size_t i = 0; i < n_decl; i++) {
        host_option *o = &c->opts[i];
        o->decl = &desc->options[i];
        if (o->decl->def) {
            o->value = xstrdup(o->decl->def);
            if (o->decl->type == ANNOT_OPT_LIST) {
                add_items(o, o->decl->def);
                join_items(o); /* opt_str gives the items joined by "," */
            }
        }
    }
    /* A LIST option set in the file replaces its default; repeats append. */
    uint8_t *seen = xcalloc(n_decl ? n_decl : 1, 1);
    for (size_t j = 0; j < section->n_entries; j++) {
        const config_entry *e = &section->entries[j];
        host_option *o = NULL;
        for (size_t i = 0; i < n_decl; i++)
            if (!strcmp(c->opts[i].decl->name, e->key)) { o = &c->opts[i]; seen[i] = seen[i] ? seen[i] : 1; break; }
        if (!o) {
            buf names = {0};
            for (size_t i = 0; i < n_decl; i++) {
                buf_puts(&names, i ? ", " : "");
                buf_puts(&names, desc->options[i].name);
            }
            snprintf(err, errlen,
                     "%s:%d: unknown option '%s' in section [plugin.%s] (plugin '%s' takes: %s; "
                     "and the host's path, enabled, data_dir)",
                     cfg_file, e->line, e->key, section->name, desc->name,
                     names.data ? names.data : "no options");
            buf_free(&names);
            free(seen);
            host_ctx_free(&c);
            return -1;
        }
        const char *why = type_error(o->decl->type, e->value);
        if (why) {
            snprintf(err, errlen, "%s:%d: option '%s' in section [plugin.%s] must be %s, not '%s'",
                     cfg_file, e->line, e->key, section->name, why, e->value);
            free(seen);
            host_ctx_free(&c);
            return -1;
        }
        if (o->decl->type == ANNOT_OPT_LIST) {
            size_t idx = (size_t)(o - c->opts);
            if (seen[idx] == 1) { /* first time set: drop the default items */
                for (size_t k = 0; k < o->n_items; k++) free(o->items[k]);
                o->n_items = 0;
                seen[idx] = 2;
            }
            add_items(o, e->value);
            join_items(o);
        } else {
            free(o->value);
            o->value = xstrdup(e->value);
        }
    }
    free(seen);
    *out = c;
    return 0;
}

void host_ctx_free(annot_ctx **cp)
{
    annot_ctx *c = *cp;
    if (!c) return;
    for (size_t i = 0; i < c->n_opts; i++) {
        free(c->opts[i].value);
        for (size_t k = 0; k < c->opts[i].n_items; k++) free(c->opts[i].items[k]);
        free(c->opts[i].items);
    }
    free(c->opts);
    free(c->instance);
    free(c->data_dir);
    free(c->log_prefix);
    free(c);
    *cp = NULL;
}

/* ------------------------------------------------------------------ */
/* Documents.                                                          */

int host_doc_init(annot_doc *d, const Annot__V1__Document *in)
{
    return host_doc_init_len(d, in, in->text ? strlen(in->text) : 0);
}

int host_doc_init_len(annot_doc *d, const Annot__V1__Document *in, size_t text_len)
{
    /* start from zero, keeping the buffers (not their content) of the
     * document before */
    annot_doc old = *d;
    memset(d, 0, sizeof *d);
    d->layout = old.layout;
    d->actors = old.actors, d->cap_actors = old.cap_actors;
    d->blames = old.blames, d->cap_blames = old.cap_blames;
    d->proposals = old.proposals, d->cap_proposals = old.cap_proposals;
    d->tags = old.tags, d->cap_tags = old.cap_tags;
    d->tones = old.tones, d->cap_tones = old.cap_tones;
    d->sent_buf = old.sent_buf, d->has_buf = old.has_buf, d->cap_sent = old.cap_sent;
    d->sent_undo = old.sent_undo, d->cap_sent_undo = old.cap_sent_undo;

    d->in = in;
    d->text = in->text ? in->text : "";
    d->len = text_len;
    /* annotations and the result built from them take about six times the
     * text (news, all four built-in plugins): one block instead of a few */
    size_t hint = d->len < (size_t)1 << 17 ? 8 * d->len : (size_t)1 << 20;
    if (arena_reserve(&d->mem, hint)) return ANNOT_ENOMEM;
    return text_analyse(&d->layout, d->text, d->len);
}

void host_doc_end(annot_doc *d)
{
    for (size_t i = 0; i < d->n_tags; i++) free((void *)d->tags[i].tag.attr_keys);
    d->n_tags = 0;
    arena_free(&d->mem);
}

void host_doc_free(annot_doc *d)
{
    host_doc_end(d);
    text_layout_free(&d->layout);
    free(d->actors);
    free(d->blames);
    free(d->proposals);
    free(d->tags);
    free(d->tones);
    free(d->sent_buf);
    free(d->has_buf);
    free(d->sent_undo);
    memset(d, 0, sizeof *d);
}

host_mark host_doc_mark(const annot_doc *d)
{
    host_mark m = {d->n_actors, d->n_blames, d->n_proposals, d->n_tags, d->n_tones, d->n_sent_undo};
    return m;
}

void host_doc_rollback(annot_doc *d, host_mark m)
{
    for (size_t i = m.tags; i < d->n_tags; i++) free((void *)d->tags[i].tag.attr_keys);
    d->n_actors = m.actors;
    d->n_blames = m.blames;
    d->n_proposals = m.proposals;
    d->n_tags = m.tags;
    d->n_tones = m.tones;
    /* undo sentiments newest first, so each slot gets back its value at the mark */
    while (d->n_sent_undo > m.sent_undo) {
        const host_sent_undo *u = &d->sent_undo[--d->n_sent_undo];
        if (u->sentence < 0) {
            d->doc_sentiment = u->old;
            d->has_doc_sentiment = u->had;
        } else {
            d->sent_sentiment[u->sentence] = u->old;
            d->has_sent_sentiment[u->sentence] = (uint8_t)u->had;
        }
    }
}
