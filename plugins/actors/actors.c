/*
 * actors — finds mentions of political actors and gives each a CAMEO-style
 * code, a kind and a canonical name (see ANNOTATIONS.md, "Actors").
 *
 * Data: plain text dictionaries (format in data/countries.txt's header and
 * in data/README.md), one actor per line with its surface forms.  Forms are
 * split into tokens the way the host splits text, and inserted into a token
 * trie whose edges live in one open-addressing hash table keyed by
 * (node, word id, case requirement).  A vocabulary hash maps a token's
 * lower-cased bytes to its word id.
 *
 * Matching, per document:
 *   1. one left-to-right pass over the host's tokens: at each token walk the
 *      trie as far as it goes and keep the longest match ("items"); a start
 *      filter keyed by a token's length and first eight bytes (one load,
 *      one multiply, one byte tested against the token's case flags) turns
 *      most tokens away before any hashing, and a node's mask of its edge
 *      words most continuations; quotation marks, keyed into the same
 *      filter, are noted on the way;
 *   2. a pass over the items that combines them: national adjective or
 *      country + role noun ("Chinese military officers" -> CHNMIL), title +
 *      person ("President Obama"), title + unknown name ("Senator Jane
 *      Roe"), role + "of" + country ("Ministry of Foreign Affairs of
 *      China"), country + its own organisation ("US NSA"), coordinated and
 *      hyphenated adjectives ("Chinese and American officials",
 *      "Sino-American"), "the Chinese" as a people; drops bare adjectives,
 *      capitals used as places ("in Beijing", "Moscow-based") or inside
 *      names ("Budapest Convention", "Paulo Lima") and blockers ("South
 *      China Sea");
 *   3. context: role nouns that stand alone ("the Foreign Ministry") and
 *      titled unknown people take the country of the nearest preceding
 *      country mention in the same or previous sentence, else the
 *      document's dominant country; "counterparts" take the role of the
 *      group named before;
 *   4. people named beside their organisation take its code ("Jane Roe, a
 *      fellow at the Brookings Institution"); a surname or a bracketed
 *      acronym repeats an earlier person or organisation; mentions inside a
 *      quoted title-case title ("the report "US-Japan Relations"") go.
 *
 * The state is built by init() and read-only afterwards; process() keeps
 * its scratch on the stack or in per-document heap buffers.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  /* memmem */
#endif
#include <annot/plugin.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACT_CODE_MAX 24   /* longest code + NUL */
#define ACT_NAME_MAX 160  /* longest display name built per mention */
#define ACT_TOK_MAX 64    /* longest token looked up, in bytes */
#define ACT_FORM_TOKS 24  /* most tokens in one form */
#define ACT_GAP_MAX 3     /* modifiers allowed between an adjective and its role noun */
#define ACT_CTX_SENTS 1   /* how many sentences back a context country is looked for */

#define ACT_START_LOG 14  /* log2 of the entries of the start filter (16 KB) */
#define ACT_DIR_LOG 15    /* log2 of the entries of the direct word table */
#define ACT_DIR_MANY 0xFFFFu /* a direct entry that act_word() settles by hashing */

/* Bits of a start filter entry (act_state.start_tab), chosen so that the
 * entry ANDed with a token's flags, bit 0 forced on, is non-zero exactly
 * when the token may start a form: ACT_START_ANY is the forced bit,
 * ACT_START_CAP the case flags (the entry has no other bits). */
#define ACT_START_ANY 0x01u
#define ACT_START_CAP (ANNOT_TOK_CAP | ANNOT_TOK_UPPER)
_Static_assert((ACT_START_CAP & ~0xFEu) == 0, "the case flags fit a start filter byte beside ACT_START_ANY");

/* Hot helpers of the matching loop are always inlined. */
#if defined(__GNUC__)
#define ACT_HOT static inline __attribute__((always_inline))
#else
#define ACT_HOT static inline
#endif

/* Case requirements of a form token. */
enum { ACT_REQ_ANY = 0, ACT_REQ_CAP = 1, ACT_REQ_UPPER = 2 };

/* What a matched form stands for. */
enum {
    ACT_T_NAME = 0,  /* the actor itself: a mention on its own */
    ACT_T_ADJ = 1,   /* national adjective: a mention only with a role noun */
    ACT_T_SEAT = 2,  /* capital or seat used as metonym; not after "in", "at" */
    ACT_T_ROLE = 3,  /* role noun: combines with a country */
    ACT_T_BLOCK = 4  /* not an actor: consumes its tokens, emits nothing */
};

/* Flags of a matched form. */
#define ACT_F_CTX 0x01u   /* role that stands alone after "the" (country from context) */
#define ACT_F_NAMED 0x02u /* role that takes a following capitalised name */
#define ACT_F_SAME 0x04u  /* role of the nearest preceding role mention ("counterparts") */
#define ACT_F_CUE 0x08u   /* speech or authorship cue: an unknown name beside it is a person */
#define ACT_F_THE 0x10u   /* a name written "The X": matches X only after "the" */

/* The fixed word lists act_tok_in() reads (act_lists), by index. */
enum {
    ACT_L_GAP_STOP, ACT_L_TIME, ACT_L_CUE_ADVERBS, ACT_L_LOCATIVE, ACT_L_ORG, ACT_L_PEOPLE_VERBS,
    ACT_L_POST, ACT_L_TITLE_SMALL, ACT_L_APPOSITIVE, ACT_L_COUNT
};

/* One dictionary line: an actor, or a role (code "+ROL"). */
typedef struct act_actor {
    /* code: "CHN", "CHNGOV", "IGOUNO"; for a role its role letters ("MIL", "") */
    char code[ACT_CODE_MAX];
    /* offset of the canonical name (or role label) in the string pool */
    uint32_t name;
    /* offset of the national adjective ("Chinese") in the pool, or UINT32_MAX */
    uint32_t adj;
    /* annot_actor_kind */
    uint8_t kind;
    /* 1 for a role line */
    uint8_t is_role;
    /* 1 when a role noun can attach to it (act_combinable) */
    uint8_t combinable;
} act_actor;

/* A form's terminal in the trie. */
typedef struct act_term {
    uint32_t actor;  /* index into actors */
    uint8_t type;    /* ACT_T_* */
    uint8_t flags;   /* ACT_F_* */
} act_term;

/* Vocabulary slot: the check half of a word's hash and its id (8 bytes,
 * so the hot table stays in cache). */
typedef struct act_vslot {
    uint32_t hc;     /* upper half of the hash, with bit 0 set */
    uint32_t id;     /* word id, 0 = empty slot */
} act_vslot;

/* A vocabulary word: a lower-cased token. */
typedef struct act_winfo {
    uint64_t pre;    /* its first eight bytes, zero past its end (act_dir_build) */
    uint64_t pre2;   /* its next eight bytes, zero past its end (act_dir_build) */
    uint32_t off;    /* bytes in the pool */
    uint32_t len;
    uint32_t id;     /* its word id */
    uint32_t reqs;   /* bit r set: some edge uses this word with requirement r */
    uint32_t root[3];/* child of the root for each requirement, or 0 */
} act_winfo;

/* Trie edge slot. */
typedef struct act_eslot {
    uint64_t key;    /* node << 32 | word << 2 | req; 0 = empty */
    uint32_t child;
} act_eslot;

/* A growable byte pool. */
typedef struct act_pool {
    char *buf;
    size_t len, cap;
} act_pool;

/* The plugin instance: dictionaries and matcher, read-only after init. */
typedef struct act_state {
    const annot_host *host;
    annot_ctx *ctx;
    act_pool pool;          /* names, labels, vocabulary bytes */
    act_actor *actors;
    size_t n_actors, cap_actors;
    act_term *terms;
    size_t n_terms, cap_terms;
    uint32_t *node_term;    /* per node: term index + 1, or 0 */
    size_t n_nodes, cap_nodes;
    uint64_t *node_next;    /* per node: act_next_bit() of the words of its edges, 0 for a leaf */
    size_t cap_open;
    act_vslot *vocab;       /* open addressing, power of two */
    /* direct word table, by act_dir_key() of a token's first eight bytes
     * and length: entries key and key ^ 1 hold the ids of the words with
     * either key (0 for none); ACT_DIR_MANY in either means that a word
     * with one of the keys may be in neither (a third word, or the
     * U+2019 spelling of an apostrophe); NULL when not built */
    uint16_t *vdir;
    size_t vocab_mask, n_words;
    act_winfo *words;       /* by word id (0 unused) */
    size_t cap_words;
    act_eslot *edges;       /* open addressing, power of two */
    size_t edge_mask, n_edges;
    size_t n_forms;
    /* words that start a form, one byte per act_start_key: ACT_START_ANY
     * for those that start one in any case, ACT_START_CAP for all of them
     * (a byte, not two bit sets of 8 KB: act_may_start() tests it against
     * the token's flags with no choice of set and no bit arithmetic; 2^14
     * entries keep the 16 KB, and the cache lines, of the two sets) */
    uint8_t start_tab[1u << ACT_START_LOG];
    int context_roles;      /* option: resolve "the Foreign Ministry" from context */
    /* per fixed word list, one bit per act_list_bit() of its words: most
     * tokens are no list's word, and the bit says so before the list is
     * read word by word */
    uint64_t list_bits[ACT_L_COUNT][4];
} act_state;

/* ------------------------------------------------------------------ */
/* Hashing and pools                                                   */
/* ------------------------------------------------------------------ */

/* Eight bytes at p as a little-endian number. */
ACT_HOT uint64_t act_load64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* The first k bytes of eight loaded, k = 0..8. */
static const uint64_t act_mask[9] = {
    0, 0xffull, 0xffffull, 0xffffffull, 0xffffffffull, 0xffffffffffull, 0xffffffffffffull,
    0xffffffffffffffull, ~0ull
};

/* act_mask by a token's length, indexed by its low byte (one zero
 * extension, no bounds test): all eight bytes from eight on; a token of
 * 256 bytes or more gets a wrong mask, the same at load and in the text. */
static const uint64_t act_mask_len[256] = {
    0, 0xffull, 0xffffull, 0xffffffull, 0xffffffffull, 0xffffffffffull, 0xffffffffffffull,
    0xffffffffffffffull, [8 ... 255] = ~0ull
};

/* Hash of a token's n bytes at s (already lower-cased); bytes up to end
 * may be read (whole words are loaded when they fit).  *high is set when
 * a byte >= 0x80 occurs (the token may need normalising first). */
ACT_HOT uint64_t act_hash_hi(const unsigned char *s, size_t n, const unsigned char *end, int *high)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n, any = 0, w = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        w = act_load64(s + i);
        any |= w;
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    w = 0;
    if (i < n) {
        if (s + i + 8 <= end) {
            w = act_load64(s + i) & ((1ull << (8 * (n - i))) - 1);
        } else {
            for (size_t k = 0; i + k < n; k++)
                w |= (uint64_t)s[i + k] << (8 * k);
        }
    }
    any |= w;
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    *high = (any & 0x8080808080808080ull) != 0;
    return h;
}

/* act_hash_hi of a word of n <= 8 bytes whose bytes (zero above n) are w. */
ACT_HOT uint64_t act_hash_short(uint64_t w, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    if (n == 8) {
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        w = 0;
    }
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return h;
}

/* Hash of a token's bytes (already lower-cased). */
static inline uint64_t act_hash(const unsigned char *s, size_t n)
{
    int high;
    return act_hash_hi(s, n, s + n, &high);
}

/* Key of a word in the start filter: its first eight bytes w (zero past
 * its end).  The length is left out (one instruction a token less): text
 * bytes are not zero, so w tells the words of up to eight bytes apart,
 * and longer words that begin alike only share a bit of the filter, whose
 * passes act_word() checks anyway. */
ACT_HOT uint32_t act_start_key(uint64_t w, size_t k)
{
    (void)k;
    return (uint32_t)((w * 0x9e3779b97f4a7c15ull) >> (64 - ACT_START_LOG));
}

/* Entry of a word in the direct word table: by its length k and its first
 * eight bytes w (zero past its end). */
ACT_HOT uint32_t act_dir_key(uint64_t w, size_t k)
{
    return (uint32_t)(((w ^ k) * 0x9e3779b97f4a7c15ull) >> (64 - ACT_DIR_LOG));
}

/* First eight bytes (zero past its end) of spelling c of the lower-cased,
 * normalised word u (ln bytes), where apostrophe number j is a three-byte
 * U+2019 when bit j of c is set; *k receives the spelling's length. */
static uint64_t act_spelling(const unsigned char *u, size_t ln, uint32_t c, size_t *k)
{
    uint64_t w = 0;
    size_t n = 0, j = 0;
    for (size_t i = 0; i < ln; i++) {
        unsigned char b[3] = { u[i], 0, 0 };
        size_t nb = 1;
        if (u[i] == '\'' && (c >> j++ & 1u)) {
            b[0] = 0xE2, b[1] = 0x80, b[2] = 0x99;
            nb = 3;
        }
        for (size_t q = 0; q < nb; q++, n++)
            if (n < 8)
                w |= (uint64_t)b[q] << (8 * n);
    }
    *k = n;
    return w;
}

/* Note in the start filter that the lower-cased, normalised word low (ln
 * bytes) starts a form with case requirement req.  In the text each
 * apostrophe may be a three-byte U+2019: every spelling is noted, keyed
 * exactly as act_skip() keys a token. */
static void act_start_note(act_state *st, const char *low, size_t ln, uint32_t req)
{
    const unsigned char *u = (const unsigned char *)low;
    size_t apos = 0;
    for (size_t i = 0; i < ln; i++)
        apos += u[i] == '\'';
    if (apos > 12) {
        /* absurd: let every token through */
        for (size_t x = 0; x < sizeof st->start_tab; x++)
            st->start_tab[x] |= ACT_START_CAP | (req == ACT_REQ_ANY ? ACT_START_ANY : 0);
        return;
    }
    for (uint32_t c = 0; c < (1u << apos); c++) {
        size_t k;
        uint64_t w = act_spelling(u, ln, c, &k);
        uint32_t x = act_start_key(w & act_mask_len[(uint8_t)k], k);
        st->start_tab[x] |= ACT_START_CAP | (req == ACT_REQ_ANY ? ACT_START_ANY : 0);
    }
}

