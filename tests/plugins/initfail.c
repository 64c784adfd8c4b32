/* initfail — init() fails with a message. */
#include "common.h"

static int init(const annot_host *host, annot_ctx *ctx, void **state, char *err, size_t errlen)
{
    (void)host; (void)ctx; (void)state;
    snprintf(err, errlen, "cannot open its dictionary");
    return -1;
}

static const annot_plugin desc = {ANNOT_PLUGIN_HEADER, .name = "initfail", .version = "0.1",
                                  .init = init, .process = noop_process, .destroy = noop_destroy};
TEST_PLUGIN_ENTRY(desc)
