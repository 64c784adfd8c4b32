#include "text.h"
#include "util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Character classes of the tokenizer. */
enum { C_SPACE, C_NEWLINE, C_ALPHA, C_DIGIT, C_PUNCT };

/* Decode the code point at s[i] (valid UTF-8); sets *n to its length. */
static unsigned decode(const unsigned char *s, size_t i, size_t *n)
{
    unsigned c = s[i];
    if (c < 0x80) { *n = 1; return c; }
    if ((c & 0xE0) == 0xC0) { *n = 2; return ((c & 0x1F) << 6) | (s[i + 1] & 0x3F); }
    if ((c & 0xF0) == 0xE0) {
        *n = 3;
        return ((c & 0x0F) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3F);
    }
    *n = 4;
    return ((c & 0x07) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) |
           (s[i + 3] & 0x3F);
}

/* Class of a non-ASCII code point: spaces and the punctuation blocks are
 * told apart; everything else counts as a letter. */
static int class_of_cp(unsigned cp)
{
    if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
        cp == 0x3000 || cp == 0xFEFF)
        return C_SPACE;
    if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) return C_NEWLINE;
    if ((cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
        (cp >= 0x2010 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF) ||
        (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3001 && cp <= 0x303F) ||
        (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0x1F000 && cp <= 0x1FAFF))
        return C_PUNCT;
    return C_ALPHA;
}

static unsigned char ascii_class[128];
/* Per byte: B_ALNUM for ASCII letters and digits, plus B_UPPER or B_LOWER
 * for letters; 0 for everything else (non-ASCII bytes included). */
enum { B_ALNUM = 1, B_UPPER = 2, B_LOWER = 4 };
static unsigned char alnum_byte[256];
/* Per byte after an ASCII word of the fast path (see tokenize()): what it
 * makes of the word.  WE_GENERAL: the word may go on (an apostrophe, a
 * non-ASCII letter), the general path decides; WE_DOT: the word ends
 * unless it is a single letter (which may open "U.S."); WE_END: it ends;
 * WE_SPACE: it ends at a space, which is taken with it: the value holds
 * the next token's flag, and its bit 5 (that flag) is the byte taken. */
enum { WE_GENERAL, WE_DOT, WE_END, WE_SPACE = WE_END | ANNOT_TOK_SPACE_BEFORE };
_Static_assert(ANNOT_TOK_SPACE_BEFORE == 1u << 5, "WE_SPACE >> 5 is the space taken");
static unsigned char word_end[256];
/* Per byte: what the fast path for punctuation (see tokenize()) makes of
 * it.  PU_ALONE: an ASCII punctuation byte that is a token on its own
 * whatever follows; PU_UNLESS_TWICE: one ('.', '-') that is, unless the
 * next byte is the same ("...", "--" are for the general path); 0: the
 * general path decides (an apostrophe, which may be a possessive, and
 * everything that is no ASCII punctuation).  PU_MARK, with either: a
 * period, '!' or '?', after which split() must look (the others end no
 * sentence but at a line break, which gets its own mark). */
enum { PU_ALONE = 1, PU_UNLESS_TWICE = 2, PU_MARK = 4 };
static unsigned char punct_one[256];
static pthread_once_t classes_once = PTHREAD_ONCE_INIT; /* the tables are filled once */

static inline int class_at(const unsigned char *s, size_t i, size_t len, size_t *n)
{
    if (i >= len) { *n = 0; return C_SPACE; }
    if (s[i] < 0x80) { *n = 1; return ascii_class[s[i]]; }
    return class_of_cp(decode(s, i, n));
}

static bool is_alnum_at(const unsigned char *s, size_t i, size_t len)
{
    size_t n;
    int k = class_at(s, i, len, &n);
    return k == C_ALPHA || k == C_DIGIT;
}

static bool is_alpha_at(const unsigned char *s, size_t i, size_t len)
{
    size_t n;
    return class_at(s, i, len, &n) == C_ALPHA;
}

/* Length of an apostrophe at s[i] (' or U+2019), or 0. */
static size_t apos_len(const unsigned char *s, size_t i, size_t len)
{
    if (i < len && s[i] == '\'') return 1;
    if (i + 2 < len && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99) return 3;
    return 0;
}

/* Make the marks' array as long as the tokens' (see grow_tokens()).
 * Returns 0 or ANNOT_ENOMEM. */
static int tx_room_marks(text_layout *t)
{
    if (t->cap_marks >= t->cap_tokens) return 0;
    uint32_t *p = realloc(t->marks, t->cap_tokens * sizeof *p);
    if (!p) return ANNOT_ENOMEM;
    t->marks = p;
    t->cap_marks = t->cap_tokens;
    return 0;
}

/* Make room for more tokens: double the array, and make the marks' array
 * as long (tokenize() notes at most one mark per token, so it never
 * checks their room).  Returns 0 or ANNOT_ENOMEM. */
