/* badabi — claims a plugin ABI major the host does not speak. */
#include "common.h"

static const annot_plugin desc = {ANNOT_ABI_MAJOR + 1, 0, sizeof(annot_plugin), .name = "badabi",
                                  .version = "0.1", .init = noop_init, .process = noop_process,
                                  .destroy = noop_destroy};

ANNOT_PLUGIN_EXPORT const annot_plugin *annot_plugin_entry(const annot_host *host)
{
    (void)host; /* does not check: the host must */
    return &desc;
}
