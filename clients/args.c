/* Numbers on the command line, read strictly: a typo is an error that
 * names the option, not a zero, and seconds become milliseconds only
 * when they fit (a double too large for an int is undefined when cast). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

/* The most seconds an option takes: 24 days of milliseconds fit an int. */
#define ARG_MAX_SECONDS (24.0 * 86400)

int arg_ms(const char *cmd, const char *opt, const char *s, int *ms)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(x) || x < 0 || x > ARG_MAX_SECONDS) {
        fprintf(stderr, "annot %s: %s wants seconds from 0 to %.0f, not '%s'\n", cmd, opt, ARG_MAX_SECONDS, s);
        return -1;
    }
    *ms = (int)lround(x * 1000);
    return 0;
}

int arg_long(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (errno || end == s || *end || x < lo || x > hi) {
        fprintf(stderr, "annot %s: %s wants a whole number from %ld to %ld, not '%s'\n", cmd, opt, lo, hi, s);
        return -1;
    }
    *out = x;
    return 0;
}
