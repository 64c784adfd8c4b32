#include "pipeline.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host.h"
#include "util.h"

#ifndef ANNOT_PLUGINDIR
#define ANNOT_PLUGINDIR "/usr/local/lib/annot/plugins"
#endif
#ifndef ANNOT_DATADIR
#define ANNOT_DATADIR "/usr/local/share/annot"
#endif
#ifndef ANNOT_LIBDIR_REL
#define ANNOT_LIBDIR_REL "lib"
#endif
#ifndef ANNOT_DATADIR_REL
#define ANNOT_DATADIR_REL "share"
#endif

typedef struct instance {
    char *name;                /* instance (section) name */
    char *so_path;
    void *dl;
    const annot_plugin *desc;
    annot_ctx *ctx;
    void *state;
    int initialised;
} instance;

/* Documents' state kept for reuse (see doc_take()): one per worker that
 * runs documents at once, up to this many. */
#define PIPE_DOCS 16
/* A document whose text is longer keeps no buffers afterwards, so a rare
 * long text does not hold its layout's memory for the life of the
 * pipeline. */
#define PIPE_KEEP_TEXT ((size_t)64 << 10)

struct pipeline {
    atomic_int refs;
    instance *inst;            /* in run order */
    size_t n;
    _Atomic(annot_doc *) docs[PIPE_DOCS]; /* idle annot_docs, NULL slots free */
};

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Directory of the running executable, or "" when unknown. */
static void exe_dir(char *out, size_t len)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    out[0] = 0;
    if (n <= 0) return;
    path[n] = 0;
    char *slash = strrchr(path, '/');
    if (!slash) return;
    *slash = 0;
    str_copy(out, path, len);
}

/* Try dir/name.so and dir/name/name.so. */
static int try_dir(const char *dir, const char *name, char *out, size_t len)
{
    int n = snprintf(out, len, "%s/%s.so", dir, name);
    if (n > 0 && (size_t)n < len && is_file(out)) return 1;
    n = snprintf(out, len, "%s/%s/%s.so", dir, name, name);
    return n > 0 && (size_t)n < len && is_file(out); /* a cut path is no path */
}

/* Find a plugin's shared object.  Returns 1 and the path, or 0 with the
 * places looked at in `looked`. */
static int find_plugin(const config *cfg, const config_plugin *sec, char *out, size_t len, buf *looked)
{
    const char *name = sec->name;
    if (sec->path) {
        str_copy(out, sec->path, len);
        if (is_file(out)) return 1;
        buf_puts(looked, sec->path);
        return 0;
    }
    if (cfg->plugin_dir) {
        if (try_dir(cfg->plugin_dir, name, out, len)) return 1;
        buf_printf(looked, "%s, ", cfg->plugin_dir);
    }
    const char *env = getenv("ANNOT_PLUGIN_PATH");
    if (env && *env) {
        char *copy = xstrdup(env), *save = NULL;
        for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
            if (try_dir(d, name, out, len)) { free(copy); return 1; }
            buf_printf(looked, "%s, ", d);
        }
        free(copy);
    }
    char dir[PATH_MAX], cand[PATH_MAX + 16];
    exe_dir(dir, sizeof dir);
    if (*dir) {
        /* the build tree: build/daemon/annotd finds build/plugins/NAME/NAME.so */
        snprintf(cand, sizeof cand, "%s/../plugins", dir);
        if (try_dir(cand, name, out, len)) return 1;
        buf_printf(looked, "%s, ", cand);
    }
    if (*dir) {
        /* an installed tree moved elsewhere (or a DESTDIR staging root):
         * PREFIX/bin/annotd finds PREFIX/LIBDIR/annot/plugins */
        snprintf(cand, sizeof cand, "%s/../%s/annot/plugins", dir, ANNOT_LIBDIR_REL);
        if (try_dir(cand, name, out, len)) return 1;
    }
    if (try_dir(ANNOT_PLUGINDIR, name, out, len)) return 1;
    buf_puts(looked, ANNOT_PLUGINDIR);
    return 0;
}

/* Where a plugin's shipped data lives: data_dir key, else a `data` folder
 * beside the .so (build tree), else the installed share folder. */
