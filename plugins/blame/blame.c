/*
 * blame — who blames whom, for what.
 *
 * Reads the actor mentions of the `actors` plugin and the host's tokens,
 * finds blame cues from plain-text cue files (data/cues.txt, harm.txt,
 * grammar.txt and the user's `extra_files`), and reads each cue's
 * arguments with a shallow clause reading: subject of an active cue, `by`
 * agent of a passive one, possessor or modifier of a nominal one; object,
 * against/of/on argument or passive subject for the blamed.  Denials,
 * negation, "rather than", hypotheticals, modals and questions are not
 * blame.  The writer's own attributions of harm have blamer AUTHOR (or the
 * speaker, inside reported speech).
 *
 * Speed: a sentence is read only when it has an actor mention and a word
 * that some blame cue needs (each cue's anchor word, found by a filter of
 * the tokens' first eight bytes); its words are then looked up in a
 * direct table indexed by (length, first eight bytes), falling back to the
 * hash table when two words share an entry.  The look-up lists the tokens
 * where a cue may start, so the cue matcher visits only those, and the
 * scope pass runs only when a word of the sentence opens a scope.
 *
 * State is built once in init() and read-only afterwards; process() keeps
 * its scratch memory in one allocation per document.
 */
#include <annot/plugin.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BL_MAXW 6          /* words per cue */
#define BL_MAXEXP 256      /* expansions per cue line */
#define BL_SLOT 0xFFFFFFFFu /* "*" in a cue: one actor mention */
#define BL_NONE 0xFFFFFFFEu /* a word that is not in the vocabulary */
#define BL_DLOG 15         /* log2 of the entries of the direct table */
#define BL_DMANY 0xFFFFu   /* a direct entry shared by several words */

/* Frames: how a cue's arguments are read.  Blame frames first. */
enum bl_frame {
    F_NONE = 0,
    F_VERB, F_VERB_ON, F_NOUN, F_CRITIC, F_HOLD, F_RECIP, F_ALLEGE,
    F_PRED, F_POSS, F_AGENT,
    F_HARM_V, F_HARM_N, F_THREAT, F_POSE, F_VIEW,
    F_LAST_BLAME = F_VIEW,
    /* modifiers: only mark tokens */
    F_BAD, F_COMMIT, F_SAY, F_ACCORDING, F_DENY, F_NEG, F_HYPO, F_MODAL,
    F_RATHER, F_LIGHT, F_FACE, F_BE, F_DET, F_BARRIER, F_ADV, F_PRON, F_PP,
    F_OUTCOME, F_FALSE, F_NATION, F_STAKE, F_COUNT
};

static const char *const bl_frame_names[F_COUNT] = {
    [F_VERB] = "verb", [F_VERB_ON] = "verb_on", [F_NOUN] = "noun",
    [F_CRITIC] = "critic", [F_HOLD] = "hold", [F_RECIP] = "recip",
    [F_ALLEGE] = "allege", [F_PRED] = "pred", [F_POSS] = "poss",
    [F_AGENT] = "agent", [F_HARM_V] = "harm_v", [F_HARM_N] = "harm_n",
    [F_THREAT] = "threat", [F_POSE] = "pose", [F_VIEW] = "view",
    [F_BAD] = "bad", [F_COMMIT] = "commit", [F_SAY] = "say",
    [F_ACCORDING] = "according", [F_DENY] = "deny", [F_NEG] = "neg",
    [F_HYPO] = "hypo", [F_MODAL] = "modal", [F_RATHER] = "rather",
    [F_LIGHT] = "light", [F_FACE] = "face", [F_BE] = "be", [F_DET] = "det",
    [F_BARRIER] = "barrier", [F_ADV] = "adv", [F_PRON] = "pron", [F_PP] = "pp",
    [F_OUTCOME] = "outcome", [F_FALSE] = "false", [F_NATION] = "nation", [F_STAKE] = "stake",
};

/* Token classes (bit per modifier frame, plus a few internal ones). */
#define C_BIT(f) (1u << ((f) - F_BAD))
#define C_BAD C_BIT(F_BAD)
#define C_COMMIT C_BIT(F_COMMIT)
#define C_SAY C_BIT(F_SAY)
#define C_ACCORDING C_BIT(F_ACCORDING)
#define C_DENY C_BIT(F_DENY)
#define C_NEG C_BIT(F_NEG)
#define C_HYPO C_BIT(F_HYPO)
#define C_MODAL C_BIT(F_MODAL)
#define C_RATHER C_BIT(F_RATHER)
#define C_LIGHT C_BIT(F_LIGHT)
#define C_FACE C_BIT(F_FACE)
#define C_BE C_BIT(F_BE)
#define C_DET C_BIT(F_DET)
#define C_BARRIER C_BIT(F_BARRIER)
#define C_ADV C_BIT(F_ADV)
#define C_PRON C_BIT(F_PRON)
#define C_PP C_BIT(F_PP)
#define C_OUTCOME C_BIT(F_OUTCOME)
#define C_FALSE C_BIT(F_FALSE)
#define C_NATION C_BIT(F_NATION)
#define C_STAKE C_BIT(F_STAKE)
#define C_HARM (1u << 24)   /* a harm noun (single word harm_n/threat) */
#define C_PREP (1u << 25)   /* a preposition */
#define C_CUE (1u << 26)    /* starts a blame-frame cue (set per token) */
#define C_GRAM (1u << 27)   /* a grammar word (and, or, by, ...) */
#define C_BHEAD (1u << 28)  /* a blame cue starts with this word */
#define C_LOCP (1u << 29)   /* a locative/patient preposition (bl_locprep) */

/* Cue flags. */
#define K_HARM 0x01u
#define K_BE 0x02u
#define K_TGT 0x04u
#define K_VERBAL 0x08u
#define K_NOINF 0x10u
#define K_WEAK 0x20u
#define K_OBJ 0x40u
#define K_PEJ 0x80u
#define K_THAT 0x100u
#define K_WITH 0x200u
#define K_POSSTGT 0x400u
#define K_BADOBJ 0x800u

/* One vocabulary word. */
typedef struct bl_word {
    uint32_t off;   /* offset of its text in the pool */
    uint32_t len;   /* length in bytes */
    uint32_t hash;  /* bl_hash() of the text */
    uint64_t pre;   /* its first eight bytes, zero-padded */
    uint32_t cls;   /* C_* bits of single-word modifier frames */
    int32_t head;   /* first cue starting with this word, or -1 */
    int bhead;      /* a blame cue (not only a modifier phrase) starts with it */
    int any_next;   /* some cue starting with it has no second word or "*" there */
    uint64_t next;  /* bit (id & 63) of the second word of each other cue starting with it */
    char nation[8]; /* for a national adjective: its country code */
} bl_word;

/* A hash table slot: a word's first eight bytes, its hash and id + 1
 * (0 = empty), so that short words compare without touching words[]. */
typedef struct bl_slot {
    uint64_t pre;
    uint32_t hash;
    uint32_t id1;
    uint32_t cls;    /* copy of the word's cls (set by bl_finish) */
    int32_t head;    /* copy of the word's head, or -1 when no blame cue starts with it */
    uint32_t len;    /* copy of the word's length (set by bl_finish) */
} bl_slot;

/* One cue (a phrase expanded from a data line). */
typedef struct bl_cue {
    uint8_t frame;             /* enum bl_frame */
    uint8_t n;                 /* number of words */
    uint16_t flags;            /* K_* */
    uint32_t w[BL_MAXW];       /* word ids, BL_SLOT for "*" */
    int32_t next;              /* next cue with the same first word */
} bl_cue;

/* Grammar words the clause reading needs by name. */
enum bl_gw {
    G_BY, G_OF, G_AGAINST, G_ON, G_AT, G_TOWARD, G_TOWARDS, G_FOR, G_OVER,
    G_WITH, G_THAT, G_TO, G_FROM, G_AND, G_OR, G_COMMA, G_IN, G_INTO,
    G_ABOUT, G_WHO, G_WHICH, G_AS, G_BETWEEN, G_AMONG, G_UPON, G_ONTO,
    G_UNDER, G_DURING, G_AMID, G_THROUGH, G_THAN, G_SEMI, G_THEN,
    G_VIA, G_USING, G_PER, G_DESPITE, G_INCLUDING, G_LIKE, G_NEAR, G_OUTSIDE,
    G_INSIDE, G_ACROSS, G_ALONG, G_THROUGHOUT, G_BEYOND, G_WITHIN, G_WITHOUT,
    G_EXCEPT, G_HIM, G_THE, G_A, G_AN, G_IF, G_UNLESS, G_WILL, G_BUT, G_COUNT
};
static const char *const bl_gw_text[G_COUNT] = {
    "by", "of", "against", "on", "at", "toward", "towards", "for", "over",
    "with", "that", "to", "from", "and", "or", ",", "in", "into", "about",
    "who", "which", "as", "between", "among", "upon", "onto", "under",
    "during", "amid", "through", "than", ";", "then",
    "via", "using", "per", "despite", "including", "like", "near", "outside",
    "inside", "across", "along", "throughout", "beyond", "within", "without",
    "except", "him", "the", "a", "an", "if", "unless", "will", "but",
};

/* The plugin instance: vocabulary and cues, read-only after init(). */
typedef struct bl_state {
    const annot_host *host;  /* the host table */
    annot_ctx *ctx;          /* the instance (for logging) */
    char *pool;              /* word texts */
    size_t pool_len, pool_cap;
    bl_word *words;          /* vocabulary */
    size_t n_words, cap_words;
    bl_slot *slots;          /* hash table (open addressing) */
    uint64_t bloom[1024];    /* one bit per (hash >> 16) & 0xffff of every word */
    uint64_t cue_bits[1024]; /* one bit per bl_key() of each blame cue's anchor word (bl_anchor) */
    uint64_t nat_bits[1024]; /* one bit per bl_key() of the national adjectives */
    uint32_t nat_first[256]; /* by first byte: bit n (31 for 31 or more) when a national adjective of n bytes starts with it */
    uint16_t *direct;        /* by bl_dkey(): slot + 1, 0 = no word, BL_DMANY = several; then,
                              * by bl_dkey2(), the same for the words of the BL_DMANY entries */
    size_t n_slots;          /* power of two */
    bl_cue *cues;            /* every expanded cue */
    size_t n_cues, cap_cues;
    uint32_t gw[G_COUNT];    /* ids of the grammar words */
    double min_conf;         /* blames below this are dropped */
    uint32_t max_len;        /* longest vocabulary word, in bytes */
    int has_nations;         /* some national adjectives are loaded */
    int implicit;            /* emit the writer's implicit attributions */
} bl_state;

/* ------------------------------------------------------------------ */
/* Vocabulary                                                         */
/* ------------------------------------------------------------------ */

/* Hash of n bytes, eight at a time (multiply-xorshift); *pre gets the
 * first eight bytes, zero-padded (a whole short word). */
static inline uint32_t bl_hash(const char *s, size_t n, uint64_t *pre)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    int first = 1;
    *pre = 0;
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        if (first)
            *pre = v, first = 0;
        h = (h ^ v) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    if (n) {
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++)
            v |= (uint64_t)(unsigned char)s[i] << (8 * i);
        if (first)
            *pre = v;
        h = (h ^ v) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    h *= 0xC4CEB9FE1A85EC53ull;
    return (uint32_t)(h >> 32);
}

/* bl_hash() of s[0..n) when `room` bytes can be read at s: read eight
 * bytes a load when the last load stays inside room (little-endian
 * hosts). */
static inline uint32_t bl_hash_room(const char *s, size_t n, size_t room, uint64_t *pre)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n >= 1 && room >= ((n + 7) & ~(size_t)7)) {
        uint64_t h = 0x9E3779B97F4A7C15ull ^ n, v;
        memcpy(&v, s, 8);
        if (n < 8)
            v &= (1ull << (8 * n)) - 1;
        *pre = v;
        for (size_t i = 8;; i += 8) {
            h = (h ^ v) * 0xFF51AFD7ED558CCDull;
            h ^= h >> 32;
            if (i >= n)
                break;
            memcpy(&v, s + i, 8);
            if (n - i < 8)
                v &= (1ull << (8 * (n - i))) - 1;
        }
        h *= 0xC4CEB9FE1A85EC53ull;
        return (uint32_t)(h >> 32);
    }
#endif
    (void)room;
    return bl_hash(s, n, pre);
}

/* Key of a word in a word filter (cue_bits, nat_bits): its first eight
 * bytes pre, zero-padded (bl_word.pre).  The length n is left out (one
 * instruction a token less): text bytes are not zero, so pre tells the
 * words of up to eight bytes apart, and longer words that begin alike only
 * share a bit, whose passes are looked up anyway. */
static inline uint32_t bl_key(uint64_t pre, size_t n)
{
    (void)n;
    return (uint32_t)((pre * 0x9E3779B97F4A7C15ull) >> 48);
}

/* Note word w in the word filter bits. */
static void bl_key_set(uint64_t *bits, const bl_word *w)
{
    uint32_t x = bl_key(w->pre, w->len);
    bits[x >> 6] |= 1ull << (x & 63);
}

/* The first n bytes of eight loaded, indexed by n's low byte (one zero
 * extension, no bounds test): all eight from eight on (a token of 256
 * bytes or more gets a wrong mask). */
static const uint64_t bl_mask_len[256] = {
    0, 0xffull, 0xffffull, 0xffffffull, 0xffffffffull, 0xffffffffffull, 0xffffffffffffull,
    0xffffffffffffffull, [8 ... 255] = ~0ull
};

/* False when token t of a document whose lower-cased text has len bytes
 * is surely no word of the filter bits; true when it may be one (or when
 * it cannot be told with one load). */
static inline int bl_maybe(const uint64_t *bits, const char *lower, size_t len, const annot_token *t)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    static const uint64_t mask[9] = {
        0, 0xffull, 0xffffull, 0xffffffull, 0xffffffffull, 0xffffffffffull, 0xffffffffffffull,
        0xffffffffffffffull, ~0ull
    };
    if (t->start + 8 > len)
        return 1;
    size_t n = t->end - t->start;
    uint64_t v;
    memcpy(&v, lower + t->start, 8);
    uint32_t x = bl_key(v & mask[n < 8 ? n : 8], n);
    return (bits[x >> 6] >> (x & 63)) & 1u;
#else
    (void)bits, (void)lower, (void)len, (void)t;
    return 1;
#endif
}

/* Slot of the word s[0..n) whose bl_hash() is h and first eight bytes
 * pre, or NULL when it is not in the vocabulary. */
