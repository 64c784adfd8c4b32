/* Shared boilerplate of the test plugins: each defines DESCRIPTOR fields
 * and gets an entry function. */
#include <annot/plugin.h>
#include <stdio.h>
#include <string.h>

#define TEST_PLUGIN_ENTRY(desc)                                                          \
    ANNOT_PLUGIN_EXPORT const annot_plugin *annot_plugin_entry(const annot_host *host)  \
    {                                                                                    \
        return ANNOT_PLUGIN_ACCEPTS(host) ? &(desc) : NULL;                              \
    }

__attribute__((unused)) static int noop_init(const annot_host *host, annot_ctx *ctx, void **state, char *err, size_t errlen)
{
    (void)ctx; (void)err; (void)errlen;
    *state = (void *)host;
    return 0;
}

__attribute__((unused)) static int noop_process(void *state, annot_doc *doc, char *err, size_t errlen)
{
    (void)state; (void)doc; (void)err; (void)errlen;
    return 0;
}

__attribute__((unused)) static void noop_destroy(void *state) { (void)state; }