static char *find_data_dir(const config_plugin *sec, const char *so_path, const char *plugin_name)
{
    if (sec->data_dir) return xstrdup(sec->data_dir);
    char dir[PATH_MAX];
    str_copy(dir, so_path, sizeof dir);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    else str_copy(dir, ".", sizeof dir);
    char cand[PATH_MAX + 32];
    snprintf(cand, sizeof cand, "%s/data", dir);
    if (is_dir(cand)) {
        char *real = realpath(cand, NULL);
        return real ? real : xstrdup(cand);
    }
    /* installed: PREFIX/LIBDIR/annot/plugins/NAME.so has its data in
     * PREFIX/share/annot/plugins/NAME, wherever PREFIX now is */
    const char *suffix = "/" ANNOT_LIBDIR_REL "/annot/plugins";
    size_t dl = strlen(dir), sl = strlen(suffix);
    if (dl > sl && !strcmp(dir + dl - sl, suffix)) {
        dir[dl - sl] = 0;
        snprintf(cand, sizeof cand, "%s/%s/annot/plugins/%s", dir, ANNOT_DATADIR_REL, plugin_name);
        if (is_dir(cand)) return xstrdup(cand);
    }
    snprintf(cand, sizeof cand, "%s/plugins/%s", ANNOT_DATADIR, plugin_name);
    return xstrdup(cand);
}

static void instance_free(instance *in)
{
    if (in->initialised && in->desc->destroy) in->desc->destroy(in->state);
    host_ctx_free(&in->ctx);
    if (in->dl) dlclose(in->dl);
    free(in->name);
    free(in->so_path);
    memset(in, 0, sizeof *in);
}

static void pipeline_free(pipeline *p)
{
    for (size_t i = 0; i < PIPE_DOCS; i++) {
        annot_doc *d = atomic_load(&p->docs[i]);
        if (d) host_doc_free(d);
        free(d);
    }
    /* destroy in reverse run order: dependants before what they read */
    for (size_t i = p->n; i-- > 0;) instance_free(&p->inst[i]);
    free(p->inst);
    free(p);
}

/* Load one plugin's shared object and check its descriptor. */
static int load_one(const config *cfg, const config_plugin *sec, instance *in, char *err, size_t errlen)
{
    char path[PATH_MAX];
    buf looked = {0};
    in->name = xstrdup(sec->name);
    if (!find_plugin(cfg, sec, path, sizeof path, &looked)) {
        if (sec->path)
            snprintf(err, errlen, "plugin '%s': no such file %s%s%s", sec->name, sec->path,
                     sec->line ? " (" : "", sec->line ? "set in the config)" : "");
        else
            snprintf(err, errlen, "plugin '%s': %s.so not found (looked in %s)", sec->name, sec->name,
                     looked.data ? looked.data : "nowhere");
        buf_free(&looked);
        return -1;
    }
    buf_free(&looked);
    char *real = realpath(path, NULL);
    in->so_path = real ? real : xstrdup(path);
    in->dl = dlopen(in->so_path, RTLD_NOW | RTLD_LOCAL);
    if (!in->dl) {
        snprintf(err, errlen, "plugin '%s': cannot load %s: %s", sec->name, in->so_path, dlerror());
        return -1;
    }
    annot_plugin_entry_fn entry;
    *(void **)&entry = dlsym(in->dl, ANNOT_PLUGIN_ENTRY_SYMBOL);
    if (!entry) {
        snprintf(err, errlen, "plugin '%s': %s exports no %s() (is it an annotd plugin?)", sec->name,
                 in->so_path, ANNOT_PLUGIN_ENTRY_SYMBOL);
        return -1;
    }
    const annot_plugin *d = entry(host_table());
    if (!d) {
        snprintf(err, errlen, "plugin '%s': %s refused this host (plugin ABI %d.%d): ABI mismatch",
                 sec->name, in->so_path, ANNOT_ABI_MAJOR, ANNOT_ABI_MINOR);
        return -1;
    }
    if (d->abi_major != ANNOT_ABI_MAJOR || d->abi_minor > ANNOT_ABI_MINOR) {
        snprintf(err, errlen, "plugin '%s': %s is built for plugin ABI %u.%u; this host speaks %d.%d: ABI mismatch",
                 sec->name, in->so_path, d->abi_major, d->abi_minor, ANNOT_ABI_MAJOR, ANNOT_ABI_MINOR);
        return -1;
    }
    if (d->struct_size < offsetof(annot_plugin, reserved) || !d->name || !*d->name || !d->process) {
        snprintf(err, errlen, "plugin '%s': %s returned an incomplete descriptor (needs name and process)",
                 sec->name, in->so_path);
        return -1;
    }
    in->desc = d;
    return 0;
}