static int grow_tokens(text_layout *t)
{
    size_t cap = t->cap_tokens ? t->cap_tokens * 2 : 256;
    annot_token *p = realloc(t->tokens, cap * sizeof *p);
    if (!p) return ANNOT_ENOMEM;
    t->tokens = p;
    t->cap_tokens = cap;
    return tx_room_marks(t);
}

/* Fill in token k but for its sentence, which split() writes. */
static inline void put_token(annot_token *k, size_t start, size_t end, uint32_t flags)
{
    k->start = (uint32_t)start;
    k->end = (uint32_t)end;
    k->flags = flags;
}

/* Does s[i..j) hold a lower-case ASCII letter?  (A word that starts with a
 * capital is all upper case when it holds none; most hold one at i.) */
static inline bool has_lower(const unsigned char *s, size_t i, size_t j)
{
    for (; i < j; i++)
        if (alnum_byte[s[i]] & B_LOWER) return true;
    return false;
}

/* Flags describing the letters of a word token. */
static uint32_t case_flags(const unsigned char *s, size_t start, size_t end)
{
    uint32_t f = 0;
    bool any_upper = false, any_lower = false;
    for (size_t i = start; i < end && !any_lower; i++) { /* a lower-case letter settles it */
        unsigned c = s[i];
        if (c >= 'A' && c <= 'Z') any_upper = true;
        else if (c >= 'a' && c <= 'z') any_lower = true;
        else if (c == 0xC3 && i + 1 < end) { /* Latin-1 letters */
            unsigned d = s[i + 1];
            if (d >= 0x80 && d <= 0x9E && d != 0x97) any_upper = true;
            else if (d >= 0x9F) any_lower = true;
        }
    }
    unsigned c0 = s[start];
    if ((c0 >= 'A' && c0 <= 'Z') || (c0 == 0xC3 && start + 1 < end && s[start + 1] >= 0x80 &&
                                      s[start + 1] <= 0x9E && s[start + 1] != 0x97))
        f |= ANNOT_TOK_CAP;
    if (any_upper && !any_lower) f |= ANNOT_TOK_UPPER;
    return f;
}

/* Length of a dotted abbreviation at s[i] ("U.S.", "e.g.", "U.S.A."), or 0:
 * two or more single letters each followed by a dot. */
static size_t abbrev_len(const unsigned char *s, size_t i, size_t len)
{
    size_t j = i, groups = 0;
    while (j + 1 < len && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') && s[j + 1] == '.') {
        j += 2;
        groups++;
        if (j < len && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') &&
            (j + 1 >= len || s[j + 1] != '.'))
            break; /* "U.Sx" — not a clean abbreviation */
    }
    if (groups < 2) return 0;
    if (j < len && is_alnum_at(s, j, len)) return 0;
    return j - i;
}

#ifdef __SSE2__
/* The end of the a-z/0-9 run that goes on at lw[j] (see tokenize()):
 * sixteen bytes at a time; lw[len] is 0, and fifteen bytes after it can
 * be read.  Out of line: only words of more than sixteen letters get
 * here. */
static __attribute__((noinline)) size_t tk_word_end(const unsigned char *lw, size_t j)
{
    const __m128i base_a = _mm_set1_epi8('a'), span_a = _mm_set1_epi8(25), base_0 = _mm_set1_epi8('0'),
                  span_0 = _mm_set1_epi8(9), top_bit = _mm_set1_epi8(127);
    for (;;) {
        __m128i v = _mm_loadu_si128((const __m128i *)(lw + j));
        __m128i da = _mm_subs_epu8(_mm_sub_epi8(v, base_a), span_a),
                d0 = _mm_subs_epu8(_mm_sub_epi8(v, base_0), span_0);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_adds_epu8(_mm_min_epu8(da, d0), top_bit));
        if (m) return j + (unsigned)__builtin_ctz(m);
        j += 16;
    }
}
#endif

/* Split s[0..len) into tokens at t->tokens (t->lower must hold the
 * lower-cased text with a 0 at lower[len]: the word scan stops on it; with
 * SSE2 it reads sixteen bytes at a time, so fifteen more must be there).
 * Leaves each token's sentence field for split() to fill, and notes in
 * t->marks, in order, every token after which a sentence may end: the
 * sentence ends and abbreviations of the general path below, the periods,
 * '!' and '?' of the fast path, the tokens followed by a line break, and
 * the last.  Any other token followed by a space or punctuation on the
 * same line cannot end a sentence.  Returns 0 or ANNOT_ENOMEM. */
