/* util — logging, time, UTF-8 validation and small string helpers shared
 * by the daemon, the command line and the plugin host. */
#ifndef ANNOT_UTIL_H
#define ANNOT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 } log_level;

/* Copy n bytes, 1 <= n <= 16, with two overlapping loads and stores and no
 * call: the short strings of annotations (codes, names) are copied this way
 * both into the document's arena (host) and into the encoded result (pack). */
static inline __attribute__((always_inline)) void copy_short_bytes(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else {
        d[0] = s[0];
        d[n / 2] = s[n / 2];
        d[n - 1] = s[n - 1];
    }
}

/* The index of the lowest set bit of m != 0, as a size_t (GCC sign-extends
 * the int of __builtin_ctzll(), one instruction more in a word loop); used
 * by the SSE2 scans of the text core and the encoder. */
static inline __attribute__((always_inline)) size_t ctz64(uint64_t m)
{
#if defined(__x86_64__) && defined(__GNUC__)
    uint64_t r;
    __asm__("tzcnt %1, %0" : "=r"(r) : "rm"(m) : "cc");
    return (size_t)r;
#else
    return (size_t)__builtin_ctzll(m);
#endif
}

/* Set the most verbose level printed (default LOG_INFO). */
void log_set_level(log_level lvl);
/* Parse "error", "warn", "info", "debug"; returns -1 when unknown. */
int log_level_parse(const char *s);
/* Print one line on stderr: time, level, message.  Thread-safe. */
void log_msg(log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(log_level lvl, const char *prefix, const char *fmt, va_list ap);

/* Milliseconds since the Unix epoch; monotonic microseconds. */
uint64_t time_now_ms(void);
uint64_t time_mono_us(void);

/* Validate UTF-8 (no overlongs, surrogates, code points past U+10FFFF, or
 * NUL bytes).  Returns -1 when valid, else the byte offset of the first
 * bad sequence. */
long utf8_invalid_at(const char *s, size_t len);
/* s when it is valid UTF-8, else "" (NULL too): a string echoed in a reply
 * or an error event must be UTF-8, or a client's protobuf library (which
 * checks proto3 strings) refuses the whole message and never sees why. */
static inline const char *utf8_or_empty(const char *s)
{
    return s && utf8_invalid_at(s, strlen(s)) < 0 ? s : "";
}

/* strdup that aborts on out-of-memory (for small control-path strings). */
char *xstrdup(const char *s);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);

/* Trim ASCII white space in place; returns s. */
char *str_trim(char *s);

/* Copy at most n-1 bytes and NUL-terminate (like strlcpy). */
size_t str_copy(char *dst, const char *src, size_t n);

/* A growable byte buffer. */
typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
} buf;
void buf_reserve(buf *b, size_t extra);
void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(buf *b);
/* Append all that f holds, to its end, to b (NUL-terminated after).
 * Returns 0, or the errno of a read error (a directory: EISDIR). */
int buf_read_all(buf *b, FILE *f);
/* Read the file at path whole into b (NUL-terminated after) as text for a
 * parser that reads C strings: a NUL inside would end the text there
 * unsaid, so it is refused.  Returns 0, or -1 with "PATH: cannot open/read
 * WHAT: why" or "PATH: the WHAT holds a NUL byte at offset N" in err (WHAT
 * is a noun such as "config"; NULL leaves it out) and b empty. */
int buf_read_text_file(buf *b, const char *path, const char *what, char *err, size_t errlen);

#endif
