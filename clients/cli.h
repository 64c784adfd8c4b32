/* The subcommands of `annot`. */
#ifndef ANNOT_CLI_H
#define ANNOT_CLI_H
int cmd_tag(int argc, char **argv);
int cmd_send(int argc, char **argv);
int cmd_sub(int argc, char **argv);
int cmd_stats(int argc, char **argv);

/* Option values (args.c): 0, or -1 after saying on stderr what `opt` of
 * `annot cmd` wants.  Seconds, as milliseconds: */
int arg_ms(const char *cmd, const char *opt, const char *s, int *ms);
/* A whole number in [lo, hi]: */
int arg_long(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out);
#endif