static inline const bl_slot *bl_find_h(const bl_state *st, const char *s, size_t n, uint32_t h,
                                       uint64_t pre)
{
    if (!st->n_slots)
        return NULL;
    uint32_t b = (h >> 16) & 0xffffu;
    if (!(st->bloom[b >> 6] >> (b & 63) & 1u))
        return NULL;
    size_t mask = st->n_slots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const bl_slot *v = &st->slots[i];
        if (!v->id1)
            return NULL;
        if (v->hash != h || v->pre != pre)
            continue;
        if (n < 8)
            return v;  /* pre holds the whole word (words have no NUL) */
        const bl_word *w = &st->words[v->id1 - 1];
        if (w->len == n && memcmp(st->pool + w->off, s, n) == 0)
            return v;
    }
}

/* Slot of the word s[0..n), or NULL when it is not in the vocabulary. */
static const bl_slot *bl_find(const bl_state *st, const char *s, size_t n)
{
    uint64_t pre;
    uint32_t h = bl_hash(s, n, &pre);
    return bl_find_h(st, s, n, h, pre);
}

/* Entry of a word in the direct table: its length n and first eight
 * bytes pre, zero-padded. */
static inline uint32_t bl_dkey(uint64_t pre, size_t n)
{
    return (uint32_t)(((pre ^ n) * 0xC2B2AE3D27D4EB4Full) >> (64 - BL_DLOG));
}

/* Entry of a word of n bytes in the second half of the direct table (the
 * words whose bl_dkey() entry they share): a key of its first eight
 * bytes pre (zero-padded) and of its last eight, tail (0 when it is
 * shorter), which tells "criticised" from "criticises". */
static inline uint32_t bl_dkey2(uint64_t pre, uint64_t tail, size_t n)
{
    return (uint32_t)((((pre ^ n) * 0xD6E8FEB86659FD93ull) ^ tail) * 0x9E3779B97F4A7C15ull >> (64 - BL_DLOG));
}

/* The last eight of the n bytes at s, or 0 when n < 8. */
static inline uint64_t bl_tail(const char *s, size_t n)
{
    uint64_t v = 0;
    if (n >= 8)
        memcpy(&v, s + n - 8, 8);
    return v;
}

/* Slot sl when it holds the word s[0..n) whose first eight bytes,
 * zero-padded, are v; else NULL. */
static inline __attribute__((always_inline)) const bl_slot *bl_check_slot(const bl_state *st, const bl_slot *sl,
                                                                          uint64_t v, const char *s, size_t n)
{
    if (sl->pre != v || sl->len != n)
        return NULL;
    if (n > 8 && memcmp(st->pool + st->words[sl->id1 - 1].off + 8, s + 8, n - 8) != 0)
        return NULL;
    return sl;
}

/* bl_find_tok() through the hash table. */
static __attribute__((noinline)) const bl_slot *bl_find_tok_hashed(const bl_state *st, const char *lower,
                                                                  size_t len, const annot_token *t)
{
    uint64_t pre;
    size_t n = t->end - t->start;
    uint32_t h = bl_hash_room(lower + t->start, n, len - t->start, &pre);
    return bl_find_h(st, lower + t->start, n, h, pre);
}

/* bl_find_tok() of a token whose bl_dkey() entry is BL_DMANY, its first
 * eight bytes (zero past its n) being v: its second entry, where such
 * entries' words are kept apart, or the hash table when they share it
 * too.  Out of line: rare, and the look-up loops keep their registers. */
static __attribute__((noinline)) const bl_slot *bl_find_many(const bl_state *st, const char *lower, size_t len,
                                                             const annot_token *t, uint64_t v, size_t n)
{
    uint32_t e = st->direct[((size_t)1 << BL_DLOG) + bl_dkey2(v, bl_tail(lower + t->start, n), n)];
    if (!e)
        return NULL;
    if (e != BL_DMANY)
        return bl_check_slot(st, &st->slots[e - 1], v, lower + t->start, n);
    return bl_find_tok_hashed(st, lower, len, t);
}

/* Slot of the text of token t of a document whose lower-cased text has len
 * bytes, or NULL. */
static inline __attribute__((always_inline)) const bl_slot *bl_find_tok(const bl_state *st, const char *lower,
                                                                        size_t len, const annot_token *t)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (st->direct && t->start + 8 <= len) {
        /* one load, one table entry: most words are settled there (the
         * direct table holds every word, so an empty entry is a miss) */
        static const uint64_t mask[9] = {
            0, 0xffull, 0xffffull, 0xffffffull, 0xffffffffull, 0xffffffffffull, 0xffffffffffffull,
            0xffffffffffffffull, ~0ull
        };
        size_t n = t->end - t->start;
        uint64_t v;
        memcpy(&v, lower + t->start, 8);
        v &= mask[n < 8 ? n : 8];
        uint32_t e = st->direct[bl_dkey(v, n)];
        if (!e)
            return NULL;
        if (e != BL_DMANY)
            return bl_check_slot(st, &st->slots[e - 1], v, lower + t->start, n);
        return bl_find_many(st, lower, len, t, v, n);
    }
#endif
    return bl_find_tok_hashed(st, lower, len, t);
}

/* bl_find_tok() of a token of n bytes whose eight bytes from its start
 * can be read, with a direct table (a token of 256 bytes or more gets a
 * wrong mask, and then no word's length). */
static inline __attribute__((always_inline)) const bl_slot *bl_find_tok_direct(const bl_state *st,
                                                                               const char *lower, size_t len,
                                                                               const annot_token *t, size_t n)
{
    uint64_t v;
    memcpy(&v, lower + t->start, 8);
    v &= bl_mask_len[(uint8_t)n];
    uint32_t e = st->direct[bl_dkey(v, n)];
    if (!e)
        return NULL;
    if (e != BL_DMANY)
        return bl_check_slot(st, &st->slots[e - 1], v, lower + t->start, n);
    return bl_find_many(st, lower, len, t, v, n);
}

/* Id of the word s[0..n), or BL_NONE when it is not in the vocabulary. */
static uint32_t bl_lookup(const bl_state *st, const char *s, size_t n)
{
    const bl_slot *v = bl_find(st, s, n);
    return v ? v->id1 - 1 : BL_NONE;
}

/* The word of blame cue c that a sentence must hold for c to match there:
 * its longest word that is no grammar word, else its longest word. */
static const bl_word *bl_anchor(const bl_state *st, const bl_cue *c)
{
    const bl_word *best = NULL;
    long best_score = -1;
    for (int q = 0; q < c->n; q++) {
        if (c->w[q] == BL_SLOT)
            continue;
        const bl_word *w = &st->words[c->w[q]];
        int gram = (w->cls & (C_GRAM | C_DET | C_PREP | C_BE | C_PRON)) != 0;
        for (int g = 0; g < G_COUNT && !gram; g++)
            gram = st->gw[g] == c->w[q];
        long score = (long)w->len + (gram ? 0 : 1L << 20);
        if (score > best_score) {
            best_score = score;
            best = w;
        }
    }
    return best;
}

/* Copy each word's classes and cue list into its slot, and fill the word
 * filters and the direct table (after loading).  Returns 0 or
 * ANNOT_ENOMEM. */
static int bl_finish(bl_state *st)
{
    if (st->n_slots < BL_DMANY) {
        st->direct = calloc((size_t)2 << BL_DLOG, sizeof *st->direct);
        if (!st->direct)
            return ANNOT_ENOMEM;
    }
    for (size_t k = 0; k < st->n_cues; k++) {
        const bl_cue *c = &st->cues[k];
        const bl_word *a = c->frame <= F_LAST_BLAME ? bl_anchor(st, c) : NULL;
        if (a)
            bl_key_set(st->cue_bits, a);
        bl_word *h = &st->words[c->w[0]];
        if (c->n < 2 || c->w[1] == BL_SLOT)
            h->any_next = 1;
        else
            h->next |= 1ull << (c->w[1] & 63);
    }
    for (size_t i = 0; i < st->n_slots; i++) {
        bl_slot *v = &st->slots[i];
        if (!v->id1)
            continue;
        const bl_word *w = &st->words[v->id1 - 1];
        v->cls = w->cls;
        v->head = w->head;
        v->len = w->len;
        if (w->bhead)
            v->cls |= C_BHEAD;
        if (w->cls & C_NATION) {
            bl_key_set(st->nat_bits, w);
            st->nat_first[(unsigned char)st->pool[w->off]] |= 1u << (w->len < 31 ? w->len : 31);
        }
        if (st->direct) {
            uint16_t *e = &st->direct[bl_dkey(w->pre, w->len)];
            *e = *e ? BL_DMANY : (uint16_t)(i + 1);
        }
    }
    /* the words of shared entries, apart again by a second key */
    for (size_t i = 0; st->direct && i < st->n_slots; i++) {
        const bl_slot *v = &st->slots[i];
        if (!v->id1 || st->direct[bl_dkey(v->pre, v->len)] != BL_DMANY)
            continue;
        const bl_word *w = &st->words[v->id1 - 1];
        uint16_t *e = &st->direct[((size_t)1 << BL_DLOG) + bl_dkey2(v->pre, bl_tail(st->pool + w->off, w->len), v->len)];
        *e = *e ? BL_DMANY : (uint16_t)(i + 1);
    }
    return 0;
}

/* Grow the hash table to hold at least `want` words at load <= 1/2.
 * Returns 0 or ANNOT_ENOMEM. */
static int bl_rehash(bl_state *st, size_t want)
{
    size_t n = 64;
    while (n < want * 2)
        n <<= 1;
    if (n <= st->n_slots)
        return 0;
    bl_slot *slots = calloc(n, sizeof *slots);
    if (!slots)
        return ANNOT_ENOMEM;
    for (size_t i = 0; i < st->n_words; i++) {
        size_t j = st->words[i].hash & (n - 1);
        while (slots[j].id1)
            j = (j + 1) & (n - 1);
        slots[j].pre = st->words[i].pre;
        slots[j].hash = st->words[i].hash;
        slots[j].id1 = (uint32_t)i + 1;
    }
    free(st->slots);
    st->slots = slots;
    st->n_slots = n;
    return 0;
}

/* Id of the word s[0..n), added when new.  Sets *id; returns 0 or
 * ANNOT_ENOMEM. */
static int bl_intern(bl_state *st, const char *s, size_t n, uint32_t *id)
{
    uint32_t v = bl_lookup(st, s, n);
    if (v != BL_NONE) {
        *id = v;
        return 0;
    }
    if (st->n_words + 1 > st->n_slots / 2 && bl_rehash(st, st->n_words + 1) < 0)
        return ANNOT_ENOMEM;
    if (st->n_words == st->cap_words) {
        size_t cap = st->cap_words ? st->cap_words * 2 : 256;
        bl_word *w = realloc(st->words, cap * sizeof *w);
        if (!w)
            return ANNOT_ENOMEM;
        st->words = w;
        st->cap_words = cap;
    }
    if (st->pool_len + n + 1 > st->pool_cap) {
        size_t cap = st->pool_cap ? st->pool_cap * 2 : 4096;
        while (cap < st->pool_len + n + 1)
            cap *= 2;
        char *p = realloc(st->pool, cap);
        if (!p)
            return ANNOT_ENOMEM;
        st->pool = p;
        st->pool_cap = cap;
    }
    memcpy(st->pool + st->pool_len, s, n);
    st->pool[st->pool_len + n] = '\0';
    bl_word *w = &st->words[st->n_words];
    w->off = (uint32_t)st->pool_len;
    w->len = (uint32_t)n;
    if (n > st->max_len)
        st->max_len = (uint32_t)n;
    w->hash = bl_hash(s, n, &w->pre);
    {
        uint32_t b = (w->hash >> 16) & 0xffffu;
        st->bloom[b >> 6] |= (uint64_t)1 << (b & 63);
    }
    w->cls = 0;
    w->head = -1;
    w->bhead = 0;
    w->any_next = 0;
    w->next = 0;
    w->nation[0] = '\0';
    st->pool_len += n + 1;
    size_t mask = st->n_slots - 1;
    size_t j = w->hash & mask;
    while (st->slots[j].id1)
        j = (j + 1) & mask;
    st->slots[j].pre = w->pre;
    st->slots[j].hash = w->hash;
    st->slots[j].id1 = (uint32_t)st->n_words + 1;
    *id = (uint32_t)st->n_words++;
    return 0;
}

/* Add one expanded cue.  Single-word modifier frames become class bits of
 * their word; everything else becomes a cue.  Returns 0 or ANNOT_ENOMEM. */
