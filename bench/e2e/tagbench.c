/*
 * tagbench — the pipeline in-process, one thread, no sockets: the figure
 * bench/run sets beside the npm package `compromise` (entities found per
 * second and MB/s on the same articles).
 *
 *   tagbench [--config INI_TEXT] [--min-seconds S] [--pack] [--dump FILE] DIR
 *       Tag every DIR/ *.txt with pipeline_run_len() over and over until
 *       S seconds have passed (default 2), and print one line of key=value
 *       figures: documents, MB (10^6 bytes of text) and seconds, MB/s, and
 *       the actors found per pass by kind (person, country, organization,
 *       group) and per second.  INI_TEXT defaults to "plugins = actors".
 *       With --pack, each result is also encoded with result_pack_new() as
 *       the daemon's workers do (text included, as publish_text does by
 *       default), so a profile (callgrind --toggle-collect=result_pack_new)
 *       sees the encoder's cost too; a second line gives packed_bytes=N.
 *       Like the daemon, it hands both the text's length, measured once
 *       (when the file is read).  --dump FILE (with --pack) writes the
 *       encodings of the first pass to FILE, each after its length as 8
 *       bytes, with every elapsed_us set to 0, so two builds can be
 *       compared byte for byte.
 *
 * Built by bench/run against the build tree's libannotcore.a.  A benchmark,
 * not a test: it asserts nothing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pack.h"
#include "pipeline.h"

/* Monotonic time in seconds. */
static double tb_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int tb_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Read DIR/ *.txt, sorted, and their lengths.  Returns the count (0 on
 * failure). */
static size_t tb_load(const char *dir, char ***texts, size_t **lens, size_t *bytes)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt")) continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, tb_cmp);
    *texts = calloc(n ? n : 1, sizeof **texts);
    *lens = calloc(n ? n : 1, sizeof **lens);
    *bytes = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        char *t = NULL;
        long len = 0;
        if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
            t = malloc((size_t)len + 1);
            if (fread(t, 1, (size_t)len, f) != (size_t)len) len = 0;
            t[len] = 0;
        }
        if (f) fclose(f);
        (*texts)[i] = t ? t : strdup("");
        (*lens)[i] = strlen((*texts)[i]); /* the text as the pipeline sees it: up to a NUL */
        *bytes += (size_t)len;
        free(names[i]);
    }
    free(names);
    return n;
}

int main(int argc, char **argv)
{
    const char *ini = "[daemon]\nplugins = actors\nlog_level = error\n";
    double min_s = 2.0;
    const char *dir = NULL;
    int pack = 0;
    const char *dump = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc) ini = argv[++i];
        else if (!strcmp(argv[i], "--min-seconds") && i + 1 < argc) min_s = atof(argv[++i]);
        else if (!strcmp(argv[i], "--pack")) pack = 1;
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc) dump = argv[++i];
        else dir = argv[i];
    }
    if (!dir) {
        fputs("usage: tagbench [--config INI_TEXT] [--min-seconds S] [--pack] [--dump FILE] DIR\n", stderr);
        return 2;
    }
    char **texts;
    size_t *lens, bytes, n = tb_load(dir, &texts, &lens, &bytes);
    if (!n) {
        fprintf(stderr, "tagbench: no *.txt in %s\n", dir);
        return 1;
    }
    pipeline *p = NULL;
    char err[1024];
    if (pipeline_new_from_string(&p, ini, err, sizeof err)) {
        fprintf(stderr, "tagbench: %s\n", err);
        return 1;
    }
    unsigned long kinds[5] = {0};
    unsigned long passes = 0, docs = 0, failed = 0;
    unsigned long long packed_bytes = 0;
    FILE *dump_f = NULL;
    if (dump && !(dump_f = fopen(dump, "wb"))) {
        perror(dump);
        return 1;
    }
    double t0 = tb_now(), t;
    do {
        for (size_t i = 0; i < n; i++) {
            Annot__V1__Document in = ANNOT__V1__DOCUMENT__INIT; /* as pipeline_tag_text() */
            in.id = (char *)"text";
            in.text = texts[i];
            Annot__V1__AnnotatedDocument *d = pipeline_run_len(p, &in, lens[i], NULL);
            if (!d) return 1;
            if (passes == 0) {
                for (size_t k = 0; k < d->n_actors; k++) {
                    unsigned kind = (unsigned)d->actors[k]->kind;
                    kinds[kind < 5 ? kind : 0]++;
                }
                for (size_t k = 0; k < d->n_plugins; k++)
                    if (d->plugins[k]->error && *d->plugins[k]->error) failed++;
            }
            if (pack) {
                size_t len = 0;
                d->text = texts[i]; /* the daemon publishes the text by default */
                if (dump_f && passes == 0) {
                    d->elapsed_us = 0;
                    for (size_t k = 0; k < d->n_plugins; k++) d->plugins[k]->elapsed_us = 0;
                }
                uint8_t *out = result_pack_new_len(d, lens[i], &len);
                d->text = (char *)protobuf_c_empty_string;
                if (!out) return 1;
                packed_bytes += len;
                if (dump_f && passes == 0) {
                    uint64_t l = len;
                    fwrite(&l, sizeof l, 1, dump_f);
                    fwrite(out, 1, len, dump_f);
                }
                free(out);
            }
            pipeline_result_free(d);
            docs++;
        }
        passes++;
        t = tb_now() - t0;
    } while (t < min_s);
    double mb = (double)bytes * (double)passes / 1e6;
    unsigned long ents = kinds[1] + kinds[2] + kinds[3] + kinds[4];
    printf("docs=%lu mb=%.3f secs=%.3f mb_per_s=%.2f docs_per_s=%.1f person=%lu country=%lu "
           "organization=%lu group=%lu entities=%lu entities_per_s=%.0f plugin_failures=%lu\n",
           docs, mb, t, mb / t, (double)docs / t, kinds[3], kinds[1], kinds[2], kinds[4], ents,
           (double)ents * (double)passes / t, failed);
    if (pack) printf("packed_bytes=%llu\n", packed_bytes);
    if (dump_f) fclose(dump_f);
    for (size_t i = 0; i < n; i++) free(texts[i]);
    free(texts);
    free(lens);
    pipeline_release(&p);
    return 0;
}