static int find_by_plugin_name(const instance *inst, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(inst[i].desc->name, name) || !strcmp(inst[i].name, name)) return (int)i;
    return -1;
}

/* Order instances so each runs after what it requires (stable: config
 * order among equals).  Refuses missing dependencies and cycles. */
static int order(instance *inst, size_t n, char *err, size_t errlen)
{
    /* check dependencies exist */
    for (size_t i = 0; i < n; i++) {
        const char *const *r = inst[i].desc->requires;
        for (; r && *r; r++)
            if (find_by_plugin_name(inst, n, *r) < 0) {
                snprintf(err, errlen,
                         "plugin '%s' requires '%s', which is not loaded (add it to [daemon] plugins or a [plugin.%s] section)",
                         inst[i].name, *r, *r);
                return -1;
            }
    }
    instance *out = xcalloc(n ? n : 1, sizeof *out);
    uint8_t *done = xcalloc(n ? n : 1, 1);
    size_t k = 0;
    while (k < n) {
        int progressed = 0;
        for (size_t i = 0; i < n; i++) {
            if (done[i]) continue;
            int ready = 1;
            for (const char *const *r = inst[i].desc->requires; r && *r; r++) {
                int j = find_by_plugin_name(inst, n, *r);
                if (j >= 0 && !done[j]) { ready = 0; break; }
            }
            if (ready) {
                out[k++] = inst[i];
                done[i] = 1;
                progressed = 1;
                break; /* restart: keep config order among the ready ones */
            }
        }
        if (!progressed) {
            /* every remaining instance waits on another: walk one cycle */
            size_t start = 0;
            while (done[start]) start++;
            buf path = {0};
            size_t cur = start;
            uint8_t *onpath = xcalloc(n, 1);
            while (!onpath[cur]) {
                onpath[cur] = 1;
                for (const char *const *r = inst[cur].desc->requires; r && *r; r++) {
                    int j = find_by_plugin_name(inst, n, *r);
                    if (j >= 0 && !done[j]) { cur = (size_t)j; break; }
                }
            }
            size_t c0 = cur;
            do {
                buf_printf(&path, "%s -> ", inst[cur].name);
                for (const char *const *r = inst[cur].desc->requires; r && *r; r++) {
                    int j = find_by_plugin_name(inst, n, *r);
                    if (j >= 0 && !done[j] && onpath[j]) { cur = (size_t)j; break; }
                }
            } while (cur != c0);
            buf_puts(&path, inst[c0].name);
            snprintf(err, errlen, "plugins require each other in a cycle: %s", path.data);
            buf_free(&path);
            free(onpath);
            free(out);
            free(done);
            return -1;
        }
    }
    memcpy(inst, out, n * sizeof *inst);
    free(out);
    free(done);
    return 0;
}

int pipeline_new(pipeline **out, const config *cfg, char *err, size_t errlen)
{
    pipeline *p = xcalloc(1, sizeof *p);
    atomic_init(&p->refs, 1);
    p->inst = xcalloc(cfg->n_plugins ? cfg->n_plugins : 1, sizeof *p->inst);
    for (size_t i = 0; i < cfg->n_plugins; i++) {
        const config_plugin *sec = &cfg->plugins[i];
        if (!sec->enabled) continue;
        if (load_one(cfg, sec, &p->inst[p->n], err, errlen)) {
            p->n++;
            goto err;
        }
        p->n++;
    }
    for (size_t i = 0; i < p->n; i++)
        for (size_t j = i + 1; j < p->n; j++)
            if (!strcmp(p->inst[i].desc->name, p->inst[j].desc->name) && !strcmp(p->inst[i].name, p->inst[j].name)) {
                snprintf(err, errlen, "plugin '%s' is loaded twice", p->inst[i].name);
                goto err;
            }
    if (order(p->inst, p->n, err, errlen)) goto err;
    for (size_t i = 0; i < p->n; i++) {
        instance *in = &p->inst[i];
        const config_plugin *sec = config_find_plugin(cfg, in->name);
        char *data_dir = find_data_dir(sec, in->so_path, in->desc->name);
        int rc = host_ctx_new(&in->ctx, cfg->file, sec, in->desc, data_dir, err, errlen);
        free(data_dir);
        if (rc) goto err;
        if (in->desc->init) {
            char msg[1024] = "";
            if (in->desc->init(host_table(), in->ctx, &in->state, msg, sizeof msg)) {
                snprintf(err, errlen, "plugin '%s': init failed: %s", in->name, *msg ? msg : "no reason given");
                goto err;
            }
        }
        in->initialised = 1;
    }
    *out = p;
    return 0;
err:
    pipeline_free(p);
    return -1;
}