static int bl_add_cue(bl_state *st, int frame, unsigned flags, const uint32_t *w, int n)
{
    if (frame > F_LAST_BLAME && n == 1) {
        st->words[w[0]].cls |= C_BIT(frame);
        return 0;
    }
    if ((frame == F_HARM_N || frame == F_THREAT) && n == 1)
        st->words[w[0]].cls |= C_HARM;
    /* skip exact duplicates (a user file repeating a shipped cue) */
    for (int32_t k = st->words[w[0]].head; k >= 0; k = st->cues[k].next) {
        const bl_cue *c = &st->cues[k];
        if (c->frame == frame && c->flags == flags && c->n == n &&
            memcmp(c->w, w, (size_t)n * sizeof *w) == 0)
            return 0;
    }
    if (st->n_cues == st->cap_cues) {
        size_t cap = st->cap_cues ? st->cap_cues * 2 : 512;
        bl_cue *c = realloc(st->cues, cap * sizeof *c);
        if (!c)
            return ANNOT_ENOMEM;
        st->cues = c;
        st->cap_cues = cap;
    }
    bl_cue *c = &st->cues[st->n_cues];
    memset(c, 0, sizeof *c);
    c->frame = (uint8_t)frame;
    c->n = (uint8_t)n;
    c->flags = (uint16_t)flags;
    memcpy(c->w, w, (size_t)n * sizeof *w);
    /* longer cues first in the list so the longest match wins */
    int32_t *link = &st->words[w[0]].head;
    while (*link >= 0 && st->cues[*link].n >= n)
        link = &st->cues[*link].next;
    c->next = *link;
    *link = (int32_t)st->n_cues++;
    if (frame <= F_LAST_BLAME)
        st->words[w[0]].bhead = 1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Loading cue files                                                  */
/* ------------------------------------------------------------------ */

/* Parse one data line (already stripped of its comment).  Returns 0, 1 for
 * a malformed line (message in why), or ANNOT_ENOMEM. */
static int bl_parse_line(bl_state *st, char *line, const char **why)
{
    char *save = NULL;
    char *tok = strtok_r(line, " \t\r\n", &save);
    if (!tok)
        return 0;
    int frame = F_NONE;
    for (int f = 1; f < F_COUNT; f++)
        if (strcmp(tok, bl_frame_names[f]) == 0)
            frame = f;
    if (frame == F_NONE) {
        *why = "unknown frame";
        return 1;
    }
    unsigned flags = 0;
    char *words[BL_MAXW];
    int n = 0;
    while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
        if (tok[0] == '+' && tok[1] && n == 0) {
            if (!strcmp(tok, "+harm")) flags |= K_HARM;
            else if (!strcmp(tok, "+be")) flags |= K_BE;
            else if (!strcmp(tok, "+tgt")) flags |= K_TGT;
            else if (!strcmp(tok, "+verbal")) flags |= K_VERBAL;
            else if (!strcmp(tok, "+noinf")) flags |= K_NOINF;
            else if (!strcmp(tok, "+weak")) flags |= K_WEAK;
            else if (!strcmp(tok, "+obj")) flags |= K_OBJ;
            else if (!strcmp(tok, "+pej")) flags |= K_PEJ;
            else if (!strcmp(tok, "+that")) flags |= K_THAT;
            else if (!strcmp(tok, "+with")) flags |= K_WITH;
            else if (!strcmp(tok, "+posstgt")) flags |= K_POSSTGT;
            else if (!strcmp(tok, "+bad")) flags |= K_BADOBJ;
            else {
                *why = "unknown flag";
                return 1;
            }
            continue;
        }
        if (n == BL_MAXW) {
            *why = "too many words";
            return 1;
        }
        words[n++] = tok;
    }
    char code[8] = "";
    if (frame == F_NATION) {
        /* "nation CODE word/word": a country code first */
        if (n < 2 || strlen(words[0]) != 3 || !isupper((unsigned char)words[0][0]) ||
            !isupper((unsigned char)words[0][1]) || !isupper((unsigned char)words[0][2])) {
            *why = "nation needs a 3-letter code and one word";
            return 1;
        }
        memcpy(code, words[0], 4);
        for (int i = 1; i < n; i++)
            words[i - 1] = words[i];
        n--;
        if (n != 1) {
            *why = "nation needs a 3-letter code and one word";
            return 1;
        }
    }
    if (n == 0) {
        *why = "no words";
        return 1;
    }
    if (!strcmp(words[0], "*")) {
        *why = "a cue cannot start with \"*\"";
        return 1;
    }
    /* alternatives per position, lower-cased in place */
    char *alt[BL_MAXW][32];
    int nalt[BL_MAXW];
    size_t total = 1;
    for (int i = 0; i < n; i++) {
        for (char *p = words[i]; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        nalt[i] = 0;
        if (!strcmp(words[i], "/")) {   /* a lone slash is a token */
            alt[i][nalt[i]++] = words[i];
        } else {
            char *s2 = NULL;
            for (char *a = strtok_r(words[i], "/", &s2); a; a = strtok_r(NULL, "/", &s2)) {
                if (nalt[i] == 32) {
                    *why = "too many alternatives";
                    return 1;
                }
                alt[i][nalt[i]++] = a;
            }
        }
        if (nalt[i] == 0) {
            *why = "empty word";
            return 1;
        }
        total *= (size_t)nalt[i];
        if (total > BL_MAXEXP) {
            *why = "too many combinations";
            return 1;
        }
        if (frame > F_LAST_BLAME) {
            for (int k = 0; k < nalt[i]; k++)
                if (!strcmp(alt[i][k], "*")) {
                    *why = "\"*\" only in blame frames";
                    return 1;
                }
        }
    }
    for (size_t e = 0; e < total; e++) {
        uint32_t ids[BL_MAXW];
        size_t r = e;
        for (int i = 0; i < n; i++) {
            const char *a = alt[i][r % (size_t)nalt[i]];
            r /= (size_t)nalt[i];
            if (!strcmp(a, "*")) {
                ids[i] = BL_SLOT;
                continue;
            }
            if (bl_intern(st, a, strlen(a), &ids[i]) < 0)
                return ANNOT_ENOMEM;
        }
        if (frame == F_NATION) {
            memcpy(st->words[ids[0]].nation, code, 4);
            st->has_nations = 1;
        }
        if (bl_add_cue(st, frame, flags, ids, n) < 0)
            return ANNOT_ENOMEM;
    }
    return 0;
}

/* Load one cue file.  A malformed line is logged with file:line and
 * skipped.  Returns 0, ANNOT_ENOENT (message in err) or ANNOT_ENOMEM. */
static int bl_load_file(bl_state *st, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "blame: cannot open %s: %s", path, strerror(errno));
        return ANNOT_ENOENT;
    }
    char line[2048];
    unsigned lineno = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        const char *why = NULL;
        rc = bl_parse_line(st, line, &why);
        if (rc < 0)
            goto err;
        if (rc > 0)
            st->host->log(st->ctx, ANNOT_LOG_WARN, "%s:%u: %s; line skipped", path, lineno, why);
        rc = 0;
    }
err:
    fclose(f);
    if (rc < 0)
        snprintf(err, errlen, "blame: out of memory loading %s", path);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Per-document work                                                  */
/* ------------------------------------------------------------------ */

/* An actor mention in token terms. */
typedef struct bl_ment {
    uint32_t ts, te;       /* tokens [ts, te) */
    const annot_actor *a;  /* the host's mention */
    uint8_t excluded;      /* after "rather than": never blamed */
} bl_ment;

/* A matched blame cue. */
typedef struct bl_match {
    uint32_t ts, te;       /* tokens [ts, te) */
    int32_t slot;          /* mention in the "*" slot, or -1 */
    uint8_t frame;
    uint16_t flags;
} bl_match;

/* A blame found, before dedup. */
typedef struct bl_cand {
    int32_t blamer;        /* mention, or -1 */
    const char *blamer_code; /* when blamer < 0: "AUTHOR" or "" */
    int32_t blamed;        /* mention */
    annot_span cue, issue;
    float conf;            /* < 0 once dropped by the dedup */
} bl_cand;

/* Scratch for one document. */
typedef struct bl_work {
    const bl_state *st;
    const char *lower;         /* lower-cased text */
    size_t len;                /* its length in bytes */
    const annot_token *tok;
    uint32_t *wid;             /* per token: word id or BL_NONE */
    uint32_t *cls;             /* per token: C_* bits */
    uint32_t *mend;            /* per token: end token of a modifier phrase starting there, or 0 */
    uint32_t *at;              /* tokens of the current sentence where a cue may start, in order */
    int32_t *head;             /* per entry of at: the first cue starting with its word */
    uint32_t n_at;             /* entries of at and head */
    uint32_t cls_any;          /* union of cls over the current sentence */
    int32_t *act;              /* per token: mention or -1 */
    uint8_t *mark;             /* per token: M_* */
    bl_ment *ment;
    size_t n_ment;
    bl_match *match;           /* cues of the current sentence */
    size_t n_match, cap_match;
    bl_cand *cand;             /* blames of the current sentence */
    size_t n_cand, cap_cand;
    uint32_t first, end;       /* tokens of the current sentence */
    int heading;               /* the current sentence is a heading */
    int use_marks;             /* a match read later may meet M_USED marks (bl_use()) */
    int32_t prev_subject;      /* first mention of the previous sentence */
} bl_work;

#define M_HYPO 0x01u
#define M_DENY 0x02u
#define M_USED 0x04u

/* True when token i is the grammar word g (init() interns every grammar
 * word, so gw[g] is never BL_NONE, the wid of an unknown token). */
static inline int bl_is(const bl_work *w, uint32_t i, int g)
{
    return w->wid[i] == w->st->gw[g];
}

/* True when token i ends with the ASCII suffix sfx (and is longer). */
static int bl_ends(const bl_work *w, uint32_t i, const char *sfx)
{
    size_t n = strlen(sfx);
    const annot_token *k = &w->tok[i];
    return k->end - k->start > n + 1 && !memcmp(w->lower + k->end - n, sfx, n);
}

/* True when token i is punctuation. */
static int bl_punct(const bl_work *w, uint32_t i)
{
    return (w->tok[i].flags & ANNOT_TOK_PUNCT) != 0;
}

/* True when token i is a locative/patient preposition: an actor after it
 * is not the subject of a following verb ("in Washington"). */
static int bl_locprep(const bl_work *w, uint32_t i)
{
    return (w->cls[i] & C_LOCP) != 0;
}

/* The grammar words of bl_locprep(). */
static const int bl_locprep_words[] = {
    G_IN, G_AT, G_TO, G_INTO, G_AGAINST, G_ON, G_WITH, G_TOWARD, G_TOWARDS, G_BETWEEN, G_AMONG,
    G_ABOUT, G_OVER, G_UPON, G_ONTO, G_THAN, G_UNDER, G_DURING, G_AMID, G_THROUGH, G_FOR, G_VIA,
    G_USING, G_PER, G_DESPITE, G_INCLUDING, G_LIKE, G_NEAR, G_OUTSIDE, G_INSIDE, G_ACROSS, G_ALONG,
    G_THROUGHOUT, G_BEYOND, G_WITHIN, G_WITHOUT, G_EXCEPT
};

/* Token before mention m, skipping determiners; w->first - 1 (as
 * UINT32_MAX when none) means the sentence start. */
static uint32_t bl_before(const bl_work *w, uint32_t t)
{
    while (t > w->first) {
        t--;
        if (!(w->cls[t] & C_DET))
            return t;
    }
    return UINT32_MAX;
}

/* First token at or after t that is not a determiner. */
static uint32_t bl_skip_det(const bl_work *w, uint32_t t)
{
    while (t < w->end && (w->cls[t] & C_DET) && w->act[t] < 0)
        t++;
    return t;
}

/* The mention starting at token t (after determiners), or -1. */
static int32_t bl_ment_at(const bl_work *w, uint32_t t)
{
    t = bl_skip_det(w, t);
    return t < w->end ? w->act[t] : -1;
}

/* Subject of a predicate at token c: the nearest actor mention to its left
 * in the same clause, skipping mentions that are objects of locative
 * prepositions.  `strict` also stops at commas and at other cue or verb
 * words (for implicit harm).  Returns a mention or -1. */
static int32_t bl_subject(const bl_work *w, uint32_t c, unsigned maxdist, int strict)
{
    uint32_t j = c;
    int32_t in_m = -1;  /* "officials in Washington": used when nothing better */
    while (j > w->first) {
        j--;
        if (c - j > maxdist)
            break;
        int32_t m = w->act[j];
        if (m >= 0) {
            uint32_t p = bl_before(w, w->ment[m].ts);
            j = w->ment[m].ts;
            if (p != UINT32_MAX && bl_locprep(w, p)) {
                if (!strict && in_m < 0 && bl_is(w, p, G_IN))
                    in_m = m;
                continue;
            }
            return m;
        }
        uint32_t k = w->cls[j];
        if ((bl_is(w, j, G_AND) || bl_is(w, j, G_OR)) && j > w->first && bl_is(w, j - 1, G_COMMA) &&
            w->act[j + 1] < 0 && !(w->cls[j + 1] & C_DET && j + 2 < c && w->act[j + 2] >= 0))
            break;  /* ", and activists blamed ...": a new clause */
        if (k & (C_BARRIER | C_SAY)) {
            /* subject relative: "China, which accused ..." */
            if (bl_is(w, j, G_WHO) || bl_is(w, j, G_WHICH) || bl_is(w, j, G_THAT)) {
                uint32_t q = j + 1;
                while (q < c && (w->cls[q] & (C_ADV | C_BE | C_NEG | C_MODAL)))
                    q++;
                if (q == c && j > w->first) {
                    uint32_t a = j - 1;
                    if (bl_is(w, a, G_COMMA) && a > w->first)
                        a--;
                    if (w->act[a] >= 0)
                        return w->act[a];
                }
            }
            break;
        }
        if (strict && (bl_is(w, j, G_COMMA) || (w->cls[j] & (C_CUE | C_LIGHT | C_FACE | C_DENY | C_COMMIT))))
            break;
    }
    return in_m;
}

/* Subject of a harm verb at token c: an actor at most four tokens to the
 * left with only adverbs, auxiliaries or up to two other words between
 * ("Russia invaded", "the US actions seriously violated").  Returns a
 * mention or -1. */
static int32_t bl_subject_tight(const bl_work *w, uint32_t c)
{
    int words = 0;
    for (uint32_t j = c, n = 0; j > w->first && n < 5; n++) {
        j--;
        if (w->act[j] >= 0) {
            int32_t m = w->act[j];
            uint32_t p = bl_before(w, w->ment[m].ts);
            if (p != UINT32_MAX && bl_locprep(w, p))
                return -1;
            return m;
        }
        if (w->tok[j].flags & ANNOT_TOK_POSSESSIVE)
            continue;
        if (bl_punct(w, j) || (w->cls[j] & (C_PREP | C_DET | C_GRAM | C_BARRIER | C_SAY | C_CUE |
                                            C_LIGHT | C_FACE | C_DENY | C_COMMIT | C_PRON)))
            return -1;
        if (w->cls[j] & (C_ADV | C_BE | C_MODAL))
            continue;
        if (++words > 2)
            return -1;
    }
    return -1;
}

/* Main-clause subject for a participial adjunct (", accusing X"): the
 * first actor of the sentence before c that is not a locative object. */
static int32_t bl_main_subject(const bl_work *w, uint32_t c)
{
    for (uint32_t j = w->first; j < c; j++) {
        int32_t m = w->act[j];
        if (m < 0)
            continue;
        uint32_t p = bl_before(w, w->ment[m].ts);
        if (p == UINT32_MAX || !bl_locprep(w, p))
            return m;
        j = w->ment[m].te - 1;
    }
    return -1;
}

/* True when mentions a and b name the same country. */
static int bl_same_cty(const bl_work *w, int32_t a, int32_t b)
{
    return a >= 0 && b >= 0 && strncmp(w->ment[a].a->code, w->ment[b].a->code, 3) == 0;
}

/* The actor after "by" within maxdist tokens from t (the agent of a
 * passive), or -1. */
static int32_t bl_agent(const bl_work *w, uint32_t t, unsigned maxdist)
{
    for (uint32_t j = t; j < w->end && j - t < maxdist; j++) {
        if (w->cls[j] & C_BARRIER)
            break;
        if (bl_is(w, j, G_BY)) {
            int32_t m = bl_ment_at(w, j + 1);
            if (m >= 0)
                return m;
        }
    }
    return -1;
}

/* The actor that modifies the noun at token c from the left: "China's
 * accusations", "US accusations", "Beijing's repeated accusations" (up to
 * two unknown words between).  Returns a mention or -1. */
static int32_t bl_modifier(const bl_work *w, uint32_t c)
{
    uint32_t j = c;
    int gap = 0;
    while (j > w->first) {
        j--;
        if (w->act[j] >= 0)
            return w->act[j];
        if (w->tok[j].flags & ANNOT_TOK_POSSESSIVE)
            continue;
        if (bl_punct(w, j) || (w->cls[j] & ~(C_HARM | C_BAD | C_ADV | C_FALSE)))
            break;
        if (++gap > 2)
            return -1;
    }
    /* "the US declaration of the prosecution": X + one noun + of */
    j = c;
    while (j > w->first && (w->cls[j - 1] & (C_DET | C_FALSE)))
        j--;
    if (j > w->first + 2 && bl_is(w, j - 1, G_OF) && w->wid[j - 2] == BL_NONE && !bl_punct(w, j - 2)) {
        uint32_t k = j - 3;
        if (w->tok[k].flags & ANNOT_TOK_POSSESSIVE && k > w->first)
            k--;
        if (w->act[k] >= 0)
            return w->act[k];
    }
    return -1;
}

