#include "config.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* The plugins loaded when the config names none. */
static const char *const default_plugins[] = {"actors", "sentiment", "blame", "proposals", NULL};

typedef struct parse_state {
    config *cfg;
    int line;               /* line the reader last returned */
    char *err;
    size_t errlen;
    int failed;
    int plugins_given;      /* [daemon] plugins = ... was set */
    /* reader over a string */
    const char *cursor;
} parse_state;

static void set_defaults(config *c)
{
    c->input = xstrdup("tcp://127.0.0.1:5555");
    c->submit = xstrdup("tcp://127.0.0.1:5556");
    c->publish = xstrdup("tcp://127.0.0.1:5557");
    c->instance = xstrdup("annotd");
    c->log_level = xstrdup("info");
    c->workers = 2;
    c->max_inflight = 256;
    c->max_inflight_bytes = 32u << 20;
    c->max_text_bytes = 2u << 20;
    c->publish_text = 1;
    c->publish_hwm = 100000;
    c->linger_ms = 2000;
    c->stats_interval_ms = 10000;
    c->plugin_warn_ms = 5000;
}

static int fail(parse_state *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(parse_state *ps, const char *fmt, ...)
{
    if (ps->failed) return 0;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(ps->err, ps->errlen, "%s:%d: %s", ps->cfg->file, ps->line, msg);
    ps->failed = 1;
    return 0; /* stop inih */
}

static config_plugin *find_or_add_plugin(config *c, const char *name, int line)
{
    for (size_t i = 0; i < c->n_plugins; i++)
        if (strcmp(c->plugins[i].name, name) == 0) return &c->plugins[i];
    c->plugins = xrealloc(c->plugins, (c->n_plugins + 1) * sizeof *c->plugins);
    config_plugin *p = &c->plugins[c->n_plugins++];
    memset(p, 0, sizeof *p);
    p->name = xstrdup(name);
    p->enabled = 1;
    p->line = line;
    return p;
}

/* Parse a boolean; -1 when it is not one. */
static int parse_bool(const char *v)
{
    static const char *const yes[] = {"1", "true", "yes", "on", NULL};
    static const char *const no[] = {"0", "false", "no", "off", NULL};
    for (int i = 0; yes[i]; i++) if (strcasecmp(v, yes[i]) == 0) return 1;
    for (int i = 0; no[i]; i++) if (strcasecmp(v, no[i]) == 0) return 0;
    return -1;
}

/* Parse an integer in [lo, hi]; returns 0 or -1. */
static int parse_int(const char *v, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || end == v || *str_trim(end) != 0 || x < lo || x > hi) return -1;
    *out = x;
    return 0;
}

static void replace(char **slot, const char *v)
{
    free(*slot);
    *slot = xstrdup(v);
}

/* Split a comma-separated list into the plugin list. */
static void set_plugin_list(parse_state *ps, const char *v)
{
    char *copy = xstrdup(v), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *name = str_trim(tok);
        if (*name) find_or_add_plugin(ps->cfg, name, 0); /* implied: no section line */
    }
    free(copy);
}

