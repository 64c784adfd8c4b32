/* failing — fails on every document whose text contains "FAIL" (after
 * adding a tag, which the host must roll back); tags "ok" otherwise. */
#include "common.h"

static int process(void *state, annot_doc *doc, char *err, size_t errlen)
{
    const annot_host *h = state;
    size_t len;
    const char *text = h->text(doc, &len);
    annot_tag t = {.label = "ok", .span = {0, 1}, .score = 1.0};
    if (h->add_tag(doc, &t)) return -1;
    if (strstr(text, "FAIL")) {
        snprintf(err, errlen, "refusing a document that says FAIL");
        return -1;
    }
    return 0;
}

static const annot_plugin desc = {ANNOT_PLUGIN_HEADER, .name = "failing", .version = "0.1",
                                  .init = noop_init, .process = process, .destroy = noop_destroy};
TEST_PLUGIN_ENTRY(desc)
