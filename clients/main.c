/* annot — the command line of annotd: send documents, subscribe to
 * annotations, or tag in-process. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: annot COMMAND [OPTIONS]\n"
          "  send   send documents to a running annotd and wait for every reply\n"
          "  sub    subscribe to annotd's published annotations\n"
          "  tag    run the plugins in-process: JSON Lines in, JSON Lines out\n"
          "  stats  print the daemon's next published counters\n"
          "Run `annot COMMAND --help` for a command's options.\n", f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "tag")) return cmd_tag(argc - 1, argv + 1);
    if (!strcmp(cmd, "send")) return cmd_send(argc - 1, argv + 1);
    if (!strcmp(cmd, "sub")) return cmd_sub(argc - 1, argv + 1);
    if (!strcmp(cmd, "stats")) return cmd_stats(argc - 1, argv + 1);
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "annot: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