int pipeline_new_from_string(pipeline **out, const char *ini, char *err, size_t errlen)
{
    config *cfg = NULL;
    if (config_load_string(&cfg, ini, "<string>", err, errlen)) return -1;
    int rc = pipeline_new(out, cfg, err, errlen);
    config_free(&cfg);
    return rc;
}

int pipeline_describe(const config *cfg, const char *name, FILE *f, char *err, size_t errlen)
{
    static const char *const types[] = {"string", "int", "double", "bool", "list"};
    const config_plugin *found = config_find_plugin(cfg, name);
    config_plugin sec = {.name = (char *)name, .enabled = 1};
    if (found) sec = *found;
    instance in = {0};
    int rc = load_one(cfg, &sec, &in, err, errlen);
    if (rc == 0) {
        const annot_plugin *d = in.desc;
        fprintf(f, "%s %s — %s\n  file: %s\n", d->name, d->version ? d->version : "",
                d->description ? d->description : "", in.so_path);
        fprintf(f, "  requires:");
        if (!d->requires || !d->requires[0]) fprintf(f, " nothing");
        for (const char *const *r = d->requires; r && *r; r++) fprintf(f, " %s", *r);
        fprintf(f, "\n  options of [plugin.%s] (besides the host's path, enabled, data_dir):\n", name);
        if (!d->options || !d->options[0].name) fprintf(f, "    none\n");
        for (const annot_option *o = d->options; o && o->name; o++)
            fprintf(f, "    %-18s %-6s default %-14s %s\n", o->name,
                    (unsigned)o->type < 5 ? types[o->type] : "?", o->def && *o->def ? o->def : "(none)",
                    o->description ? o->description : "");
    }
    instance_free(&in);
    return rc;
}

pipeline *pipeline_retain(pipeline *p)
{
    atomic_fetch_add(&p->refs, 1);
    return p;
}

void pipeline_release(pipeline **pp)
{
    pipeline *p = *pp;
    *pp = NULL;
    if (p && atomic_fetch_sub(&p->refs, 1) == 1) pipeline_free(p);
}

size_t pipeline_plugin_count(const pipeline *p) { return p->n; }
const char *pipeline_plugin_name(const pipeline *p, size_t i) { return i < p->n ? p->inst[i].name : NULL; }

/* ------------------------------------------------------------------ */
/* Building the result.                                                */

/* A result and the arena holding everything it points to: the host's
 * annotation strings are used in place, and the messages are carved from
 * the same arena, so freeing a result is one walk over a few blocks
 * instead of a free() per field. */
typedef struct result_box {
    Annot__V1__AnnotatedDocument doc; /* first: a result is its box */
    arena mem;
} result_box;

#define NEW_MSG(a, type, init) ((type *)new_msg((a), sizeof(type), (void (*)(void *))(init)))

/* A message of size bytes from a, set to its defaults by init; NULL when
 * out of memory. */
static void *new_msg(arena *a, size_t size, void (*init)(void *))
{
    void *m = arena_alloc(a, size);
    if (m) init(m);
    return m;
}

/* A string field: a copy of s in a, or the shared empty string. */
static char *copy_str(arena *a, const char *s)
{
    if (!s || !*s) return (char *)protobuf_c_empty_string;
    char *p = arena_strdup(a, s);
    return p ? p : (char *)protobuf_c_empty_string;
}

/* A string field for a string the host already holds in the arena: never
 * NULL, and protobuf-c's "" for none (see copy_opt() in host.c). */
static char *held_str(const char *s) { return (char *)s; }

/* An array of n message pointers from a (NULL when n == 0); *count is n,
 * or 0 when out of memory. */
static void *new_array(arena *a, size_t n, size_t *count)
{
    *count = 0;
    if (!n) return NULL;
    void *p = arena_alloc(a, n * sizeof(void *));
    if (p) *count = n;
    return p;
}