static int tokenize(text_layout *t, const unsigned char *s, size_t len)
{
    const unsigned char *lw = (const unsigned char *)t->lower;
#ifdef __SSE2__
    /* a-z and 0-9 are the bytes b for which b - 'a' (or b - '0'), wrapped
     * to a byte, is at most 25 (or 9): minus that, saturated, it is 0 */
    const __m128i base_a = _mm_set1_epi8('a'), span_a = _mm_set1_epi8(25),
                  base_0 = _mm_set1_epi8('0'), span_0 = _mm_set1_epi8(9),
                  top_bit = _mm_set1_epi8(127);
#endif
    /* the next token to fill, and the end of the room for them */
    annot_token *tk = t->tokens, *end = t->tokens + t->cap_tokens;
    /* the next mark to note: the array is as long as the tokens' (a mark
     * names a token, and each at most once), so there is always room */
    uint32_t *mk = t->marks;
    size_t i = 0;
    /* SPACE/NEWLINE/PARA flags for the next token: the first token starts
     * a line and a paragraph */
    uint32_t pending = ANNOT_TOK_NEWLINE_BEFORE | ANNOT_TOK_PARA_BEFORE;
    for (;;) {
        unsigned c = lw[i]; /* lw[len] is 0, which no test below but the last takes */
        if (tk == end) { /* every pass below adds at most one token */
            t->n_tokens = (size_t)(tk - t->tokens);
            t->n_marks = (size_t)(mk - t->marks);
            if (grow_tokens(t)) goto err;
            tk = t->tokens + t->n_tokens;
            mk = t->marks + t->n_marks;
            end = t->tokens + t->cap_tokens;
        }
        /* Fast path for the commonest token: an ASCII word (not the start
         * of an abbreviation: a single letter and a dot) ended by an ASCII
         * byte that cannot continue it (not an apostrophe).  Anything else
         * takes the general path below, from the same start.  The scan
         * runs over the lower-cased copy, whose 0 at lw[len] ends it
         * without a length check; a letter there differs from the text's
         * only where the text has a capital.  Words follow each other in
         * this inner loop, which goes back to the top only for a token it
         * does not take or to make room: the loop above, which holds the
         * general path too, kept less in registers (~8 instructions a
         * word more). */
        bool general = false;
        /* the flags of the loop's next word: a word after a space when the
         * loop goes round (see its end) */
        uint32_t wflags = pending | ANNOT_TOK_WORD;
        if (alnum_byte[c] & B_LOWER) for (;;) {
#ifdef __SSE2__
            /* sixteen bytes at a time from the word's first letter (so the
             * end found is past it, and j needs no + 1): the word ends at
             * the first that is no a-z or 0-9 (lw[len] is 0, and the bytes
             * after it can be read) */
            __m128i v = _mm_loadu_si128((const __m128i *)(lw + i));
            __m128i da = _mm_subs_epu8(_mm_sub_epi8(v, base_a), span_a),
                    d0 = _mm_subs_epu8(_mm_sub_epi8(v, base_0), span_0);
            /* a byte left above 0 is no a-z or 0-9: adding 127, saturated,
             * sets its top bit */
            uint64_t m = (unsigned)_mm_movemask_epi8(_mm_adds_epu8(_mm_min_epu8(da, d0), top_bit));
            size_t j;
            /* the first block holds the end of nearly every word; the
             * 64-bit count is added to i without a sign extension */
            if (__builtin_expect(m != 0, 1)) j = i + ctz64(m);
            else j = tk_word_end(lw, i + 16);
#else
            size_t j = i + 1;
            while (alnum_byte[lw[j]]) /* only letters and digits are not 0 */
                j++;
#endif
            unsigned we = word_end[lw[j]]; /* lw[len] is 0: WE_END */
            if (!(we >= WE_END || (we == WE_DOT && j > i + 1))) {
                general = true; /* the general path takes it, from i */
                pending = wflags & ~ANNOT_TOK_WORD;
                break;
            }
            uint32_t flags = wflags;
            /* the case flags need a second look only after a capital */
            if (s[i] != lw[i]) flags |= ANNOT_TOK_CAP | (has_lower(s, i + 1, j) ? 0 : ANNOT_TOK_UPPER);
            put_token(tk++, i, j, flags);
            /* a space after the word is the next token's */
            i = j + (we >> 5);
            /* to the top: to make room (c is still a letter, so the top
             * comes next), or for a token that is no word */
            if (tk == end || !(alnum_byte[(size_t)lw[i]] & B_LOWER)) {
                pending = we & ANNOT_TOK_SPACE_BEFORE;
                if (tk != end) c = lw[i];
                break;
            }
            /* the next word: lw[j], which ended this one, is no letter,
             * so the loop goes round only after a space, which it took */
            wflags = ANNOT_TOK_SPACE_BEFORE | ANNOT_TOK_WORD;
        }
        if (!general && (alnum_byte[c] & B_LOWER)) continue;
        /* Fast path for the commonest tokens after words: a comma, a
         * period and other one-byte punctuation, and the space after it.
         * What the general path below would do for them (a token of one
         * byte), without its class look-up and its tests for apostrophes,
         * ellipses and dashes; and a mark for split() only where a
         * sentence can end (split() turned the others away one by one). */
        unsigned pu = punct_one[c];
        if ((pu & PU_ALONE) || ((pu & PU_UNLESS_TWICE) && lw[i + 1] != c)) { /* lw[len + 1] can be read */
            if (pu & PU_MARK) *mk++ = (uint32_t)(tk - t->tokens); /* a new token: no mark yet */
            put_token(tk++, i, i + 1, pending | ANNOT_TOK_PUNCT);
            i++;
            pending = 0;
            if (lw[i] == ' ') { /* the next token's space */
                pending = ANNOT_TOK_SPACE_BEFORE;
                i++;
            }
            continue;
        }
        if (c == ' ') { /* a space not taken with a word before it */
            pending |= ANNOT_TOK_SPACE_BEFORE;
            i++;
            continue;
        }
        if (i >= len) break;
        size_t n;
        int k = class_at(s, i, len, &n);
        if (k == C_SPACE || k == C_NEWLINE) {
            pending |= ANNOT_TOK_SPACE_BEFORE;
            if (k == C_NEWLINE) {
                /* a line break may end the sentence of the token before */
                if (tk > t->tokens && (mk == t->marks || mk[-1] != (uint32_t)(tk - t->tokens) - 1))
                    *mk++ = (uint32_t)(tk - t->tokens) - 1;
                /* a second line break since the last token: a paragraph */
                if (pending & ANNOT_TOK_NEWLINE_BEFORE) pending |= ANNOT_TOK_PARA_BEFORE;
                pending |= ANNOT_TOK_NEWLINE_BEFORE;
            }
            i += n;
            continue;
        }
        uint32_t flags = pending;
        pending = 0;
        size_t start = i;
        bool mark = false; /* may a sentence end after the token? */
        if (k == C_ALPHA || k == C_DIGIT) {
            /* an abbreviation needs a dot after its first letter */
            size_t ab = k == C_ALPHA && i + 1 < len && s[i + 1] == '.' ? abbrev_len(s, i, len) : 0;
            if (ab) {
                mark = true;
                i += ab;
                flags |= ANNOT_TOK_WORD | ANNOT_TOK_ABBREV | case_flags(s, start, i);
            } else {
                unsigned seen = 0; /* B_* of the ASCII bytes; B_ALNUM doubles as "not ASCII-only" */
                if (n > 1) seen = B_ALNUM;
                else seen = alnum_byte[s[i]] & (B_UPPER | B_LOWER);
                i += n;
                for (;;) {
                    /* fast path: a run of ASCII letters and digits */
                    unsigned b;
                    while (i < len && ((b = alnum_byte[s[i]]) & B_ALNUM)) {
                        seen |= b & (B_UPPER | B_LOWER);
                        i++;
                    }
                    size_t m;
                    int c = class_at(s, i, len, &m);
                    if (c == C_ALPHA || c == C_DIGIT) {
                        seen |= B_ALNUM; /* a non-ASCII letter: case_flags decides */
                        i += m;
                        continue;
                    }
                    size_t a = i < len && (s[i] == '\'' || s[i] == 0xE2) ? apos_len(s, i, len) : 0;
                    if (a && is_alpha_at(s, i + a, len)) {
                        /* possessive "'s" splits off; "don't" stays whole */
                        bool poss = (s[i + a] == 's' || s[i + a] == 'S') &&
                                    !is_alnum_at(s, i + a + 1, len);
                        if (poss) break;
                        i += a;
                        continue;
                    }
                    if (k == C_DIGIT && i + 1 < len && (s[i] == '.' || s[i] == ',' || s[i] == ':') &&
                        s[i + 1] >= '0' && s[i + 1] <= '9') {
                        i += 1;
                        continue;
                    }
                    break;
                }
                uint32_t cf;
                if (seen & B_ALNUM) {
                    cf = case_flags(s, start, i);
                } else { /* ASCII only: what case_flags would find, without a second pass */
                    cf = 0;
                    if (s[start] >= 'A' && s[start] <= 'Z') cf |= ANNOT_TOK_CAP;
                    if ((seen & B_UPPER) && !(seen & B_LOWER)) cf |= ANNOT_TOK_UPPER;
                }
                flags |= (k == C_ALPHA ? ANNOT_TOK_WORD : ANNOT_TOK_NUMBER) | cf;
            }
        } else {
            size_t a = apos_len(s, i, len);
            if (a && tk > t->tokens && !(flags & ANNOT_TOK_SPACE_BEFORE) && (tk[-1].flags & ANNOT_TOK_WORD)) {
                /* possessive after a word: "'s" or a bare "'" after a plural */
                if (i + a < len && (s[i + a] == 's' || s[i + a] == 'S') &&
                    !is_alnum_at(s, i + a + 1, len)) {
                    i += a + 1;
                    flags |= ANNOT_TOK_POSSESSIVE | ANNOT_TOK_WORD;
                } else if (!is_alnum_at(s, i + a, len) && s[i - 1] == 's') {
                    i += a;
                    flags |= ANNOT_TOK_POSSESSIVE | ANNOT_TOK_PUNCT;
                } else {
                    i += a;
                    flags |= ANNOT_TOK_PUNCT;
                }
            } else if (s[i] == '.' && i + 2 < len && s[i + 1] == '.' && s[i + 2] == '.') {
                mark = true;
                i += 3;
                flags |= ANNOT_TOK_PUNCT;
            } else if (s[i] == '-' && i + 1 < len && s[i + 1] == '-') {
                while (i < len && s[i] == '-') i++;
                flags |= ANNOT_TOK_PUNCT;
            } else {
                /* '.', '!', '?' (a period before another) and '…' */
                mark = (n == 1 && (s[i] == '.' || s[i] == '!' || s[i] == '?')) ||
                       (n == 3 && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0xA6);
                i += n;
                flags |= ANNOT_TOK_PUNCT;
            }
        }
        /* after an abbreviation or what split() takes for a sentence's end
         * (is_terminal()) a sentence may end (a new token: no mark yet);
         * after a number, a word of this path (an apostrophe, a non-ASCII
         * letter) or other punctuation (quotes, dashes) only at a line
         * break or the text's end, which have marks of their own */
        if (mark) *mk++ = (uint32_t)(tk - t->tokens);
        put_token(tk++, start, i, flags);
    }
    t->n_tokens = (size_t)(tk - t->tokens);
    /* the last token ends a sentence */
    if (t->n_tokens > 0 && (mk == t->marks || mk[-1] != (uint32_t)t->n_tokens - 1))
        *mk++ = (uint32_t)t->n_tokens - 1;
    t->n_marks = (size_t)(mk - t->marks);
    return 0;
err:
    t->n_tokens = (size_t)(tk - t->tokens);
    t->n_marks = (size_t)(mk - t->marks);
    return ANNOT_ENOMEM;
}

