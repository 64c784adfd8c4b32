/*
 * fuzz_config — the bytes as the text of an annotd.ini: lib/config.c and
 * the libinih it drives.  The daemon reads its config with
 * config_load_file(), which hands the file's bytes to config_load_string()
 * as one C string (a NUL ends it); so does this harness.  A config that
 * parses is then looked at as the pipeline would look at it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *ini = malloc(size + 1);
    if (!ini) abort();
    memcpy(ini, data, size);
    ini[size] = 0;
    char err[1024];
    config *cfg = NULL;
    if (config_load_string(&cfg, ini, "fuzz.ini", err, sizeof err) == 0) {
        size_t n = 0;
        for (size_t i = 0; i < cfg->n_plugins; i++) {
            const config_plugin *p = config_find_plugin(cfg, cfg->plugins[i].name);
            if (!p) abort(); /* every plugin of the list can be found by its name */
            n += strlen(p->name) + (p->path ? strlen(p->path) : 0) + (p->data_dir ? strlen(p->data_dir) : 0);
            for (size_t j = 0; j < p->n_entries; j++) n += strlen(p->entries[j].key) + strlen(p->entries[j].value);
        }
        n += strlen(cfg->input) + strlen(cfg->submit) + strlen(cfg->publish) + strlen(cfg->instance) +
             strlen(cfg->log_level);
        sink = n;
        config_free(&cfg);
    } else if (!memchr(err, 0, sizeof err) || !*err) {
        abort(); /* a refused config always says why */
    }
    free(ini);
    return 0;
}
