/* blame — placeholder shell; the real plugin is written in its own issue. */
#include <annot/plugin.h>

static int init(const annot_host *host, annot_ctx *ctx, void **state, char *err, size_t errlen)
{
    (void)host; (void)ctx; (void)err; (void)errlen;
    *state = NULL;
    return 0;
}

static int process(void *state, annot_doc *doc, char *err, size_t errlen)
{
    (void)state; (void)doc; (void)err; (void)errlen;
    return 0;
}

static void destroy(void *state) { (void)state; }

static const char *const deps[] = {"actors", NULL};

static const annot_plugin descriptor = {
    ANNOT_PLUGIN_HEADER,
    .name = "blame",
    .version = "0.0.1",
    .description = "placeholder",
    .requires = deps,
    .init = init,
    .process = process,
    .destroy = destroy,
};

ANNOT_PLUGIN_EXPORT const annot_plugin *annot_plugin_entry(const annot_host *host)
{
    return ANNOT_PLUGIN_ACCEPTS(host) ? &descriptor : NULL;
}