/* Words before a period that do not end a sentence. */
#define W(x) {x, sizeof x - 1}
typedef struct word {
    const char *s;
    size_t n;
} word;
static const word abbreviations[] = {W("mr"), W("mrs"), W("ms"), W("dr"), W("prof"), W("st"),
    W("gen"), W("sen"), W("rep"), W("gov"), W("lt"), W("col"), W("maj"), W("capt"), W("cmdr"),
    W("adm"), W("sgt"), W("jr"), W("sr"), W("inc"), W("ltd"), W("co"), W("corp"), W("vs"),
    W("etc"), W("jan"), W("feb"), W("mar"), W("apr"), W("jun"), W("jul"), W("aug"), W("sep"),
    W("sept"), W("oct"), W("nov"), W("dec"), W("approx"), W("est"), W("dept"), W("univ"),
    W("assn"), W("bros"), W("mt"), W("ft"), W("rev"), W("hon"), W("pres"), W("amb"), W("cf"),
    W("al"), W("ibid"), {NULL, 0}};

/* Words that abbreviate only before a number ("No. 5", "art. 12"); before
 * anything else they are ordinary words ending a sentence ("was no."). */
static const word number_abbreviations[] = {W("no"), W("nos"), W("art"), W("vol"), W("fig"),
                                            W("pp"), W("para"), W("ch"), {NULL, 0}};