/* True when a falsity word ("groundless", "false") modifies the noun at
 * token c from the left (within three tokens). */
static int bl_false_before(const bl_work *w, uint32_t c)
{
    for (uint32_t j = c, n = 0; j > w->first && n < 3; n++) {
        j--;
        if (w->cls[j] & C_FALSE)
            return 1;
        if (bl_punct(w, j) || w->act[j] >= 0)
            break;
    }
    return 0;
}

/* The next mention coordinated with mention m ("X and Y", "X, Y"), or -1. */
static int32_t bl_coord_after(const bl_work *w, int32_t m)
{
    uint32_t t = w->ment[m].te;
    if (t < w->end && (bl_is(w, t, G_COMMA) || bl_is(w, t, G_AND) || bl_is(w, t, G_OR))) {
        uint32_t u = t + 1;
        if (u < w->end && (bl_is(w, u, G_AND) || bl_is(w, u, G_OR)))
            u++;
        int32_t n = bl_ment_at(w, u);
        if (n >= 0 && n != m)
            return n;
    }
    return -1;
}

/* The previous mention coordinated with mention m, or -1. */
static int32_t bl_coord_before(const bl_work *w, int32_t m)
{
    uint32_t t = w->ment[m].ts;
    while (t > w->first && (w->cls[t - 1] & C_DET))
        t--;
    if (t <= w->first + 1)
        return -1;
    uint32_t c = t - 1;
    if (bl_is(w, c, G_AND) || bl_is(w, c, G_OR) || bl_is(w, c, G_COMMA)) {
        int serial = 0;  /* ", and": only inside a list of three or more */
        if (c > w->first && bl_is(w, c - 1, G_COMMA)) {
            c--;
            serial = 1;
        }
        if (c > w->first && w->act[c - 1] >= 0) {
            int32_t m = w->act[c - 1];
            if (serial) {
                uint32_t p = w->ment[m].ts;
                while (p > w->first && (w->cls[p - 1] & C_DET))
                    p--;
                if (p == w->first || !bl_is(w, p - 1, G_COMMA))
                    return -1;
            }
            return m;
        }
    }
    return -1;
}

/* Object of an accusing verb: the first actor after t in the clause that
 * is its direct object, a possessor or of/by agent inside the object
 * ("condemned Russia's annexation"), or with on_ok an "on X" argument.
 * Victims ("the attack on X") are skipped.  Returns a mention or -1. */
static int32_t bl_object(const bl_work *w, uint32_t t, unsigned maxdist, int on_ok, int *via_on)
{
    int dummy;
    if (!via_on)
        via_on = &dummy;
    *via_on = 0;
    int clean = 1;  /* only determiners/adverbs/words so far */
    for (uint32_t j = t; j < w->end && j - t < maxdist; j++) {
        int32_t m = w->act[j];
        if (m >= 0) {
            const bl_ment *mm = &w->ment[m];
            uint32_t p = bl_before(w, mm->ts);
            uint32_t after = mm->te;
            int poss = after < w->end && (w->tok[after].flags & ANNOT_TOK_POSSESSIVE);
            j = mm->te - 1;
            if (mm->excluded)
                continue;
            if (on_ok && p != UINT32_MAX && bl_is(w, p, G_ON)) {
                *via_on = 1;
                return m;
            }
            if (clean && !poss)
                return m;
            if (poss) {
                *via_on = 2;  /* inside the object: "Russia's annexation" */
                return m;
            }
            if (p != UINT32_MAX && (bl_is(w, p, G_BY) || bl_is(w, p, G_BETWEEN) ||
                                    (bl_is(w, p, G_OF) && p > w->first && !(w->cls[p - 1] & C_HARM)))) {
                *via_on = 2;
                return m;
            }
            clean = 0;
            continue;
        }
        if (w->cls[j] & (C_BARRIER | C_SAY))
            break;
        if (bl_is(w, j, G_COMMA) || bl_is(w, j, G_SEMI))
            break;
        if (bl_punct(w, j) || (w->cls[j] & C_PREP) || j - t >= 3)
            clean = 0;
    }
    return -1;
}

/* Issue span: the of/for/over/with/that phrase (or an -ing complement)
 * starting within a few tokens of t, up to the clause end. */
static annot_span bl_issue(const bl_work *w, uint32_t t)
{
    annot_span sp = {0, 0};
    uint32_t s = UINT32_MAX;
    for (uint32_t j = t; j < w->end && j < t + 4; j++) {
        if (bl_is(w, j, G_OF) || bl_is(w, j, G_FOR) || bl_is(w, j, G_OVER) ||
            bl_is(w, j, G_WITH) || bl_is(w, j, G_THAT) || bl_is(w, j, G_ABOUT)) {
            s = j + 1;
            break;
        }
        if (j == t && !bl_punct(w, j)) {
            const annot_token *k = &w->tok[j];
            if (k->end - k->start > 4 && !memcmp(w->lower + k->end - 3, "ing", 3)) {
                s = j;
                break;
            }
        }
        if (bl_punct(w, j))
            break;
    }
    if (s == UINT32_MAX || s >= w->end)
        return sp;
    uint32_t e = s;
    while (e < w->end && e < s + 16) {
        if (bl_is(w, e, G_COMMA) || bl_is(w, e, G_SEMI) || (w->cls[e] & C_SAY))
            break;
        if ((w->cls[e] & C_BARRIER) && !bl_is(w, e, G_THAT))
            break;
        if (bl_punct(w, e) && e + 1 == w->end)
            break;
        e++;
    }
    if (e == s)
        return sp;
    sp.start = w->tok[s].start;
    sp.end = w->tok[e - 1].end;
    return sp;
}

/* Token index of the end of an issue span (for marking it used). */
static uint32_t bl_tok_after(const bl_work *w, uint32_t from, uint32_t byte_end)
{
    uint32_t j = from;
    while (j < w->end && w->tok[j].start < byte_end)
        j++;
    return j;
}

/* The voice of the clause around token c: "according to X", the subject
 * of a reporting verb before c, or a post-posed ", X said".  Returns a
 * mention or -1; *said is set when such a reporting verb governs c, with
 * or without an actor as its subject. */
static int32_t bl_speaker_said(const bl_work *w, uint32_t c, int *said)
{
    *said = 0;
    /* the scans below look for one class each: none when the sentence has
     * no word of it (cls_any) */
    for (uint32_t j = w->first; j < w->end && (w->cls_any & C_ACCORDING); j++) {
        if (w->cls[j] & C_ACCORDING) {
            *said = 1;
            int32_t m = bl_ment_at(w, w->mend[j] ? w->mend[j] : j + 1);
            if (m >= 0)
                return m;
        }
    }
    if (!(w->cls_any & C_SAY))
        return -1;
    /* reporting verb before c: nearest one, not inside a fronted
     * subordinate clause ("Although X said ..., <main clause>") */
    int sub = (w->cls[w->first] & C_BARRIER) || bl_is(w, w->first, G_AS);
    int comma = 0;
    for (uint32_t j = c; j > w->first;) {
        j--;
        if (bl_is(w, j, G_SEMI))
            break;
        if (bl_is(w, j, G_COMMA))
            comma = 1;
        if ((w->cls[j] & C_SAY) && sub && comma)
            break;
        if (w->cls[j] & C_SAY) {
            *said = 1;
            int32_t m = bl_subject(w, j, 12, 0);
            if (m >= 0)
                return m;
            break;
        }
    }
    /* post-posed: ", X said" / ", said X" */
    for (uint32_t j = c + 1; j < w->end; j++) {
        if (bl_is(w, j, G_SEMI))
            break;
        if (w->cls[j] & C_SAY) {
            *said = 1;
            if (j > w->first && w->act[j - 1] >= 0 && w->ment[w->act[j - 1]].ts > c)
                return w->act[j - 1];
            int32_t m = bl_subject(w, j, 6, 0);
            if (m >= 0 && w->ment[m].ts > c)
                return m;
            m = bl_ment_at(w, j + 1);
            if (m >= 0)
                return m;
        }
    }
    return -1;
}

/* The speaker of the clause around token c (see bl_speaker_said), or -1. */
static int32_t bl_speaker(const bl_work *w, uint32_t c)
{
    int said;
    return bl_speaker_said(w, c, &said);
}

/* True when the cue at token c is negated or modalised: a negation,
 * modal or intention verb among the few tokens before it. */
static int bl_negated(const bl_work *w, uint32_t c)
{
    unsigned seen = 0;
    for (uint32_t j = c; j > w->first && seen < 6;) {
        j--;
        if (w->act[j] >= 0 || bl_punct(w, j) || (w->cls[j] & (C_BARRIER | C_SAY)))
            break;
        if (w->cls[j] & (C_NEG | C_MODAL))
            return 1;
        seen++;
    }
    return 0;
}

/* True when the cue at token c is a future conditioned later in its
 * clause: "Ukraine will blame Russia if the talks fail". */
static int bl_future_if(const bl_work *w, uint32_t c)
{
    int will = 0;
    for (uint32_t j = c, n = 0; j > w->first && n < 3 && !will; n++) {
        j--;
        will = bl_is(w, j, G_WILL);
    }
    if (!will)
        return 0;
    for (uint32_t j = c + 1; j < w->end; j++) {
        if (bl_is(w, j, G_SEMI) || bl_is(w, j, G_BUT))
            break;
        if (bl_is(w, j, G_IF) || bl_is(w, j, G_UNLESS))
            return 1;
    }
    return 0;
}

/* True when token c looks like a past participle (-ed or a listed one). */
static int bl_participle(const bl_work *w, uint32_t c)
{
    const annot_token *k = &w->tok[c];
    if (w->cls[c] & C_PP)
        return 1;
    return k->end - k->start > 3 && w->lower[k->end - 2] == 'e' && w->lower[k->end - 1] == 'd';
}

/* True when a form of "be" comes just before token c (adverbs between). */
static int bl_be_before(const bl_work *w, uint32_t c)
{
    for (uint32_t j = c; j > w->first && c - j < 4;) {
        j--;
        if (w->cls[j] & C_BE)
            return 1;
        const annot_token *k = &w->tok[j];
        if (!(w->cls[j] & (C_ADV | C_NEG)) &&
            !(k->end - k->start > 3 && !memcmp(w->lower + k->end - 2, "ly", 2)))
            return 0;
    }
    return 0;
}

/* True when the verb at token c is passive: a participle after "be" (with
 * adverbs between), before a by-agent, or a reduced relative ("X,
 * accused of ..."; "X accused of ..."). */
static int bl_passive(const bl_work *w, uint32_t c, uint32_t cend)
{
    if (!bl_participle(w, c))
        return 0;
    for (uint32_t j = c; j > w->first;) {
        j--;
        if (w->cls[j] & C_BE)
            return 1;
        if (!(w->cls[j] & (C_ADV | C_NEG)) && !((w->tok[j].end - w->tok[j].start) > 3 &&
                                               !memcmp(w->lower + w->tok[j].end - 2, "ly", 2)))
            break;
        if (c - j > 3)
            break;
    }
    if (cend < w->end && (bl_is(w, cend, G_BY) || bl_is(w, cend, G_OF) ||
                          bl_is(w, cend, G_FOR) || bl_is(w, cend, G_WITH) ||
                          bl_is(w, cend, G_OVER)))
        return 1;
    if (cend < w->end && bl_is(w, cend, G_ON) && c > w->first && w->act[c - 1] < 0)
        return 1;
    return 0;
}

/* True when a harm word appears in tokens [a, b). */
static int bl_harm_in(const bl_work *w, uint32_t a, uint32_t b)
{
    for (uint32_t j = a; j < b && j < w->end; j++)
        if (w->cls[j] & (C_HARM | C_BAD | C_OUTCOME | C_CUE))
            return 1;
    return 0;
}

/* Record a blame of the current sentence.  Returns 0 or ANNOT_ENOMEM. */
static int bl_emit(bl_work *w, int32_t blamer, const char *blamer_code, int32_t blamed,
                   uint32_t cs, uint32_t ce, annot_span issue, float conf)
{
    if (blamed < 0 || w->ment[blamed].excluded)
        return 0;
    if (blamer == blamed)
        return 0;
    if (w->n_cand == w->cap_cand) {
        size_t cap = w->cap_cand ? w->cap_cand * 2 : 16;
        bl_cand *c = realloc(w->cand, cap * sizeof *c);
        if (!c)
            return ANNOT_ENOMEM;
        w->cand = c;
        w->cap_cand = cap;
    }
    bl_cand *c = &w->cand[w->n_cand++];
    c->blamer = blamer;
    c->blamer_code = blamer >= 0 ? NULL : blamer_code;
    c->blamed = blamed;
    c->cue.start = w->tok[cs].start;
    c->cue.end = w->tok[ce - 1].end;
    c->issue = issue;
    c->conf = conf;
    return 0;
}

/* Mark tokens [a, b) as used by an explicit blame (harm words inside its
 * issue are the accusation's, not the writer's). */
static void bl_use(bl_work *w, uint32_t a, uint32_t b)
{
    if (!w->use_marks)
        return;
    for (uint32_t j = a; j < b && j < w->end; j++)
        w->mark[j] |= M_USED;
}

/* Mark the rest of the clause after token a as used by an explicit blame
 * ("condemned Russian aggression": the aggression is the accusation's). */
static void bl_use_clause(bl_work *w, uint32_t a)
{
    if (!w->use_marks)
        return;
    for (uint32_t j = a; j < w->end; j++) {
        if (j > a && (bl_is(w, j, G_COMMA) || bl_is(w, j, G_SEMI) || (w->cls[j] & C_SAY) ||
                      ((w->cls[j] & C_BARRIER) && !bl_is(w, j, G_THAT))))
            break;
        w->mark[j] |= M_USED;
    }
}

/* Emit blames from every blamer in the coordination of `blamer` to every
 * blamed in the coordination of `blamed`.  Returns 0 or ANNOT_ENOMEM. */
static int bl_emit_all(bl_work *w, int32_t blamer, const char *code, int32_t blamed,
                       uint32_t cs, uint32_t ce, annot_span issue, float conf)
{
    int rc = 0;
    int32_t r = blamer;
    for (int i = 0; i < 4; i++) {
        int32_t d = blamed;
        for (int k = 0; k < 6 && d >= 0; k++) {
            if ((rc = bl_emit(w, r, code, d, cs, ce, issue, conf)) < 0)
                return rc;
            d = bl_coord_after(w, d);
        }
        if (r < 0)
            break;
        r = bl_coord_before(w, r);
        if (r < 0)
            break;
    }
    return rc;
}