/* n message structs of one type in one piece of a (NULL when n is 0 or
 * memory is out): a result's messages of a kind are carved at once.  Each
 * is then set from a local that starts as the generated initialiser, so a
 * field added to the .proto gets its default without an edit here, and
 * the compiler writes each field once. */
#define NEW_MSGS(a, type, n) ((type *)((n) ? arena_alloc((a), (n) * sizeof(type)) : NULL))

/* A span message in *next (taken from a piece made for the spans of all
 * the claims), or NULL for an unstated span (0, 0). */
static Annot__V1__Span *take_span(Annot__V1__Span **next, annot_span s)
{
    if (s.start == 0 && s.end == 0) return NULL;
    Annot__V1__Span m = ANNOT__V1__SPAN__INIT;
    m.start = s.start;
    m.end = s.end;
    Annot__V1__Span *out = (*next)++;
    *out = m;
    return out;
}

/* Set *out to the sentiment message of s. */
static void set_sentiment(Annot__V1__Sentiment *out, const annot_sentiment *s)
{
    Annot__V1__Sentiment m = ANNOT__V1__SENTIMENT__INIT;
    m.compound = s->compound;
    m.positive = s->positive;
    m.negative = s->negative;
    m.neutral = s->neutral;
    *out = m;
}

/* Build the result message of d in d's arena and move the arena into it.
 * NULL when out of memory (d keeps its arena then); an annotation kind
 * whose messages find no memory is left empty. */
