/* refuses — a plugin built for a newer host: refuses this one. */
#include "common.h"

ANNOT_PLUGIN_EXPORT const annot_plugin *annot_plugin_entry(const annot_host *host)
{
    (void)host;
    return NULL;
}