/* Blamer when the clause gives none: the speaker, or for a pronoun subject
 * the first mention of the previous sentence.  *code gets "" when none. */
static int32_t bl_fallback_blamer(const bl_work *w, uint32_t c)
{
    int32_t s = bl_speaker(w, c);
    if (s >= 0)
        return s;
    for (uint32_t j = c; j > w->first && c - j < 4;) {
        j--;
        if (w->cls[j] & C_PRON)
            return w->prev_subject;
        if (!(w->cls[j] & (C_ADV | C_BE | C_MODAL)))
            break;
    }
    return -1;
}

/* The holder of an implicit attribution: the speaker; else "" when a
 * reporting verb names no actor ("critics say ..."); else AUTHOR. */
static int32_t bl_voice(const bl_work *w, uint32_t c, const char **code)
{
    int said;
    int32_t s = bl_speaker_said(w, c, &said);
    *code = s >= 0 ? NULL : said ? "" : "AUTHOR";
    return s;
}

/* True when a reciprocal "+obj" cue starts at token t. */
static int bl_recip_at(const bl_work *w, uint32_t t)
{
    for (size_t i = 0; i < w->n_match; i++)
        if (w->match[i].ts == t && w->match[i].frame == F_RECIP)
            return 1;
    return 0;
}

/* Read one explicit cue's arguments and emit its blames. */
static int bl_explicit(bl_work *w, const bl_match *mt)
{
    uint32_t c = mt->ts, ce = mt->te;
    float weak = (mt->flags & K_WEAK) ? 0.2f : 0.0f;
    annot_span issue = {0, 0};
    int rc = 0;

    if (w->mark[c] & (M_HYPO | M_USED))
        return 0;
    if (bl_negated(w, c) || bl_future_if(w, c))
        return 0;
    int in_deny = (w->mark[c] & M_DENY) != 0;

    switch (mt->frame) {
    case F_VERB:
    case F_VERB_ON: {
        if (in_deny)
            return 0;
        if (ce < w->end && bl_recip_at(w, ce))
            return 0;
        if (c > w->first && (bl_is(w, c - 1, G_THE) || bl_is(w, c - 1, G_A) || bl_is(w, c - 1, G_AN) ||
                             (w->tok[c - 1].flags & ANNOT_TOK_POSSESSIVE) ||
                             ((w->cls[c - 1] & C_PREP) && !bl_is(w, c - 1, G_TO) && !bl_ends(w, c, "ing"))))
            return 0;  /* "the accused officials", "in charge of"; not "in blaming", "many blamed" */
        if (mt->flags & K_BADOBJ) {
            /* "called X's actions illegal": needs the bad word */
            int bad = 0;
            for (uint32_t j = ce; j < w->end && j < ce + 10 && !bad; j++) {
                if (bl_is(w, j, G_SEMI) || (w->cls[j] & C_BARRIER))
                    break;
                bad = (w->cls[j] & (C_BAD | C_FALSE)) != 0;
            }
            if (!bad)
                return 0;
        }
        if (bl_passive(w, c, ce)) {
            int32_t blamed = bl_subject(w, c, 12, 0);
            if (!bl_be_before(w, c)) {
                /* reduced relative: "X, accused of ..." / "X accused of ...";
                 * none when the cue opens the sentence ("Accused of ...") */
                blamed = -1;
                if (c > w->first) {
                    uint32_t a = c - 1;
                    if (a > w->first && bl_is(w, a, G_COMMA))
                        a--;
                    blamed = w->act[a];
                }
            }
            int32_t blamer = bl_agent(w, ce, 10);
            if (mt->frame == F_VERB_ON && ce < w->end && bl_is(w, ce, G_ON)) {
                blamed = bl_ment_at(w, ce + 1);
                uint32_t e = c;
                while (e > w->first && (w->cls[e - 1] & (C_BE | C_ADV | C_NEG)))
                    e--;
                if (e > w->first) {
                    issue.start = w->tok[w->first].start;
                    issue.end = w->tok[e - 1].end;
                }
            }
            if (blamed < 0)
                return 0;
            if (!issue.end)
                issue = bl_issue(w, ce);
            float conf = blamer >= 0 ? 0.85f : 0.6f;
            if (blamer < 0)
                blamer = bl_speaker(w, c);
            /* "China and Russia were accused": every coordinated subject */
            for (int32_t m = bl_coord_before(w, blamed), k = 0; m >= 0 && k < 6; m = bl_coord_before(w, m), k++)
                if ((rc = bl_emit(w, blamer, "", m, c, ce, issue, conf - weak)) < 0)
                    return rc;
            rc = bl_emit_all(w, blamer, "", blamed, c, ce, issue, conf - weak);
            bl_use(w, c, bl_tok_after(w, ce, issue.end));
            return rc;
        }
        int via_on = 0;
        int32_t blamed = mt->slot >= 0 ? mt->slot : bl_object(w, ce, 10, mt->frame == F_VERB_ON, &via_on);
        if (via_on == 2)
            via_on = 0;
        int32_t blamer = bl_subject(w, c, 14, 0);
        if (blamed < 0 && ce < w->end && bl_is(w, ce, G_HIM)) {
            /* "critics blame him for ...": the sentence's (or the previous
             * sentence's) first actor, when it is not the blamer */
            int32_t m = bl_main_subject(w, c);
            if (m < 0)
                m = w->prev_subject;
            if (m >= 0 && m != blamer && !bl_same_cty(w, m, blamer))
                blamed = m;
        }
        if (blamer < 0 && c > w->first && bl_is(w, c - 1, G_COMMA)) {
            const annot_token *k = &w->tok[c];
            if (k->end - k->start > 4 && !memcmp(w->lower + k->end - 3, "ing", 3))
                blamer = bl_main_subject(w, c);
        }
        if (blamed < 0) {
            /* "tended to slander others": the slandering is the wrong */
            if ((mt->flags & K_PEJ) && blamer >= 0 && w->st->implicit) {
                const char *code = NULL;
                int32_t voice = bl_voice(w, c, &code);
                return bl_emit(w, voice, code, blamer, c, ce, issue, 0.55f);
            }
            return 0;
        }
        float conf = 0.9f;
        if (blamer < 0) {
            blamer = bl_fallback_blamer(w, c);
            if (bl_same_cty(w, blamer, blamed))
                blamer = -1;
            conf = blamer >= 0 ? 0.75f : 0.6f;
        }
        uint32_t after = w->ment[blamed].te;
        for (int32_t n = bl_coord_after(w, blamed), k = 0; n >= 0 && k < 6; n = bl_coord_after(w, n), k++)
            after = w->ment[n].te;
        if (after < w->end && (w->tok[after].flags & ANNOT_TOK_POSSESSIVE))
            issue = bl_issue(w, after + 1);
        else
            issue = bl_issue(w, after);
        if (via_on) {
            issue.start = w->tok[ce].start;
            issue.end = w->tok[w->ment[blamed].ts > 0 ? w->ment[blamed].ts - 1 : 0].start;
            if (issue.end <= issue.start)
                issue = (annot_span){0, 0};
        }
        rc = bl_emit_all(w, blamer, "", blamed, c, ce, issue, conf - weak);
        bl_use(w, c, issue.end ? bl_tok_after(w, after, issue.end) : after);
        bl_use_clause(w, c);
        return rc;
    }
    case F_NOUN: {
        int32_t blamer = bl_modifier(w, c);
        if ((mt->flags & K_POSSTGT) && blamer >= 0 && w->ment[blamer].te < w->end &&
            (w->tok[w->ment[blamer].te].flags & ANNOT_TOK_POSSESSIVE)) {
            /* "Johnson's critics": the possessor is the one criticised */
            int32_t blamed = blamer;
            blamer = bl_fallback_blamer(w, c);
            if (bl_same_cty(w, blamer, blamed))
                blamer = -1;
            if (in_deny)
                return 0;
            return bl_emit(w, blamer, "", blamed, c, ce, issue, 0.6f - weak);
        }
        if (blamer < 0) {
            for (uint32_t j = ce; j < w->end && j < ce + 3; j++)
                if (bl_is(w, j, G_BY) || bl_is(w, j, G_FROM)) {
                    blamer = bl_ment_at(w, j + 1);
                    break;
                }
        }
        int32_t blamed = -1;
        uint32_t after = ce;
        if ((mt->flags & K_THAT) && !(ce < w->end && bl_is(w, ce, G_THAT)))
            return 0;  /* "India's claim that ...", not "claim to the islands" */
        for (uint32_t j = ce; j < w->end && j < ce + 6; j++) {
            if ((w->cls[j] & C_BARRIER) && !bl_is(w, j, G_THAT))
                break;
            if (bl_is(w, j, G_COMMA) || bl_is(w, j, G_SEMI))
                break;
            if (bl_is(w, j, G_AGAINST) || bl_is(w, j, G_ON) || bl_is(w, j, G_AT) ||
                bl_is(w, j, G_TOWARD) || bl_is(w, j, G_TOWARDS) ||
                ((mt->flags & K_WITH) && bl_is(w, j, G_WITH)) ||
                ((mt->flags & K_THAT) && bl_is(w, j, G_THAT)) ||
                (!(mt->flags & K_TGT) && (bl_is(w, j, G_OF) || bl_is(w, j, G_THAT)))) {
                int32_t m = bl_ment_at(w, j + 1);
                if (m < 0 && bl_is(w, j, G_THAT)) {
                    for (uint32_t q = j + 1; q < w->end && q < j + 5 && m < 0; q++)
                        m = w->act[q];
                }
                if (m >= 0 && !w->ment[m].excluded) {
                    blamed = m;
                    after = w->ment[m].te;
                }
                break;
            }
        }
        if (blamer < 0 && after > ce) {
            for (uint32_t j = after; j < w->end && j < after + 3 && blamer < 0; j++) {
                if (bl_is(w, j, G_BY) || bl_is(w, j, G_FROM))
                    blamer = bl_ment_at(w, j + 1);
                if (bl_punct(w, j))
                    break;
            }
        }
        if (blamed < 0 && (mt->flags & K_TGT))
            return 0;
        /* governing verb before the noun phrase */
        uint32_t g = UINT32_MAX;
        uint32_t lim = (blamer >= 0 && w->ment[blamer].te <= c) ? w->ment[blamer].ts : c;
        for (uint32_t j = lim, n = 0; j > w->first && n < 6; n++) {
            j--;
            if (w->cls[j] & (C_LIGHT | C_FACE)) {
                g = j;
                break;
            }
            if (w->cls[j] & ~(C_DET | C_ADV | C_FALSE | C_HARM | C_BAD | C_OUTCOME))
                break;
            if (bl_punct(w, j) && !(w->tok[j].flags & ANNOT_TOK_POSSESSIVE))
                break;
        }
        if (blamer < 0 && g == UINT32_MAX) {
            /* "X is an outspoken critic of Y" */
            uint32_t j = c;
            for (unsigned n = 0; j > w->first && n < 4; n++) {
                j--;
                if (w->cls[j] & C_BE) {
                    blamer = bl_subject(w, j, 8, 0);
                    break;
                }
                if (bl_punct(w, j) || (w->cls[j] & ~(C_DET | C_ADV | C_FALSE | C_HARM | C_BAD)))
                    break;
            }
        }
        float conf = 0.85f;
        if (g != UINT32_MAX) {
            int32_t s = bl_subject(w, g, 12, 0);
            if ((w->cls[g] & C_FACE) && blamed < 0)
                blamed = s;
            else if ((w->cls[g] & C_LIGHT) && blamer < 0 && !(w->cls[g] & C_FACE))
                blamer = s;
            conf = 0.8f;
        }
        if (blamed < 0 && blamer >= 0) {
            /* "despite accusations from X", "X denies ..., despite criticism" */
            uint32_t j = blamer >= 0 && w->ment[blamer].te <= c ? w->ment[blamer].ts : c;
            while (j > w->first && (w->cls[j - 1] & (C_DET | C_ADV | C_FALSE)))
                j--;
            if (j > w->first && (bl_is(w, j - 1, G_DESPITE) || bl_is(w, j - 1, G_AMID)))
                blamed = bl_main_subject(w, c);
            if (blamed == blamer || bl_same_cty(w, blamed, blamer))
                blamed = -1;
        }
        if (blamed < 0)
            return 0;
        if (in_deny && blamer < 0)
            return 0;
        if (blamer < 0) {
            blamer = bl_fallback_blamer(w, c);
            if (bl_same_cty(w, blamer, blamed))
                blamer = -1;
            conf = blamer >= 0 ? 0.65f : 0.55f;
        }
        if (blamer >= 0 && !in_deny && w->st->implicit && bl_false_before(w, c)) {
            /* "a groundless accusation": the writer blames its maker */
            const char *code = NULL;
            int32_t voice = bl_voice(w, c, &code);
            if (voice != blamer && (rc = bl_emit(w, voice, code, blamer, c, ce, issue, 0.55f)) < 0)
                return rc;
        }
        issue = bl_issue(w, after);
        rc = bl_emit_all(w, blamer, "", blamed, c, ce, issue, conf - weak);
        bl_use(w, c, issue.end ? bl_tok_after(w, ce, issue.end) : after);
        return rc;
    }
    case F_CRITIC: {
        if (in_deny)
            return 0;
        int32_t blamed = bl_ment_at(w, ce);
        int32_t blamer = bl_subject(w, c, 12, 0);
        if (blamed < 0)
            return 0;
        float conf = 0.85f;
        if (blamer < 0) {
            blamer = bl_fallback_blamer(w, c);
            conf = 0.65f;
        }
        issue = bl_issue(w, w->ment[blamed].te);
        rc = bl_emit_all(w, blamer, "", blamed, c, ce, issue, conf - weak);
        bl_use(w, c, w->ment[blamed].te);
        return rc;
    }
    case F_HOLD: {
        if (in_deny)
            return 0;
        int32_t blamer = bl_subject(w, c, 12, 0);
        float conf = 0.9f;
        if (blamer < 0) {
            blamer = bl_fallback_blamer(w, c);
            conf = 0.7f;
        }
        issue = bl_issue(w, ce);
        rc = bl_emit_all(w, blamer, "", mt->slot, c, ce, issue, conf - weak);
        bl_use(w, c, issue.end ? bl_tok_after(w, ce, issue.end) : ce);
        return rc;
    }
    case F_ALLEGE: {
        if (in_deny)
            return 0;
        if (c > w->first && ((w->cls[c - 1] & (C_DET | C_BE | C_PREP)) ||
                             (w->tok[c - 1].flags & ANNOT_TOK_POSSESSIVE)))
            return 0;  /* "the alleged hacking", "was alleged", "over alleged plots" */
        uint32_t s = ce;
        if (s < w->end && bl_is(w, s, G_THAT))
            s++;
        else if (bl_ment_at(w, s) < 0)
            return 0;  /* "alleged ties", "alleged plots": an adjective */
        int32_t blamed = -1;
        for (uint32_t j = s; j < w->end && j < s + 6 && blamed < 0; j++) {
            if (w->cls[j] & (C_BARRIER | C_SAY))
                break;
            if (w->act[j] >= 0 && !w->ment[w->act[j]].excluded)
                blamed = w->act[j];
        }
        if (blamed < 0)
            return 0;
        {
            /* "alleged X was poisoned": X is the victim */
            uint32_t t = w->ment[blamed].te;
            while (t < w->end && (w->cls[t] & (C_ADV | C_MODAL)))
                t++;
            if (t + 1 < w->end && (w->cls[t] & C_BE) && bl_participle(w, t + 1))
                return 0;
        }
        int32_t blamer = bl_subject(w, c, 12, 0);
        float conf = 0.75f;
        if (blamer < 0) {
            blamer = bl_fallback_blamer(w, c);
            conf = 0.6f;
        }
        issue.start = w->tok[s].start;
        issue.end = w->tok[w->end - 1].end;
        if (w->end - 1 > s && bl_punct(w, w->end - 1))
            issue.end = w->tok[w->end - 2].end;
        rc = bl_emit_all(w, blamer, "", blamed, c, ce, issue, conf - weak);
        bl_use(w, c, w->end);
        return rc;
    }
    case F_PRED: {
        if (in_deny)
            return 0;
        if (mt->flags & K_BE) {
            int ok = 0;
            for (uint32_t j = c, n = 0; j > w->first && n < 3; n++) {
                j--;
                if (w->cls[j] & C_BE) {
                    ok = 1;
                    break;
                }
                if (!(w->cls[j] & (C_ADV | C_NEG | C_DET)) && !bl_is(w, j, G_AS))
                    break;
            }
            if (!ok)
                return 0;
        }
        if ((mt->flags & K_HARM) && !bl_harm_in(w, ce, ce + 8))
            return 0;
        int32_t blamed = bl_subject(w, c, 10, 0);
        if (blamed < 0) {
            /* "the culprit is X" */
            uint32_t j = ce;
            if (j < w->end && (w->cls[j] & C_BE))
                blamed = bl_ment_at(w, j + 1);
        }
        if (blamed < 0)
            return 0;
        int32_t blamer = bl_agent(w, ce, 8);
        const char *code = NULL;
        if (blamer < 0)
            blamer = bl_voice(w, c, &code);
        issue = bl_issue(w, ce > c + 1 ? ce - 1 : ce);
        rc = bl_emit(w, blamer, code, blamed, c, ce, issue, 0.75f - weak);
        bl_use(w, c, issue.end ? bl_tok_after(w, ce, issue.end) : ce);
        return rc;
    }
    case F_POSS: {
        int32_t blamed = -1;
        if (c > w->first + 1 && (w->tok[c - 1].flags & ANNOT_TOK_POSSESSIVE))
            blamed = w->act[c - 2];
        if (blamed < 0 && ce < w->end && bl_is(w, ce, G_OF))
            blamed = bl_ment_at(w, ce + 1);
        if (blamed < 0 || in_deny)
            return 0;
        const char *code = NULL;
        int32_t blamer = bl_voice(w, c, &code);
        return bl_emit(w, blamer, code, blamed, c, ce, issue, 0.7f - weak);
    }
    case F_AGENT: {
        if (in_deny)
            return 0;
        if ((mt->flags & K_HARM) && !bl_harm_in(w, c > w->first + 8 ? c - 8 : w->first, c))
            return 0;
        int32_t blamed = -1;
        for (uint32_t j = ce; j < w->end && j < ce + 4 && blamed < 0; j++) {
            if (bl_punct(w, j) || (w->cls[j] & C_BARRIER))
                break;
            blamed = w->act[j];
        }
        if (blamed < 0)
            return 0;
        const char *code = NULL;
        int32_t blamer = bl_voice(w, c, &code);
        issue.start = w->tok[w->first].start;
        issue.end = c > w->first ? w->tok[c - 1].end : 0;
        if (issue.end <= issue.start)
            issue = (annot_span){0, 0};
        return bl_emit(w, blamer, code, blamed, c, ce, issue, 0.65f - weak);
    }
    case F_RECIP: {
        if (in_deny)
            return 0;
        if (mt->flags & K_OBJ) {
            int ok = 0;
            for (uint32_t j = c, n = 0; j > w->first && n < 3 && !ok; n++) {
                j--;
                if (w->cls[j] & C_CUE)
                    ok = 1;
            }
            if (!ok)
                return 0;
        }
        int32_t a = -1, b = -1;
        int32_t s = bl_subject(w, c, 14, 0);
        if (s >= 0)
            a = bl_coord_before(w, s), b = s;
        if (a < 0 || b < 0) {
            a = b = -1;
            /* nearest two actors of different countries before the cue */
            for (uint32_t j = c; j > w->first;) {
                j--;
                int32_t m = w->act[j];
                if (m < 0)
                    continue;
                j = w->ment[m].ts;
                if (b < 0)
                    b = m;
                else if (strncmp(w->ment[m].a->code, w->ment[b].a->code, 3) != 0) {
                    a = m;
                    break;
                }
            }
            if (a < 0) {
                for (uint32_t j = ce; j < w->end && j < ce + 8; j++) {
                    int32_t m = w->act[j];
                    if (m < 0)
                        continue;
                    j = w->ment[m].te - 1;
                    if (b < 0)
                        b = m;
                    else if (strncmp(w->ment[m].a->code, w->ment[b].a->code, 3) != 0) {
                        a = m;
                        break;
                    }
                }
            }
        }
        if (a < 0 || b < 0)
            return 0;
        issue = bl_issue(w, ce);
        if ((rc = bl_emit(w, a, "", b, c, ce, issue, 0.8f - weak)) < 0)
            return rc;
        rc = bl_emit(w, b, "", a, c, ce, issue, 0.8f - weak);
        bl_use(w, c, issue.end ? bl_tok_after(w, ce, issue.end) : ce);
        return rc;
    }
    case F_VIEW: {
        if (in_deny)
            return 0;
        int bad = 0;
        for (uint32_t j = ce; j < w->end && j < ce + 5 && !bad; j++)
            if (w->cls[j] & C_BAD)
                bad = 1;
        if (!bad)
            return 0;
        int32_t blamed, blamer;
        float conf = 0.75f;
        if (mt->slot >= 0) {
            blamed = mt->slot;
            blamer = bl_subject(w, c, 12, 0);
            if (blamer < 0)
                blamer = bl_fallback_blamer(w, c);
        } else {
            blamed = bl_subject(w, c, 10, 0);
            blamer = bl_agent(w, ce, 8);
            if (blamer < 0)
                blamer = bl_speaker(w, c);
            conf = 0.6f;
        }
        if (blamed < 0)
            return 0;
        rc = bl_emit(w, blamer, "", blamed, c, ce, issue, conf - weak);
        bl_use(w, c, ce + 5 < w->end ? ce + 5 : w->end);
        return rc;
    }
    default:
        return 0;
    }
}

