/* The subcommands of `annot`. */
#ifndef ANNOT_CLI_H
#define ANNOT_CLI_H
int cmd_tag(int argc, char **argv);
int cmd_send(int argc, char **argv);
int cmd_sub(int argc, char **argv);
int cmd_stats(int argc, char **argv);
#endif
