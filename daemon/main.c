/* annotd — tags news text as it streams: ZeroMQ in, plugins, ZeroMQ out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot/plugin.h"
#include "config.h"
#include "pipeline.h"
#include "server.h"
#include "util.h"

#ifndef ANNOTD_VERSION
#define ANNOTD_VERSION "unknown"
#endif

static void usage(FILE *f)
{
    fputs("usage: annotd [-c CONFIG]              run the daemon\n"
          "       annotd --check-config CONFIG    validate a config and its plugins, then exit\n"
          "       annotd --plugin-help NAME       a plugin's description and options\n"
          "       annotd --version\n"
          "Without -c, annotd runs with the defaults: loopback endpoints\n"
          "tcp://127.0.0.1:5555 (input, PUSH to it), :5556 (submit, DEALER/REQ),\n"
          ":5557 (publish, SUB) and the built-in plugins.  Signals: SIGTERM/SIGINT\n"
          "drain and exit; SIGHUP reloads the config, plugins and their data.\n", f);
}

static int load(const char *path, config **cfg, pipeline **p, char *err, size_t errlen)
{
    int rc = path ? config_load_file(cfg, path, err, errlen)
                  : config_load_string(cfg, NULL, "<defaults>", err, errlen);
    if (rc) return -1;
    log_set_level((log_level)log_level_parse((*cfg)->log_level));
    if (pipeline_new(p, *cfg, err, errlen)) {
        config_free(cfg);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *cfg_path = NULL;
    int check = 0;
    const char *help_for = NULL;
    static const struct option opts[] = {{"config", required_argument, 0, 'c'},
                                         {"check-config", required_argument, 0, 'k'},
                                         {"version", no_argument, 0, 'V'},
                                         {"plugin-help", required_argument, 0, 'P'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "c:hV", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cfg_path = optarg; break;
        case 'k': cfg_path = optarg; check = 1; break;
        case 'V': printf("annotd %s (plugin ABI %d.%d)\n", ANNOTD_VERSION, ANNOT_ABI_MAJOR, ANNOT_ABI_MINOR); return 0;
        case 'P': help_for = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "annotd: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    char err[2048];
    config *cfg = NULL;
    pipeline *p = NULL;
    if (help_for) {
        int rc = cfg_path ? config_load_file(&cfg, cfg_path, err, sizeof err)
                          : config_load_string(&cfg, NULL, "<defaults>", err, sizeof err);
        if (rc == 0) rc = pipeline_describe(cfg, help_for, stdout, err, sizeof err);
        if (rc) fprintf(stderr, "annotd: %s\n", err);
        config_free(&cfg);
        return rc ? 1 : 0;
    }
    if (load(cfg_path, &cfg, &p, err, sizeof err)) {
        fprintf(stderr, "annotd: %s\n", err);
        return 1;
    }
    if (check) {
        printf("%s: OK (%zu plugin%s:", cfg_path, pipeline_plugin_count(p),
               pipeline_plugin_count(p) == 1 ? "" : "s");
        for (size_t i = 0; i < pipeline_plugin_count(p); i++) printf(" %s", pipeline_plugin_name(p, i));
        puts(")");
        pipeline_release(&p);
        config_free(&cfg);
        return 0;
    }
    server *s = NULL;
    if (server_new(&s, cfg, p, cfg_path, err, sizeof err)) {
        fprintf(stderr, "annotd: %s\n", err);
        return 1;
    }
    int rc = server_run(s);
    server_free(&s);
    return rc;
}
