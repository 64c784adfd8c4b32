/* slow — sleeps `delay_ms` per document (to hold documents in flight) and
 * tags each with its instance's `label` (to see which config served it). */
#include "common.h"

#include <stdlib.h>
#include <time.h>

typedef struct slow {
    const annot_host *h;
    long delay_ms;
    char label[64];
} slow;

static const annot_option opts[] = {
    {"delay_ms", ANNOT_OPT_INT, "0", "sleep this long per document"},
    {"label", ANNOT_OPT_STRING, "slow", "label of the tag added to each document"},
    {NULL, 0, NULL, NULL}};

static int init(const annot_host *host, annot_ctx *ctx, void **state, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    slow *s = calloc(1, sizeof *s);
    if (!s) return -1;
    s->h = host;
    s->delay_ms = (long)host->opt_int(ctx, "delay_ms");
    snprintf(s->label, sizeof s->label, "%s", host->opt_str(ctx, "label"));
    *state = s;
    return 0;
}

static int process(void *state, annot_doc *doc, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    slow *s = state;
    if (s->delay_ms > 0) {
        struct timespec ts = {s->delay_ms / 1000, (s->delay_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    annot_tag t = {.label = s->label, .span = {0, 1}, .score = 1.0};
    return s->h->add_tag(doc, &t);
}

static const annot_plugin desc = {ANNOT_PLUGIN_HEADER, .name = "slow", .version = "0.1",
                                  .options = opts, .init = init, .process = process, .destroy = free};
TEST_PLUGIN_ENTRY(desc)