/* Note the quotation marks act_quote() reads ('"', U+201C, U+201D) in
 * the start filter, in any case. */
static void act_start_note_quotes(act_state *st)
{
    static const char *const marks[] = { "\"", "\xE2\x80\x9C", "\xE2\x80\x9D" };
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
        size_t k = strlen(marks[m]);
        uint64_t w = 0;
        for (size_t q = 0; q < k; q++)
            w |= (uint64_t)(unsigned char)marks[m][q] << (8 * q);
        uint32_t x = act_start_key(w, k);
        st->start_tab[x] |= ACT_START_CAP | ACT_START_ANY;
    }
}

/* A word's bit in a node's mask of edge words (node_next), by its first
 * lower-cased byte b0 and its length k in the text. */
ACT_HOT uint64_t act_next_bit(unsigned b0, size_t k)
{
    return 1ull << ((b0 + 13 * k) & 63);
}

/* Mix an edge key into a slot index seed. */
static inline uint64_t act_mix(uint64_t k)
{
    k *= 0x9e3779b97f4a7c15ull;
    return k ^ (k >> 31);
}

/* Append n bytes and a NUL to the pool; *off receives their offset.
 * Returns 0 or ANNOT_ENOMEM. */
static int act_pool_add(act_pool *p, const char *s, size_t n, uint32_t *off)
{
    /* eight spare bytes at the end: a word is compared eight bytes a load */
    if (p->len + n + 1 + 8 > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4096;
        while (cap < p->len + n + 1 + 8)
            cap *= 2;
        char *b = realloc(p->buf, cap);
        if (!b)
            return ANNOT_ENOMEM;
        p->buf = b;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, s, n);
    p->buf[p->len + n] = '\0';
    *off = (uint32_t)p->len;
    p->len += n + 1;
    return 0;
}

/* Grow an array to hold at least need elements.  Returns 0 or ANNOT_ENOMEM. */
static int act_grow(void **arr, size_t *cap, size_t need, size_t elsize)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *a = realloc(*arr, c * elsize);
    if (!a)
        return ANNOT_ENOMEM;
    *arr = a;
    *cap = c;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Vocabulary and trie                                                 */
/* ------------------------------------------------------------------ */

/* True when the n bytes at a and b are equal (short strings: no call). */
ACT_HOT int act_same(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* True when the n bytes at a (a pool string: eight bytes past n may be
 * read) and b (bytes up to b_end may be read) are equal. */
ACT_HOT int act_same_pool(const char *a, const char *b, size_t n, const char *b_end)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        if (act_load64((const unsigned char *)a + i) != act_load64((const unsigned char *)b + i))
            return 0;
    if (i == n)
        return 1;
    if (b + i + 8 <= b_end)
        return ((act_load64((const unsigned char *)a + i) ^ act_load64((const unsigned char *)b + i)) &
                act_mask[n - i]) == 0;
    return act_same(a + i, b + i, n - i);
}

/* Find the word of a lower-cased token with hash h, or NULL; bytes of s
 * up to s_end may be read. */
ACT_HOT const act_winfo *act_vocab_find_in(const act_state *st, const char *s, size_t n, uint64_t h,
                                           const char *s_end)
{
    size_t i = (size_t)h & st->vocab_mask;
    uint32_t hc = (uint32_t)(h >> 32) | 1u;
    for (;;) {
        const act_vslot *v = &st->vocab[i];
        if (!v->id)
            return NULL;
        if (v->hc == hc) {
            const act_winfo *w = &st->words[v->id];
            if (w->len == n && act_same_pool(st->pool.buf + w->off, s, n, s_end))
                return w;
        }
        i = (i + 1) & st->vocab_mask;
    }
}

/* Find the word of a lower-cased token with hash h, or NULL (no byte past
 * s + n is read). */
ACT_HOT const act_winfo *act_vocab_find(const act_state *st, const char *s, size_t n, uint64_t h)
{
    return act_vocab_find_in(st, s, n, h, s + n);
}

/* Find the word of a lower-cased token of n <= 8 bytes w (zero past n)
 * with hash h, or NULL. */
ACT_HOT const act_winfo *act_vocab_find8(const act_state *st, uint64_t w, size_t n, uint64_t h)
{
    size_t i = (size_t)h & st->vocab_mask;
    uint32_t hc = (uint32_t)(h >> 32) | 1u;
    for (;;) {
        const act_vslot *v = &st->vocab[i];
        if (!v->id)
            return NULL;
        if (v->hc == hc) {
            const act_winfo *x = &st->words[v->id];
            if (x->len == n && (act_load64((const unsigned char *)st->pool.buf + x->off) & act_mask[n]) == w)
                return x;
        }
        i = (i + 1) & st->vocab_mask;
    }
}

/* Rehash the vocabulary into a table of cap slots.  Returns 0 or ANNOT_ENOMEM. */
static int act_vocab_resize(act_state *st, size_t cap)
{
    act_vslot *nv = calloc(cap, sizeof *nv);
    if (!nv)
        return ANNOT_ENOMEM;
    for (size_t id = 1; id <= st->n_words; id++) {
        const act_winfo *w = &st->words[id];
        uint64_t h = act_hash((const unsigned char *)st->pool.buf + w->off, w->len);
        size_t j = (size_t)h & (cap - 1);
        while (nv[j].id)
            j = (j + 1) & (cap - 1);
        nv[j].hc = (uint32_t)(h >> 32) | 1u;
        nv[j].id = (uint32_t)id;
    }
    free(st->vocab);
    st->vocab = nv;
    st->vocab_mask = cap - 1;
    return 0;
}

/* The word of a lower-cased token, added when new; *out receives it (valid
 * until the next add).  Returns 0 or ANNOT_ENOMEM. */
static int act_vocab_add(act_state *st, const char *s, size_t n, act_winfo **out)
{
    uint64_t h = act_hash((const unsigned char *)s, n);
    const act_winfo *found = act_vocab_find(st, s, n, h);
    if (found) {
        *out = (act_winfo *)found;
        return 0;
    }
    if ((st->n_words + 1) * 2 > st->vocab_mask + 1) {
        int rc = act_vocab_resize(st, (st->vocab_mask + 1) * 2);
        if (rc)
            return rc;
    }
    if (act_grow((void **)&st->words, &st->cap_words, st->n_words + 2, sizeof *st->words))
        return ANNOT_ENOMEM;
    uint32_t off;
    int rc = act_pool_add(&st->pool, s, n, &off);
    if (rc)
        return rc;
    uint32_t id = (uint32_t)++st->n_words;
    act_winfo *w = &st->words[id];
    memset(w, 0, sizeof *w);
    w->off = off;
    w->len = (uint32_t)n;
    w->id = id;
    size_t i = (size_t)h & st->vocab_mask;
    while (st->vocab[i].id)
        i = (i + 1) & st->vocab_mask;
    st->vocab[i].hc = (uint32_t)(h >> 32) | 1u;
    st->vocab[i].id = id;
    *out = w;
    return 0;
}

/* Build the direct word table (after loading) and each word's first
 * eight bytes.  No table is built when the ids do not fit its entries or
 * a word has too many apostrophes to key every spelling.  Returns 0 or
 * ANNOT_ENOMEM. */
static int act_dir_build(act_state *st)
{
    if (!st->n_words)
        return 0;
    memset(&st->words[0], 0, sizeof st->words[0]);  /* entry 0: no word */
    for (size_t id = 1; id <= st->n_words; id++) {
        act_winfo *x = &st->words[id];
        /* the pool keeps eight spare bytes past its last string */
        x->pre = act_load64((const unsigned char *)st->pool.buf + x->off) & act_mask_len[(uint8_t)x->len];
        x->pre2 = x->len > 8 ? act_load64((const unsigned char *)st->pool.buf + x->off + 8) &
                                   act_mask_len[(uint8_t)(x->len - 8)]
                             : 0;
    }
    if (st->n_words >= ACT_DIR_MANY)
        return 0;
    uint16_t *dir = calloc((size_t)1 << ACT_DIR_LOG, sizeof *dir);
    if (!dir)
        return ANNOT_ENOMEM;
    for (size_t id = 1; id <= st->n_words; id++) {
        const act_winfo *x = &st->words[id];
        const unsigned char *u = (const unsigned char *)st->pool.buf + x->off;
        uint32_t e = act_dir_key(x->pre, x->len);
        /* the first free of the pair; a third word makes both hashed */
        if (!dir[e])
            dir[e] = (uint16_t)id;
        else if (!dir[e ^ 1])
            dir[e ^ 1] = (uint16_t)id;
        else
            dir[e] = ACT_DIR_MANY;
        size_t apos = 0;
        for (size_t i = 0; i < x->len; i++)
            apos += u[i] == '\'';
        if (apos > 8) {
            free(dir);
            return 0;
        }
        /* a spelling with U+2019 is found by act_word()'s normalising path */
        for (uint32_t c = 1; c < (1u << apos); c++) {
            size_t k;
            uint64_t w = act_spelling(u, x->len, c, &k);
            dir[act_dir_key(w & act_mask_len[(uint8_t)k], k)] = ACT_DIR_MANY;
        }
    }
    st->vdir = dir;
    return 0;
}

/* Child of node by (word, req), or 0. */
ACT_HOT uint32_t act_edge_find(const act_state *st, uint32_t node, uint32_t word, uint32_t req)
{
    uint64_t key = ((uint64_t)node << 32) | ((uint64_t)word << 2) | req;
    size_t i = (size_t)act_mix(key) & st->edge_mask;
    for (;;) {
        const act_eslot *e = &st->edges[i];
        if (e->key == key)
            return e->child;
        if (!e->key)
            return 0;
        i = (i + 1) & st->edge_mask;
    }
}

/* Rehash the edges into cap slots.  Returns 0 or ANNOT_ENOMEM. */
static int act_edges_resize(act_state *st, size_t cap)
{
    act_eslot *ne = calloc(cap, sizeof *ne);
    if (!ne)
        return ANNOT_ENOMEM;
    for (size_t i = 0; st->edges && i <= st->edge_mask; i++) {
        if (!st->edges[i].key)
            continue;
        size_t j = (size_t)act_mix(st->edges[i].key) & (cap - 1);
        while (ne[j].key)
            j = (j + 1) & (cap - 1);
        ne[j] = st->edges[i];
    }
    free(st->edges);
    st->edges = ne;
    st->edge_mask = cap - 1;
    return 0;
}

/* Child of node by (word, req), created when missing; *child receives it.
 * Returns 0 or ANNOT_ENOMEM. */
static int act_edge_add(act_state *st, uint32_t node, uint32_t word, uint32_t req, uint32_t *child)
{
    uint32_t c = act_edge_find(st, node, word, req);
    if (c) {
        *child = c;
        return 0;
    }
    if ((st->n_edges + 1) * 2 > st->edge_mask + 1) {
        int rc = act_edges_resize(st, (st->edge_mask + 1) * 2);
        if (rc)
            return rc;
    }
    if (act_grow((void **)&st->node_term, &st->cap_nodes, st->n_nodes + 1, sizeof *st->node_term) ||
        act_grow((void **)&st->node_next, &st->cap_open, st->n_nodes + 1, sizeof *st->node_next))
        return ANNOT_ENOMEM;
    c = (uint32_t)st->n_nodes++;
    st->node_term[c] = 0;
    st->node_next[c] = 0;
    uint64_t key = ((uint64_t)node << 32) | ((uint64_t)word << 2) | req;
    size_t i = (size_t)act_mix(key) & st->edge_mask;
    while (st->edges[i].key)
        i = (i + 1) & st->edge_mask;
    st->edges[i].key = key;
    st->edges[i].child = c;
    st->n_edges++;
    *child = c;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

/* True for a byte that belongs to a word: ASCII letters and digits, and
 * the bytes of non-ASCII characters other than general punctuation. */
static int act_wordbyte(const unsigned char *s, size_t i, size_t n)
{
    unsigned char c = s[i];
    if (isalnum(c))
        return 1;
    if (c < 0x80)
        return 0;
    /* U+2000..U+206F (E2 80..81 xx): quotes, dashes, ellipsis */
    if (c == 0xE2 && i + 1 < n && (s[i + 1] == 0x80 || s[i + 1] == 0x81))
        return 0;
    if (c >= 0x80 && c < 0xC0 && i >= 2 && s[i - 2] == 0xE2 && (s[i - 1] == 0x80 || s[i - 1] == 0x81))
        return 0;
    if (c >= 0x80 && c < 0xC0 && i >= 1 && s[i - 1] == 0xE2)
        return 0;
    return 1;
}

/* Length of an apostrophe at s[i] ("'" or U+2019), or 0. */
static size_t act_apos(const unsigned char *s, size_t i, size_t n)
{
    if (s[i] == '\'')
        return 1;
    if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99)
        return 3;
    return 0;
}

/* Split a form into tokens the way the host splits text: words keep
 * internal apostrophes and dotted abbreviations ("U.S."), the possessive
 * "'s" is its own token, every other punctuation mark is a token.  Writes
 * at most max [start,end) pairs; returns the count, or -1 when too many. */
