/*
 * keywords — the example plugin: tags configured keywords as generic tags.
 *
 *   [plugin.keywords]
 *   keywords = cyber, espionage, trade war
 *   label = topic                 ; the tag's label (default "keyword")
 *   case_sensitive = false
 *
 * Matches whole words (a keyword may be several words); each match is a
 * tag with label, span, score 1.0 and the attribute term=<keyword>.  It
 * shows the whole plugin ABI: an option table, an instance state built in
 * init() and only read in process(), the host's tokens, and add_tag().
 */
#include <annot/plugin.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct keyword {
    char *text;      /* as configured */
    size_t len;
} keyword;

typedef struct kw_state {
    const annot_host *host;
    annot_ctx *ctx;
    keyword *kw;
    size_t n_kw;
    char *label;
    int case_sensitive;
} kw_state;

static const annot_option options[] = {
    {"keywords", ANNOT_OPT_LIST, "", "comma-separated words or phrases to tag"},
    {"label", ANNOT_OPT_STRING, "keyword", "label of every tag"},
    {"case_sensitive", ANNOT_OPT_BOOL, "false", "match case exactly"},
    {NULL, 0, NULL, NULL}};

static void kw_destroy(void *p)
{
    kw_state *s = p;
    if (!s) return;
    for (size_t i = 0; i < s->n_kw; i++) free(s->kw[i].text);
    free(s->kw);
    free(s->label);
    free(s);
}

/* Read the options into a new state. */
static int kw_init(const annot_host *host, annot_ctx *ctx, void **state, char *err, size_t errlen)
{
    kw_state *s = calloc(1, sizeof *s);
    if (!s) goto oom;
    s->host = host;
    s->ctx = ctx;
    s->case_sensitive = host->opt_bool(ctx, "case_sensitive");
    s->label = strdup(host->opt_str(ctx, "label"));
    s->n_kw = host->opt_list_count(ctx, "keywords");
    s->kw = calloc(s->n_kw ? s->n_kw : 1, sizeof *s->kw);
    if (!s->label || !s->kw) goto oom;
    for (size_t i = 0; i < s->n_kw; i++) {
        s->kw[i].text = strdup(host->opt_list_item(ctx, "keywords", i));
        if (!s->kw[i].text) goto oom;
        s->kw[i].len = strlen(s->kw[i].text);
    }
    if (s->n_kw == 0) host->log(ctx, ANNOT_LOG_WARN, "no keywords configured: nothing will be tagged");
    *state = s;
    return 0;
oom:
    kw_destroy(s);
    snprintf(err, errlen, "out of memory");
    return -1;
}

static int same(const char *a, const char *b, size_t n, int case_sensitive)
{
    if (case_sensitive) return memcmp(a, b, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
    return 1;
}

/* Tag every keyword that starts at a token and ends at a token's end. */
static int kw_process(void *p, annot_doc *doc, char *err, size_t errlen)
{
    kw_state *s = p;
    const annot_host *h = s->host;
    size_t len, n_tok;
    const char *text = h->text(doc, &len);
    const annot_token *tok = h->tokens(doc, &n_tok);
    for (size_t t = 0; t < n_tok; t++) {
        for (size_t k = 0; k < s->n_kw; k++) {
            const keyword *kw = &s->kw[k];
            size_t end = tok[t].start + kw->len;
            if (end > len || !same(text + tok[t].start, kw->text, kw->len, s->case_sensitive)) continue;
            /* must end where a token ends */
            int at_end = 0;
            for (size_t u = t; u < n_tok && tok[u].start < end; u++)
                if (tok[u].end == end) { at_end = 1; break; }
            if (!at_end) continue;
            const char *keys[] = {"term"};
            const char *vals[] = {kw->text};
            annot_tag tag = {.label = s->label,
                             .span = {tok[t].start, (uint32_t)end},
                             .score = 1.0,
                             .n_attrs = 1,
                             .attr_keys = keys,
                             .attr_values = vals};
            int rc = h->add_tag(doc, &tag);
            if (rc) {
                snprintf(err, errlen, "add_tag: %s", h->strerror(rc));
                return -1;
            }
        }
    }
    return 0;
}

static const annot_plugin descriptor = {
    ANNOT_PLUGIN_HEADER,
    .name = "keywords",
    .version = "1.0.0",
    .description = "tags configured keywords as generic tags (the example plugin)",
    .requires = NULL,
    .options = options,
    .init = kw_init,
    .process = kw_process,
    .destroy = kw_destroy,
};

ANNOT_PLUGIN_EXPORT const annot_plugin *annot_plugin_entry(const annot_host *host)
{
    return ANNOT_PLUGIN_ACCEPTS(host) ? &descriptor : NULL;
}
