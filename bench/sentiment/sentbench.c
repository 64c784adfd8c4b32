/*
 * sentbench — run the sentiment plugin alone over VADER-style ground-truth
 * snippets (ID<TAB>RATING<TAB>TEXT a line) through the real host table and
 * text core, print one JSON line per snippet ({"docId", "sentiment":
 * {"compound"}}, the form sentiment.py scores) and measure the plugin's own
 * throughput: process() is timed apart from the text core, each document
 * --runs times in a row (warm caches, as in the pipeline right after the
 * text core), and the mean pass is reported on stderr as JSON (wall clock,
 * and the thread's CPU time, which stays meaningful on a loaded machine).
 *
 *   sentbench [--runs N] [--quiet] PLUGIN.so DATA_DIR GROUND_TRUTH.txt
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "host.h"
#include "text.h"

/* Monotonic time in seconds. */
static double sb_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this thread in seconds (robust when the machine is loaded). */
static double sb_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct sb_item {
    char *id;
    char *text;
    Annot__V1__Document in;
    annot_doc doc;
} sb_item;

/* Read the ground-truth file into items; returns their count, or -1. */
static long sb_read(const char *path, sb_item **out, size_t *bytes)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    sb_item *items = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    *bytes = 0;
    while ((len = getline(&line, &lcap, f)) > 0) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *p = line;
        if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB)
            p += 3;
        char *t1 = strchr(p, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            sb_item *q = realloc(items, cap * sizeof *q);
            if (!q)
                goto err;
            items = q;
        }
        *t1 = '\0';
        items[n].id = strdup(p);
        items[n].text = strdup(t2 + 1);
        if (!items[n].id || !items[n].text)
            goto err;
        *bytes += strlen(items[n].text);
        n++;
    }
    free(line);
    fclose(f);
    *out = items;
    return (long)n;
err:
    free(line);
    fclose(f);
    free(items);
    return -1;
}

/* Print a JSON string with the escapes JSON needs. */
static void sb_json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

int main(int argc, char **argv)
{
    int runs = 5, quiet = 0, ai = 1;
    while (ai < argc && strncmp(argv[ai], "--", 2) == 0) {
        if (strcmp(argv[ai], "--runs") == 0 && ai + 1 < argc)
            runs = atoi(argv[++ai]);
        else if (strcmp(argv[ai], "--quiet") == 0)
            quiet = 1;
        ai++;
    }
    if (argc - ai != 3 || runs < 1) {
        fprintf(stderr, "usage: sentbench [--runs N] [--quiet] PLUGIN.so DATA_DIR GROUND_TRUTH.txt\n");
        return 2;
    }
    const char *so = argv[ai], *data_dir = argv[ai + 1], *gt = argv[ai + 2];
    char err[1024];
    config *cfg = NULL;
    annot_ctx *ctx = NULL;
    void *state = NULL, *dl = NULL;
    sb_item *items = NULL;
    long n = 0;
    int rc = 1;
    const annot_plugin *desc = NULL;

    dl = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
        fprintf(stderr, "sentbench: %s\n", dlerror());
        goto err;
    }
    annot_plugin_entry_fn entry = (annot_plugin_entry_fn)dlsym(dl, ANNOT_PLUGIN_ENTRY_SYMBOL);
    desc = entry ? entry(host_table()) : NULL;
    if (!desc) {
        fprintf(stderr, "sentbench: %s: no usable plugin entry\n", so);
        goto err;
    }
    char ini[4096];
    snprintf(ini, sizeof ini, "[daemon]\nplugins = sentiment\n[plugin.sentiment]\ndata_dir = %s\n",
             data_dir);
    if (config_load_string(&cfg, ini, "<sentbench>", err, sizeof err) ||
        host_ctx_new(&ctx, "<sentbench>", config_find_plugin(cfg, "sentiment"), desc, data_dir,
                     err, sizeof err)) {
        fprintf(stderr, "sentbench: %s\n", err);
        goto err;
    }
    if (desc->init(host_table(), ctx, &state, err, sizeof err)) {
        fprintf(stderr, "sentbench: init: %s\n", err);
        goto err;
    }
    size_t bytes = 0;
    n = sb_read(gt, &items, &bytes);
    if (n < 0) {
        fprintf(stderr, "sentbench: cannot read %s\n", gt);
        n = 0;
        goto err;
    }
    double t0 = sb_now();
    size_t n_sent = 0;
    for (long i = 0; i < n; i++) {
        Annot__V1__Document init = ANNOT__V1__DOCUMENT__INIT;
        items[i].in = init;
        items[i].in.id = items[i].id;
        items[i].in.text = items[i].text;
        memset(&items[i].doc, 0, sizeof items[i].doc);
        if (host_doc_init(&items[i].doc, &items[i].in)) {
            fprintf(stderr, "sentbench: out of memory\n");
            n = i;
            goto err;
        }
        n_sent += items[i].doc.layout.n_sentences;
    }
    /* Each document is processed `runs` times in a row, as in the pipeline
     * where the text core has just touched it (warm caches); the figure is
     * the total divided by runs.  A first cold pass fills the results. */
    double t_core = sb_now() - t0;
    for (long i = 0; i < n; i++)
        if (desc->process(state, &items[i].doc, err, sizeof err)) {
            fprintf(stderr, "sentbench: process: %s\n", err);
            goto err;
        }
    t0 = sb_now();
    double c0 = sb_cpu();
    for (long i = 0; i < n; i++)
        for (int r = 0; r < runs; r++)
            if (desc->process(state, &items[i].doc, err, sizeof err)) {
                fprintf(stderr, "sentbench: process: %s\n", err);
                goto err;
            }
    double best = (sb_now() - t0) / runs, best_cpu = (sb_cpu() - c0) / runs;
    if (!quiet)
        for (long i = 0; i < n; i++) {
            printf("{\"docId\":");
            sb_json_str(items[i].id);
            printf(",\"sentiment\":{\"compound\":%.6f}}\n",
                   items[i].doc.has_doc_sentiment ? items[i].doc.doc_sentiment.compound : 0.0);
        }
    fprintf(stderr,
            "{\"snippets\":%ld,\"sentences\":%zu,\"bytes\":%zu,\"runs\":%d,"
            "\"plugin_seconds\":%.6f,\"plugin_snippets_per_s\":%.0f,"
            "\"plugin_sentences_per_s\":%.0f,\"plugin_mb_per_s\":%.1f,"
            "\"plugin_cpu_seconds\":%.6f,\"plugin_mb_per_cpu_s\":%.1f,"
            "\"text_core_seconds\":%.6f,\"text_core_mb_per_s\":%.1f}\n",
            n, n_sent, bytes, runs, best, (double)n / best, (double)n_sent / best,
            (double)bytes / best / 1e6, best_cpu, (double)bytes / best_cpu / 1e6, t_core, (double)bytes / t_core / 1e6);
    rc = 0;
err:
    for (long i = 0; i < n; i++)
        host_doc_free(&items[i].doc);
    for (long i = 0; items && i < n; i++) {
        free(items[i].id);
        free(items[i].text);
    }
    free(items);
    if (state && desc)
        desc->destroy(state);
    host_ctx_free(&ctx);
    config_free(&cfg);
    if (dl)
        dlclose(dl);
    return rc;
}