static int act_split(const char *form, size_t n, uint32_t (*out)[2], int max)
{
    const unsigned char *s = (const unsigned char *)form;
    int k = 0;
    size_t i = 0;
    while (i < n) {
        if (isspace(s[i])) {
            i++;
            continue;
        }
        size_t st = i;
        if (act_wordbyte(s, i, n)) {
            /* dotted abbreviation: L.L.(L.)* */
            size_t j = i;
            int dots = 0;
            while (j + 1 < n && isalpha(s[j]) && s[j + 1] == '.') {
                j += 2;
                dots++;
            }
            if (dots >= 2 && (j >= n || !act_wordbyte(s, j, n))) {
                i = j;
            } else {
                while (i < n) {
                    if (act_wordbyte(s, i, n)) {
                        i++;
                        continue;
                    }
                    size_t a = act_apos(s, i, n);
                    if (a && i + a < n && act_wordbyte(s, i + a, n)) {
                        /* possessive 's at the end of a word is split off */
                        if ((s[i + a] == 's' || s[i + a] == 'S') &&
                            (i + a + 1 >= n || !act_wordbyte(s, i + a + 1, n)))
                            break;
                        i += a;
                        continue;
                    }
                    break;
                }
            }
        } else {
            size_t a = act_apos(s, i, n);
            if (a && i + a < n && (s[i + a] == 's' || s[i + a] == 'S') &&
                (i + a + 1 >= n || !act_wordbyte(s, i + a + 1, n)))
                i += a + 1;  /* "'s" */
            else if (s[i] >= 0x80) {
                i++;
                while (i < n && (s[i] & 0xC0) == 0x80)
                    i++;
            } else
                i++;
        }
        if (k >= max)
            return -1;
        out[k][0] = (uint32_t)st;
        out[k][1] = (uint32_t)i;
        k++;
    }
    return k;
}

/* Lower-case a token into buf (ASCII letters only, U+2019 -> '), as the
 * host's text_lower does plus the apostrophe.  Returns its length, or 0
 * when it does not fit. */
ACT_HOT size_t act_norm(const char *s, size_t n, char *buf)
{
    if (n > ACT_TOK_MAX)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
            buf[k++] = '\'';
            i += 2;
        } else
            buf[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    return k;
}

/* Case requirement of a form token: UPPER when it has two or more letters
 * all in capitals, CAP when its first letter is a capital, else ANY. */
static uint32_t act_req_of(const char *s, size_t n)
{
    int letters = 0, upper = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalpha(c)) {
            letters++;
            upper += isupper(c) != 0;
        }
    }
    if (letters >= 2 && upper == letters)
        return ACT_REQ_UPPER;
    if (n && isupper((unsigned char)s[0]))
        return ACT_REQ_CAP;
    return ACT_REQ_ANY;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

/* Insert one form for actor index a with the given type and flags.
 * Returns 0, ANNOT_EINVAL for a form that has no tokens or too many, or
 * ANNOT_ENOMEM. */
static int act_insert_form(act_state *st, const char *form, size_t n, uint32_t a, uint8_t type, uint8_t flags)
{
    uint32_t toks[ACT_FORM_TOKS][2];
    int nt = act_split(form, n, toks, ACT_FORM_TOKS);
    if (nt <= 0)
        return ANNOT_EINVAL;
    int t0 = 0;
    /* a leading "the" is not part of the mention; "The Hague" (a capital
     * "The") matches "Hague" only after "the", so that "the", the commonest
     * word, never starts a match */
    if (nt > 1 && toks[0][1] - toks[0][0] == 3 && memcmp(form + toks[0][0], "the", 3) == 0)
        t0 = 1;
    else if (nt > 1 && toks[0][1] - toks[0][0] == 3 && memcmp(form + toks[0][0], "The", 3) == 0) {
        t0 = 1;
        flags |= ACT_F_THE;
    }
    uint32_t node = 0;
    for (int t = t0; t < nt; t++) {
        const char *ts = form + toks[t][0];
        size_t tl = toks[t][1] - toks[t][0];
        char low[ACT_TOK_MAX + 4];
        size_t ln = act_norm(ts, tl, low);
        if (!ln)
            return ANNOT_EINVAL;
        act_winfo *v;
        int rc = act_vocab_add(st, low, ln, &v);
        if (rc)
            return rc;
        uint32_t req = act_req_of(ts, tl);
        v->reqs |= 1u << req;
        uint32_t word = v->id;
        uint32_t parent = node;
        rc = act_edge_add(st, node, word, req, &node);
        if (rc)
            return rc;
        /* each apostrophe of the word may be a three-byte U+2019 in the text */
        size_t apos = 0;
        for (size_t q = 0; q < ln; q++)
            apos += low[q] == '\'';
        for (size_t q = 0; q <= apos; q++)
            st->node_next[parent] |= act_next_bit((unsigned char)low[0], ln + 2 * q);
        if (parent == 0) {
            st->words[word].root[req] = node;
            act_start_note(st, low, ln, req);
        }
    }
    /* "The Gambia" never hides "Gambia" */
    if ((flags & ACT_F_THE) && st->node_term[node] && !(st->terms[st->node_term[node] - 1].flags & ACT_F_THE)) {
        st->n_forms++;
        return 0;
    }
    if (act_grow((void **)&st->terms, &st->cap_terms, st->n_terms + 1, sizeof *st->terms))
        return ANNOT_ENOMEM;
    st->terms[st->n_terms] = (act_term){ .actor = a, .type = type, .flags = flags };
    st->node_term[node] = (uint32_t)++st->n_terms;  /* a later form wins */
    st->n_forms++;
    return 0;
}

/* Trim white space at both ends of [*s, *s + *n). */
static void act_trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Kind named by a dictionary field, -1 when unknown; "-" is a blocker (0). */
static int act_kind_of(const char *s, size_t n)
{
    static const char *const names[] = { "-", "COUNTRY", "ORGANIZATION", "PERSON", "GROUP" };
    for (int i = 0; i < 5; i++)
        if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
            return i;
    return -1;
}

/* True when [s, s+n) is a valid code: capitals, 3..ACT_CODE_MAX-1 long
 * and a multiple of 3; for a role ("+" first) 0..9 capitals after it. */