static int bl_implicit_one(bl_work *w, const bl_match *mt);

/* Read one implicit cue (harm, threat) and emit its blame; a speaker who
 * reports a harm done by their own country is not blaming it. */
static int bl_implicit(bl_work *w, const bl_match *mt)
{
    size_t n0 = w->n_cand;
    int rc = bl_implicit_one(w, mt);
    for (size_t i = n0; i < w->n_cand; i++)
        if (w->cand[i].blamer >= 0 && bl_same_cty(w, w->cand[i].blamer, w->cand[i].blamed))
            w->cand[i].conf = -1;
    return rc;
}

/* The reading of bl_implicit. */
static int bl_implicit_one(bl_work *w, const bl_match *mt)
{
    uint32_t c = mt->ts, ce = mt->te;
    float weak = (mt->flags & K_WEAK) ? 0.15f : 0.0f;
    annot_span issue = {0, 0};
    const char *code = NULL;

    if (w->mark[c] & (M_HYPO | M_USED | M_DENY))
        return 0;
    if (bl_negated(w, c) || bl_future_if(w, c))
        return 0;

    switch (mt->frame) {
    case F_HARM_V: {
        if ((mt->flags & K_NOINF) && ce < w->end && bl_is(w, ce, G_TO))
            return 0;
        if (c > w->first && ((w->cls[c - 1] & (C_DET | C_PREP)) || (w->tok[c - 1].flags & ANNOT_TOK_POSSESSIVE)))
            return 0;  /* a noun: "the attack", "victim of hacking" (harm_n reads it) */
        if (bl_passive(w, c, ce)) {
            int32_t blamed = bl_agent(w, ce, 4);
            if (blamed < 0)
                return 0;
            int32_t blamer = bl_voice(w, c, &code);
            issue.start = w->tok[c].start;
            issue.end = w->tok[ce - 1].end;
            return bl_emit(w, blamer, code, blamed, c, ce, issue, 0.5f - weak);
        }
        if (mt->flags & K_VERBAL) {
            int how = 0;
            int32_t obj = bl_object(w, ce, 14, 0, &how);
            if (obj >= 0) {
                uint32_t t = w->ment[obj].te;
                /* "attacked X for ...", "attacked the decision by X" */
                if (how == 2 || (t < w->end && (bl_is(w, t, G_FOR) || bl_is(w, t, G_OVER)))) {
                    int32_t blamer = bl_subject(w, c, 12, 0);
                    issue = bl_issue(w, t);
                    return bl_emit(w, blamer, "", obj, c, ce, issue, 0.8f - weak);
                }
            }
        }
        int32_t blamed = bl_subject_tight(w, c);
        if (blamed < 0)
            return 0;
        int32_t blamer = bl_voice(w, c, &code);
        issue.start = w->tok[c].start;
        uint32_t e = ce;
        while (e < w->end && e < ce + 8 && !bl_punct(w, e) && !(w->cls[e] & (C_BARRIER | C_SAY)))
            e++;
        issue.end = w->tok[e - 1].end;
        int rc = 0;
        for (int k = 0; k < 6 && blamed >= 0 && rc == 0; k++) {
            rc = bl_emit(w, blamer, code, blamed, c, ce, issue, 0.5f - weak);
            blamed = bl_coord_before(w, blamed);
        }
        return rc;
    }
    case F_HARM_N:
    case F_THREAT: {
        if (w->heading)
            return 0;  /* a bare noun phrase in a heading or legend states nothing */
        int32_t blamed = -1;
        if (ce < w->end && (bl_is(w, ce, G_BY) || bl_is(w, ce, G_FROM) ||
                            (mt->frame == F_THREAT && bl_is(w, ce, G_OF))))
            blamed = bl_ment_at(w, ce + 1);
        if (blamed < 0)
            blamed = bl_modifier(w, c);
        float conf = mt->frame == F_THREAT ? 0.55f : 0.4f;
        int32_t blamer = -1;
        if (blamed < 0 && mt->frame == F_THREAT) {
            /* "X is a threat" */
            uint32_t j = c, n = 0;
            while (j > w->first && n < 4) {
                j--, n++;
                if (w->cls[j] & C_BE) {
                    blamed = bl_subject(w, j + 1, 6, 1);
                    break;
                }
                if (!(w->cls[j] & (C_DET | C_ADV)) && w->wid[j] != BL_NONE)
                    break;
            }
        }
        if (blamed < 0) {
            /* "launched attacks": subject of a commit verb */
            for (uint32_t j = c, n = 0; j > w->first && n < 4; n++) {
                j--;
                if (w->cls[j] & C_COMMIT) {
                    blamed = bl_subject(w, j, 8, 1);
                    break;
                }
                if (bl_punct(w, j) || (w->cls[j] & C_PREP))
                    break;
            }
        }
        if (blamed < 0)
            return 0;
        if (mt->frame == F_THREAT && w->ment[blamed].te <= c) {
            /* a perception "the X threat": held by the clause's subject */
            blamer = bl_subject(w, w->ment[blamed].ts, 12, 0);
            if (blamer >= 0 && !strncmp(w->ment[blamer].a->code, w->ment[blamed].a->code, 3))
                blamer = -1;
        }
        if (blamer < 0)
            blamer = bl_voice(w, c, &code);
        return bl_emit(w, blamer, code, blamed, c, ce, issue, conf - weak);
    }
    case F_POSE: {
        int bad = 0;
        for (uint32_t j = ce; j < w->end && j < ce + 4 && !bad; j++)
            if (w->cls[j] & C_BAD)
                bad = 1;
        if (!bad)
            return 0;
        int32_t blamed = bl_subject(w, c, 8, 1);
        if (blamed < 0)
            return 0;
        int32_t blamer = bl_voice(w, c, &code);
        return bl_emit(w, blamer, code, blamed, c, ce, issue, 0.6f - weak);
    }
    default:
        return 0;
    }
}

/* Try every cue starting at token i, the first being head (a list
 * through bl_cue.next); append the matches. */
static int bl_match_at(bl_work *w, uint32_t i, int32_t head)
{
    const bl_state *st = w->st;
    uint32_t id = w->wid[i];
    if (id == BL_NONE)
        return 0;
    /* no cue starting here can match when the next word is none of their
     * second words */
    const bl_word *hw = &st->words[id];
    if (!hw->any_next &&
        (i + 1 >= w->end || w->wid[i + 1] == BL_NONE || !((hw->next >> (w->wid[i + 1] & 63)) & 1u)))
        return 0;
    int32_t best_len = 0;
    for (int32_t k = head; k >= 0; k = st->cues[k].next) {
        const bl_cue *cue = &st->cues[k];
        uint32_t j = i;
        int32_t slot = -1;
        int ok = 1;
        for (int q = 0; q < cue->n && ok; q++) {
            if (cue->w[q] == BL_SLOT) {
                uint32_t t = bl_skip_det(w, j);
                if (t >= w->end || w->act[t] < 0) {
                    ok = 0;
                    break;
                }
                slot = w->act[t];
                j = w->ment[slot].te;
                continue;
            }
            if (j >= w->end || w->wid[j] != cue->w[q])
                ok = 0;
            else
                j++;
        }
        if (!ok)
            continue;
        if (cue->frame > F_LAST_BLAME) {
            w->cls[i] |= C_BIT(cue->frame);
            w->cls_any |= C_BIT(cue->frame);
            if (j > w->mend[i])
                w->mend[i] = j;
            continue;
        }
        /* a blame cue: keep the longest per frame at this token */
        if ((int32_t)(j - i) < best_len && cue->frame != F_RECIP)
            continue;
        int dup = 0;
        for (size_t m = 0; m < w->n_match; m++)
            if (w->match[m].ts == i && w->match[m].frame == cue->frame && w->match[m].flags == cue->flags)
                dup = 1;
        if (dup)
            continue;
        if (w->n_match == w->cap_match) {
            size_t cap = w->cap_match ? w->cap_match * 2 : 16;
            bl_match *mm = realloc(w->match, cap * sizeof *mm);
            if (!mm)
                return ANNOT_ENOMEM;
            w->match = mm;
            w->cap_match = cap;
        }
        bl_match *mm = &w->match[w->n_match++];
        mm->ts = i;
        mm->te = j;
        mm->slot = slot;
        mm->frame = cue->frame;
        mm->flags = cue->flags;
        w->cls[i] |= C_CUE;
        if ((int32_t)(j - i) > best_len)
            best_len = (int32_t)(j - i);
    }
    return 0;
}

