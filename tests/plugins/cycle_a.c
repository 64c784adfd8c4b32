/* cycle_a — requires cycle_b, which requires it back. */
#include "common.h"

static const char *const deps[] = {"cycle_b", NULL};
static const annot_plugin desc = {ANNOT_PLUGIN_HEADER, .name = "cycle_a", .version = "0.1",
                                  .requires = deps, .init = noop_init, .process = noop_process,
                                  .destroy = noop_destroy};
TEST_PLUGIN_ENTRY(desc)