/* A word list and its index: the words grouped by first letter, so a
 * token is compared only with the few words that share its first letter.
 * The index is filled once by init_classes(). */
#define LIST_MAX_WORDS 64 /* the longest list below has 52 */
typedef struct word_list {
    const word *words;           /* ends with {NULL, 0}; lower-case a-z words */
    word by_letter[LIST_MAX_WORDS];
    uint8_t at[27];              /* words of letter c: by_letter[at[c]..at[c + 1]) */
    uint32_t lens[26];           /* bit n of lens[c]: a word of letter c has n letters */
} word_list;

static void list_init(word_list *l)
{
    size_t n = 0;
    for (int c = 0; c < 26; c++) {
        l->at[c] = (uint8_t)n;
        for (const word *a = l->words; a->s; a++)
            if (a->s[0] - 'a' == c && n < LIST_MAX_WORDS && a->n < 32) {
                l->by_letter[n++] = *a;
                l->lens[c] |= 1u << a->n;
            }
    }
    l->at[26] = (uint8_t)n;
}

/* Is the lower-cased token one of the words of list?  Always inline:
 * split() asks it about most sentence ends, and out of line each question
 * cost a call for a test that usually stops at the length mask. */
static inline __attribute__((always_inline)) bool in_list(const word_list *list, const char *lower, const annot_token *k)
{
    size_t n = k->end - k->start;
    const char *w = lower + k->start;
    unsigned c = (unsigned char)w[0] - 'a';
    /* most tokens share no letter and length with a word of the list */
    if (c >= 26 || n >= 32 || !((list->lens[c] >> n) & 1u)) return false;
    const word *a = list->by_letter + list->at[c], *end = list->by_letter + list->at[c + 1];
    for (; a < end; a++) {
        if (a->n != n) continue;
        size_t q = 1; /* the first letters are equal */
        while (q < n && w[q] == a->s[q]) q++;
        if (q == n) return true;
    }
    return false;
}