/* True when the current sentence may hold the anchor word of a blame cue
 * (bl_anchor): false means that no blame cue matches there. */
static __attribute__((noinline)) int bl_has_anchor(const bl_work *w)
{
    const uint64_t *bits = w->st->cue_bits;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const annot_token *t = w->tok + w->first, *e = w->tok + w->end;
    if (t < e && w->st->max_len < 128 && e[-1].start + 8 <= w->len) {
        /* every token can be read eight bytes a load, and a token of 128
         * bytes or more (maybe wrongly masked) is no word; four tokens a
         * round (fewer of the loop's own count and branch per token) */
        const char *lower = w->lower;
        /* return 1 when token u may be a word of the filter */
#define BL_ANCHOR_AT(u)                                                        \
    do {                                                                       \
        size_t n_ = (u)->end - (u)->start;                                     \
        uint64_t v_;                                                           \
        memcpy(&v_, lower + (u)->start, 8);                                    \
        uint32_t x_ = bl_key(v_ & bl_mask_len[(uint8_t)n_], n_);               \
        if ((bits[x_ >> 6] >> (x_ & 63)) & 1u)                                 \
            return 1;                                                          \
    } while (0)
        for (; t + 4 <= e; t += 4) {
            BL_ANCHOR_AT(t);
            BL_ANCHOR_AT(t + 1);
            BL_ANCHOR_AT(t + 2);
            BL_ANCHOR_AT(t + 3);
        }
        for (; t < e; t++)
            BL_ANCHOR_AT(t);
#undef BL_ANCHOR_AT
        return 0;
    }
#endif
    for (uint32_t i = w->first; i < w->end; i++)
        if (bl_maybe(bits, w->lower, w->len, &w->tok[i]))
            return 1;
    return 0;
}

/* Look the words of the current sentence up (through the direct table
 * alone when direct is set; see bl_look_up()): set wid and cls, list in at
 * and head the tokens where a cue starts, and clear mend and mark.  Words
 * inside a mention are names, not cues ("United States").  Returns 1 when
 * a blame cue may start at one of them, else 0. */
static inline __attribute__((always_inline)) int bl_look_up_run(bl_work *w, int direct)
{
    const bl_state *st = w->st;
    const annot_token *tok = w->tok;
    const char *lower = w->lower;
    size_t len = w->len;
    /* locals and restrict: the stores below cannot change the bounds */
    uint32_t *restrict wid = w->wid, *restrict cls = w->cls, *restrict at = w->at;
    int32_t *restrict head = w->head;
    const int32_t *act = w->act;
    uint32_t max_len = st->max_len, n_at = 0, any = 0, first = w->first, end = w->end;
    memset(w->mend + first, 0, (end - first) * sizeof *w->mend);
    memset(w->mark + first, 0, (end - first) * sizeof *w->mark);
    for (uint32_t i = first; i < end; i++) {
        const annot_token *t = &tok[i];
        const bl_slot *v = NULL;
        size_t n = t->end - t->start;
        /* with the direct table a token longer than any word needs no
         * test of its own: its entry holds no word of its length, or sends
         * it to the hash table, which has none */
        if (act[i] < 0 && !(t->flags & ANNOT_TOK_NUMBER) && (direct || n <= max_len))
            v = direct ? bl_find_tok_direct(st, lower, len, t, n) : bl_find_tok(st, lower, len, t);
        if (!v) {
            wid[i] = BL_NONE;
            cls[i] = 0;
            continue;
        }
        wid[i] = v->id1 - 1;
        cls[i] = v->cls & ~C_BHEAD;
        if (v->head >= 0) {
            at[n_at] = i;
            head[n_at++] = v->head;
        }
        any |= v->cls;
    }
    w->n_at = n_at;
    w->cls_any = any & ~C_BHEAD;
    return (any & C_BHEAD) != 0;
}

/* bl_look_up_run(), through the direct table without per-token checks
 * when every token of the sentence can be read eight bytes a load and no
 * word is 128 bytes or longer. */
static __attribute__((noinline)) int bl_look_up(bl_work *w)
{
    if (w->st->direct && w->st->max_len < 128 && w->end > w->first &&
        w->tok[w->end - 1].start + 8 <= w->len)
        return bl_look_up_run(w, 1);
    return bl_look_up_run(w, 0);
}

/* Mark hypothetical and denial scopes and "rather than" exclusions of
 * the current sentence (nothing to do when no token has their classes). */
static void bl_scopes(bl_work *w)
{
    if (!(w->cls_any & (C_HYPO | C_DENY | C_RATHER)))
        return;
    for (uint32_t i = w->first; i < w->end; i++) {
        uint32_t k = w->cls[i];
        if (!(k & (C_HYPO | C_DENY | C_RATHER)))
            continue;
        if (k & C_HYPO) {
            /* "If X attacked, Y would condemn it": a fronted condition makes
             * the whole sentence hypothetical */
            int fronted = (i == w->first || (i == w->first + 1 && bl_punct(w, w->first))) &&
                          (bl_is(w, i, G_IF) || bl_is(w, i, G_UNLESS));
            for (uint32_t j = i; j < w->end; j++) {
                if (fronted) {
                    if (j > i && (bl_is(w, j, G_SEMI) || bl_is(w, j, G_BUT)))
                        break;
                    w->mark[j] |= M_HYPO;
                    continue;
                }
                if (j > i && (bl_is(w, j, G_COMMA) || bl_is(w, j, G_SEMI) || bl_is(w, j, G_THEN)))
                    break;
                w->mark[j] |= M_HYPO;
            }
        }
        if (k & C_DENY) {
            for (uint32_t j = i; j < w->end; j++) {
                if (j > i && bl_is(w, j, G_SEMI))
                    break;
                if (j > i && (w->cls[j] & C_BARRIER) && !bl_is(w, j, G_THAT))
                    break;
                if (j > i && bl_is(w, j, G_COMMA) && j + 1 < w->end &&
                    (bl_is(w, j + 1, G_AND) || (w->cls[j + 1] & C_BARRIER)))
                    break;
                /* "denied the report and accused X": a second verb */
                if (j > i && (bl_is(w, j, G_AND) || bl_is(w, j, G_OR)) && j + 1 < w->end &&
                    w->act[j + 1] < 0 && !(w->cls[j + 1] & C_DET))
                    break;
                w->mark[j] |= M_DENY;
            }
        }
        if (k & C_RATHER) {
            uint32_t e = w->mend[i] > i ? w->mend[i] : i + 1;
            int32_t m = bl_ment_at(w, e);
            for (int n = 0; m >= 0 && n < 6; n++) {
                w->ment[m].excluded = 1;
                m = bl_coord_after(w, m);
            }
        }
    }
}

/* A capitalised national adjective before a lower-case word. */
typedef struct bl_nat {
    uint32_t tok;        /* its token */
    const bl_slot *v;    /* its word */
} bl_nat;

/* The first token from t on, before last, that is a capitalised word
 * (no punctuation) before a lower-case word, or last when there is none.
 * Eight tokens a round (fewer of the loop's own count and branch per
 * token: the whole document is walked, two flag tests a token). */
static inline __attribute__((always_inline)) const annot_token *bl_nat_next(const annot_token *t,
                                                                            const annot_token *last)
{
#define BL_NAT_AT(u)                                                                         \
    do {                                                                                     \
        if (((u)->flags & (ANNOT_TOK_CAP | ANNOT_TOK_PUNCT)) == ANNOT_TOK_CAP &&             \
            ((u)[1].flags & (ANNOT_TOK_CAP | ANNOT_TOK_WORD)) == ANNOT_TOK_WORD)             \
            return (u);                                                                      \
    } while (0)
    for (; t + 8 <= last; t += 8) {
        BL_NAT_AT(t);
        BL_NAT_AT(t + 1);
        BL_NAT_AT(t + 2);
        BL_NAT_AT(t + 3);
        BL_NAT_AT(t + 4);
        BL_NAT_AT(t + 5);
        BL_NAT_AT(t + 6);
        BL_NAT_AT(t + 7);
    }
    for (; t < last; t++)
        BL_NAT_AT(t);
#undef BL_NAT_AT
    return last;
}

/* Find the capitalised national adjectives before a lower-case word (not
 * a run of names) of the lower-cased text (len bytes) and its nt tokens;
 * *out receives them (buf when they fit its cap entries, else a heap array
 * the caller frees) and *n their count.  Returns 0 or ANNOT_ENOMEM. */
static __attribute__((noinline)) int bl_nation_words(const bl_state *st, const char *lower, size_t len, const annot_token *tok,
                           size_t nt, bl_nat *buf, size_t cap, bl_nat **out, size_t *n)
{
    bl_nat *a = buf;
    size_t k = 0;
    *out = buf;
    *n = 0;
    if (nt < 2)
        return 0;
    /* one pointer walks the tokens (most fail the first test) */
    for (const annot_token *t = tok, *last = tok + nt - 1; (t = bl_nat_next(t, last)) < last; t++) {
        /* a word is found by its exact bytes: first the first byte and the
         * length (two loads), then the filter of the first eight bytes */
        size_t n = t->end - t->start;
        if (!((st->nat_first[(unsigned char)lower[t->start]] >> (n < 31 ? n : 31)) & 1u) ||
            !bl_maybe(st->nat_bits, lower, len, t))
            continue;
        size_t i = (size_t)(t - tok);
        const bl_slot *v = bl_find_tok(st, lower, len, t);
        if (!v || !(v->cls & C_NATION))
            continue;
        if (k == cap) {
            bl_nat *b = a == buf ? malloc(2 * cap * sizeof *b) : realloc(a, 2 * cap * sizeof *b);
            if (!b) {
                if (a != buf)
                    free(a);
                return ANNOT_ENOMEM;
            }
            if (a == buf)
                memcpy(b, buf, k * sizeof *b);
            a = b;
            cap *= 2;
        }
        a[k].tok = (uint32_t)i;
        a[k++].v = v;
    }
    *out = a;
    *n = k;
    return 0;
}

/* Add a mention for each national adjective that is no actor mention
 * but names a country's part in a harm ("Russian aggression", "alleged
 * Iranian involvement"): the adjective, then at most two other words,
 * then a harm or stake noun.  The nn candidates nat come from
 * bl_nation_words(); syn has room for nn entries, w->ment for nn more
 * mentions. */
static void bl_nations(bl_work *w, const annot_token *tok, size_t nt, annot_actor *syn,
                       const bl_nat *nat, size_t nn)
{
    const bl_state *st = w->st;
    size_t k = 0;
    for (size_t c = 0; c < nn; c++) {
        size_t i = nat[c].tok;
        const annot_token *t = &tok[i];
        const bl_slot *v = nat[c].v;
        if (w->act[i] >= 0)
            continue;
        int ok = 0;
        for (size_t j = i + 1, n = 0; j < nt && n < 3 && tok[j].sentence == t->sentence; j++, n++) {
            if (w->act[j] >= 0)
                break;
            const bl_slot *u = bl_find_tok(st, w->lower, w->len, &tok[j]);
            if (u && (u->cls & (C_HARM | C_STAKE))) {
                ok = 1;
                break;
            }
            if (u || (tok[j].flags & ANNOT_TOK_PUNCT))
                break;  /* only unknown words between ("Russian military aggression") */
        }
        if (!ok)
            continue;
        annot_actor *a = &syn[k++];
        memset(a, 0, sizeof *a);
        a->span.start = t->start;
        a->span.end = t->end;
        a->code = st->words[v->id1 - 1].nation;
        a->kind = ANNOT_ACTOR_COUNTRY;
        a->sentence = t->sentence;
        bl_ment *m = &w->ment[w->n_ment];
        m->ts = (uint32_t)i;
        m->te = (uint32_t)i + 1;
        m->a = a;
        m->excluded = 0;
        w->act[i] = (int32_t)w->n_ment++;
    }
}

/* Order mentions by start. */
static int bl_ment_cmp(const void *a, const void *b)
{
    const bl_ment *x = a, *y = b;
    return x->a->span.start < y->a->span.start ? -1 : x->a->span.start > y->a->span.start;
}

/* Country part of a blame's blamer (for dedup). */
static void bl_country(const bl_work *w, const bl_cand *c, char out[8])
{
    /* as snprintf(out, 8, "%.3s" or "%s", ...) */
    const char *src = c->blamer >= 0 ? w->ment[c->blamer].a->code : c->blamer_code ? c->blamer_code : "";
    size_t max = c->blamer >= 0 ? 3 : 7, k = 0;
    while (k < max && src[k])
        out[k] = src[k], k++;
    out[k] = '\0';
}

/* Hand the current sentence's blames to the host: one per (blamer
 * country, blamed country), the most confident; a blame with no blamer is
 * dropped when another names one for the same blamed. */
static int bl_flush(bl_work *w, annot_doc *doc, uint32_t sentence)
{
    const bl_state *st = w->st;
    for (size_t i = 0; i < w->n_cand; i++) {
        bl_cand *a = &w->cand[i];
        if (a->conf < 0)
            continue;
        char ra[8], rb[8];
        bl_country(w, a, ra);
        const char *da = w->ment[a->blamed].a->code;
        for (size_t j = i + 1; j < w->n_cand && a->conf >= 0; j++) {
            bl_cand *b = &w->cand[j];
            if (b->conf < 0 || strncmp(da, w->ment[b->blamed].a->code, 3) != 0)
                continue;
            bl_country(w, b, rb);
            if (strcmp(ra, rb) == 0) {
                if (b->conf > a->conf)
                    a->conf = -1;
                else
                    b->conf = -1;
            } else if (!ra[0]) {
                a->conf = -1;
            } else if (!rb[0]) {
                b->conf = -1;
            }
        }
    }
    for (size_t i = 0; i < w->n_cand; i++) {
        const bl_cand *c = &w->cand[i];
        if (c->conf < 0 || c->conf < st->min_conf)
            continue;
        annot_blame b;
        memset(&b, 0, sizeof b);
        const bl_ment *d = &w->ment[c->blamed];
        b.blamed = d->a->code;
        b.blamed_span = d->a->span;
        if (c->blamer >= 0) {
            b.blamer = w->ment[c->blamer].a->code;
            b.blamer_span = w->ment[c->blamer].a->span;
        } else {
            b.blamer = c->blamer_code;
        }
        b.cue = c->cue;
        b.issue = c->issue;
        b.sentence = sentence;
        b.confidence = c->conf > 1.0f ? 1.0f : c->conf;
        int rc = st->host->add_blame(doc, &b);
        if (rc < 0)
            return rc;
    }
    w->n_cand = 0;
    return 0;
}