static Annot__V1__AnnotatedDocument *build_result(annot_doc *d, const Annot__V1__Document *in,
                                                  Annot__V1__PluginStatus **status, size_t n_status)
{
    arena *a = &d->mem;
    result_box *box = arena_alloc(a, sizeof *box);
    if (!box) return NULL;
    Annot__V1__AnnotatedDocument *r = &box->doc;
    annot__v1__annotated_document__init(r);
    r->doc_id = copy_str(a, in->id);
    r->source = copy_str(a, in->source);
    r->title = copy_str(a, in->title);
    r->lang = copy_str(a, in->lang);
    r->published_ms = in->published_ms;
    r->text_bytes = (uint32_t)d->len;
    r->plugins = status;
    r->n_plugins = n_status;
    if (in->n_meta) {
        r->meta = new_array(a, in->n_meta, &r->n_meta);
        for (size_t i = 0; i < r->n_meta; i++) {
            Annot__V1__AnnotatedDocument__MetaEntry *e = NEW_MSG(a, Annot__V1__AnnotatedDocument__MetaEntry,
                                                                 annot__v1__annotated_document__meta_entry__init);
            if (!e) { r->n_meta = i; break; }
            e->key = copy_str(a, in->meta[i]->key);
            e->value = copy_str(a, in->meta[i]->value);
            r->meta[i] = e;
        }
    }
    if (d->has_doc_sentiment) {
        r->sentiment = NEW_MSGS(a, Annot__V1__Sentiment, 1);
        if (r->sentiment) set_sentiment(r->sentiment, &d->doc_sentiment);
    }

    const text_layout *t = &d->layout;
    size_t n = t->n_sentences;
    Annot__V1__Sentence *sents = NEW_MSGS(a, Annot__V1__Sentence, n);
    /* a sentiment message for every sentence when any has one */
    Annot__V1__Sentiment *sentis = d->has_sent_sentiment ? NEW_MSGS(a, Annot__V1__Sentiment, n) : NULL;
    r->sentences = new_array(a, sents && (sentis || !d->has_sent_sentiment) ? n : 0, &r->n_sentences);
    for (size_t i = 0; i < r->n_sentences; i++) {
        Annot__V1__Sentence m = ANNOT__V1__SENTENCE__INIT;
        m.start = t->sentences[i].start;
        m.end = t->sentences[i].end;
        m.heading = (t->sentences[i].flags & ANNOT_SENT_HEADING) != 0;
        if (sentis && d->has_sent_sentiment[i]) {
            set_sentiment(&sentis[i], &d->sent_sentiment[i]);
            m.sentiment = &sentis[i];
        }
        sents[i] = m;
        r->sentences[i] = &sents[i];
    }

    Annot__V1__Actor *acts = NEW_MSGS(a, Annot__V1__Actor, d->n_actors);
    r->actors = new_array(a, acts ? d->n_actors : 0, &r->n_actors);
    for (size_t i = 0; i < r->n_actors; i++) {
        const annot_actor *h = &d->actors[i];
        Annot__V1__Actor m = ANNOT__V1__ACTOR__INIT;
        m.start = h->span.start;
        m.end = h->span.end;
        m.code = held_str(h->code);
        m.name = held_str(h->name);
        m.kind = (Annot__V1__ActorKind)h->kind;
        m.sentence = h->sentence;
        m.confidence = h->confidence;
        acts[i] = m;
        r->actors[i] = &acts[i];
    }

    Annot__V1__ActorTone *tones = NEW_MSGS(a, Annot__V1__ActorTone, d->n_tones);
    r->actor_tones = new_array(a, tones ? d->n_tones : 0, &r->n_actor_tones);
    for (size_t i = 0; i < r->n_actor_tones; i++) {
        Annot__V1__ActorTone m = ANNOT__V1__ACTOR_TONE__INIT;
        m.code = held_str(d->tones[i].code);
        m.name = held_str(d->tones[i].name);
        m.tone = d->tones[i].tone;
        m.sentences = d->tones[i].sentences;
        tones[i] = m;
        r->actor_tones[i] = &tones[i];
    }

    /* blames and proposals: four spans each at most, from one piece */
    Annot__V1__Blame *blames = NEW_MSGS(a, Annot__V1__Blame, d->n_blames);
    Annot__V1__Proposal *props = NEW_MSGS(a, Annot__V1__Proposal, d->n_proposals);
    size_t n_spans = 4 * (d->n_blames + d->n_proposals);
    Annot__V1__Span *spans = NEW_MSGS(a, Annot__V1__Span, n_spans);
    r->blames = new_array(a, blames && spans ? d->n_blames : 0, &r->n_blames);
    for (size_t i = 0; i < r->n_blames; i++) {
        const annot_blame *b = &d->blames[i];
        Annot__V1__Blame m = ANNOT__V1__BLAME__INIT;
        m.blamer = held_str(b->blamer);
        m.blamed = held_str(b->blamed);
        m.issue = take_span(&spans, b->issue);
        m.cue = take_span(&spans, b->cue);
        m.sentence = b->sentence;
        m.confidence = b->confidence;
        m.blamer_span = take_span(&spans, b->blamer_span);
        m.blamed_span = take_span(&spans, b->blamed_span);
        blames[i] = m;
        r->blames[i] = &blames[i];
    }
    r->proposals = new_array(a, props && spans ? d->n_proposals : 0, &r->n_proposals);
    for (size_t i = 0; i < r->n_proposals; i++) {
        const annot_proposal *q = &d->proposals[i];
        Annot__V1__Proposal m = ANNOT__V1__PROPOSAL__INIT;
        m.proposer = held_str(q->proposer);
        m.addressee = held_str(q->addressee);
        m.action = take_span(&spans, q->action);
        m.cue = take_span(&spans, q->cue);
        m.sentence = q->sentence;
        m.confidence = q->confidence;
        m.proposer_span = take_span(&spans, q->proposer_span);
        m.addressee_span = take_span(&spans, q->addressee_span);
        props[i] = m;
        r->proposals[i] = &props[i];
    }

    r->tags = new_array(a, d->n_tags, &r->n_tags);
    for (size_t i = 0; i < r->n_tags; i++) {
        const host_tag *h = &d->tags[i];
        Annot__V1__Tag *m = NEW_MSG(a, Annot__V1__Tag, annot__v1__tag__init);
        if (!m) { r->n_tags = i; break; }
        m->plugin = copy_str(a, h->plugin);
        m->label = held_str(h->tag.label);
        m->start = h->tag.span.start;
        m->end = h->tag.span.end;
        m->score = h->tag.score;
        m->attributes = new_array(a, h->tag.n_attrs, &m->n_attributes);
        for (size_t k = 0; k < m->n_attributes; k++) {
            Annot__V1__Tag__AttributesEntry *e =
                NEW_MSG(a, Annot__V1__Tag__AttributesEntry, annot__v1__tag__attributes_entry__init);
            if (!e) { m->n_attributes = k; break; }
            e->key = held_str(h->tag.attr_keys[k]);
            e->value = held_str(h->tag.attr_values[k]);
            m->attributes[k] = e;
        }
        r->tags[i] = m;
    }
    box->mem = *a; /* the box lives in the arena it now owns */
    *a = (arena){0};
    return r;
}

