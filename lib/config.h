/*
 * config — the annotd INI file, parsed with libinih.
 *
 *   [daemon]            endpoints, threads, limits, the plugin list
 *   [plugin.NAME]       path / enabled / data_dir, then the plugin's options
 *
 * Keys of [daemon] are checked here; a plugin section's options are checked
 * against the plugin's own option table when the pipeline loads it.  Every
 * entry remembers its line so errors can name it.
 */
#ifndef ANNOT_CONFIG_H
#define ANNOT_CONFIG_H

#include <stddef.h>

typedef struct config_entry {
    char *key;
    char *value;
    int line;
} config_entry;

typedef struct config_plugin {
    char *name;          /* instance name: the NAME of [plugin.NAME] */
    char *path;          /* `path` key, or NULL: found by name */
    char *data_dir;      /* `data_dir` key, or NULL */
    int enabled;         /* `enabled` key, default 1 */
    int line;            /* line of the section header (0 if implied) */
    config_entry *entries; /* the plugin's own options, in file order */
    size_t n_entries;
} config_plugin;

typedef struct config {
    char *file;              /* path, or "<string>" */
    /* [daemon] */
    char *input;             /* PULL endpoint */
    char *submit;            /* ROUTER endpoint */
    char *publish;           /* PUB endpoint */
    char *instance;          /* name in every published message */
    char *plugin_dir;        /* extra folder to find plugins in, or NULL */
    char *log_level;
    int workers;
    int max_inflight;
    size_t max_inflight_bytes; /* text bytes inside at once (one document may overshoot) */
    size_t max_text_bytes;
    int publish_text;        /* put the text in published documents */
    int publish_hwm;         /* PUB send high-water mark (0: unlimited) */
    int linger_ms;           /* how long close waits for unsent messages */
    int stats_interval_ms;   /* publish Stats this often (0: never) */
    int plugin_warn_ms;      /* log a plugin running longer than this on one document (0: never) */
    /* plugins, in the order they are named (the pipeline reorders by
     * `requires`) */
    config_plugin *plugins;
    size_t n_plugins;
} config;

/* Parse an INI file.  Returns 0 and sets *out, or -1 with "FILE:LINE: what"
 * in err. */
int config_load_file(config **out, const char *path, char *err, size_t errlen);
/* Parse INI text; NULL or "" gives the defaults. `name` names it in
 * errors. */
int config_load_string(config **out, const char *ini, const char *name, char *err, size_t errlen);
/* Free a config and null the caller's pointer. */
void config_free(config **c);
/* The plugin section named `name`, or NULL. */
const config_plugin *config_find_plugin(const config *c, const char *name);

#endif