/* Annotate one document. */
static int bl_process(void *state, annot_doc *doc, char *err, size_t errlen)
{
    const bl_state *st = state;
    const annot_host *h = st->host;
    size_t nt = 0, ns = 0, na = 0, len = 0;
    const annot_token *tok = h->tokens(doc, &nt);
    const annot_sentence *sent = h->sentences(doc, &ns);
    const annot_actor *act = h->actors ? h->actors(doc, &na) : NULL;
    bl_work w;
    memset(&w, 0, sizeof w);
    int rc = 0;
    char *mem = NULL;

    bl_nat natbuf[32], *nat = natbuf;
    size_t ncap = 0;  /* national adjectives: room for their mentions */
    if (!nt || !ns || (!na && !st->has_nations))
        return 0;
    w.st = st;
    w.lower = h->text_lower(doc, &len);
    w.len = len;
    w.tok = tok;
    if (st->has_nations && (rc = bl_nation_words(st, w.lower, len, tok, nt, natbuf, 32, &nat, &ncap)) < 0)
        goto err;
    if (!na && !ncap)
        goto done;
    size_t need = nt * (sizeof *w.wid + sizeof *w.cls + sizeof *w.act + sizeof *w.mend + sizeof *w.at +
                        sizeof *w.head + sizeof *w.mark) +
                  ns * sizeof(uint32_t) + (na + ncap) * sizeof *w.ment + ncap * sizeof(annot_actor) + 64;
    mem = malloc(need);
    if (!mem) {
        rc = ANNOT_ENOMEM;
        goto err;
    }
    w.ment = (bl_ment *)mem;
    annot_actor *syn = (annot_actor *)(w.ment + na + ncap);
    w.wid = (uint32_t *)(syn + ncap);
    w.cls = w.wid + nt;
    w.act = (int32_t *)(w.cls + nt);
    w.mend = (uint32_t *)(w.act + nt);
    w.at = w.mend + nt;
    w.head = (int32_t *)(w.at + nt);
    uint32_t *sfirst = (uint32_t *)(w.head + nt);  /* per sentence: its first token in a mention */
    w.mark = (uint8_t *)(sfirst + ns);
    w.n_ment = 0;

    for (size_t i = 0; i < nt; i++)
        w.act[i] = -1;
    /* the host's mentions mostly come in text order: a stable sort of a
     * sorted array changes nothing, so it is skipped then */
    int sorted = 1;
    for (size_t i = 0; i < na; i++) {
        if (!act[i].code || !act[i].code[0] || act[i].span.end <= act[i].span.start)
            continue;
        if (w.n_ment && w.ment[w.n_ment - 1].a->span.start > act[i].span.start)
            sorted = 0;
        w.ment[w.n_ment].a = &act[i];
        w.ment[w.n_ment].excluded = 0;
        w.n_ment++;
    }
    if (!sorted)
        qsort(w.ment, w.n_ment, sizeof *w.ment, bl_ment_cmp);
    {
        /* The tokens' ends rise, so "token t ends after byte x" is false and
         * then true along them: the first token ending after a mention's
         * start is found by a binary search over the document, or over the
         * mention's sentence when the host gives it (then the first such
         * token inside it, or its end).  Inside the sentence it is walked
         * to from the sentence's first token, or from g when that is later:
         * g is a token before which no token ends after the previous
         * mention's start (the mentions come by start), nor so after this
         * one's.  Most sentences hold one mention near their start. */
        size_t t = 0, g = 0;
        size_t reach = 0;   /* past the tokens of every mention so far */
        int overlap = 0;    /* some mention began inside an earlier one's tokens */
        for (size_t m = 0; m < w.n_ment; m++) {
            bl_ment *mm = &w.ment[m];
            uint32_t S = mm->a->span.start;
            uint32_t si = mm->a->sentence;
            if (si < ns && sent[si].first_token <= nt && sent[si].start <= S && S < sent[si].end) {
                size_t lo = sent[si].first_token, hi = lo + sent[si].n_tokens;
                if (hi > nt)
                    hi = nt;
                size_t b = lo > g ? lo : g;
                t = b;
                while (t < hi && tok[t].end <= S)
                    t++;
                if (t > b)
                    g = t;  /* tok[t - 1] ends by S: every token before it too */
                if (t > hi)
                    t = hi;  /* b past the sentence: its end */
            } else {
                size_t lo = 0, hi = nt;
                while (lo < hi) {
                    size_t mid = lo + (hi - lo) / 2;
                    if (tok[mid].end <= S)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                t = lo;
                g = t;
            }
            mm->ts = (uint32_t)t;
            size_t e = t;
            while (e < nt && tok[e].start < mm->a->span.end)
                e++;
            mm->te = (uint32_t)e;
            if (t >= reach) {
                /* no earlier mention holds these tokens */
                for (size_t k = t; k < e; k++)
                    w.act[k] = (int32_t)m;
            } else {
                overlap = 1;
                for (size_t k = t; k < e; k++)
                    if (w.act[k] < 0 || (w.ment[w.act[k]].te - w.ment[w.act[k]].ts) < e - t)
                        w.act[k] = (int32_t)m;
            }
            if (e > reach)
                reach = e;
        }
        /* a token may belong to a longer mention: keep mention bounds
         * consistent (with no overlap every mention keeps its tokens, and
         * one with none has te == ts already) */
        for (size_t m = 0; overlap && m < w.n_ment; m++) {
            bl_ment *mm = &w.ment[m];
            int own = 0;
            for (uint32_t k = mm->ts; k < mm->te && !own; k++)
                own = w.act[k] == (int32_t)m;
            if (!own)
                mm->te = mm->ts;  /* shadowed */
        }
    }
    if (ncap)
        bl_nations(&w, tok, nt, syn, nat, ncap);
    /* each sentence's first token inside a mention: the first token of a
     * mention that owns a token (the others lie inside those), or the
     * sentence's first token for a mention begun in an earlier sentence */
    for (size_t s = 0; s < ns; s++)
        sfirst[s] = UINT32_MAX;
    for (size_t m = 0; m < w.n_ment; m++) {
        uint32_t k = w.ment[m].ts, te = w.ment[m].te;
        if (k >= te)
            continue;
        for (uint32_t s = tok[k].sentence; s < ns;) {
            if (k < sfirst[s])
                sfirst[s] = k;
            uint32_t e = sent[s].first_token + sent[s].n_tokens;
            if (te <= e || ++s >= ns)
                break;
            k = sent[s].first_token;
        }
    }
    if (!w.n_ment)
        goto done;

    w.prev_subject = -1;
    for (size_t s = 0; s < ns; s++) {
        w.first = sent[s].first_token;
        w.end = sent[s].first_token + sent[s].n_tokens;
        w.heading = (sent[s].flags & ANNOT_SENT_HEADING) != 0;
        if (w.end > nt)
            w.end = (uint32_t)nt;
        int32_t first_m = sfirst[s] < w.end ? w.act[sfirst[s]] : -1;
        if (first_m < 0 || (sent[s].flags & ANNOT_SENT_QUESTION)) {
            if (first_m >= 0)
                w.prev_subject = first_m;
            continue;
        }
        /* most sentences hold no blame cue: a filter of the first eight
         * bytes of each cue's anchor word says so before any look-up */
        if (!bl_has_anchor(&w)) {
            w.prev_subject = first_m;
            continue;
        }
        if (!bl_look_up(&w)) {
            w.prev_subject = first_m;
            continue;
        }
        w.n_match = 0;
        for (uint32_t k = 0; k < w.n_at; k++)
            if ((rc = bl_match_at(&w, w.at[k], w.head[k])) < 0)
                goto err;
        if (!w.n_match) {
            w.prev_subject = first_m;
            continue;
        }
        bl_scopes(&w);
        /* M_USED marks are read only at the start of a later match's
         * reading: the last match read, most often the only one, marks
         * nothing */
        size_t left = 0;
        for (size_t m = 0; m < w.n_match; m++)
            left += st->implicit || w.match[m].frame < F_HARM_V || w.match[m].frame == F_VIEW;
        for (size_t m = 0; m < w.n_match; m++)
            if (w.match[m].frame < F_HARM_V || w.match[m].frame == F_VIEW) {
                w.use_marks = --left > 0;
                if ((rc = bl_explicit(&w, &w.match[m])) < 0)
                    goto err;
            }
        if (st->implicit)
            for (size_t m = 0; m < w.n_match; m++)
                if (w.match[m].frame >= F_HARM_V && w.match[m].frame != F_VIEW)
                    if ((rc = bl_implicit(&w, &w.match[m])) < 0)
                        goto err;
        if ((rc = bl_flush(&w, doc, (uint32_t)s)) < 0)
            goto err;
        w.prev_subject = first_m;
    }
done:
    rc = 0;
err:
    if (rc < 0)
        snprintf(err, errlen, "blame: %s", h->strerror(rc));
    free(w.match);
    free(w.cand);
    free(mem);
    if (nat != natbuf)
        free(nat);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Instance                                                           */
/* ------------------------------------------------------------------ */

/* Free an instance (NULL is fine). */
static void bl_destroy(void *state)
{
    bl_state *st = state;
    if (!st)
        return;
    free(st->pool);
    free(st->words);
    free(st->slots);
    free(st->cues);
    free(st->direct);
    free(st);
}

static const char *const bl_shipped[] = {"grammar.txt", "cues.txt", "harm.txt", "nations.txt"};

/* Build an instance: load the shipped cue files and the user's
 * `extra_files`.  Returns 0, or non-zero with a message in err. */
static int bl_init(const annot_host *host, annot_ctx *ctx, void **state, char *err, size_t errlen)
{
    bl_state *st = calloc(1, sizeof *st);
    char path[4096];
    int rc = 0;
    if (!st) {
        snprintf(err, errlen, "blame: out of memory");
        return ANNOT_ENOMEM;
    }
    st->host = host;
    st->ctx = ctx;
    st->min_conf = host->opt_double(ctx, "min_confidence");
    st->implicit = host->opt_bool(ctx, "implicit");
    if ((rc = bl_rehash(st, 1024)) < 0) {
        snprintf(err, errlen, "blame: out of memory");
        goto err;
    }
    for (size_t i = 0; i < sizeof bl_shipped / sizeof bl_shipped[0]; i++) {
        if (host->resolve_path(ctx, bl_shipped[i], path, sizeof path) < 0) {
            snprintf(err, errlen, "blame: path too long for %s", bl_shipped[i]);
            rc = ANNOT_ERANGE;
            goto err;
        }
        if ((rc = bl_load_file(st, path, err, errlen)) < 0)
            goto err;
    }
    size_t nx = host->opt_list_count(ctx, "extra_files");
    for (size_t i = 0; i < nx; i++) {
        const char *f = host->opt_list_item(ctx, "extra_files", i);
        if (!f || !*f)
            continue;
        if (host->resolve_path(ctx, f, path, sizeof path) < 0) {
            snprintf(err, errlen, "blame: path too long for %s", f);
            rc = ANNOT_ERANGE;
            goto err;
        }
        if ((rc = bl_load_file(st, path, err, errlen)) < 0)
            goto err;
    }
    for (int g = 0; g < G_COUNT; g++) {
        if ((rc = bl_intern(st, bl_gw_text[g], strlen(bl_gw_text[g]), &st->gw[g])) < 0) {
            snprintf(err, errlen, "blame: out of memory");
            goto err;
        }
    }
    static const int preps[] = {G_BY, G_OF, G_AGAINST, G_ON, G_AT, G_TOWARD, G_TOWARDS,
                                G_FOR, G_OVER, G_WITH, G_TO, G_FROM, G_IN, G_INTO,
                                G_ABOUT, G_BETWEEN, G_AMONG, G_UPON, G_ONTO, G_UNDER,
                                G_DURING, G_AMID, G_THROUGH, G_VIA, G_USING, G_PER,
                                G_DESPITE, G_INCLUDING, G_LIKE, G_NEAR, G_OUTSIDE,
                                G_INSIDE, G_ACROSS, G_ALONG, G_THROUGHOUT, G_BEYOND,
                                G_WITHIN, G_WITHOUT, G_EXCEPT};
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
        st->words[st->gw[preps[i]]].cls |= C_PREP;
    for (size_t i = 0; i < sizeof bl_locprep_words / sizeof bl_locprep_words[0]; i++)
        st->words[st->gw[bl_locprep_words[i]]].cls |= C_LOCP;
    for (int g = 0; g < G_COUNT; g++)
        if (g != G_THE && g != G_A && g != G_AN && g != G_IF && g != G_UNLESS && g != G_WILL &&
            g != G_BUT)  /* these keep their own classes only */
            st->words[st->gw[g]].cls |= C_GRAM;
    if ((rc = bl_finish(st)) < 0) {
        snprintf(err, errlen, "blame: out of memory");
        goto err;
    }
    host->log(ctx, ANNOT_LOG_DEBUG, "blame: %zu words, %zu cues", st->n_words, st->n_cues);
    *state = st;
    return 0;
err:
    bl_destroy(st);
    return rc ? rc : ANNOT_EFAIL;
}

static const char *const bl_deps[] = {"actors", NULL};

static const annot_option bl_options[] = {
    {"extra_files", ANNOT_OPT_LIST, NULL,
     "more cue files in the format of data/cues.txt (relative to data_dir or absolute)"},
    {"min_confidence", ANNOT_OPT_DOUBLE, "0",
     "drop blames whose confidence is below this (0..1)"},
    {"implicit", ANNOT_OPT_BOOL, "true",
     "also report the writer's implicit attributions of harm and threat"},
    {NULL, 0, NULL, NULL},
};

static const annot_plugin bl_descriptor = {
    ANNOT_PLUGIN_HEADER,
    .name = "blame",
    .version = "1.0.0",
    .description = "blame attribution: who blames whom, for what",
    .requires = bl_deps,
    .options = bl_options,
    .init = bl_init,
    .process = bl_process,
    .destroy = bl_destroy,
};

/* The entry point: refuse hosts of another ABI major. */
ANNOT_PLUGIN_EXPORT const annot_plugin *annot_plugin_entry(const annot_host *host)
{
    return ANNOT_PLUGIN_ACCEPTS(host) ? &bl_descriptor : NULL;
}