static word_list abbreviation_list = {.words = abbreviations};
static word_list number_abbreviation_list = {.words = number_abbreviations};

/* Is token k, followed by a period and then token next, an abbreviation? */
static bool is_abbreviation(const char *lower, const annot_token *k, const annot_token *next)
{
    size_t n = k->end - k->start;
    if (n == 1 && (k->flags & ANNOT_TOK_CAP)) return true; /* an initial: "Peter W. Singer" */
    if (in_list(&abbreviation_list, lower, k)) return true;
    return (next->flags & ANNOT_TOK_NUMBER) && in_list(&number_abbreviation_list, lower, k);
}

static bool is_char(const char *text, const annot_token *k, char c)
{
    return k->end - k->start == 1 && text[k->start] == c;
}

/* A closing quote or bracket that stays with the sentence before it.
 * Always inline: split() asks it about the tokens around every sentence
 * end, and out of line each question cost a call for a test of one byte. */
static inline __attribute__((always_inline)) bool is_closer(const char *text, const annot_token *k)
{
    size_t n = k->end - k->start;
    const unsigned char *p = (const unsigned char *)text + k->start;
    if (n == 1) return *p == '"' || *p == '\'' || *p == ')' || *p == ']';
    /* ” ’ » */
    return n >= 2 && ((n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9D || p[2] == 0x99)) ||
                      (n == 2 && p[0] == 0xC2 && p[1] == 0xBB));
}

static bool is_terminal(const char *text, const annot_token *k)
{
    size_t n = k->end - k->start;
    const unsigned char *p = (const unsigned char *)text + k->start;
    if (n == 1) return *p == '.' || *p == '!' || *p == '?';
    if (n == 3 && p[0] == '.' && p[1] == '.' && p[2] == '.') return true;
    return n == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA6; /* … */
}

/* Could this token begin a new sentence? */
static bool can_start(const char *text, const annot_token *k)
{
    unsigned char c = (unsigned char)text[k->start];
    if (k->flags & (ANNOT_TOK_CAP | ANNOT_TOK_NUMBER)) return true;
    if (c == '"' || c == '(' || c == '[' || c == '\'' || c >= 0x80) {
        /* “ ‘ or a non-ASCII letter: accept unless it is lower-case Latin */
        return !(c == 0xC3 && (unsigned char)text[k->start + 1] >= 0x9F);
    }
    return false;
}

/* Common sentence openers: after "U.S." they mark a boundary. */
static const word openers[] = {W("the"), W("a"), W("an"), W("in"), W("it"), W("this"), W("that"),
                               W("these"), W("he"), W("she"), W("they"), W("we"), W("i"), W("but"),
                               W("and"), W("as"), W("on"), W("at"), W("for"), W("there"), W("its"),
                               W("his"), W("her"), W("their"), W("however"), W("meanwhile"),
                               W("yet"), W("so"), W("if"), W("when"), {NULL, 0}};
static word_list opener_list = {.words = openers};

static int push_sentence(text_layout *t, size_t first, size_t last, uint32_t flags)
{
    if (t->n_sentences == t->cap_sentences) {
        size_t cap = t->cap_sentences ? t->cap_sentences * 2 : 32;
        annot_sentence *p = realloc(t->sentences, cap * sizeof *p);
        if (!p) return ANNOT_ENOMEM;
        t->sentences = p;
        t->cap_sentences = cap;
    }
    annot_sentence *s = &t->sentences[t->n_sentences];
    s->start = t->tokens[first].start;
    s->end = t->tokens[last].end;
    s->first_token = (uint32_t)first;
    s->n_tokens = (uint32_t)(last - first + 1);
    s->flags = flags;
    /* number the tokens of the sentence, eight to a step (a sentence has
     * ~15: the loop's test once per eight stores), then the last zero to
     * seven through one jump into a run of stores */
    uint32_t num = (uint32_t)t->n_sentences;
    annot_token *k = &t->tokens[first], *end = &t->tokens[last + 1];
    for (; end - k >= 8; k += 8)
        k[0].sentence = k[1].sentence = k[2].sentence = k[3].sentence = k[4].sentence = k[5].sentence =
            k[6].sentence = k[7].sentence = num;
    switch (end - k) {
    case 7: k[6].sentence = num; /* fall through */
    case 6: k[5].sentence = num; /* fall through */
    case 5: k[4].sentence = num; /* fall through */
    case 4: k[3].sentence = num; /* fall through */
    case 3: k[2].sentence = num; /* fall through */
    case 2: k[1].sentence = num; /* fall through */
    case 1: k[0].sentence = num; /* fall through */
    default: break;
    }
    t->tokens[first].flags |= ANNOT_TOK_SENT_START;
    t->n_sentences++;
    return 0;
}