/* A document's state for one run: an idle one of the pipeline's (its
 * buffers sized by the documents before), else a new zeroed one; NULL when
 * out of memory.  Workers run documents at once, so each slot is taken by
 * an atomic exchange: a state belongs to one run at a time.  The states
 * live and die with the pipeline, so a reload drops them. */
static annot_doc *doc_take(pipeline *p)
{
    for (size_t i = 0; i < PIPE_DOCS; i++) {
        annot_doc *d = atomic_exchange_explicit(&p->docs[i], NULL, memory_order_acquire);
        if (d) return d;
    }
    return calloc(1, sizeof(annot_doc));
}

/* Give back a state after host_doc_end(): to a free slot, or freed. */
static void doc_give(pipeline *p, annot_doc *d)
{
    if (d->len <= PIPE_KEEP_TEXT)
        for (size_t i = 0; i < PIPE_DOCS; i++) {
            annot_doc *none = NULL;
            if (atomic_compare_exchange_strong_explicit(&p->docs[i], &none, d, memory_order_release,
                                                        memory_order_relaxed))
                return;
        }
    host_doc_free(d);
    free(d);
}

Annot__V1__AnnotatedDocument *pipeline_run(pipeline *p, const Annot__V1__Document *in)
{
    return pipeline_run_progress(p, in, NULL);
}

Annot__V1__AnnotatedDocument *pipeline_run_progress(pipeline *p, const Annot__V1__Document *in,
                                                    pipeline_progress *prog)
{
    return pipeline_run_len(p, in, in->text ? strlen(in->text) : 0, prog);
}

Annot__V1__AnnotatedDocument *pipeline_run_len(pipeline *p, const Annot__V1__Document *in, size_t text_len,
                                               pipeline_progress *prog)
{
    uint64_t t0 = time_mono_us();
    annot_doc *d = doc_take(p);
    if (!d) return NULL;
    Annot__V1__AnnotatedDocument *r = NULL;
    if (host_doc_init_len(d, in, text_len)) goto out;
    /* every plugin's status, made before any runs: a status that found no
     * memory after its plugin ran would leave a hole in the array */
    size_t n_status = 0;
    Annot__V1__PluginStatus **status = new_array(&d->mem, p->n, &n_status);
    Annot__V1__PluginStatus *sts = NEW_MSGS(&d->mem, Annot__V1__PluginStatus, p->n);
    if (p->n && (!status || !sts)) goto out;
    /* a plugin's time starts where the one before it stopped: one clock
     * read per plugin instead of two (the host's few steps between two
     * plugins count towards the second) */
    uint64_t s = time_mono_us();
    for (size_t i = 0; i < p->n; i++) {
        instance *in_ = &p->inst[i];
        char err[512];
        err[0] = 0; /* a plugin writes a message only when it fails */
        host_mark mark = host_doc_mark(d);
        d->current_plugin = in_->name;
        if (prog) {
            atomic_store(&prog->since_us, s);
            atomic_store(&prog->plugin, in_->name);
        }
        int rc = in_->desc->process(in_->state, d, err, sizeof err);
        uint64_t e = time_mono_us(), took = e - s;
        s = e;
        if (prog) atomic_store(&prog->plugin, NULL);
        if (rc) host_doc_rollback(d, mark);
        Annot__V1__PluginStatus st = ANNOT__V1__PLUGIN_STATUS__INIT;
        st.name = copy_str(&d->mem, in_->name);
        st.version = copy_str(&d->mem, in_->desc->version);
        st.elapsed_us = (uint32_t)took;
        if (rc) {
            err[sizeof err - 1] = 0; /* a plugin that filled it all */
            st.error = copy_str(&d->mem, *err ? err : "failed (no reason given)");
        }
        sts[i] = st;
        status[i] = &sts[i];
    }
    r = build_result(d, in, status, n_status);
    if (r) r->elapsed_us = (uint32_t)(time_mono_us() - t0);
out:
    host_doc_end(d);
    doc_give(p, d);
    return r;
}

Annot__V1__AnnotatedDocument *pipeline_tag_text(pipeline *p, const char *text)
{
    Annot__V1__Document in = ANNOT__V1__DOCUMENT__INIT;
    in.id = (char *)"text";
    in.text = (char *)text;
    return pipeline_run(p, &in);
}

void pipeline_result_free(Annot__V1__AnnotatedDocument *doc)
{
    if (!doc) return;
    arena mem = ((result_box *)doc)->mem; /* copied out: the box is inside it */
    arena_free(&mem);
}