static int act_code_ok(const char *s, size_t n, int role)
{
    if (role) {
        s++;
        n--;
        if (n > 9 || n % 3)
            return 0;
    } else if (n < 3 || n >= ACT_CODE_MAX || n % 3) {
        return n == 1 && s[0] == '-';
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return 0;
    return 1;
}

/* act_combinable() worked out from the code and kind (at load). */
static int act_combinable_of(const act_actor *a)
{
    size_t n = strlen(a->code);
    return (a->kind == ANNOT_ACTOR_COUNTRY && n == 3) ||
           (a->kind == ANNOT_ACTOR_ORGANIZATION && n == 6 && memcmp(a->code, "IGO", 3) == 0);
}

/* Parse one dictionary line (NUL-terminated, no newline).  Returns 0 (also
 * for blank and comment lines), ANNOT_EINVAL with a reason in *why for a
 * malformed line, or ANNOT_ENOMEM. */
static int act_parse_line(act_state *st, char *line, const char **why)
{
    const char *f[4];
    size_t fl[4];
    char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    if (!*p || *p == '#')
        return 0;
    for (int i = 0; i < 4; i++) {
        char *bar = i < 3 ? strchr(p, '|') : NULL;
        f[i] = p;
        fl[i] = bar ? (size_t)(bar - p) : strlen(p);
        if (i < 3 && !bar) {
            *why = "expected 4 fields separated by '|'";
            return ANNOT_EINVAL;
        }
        act_trim(&f[i], &fl[i]);
        p = bar ? bar + 1 : p + fl[i];
    }
    if (strchr(f[3], '|')) {
        *why = "more than 4 fields";
        return ANNOT_EINVAL;
    }
    int role = fl[0] >= 1 && f[0][0] == '+';
    if (!act_code_ok(f[0], fl[0], role)) {
        *why = "bad code (capitals, 3 per element, e.g. CHN, CHNGOV, IGOUNO; +MIL for a role; - to block)";
        return ANNOT_EINVAL;
    }
    int kind = act_kind_of(f[1], fl[1]);
    if (kind < 0) {
        *why = "bad kind (COUNTRY, ORGANIZATION, PERSON, GROUP or -)";
        return ANNOT_EINVAL;
    }
    int block = fl[0] == 1 && f[0][0] == '-';
    if ((kind == 0) != block || (block && role)) {
        *why = "kind '-' goes with code '-' (a blocker) and only with it";
        return ANNOT_EINVAL;
    }
    if (!fl[2] || fl[2] > 100) {
        *why = "empty or too long canonical name";
        return ANNOT_EINVAL;
    }
    if (!fl[3]) {
        *why = "no surface forms";
        return ANNOT_EINVAL;
    }
    if (act_grow((void **)&st->actors, &st->cap_actors, st->n_actors + 1, sizeof *st->actors))
        return ANNOT_ENOMEM;
    act_actor *a = &st->actors[st->n_actors];
    memset(a, 0, sizeof *a);
    if (!block) {
        memcpy(a->code, f[0] + role, fl[0] - role);
        a->code[fl[0] - role] = '\0';
    }
    a->kind = (uint8_t)kind;
    a->is_role = (uint8_t)role;
    a->combinable = (uint8_t)act_combinable_of(a);
    a->adj = UINT32_MAX;
    if (act_pool_add(&st->pool, f[2], fl[2], &a->name))
        return ANNOT_ENOMEM;
    uint32_t ai = (uint32_t)st->n_actors++;
    /* forms */
    const char *q = f[3], *end = f[3] + fl[3];
    int bad = 0;
    while (q < end) {
        const char *semi = memchr(q, ';', (size_t)(end - q));
        const char *fs = q;
        size_t fn = semi ? (size_t)(semi - q) : (size_t)(end - q);
        q = semi ? semi + 1 : end;
        act_trim(&fs, &fn);
        if (!fn)
            continue;
        uint8_t type = block ? ACT_T_BLOCK : role ? ACT_T_ROLE : ACT_T_NAME, flags = 0;
        while (fn && strchr("*@^+~=", fs[fn - 1])) {
            char m = fs[--fn];
            if (m == '*' && !role && !block)
                type = ACT_T_ADJ;
            else if (m == '@' && !role && !block)
                type = ACT_T_SEAT;
            else if (m == '^' && role)
                flags |= ACT_F_CTX;
            else if (m == '+' && role)
                flags |= ACT_F_NAMED;
            else if (m == '~' && role)
                flags |= ACT_F_SAME;
            else if (m == '=' && role)
                flags |= ACT_F_CUE;
            else
                bad = 1;
        }
        act_trim(&fs, &fn);
        if (type == ACT_T_ADJ && a->adj == UINT32_MAX) {
            uint32_t off;
            if (act_pool_add(&st->pool, fs, fn, &off))
                return ANNOT_ENOMEM;
            st->actors[ai].adj = off;
        }
        int rc = act_insert_form(st, fs, fn, ai, type, flags);
        if (rc == ANNOT_ENOMEM)
            return rc;
        if (rc)
            bad = 1;
    }
    if (bad) {
        *why = "a surface form is empty, too long or has a marker that does not fit the line";
        return ANNOT_EINVAL;
    }
    return 0;
}

/* Load one dictionary file.  A malformed line is logged with file:line and
 * skipped.  Returns 0, ANNOT_ENOENT when the file cannot be opened (message
 * in err), or ANNOT_ENOMEM. */
static int act_load_file(act_state *st, const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        snprintf(err, errlen, "actors: cannot open %s: %s", path, strerror(errno));
        return ANNOT_ENOENT;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned long lineno = 0;
    int rc = 0;
    while ((got = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        while (got && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        const char *why = NULL;
        rc = act_parse_line(st, line, &why);
        if (rc == ANNOT_ENOMEM) {
            snprintf(err, errlen, "actors: out of memory loading %s", path);
            goto err;
        }
        if (rc) {
            st->host->log(st->ctx, ANNOT_LOG_WARN, "%s:%lu: %s", path, lineno, why);
            rc = 0;
        }
    }
err:
    free(line);
    fclose(fp);
    return rc;
}

/* Free an instance (NULL is fine). */
static void act_free(act_state *st)
{
    if (!st)
        return;
    free(st->pool.buf);
    free(st->actors);
    free(st->terms);
    free(st->node_term);
    free(st->node_next);
    free(st->vocab);
    free(st->vdir);
    free(st->words);
    free(st->edges);
    free(st);
}

/* Load a comma-separated or list option's files; shipped ones are resolved
 * against the data dir.  Returns 0 or a negative code with err set. */
static int act_load_list(act_state *st, const char *opt, char *err, size_t errlen)
{
    const annot_host *h = st->host;
    size_t n = h->opt_list_count(st->ctx, opt);
    for (size_t i = 0; i < n; i++) {
        const char *item = h->opt_list_item(st->ctx, opt, i);
        if (!item || !*item)
            continue;
        char path[4096];
        if (h->resolve_path(st->ctx, item, path, sizeof path)) {
            snprintf(err, errlen, "actors: path too long: %s", item);
            return ANNOT_ERANGE;
        }
        int rc = act_load_file(st, path, err, errlen);
        if (rc)
            return rc;
    }
    return 0;
}

static void act_lists_build(act_state *st);

/* Build an instance: read `files` then `extra_files`.  Returns 0, or
 * non-zero with a message in err. */
static int act_init(const annot_host *host, annot_ctx *ctx, void **state, char *err, size_t errlen)
{
    act_state *st = calloc(1, sizeof *st);
    int rc = ANNOT_ENOMEM;
    if (!st) {
        snprintf(err, errlen, "actors: out of memory");
        return rc;
    }
    st->host = host;
    st->ctx = ctx;
    st->context_roles = host->opt_bool(ctx, "context_roles");
    act_lists_build(st);
    if (act_vocab_resize(st, 1024) || act_edges_resize(st, 1024) ||
        act_grow((void **)&st->node_term, &st->cap_nodes, 1, sizeof *st->node_term) ||
        act_grow((void **)&st->node_next, &st->cap_open, 1, sizeof *st->node_next)) {
        snprintf(err, errlen, "actors: out of memory");
        goto err;
    }
    st->node_term[0] = 0;
    st->node_next[0] = 0;
    st->n_nodes = 1;
    /* quotation marks pass the start filter in any case, so that act_skip()
     * stops at them with no test of its own (act_quote() reads them) */
    act_start_note_quotes(st);
    rc = act_load_list(st, "files", err, errlen);
    if (rc)
        goto err;
    rc = act_load_list(st, "extra_files", err, errlen);
    if (rc)
        goto err;
    rc = act_dir_build(st);
    if (rc) {
        snprintf(err, errlen, "actors: out of memory");
        goto err;
    }
    host->log(ctx, ANNOT_LOG_INFO, "%zu actors and roles, %zu forms, %zu words, %zu trie nodes",
              st->n_actors, st->n_forms, st->n_words, st->n_nodes);
    *state = st;
    return 0;
err:
    act_free(st);
    return rc ? rc : ANNOT_EFAIL;
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */
/* ------------------------------------------------------------------ */

/* A trie match: tokens [tb, te) matched form term. */
typedef struct act_item {
    uint32_t tb, te;
    uint32_t term;   /* index into terms */
} act_item;

/* How a mention's display name is made (built only when it is added). */
enum {
    ACT_N_POOL = 0,    /* the pool string at name_a */
    ACT_N_JOIN = 1,    /* pool strings name_a + " " + name_b ("Chinese" "military") */
    ACT_N_TEXT = 2,    /* the text of tokens [name_a, name_b) */
    ACT_N_PEOPLE = 3   /* pool string name_a + " people" */
};

/* A mention to add. */
typedef struct act_mention {
    uint32_t start, end;       /* byte span */
    uint32_t tb, te;           /* token span [tb, te) */
    uint32_t sentence;         /* sentence of its first token */
    uint32_t role_actor;       /* for a context mention: the role's actor */
    char code[ACT_CODE_MAX];
    uint32_t name_a, name_b;   /* the name's parts, by name_how */
    uint8_t name_how;          /* ACT_N_*: how the display name is made */
    uint8_t kind;
    uint8_t ctx;               /* country to be taken from context */
    uint8_t same_role;         /* role to be taken from the last role mention */
    uint8_t named;             /* name taken from the text: keep it on resolve */
    float confidence;
} act_mention;

/* A growable per-document array with a small inline start. */
typedef struct act_vec {
    void *data;
    size_t n, cap, elsize;
    int heap;
} act_vec;

/* act_vec_push() of a full vector. */
static __attribute__((noinline)) void *act_vec_grow(act_vec *v)
{
    {
        size_t cap = v->cap * 2;
        void *d = v->heap ? realloc(v->data, cap * v->elsize) : malloc(cap * v->elsize);
        if (!d)
            return NULL;
        if (!v->heap)
            memcpy(d, v->data, v->n * v->elsize);
        v->data = d;
        v->cap = cap;
        v->heap = 1;
    }
    return (char *)v->data + v->elsize * v->n++;
}

/* Room for one more element; returns it or NULL when out of memory. */
ACT_HOT void *act_vec_push(act_vec *v)
{
    if (v->n == v->cap)
        return act_vec_grow(v);
    return (char *)v->data + v->elsize * v->n++;
}

/* The document as the matcher sees it. */
typedef struct act_doc {
    const act_state *st;
    const annot_token *tok;
    size_t n_tok;
    const char *text;   /* original */
    const char *low;    /* lower-cased */
    const char *low_end;/* one past the lower-cased text's NUL */
    const annot_sentence *sent;
    size_t n_sent;
} act_doc;

/* Hash of token i's lower-cased text, as act_hash gives it for the word's
 * normalised form (U+2019 read as an apostrophe); *s and *n receive the
 * bytes to look up (in buf, ACT_TOK_MAX + 4 bytes, when normalised).
 * Returns 0 for a token too long to be a word. */
ACT_HOT int act_tok_key(const act_doc *d, size_t i, const char **s, size_t *n, uint64_t *h, char *buf)
{
    const annot_token *t = &d->tok[i];
    size_t k = t->end - t->start;
    const char *p = d->low + t->start;
    *s = p;
    *n = k;
    if (k <= 8 && k && p + 8 <= d->low_end) {
        /* a word of up to eight ASCII bytes: one load */
        uint64_t w = act_load64((const unsigned char *)p) & (~0ull >> (64 - 8 * k));
        if (!(w & 0x8080808080808080ull)) {
            *h = act_hash_short(w, k);
            return 1;
        }
    }
    if (k > ACT_TOK_MAX)
        return 0;
    int high;
    *h = act_hash_hi((const unsigned char *)p, k, (const unsigned char *)d->low_end, &high);
    if (high && memchr(p, 0xE2, k)) {
        *n = act_norm(p, k, buf);
        *s = buf;
        *h = act_hash((const unsigned char *)buf, *n);
    }
    return 1;
}

/* True when entry e of the direct word table is the word of the token of
 * k bytes at p (its first eight bytes can be read) whose first eight
 * bytes, masked to k, are w. */
ACT_HOT int act_dir_is(const act_doc *d, uint32_t e, const char *p, size_t k, uint64_t w)
{
    const act_state *st = d->st;
    if (e == ACT_DIR_MANY)
        return 0;
    /* words[0] is zeroed: its length is no token's */
    const act_winfo *x = &st->words[e];
    if (x->pre != w || x->len != k)
        return 0;
    if (k <= 8)
        return 1;
    if (k <= 16 && p + 16 <= d->low_end)
        /* the next eight bytes: one more load */
        return (act_load64((const unsigned char *)p + 8) & act_mask_len[(uint8_t)(k - 8)]) == x->pre2;
    return act_same_pool(st->pool.buf + x->off + 8, p + 8, k - 8, d->low_end);
}

/* Vocabulary slot of token i, or NULL. */
ACT_HOT const act_winfo *act_word(const act_doc *d, size_t i)
{
    const annot_token *t = &d->tok[i];
    size_t k = t->end - t->start;
    const char *p = d->low + t->start;
    const act_state *st = d->st;
    if (st->vdir && p + 8 <= d->low_end) {
        /* one load and one table entry, no hashing: an entry names the
         * only word with the token's key, which it is exactly when its
         * bytes are the token's (a token that normalises to a word has
         * the key of a U+2019 spelling, whose entry is ACT_DIR_MANY) */
        uint64_t w = act_load64((const unsigned char *)p) & act_mask_len[(uint8_t)k];
        uint32_t key = act_dir_key(w, k), e = st->vdir[key], e2 = st->vdir[key ^ 1];
        if (act_dir_is(d, e, p, k, w))
            return &st->words[e];
        if (act_dir_is(d, e2, p, k, w))
            return &st->words[e2];
        if (e != ACT_DIR_MANY && e2 != ACT_DIR_MANY)
            return NULL;
    }
    if (k <= 8 && k && p + 8 <= d->low_end) {
        /* a word of up to eight ASCII bytes: one load */
        uint64_t w = act_load64((const unsigned char *)p) & act_mask[k];
        if (!(w & 0x8080808080808080ull))
            return act_vocab_find8(d->st, w, k, act_hash_short(w, k));
    }
    const char *s;
    size_t n;
    uint64_t h;
    char buf[ACT_TOK_MAX + 4];
    if (!act_tok_key(d, i, &s, &n, &h, buf))
        return NULL;
    return act_vocab_find_in(d->st, s, n, h, s == buf ? buf + n : d->low_end);
}

/* act_word() of token i whose first eight bytes can be read, when the
 * direct word table is built: its entry first, the general path only for
 * an entry shared by several words. */
ACT_HOT const act_winfo *act_word_direct(const act_doc *d, size_t i)
{
    const annot_token *t = &d->tok[i];
    size_t k = t->end - t->start;
    const char *p = d->low + t->start;
    const act_state *st = d->st;
    uint64_t w = act_load64((const unsigned char *)p) & act_mask_len[(uint8_t)k];
    uint32_t key = act_dir_key(w, k), e = st->vdir[key], e2 = st->vdir[key ^ 1];
    if (act_dir_is(d, e, p, k, w))
        return &st->words[e];
    if (act_dir_is(d, e2, p, k, w))
        return &st->words[e2];
    if (e != ACT_DIR_MANY && e2 != ACT_DIR_MANY)
        return NULL;
    return act_word(d, i);
}

/* Follow the edge of node for token i (stricter case requirement first);
 * 0 when there is none. */
ACT_HOT uint32_t act_step(const act_doc *d, uint32_t node, const act_winfo *v, size_t i)
{
    uint32_t fl = d->tok[i].flags, c;
    if (node == 0) {
        if (v->root[ACT_REQ_UPPER] && (fl & ANNOT_TOK_UPPER))
            return v->root[ACT_REQ_UPPER];
        if (v->root[ACT_REQ_CAP] && (fl & ANNOT_TOK_CAP))
            return v->root[ACT_REQ_CAP];
        return v->root[ACT_REQ_ANY];
    }
    if ((v->reqs & (1u << ACT_REQ_UPPER)) && (fl & ANNOT_TOK_UPPER) &&
        (c = act_edge_find(d->st, node, v->id, ACT_REQ_UPPER)))
        return c;
    if ((v->reqs & (1u << ACT_REQ_CAP)) && (fl & ANNOT_TOK_CAP) &&
        (c = act_edge_find(d->st, node, v->id, ACT_REQ_CAP)))
        return c;
    if (v->reqs & (1u << ACT_REQ_ANY))
        return act_edge_find(d->st, node, v->id, ACT_REQ_ANY);
    return 0;
}

/* True when token i's lower-cased text is word w. */
static inline int act_tok_is(const act_doc *d, size_t i, const char *w)
{
    if (i >= d->n_tok)
        return 0;
    const annot_token *t = &d->tok[i];
    if (d->low[t->start] != w[0])
        return 0;
    size_t n = strlen(w);
    return t->end - t->start == n && memcmp(d->low + t->start, w, n) == 0;
}

/* True when token i is a quotation mark; *open is set for an opening one
 * (a straight quote opens after a space or a bracket, and closes when it
 * touches what comes before: 'Relations,"'). */
static int act_quote(const act_doc *d, size_t i, int *open)
{
    const annot_token *t = &d->tok[i];
    const unsigned char *c = (const unsigned char *)d->text + t->start;
    size_t n = t->end - t->start;
    if (n == 1 && c[0] == '"') {
        *open = (t->flags & ANNOT_TOK_SPACE_BEFORE) || i == 0 ||
                (d->text[d->tok[i - 1].start] == '(' || d->text[d->tok[i - 1].start] == '[');
        return 1;
    }
    if (n == 3 && c[0] == 0xE2 && c[1] == 0x80 && (c[2] == 0x9C || c[2] == 0x9D)) {
        *open = c[2] == 0x9C;
        return 1;
    }
    return 0;
}

/* True when token t may start a form by the start filter tab, or is a
 * quotation mark (their keys are noted in any case at init). */
ACT_HOT int act_may_start(const annot_token *t, const unsigned char *low, const uint8_t *tab)
{
    /* keyed as act_start_note() keys the words (a token of 256 bytes or
     * more gets a wrong mask there as here) */
    size_t k = t->end - t->start;
    uint32_t x = act_start_key(act_load64(low + t->start) & act_mask_len[(uint8_t)k], k);
    /* a capitalised token passes on either bit, another only on ANY */
    return (tab[x] & (uint8_t)(t->flags | ACT_START_ANY)) != 0;
}

/* Index of the first token from i on that may start a form (by the start
 * filter) or be a quotation mark, or cannot be filtered (from safe on); n
 * when there is none.  Punctuation is keyed like words: only the quotation
 * marks are in the filters, and another mark that collides with a word's
 * key is turned away by act_scan().  Four tokens a round (two left more
 * of the loop's own count and branch per token); inlined into
 * act_scan() (out of line, its call and register saves cost more than
 * the registers it frees). */
ACT_HOT size_t act_skip(const act_state *st, const act_doc *d, size_t i, size_t safe)
{
    const annot_token *tok = d->tok;
    const unsigned char *low = (const unsigned char *)d->low;
    const uint8_t *tab = st->start_tab;
    for (; i + 4 <= safe; i += 4) {
        if (act_may_start(&tok[i], low, tab))
            return i;
        if (act_may_start(&tok[i + 1], low, tab))
            return i + 1;
        if (act_may_start(&tok[i + 2], low, tab))
            return i + 2;
        if (act_may_start(&tok[i + 3], low, tab))
            return i + 3;
    }
    for (; i < safe; i++)
        if (act_may_start(&tok[i], low, tab))
            return i;
    return i;
}

/* Pass 1: longest trie matches, left to right, non-overlapping; the
 * quotation marks met on the way go to quotes (token index, top bit set for
 * an opening one).  Returns 0 or ANNOT_ENOMEM. */
static int act_scan(const act_doc *doc, act_vec *items, act_vec *quotes)
{
    /* a private copy: the pushes below cannot change its fields, so they
     * stay in registers */
    const act_doc dl = *doc, *d = &dl;
    const act_state *st = d->st;
    size_t n = d->n_tok, avail = (size_t)(d->low_end - d->low);  /* bytes readable */
    /* tokens before safe can be loaded eight bytes at a time */
    size_t safe = n;
    while (safe > 0 && d->tok[safe - 1].start + 8 > avail)
        safe--;
    /* below direct, act_word_direct() may read a token (act_word() tests
     * both things for each) */
    size_t direct = st->vdir ? safe : 0;
    for (size_t i = 0; i < n;) {
        /* most words start no form: the start filter says so from their
         * length and first eight bytes */
        i = act_skip(st, d, i, safe);
        if (i >= n)
            break;
        /* no form starts with punctuation; note quotation marks on the way */
        if (d->tok[i].flags & ANNOT_TOK_PUNCT) {
            unsigned char c = (unsigned char)d->text[d->tok[i].start];
            if (c == '"' || c == 0xE2) {
                int open;
                if (act_quote(d, i, &open)) {
                    uint32_t *q = act_vec_push(quotes);
                    if (!q)
                        return ANNOT_ENOMEM;
                    *q = (uint32_t)i | (open ? 0x80000000u : 0);
                }
            }
            i++;
            continue;
        }
        const act_winfo *v = i < direct ? act_word_direct(d, i) : act_word(d, i);
        if (!v) {
            i++;
            continue;
        }
        uint32_t node = act_step(d, 0, v, i);
        uint32_t best_term = 0;
        size_t best_end = 0;
        size_t j = i;
        while (node) {
            if (d->st->node_term[node]) {
                best_term = d->st->node_term[node];
                best_end = j + 1;
            }
            uint64_t next = d->st->node_next[node];
            if (!next || ++j >= n)
                break;
            /* the next token must be able to be one of the edges' words */
            unsigned char b0 = (unsigned char)d->low[d->tok[j].start];
            if (b0 < 0x80 && !(next & act_next_bit(b0, d->tok[j].end - d->tok[j].start)))
                break;
            v = j < direct ? act_word_direct(d, j) : act_word(d, j);
            if (!v)
                break;
            node = act_step(d, node, v, j);
        }
        if (!best_term) {
            i++;
            continue;
        }
        size_t from = i;
        if (d->st->terms[best_term - 1].flags & ACT_F_THE) {
            /* "Hague" of "The Hague": only after "the", which joins the match */
            if (!(i > 0 && act_tok_is(d, i - 1, "the"))) {
                i++;
                continue;
            }
            from = i - 1;
        }
        act_item *it = act_vec_push(items);
        if (!it)
            return ANNOT_ENOMEM;
        it->tb = (uint32_t)from;
        it->te = (uint32_t)best_end;
        it->term = best_term - 1;
        i = best_end;
    }
    return 0;
}

/* A word's bit in act_state.list_bits, by its first lower-cased byte b0
 * and its length k. */
static inline unsigned act_list_bit(unsigned b0, size_t k)
{
    return (b0 + 29 * (unsigned)k) & 255;
}

static const char *const *const act_lists[ACT_L_COUNT];  /* set after the lists */

/* True when token i is one of the words of fixed list l (ACT_L_*). */
static int act_tok_in(const act_doc *d, size_t i, int l)
{
    if (i >= d->n_tok)
        return 0;
    const annot_token *t = &d->tok[i];
    unsigned x = act_list_bit((unsigned char)d->low[t->start], t->end - t->start);
    if (!(d->st->list_bits[l][x >> 6] >> (x & 63) & 1))
        return 0;
    for (const char *const *words = act_lists[l]; *words; words++)
        if (act_tok_is(d, i, *words))
            return 1;
    return 0;
}

/* Words that end a modifier run between an adjective and its role noun. */
static const char *const act_gap_stop[] = {
    "and", "or", "of", "the", "a", "an", "to", "in", "on", "for", "with", "by", "at", "from",
    "that", "which", "who", "is", "are", "was", "were", "has", "have", "had", "as", "but",
    "said", "says", "not", "than", "its", "their", "his", "her", NULL
};

/* Months and days: a capitalised word before a capital that is no name. */
static const char *const act_time_words[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", NULL
};

/* Adverbs between a name and its speech verb ("Jane Roe once said"). */
static const char *const act_cue_adverbs[] = {
    "once", "also", "later", "recently", "previously", "then", "further", "repeatedly", NULL
};

/* Prepositions after which a capital is a place, not an actor. */
static const char *const act_locative[] = {
    "in", "at", "near", "outside", "inside", "around", "across", "throughout", "via", "into",
    "downtown", "central", NULL
};

/* True when tokens [a, b) may sit between an adjective and its role noun:
 * at most ACT_GAP_MAX lower-case words or inner hyphens, none a function
 * word, no sentence break, and the first is not a hyphen ("Chinese-language"). */
static int act_gap_ok(const act_doc *d, size_t a, size_t b)
{
    if (b - a > ACT_GAP_MAX + 2)
        return 0;
    size_t words = 0;
    for (size_t i = a; i < b; i++) {
        const annot_token *t = &d->tok[i];
        if (t->flags & ANNOT_TOK_SENT_START)
            return 0;
        if (t->end - t->start == 1 && d->text[t->start] == '-') {
            if (i == a)
                return 0;
            continue;
        }
        if (!(t->flags & ANNOT_TOK_WORD) || (t->flags & (ANNOT_TOK_CAP | ANNOT_TOK_UPPER)))
            return 0;
        if (act_tok_in(d, i, ACT_L_GAP_STOP))
            return 0;
        words++;
    }
    return words <= ACT_GAP_MAX;
}

/* Length of a run of capitalised name tokens starting at token i (at most
 * four words, initials such as "W." allowed), stopping at a sentence
 * break.  Returns the number of tokens. */
static size_t act_cap_run(const act_doc *d, size_t i)
{
    size_t k = 0, words = 0;
    while (i + k < d->n_tok && words < 4) {
        const annot_token *t = &d->tok[i + k];
        if (k && (t->flags & ANNOT_TOK_SENT_START))
            break;
        if (!(t->flags & ANNOT_TOK_WORD) || !(t->flags & ANNOT_TOK_CAP))
            break;
        if (act_tok_in(d, i + k, ACT_L_GAP_STOP))
            break;
        /* an initial "W" "." */
        if (t->end - t->start == 1 && i + k + 1 < d->n_tok && d->text[t->end] == '.' &&
            d->tok[i + k + 1].start == t->end) {
            k += 2;
            words++;
            continue;
        }
        k++;
        words++;
    }
    /* do not end on an initial */
    return k;
}

/* Head nouns of organisation names. */
static const char *const act_org_words[] = {
    "administration", "agency", "office", "department", "commission", "council", "committee",
    "bureau", "service", "services", "institute", "institution", "university", "center", "centre",
    "foundation", "corporation", "company", "group", "association", "authority", "ministry",
    "court", "party", "forces", "army", "navy", "times", "post", "news", "bank", "fund", "board",
    "college", "school", "academy", "union", "organization", "organisation", "force", "command",
    "network", "report", "manual", "convention", "treaty", "act", "law", "mosque", "church",
    "cathedral", "temple", "airport", "stadium", "hospital", "street", "square", "bridge", "palace",
    "hotel", "park", "road", "avenue", "prize", "award", "cup", "trophy", "memorial", "museum",
    "library", "hall", "tower", "station", "port", NULL
};

/* True when tokens [a, b) hold a word that heads an organisation's or a
 * document's name ("Services", "Administration"). */
static int act_run_is_org(const act_doc *d, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (act_tok_in(d, i, ACT_L_ORG))
            return 1;
    return 0;
}

/* Copy the text of tokens [a, b) into buf as a display name. */
static void act_text_name(const act_doc *d, size_t a, size_t b, char *buf)
{
    uint32_t s = d->tok[a].start, e = d->tok[b - 1].end;
    size_t n = e - s;
    if (n >= ACT_NAME_MAX)
        n = ACT_NAME_MAX - 1;
    memcpy(buf, d->text + s, n);
    buf[n] = '\0';
}

/* Verbs and auxiliaries after which "the Chinese" is a people. */
static const char *const act_people_verbs[] = {
    "are", "were", "have", "had", "will", "would", "could", "should", "can", "may", "might",
    "must", "did", "do", "say", "said", "believe", "believed", "think", "thought", "want",
    "wanted", "argue", "argued", "see", "saw", "insist", "insisted", "claim", "claimed", "also",
    "never", "still", "always", "themselves", "who", NULL
};

/* True when the national adjective at tokens [tb, te) is used as a plural
 * noun: after "the" and before a verb or a stop, comma or closing bracket
 * (not a hyphen or a quote: 'the Hungarian "outward investment"'). */
static int act_people(const act_doc *d, size_t tb, size_t te)
{
    if (tb == 0 || !act_tok_is(d, tb - 1, "the"))
        return 0;
    if (te >= d->n_tok || (d->tok[te].flags & ANNOT_TOK_SENT_START))
        return 1;
    const annot_token *t = &d->tok[te];
    if (t->flags & ANNOT_TOK_PUNCT)
        return t->end - t->start == 1 && strchr(".,;:!?)]", d->text[t->start]) != NULL;
    return act_tok_in(d, te, ACT_L_PEOPLE_VERBS);
}

static inline int act_combinable(const act_actor *a);

/* For the national adjective of item k followed by "and"/"or"/"," and
 * another adjective that takes a role noun ("Chinese and American
 * officials"): that role's actor; else NULL. */
static const act_actor *act_coordinated_role(const act_doc *d, const act_item *it, size_t m, size_t k)
{
    const act_state *st = d->st;
    size_t te = it[k].te;
    if (k + 2 >= m || !(act_tok_is(d, te, "and") || act_tok_is(d, te, "or") || act_tok_is(d, te, ",")))
        return NULL;
    const act_term *T1 = &st->terms[it[k + 1].term], *T2 = &st->terms[it[k + 2].term];
    if (it[k + 1].tb != te + 1 || T2->type != ACT_T_ROLE || (T2->flags & ACT_F_CUE) ||
        !(T1->type == ACT_T_ADJ || (T1->type == ACT_T_NAME && act_combinable(&st->actors[T1->actor]))))
        return NULL;
    size_t p = it[k + 1].te, jb = it[k + 2].tb;
    if (jb != p && !(jb > p && act_gap_ok(d, p, jb)))
        return NULL;
    return &st->actors[T2->actor];
}

/* True when item k is next to a hyphen whose other side is a country
 * ("Sino-American", "US-Chinese"). */
static int act_in_pair(const act_doc *d, const act_item *it, size_t m, size_t k)
{
    const act_state *st = d->st;
    size_t tb = it[k].tb, te = it[k].te;
    if (k + 1 < m && it[k + 1].tb == te + 1 && te < d->n_tok && d->tok[te].end - d->tok[te].start == 1 &&
        d->text[d->tok[te].start] == '-' && !(d->tok[te].flags & ANNOT_TOK_SPACE_BEFORE)) {
        const act_term *T = &st->terms[it[k + 1].term];
        if ((T->type == ACT_T_NAME || T->type == ACT_T_ADJ) && act_combinable(&st->actors[T->actor]))
            return 1;
    }
    if (k > 0 && tb >= 1 && it[k - 1].te == tb - 1 && d->tok[tb - 1].end - d->tok[tb - 1].start == 1 &&
        d->text[d->tok[tb - 1].start] == '-' && !(d->tok[tb - 1].flags & ANNOT_TOK_SPACE_BEFORE)) {
        const act_term *T = &st->terms[it[k - 1].term];
        if ((T->type == ACT_T_NAME || T->type == ACT_T_ADJ) && act_combinable(&st->actors[T->actor]))
            return 1;
    }
    return 0;
}

/* The pool string at off. */
static inline const char *act_str(const act_state *st, uint32_t off)
{
    return st->pool.buf + off;
}

/* True for an actor that a role noun can attach to: a country, or an
 * international body with a bare code (IGOxxx). */
static inline int act_combinable(const act_actor *a)
{
    return a->combinable;
}

/* Give m the code of country (or body) c with role r appended, r's kind,
 * and a display name "<adjective> <role label>". */
static void act_combine(const act_state *st, act_mention *m, const act_actor *c, const act_actor *r)
{
    (void)st;
    size_t cn = strnlen(c->code, ACT_CODE_MAX - 1);
    size_t rn = strnlen(r->code, ACT_CODE_MAX - 1 - cn);
    memcpy(m->code, c->code, cn);
    memcpy(m->code + cn, r->code, rn);
    m->code[cn + rn] = '\0';
    m->kind = r->kind;
    m->name_how = ACT_N_JOIN;
    m->name_a = c->adj != UINT32_MAX ? c->adj : c->name;
    m->name_b = r->name;
}

/* Fill m with actor a's own code, kind and name. */
static void act_own(const act_state *st, act_mention *m, const act_actor *a)
{
    (void)st;
    memcpy(m->code, a->code, sizeof m->code);
    m->kind = a->kind;
    m->name_how = ACT_N_POOL;
    m->name_a = a->name;
}

/* Title words that make a capitalised run a post, not a name. */
static const char *const act_post_words[] = {
    "director", "deputy", "president", "vice", "minister", "secretary", "chairman", "chairwoman",
    "chair", "head", "chief", "professor", "spokesman", "spokeswoman", "spokesperson", "senior",
    "fellow", "executive", "officer", "general", "commander", "ambassador", "envoy", "founder",
    "editor", "dean", "member", "members", "former", "acting", "associate", "assistant", "research",
    "researcher", "analyst", "department", "ministry", "office", "university", "institute", "center",
    "centre", "program", "programme", "school", "college", "according", "said", "says", "mr", "ms",
    "mrs", "dr", "prof", "the", "a", "an", "and", "of", "in", "on", "at", "for", "but", "as",
    "while", "when", "after", "before", "since", "this", "that", "these", "those", "it", "he",
    "she", "they", "we", "i", "his", "her", "their", "its", "our", NULL
};

/* Length of a person's name ending at token j (inclusive), read
 * backwards: two to four capitalised words or initials, stopping at a post
 * or function word ("Director Jane Roe").  Returns the number of tokens, 0
 * when there is none. */
static size_t act_name_before(const act_doc *d, size_t j)
{
    size_t k = 0, words = 0;
    while (j + 1 > k && words < 5) {
        size_t i = j - k;
        const annot_token *t = &d->tok[i];
        /* an initial's period: "W." */
        if (t->end - t->start == 1 && d->text[t->start] == '.' && i > 0 &&
            d->tok[i - 1].end - d->tok[i - 1].start == 1 && (d->tok[i - 1].flags & ANNOT_TOK_CAP)) {
            k++;
            continue;
        }
        if (!(t->flags & ANNOT_TOK_WORD) || !(t->flags & ANNOT_TOK_CAP) || (t->flags & ANNOT_TOK_UPPER && t->end - t->start > 1))
            break;
        if (act_tok_in(d, i, ACT_L_POST))
            break;
        k++;
        words++;
        if (t->flags & ANNOT_TOK_SENT_START)
            break;
    }
    if (words < 2 || words > 4)
        return 0;
    return k;
}

/* A new, zeroed mention of tokens [tb, te) pushed on mv, or NULL when out
 * of memory. */
static act_mention *act_new_mention(const act_doc *d, act_vec *mv, size_t tb, size_t te, float confidence)
{
    act_mention *mm = act_vec_push(mv);
    if (!mm)
        return NULL;
    memset(mm, 0, sizeof *mm);
    mm->start = d->tok[tb].start;
    mm->tb = (uint32_t)tb;
    mm->end = d->tok[te - 1].end;
    mm->te = (uint32_t)te;
    mm->sentence = d->tok[tb].sentence;
    mm->confidence = confidence;
    return mm;
}

/* Pass 2: turn items into mentions.  Returns 0 or ANNOT_ENOMEM. */
static int act_combine_items(const act_doc *d, const act_vec *iv, act_vec *mv)
{
    const act_state *st = d->st;
    const act_item *it = iv->data;
    size_t m = iv->n;
    for (size_t k = 0; k < m; k++) {
        const act_term *T = &st->terms[it[k].term];
        const act_actor *A = &st->actors[T->actor];
        size_t tb = it[k].tb, te = it[k].te;
        const act_actor *role = NULL, *ent = NULL;
        int role_same = 0;
        size_t end = te, next = k;  /* last item consumed */
        int named_run = 0;

        if (T->type == ACT_T_BLOCK)
            continue;

        if ((T->type == ACT_T_NAME && act_combinable(A)) || T->type == ACT_T_ADJ) {
            size_t p = te;
            int poss = 0;
            if (T->type == ACT_T_NAME && p < d->n_tok && (d->tok[p].flags & ANNOT_TOK_POSSESSIVE)) {
                p++;
                poss = 1;
            }
            /* a blocked phrase may be a modifier: "Chinese public health officials" */
            size_t kn = k + 1;
            if (kn + 1 < m && st->terms[it[kn].term].type == ACT_T_BLOCK && (T->type == ACT_T_ADJ || poss))
                kn++;
            if (kn < m) {
                const act_term *TJ = &st->terms[it[kn].term];
                const act_actor *J = &st->actors[TJ->actor];
                size_t jb = it[kn].tb;
                int adjacent = jb == p && !(d->tok[jb].flags & ANNOT_TOK_SENT_START);
                /* the gap is read only before a role noun that is not adjacent */
                if (TJ->type == ACT_T_ROLE && !(TJ->flags & ACT_F_CUE) &&
                    (adjacent || ((T->type == ACT_T_ADJ || poss) && jb >= p && act_gap_ok(d, p, jb)))) {
                    role = J;
                    role_same = (TJ->flags & ACT_F_SAME) != 0;
                    next = kn;
                    end = it[kn].te;
                    named_run = (TJ->flags & ACT_F_NAMED) != 0;
                } else if (TJ->type == ACT_T_NAME && adjacent && !J->is_role &&
                           !act_combinable(J) && memcmp(J->code, A->code, 3) == 0) {
                    ent = J;   /* "US NSA", "Chinese Huawei" */
                    next = kn;
                    end = it[kn].te;
                }
            }
            if (!role && !ent) {
                if (T->type == ACT_T_ADJ) {
                    /* "Chinese and American officials": the role of the next adjective */
                    const act_actor *shared = act_coordinated_role(d, it, m, k);
                    /* "Sino-American relations": one of a hyphenated pair */
                    int pair = act_in_pair(d, it, m, k);
                    if (shared || pair) {
                        act_mention *mm = act_new_mention(d, mv, tb, te, 0.7f);
                        if (!mm)
                            return ANNOT_ENOMEM;
                        if (shared) {
                            act_combine(st, mm, A, shared);
                        } else {
                            act_own(st, mm, A);
                        }
                        continue;
                    }
                    /* "the Chinese said ...": the people, standing for the nation */
                    if (act_people(d, tb, te)) {
                        act_mention *mm = act_new_mention(d, mv, tb, te, 0.6f);
                        if (!mm)
                            return ANNOT_ENOMEM;
                        snprintf(mm->code, sizeof mm->code, "%.3s", A->code);
                        mm->kind = ANNOT_ACTOR_GROUP;
                        mm->name_how = ACT_N_PEOPLE;
                        mm->name_a = A->adj;
                    }
                    continue;  /* otherwise a bare adjective is no mention */
                }
                act_mention *mm = act_new_mention(d, mv, tb, te, 0.9f);
                if (!mm)
                    return ANNOT_ENOMEM;
                act_own(st, mm, A);
                continue;
            }
        } else if (T->type == ACT_T_ROLE && (T->flags & ACT_F_CUE)) {
            /* "Jane Roe and John Doe said", "written by Jane Roe": people of
             * the context country */
            if (!st->context_roles)
                continue;
            int after = act_tok_is(d, te - 1, "by") || act_tok_is(d, te - 1, "to");
            size_t spans[2][2], ns = 0;
            if (after) {
                size_t p = te;
                for (int c = 0; c < 2 && p < d->n_tok; c++) {
                    size_t r = act_cap_run(d, p);
                    if (r < 2 || (k + 1 < m && it[k + 1].tb < p + r) || act_run_is_org(d, p, p + r) ||
                        act_tok_in(d, p, ACT_L_POST))
                        break;
                    spans[ns][0] = p;
                    spans[ns++][1] = p + r;
                    if (!act_tok_is(d, p + r, "and"))
                        break;
                    p += r + 1;
                }
            } else if (tb > 0) {
                size_t e = tb;   /* one past the name */
                if (act_tok_in(d, e - 1, ACT_L_CUE_ADVERBS))
                    e--;
                for (int c = 0; c < 2 && e > 0; c++) {
                    size_t r = act_name_before(d, e - 1);
                    if (!r || (k > 0 && it[k - 1].te > e - r) || act_run_is_org(d, e - r, e))
                        break;
                    spans[ns][0] = e - r;
                    spans[ns++][1] = e;
                    if (e - r < 2 || !act_tok_is(d, e - r - 1, "and"))
                        break;
                    e = e - r - 1;
                }
            }
            for (size_t q = ns; q-- > 0;) {   /* text order */
                size_t a = spans[q][0], b = spans[q][1];
                if (after)
                    a = spans[ns - 1 - q][0], b = spans[ns - 1 - q][1];
                act_mention *mm = act_new_mention(d, mv, a, b, 0.35f);
                if (!mm)
                    return ANNOT_ENOMEM;
                mm->ctx = 1;
                mm->named = 1;
                mm->role_actor = T->actor;
                mm->kind = ANNOT_ACTOR_PERSON;
                mm->name_how = ACT_N_TEXT;
                mm->name_a = (uint32_t)a;
                mm->name_b = (uint32_t)b;
            }
            continue;
        } else if (T->type == ACT_T_ROLE) {
            /* a title or organisation noun before a known name: "President Obama" */
            if ((T->flags & ACT_F_NAMED) && k + 1 < m && it[k + 1].tb == te) {
                const act_term *TJ = &st->terms[it[k + 1].term];
                const act_actor *J = &st->actors[TJ->actor];
                int fits = (A->kind == ANNOT_ACTOR_PERSON) == (J->kind == ANNOT_ACTOR_PERSON);
                if (TJ->type == ACT_T_NAME && !J->is_role && !act_combinable(J) && fits) {
                    act_mention *mm = act_new_mention(d, mv, tb, it[k + 1].te, 0.85f);
                    if (!mm)
                        return ANNOT_ENOMEM;
                    act_own(st, mm, J);
                    k++;
                    continue;
                }
            }
            /* role "of" [the] country: "the Ministry of Foreign Affairs of China";
             * a descriptive phrase ("leaders of Germany") leaves the country alone */
            size_t p = te;
            int inst = (d->tok[tb].flags & ANNOT_TOK_CAP) && !(d->tok[tb].flags & ANNOT_TOK_SENT_START);
            if (inst && act_tok_is(d, p, "of")) {
                p++;
                if (act_tok_is(d, p, "the"))
                    p++;
                if (k + 1 < m && it[k + 1].tb == p) {
                    const act_term *TJ = &st->terms[it[k + 1].term];
                    const act_actor *J = &st->actors[TJ->actor];
                    if ((TJ->type == ACT_T_NAME || TJ->type == ACT_T_SEAT) && act_combinable(J)) {
                        act_mention *mm = act_new_mention(d, mv, tb, it[k + 1].te, 0.8f);
                        if (!mm)
                            return ANNOT_ENOMEM;
                        act_combine(st, mm, J, A);
                        k++;
                        continue;
                    }
                }
            }
            /* "Mr. Smith", "Senator Jane Roe": a person, country from
             * context (the title gives the role) */
            if ((T->flags & ACT_F_NAMED) && st->context_roles &&
                ((T->flags & ACT_F_CTX) || (A->kind == ANNOT_ACTOR_PERSON && (d->tok[tb].flags & ANNOT_TOK_CAP)))) {
                size_t r = act_cap_run(d, te);
                /* a known name follows: it is its own mention; a capital
                 * inside the name is just a name ("Mr. Paulo Lima") */
                if (r && k + 1 < m && it[k + 1].tb < te + r &&
                    !(st->terms[it[k + 1].term].type == ACT_T_SEAT && it[k + 1].te <= te + r && it[k + 1].tb > te))
                    r = 0;
                if (r && act_run_is_org(d, te, te + r))
                    r = 0;   /* "General Electric Company" */
                if (r) {
                    act_mention *mm = act_new_mention(d, mv, tb, te + r, 0.4f);
                    if (!mm)
                        return ANNOT_ENOMEM;
                    mm->ctx = 1;
                    mm->named = 1;
                    mm->role_actor = T->actor;
                    mm->kind = ANNOT_ACTOR_PERSON;
                    mm->name_how = ACT_N_TEXT;
                    mm->name_a = (uint32_t)te;
                    mm->name_b = (uint32_t)(te + r);
                }
                continue;
            }
            /* "the Foreign Ministry": country from context ("the
             * administration of the Internet" is no actor) */
            if ((T->flags & ACT_F_CTX) && st->context_roles && tb > 0 && !act_tok_is(d, te, "of") &&
                (act_tok_is(d, tb - 1, "the") || act_tok_is(d, tb - 1, "its"))) {
                act_mention *mm = act_new_mention(d, mv, tb, te, 0.5f);
                if (!mm)
                    return ANNOT_ENOMEM;
                mm->ctx = 1;
                mm->role_actor = T->actor;
                mm->kind = A->kind;
            }
            continue;
        } else if (T->type == ACT_T_SEAT) {
            if (tb > 0 && act_tok_in(d, tb - 1, ACT_L_LOCATIVE))
                continue;
            /* part of a longer proper name: "the Budapest Convention" */
            if (te < d->n_tok && (d->tok[te].flags & ANNOT_TOK_WORD) && (d->tok[te].flags & ANNOT_TOK_CAP) &&
                !(d->tok[te].flags & ANNOT_TOK_SENT_START) && !(k + 1 < m && it[k + 1].tb == te))
                continue;
            if (tb > 0 && act_tok_is(d, tb - 1, "the") && (d->tok[tb - 1].flags & ANNOT_TOK_CAP) &&
                !(d->tok[tb - 1].flags & ANNOT_TOK_SENT_START))
                continue;
            /* "Beijing-based": where something sits, not who acts */
            if (te + 1 < d->n_tok && d->tok[te].end - d->tok[te].start == 1 && d->text[d->tok[te].start] == '-' &&
                act_tok_is(d, te + 1, "based"))
                continue;
            /* the end of a person's or place's name: "Paulo Lima", "Port Moresby" */
            if (tb > 0 && (d->tok[tb - 1].flags & ANNOT_TOK_WORD) && (d->tok[tb - 1].flags & ANNOT_TOK_CAP) &&
                !(d->tok[tb - 1].flags & ANNOT_TOK_SENT_START) && !(d->tok[tb].flags & ANNOT_TOK_SENT_START) &&
                !(k > 0 && it[k - 1].te == tb) && !act_tok_in(d, tb - 1, ACT_L_TIME) &&
                !(d->sent && d->tok[tb].sentence < d->n_sent && (d->sent[d->tok[tb].sentence].flags & ANNOT_SENT_HEADING)))
                continue;
            act_mention *mm = act_vec_push(mv);
            if (!mm)
                return ANNOT_ENOMEM;
            memset(mm, 0, sizeof *mm);
            /* "Beijing's foreign ministry": the seat stands for its state */
            if (te + 1 < d->n_tok && (d->tok[te].flags & ANNOT_TOK_POSSESSIVE) && k + 1 < m &&
                it[k + 1].tb == te + 1 && st->terms[it[k + 1].term].type == ACT_T_ROLE &&
                !(st->terms[it[k + 1].term].flags & ACT_F_CUE) && act_combinable(A)) {
                mm->start = d->tok[tb].start;
                mm->tb = (uint32_t)tb;
                mm->end = d->tok[it[k + 1].te - 1].end;
                mm->te = it[k + 1].te;
                mm->sentence = d->tok[tb].sentence;
                mm->confidence = 0.75f;
                act_combine(st, mm, A, &st->actors[st->terms[it[k + 1].term].actor]);
                k++;
                continue;
            }
            mm->start = d->tok[tb].start;
            mm->tb = (uint32_t)(tb);
            mm->end = d->tok[te - 1].end;
            mm->te = (uint32_t)(te);
            mm->sentence = d->tok[tb].sentence;
            mm->confidence = 0.75f;
            act_own(st, mm, A);
            continue;
        } else {
            /* any other name: organisation, person, group; an organisation
             * right before one of its people is that person's title ("UN
             * Secretary-General Antonio Guterres") */
            if (A->kind == ANNOT_ACTOR_ORGANIZATION && k + 1 < m && it[k + 1].tb == te) {
                const act_term *TJ = &st->terms[it[k + 1].term];
                const act_actor *J = &st->actors[TJ->actor];
                if (TJ->type == ACT_T_NAME && J->kind == ANNOT_ACTOR_PERSON && strcmp(J->code, A->code) == 0) {
                    te = it[++k].te;
                    A = J;
                }
            }
            act_mention *mm = act_new_mention(d, mv, tb, te, 0.9f);
            if (!mm)
                return ANNOT_ENOMEM;
            act_own(st, mm, A);
            continue;
        }

        /* a country with a role noun or its own organisation */
        act_mention *mm = act_vec_push(mv);
        if (!mm)
            return ANNOT_ENOMEM;
        memset(mm, 0, sizeof *mm);
        mm->start = d->tok[tb].start;
        mm->tb = (uint32_t)(tb);
        mm->sentence = d->tok[tb].sentence;
        mm->confidence = 0.8f;
        if (ent) {
            act_own(st, mm, ent);
        } else {
            act_combine(st, mm, A, role);
            mm->same_role = (uint8_t)role_same;
            /* "Chinese President Xi Jinping", "British newspaper The Guardian" */
            if (named_run) {
                if (next + 1 < m && (it[next + 1].tb == end ||
                                     (it[next + 1].tb == end + 1 && act_tok_is(d, end, "the")))) {
                    const act_term *TN = &st->terms[it[next + 1].term];
                    const act_actor *N = &st->actors[TN->actor];
                    if (TN->type == ACT_T_NAME && !N->is_role && !act_combinable(N)) {
                        act_own(st, mm, N);
                        next++;
                        end = it[next].te;
                        named_run = 0;
                    }
                }
                if (named_run) {
                    size_t r = act_cap_run(d, end);
                    /* a known name inside the run ("Barak Obama"): take it whole */
                    if (r && next + 1 < m && it[next + 1].tb < end + r) {
                        const act_term *TN = &st->terms[it[next + 1].term];
                        const act_actor *N = &st->actors[TN->actor];
                        if (TN->type == ACT_T_NAME && !N->is_role && !act_combinable(N) &&
                            memcmp(N->code, mm->code, 3) == 0) {
                            act_own(st, mm, N);
                            next++;
                            end = it[next].te;
                            r = 0;
                            named_run = 0;
                        } else if (TN->type == ACT_T_SEAT && it[next + 1].tb > end && it[next + 1].te <= end + r) {
                            next++;   /* a capital inside a name: "Foreign Minister Paulo Lima" */
                        } else {
                            r = it[next + 1].tb > end ? it[next + 1].tb - end : 0;
                        }
                    }
                    if (r && act_run_is_org(d, end, end + r)) {
                        if (role->kind == ANNOT_ACTOR_PERSON) {
                            /* "US General Services Administration": not a
                             * general; keep the country alone */
                            act_own(st, mm, A);
                            mm->end = d->tok[te - 1].end;
                            mm->te = (uint32_t)(te);
                            continue;
                        }
                    }
                    if (r) {
                        mm->name_how = ACT_N_TEXT;
                        mm->name_a = (uint32_t)end;
                        mm->name_b = (uint32_t)(end + r);
                        if (role->kind == ANNOT_ACTOR_PERSON || role->kind == ANNOT_ACTOR_GROUP)
                            mm->kind = ANNOT_ACTOR_PERSON;
                        else
                            mm->kind = ANNOT_ACTOR_ORGANIZATION;
                        end += r;
                    }
                }
            } else {
                /* "US universities and think tanks": a coordinated role noun */
                while (next + 1 < m && (act_tok_is(d, end, "and") || act_tok_is(d, end, "or")) &&
                       it[next + 1].tb == end + 1 &&
                       st->terms[it[next + 1].term].type == ACT_T_ROLE &&
                       !(st->terms[it[next + 1].term].flags & ACT_F_CUE)) {
                    next++;
                    end = it[next].te;
                }
            }
        }
        mm->end = d->tok[end - 1].end;
        mm->te = (uint32_t)(end);
        k = next;
    }
    return 0;
}

/* True when a code names a country (not an international body or group). */
static int act_is_country_code(const char *code)
{
    if (!code[0] || !code[1] || !code[2])
        return 0;   /* shorter than three */
    return !(code[1] == 'G' && code[2] == 'O' && (code[0] == 'I' || code[0] == 'N')) &&
           !(code[0] == 'I' && code[1] == 'M' && code[2] == 'G');
}

/* Country actor with the 3-letter code c, or NULL. */
static const act_actor *act_country(const act_state *st, const char *c)
{
    for (size_t i = 0; i < st->n_actors; i++) {
        const act_actor *a = &st->actors[i];
        if (a->kind == ANNOT_ACTOR_COUNTRY && !a->is_role && memcmp(a->code, c, 3) == 0 && a->code[3] == '\0')
            return a;
    }
    return NULL;
}

/* The dominant country of the mentions: the most frequent first three
 * letters of the country codes of those not taken from context (ctx 0;
 * the first 64 distinct countries are counted), into dom ("" when none). */
static void act_dominant(const act_mention *ms, size_t n, char dom[4])
{
    uint32_t seen[64];  /* the three letters, one byte each */
    uint32_t cnt[64];
    size_t n_seen = 0, best = 0;
    dom[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (ms[i].ctx || !act_is_country_code(ms[i].code))
            continue;
        const unsigned char *c = (const unsigned char *)ms[i].code;
        uint32_t key = c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16;
        size_t j = 0;
        while (j < n_seen && seen[j] != key)
            j++;
        if (j == n_seen) {
            if (n_seen == 64)
                continue;
            seen[n_seen] = key;
            cnt[n_seen++] = 0;
        }
        if (++cnt[j] > best) {
            best = cnt[j];
            memcpy(dom, ms[i].code, 3);
            dom[3] = '\0';
        }
    }
}

/* When an earlier mention (a person named from the text) has the same
 * name as ms[i], copy its code into ms[i] and return 1; else 0. */
static int act_same_name_before(const act_doc *d, act_mention *ms, size_t i)
{
    const char *a = d->text + d->tok[ms[i].name_a].start;
    size_t an = d->tok[ms[i].name_b - 1].end - d->tok[ms[i].name_a].start;
    for (size_t j = 0; j < i; j++) {
        if (ms[j].name_how != ACT_N_TEXT || !ms[j].code[0] || ms[j].kind != ANNOT_ACTOR_PERSON)
            continue;
        const char *b = d->text + d->tok[ms[j].name_a].start;
        size_t bn = d->tok[ms[j].name_b - 1].end - d->tok[ms[j].name_a].start;
        if (an == bn && memcmp(a, b, an) == 0) {
            memcpy(ms[i].code, ms[j].code, sizeof ms[i].code);
            return 1;
        }
    }
    return 0;
}

/* Pass 3: give context mentions the country of the nearest preceding
 * country mention in the same or the previous ACT_CTX_SENTS sentences, else
 * the document's most mentioned country; drop those that find none. */
static void act_resolve(const act_doc *d, act_vec *mv)
{
    const act_state *st = d->st;
    act_mention *ms = mv->data;
    size_t n = mv->n, has_ctx = 0;
    /* "US scholars ... their Chinese counterparts": the same role (CHNEDU) */
    for (size_t i = 0; i < n; i++) {
        has_ctx |= ms[i].ctx;  /* the loop below changes codes only */
        if (!ms[i].same_role)
            continue;
        for (size_t j = i; j-- > 0;) {
            if (ms[j].sentence + 2 < ms[i].sentence)
                break;
            size_t len = strlen(ms[j].code);
            if (len > 3 && len <= ACT_CODE_MAX - 4 && act_is_country_code(ms[j].code) &&
                !ms[j].same_role) {
                memcpy(ms[i].code + 3, ms[j].code + 3, len - 3 + 1);
                break;
            }
        }
    }
    if (!has_ctx)
        return;
    /* the dominant country is counted only when a mention needs it (most
     * find a country in their own or the previous sentence); a mention
     * settled by its name is marked 2 until the loop ends, so that the
     * count sees the mentions as they were before the loop */
    char dom[4] = "";
    int dom_done = 0, marked = 0;
    for (size_t i = 0; i < n; i++) {
        if (ms[i].ctx != 1)
            continue;
        const char *cc = NULL;
        /* the same name met before keeps the code it got then */
        if (ms[i].named && act_same_name_before(d, ms, i)) {
            ms[i].ctx = 2;
            marked = 1;
            continue;
        }
        for (size_t j = i; j-- > 0;) {
            if (ms[j].sentence + ACT_CTX_SENTS < ms[i].sentence)
                break;
            if (ms[j].ctx != 1 && act_is_country_code(ms[j].code)) {
                cc = ms[j].code;
                break;
            }
        }
        if (!cc && !dom_done) {
            act_dominant(ms, n, dom);
            dom_done = 1;
        }
        if (!cc && dom[0])
            cc = dom;
        const act_actor *c = cc ? act_country(st, cc) : NULL;
        if (!c) {
            ms[i].code[0] = '\0';
            continue;
        }
        if (ms[i].named) {
            memcpy(ms[i].code, c->code, 3);
            size_t rn = strnlen(st->actors[ms[i].role_actor].code, ACT_CODE_MAX - 4);
            memcpy(ms[i].code + 3, st->actors[ms[i].role_actor].code, rn);
            ms[i].code[3 + rn] = '\0';
        } else {
            act_combine(st, &ms[i], c, &st->actors[ms[i].role_actor]);
        }
    }
    if (marked)
        for (size_t i = 0; i < n; i++)
            if (ms[i].ctx == 2)
                ms[i].ctx = 0;
}

/* Small words left in lower case in titles. */
static const char *const act_title_small[] = {
    "and", "or", "of", "the", "a", "an", "in", "on", "for", "to", "with", "between", "at", "by",
    "from", "over", "vs", "versus", NULL
};

/* True when tokens [a, b) read as a title: at least two content words, all
 * capitalised. */
static int act_title_case(const act_doc *d, size_t a, size_t b)
{
    size_t content = 0;
    for (size_t i = a; i < b; i++) {
        const annot_token *t = &d->tok[i];
        if (!(t->flags & ANNOT_TOK_WORD) || (t->flags & ANNOT_TOK_POSSESSIVE) || act_tok_in(d, i, ACT_L_TITLE_SMALL))
            continue;
        if (!(t->flags & ANNOT_TOK_CAP))
            return 0;
        content++;
    }
    return content >= 2;
}

/* Drop mentions that sit inside the quoted title of a report, book or
 * article (a quoted title-case phrase: the report "Trade and US-Japan
 * Relations"), outside headings, where title case is the norm.  Named
 * forums ("the China-US Cyber Dialogue") keep their mentions.  *n is
 * updated. */
static void act_drop_titles(const act_doc *d, act_mention *ms, size_t *n, const act_vec *quotes)
{
    const uint32_t *q = quotes->data;
    size_t nq = quotes->n, out = 0, t = 0;
    if (!nq)
        return;   /* most documents quote nothing */
    /* an opening quote, then a closing one in the same sentence, around title case */
    size_t next_open = 0;
    for (size_t i = 0; i < *n; i++) {
        size_t tb = ms[i].tb, te = ms[i].te;
        int drop = 0;
        /* the last opening quote before the mention */
        while (next_open < nq && (q[next_open] & 0x7fffffffu) < tb)
            next_open++;
        for (t = next_open; t-- > 0;) {
            if (!(q[t] & 0x80000000u))
                break;   /* a closing quote came last: not inside */
            size_t qa = q[t] & 0x7fffffffu;
            if (t + 1 < nq && !(q[t + 1] & 0x80000000u)) {
                size_t qb = q[t + 1] & 0x7fffffffu;
                if (qb >= te && d->tok[qa].sentence == d->tok[tb].sentence &&
                    d->tok[qb].sentence == d->tok[tb].sentence && act_title_case(d, qa + 1, qb) &&
                    !(d->sent && d->tok[qa].sentence < d->n_sent &&
                      (d->sent[d->tok[qa].sentence].flags & ANNOT_SENT_HEADING)))
                    drop = 1;
            }
            break;
        }
        if (drop)
            continue;
        if (out != i)
            ms[out] = ms[i];
        out++;
    }
    *n = out;
}

/* Put mentions [from, n) of mv into text order among the first ones
 * (insertion sort: the list is short and nearly sorted). */
static void act_sort_tail(act_vec *mv, size_t from)
{
    act_mention *ms = mv->data;
    for (size_t i = from; i < mv->n; i++) {
        act_mention tmp = ms[i];
        size_t j = i;
        while (j > 0 && ms[j - 1].start > tmp.start) {
            ms[j] = ms[j - 1];
            j--;
        }
        ms[j] = tmp;
    }
}

/* Words that open an appositive naming someone's post. */
static const char *const act_appositive_openers[] = {
    "a", "an", "the", "director", "professor", "head", "chief", "spokesman", "spokeswoman",
    "spokesperson", "researcher", "analyst", "fellow", "senior", "former", "deputy", "president",
    "chairman", "chairwoman", "member", "founder", "editor", "dean", "expert", "scholar",
    "associate", "assistant", "vice", "executive", "lecturer", "economist", "correspondent", NULL
};

/* The fixed word lists, by ACT_L_*. */
static const char *const *const act_lists[ACT_L_COUNT] = {
    [ACT_L_GAP_STOP] = act_gap_stop, [ACT_L_TIME] = act_time_words,
    [ACT_L_CUE_ADVERBS] = act_cue_adverbs, [ACT_L_LOCATIVE] = act_locative, [ACT_L_ORG] = act_org_words,
    [ACT_L_PEOPLE_VERBS] = act_people_verbs, [ACT_L_POST] = act_post_words,
    [ACT_L_TITLE_SMALL] = act_title_small, [ACT_L_APPOSITIVE] = act_appositive_openers
};

/* Note the words of every fixed list in st->list_bits. */
static void act_lists_build(act_state *st)
{
    for (int l = 0; l < ACT_L_COUNT; l++)
        for (const char *const *w = act_lists[l]; *w; w++) {
            unsigned x = act_list_bit((unsigned char)(*w)[0], strlen(*w));
            st->list_bits[l][x >> 6] |= 1ull << (x & 63);
        }
}

/* Words between a name's comma and "at"/"of" in an appositive ("a senior
 * fellow at"): lower-case, no punctuation but hyphens, at most five. */
static int act_appositive_ok(const act_doc *d, size_t a, size_t b)
{
    if (b - a > 6)
        return 0;
    for (size_t i = a; i < b; i++) {
        const annot_token *t = &d->tok[i];
        if (t->end - t->start == 1 && d->text[t->start] == '-')
            continue;
        if (!(t->flags & ANNOT_TOK_WORD))
            return 0;
        if ((t->flags & ANNOT_TOK_CAP) && !act_tok_in(d, i, ACT_L_POST))
            return 0;
    }
    return 1;
}

/* People named beside an organisation they belong to take its code:
 * "Jane Roe, a senior fellow at the Brookings Institution" and "John W.
 * Doe of the Naval War College" (USAEDU).  Adds person mentions, keeping
 * the list in text order.  Returns 0 or ANNOT_ENOMEM. */
static int act_affiliated_people(const act_doc *d, act_vec *mv)
{
    size_t n = mv->n;
    for (size_t i = 0; i < n; i++) {
        act_mention *m = (act_mention *)mv->data + i;
        if (m->kind != ANNOT_ACTOR_ORGANIZATION || !m->code[0] || m->ctx)
            continue;
        size_t j = m->tb;
        if (j > 0 && act_tok_is(d, j - 1, "the"))
            j--;
        if (j < 2 || !(act_tok_is(d, j - 1, "at") || act_tok_is(d, j - 1, "of") || act_tok_is(d, j - 1, "from")))
            continue;
        size_t prep = j - 1, comma = prep;
        while (comma > 0 && comma + 6 > prep && !act_tok_is(d, comma - 1, ","))
            comma--;
        size_t name_end, r;
        /* the appositive opens with an article or a post: "a senior fellow at",
         * "director of" (not "which controlled a majority of") */
        if (comma > 0 && act_tok_is(d, comma - 1, ",") && act_appositive_ok(d, comma, prep) && comma >= 2 &&
            act_tok_in(d, comma, ACT_L_APPOSITIVE))
            name_end = comma - 2;
        else if (act_appositive_ok(d, prep, prep))
            name_end = prep - 1;
        else
            continue;
        r = act_name_before(d, name_end);
        if (!r || act_run_is_org(d, name_end + 1 - r, name_end + 1))
            continue;
        uint32_t ps = d->tok[name_end + 1 - r].start, pe = d->tok[name_end].end;
        /* not over another mention; a person met through "Mr." takes the
         * organisation's code ("Mr. Jan Roe, director of the FBI") */
        int clash = 0;
        for (size_t q = 0; q < mv->n; q++) {
            act_mention *o = (act_mention *)mv->data + q;
            if (o->start < pe && ps < o->end) {
                clash = 1;
                if (o->named && o->kind == ANNOT_ACTOR_PERSON && o->end == pe)
                    memcpy(o->code, m->code, sizeof o->code);
            }
        }
        if (clash)
            continue;
        act_mention *p = act_vec_push(mv);
        if (!p)
            return ANNOT_ENOMEM;
        m = (act_mention *)mv->data + i;
        memset(p, 0, sizeof *p);
        p->start = ps;
        p->end = pe;
        p->tb = (uint32_t)(name_end + 1 - r);
        p->te = (uint32_t)(name_end + 1);
        p->sentence = d->tok[name_end].sentence;
        p->confidence = 0.6f;
        memcpy(p->code, m->code, sizeof p->code);
        p->kind = ANNOT_ACTOR_PERSON;
        p->name_how = ACT_N_TEXT;
        p->name_a = (uint32_t)(name_end + 1 - r);
        p->name_b = (uint32_t)(name_end + 1);
    }
    act_sort_tail(mv, n);
    return 0;
}

/* Token i repeats the name of mention src (a surname or an acronym): add
 * a mention for it unless it starts a longer name or sits inside another
 * mention.  Returns 0 or ANNOT_ENOMEM. */
static int act_alias_hit(const act_doc *d, act_vec *mv, uint32_t src_i, size_t i)
{
    const annot_token *t = &d->tok[i];
    if (!(t->flags & ANNOT_TOK_CAP))
        return 0;
    /* not the first name of a longer new name ("Dupont Street") */
    if (i + 1 < d->n_tok && (d->tok[i + 1].flags & ANNOT_TOK_CAP) && (d->tok[i + 1].flags & ANNOT_TOK_WORD) &&
        !(d->tok[i + 1].flags & ANNOT_TOK_SENT_START))
        return 0;
    const act_mention *ms = mv->data;
    for (size_t q = 0; q < mv->n; q++)
        if (ms[q].tb <= i && i < ms[q].te)
            return 0;
    act_mention *m = act_vec_push(mv);
    if (!m)
        return ANNOT_ENOMEM;
    const act_mention *src = (const act_mention *)mv->data + src_i;
    *m = *src;
    m->start = t->start;
    m->end = t->end;
    m->tb = (uint32_t)i;
    m->te = (uint32_t)(i + 1);
    m->sentence = t->sentence;
    m->confidence = src->confidence * 0.9f;
    return 0;
}

/* People whose name the text gave once ("Foreign Minister Jean Dupont",
 * "Jane Roe, a fellow at ...") are mentioned again by surname alone
 * ("Dupont said"), and organisations by the acronym given in brackets
 * after their name ("... Studies (FPS)"): those take the same code and
 * name.  Returns 0 or ANNOT_ENOMEM. */
static int act_surnames(const act_doc *d, act_vec *mv)
{
    size_t n = mv->n, ns = 0;
    uint32_t who[16];  /* a mention ... */
    uint32_t alias[16];/* ... and the token that names it again later */
    const act_mention *ms = mv->data;
    for (size_t i = 0; i < n && ns < 16; i++) {
        if (!ms[i].code[0])
            continue;
        uint32_t te = ms[i].te;
        /* "the Foundation for Peace Studies (FPS)": the acronym, here and later */
        if (ms[i].kind == ANNOT_ACTOR_ORGANIZATION && te + 2 < d->n_tok && act_tok_is(d, te, "(") &&
            act_tok_is(d, te + 2, ")") && (d->tok[te + 1].flags & ANNOT_TOK_UPPER) &&
            (d->tok[te + 1].flags & ANNOT_TOK_WORD) && d->tok[te + 1].end - d->tok[te + 1].start >= 2 &&
            d->tok[te + 1].end - d->tok[te + 1].start <= 10) {
            who[ns] = (uint32_t)i;
            alias[ns++] = te + 1;
            continue;
        }
        if (ms[i].kind != ANNOT_ACTOR_PERSON || ms[i].name_how != ACT_N_TEXT)
            continue;
        const annot_token *t = &d->tok[ms[i].name_b - 1];
        if (t->end - t->start >= 3 && (t->flags & ANNOT_TOK_CAP) && ms[i].name_b - ms[i].name_a >= 2) {
            who[ns] = (uint32_t)i;
            alias[ns++] = ms[i].name_b - 1;
        }
    }
    if (!ns)
        return 0;
    size_t len_text = (size_t)(d->low_end - d->low - 1);
    if (ns <= 2) {
        /* few names: search the text, not the tokens (memmem is fast) */
        for (size_t k = 0; k < ns; k++) {
            const act_mention *src = (const act_mention *)mv->data + who[k];
            const annot_token *sn = &d->tok[alias[k]];
            size_t len = sn->end - sn->start;
            const char *needle = d->text + sn->start;
            const char *p = d->text + d->tok[src->te - 1].end, *end = d->text + len_text;
            while (p < end && (p = memmem(p, (size_t)(end - p), needle, len)) != NULL) {
                uint32_t b = (uint32_t)(p - d->text);
                p += len;
                size_t lo = 0, hi = d->n_tok;
                while (lo < hi) {
                    size_t mid = (lo + hi) / 2;
                    if (d->tok[mid].start < b)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                if (lo < d->n_tok && d->tok[lo].start == b && d->tok[lo].end == b + len) {
                    int rc = act_alias_hit(d, mv, who[k], lo);
                    if (rc)
                        return rc;
                }
            }
        }
    } else {
        /* many names: one pass over the capitalised tokens after the first */
        uint32_t first = UINT32_MAX;
        for (size_t k = 0; k < ns; k++) {
            uint32_t te = ((const act_mention *)mv->data + who[k])->te;
            if (te < first)
                first = te;
        }
        for (size_t i = first; i < d->n_tok; i++) {
            const annot_token *t = &d->tok[i];
            if ((t->flags & (ANNOT_TOK_CAP | ANNOT_TOK_WORD)) != (ANNOT_TOK_CAP | ANNOT_TOK_WORD))
                continue;
            size_t len = t->end - t->start;
            for (size_t k = 0; k < ns; k++) {
                const annot_token *sn = &d->tok[alias[k]];
                if (sn->end - sn->start != len || d->text[sn->start] != d->text[t->start] ||
                    i < ((const act_mention *)mv->data + who[k])->te ||
                    memcmp(d->text + sn->start, d->text + t->start, len) != 0)
                    continue;
                int rc = act_alias_hit(d, mv, who[k], i);
                if (rc)
                    return rc;
                break;
            }
        }
    }
    act_sort_tail(mv, n);
    return 0;
}

/* Join a mention to the one before it when both are organisations with the
 * same code and only spaces separate them ("CSIS Pacific Forum").  *n is
 * updated. */
static void act_merge_adjacent(const act_doc *d, act_mention *ms, size_t *n)
{
    size_t out = 0;
    for (size_t i = 0; i < *n; i++) {
        if (out && ms[i].code[0] && ms[i].kind == ANNOT_ACTOR_ORGANIZATION &&
            ms[out - 1].kind == ANNOT_ACTOR_ORGANIZATION && strcmp(ms[out - 1].code, ms[i].code) == 0) {
            uint32_t a = ms[out - 1].end, b = ms[i].start;
            while (a < b && d->text[a] == ' ')
                a++;
            if (a == b && b > ms[out - 1].end) {
                ms[out - 1].end = ms[i].end;
                ms[out - 1].te = ms[i].te;
                continue;
            }
        }
        if (out != i)
            ms[out] = ms[i];
        out++;
    }
    *n = out;
}

/* Join up to three strings into buf (ACT_NAME_MAX bytes), cutting what
 * does not fit. */
static void act_join(char *buf, const char *a, const char *sep, const char *b)
{
    size_t k = 0;
    const char *parts[3] = { a, sep, b };
    for (int p = 0; p < 3; p++) {
        if (!parts[p])
            continue;
        /* measured and copied whole (a byte loop tested three things a
         * byte), cut to the room left */
        size_t n = strlen(parts[p]);
        if (n > ACT_NAME_MAX - 1 - k)
            n = ACT_NAME_MAX - 1 - k;
        memcpy(buf + k, parts[p], n);
        k += n;
    }
    buf[k] = '\0';
}

/* The display name of m, built in buf (ACT_NAME_MAX bytes) when it is not
 * a pool string. */
static const char *act_name(const act_doc *d, const act_mention *m, char *buf)
{
    const act_state *st = d->st;
    switch (m->name_how) {
    case ACT_N_JOIN:
        act_join(buf, act_str(st, m->name_a), " ", act_str(st, m->name_b));
        return buf;
    case ACT_N_TEXT:
        act_text_name(d, m->name_a, m->name_b, buf);
        return buf;
    case ACT_N_PEOPLE:
        act_join(buf, act_str(st, m->name_a), " people", NULL);
        return buf;
    default:
        return act_str(st, m->name_a);
    }
}

/* Annotate one document.  Returns 0, or non-zero with a message in err. */
static int act_process(void *state, annot_doc *doc, char *err, size_t errlen)
{
    const act_state *st = state;
    const annot_host *h = st->host;
    act_doc d = { .st = st };
    size_t len;
    d.text = h->text(doc, &len);
    d.low = h->text_lower(doc, &len);
    d.low_end = d.low ? d.low + len + 1 : NULL;
    d.tok = h->tokens(doc, &d.n_tok);
    d.sent = h->sentences(doc, &d.n_sent);
    act_item ibuf[256];
    act_mention mbuf[64];
    uint32_t qbuf[32];
    act_vec qv = { qbuf, 0, 32, sizeof(uint32_t), 0 };
    act_vec iv = { ibuf, 0, 256, sizeof(act_item), 0 };
    act_vec mv = { mbuf, 0, 64, sizeof(act_mention), 0 };
    int rc = 0;
    if (!d.text || !d.low || (!d.tok && d.n_tok))
        goto out;
    rc = act_scan(&d, &iv, &qv);
    if (rc)
        goto err;
    rc = act_combine_items(&d, &iv, &mv);
    if (rc)
        goto err;
    act_resolve(&d, &mv);
    act_mention *ms = mv.data;
    rc = act_affiliated_people(&d, &mv);
    if (rc)
        goto err;
    rc = act_surnames(&d, &mv);
    if (rc)
        goto err;
    ms = mv.data;
    act_drop_titles(&d, ms, &mv.n, &qv);
    act_merge_adjacent(&d, ms, &mv.n);
    for (size_t i = 0; i < mv.n; i++) {
        if (!ms[i].code[0])
            continue;
        char name[ACT_NAME_MAX];
        annot_actor a = {
            .span = { ms[i].start, ms[i].end },
            .code = ms[i].code,
            .kind = (annot_actor_kind)ms[i].kind,
            .name = act_name(&d, &ms[i], name),
            .confidence = ms[i].confidence,
        };
        rc = h->add_actor(doc, &a);
        if (rc)
            goto err;
    }
    goto out;
err:
    snprintf(err, errlen, "actors: %s", h->strerror(rc));
out:
    if (iv.heap)
        free(iv.data);
    if (mv.heap)
        free(mv.data);
    if (qv.heap)
        free(qv.data);
    return rc;
}

/* Free an instance. */
static void act_destroy(void *state)
{
    act_free(state);
}

static const annot_option act_options[] = {
    { "files", ANNOT_OPT_LIST,
      "countries.txt,igos.txt,roles.txt,organizations.txt,people.txt,blockers.txt",
      "shipped dictionaries, relative to the data dir (later files override earlier forms)" },
    { "extra_files", ANNOT_OPT_LIST, NULL,
      "user dictionaries in the same format, loaded after the shipped ones" },
    { "context_roles", ANNOT_OPT_BOOL, "true",
      "give \"the Foreign Ministry\" the country of the nearest preceding mention" },
    { NULL, 0, NULL, NULL }
};

static const annot_plugin act_descriptor = {
    ANNOT_PLUGIN_HEADER,
    .name = "actors",
    .version = "1.0.0",
    .description = "political actors with CAMEO-style codes, from plain-text dictionaries",
    .requires = NULL,
    .options = act_options,
    .init = act_init,
    .process = act_process,
    .destroy = act_destroy,
    .reload = NULL,
};

/* Entry point: refuse a host of another ABI major. */
ANNOT_PLUGIN_EXPORT const annot_plugin *annot_plugin_entry(const annot_host *host)
{
    return ANNOT_PLUGIN_ACCEPTS(host) ? &act_descriptor : NULL;
}