static int daemon_key(parse_state *ps, const char *key, const char *v)
{
    config *c = ps->cfg;
    long long x;
    if (!strcmp(key, "input")) replace(&c->input, v);
    else if (!strcmp(key, "submit")) replace(&c->submit, v);
    else if (!strcmp(key, "publish")) replace(&c->publish, v);
    else if (!strcmp(key, "instance")) replace(&c->instance, v);
    else if (!strcmp(key, "plugin_dir")) replace(&c->plugin_dir, v);
    else if (!strcmp(key, "log_level")) {
        if (log_level_parse(v) < 0) return fail(ps, "log_level must be error, warn, info or debug, not '%s'", v);
        replace(&c->log_level, v);
    } else if (!strcmp(key, "workers")) {
        if (parse_int(v, 1, 256, &x)) return fail(ps, "workers must be a whole number from 1 to 256, not '%s'", v);
        c->workers = (int)x;
    } else if (!strcmp(key, "max_inflight")) {
        if (parse_int(v, 1, 1000000, &x)) return fail(ps, "max_inflight must be a whole number from 1 to 1000000, not '%s'", v);
        c->max_inflight = (int)x;
    } else if (!strcmp(key, "max_inflight_bytes")) {
        if (parse_int(v, 1, (long long)1 << 40, &x)) return fail(ps, "max_inflight_bytes must be a whole number from 1 to 1099511627776, not '%s'", v);
        c->max_inflight_bytes = (size_t)x;
    } else if (!strcmp(key, "max_text_bytes")) {
        if (parse_int(v, 1, (long long)1 << 30, &x)) return fail(ps, "max_text_bytes must be a whole number from 1 to 1073741824, not '%s'", v);
        c->max_text_bytes = (size_t)x;
    } else if (!strcmp(key, "publish_text")) {
        int b = parse_bool(v);
        if (b < 0) return fail(ps, "publish_text must be true or false, not '%s'", v);
        c->publish_text = b;
    } else if (!strcmp(key, "publish_hwm")) {
        if (parse_int(v, 0, INT_MAX, &x)) return fail(ps, "publish_hwm must be a whole number >= 0, not '%s'", v);
        c->publish_hwm = (int)x;
    } else if (!strcmp(key, "linger_ms")) {
        if (parse_int(v, 0, 3600000, &x)) return fail(ps, "linger_ms must be a whole number from 0 to 3600000, not '%s'", v);
        c->linger_ms = (int)x;
    } else if (!strcmp(key, "stats_interval_ms")) {
        if (parse_int(v, 0, 86400000, &x)) return fail(ps, "stats_interval_ms must be a whole number from 0 to 86400000, not '%s'", v);
        c->stats_interval_ms = (int)x;
    } else if (!strcmp(key, "plugin_warn_ms")) {
        if (parse_int(v, 0, 86400000, &x)) return fail(ps, "plugin_warn_ms must be a whole number from 0 to 86400000, not '%s'", v);
        c->plugin_warn_ms = (int)x;
    } else if (!strcmp(key, "plugins")) {
        if (!ps->plugins_given) {
            /* the list replaces the defaults but keeps sections seen so far */
            ps->plugins_given = 1;
        }
        set_plugin_list(ps, v);
    } else {
        return fail(ps, "unknown key '%s' in section [daemon]", key);
    }
    return 1;
}

static int plugin_key(parse_state *ps, const char *section, const char *key, const char *v)
{
    const char *name = section + strlen("plugin.");
    if (!*name) return fail(ps, "section [plugin.] needs a plugin name");
    /* line 0 here: scan_empty_sections() sets the section header's line */
    config_plugin *p = find_or_add_plugin(ps->cfg, name, 0);
    if (!strcmp(key, "path")) replace(&p->path, v);
    else if (!strcmp(key, "data_dir")) replace(&p->data_dir, v);
    else if (!strcmp(key, "enabled")) {
        int b = parse_bool(v);
        if (b < 0) return fail(ps, "enabled must be true or false, not '%s' in section [%s]", v, section);
        p->enabled = b;
    } else {
        p->entries = xrealloc(p->entries, (p->n_entries + 1) * sizeof *p->entries);
        config_entry *e = &p->entries[p->n_entries++];
        e->key = xstrdup(key);
        e->value = xstrdup(v);
        e->line = ps->line;
    }
    return 1;
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
    parse_state *ps = user;
    if (ps->failed) return 0;
    if (!key) { /* a new section (INI_CALL_HANDLER_ON_NEW_SECTION builds) */
        return 1;
    }
    if (!strcmp(section, "daemon")) return daemon_key(ps, key, value);
    if (!strncmp(section, "plugin.", 7)) return plugin_key(ps, section, key, value);
    if (!*section) return fail(ps, "key '%s' outside any section (expected [daemon] or [plugin.NAME])", key);
    return fail(ps, "unknown section [%s] (expected [daemon] or [plugin.NAME])", section);
}

/* inih reader over a string, counting lines. */
static char *string_reader(char *str, int num, void *stream)
{
    parse_state *ps = stream;
    if (!*ps->cursor) return NULL;
    /* inih's line buffer is fixed: a longer line would be cut and its rest
     * parsed as a line of its own, so refuse it (the line and its newline
     * must fit in num - 1 bytes) */
    size_t n = strcspn(ps->cursor, "\n");
    if (n + 1 > (size_t)num - 1) {
        ps->line++;
        fail(ps, "line is too long (at most %d bytes; split a list over repeated keys)", num - 3);
        return NULL;
    }
    int i = (int)n;
    if (ps->cursor[i] == '\n') i++;
    memcpy(str, ps->cursor, (size_t)i);
    str[i] = 0;
    ps->cursor += i;
    ps->line++;
    return str;
}

