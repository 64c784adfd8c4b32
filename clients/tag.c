/* annot tag — the daemon's pipeline in-process: JSON Lines documents in,
 * JSON Lines annotated documents out.  No daemon, no sockets. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "docs.h"
#include "pbjson.h"
#include "pipeline.h"
#include "util.h"

static void usage(FILE *f)
{
    fputs("usage: annot tag [-c CONFIG] [--with-text] [--pretty] [FILE...]\n"
          "       annot tag --text [-c CONFIG] FILE...\n"
          "Read JSON Lines documents ({\"id\", \"source\", \"text\", ...}) from the FILEs or\n"
          "standard input, run the plugins in-process and print one JSON line per\n"
          "annotated document.  With --text, each FILE is a plain UTF-8 text file\n"
          "(its name is the document id).\n", f);
}

/* Tag one document and print it; returns 0, or 1 when it was rejected. */
static int tag_one(pipeline *p, Annot__V1__Document *doc, const char *where, size_t max_bytes,
                   unsigned flags, int with_text, uint64_t seq)
{
    char why[256];
    if (doc_validate(doc, max_bytes, why, sizeof why) != 0) {
        fprintf(stderr, "annot tag: %s: %s\n", where, why);
        return 1;
    }
    Annot__V1__AnnotatedDocument *r = pipeline_run(p, doc);
    if (!r) {
        fprintf(stderr, "annot tag: %s: out of memory\n", where);
        return 1;
    }
    r->seq = seq;
    r->instance = (char *)"annot-tag";
    if (with_text) r->text = doc->text;
    char *json = pbjson_encode(&r->base, flags);
    r->instance = (char *)protobuf_c_empty_string;
    r->text = (char *)protobuf_c_empty_string;
    pipeline_result_free(r);
    if (!json) {
        fprintf(stderr, "annot tag: %s: out of memory\n", where);
        return 1;
    }
    fputs(json, stdout);
    fputc('\n', stdout);
    free(json);
    return 0;
}

int cmd_tag(int argc, char **argv)
{
    const char *cfg_path = NULL;
    int text_mode = 0, with_text = 0;
    unsigned flags = 0;
    static const struct option opts[] = {
        {"config", required_argument, 0, 'c'}, {"text", no_argument, 0, 't'},
        {"with-text", no_argument, 0, 'w'},    {"pretty", no_argument, 0, 'p'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cfg_path = optarg; break;
        case 't': text_mode = 1; break;
        case 'w': with_text = 1; break;
        case 'p': flags |= PBJSON_PRETTY; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (text_mode && optind >= argc) {
        usage(stderr);
        return 2;
    }
    char err[1024];
    config *cfg = NULL;
    int rc = cfg_path ? config_load_file(&cfg, cfg_path, err, sizeof err)
                      : config_load_string(&cfg, NULL, "<defaults>", err, sizeof err);
    if (rc) {
        fprintf(stderr, "annot tag: %s\n", err);
        return 2;
    }
    /* a filter's stderr is for problems: the defaults log warnings only */
    log_set_level(cfg_path ? (log_level)log_level_parse(cfg->log_level) : LOG_WARN);
    pipeline *p = NULL;
    if (pipeline_new(&p, cfg, err, sizeof err)) {
        fprintf(stderr, "annot tag: %s\n", err);
        config_free(&cfg);
        return 2;
    }
    size_t max_bytes = cfg->max_text_bytes;
    config_free(&cfg);

    int bad = 0;
    uint64_t seq = 0;
    if (text_mode) {
        for (int i = optind; i < argc; i++) {
            Annot__V1__Document *doc = NULL;
            if (doc_from_text_file(argv[i], &doc, err, sizeof err)) {
                fprintf(stderr, "annot tag: %s\n", err);
                bad = 1;
                continue;
            }
            bad |= tag_one(p, doc, argv[i], max_bytes, flags, with_text, ++seq);
            doc_free(doc);
        }
    } else {
        int nfiles = argc - optind;
        for (int i = 0; i < (nfiles ? nfiles : 1); i++) {
            doc_lines rd;
            if (doc_lines_open(&rd, nfiles ? argv[optind + i] : "-", err, sizeof err)) {
                fprintf(stderr, "annot tag: %s\n", err);
                bad = 1;
                continue;
            }
            Annot__V1__Document *doc;
            int k;
            while ((k = doc_lines_next(&rd, &doc, err, sizeof err)) != 0) {
                if (k < 0) {
                    fprintf(stderr, "annot tag: %s\n", err);
                    bad = 1;
                    if (k == -2) break;
                    continue;
                }
                bad |= tag_one(p, doc, rd.where, max_bytes, flags, with_text, ++seq);
                doc_free(doc);
            }
            doc_lines_close(&rd);
        }
    }
    pipeline_release(&p);
    /* a filter whose output was lost (a full disk) has failed */
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "annot tag: cannot write the output: %s\n", strerror(errno ? errno : EIO));
        return 1;
    }
    return bad ? 1 : 0;
}
