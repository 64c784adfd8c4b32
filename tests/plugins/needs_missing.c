/* needs_missing — requires a plugin nobody loads. */
#include "common.h"

static const char *const deps[] = {"nonexistent", NULL};
static const annot_plugin desc = {ANNOT_PLUGIN_HEADER, .name = "needs_missing", .version = "0.1",
                                  .requires = deps, .init = noop_init, .process = noop_process,
                                  .destroy = noop_destroy};
TEST_PLUGIN_ENTRY(desc)