/* Cut the tokens into sentences (after tokenize(), whose marks name the
 * only tokens after which one may end) and number each token's sentence.
 * Returns 0 or ANNOT_ENOMEM. */
static int split(text_layout *t, const char *text)
{
    size_t n = t->n_tokens, first = 0, m = 0;
    const annot_token *k = t->tokens;
    const uint32_t *marks = t->marks; /* increasing, the last is n - 1 */
    size_t i = 0;
    while (i < n) {
        /* the next token to look at: the next mark, unless the sentence
         * reaches its most tokens before it */
        while (marks[m] < i) m++;
        size_t cut = first + ANNOT_MAX_SENTENCE_TOKENS - 1;
        i = marks[m] < cut ? marks[m] : cut;
        bool end = false;
        size_t last = i;
        /* (a mark that is neither a sentence end (is_terminal()) nor an
         * abbreviation is the last token or has a line break after it, and
         * the cut has none of the sentence's room left: tokenize() notes no
         * other) */
        if (i + 1 == n) {
            end = true;
        } else if (k[i + 1].flags & ANNOT_TOK_PARA_BEFORE) {
            end = true;
        } else if (k[i + 1].flags & ANNOT_TOK_NEWLINE_BEFORE) {
            /* a single line break ends a sentence unless the text runs on
             * in lower case (hard-wrapped lines) */
            end = can_start(text, &k[i + 1]) || !(k[i + 1].flags & ANNOT_TOK_WORD);
        } else if ((k[i].flags & ANNOT_TOK_PUNCT) && is_terminal(text, &k[i])) {
            size_t j = i + 1;
            while (j < n && is_closer(text, &k[j]) && !(k[j].flags & ANNOT_TOK_SPACE_BEFORE) &&
                   !(k[j].flags & ANNOT_TOK_NEWLINE_BEFORE))
                j++;
            if (j >= n) {
                last = n - 1;
                end = true;
            } else if ((k[j].flags & ANNOT_TOK_SPACE_BEFORE) && can_start(text, &k[j])) {
                bool abbr = is_char(text, &k[i], '.') && i > first && !(k[i].flags & ANNOT_TOK_SPACE_BEFORE) &&
                            is_abbreviation(t->lower, &k[i - 1], &k[j]);
                if (!abbr) {
                    last = j - 1;
                    end = true;
                }
            }
        } else if ((k[i].flags & ANNOT_TOK_ABBREV) && text[k[i].end - 1] == '.' &&
                   (k[i + 1].flags & ANNOT_TOK_SPACE_BEFORE) && (k[i + 1].flags & ANNOT_TOK_CAP) &&
                   in_list(&opener_list, t->lower, &k[i + 1])) {
            end = true; /* "... in the U.S. The ..." */
        }
        if (!end && i + 1 - first >= ANNOT_MAX_SENTENCE_TOKENS) {
            /* a run-on "sentence" (a list, a table, garbage): cut it so no
             * plugin's per-sentence work can grow with the document */
            end = true;
            last = i;
        }
        if (!end) {
            i++;
            continue;
        }
        uint32_t flags = 0;
        if (k[first].flags & ANNOT_TOK_PARA_BEFORE) flags |= ANNOT_SENT_PARA_START;
        /* the last token that is not a closer decides how it ends */
        size_t e = last;
        while (e > first && is_closer(text, &k[e])) e--;
        if (is_char(text, &k[e], '?')) flags |= ANNOT_SENT_QUESTION;
        /* a heading heads something: the text goes on after its line */
        bool line_ends = last + 1 < n && (k[last + 1].flags & ANNOT_TOK_NEWLINE_BEFORE);
        bool line_starts = (k[first].flags & ANNOT_TOK_NEWLINE_BEFORE) != 0;
        if (line_ends && line_starts && last - first < 24 && !is_terminal(text, &k[e]) &&
            !is_char(text, &k[e], ':') && !is_char(text, &k[e], ',') && !is_char(text, &k[e], ';') &&
            !is_closer(text, &k[e]))
            flags |= ANNOT_SENT_HEADING;
        if (push_sentence(t, first, last, flags)) return ANNOT_ENOMEM;
        first = last + 1;
        i = last + 1;
    }
    return 0;
}