/* Sections named only by [plugin.NAME] headers with no keys never reach
 * the handler; find them by scanning the text. */
static void scan_empty_sections(parse_state *ps, const char *text)
{
    int line = 0;
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        line++;
        const char *q = p;
        while (q < p + n && (*q == ' ' || *q == '\t')) q++;
        if (q < p + n && *q == '[') {
            const char *close = memchr(q, ']', (size_t)(p + n - q));
            if (close && !(close - q == 7 && !strncmp(q + 1, "daemon", 6)) &&
                !(close - q > 8 && !strncmp(q + 1, "plugin.", 7)) && !ps->failed) {
                ps->line = line;
                fail(ps, "unknown section [%.*s] (expected [daemon] or [plugin.NAME])",
                     (int)(close - q - 1), q + 1);
            }
            if (close && close - q > 8 && !strncmp(q + 1, "plugin.", 7)) {
                char name[256];
                size_t len = (size_t)(close - q - 8);
                if (len < sizeof name) {
                    memcpy(name, q + 8, len);
                    name[len] = 0;
                    char *t = str_trim(name);
                    if (*t) {
                        config_plugin *pl = find_or_add_plugin(ps->cfg, t, line);
                        if (!pl->line) pl->line = line;
                    }
                }
            }
        }
        p = eol ? eol + 1 : p + n;
    }
}

int config_load_string(config **out, const char *ini, const char *name, char *err, size_t errlen)
{
    config *c = xcalloc(1, sizeof *c);
    c->file = xstrdup(name ? name : "<string>");
    set_defaults(c);
    parse_state ps = {.cfg = c, .err = err, .errlen = errlen, .cursor = ini ? ini : ""};
    if (ini && *ini) {
        int rc = ini_parse_stream(string_reader, &ps, handler, &ps);
        if (!ps.failed && rc > 0) {
            snprintf(err, errlen, "%s:%d: syntax error (expected [section] or key = value)", c->file, rc);
            ps.failed = 1;
        } else if (!ps.failed && rc < 0) {
            snprintf(err, errlen, "%s: cannot parse (out of memory)", c->file);
            ps.failed = 1;
        }
        if (!ps.failed) scan_empty_sections(&ps, ini);
    }
    if (ps.failed) {
        config_free(&c);
        return -1;
    }
    if (!ps.plugins_given) {
        /* defaults first, then any [plugin.X] sections the file added */
        config_plugin *extra = c->plugins;
        size_t n_extra = c->n_plugins;
        c->plugins = NULL;
        c->n_plugins = 0;
        for (int i = 0; default_plugins[i]; i++) find_or_add_plugin(c, default_plugins[i], 0);
        for (size_t i = 0; i < n_extra; i++) {
            config_plugin *p = find_or_add_plugin(c, extra[i].name, extra[i].line);
            free(p->name);
            *p = extra[i];
        }
        free(extra);
    }
    *out = c;
    return 0;
}

int config_load_file(config **out, const char *path, char *err, size_t errlen)
{
    buf b = {0};
    if (buf_read_text_file(&b, path, "config", err, errlen)) return -1;
    int rc = config_load_string(out, b.data, path, err, errlen);
    buf_free(&b);
    return rc;
}

const config_plugin *config_find_plugin(const config *c, const char *name)
{
    for (size_t i = 0; i < c->n_plugins; i++)
        if (!strcmp(c->plugins[i].name, name)) return &c->plugins[i];
    return NULL;
}

void config_free(config **cp)
{
    config *c = *cp;
    if (!c) return;
    for (size_t i = 0; i < c->n_plugins; i++) {
        config_plugin *p = &c->plugins[i];
        for (size_t j = 0; j < p->n_entries; j++) {
            free(p->entries[j].key);
            free(p->entries[j].value);
        }
        free(p->entries);
        free(p->name);
        free(p->path);
        free(p->data_dir);
    }
    free(c->plugins);
    free(c->file);
    free(c->input);
    free(c->submit);
    free(c->publish);
    free(c->instance);
    free(c->plugin_dir);
    free(c->log_level);
    free(c);
    *cp = NULL;
}
