/* probe — exercises the host table and records what it sees as tags, so
 * the pipeline tests can assert the host's answers.  Each record is a tag
 * whose label names the call; its score is the return code or count, and
 * its attribute "value" holds any text answer.  Option `fail` makes it
 * fail after adding one of everything (to check the host's rollback). */
#include "common.h"

#include <math.h>
#include <stdlib.h>

#define MAX_RECS 32

typedef struct rec {
    char label[64];
    double score;
    char value[256];
} rec;

typedef struct probe {
    const annot_host *h;
    int fail;
    double tone;
    rec init_recs[MAX_RECS];
    size_t n_init;
} probe;

static const annot_option opts[] = {
    {"fail", ANNOT_OPT_BOOL, "false", "fail after adding annotations"},
    {"count", ANNOT_OPT_INT, "7", "an integer"},
    {"number", ANNOT_OPT_DOUBLE, "1.5", "a number"},
    {"items", ANNOT_OPT_LIST, "x, y", "a list"},
    {"name", ANNOT_OPT_STRING, NULL, "a string without default"},
    {"tone", ANNOT_OPT_DOUBLE, "-0.25", "compound of the document sentiment it sets"},
    {NULL, 0, NULL, NULL}};

static void init_rec(probe *p, const char *label, double score, const char *value)
{
    if (p->n_init == MAX_RECS) return;
    rec *r = &p->init_recs[p->n_init++];
    snprintf(r->label, sizeof r->label, "init.%s", label);
    r->score = score;
    snprintf(r->value, sizeof r->value, "%s", value ? value : "(null)");
}

static int init(const annot_host *h, annot_ctx *ctx, void **state, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    probe *p = calloc(1, sizeof *p);
    if (!p) return -1;
    p->h = h;
    p->fail = h->opt_bool(ctx, "fail");
    p->tone = h->opt_double(ctx, "tone");
    char path[256], tiny[4];
    init_rec(p, "instance_name", 0, h->instance_name(ctx));
    init_rec(p, "data_dir", 0, h->data_dir(ctx));
    init_rec(p, "count", (double)h->opt_int(ctx, "count"), h->opt_str(ctx, "count"));
    init_rec(p, "number", h->opt_double(ctx, "number"), h->opt_str(ctx, "number"));
    init_rec(p, "fail", h->opt_bool(ctx, "fail"), h->opt_str(ctx, "fail"));
    init_rec(p, "items", (double)h->opt_list_count(ctx, "items"), h->opt_str(ctx, "items"));
    init_rec(p, "items.0", 0, h->opt_list_item(ctx, "items", 0));
    init_rec(p, "items.last", 0,
             h->opt_list_item(ctx, "items", h->opt_list_count(ctx, "items") - 1));
    init_rec(p, "items.past", 0, h->opt_list_item(ctx, "items", 99));
    init_rec(p, "name", 0, h->opt_str(ctx, "name"));
    init_rec(p, "undeclared", (double)h->opt_int(ctx, "undeclared"), h->opt_str(ctx, "undeclared"));
    int rc = h->resolve_path(ctx, "lexicon.txt", path, sizeof path);
    init_rec(p, "resolve.relative", rc, path);
    rc = h->resolve_path(ctx, "/etc/abs.txt", path, sizeof path);
    init_rec(p, "resolve.absolute", rc, path);
    rc = h->resolve_path(ctx, "lexicon.txt", tiny, sizeof tiny);
    init_rec(p, "resolve.tiny", rc, NULL);
    init_rec(p, "strerror.einval", 0, h->strerror(ANNOT_EINVAL));
    *state = p;
    return 0;
}

/* Record one answer as a tag. */
static void put(const annot_host *h, annot_doc *doc, const char *label, double score, const char *value)
{
    const char *keys[] = {"value"};
    const char *vals[] = {value ? value : "(null)"};
    annot_tag t = {.label = label, .span = {0, 0}, .score = score, .n_attrs = 1,
                   .attr_keys = keys, .attr_values = vals};
    h->add_tag(doc, &t);
}

