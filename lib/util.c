#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The most verbose level printed: set by the loop thread (at start-up and
 * on SIGHUP) while workers and plugins log, so atomic (relaxed: a log line
 * may come out at the old level while the new one is being set). */
static _Atomic int g_level = LOG_INFO;
static pthread_mutex_t g_log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const level_names[] = {"error", "warn", "info", "debug"};

void log_set_level(log_level lvl) { atomic_store_explicit(&g_level, (int)lvl, memory_order_relaxed); }

int log_level_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp(s, level_names[i]) == 0) return i;
    if (strcasecmp(s, "warning") == 0) return LOG_WARN;
    return -1;
}

void log_vmsg(log_level lvl, const char *prefix, const char *fmt, va_list ap)
{
    if ((int)lvl > atomic_load_explicit(&g_level, memory_order_relaxed)) return;
    char line[2048];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %-5s %s%s",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, ts.tv_nsec / 1000000, level_names[lvl], prefix ? prefix : "",
                     prefix ? ": " : "");
    if (n < 0) n = 0;
    if ((size_t)n < sizeof line) vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    pthread_mutex_lock(&g_log_lock);
    fprintf(stderr, "%s\n", line);
    pthread_mutex_unlock(&g_log_lock);
}

void log_msg(log_level lvl, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(lvl, NULL, fmt, ap);
    va_end(ap);
}

uint64_t time_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t time_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

long utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
        /* Fast path for the daemon's intake, which checks every text on
         * the loop thread: 64 bytes at a time in ~17 instructions (the
         * eight-byte loop below takes ~70).  A byte is plain ASCII and not
         * NUL exactly when, as a signed byte, it is above 0.  Tried only
         * from such a byte, so a text in another script does not pay for
         * a failed attempt at every letter; a failed block moves i to its
         * first other byte. */
        const __m128i zero = _mm_setzero_si128();
        if ((signed char)s[i] > 0)
            while (i + 64 <= len) {
                __m128i a = _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(s + i)), zero),
                        b = _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(s + i + 16)), zero),
                        c = _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(s + i + 32)), zero),
                        d = _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(s + i + 48)), zero);
                if (_mm_movemask_epi8(_mm_and_si128(_mm_and_si128(a, b), _mm_and_si128(c, d))) != 0xFFFF) {
                    uint64_t ok = (uint64_t)(unsigned)_mm_movemask_epi8(a) |
                                  (uint64_t)(unsigned)_mm_movemask_epi8(b) << 16 |
                                  (uint64_t)(unsigned)_mm_movemask_epi8(c) << 32 |
                                  (uint64_t)(unsigned)_mm_movemask_epi8(d) << 48;
                    i += (size_t)__builtin_ctzll(~ok);
                    break;
                }
                i += 64;
            }
#endif
        /* Eight ASCII bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            /* a zero byte inside the word? */
            if ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= len) break;
        unsigned c = s[i];
        if (c == 0) return (long)i;
        if (c < 0x80) { i++; continue; }
        size_t n;
        unsigned min;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) { n = 2; min = 0x80; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 3; min = 0x800; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 4; min = 0x10000; cp = c & 0x07; }
        else return (long)i;
        if (i + n > len) return (long)i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return (long)i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return (long)i;
        i += n;
    }
    return -1;
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) { fputs("annot: out of memory\n", stderr); abort(); }
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) { fputs("annot: out of memory\n", stderr); abort(); }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) { fputs("annot: out of memory\n", stderr); abort(); }
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}

char *str_trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) *--e = 0;
    return s;
}

size_t str_copy(char *dst, const char *src, size_t n)
{
    size_t len = strlen(src);
    if (n) {
        size_t k = len < n - 1 ? len : n - 1;
        memcpy(dst, src, k);
        dst[k] = 0;
    }
    return len;
}

void buf_reserve(buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_append(buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { buf_append(b, tmp, (size_t)n); return; }
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int buf_read_all(buf *b, FILE *f)
{
    for (;;) {
        buf_reserve(b, 65536);
        size_t n = fread(b->data + b->len, 1, b->cap - b->len - 1, f);
        b->len += n;
        b->data[b->len] = 0;
        if (n == 0) break;
    }
    return ferror(f) ? (errno ? errno : EIO) : 0;
}

int buf_read_text_file(buf *b, const char *path, const char *what, char *err, size_t errlen)
{
    const char *sp = what ? " " : "", *noun = what ? what : "";
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open%s%s: %s", path, sp, noun, strerror(errno));
        return -1;
    }
    int e = buf_read_all(b, f);
    fclose(f);
    if (e) {
        snprintf(err, errlen, "%s: cannot read%s%s: %s", path, sp, noun, strerror(e));
        buf_free(b);
        return -1;
    }
    const char *nul = memchr(b->data, 0, b->len);
    if (nul) {
        snprintf(err, errlen, "%s: the %s holds a NUL byte at offset %zu (not a text file)", path,
                 what ? what : "file", (size_t)(nul - b->data));
        buf_free(b);
        return -1;
    }
    return 0;
}