static void init_classes(void)
{
    for (int c = 0; c < 128; c++) {
        unsigned char k = C_PUNCT;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') k = C_SPACE;
        else if (c == '\n') k = C_NEWLINE;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = C_ALPHA;
        else if (c >= '0' && c <= '9') k = C_DIGIT;
        else if (c == 0) k = C_SPACE;
        ascii_class[c] = k;
        alnum_byte[c] = (unsigned char)((k == C_ALPHA || k == C_DIGIT ? B_ALNUM : 0) |
                                        (c >= 'A' && c <= 'Z' ? B_UPPER : 0) |
                                        (c >= 'a' && c <= 'z' ? B_LOWER : 0));
        word_end[c] = c == ' ' ? WE_SPACE : c == '.' ? WE_DOT : c == '\'' ? WE_GENERAL : WE_END;
        punct_one[c] = k != C_PUNCT || c == '\'' ? 0 : c == '.' || c == '-' ? PU_UNLESS_TWICE : PU_ALONE;
        if (c == '.' || c == '!' || c == '?') punct_one[c] |= PU_MARK;
    }
    list_init(&abbreviation_list);
    list_init(&number_abbreviation_list);
    list_init(&opener_list);
}

int text_analyse(text_layout *t, const char *text, size_t len)
{
    pthread_once(&classes_once, init_classes);
    t->n_tokens = 0;
    t->n_sentences = 0;
    t->n_marks = 0;
    /* the lower-cased copy, its 0 and fifteen more for the word scan's
     * sixteen-byte loads */
    if (t->cap_lower < len + 16) {
        char *p = realloc(t->lower, len + 16);
        if (!p) return ANNOT_ENOMEM;
        t->lower = p;
        t->cap_lower = len + 16;
    }
    /* news text runs about 5.5 bytes a token and 150 a sentence: size the
     * arrays once from the length instead of growing them by copying */
    size_t want_tokens = len / 4 + 16, want_sentences = len / 64 + 8;
    if (t->cap_tokens < want_tokens) {
        annot_token *p = realloc(t->tokens, want_tokens * sizeof *p);
        if (!p) return ANNOT_ENOMEM;
        t->tokens = p;
        t->cap_tokens = want_tokens;
    }
    if (tx_room_marks(t)) return ANNOT_ENOMEM;
    if (t->cap_sentences < want_sentences) {
        annot_sentence *p = realloc(t->sentences, want_sentences * sizeof *p);
        if (!p) return ANNOT_ENOMEM;
        t->sentences = p;
        t->cap_sentences = want_sentences;
    }
    const unsigned char *src = (const unsigned char *)text;
    unsigned char *dst = (unsigned char *)t->lower;
    size_t i = 0;
#ifdef __SSE2__
    /* sixteen bytes at a time: A-Z are the bytes that, moved so that 'Z'
     * is the largest signed byte (127), lie above 127 - 26 (the compare
     * takes the moved copy as the operand it overwrites, so the loop keeps
     * no spare copy of the bound); four blocks a round, ~7 instructions a
     * block and 3 a round for the loop */
    const __m128i shift = _mm_set1_epi8(0x7F - 'Z'), floor = _mm_set1_epi8(0x7F - 26),
                  bit = _mm_set1_epi8(0x20);
#define TX_LOWER16(at)                                                                                  \
    do {                                                                                                \
        __m128i v_ = _mm_loadu_si128((const __m128i *)(src + (at)));                                    \
        __m128i u_ = _mm_cmpgt_epi8(_mm_add_epi8(v_, shift), floor);                                    \
        _mm_storeu_si128((__m128i *)(dst + (at)), _mm_or_si128(v_, _mm_and_si128(u_, bit)));            \
    } while (0)
    for (; i + 64 <= len; i += 64) {
        TX_LOWER16(i);
        TX_LOWER16(i + 16);
        TX_LOWER16(i + 32);
        TX_LOWER16(i + 48);
    }
    for (; i + 16 <= len; i += 16) TX_LOWER16(i);
    /* the last bytes: the sixteen that end the text, again for those done
     * (the copy is made from the text, so they come out the same) */
    if (i < len && len >= 16) {
        TX_LOWER16(len - 16);
        i = len;
    }
#undef TX_LOWER16
#endif
    for (; i + 8 <= len; i += 8) { /* eight bytes at a time: set 0x20 on A-Z only */
        uint64_t w, a, m;
        memcpy(&w, src + i, 8);
        a = w & 0x7f7f7f7f7f7f7f7full;
        m = (a + 0x3f3f3f3f3f3f3f3full) & ~(a + 0x2525252525252525ull) & ~w & 0x8080808080808080ull;
        w |= m >> 2;
        memcpy(dst + i, &w, 8);
    }
    for (; i < len; i++) dst[i] = (unsigned char)(src[i] | (((unsigned char)(src[i] - 'A') < 26u) << 5));
    memset(t->lower + len, 0, 16);
    int rc = tokenize(t, (const unsigned char *)text, len);
    if (rc) return rc;
    return split(t, text);
}

void text_layout_free(text_layout *t)
{
    free(t->tokens);
    free(t->sentences);
    free(t->lower);
    free(t->marks);
    memset(t, 0, sizeof *t);
}