static int process(void *state, annot_doc *doc, char *err, size_t errlen)
{
    probe *p = state;
    const annot_host *h = p->h;
    for (size_t i = 0; i < p->n_init; i++)
        put(h, doc, p->init_recs[i].label, p->init_recs[i].score, p->init_recs[i].value);

    size_t len, llen, ns, nt, n;
    const char *text = h->text(doc, &len);
    const char *lower = h->text_lower(doc, &llen);
    put(h, doc, "text", (double)len, strlen(text) == len ? text : "length differs");
    put(h, doc, "text_lower", (double)llen, lower);
    put(h, doc, "field.id", 0, h->field(doc, "id"));
    put(h, doc, "field.source", 0, h->field(doc, "source"));
    put(h, doc, "field.title", 0, h->field(doc, "title"));
    put(h, doc, "field.lang", 0, h->field(doc, "lang"));
    put(h, doc, "field.other", 0, h->field(doc, "other"));
    put(h, doc, "meta.topic", 0, h->meta(doc, "topic"));
    put(h, doc, "meta.missing", 0, h->meta(doc, "missing"));
    const annot_sentence *sent = h->sentences(doc, &ns);
    const annot_token *tok = h->tokens(doc, &nt);
    put(h, doc, "sentences", (double)ns, NULL);
    put(h, doc, "tokens", (double)nt, NULL);
    if (ns < 2) {
        snprintf(err, errlen, "probe needs a text of two sentences");
        return -1;
    }
    annot_span last_tok = {tok[sent[1].first_token].start, tok[sent[1].first_token].end};
    uint32_t L = (uint32_t)len;

    /* actors */
    char code[8] = "ABCGOV";
    annot_actor a = {.span = last_tok, .code = code, .kind = ANNOT_ACTOR_COUNTRY, .name = "Abc"};
    put(h, doc, "add_actor.ok", h->add_actor(doc, &a), NULL);
    code[0] = 'X'; /* the host must have copied it */
    const annot_actor *as = h->actors(doc, &n);
    put(h, doc, "actors", (double)n, n ? as[0].code : NULL);
    put(h, doc, "actors.sentence", n ? (double)as[0].sentence : -1.0, NULL);
    annot_actor bad = a;
    bad.code = "ABC";
    bad.span = (annot_span){L - 1, L + 1};
    put(h, doc, "add_actor.outside", h->add_actor(doc, &bad), NULL);
    bad.span = (annot_span){3, 2};
    put(h, doc, "add_actor.reversed", h->add_actor(doc, &bad), NULL);
    bad.span = (annot_span){2, 2};
    put(h, doc, "add_actor.empty_span", h->add_actor(doc, &bad), NULL);
    bad.span = a.span;
    bad.code = "";
    put(h, doc, "add_actor.empty_code", h->add_actor(doc, &bad), NULL);
    bad.code = NULL;
    put(h, doc, "add_actor.null_code", h->add_actor(doc, &bad), NULL);
    put(h, doc, "add_actor.null", h->add_actor(doc, NULL), NULL);
    h->actors(doc, &n);
    put(h, doc, "actors.after_bad", (double)n, NULL);

    /* blames */
    annot_blame b = {.blamer = "ABC", .blamed = "DEF", .cue = {0, 1}, .sentence = 0, .confidence = 0.5f};
    put(h, doc, "add_blame.ok", h->add_blame(doc, &b), NULL);
    annot_blame bb = b;
    bb.blamed = "";
    put(h, doc, "add_blame.no_blamed", h->add_blame(doc, &bb), NULL);
    bb = b;
    bb.cue = (annot_span){0, L + 1};
    put(h, doc, "add_blame.outside", h->add_blame(doc, &bb), NULL);
    bb = b;
    bb.sentence = (uint32_t)ns;
    put(h, doc, "add_blame.sentence", h->add_blame(doc, &bb), NULL);
    h->blames(doc, &n);
    put(h, doc, "blames", (double)n, NULL);

    /* proposals */
    annot_proposal q = {.proposer = "AUTHOR", .action = {0, 2}, .sentence = 1};
    put(h, doc, "add_proposal.ok", h->add_proposal(doc, &q), NULL);
    annot_proposal qq = q;
    qq.action = (annot_span){L, L + 5};
    put(h, doc, "add_proposal.outside", h->add_proposal(doc, &qq), NULL);
    qq = q;
    qq.sentence = 1000;
    put(h, doc, "add_proposal.sentence", h->add_proposal(doc, &qq), NULL);
    h->proposals(doc, &n);
    put(h, doc, "proposals", (double)n, NULL);

    /* sentiment */
    annot_sentiment s = {.compound = p->tone, .positive = 0.1, .negative = 0.3, .neutral = 0.6};
    put(h, doc, "sentiment.none", h->sentiment(doc, -1) == NULL, NULL);
    put(h, doc, "set_sentiment.doc", h->set_sentiment(doc, -1, &s), NULL);
    s.compound = 0.5;
    put(h, doc, "set_sentiment.0", h->set_sentiment(doc, 0, &s), NULL);
    put(h, doc, "set_sentiment.range", h->set_sentiment(doc, (long)ns, &s), NULL);
    s.compound = NAN;
    put(h, doc, "set_sentiment.nan", h->set_sentiment(doc, 1, &s), NULL);
    put(h, doc, "set_sentiment.null", h->set_sentiment(doc, 1, NULL), NULL);
    const annot_sentiment *got = h->sentiment(doc, -1);
    put(h, doc, "sentiment.doc", got ? got->compound : 99, NULL);
    got = h->sentiment(doc, 0);
    put(h, doc, "sentiment.0", got ? got->compound : 99, NULL);
    put(h, doc, "sentiment.1.unset", h->sentiment(doc, 1) == NULL, NULL);
    put(h, doc, "sentiment.range", h->sentiment(doc, 1000) == NULL, NULL);

    /* actor tones */
    put(h, doc, "add_actor_tone.ok", h->add_actor_tone(doc, "ABC", NULL, -0.5, 2), NULL);
    put(h, doc, "add_actor_tone.empty", h->add_actor_tone(doc, "", "x", 0.1, 1), NULL);
    put(h, doc, "add_actor_tone.nan", h->add_actor_tone(doc, "ABC", "x", NAN, 1), NULL);

    /* tags */
    annot_tag t = {.label = NULL, .span = {0, 1}};
    put(h, doc, "add_tag.null_label", h->add_tag(doc, &t), NULL);
    t.label = "";
    put(h, doc, "add_tag.empty_label", h->add_tag(doc, &t), NULL);
    t.label = "x";
    t.span = (annot_span){0, L + 1};
    put(h, doc, "add_tag.outside", h->add_tag(doc, &t), NULL);
    t.span = (annot_span){0, 1};
    t.n_attrs = 2;
    put(h, doc, "add_tag.null_attrs", h->add_tag(doc, &t), NULL);
    /* a count whose key and value arrays would not fit in memory (their
     * size, counted in a size_t, wrapped round to 0) */
    static const char *const kv[] = {"k", "v"};
    t.attr_keys = kv;
    t.attr_values = kv + 1;
    t.n_attrs = (size_t)1 << 62;
    put(h, doc, "add_tag.huge_attrs", h->add_tag(doc, &t), NULL);

    if (p->fail) {
        snprintf(err, errlen, "probe asked to fail");
        return -1;
    }
    return 0;
}

static const annot_plugin desc = {ANNOT_PLUGIN_HEADER, .name = "probe", .version = "0.2",
                                  .options = opts, .init = init, .process = process, .destroy = free};
TEST_PLUGIN_ENTRY(desc)
