/* cycle_b — requires cycle_a, which requires it back. */
#include "common.h"

static const char *const deps[] = {"cycle_a", NULL};
static const annot_plugin desc = {ANNOT_PLUGIN_HEADER, .name = "cycle_b", .version = "0.1",
                                  .requires = deps, .init = noop_init, .process = noop_process,
                                  .destroy = noop_destroy};
TEST_PLUGIN_ENTRY(desc)
