/*
 * proposals — policy proposals: who proposes what, to whom.
 *
 * A sentence advocates a future course of action when it holds a deontic
 * modal ("should", "must", "need to"), an impersonal necessity ("it is
 * important for X to"), a proposing verb or noun ("urge", "call on",
 * "recommend", "submitted a proposal"), a wish of the writer ("we need"),
 * "please", an imperative at a clause start (also one whose full stop was
 * left out, or a list item inside a run-on sentence), a verbless demand
 * ("No Sunday calls!"), or an infinitive heading ("To deepen
 * cooperation").  Every cue and every piece of context (blocking phrases,
 * reporting verbs, condition openers, ...) comes from plain text data
 * files (data/cues.txt documents the format).
 *
 * The scan: every token that may be a cue's anchor word (its longest word
 * of no closed class: "need" in "we need") is looked up in a hash table of
 * the data's words (a filter keyed by a hash of its first four bytes,
 * read in one four-byte load, and its length turns most tokens away; the
 * key is kept for the later filters; the verb of an imperative is sought
 * only where a clause may start); a sentence is scanned in full only
 * when a cue phrase matches around an anchor and passes its kind's cheap
 * test, when it is a heading, or when a verb of no list opens it.  In the
 * scanned sentences the other tokens are looked up on demand and phrases
 * are matched by word id from an index on their first word and the kind
 * sought.  The state is read-only after init(); per-document scratch is on
 * the stack for ordinary documents (heap arrays for long ones).
 */
#include <annot/plugin.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PR_MAXW 8          /* words in one phrase */
#define PR_MAXLEN 32       /* bytes in one word */
#define PR_MAXCAND 16      /* candidates kept per sentence */
#define PR_LOOKBACK 8      /* word tokens searched back for a modal's subject */
#define PR_UNK 0xFFFFu     /* word id not looked up yet */
#define PR_MAXACT 120      /* tokens in one action at most */
#define PR_STACK_TOKENS 4096 /* documents up to this many tokens need no heap scratch */
#define PR_STACK_ACTORS 512
#define PR_NEAR 5          /* cues closer than this in one clause make one proposal */
#define PR_KEY4 4096       /* entries of the four-byte filters (pr_key4) */

/* Phrase kinds, as named in the data files. */
enum pr_kind {
    PR_MODAL, PR_NECESSITY, PR_PROPOSE, PR_SUGGEST, PR_ADDRESS, PR_NOUN, PR_WANT,
    PR_PLEASE, PR_IMP, PR_IMPDET, PR_HEADTO, PR_PASSIVE, PR_SLOGAN,
    PR_BLOCK, PR_REPORT, PR_SELF, PR_COND, PR_CONNECT, PR_DET, PR_NONIMP,
    PR_EVIDENTIAL, PR_EPISTEMIC, PR_PARTICIPLE, PR_SUBJECT, PR_CLAUSEEND,
    PR_PREP, PR_DISCOURSE, PR_LISTWORD, PR_QWORD, PR_EMBED, PR_WEAK, PR_DOCUMENT, PR_SPEAKER, PR_EXPECT,
    PR_NPOBJ, PR_CLOSED, PR_IMPOBJ, PR_LEGAL, PR_FUTURE,
    PR_NKIND
};

static const char *const pr_kind_names[PR_NKIND] = {
    "modal", "necessity", "propose", "suggest", "address", "noun", "want",
    "please", "imp", "impdet", "headto", "passive", "slogan",
    "block", "report", "self", "cond", "connect", "det", "nonimp",
    "evidential", "epistemic", "participle", "subject", "clauseend",
    "prep", "discourse", "listword", "qword", "embed", "weak", "document", "speaker", "expect",
    "npobj", "closed", "impobj", "legal", "future",
};

#define PR_BIT(k) (1ull << (k))
#define PR_CUE_MASK                                                              \
    (PR_BIT(PR_MODAL) | PR_BIT(PR_NECESSITY) | PR_BIT(PR_PROPOSE) |             \
     PR_BIT(PR_SUGGEST) | PR_BIT(PR_ADDRESS) | PR_BIT(PR_NOUN) | PR_BIT(PR_WANT) | \
     PR_BIT(PR_PLEASE) | PR_BIT(PR_IMP) | PR_BIT(PR_IMPDET) | PR_BIT(PR_HEADTO) | PR_BIT(PR_PASSIVE) | \
     PR_BIT(PR_SLOGAN))
/* Kinds of closed-class words: none of them opens an imperative. */
#define PR_CLOSED_WORDS                                                                 \
    (PR_BIT(PR_CLOSED) | PR_BIT(PR_DET) | PR_BIT(PR_SUBJECT) | PR_BIT(PR_PREP) |       \
     PR_BIT(PR_CONNECT) | PR_BIT(PR_COND) | PR_BIT(PR_NONIMP) | PR_BIT(PR_SELF) |      \
     PR_BIT(PR_QWORD) | PR_BIT(PR_EMBED) | PR_BIT(PR_CLAUSEEND) | PR_BIT(PR_LISTWORD) | \
     PR_BIT(PR_REPORT) | PR_BIT(PR_EVIDENTIAL))
/* The kinds pr_match looks for, one class per call site: a word's
 * phrases of each class are listed apart (pr_state.moff, .mlist). */
enum pr_mcls { PM_FACTS, PM_EPISTEMIC, PM_BLOCK, PM_COND, PM_CONNECT, PM_N };
static const uint64_t pr_mcls_mask[PM_N] = {
    PR_BIT(PR_REPORT) | PR_BIT(PR_SELF), PR_BIT(PR_EPISTEMIC), PR_BIT(PR_BLOCK), PR_BIT(PR_COND),
    PR_BIT(PR_CONNECT),
};
#define PR_FIRST_BIT (1ull << 63) /* word starts some phrase */
#define PR_FINITE_BIT (1ull << 62) /* word is a finite verb (GW_F_*): set once at load */
_Static_assert(PR_KEY4 == 4096, "pr_key32 keeps 12 bits");
_Static_assert(PR_NKIND < 62, "phrase kinds must fit below PR_FINITE_BIT");

/* Grammar words the code itself needs (closed-class words, not a lexicon):
 * X(enum name, word).  GW_F_* are finite verbs: a clause holding one states
 * rather than proposes; GW_F_END (no word) ends their range. */
#define PR_GRAMMAR(X) \
    X(GW_IT, "it") \
    X(GW_THIS, "this") \
    X(GW_THAT, "that") \
    X(GW_THE, "the") \
    X(GW_THESE, "these") \
    X(GW_THOSE, "those") \
    X(GW_IS, "is") \
    X(GW_S, "'s") \
    X(GW_BE, "be") \
    X(GW_REMAINS, "remains") \
    X(GW_SEEMS, "seems") \
    X(GW_BECOMES, "becomes") \
    X(GW_FOR, "for") \
    X(GW_TO, "to") \
    X(GW_HAVE, "have") \
    X(GW_NOT, "not") \
    X(GW_BY, "by") \
    X(GW_FROM, "from") \
    X(GW_THEN, "then") \
    X(GW_SO, "so") \
    X(GW_NOR, "nor") \
    X(GW_NEITHER, "neither") \
    X(GW_DATE, "date") \
    X(GW_SUBMIT, "submit") \
    X(GW_SUBMITS, "submits") \
    X(GW_SUBMITTED, "submitted") \
    X(GW_TABLED, "tabled") \
    X(GW_PRESENTED, "presented") \
    X(GW_FORWARD, "forward") \
    X(GW_HE, "he") \
    X(GW_SHE, "she") \
    X(GW_THEY, "they") \
    X(GW_NEVER, "never") \
    X(GW_F_IS, "is") \
    X(GW_F_ARE, "are") \
    X(GW_F_WAS, "was") \
    X(GW_F_WERE, "were") \
    X(GW_F_HAS, "has") \
    X(GW_F_HAD, "had") \
    X(GW_F_WILL, "will") \
    X(GW_F_WOULD, "would") \
    X(GW_F_CAN, "can") \
    X(GW_F_COULD, "could") \
    X(GW_F_MAY, "may") \
    X(GW_F_MIGHT, "might") \
    X(GW_F_DOES, "does") \
    X(GW_F_DID, "did") \
    X(GW_F_DONT, "don't") \
    X(GW_F_DOESNT, "doesn't") \
    X(GW_F_DIDNT, "didn't") \
    X(GW_F_ISNT, "isn't") \
    X(GW_F_ARENT, "aren't") \
    X(GW_F_WASNT, "wasn't") \
    X(GW_F_CANT, "can't") \
    X(GW_F_WONT, "won't") \
    X(GW_F_CANNOT, "cannot") \
    X(GW_F_END, "") \
    X(GW_P_I, "i") \
    X(GW_P_YOU, "you") \
    X(GW_P_WE, "we") \
    X(GW_P_THERE, "there") \
    X(GW_AND, "and") \
    X(GW_OR, "or") \
    X(GW_BEEN, "been") \
    X(GW_TIME, "time") \
    X(GW_WHICH, "which")

#define PR_GW_ENUM(n, w) n,
enum pr_gw { PR_GRAMMAR(PR_GW_ENUM) GW_N };
#define PR_GW_WORD(n, w) w,
static const char *const pr_gw_words[GW_N] = {PR_GRAMMAR(PR_GW_WORD)};

/* One phrase of the data. */
typedef struct pr_phrase {
    uint8_t kind;
    uint8_t n;
    uint8_t len1, max1; /* bytes of the second word in the text: len1 plain,
                         * up to max1 with curly apostrophes (0, 0: none) */
    uint8_t anchor;     /* index of the word the sentence prefilter looks for */
    float weight;
    uint16_t w[PR_MAXW];
} pr_phrase;

/* One slot of the word hash table; id 0 marks an empty slot. */
typedef struct pr_slot {
    uint64_t head;  /* first 8 bytes of the word, zero-padded */
    uint32_t hash;
    uint32_t off;   /* offset of the word in strs */
    uint16_t len;
    uint16_t id;
} pr_slot;

/* A word of the direct table (pr_state.dshort): its head (pr_head) and
 * id; last marks the last word of its group. */
typedef struct pr_dent {
    uint64_t head;
    uint16_t id;
    uint16_t last;
} pr_dent;

#define PR_DSHORT (PR_KEY4 * 8) /* entries of pr_state.dshort */

/* Index in pr_state.dshort of a word of n (1 .. 8) bytes with filter key
 * key (pr_key4 of its first four bytes). */
static inline size_t pr_dshort_at(unsigned key, size_t n)
{
    return (size_t)key << 3 | (n - 1);
}

/* The plugin instance: read-only after init(). */
typedef struct pr_state {
    const annot_host *host;
    annot_ctx *ctx;
    char *strs;               /* the words, NUL-separated */
    size_t strs_len, strs_cap;
    pr_slot *slots;           /* open addressing, power-of-two size */
    size_t nslots;
    uint64_t *wflags;         /* per word id: PR_BIT(kind) of its one-word phrases */
    uint64_t *smask;          /* per word id: PR_BIT(kind) of the phrases it starts */
    size_t nwords;            /* ids are 1..nwords */
    pr_phrase *phrases;
    size_t nphrases, cap_phrases;
    uint32_t *first;          /* per word id: index of its first phrase (sorted) */
    uint32_t *nfirst;         /* per word id: number of phrases starting with it */
    uint32_t *ncue;           /* per word id: how many of those (listed first) are cues */
    uint32_t *ncue2;          /* per word id: how many of its cues (listed first) are two
                               * words or more long */
    uint16_t *cue_len2;       /* per word id: bit L % 16 set when one of those may have
                               * a second token of L bytes */
    uint32_t *afirst, *an;    /* per word id: its anchored cue phrases, aphr[afirst .. + an] */
    uint32_t *aphr;           /* phrase indices, grouped by anchor word */
    uint32_t *moff;           /* by word id * PM_N + class: its phrases of that class are
                               * mlist[moff[x] .. moff[x + 1]), in phrase order */
    uint32_t *mlist;          /* phrase indices */
    uint16_t *mlen2;          /* by word id * PM_N + class: bit L % 16 set when one of
                               * those phrases may have a second token of L bytes */
    uint8_t *mone;            /* by word id * PM_N + class: one of those is one word long */
    uint16_t anc_len[PR_KEY4];  /* by pr_key4() of an anchor word (below): bit n % 16
                                 * set when it may be n bytes long in the text */
    uint16_t imp_len[PR_KEY4];  /* the same for the verbs of imperative phrases: looked up
                                 * eagerly only at a possible clause start */
    uint32_t eager_len[PR_KEY4]; /* (anc_len | imp_len) in both halves: bit n % 32 is bit
                                  * n % 16 of either, one bit test in the eager pass */
    uint32_t keep[256];       /* keep[k] = pr_keep[k & 63] (below), beside eager_len:
                               * the eager pass indexes it by the length's low byte
                               * (one movzbl, where n & 63 takes a mov and an and) */
    uint16_t scan_len[PR_KEY4]; /* the same for the first words of the
                               * phrases the full scan matches (cues, block, cond, connect) */
    uint16_t facts_len[PR_KEY4]; /* the same for the first words of report and self phrases */
    uint16_t conn_len[PR_KEY4];  /* the same for the first words of connect phrases */
    uint16_t obj_len[PR_KEY4];   /* the same for the one-word impobj phrases */
    uint16_t all_len[PR_KEY4];   /* the same for every word of the data, its apostrophes
                                  * written ', U+2019 or U+2018 (all that pr_norm reads as ') */
    uint64_t abloom[256];     /* bit (hash & 0x3FFF) set: an anchor word may have this hash */
    uint8_t *wmin, *wmax;     /* per word id: its length in the text, plain and with
                               * every apostrophe curly */
    uint16_t gw[GW_N];        /* ids of the grammar words */
    uint16_t *dshort;         /* direct table of the plain ASCII words of 1 .. 8 bytes: by
                               * pr_dshort_at(pr_key4 of the word, its length), 1 + the
                               * index in dent of the first of its words (0: none) */
    pr_dent *dent;            /* those words, grouped by dshort entry */
    double min_conf;
    long long max_per_sentence;
    float gen_imp;            /* weight of a verb outside the imp lists opening a sentence; 0: off */
    size_t impobj_maxlen;     /* longest impobj word, in bytes (curly apostrophes counted as 3) */
} pr_state;

/* A proposal found in a sentence, before emission. */
typedef struct pr_cand {
    float conf;
    uint32_t clause;
    size_t tok;       /* first token of the cue */
    int imp;          /* an imperative */
    int modal;        /* a modal cue */
    int takes;        /* a proposing verb whose complement is the action */
    size_t act_end;   /* token after the action */
    int reported;     /* the proposer is the speaker of a reporting phrase */
    int own;          /* the proposer is the writer by default (no speaker, no subject) */
    int quoted;       /* the cue stands inside quotation marks */
    annot_span cue, action, proposer_span, addressee_span;
    const char *proposer, *addressee;
} pr_cand;

/* A speaker whose view the next sentence may go on reporting, and the
 * speaker of the last reported proposal of the document. */
typedef struct pr_carry {
    const char *code;
    annot_span span;
    uint32_t sentence;  /* sentence it was found in */
    annot_span last;    /* the last reported proposal's speaker ({0, 0}: none yet) */
    uint32_t last_sentence;
    uint32_t emit_si;   /* 1 + the last sentence that added a proposal (0: none yet) */
} pr_carry;

/* A list whose items stand in sentences of their own ("Here is what I
 * want:" then "1) no calls at work", "2) ..." on lines of their own). */
typedef struct pr_list {
    uint32_t si;        /* 1 + the sentence of its last item (0: none) */
    int asks;           /* the list asks for something */
} pr_list;

/* Per-document view handed to the helpers. */
typedef struct pr_doc {
    const pr_state *st;
    const char *text, *lower;
    size_t len;
    const annot_token *tok;
    size_t ntok;
    uint16_t *ids;            /* word ids, PR_UNK until looked up (pr_id) */
    uint16_t *keys;           /* filter keys (pr_tok_key) of the tokens whose id is PR_UNK */
    const annot_actor *act;
    const uint32_t *aord;     /* actors sorted by start */
    const uint32_t *astart;   /* astart[k]: start of actor aord[k] */
    size_t nact;
    uint32_t sbeg, send;      /* bytes of the sentence being scanned ... */
    size_t abeg, aend;        /* ... and pr_actor_lb of each: the actors starting in it */
    const annot_actor *last_person; /* last person named before the sentence */
    const annot_actor *last_actor;  /* last actor named before the sentence */
    pr_carry *carry;                /* written by pr_sentence only */
    const annot_sentence *sents;    /* the host's sentences */
    size_t nsents;
} pr_doc;

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

/* First 8 bytes of a word of n bytes, zero-padded. */
static uint64_t pr_head(const char *w, size_t n)
{
    uint64_t v = 0;
    memcpy(&v, w, n < 8 ? n : 8);
    return v;
}

/* Hash of a word from its head (pr_head) and its bytes past the eighth;
 * returns the hash. */
static inline uint32_t pr_mix(uint64_t head, const char *w, size_t n)
{
    uint64_t h = (head ^ (uint64_t)n) * 0x9E3779B97F4A7C15ull;
    for (size_t i = 8; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 0x100000001B3ull;
    return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

/* Hash of a word of n bytes; returns the hash. */
static uint32_t pr_hash(const char *w, size_t n)
{
    return pr_mix(pr_head(w, n), w, n);
}

/* Copy a word into out (cap bytes), lower-casing ASCII and turning a
 * curly apostrophe into a straight one; returns its length, or 0 when it
 * does not fit. */
static size_t pr_norm(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x99 || (unsigned char)s[i + 2] == 0x98)) {
            c = '\'';
            i += 2;
        } else if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        if (o + 1 >= cap)
            return 0;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return o;
}

/* Filter key of a word from its first four bytes as a little-endian
 * number (b0 | b1 << 8 | b2 << 16 | b3 << 24, 0 past its end): a
 * multiplicative hash below PR_KEY4. */
static inline unsigned pr_key32(uint32_t x)
{
    return (x * 0x9E3779B1u) >> 20;
}

/* Filter key of a word from its first four bytes (0 past its end). */
static inline unsigned pr_key4(unsigned char b0, unsigned char b1, unsigned char b2, unsigned char b3)
{
    return pr_key32((uint32_t)b0 | (uint32_t)b1 << 8 | (uint32_t)b2 << 16 | (uint32_t)b3 << 24);
}

/* The bytes of a four-byte load that a word of n & 63 bytes keeps for
 * its filter key: its first four (its first one when it is empty).  Four
 * bytes, not three, cost the same load and set apart the many words that
 * share their first three bytes and their length with a word of the data
 * ("pledge" and "please", "foreign" and "forward", "held" and "help"),
 * which would pass the filters, most of all the eager pass's, only to
 * be looked up in vain.  A token of 64 bytes or more may get a wrong key:
 * it is no word of the data (pr_token_id_short, pr_token_id_any), so a
 * filter that turns it away errs in no result. */
#define PR_KEEP8 ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u
static const uint32_t pr_keep[64] = {0xFFu, 0xFFu, 0xFFFFu, 0xFFFFFFu, ~0u, ~0u, ~0u, ~0u,
                                     PR_KEEP8, PR_KEEP8, PR_KEEP8, PR_KEEP8, PR_KEEP8, PR_KEEP8, PR_KEEP8};

/* Filter key (pr_key4) of a token of n bytes starting at w, when four
 * bytes may be read there. */
static inline unsigned pr_tok_key4(const char *w, size_t n)
{
    uint32_t x;
    memcpy(&x, w, 4);
    return pr_key32(x & pr_keep[n & 63]);
}

/* Filter key (pr_key4) of a token of n bytes of the lower-cased text
 * (len bytes): one four-byte load where the text allows it. */
static inline unsigned pr_tok_key(const char *lower, size_t len, const annot_token *t, size_t n)
{
    const unsigned char *w = (const unsigned char *)lower + t->start;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (t->start + 4 <= len)
        return pr_tok_key4((const char *)w, n);
#endif
    (void)len;
    return pr_key4(w[0], n > 1 ? w[1] : 0, n > 2 ? w[2] : 0, n > 3 ? w[3] : 0);
}

/* Register a word (normalised, n bytes) in a four-byte filter (bit =
 * length modulo 16), under every writing of its apostrophes: the first
 * `forms` of ', U+2019, U+2018 (2: the first two; 3: as pr_norm reads). */
static void pr_len_add3_forms(uint16_t *tab16, const char *w, size_t n, unsigned forms)
{
    size_t apos[6], na = 0;
    for (size_t k = 0; k < n && na < 6; k++)
        if (w[k] == '\'')
            apos[na++] = k;
    unsigned nv = 1;
    for (size_t a = 0; a < na; a++)
        nv *= forms;
    for (unsigned v = 0; v < nv; v++) {
        unsigned char b[4] = {0, 0, 0, 0};
        size_t len = 0, got = 0;
        unsigned code = v;
        for (size_t k = 0, a = 0; k < n; k++) {
            unsigned how = 0;
            if (a < na && apos[a] == k) {
                how = code % forms;
                code /= forms;
                a++;
            }
            if (how) {
                const unsigned char c3[3] = {0xE2, 0x80, how == 1 ? 0x99 : 0x98};
                for (int q = 0; q < 3; q++, len++)
                    if (got < 4)
                        b[got++] = c3[q];
            } else {
                if (got < 4)
                    b[got++] = (unsigned char)w[k];
                len++;
            }
        }
        tab16[pr_key4(b[0], b[1], b[2], b[3])] |= (uint16_t)(1u << (len & 15));
    }
}

/* ' and U+2019. */
static void pr_len_add3(uint16_t *tab16, const char *w, size_t n) { pr_len_add3_forms(tab16, w, n, 2); }

/* ', U+2019 and U+2018, as pr_norm reads them. */
static void pr_len_add3_any(uint16_t *tab16, const char *w, size_t n) { pr_len_add3_forms(tab16, w, n, 3); }

/* Find a normalised word of 1 .. PR_MAXLEN bytes with its head and hash
 * in a table of at least one slot; returns its id or 0.  An empty slot
 * (len 0) matches no word. */
static inline uint16_t pr_find_h(const pr_state *st, const char *w, size_t n, uint64_t head, uint32_t h)
{
    size_t mask = st->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const pr_slot *s = &st->slots[i];
        if (s->head == head && s->len == n &&
            (n <= 8 || (s->hash == h && memcmp(st->strs + s->off + 8, w + 8, n - 8) == 0)))
            return s->id;
        if (!s->id)
            return 0;
    }
}

/* Find a normalised word; returns its id or 0. */
static uint16_t pr_find(const pr_state *st, const char *w, size_t n)
{
    if (!st->nslots || n == 0 || n > PR_MAXLEN)
        return 0;
    return pr_find_h(st, w, n, pr_head(w, n), pr_hash(w, n));
}

/* Double the hash table; returns 0 or ANNOT_ENOMEM. */
static int pr_grow_slots(pr_state *st)
{
    size_t n = st->nslots ? st->nslots * 2 : 1024;
    pr_slot *s = calloc(n, sizeof *s);
    if (!s)
        return ANNOT_ENOMEM;
    for (size_t i = 0; i < st->nslots; i++) {
        if (!st->slots[i].id)
            continue;
        size_t j = st->slots[i].hash & (n - 1);
        while (s[j].id)
            j = (j + 1) & (n - 1);
        s[j] = st->slots[i];
    }
    free(st->slots);
    st->slots = s;
    st->nslots = n;
    return 0;
}

/* Intern a normalised word; sets *id; returns 0 or a negative code. */
static int pr_intern(pr_state *st, const char *w, size_t n, uint16_t *id)
{
    if (n == 0 || n > PR_MAXLEN)
        return ANNOT_EINVAL;
    uint16_t found = pr_find(st, w, n);
    if (found) {
        *id = found;
        return 0;
    }
    if (st->nwords >= 65000)
        return ANNOT_ERANGE;
    if ((st->nwords + 1) * 4 > st->nslots && pr_grow_slots(st) < 0) /* at most a quarter full */
        return ANNOT_ENOMEM;
    if (st->strs_len + n + 1 > st->strs_cap) {
        size_t cap = st->strs_cap ? st->strs_cap * 2 : 8192;
        while (cap < st->strs_len + n + 1)
            cap *= 2;
        char *p = realloc(st->strs, cap);
        if (!p)
            return ANNOT_ENOMEM;
        st->strs = p;
        st->strs_cap = cap;
    }
    uint64_t *f = realloc(st->wflags, (st->nwords + 2) * sizeof *f);
    if (!f)
        return ANNOT_ENOMEM;
    st->wflags = f;
    memcpy(st->strs + st->strs_len, w, n);
    st->strs[st->strs_len + n] = '\0';
    uint32_t h = pr_hash(w, n);
    size_t mask = st->nslots - 1, i = h & mask;
    while (st->slots[i].id)
        i = (i + 1) & mask;
    st->nwords++;
    st->slots[i] = (pr_slot){pr_head(w, n), h, (uint32_t)st->strs_len, (uint16_t)n, (uint16_t)st->nwords};
    st->wflags[st->nwords] = 0;
    st->strs_len += n + 1;
    pr_len_add3_any(st->all_len, w, n);
    *id = (uint16_t)st->nwords;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

/* Parse one data line into a phrase; returns 0, 1 for a line with no
 * entry, or a negative code with a reason in why. */
static int pr_parse_line(pr_state *st, char *line, pr_phrase *ph, const char **why)
{
    char *save = NULL, *f;
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    f = strtok_r(line, " \t\r\n", &save);
    if (!f)
        return 1;
    int kind = -1;
    for (int k = 0; k < PR_NKIND; k++)
        if (strcmp(f, pr_kind_names[k]) == 0)
            kind = k;
    if (kind < 0) {
        *why = "unknown kind";
        return ANNOT_EINVAL;
    }
    f = strtok_r(NULL, " \t\r\n", &save);
    if (!f) {
        *why = "missing weight";
        return ANNOT_EINVAL;
    }
    float wgt = 0.0f;
    if (strcmp(f, "-") != 0) {
        char *end;
        errno = 0;
        double d = strtod(f, &end);
        if (errno || *end || d < 0.0 || d > 1.0) {
            *why = "weight is not a number in 0..1";
            return ANNOT_EINVAL;
        }
        wgt = (float)d;
    } else if (PR_CUE_MASK & PR_BIT(kind)) {
        *why = "a cue needs a weight";
        return ANNOT_EINVAL;
    }
    memset(ph, 0, sizeof *ph);
    ph->kind = (uint8_t)kind;
    ph->weight = wgt;
    while ((f = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
        char w[PR_MAXLEN + 2];
        size_t n = pr_norm(f, strlen(f), w, sizeof w);
        if (!n) {
            *why = "word too long";
            return ANNOT_EINVAL;
        }
        if (ph->n >= PR_MAXW) {
            *why = "too many words";
            return ANNOT_EINVAL;
        }
        int rc = pr_intern(st, w, n, &ph->w[ph->n]);
        if (rc < 0) {
            *why = "cannot store word";
            return rc;
        }
        ph->n++;
    }
    if (!ph->n) {
        *why = "no words";
        return ANNOT_EINVAL;
    }
    return 0;
}

/* Load one data file; a malformed line is logged and skipped.  Returns 0,
 * ANNOT_ENOENT when the file cannot be opened, or ANNOT_ENOMEM. */
static int pr_load_file(pr_state *st, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return ANNOT_ENOENT;
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int rc = 0;
    while (getline(&line, &cap, fp) >= 0) {
        lineno++;
        pr_phrase ph;
        const char *why = NULL;
        int r = pr_parse_line(st, line, &ph, &why);
        if (r == 1)
            continue;
        if (r == ANNOT_ENOMEM) {
            rc = r;
            goto err;
        }
        if (r < 0) {
            st->host->log(st->ctx, ANNOT_LOG_WARN, "%s:%u: %s; line skipped", path, lineno,
                          why ? why : "malformed");
            continue;
        }
        if (st->nphrases == st->cap_phrases) {
            size_t c = st->cap_phrases ? st->cap_phrases * 2 : 512;
            pr_phrase *p = realloc(st->phrases, c * sizeof *p);
            if (!p) {
                rc = ANNOT_ENOMEM;
                goto err;
            }
            st->phrases = p;
            st->cap_phrases = c;
        }
        st->phrases[st->nphrases++] = ph;
    }
err:
    free(line);
    fclose(fp);
    return rc;
}

/* qsort order: by first word, cues first, longer phrases first. */
static int pr_phrase_cmp(const void *a, const void *b)
{
    const pr_phrase *x = a, *y = b;
    if (x->w[0] != y->w[0])
        return x->w[0] < y->w[0] ? -1 : 1;
    int cx = (PR_CUE_MASK & PR_BIT(x->kind)) != 0, cy = (PR_CUE_MASK & PR_BIT(y->kind)) != 0;
    if (cx != cy)
        return cx ? -1 : 1;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

/* Build the first-word index and the one-word flags; returns 0 or ENOMEM. */
static int pr_index(pr_state *st)
{
    qsort(st->phrases, st->nphrases, sizeof *st->phrases, pr_phrase_cmp);
    st->first = calloc(st->nwords + 1, sizeof *st->first);
    st->nfirst = calloc(st->nwords + 1, sizeof *st->nfirst);
    st->ncue = calloc(st->nwords + 1, sizeof *st->ncue);
    st->ncue2 = calloc(st->nwords + 1, sizeof *st->ncue2);
    st->cue_len2 = calloc(st->nwords + 1, sizeof *st->cue_len2);
    uint32_t *woff = calloc(st->nwords + 1, sizeof *woff);
    st->smask = calloc(st->nwords + 1, sizeof *st->smask);
    uint16_t *wlen = calloc(st->nwords + 1, sizeof *wlen);
    if (!st->first || !st->nfirst || !st->ncue || !st->ncue2 || !st->cue_len2 || !st->smask || !wlen || !woff) {
        free(wlen);
        free(woff);
        return ANNOT_ENOMEM;
    }
    for (size_t k = 0; k < st->nslots; k++) {
        if (st->slots[k].id) {
            wlen[st->slots[k].id] = st->slots[k].len;
            woff[st->slots[k].id] = st->slots[k].off;
        }
    }
    for (size_t i = 0; i < st->nphrases; i++) {
        pr_phrase *p = &st->phrases[i];
        if (!st->nfirst[p->w[0]])
            st->first[p->w[0]] = (uint32_t)i;
        st->nfirst[p->w[0]]++;
        if (PR_CUE_MASK & PR_BIT(p->kind))
            st->ncue[p->w[0]]++;
        if (p->n > 1) {
            const char *w1 = st->strs + woff[p->w[1]];
            size_t apos = 0;
            for (size_t k = 0; k < wlen[p->w[1]]; k++)
                apos += w1[k] == '\'';
            p->len1 = (uint8_t)wlen[p->w[1]];
            p->max1 = (uint8_t)(wlen[p->w[1]] + 2 * apos);
            if ((PR_CUE_MASK & PR_BIT(p->kind)) && i - st->first[p->w[0]] == st->ncue2[p->w[0]]) {
                /* one of the cues of two words or more that open the word's list */
                st->ncue2[p->w[0]]++;
                for (unsigned L = p->len1; L <= p->max1; L++)
                    st->cue_len2[p->w[0]] |= (uint16_t)(1u << (L & 15));
            }
        }
        if ((PR_CUE_MASK | PR_BIT(PR_BLOCK) | PR_BIT(PR_COND) | PR_BIT(PR_CONNECT)) & PR_BIT(p->kind))
            pr_len_add3(st->scan_len, st->strs + woff[p->w[0]], wlen[p->w[0]]);
        if (p->kind == PR_CONNECT)
            pr_len_add3(st->conn_len, st->strs + woff[p->w[0]], wlen[p->w[0]]);
        if (p->kind == PR_IMPOBJ && p->n == 1)
            pr_len_add3(st->obj_len, st->strs + woff[p->w[0]], wlen[p->w[0]]);
        if ((PR_BIT(PR_REPORT) | PR_BIT(PR_SELF)) & PR_BIT(p->kind))
            pr_len_add3(st->facts_len, st->strs + woff[p->w[0]], wlen[p->w[0]]);
        st->wflags[p->w[0]] |= PR_FIRST_BIT;
        st->smask[p->w[0]] |= PR_BIT(p->kind);
        if (p->n == 1)
            st->wflags[p->w[0]] |= PR_BIT(p->kind);
        if (p->kind == PR_IMPOBJ && p->n == 1) {
            size_t m = wlen[p->w[0]];
            for (size_t k = 0; k < wlen[p->w[0]]; k++)
                m += st->strs[woff[p->w[0]] + k] == '\'' ? 2 : 0;
            if (m > st->impobj_maxlen)
                st->impobj_maxlen = m;
        }
    }
    if (st->gw[GW_THEN])
        pr_len_add3(st->scan_len, st->strs + woff[st->gw[GW_THEN]], wlen[st->gw[GW_THEN]]);
    /* anchors: the prefilter looks for the longest word of a cue phrase
     * that is no closed-class word (the last on a tie; the longest of all
     * when every word is closed-class), so "the way forward is" is sought by "forward"
     * and "we need" by "need", not by words every sentence holds.  Headings
     * are always scanned, so "to" opening one needs no anchor. */
    int rc = 0;
    uint8_t *imp_anchor = calloc(st->nwords + 1, 1); /* bit 0: anchors an imperative; bit 1: another cue */
    st->afirst = calloc(st->nwords + 1, sizeof *st->afirst);
    st->an = calloc(st->nwords + 1, sizeof *st->an);
    st->aphr = calloc(st->nphrases + 1, sizeof *st->aphr);
    if (!st->afirst || !st->an || !st->aphr || !imp_anchor) {
        rc = ANNOT_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < st->nphrases; i++) {
        pr_phrase *p = &st->phrases[i];
        if (!(PR_CUE_MASK & PR_BIT(p->kind)) || p->kind == PR_HEADTO)
            continue;
        size_t best = 0, bestlen = 0;
        int open_word = 0;
        for (size_t j = 0; j < p->n; j++)
            open_word |= !(st->wflags[p->w[j]] & PR_CLOSED_WORDS);
        for (size_t j = 0; j < p->n && p->kind != PR_IMP && p->kind != PR_IMPDET; j++) {
            if (open_word && (st->wflags[p->w[j]] & PR_CLOSED_WORDS))
                continue;
            if (wlen[p->w[j]] >= bestlen) {
                best = j;
                bestlen = wlen[p->w[j]];
            }
        }
        p->anchor = (uint8_t)best; /* an imperative: its verb, which opens a clause */
        st->an[p->w[best]]++;
        if (p->kind == PR_IMP || p->kind == PR_IMPDET)
            imp_anchor[p->w[best]] |= 1;
        else
            imp_anchor[p->w[best]] |= 2;
    }
    uint32_t at = 0;
    st->wmin = calloc(st->nwords + 1, 1);
    st->wmax = calloc(st->nwords + 1, 1);
    if (!st->wmin || !st->wmax) {
        rc = ANNOT_ENOMEM;
        goto out;
    }
    for (size_t w = 1; w <= st->nwords; w++) {
        const char *ws = st->strs + woff[w];
        size_t apos = 0;
        for (size_t k = 0; k < wlen[w]; k++)
            apos += ws[k] == '\'';
        st->wmin[w] = (uint8_t)wlen[w];
        st->wmax[w] = (uint8_t)(wlen[w] + 2 * apos);
        st->afirst[w] = at;
        at += st->an[w];
        if (st->an[w]) {
            if (imp_anchor[w] & 2)
                pr_len_add3(st->anc_len, ws, wlen[w]);
            if (imp_anchor[w] & 1)
                pr_len_add3(st->imp_len, ws, wlen[w]);
            uint32_t k = pr_hash(ws, wlen[w]) & 0x3FFFu;
            st->abloom[k >> 6] |= 1ull << (k & 63);
        }
        st->an[w] = 0;
    }
    for (size_t k = 0; k < PR_KEY4; k++)
        st->eager_len[k] = (uint32_t)(st->anc_len[k] | st->imp_len[k]) * 0x10001u;
    for (size_t k = 0; k < 256; k++)
        st->keep[k] = pr_keep[k & 63];
    for (size_t i = 0; i < st->nphrases; i++) {
        const pr_phrase *p = &st->phrases[i];
        if (!(PR_CUE_MASK & PR_BIT(p->kind)) || p->kind == PR_HEADTO)
            continue;
        uint16_t w = p->w[p->anchor];
        st->aphr[st->afirst[w] + st->an[w]++] = (uint32_t)i;
    }
    /* pr_match's lists: each word's phrases of each class, in phrase order */
    size_t nm = (st->nwords + 1) * PM_N;
    st->moff = calloc(nm + 1, sizeof *st->moff);
    st->mlist = calloc(st->nphrases + 1, sizeof *st->mlist);
    if (!st->moff || !st->mlist) {
        rc = ANNOT_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < st->nphrases; i++)
        for (int c = 0; c < PM_N; c++)
            if (pr_mcls_mask[c] & PR_BIT(st->phrases[i].kind))
                st->moff[(size_t)st->phrases[i].w[0] * PM_N + c + 1]++;
    for (size_t x = 0; x < nm; x++)
        st->moff[x + 1] += st->moff[x];
    uint32_t *fill = calloc(nm, sizeof *fill);
    st->mlen2 = calloc(nm, sizeof *st->mlen2);
    st->mone = calloc(nm, sizeof *st->mone);
    if (!fill || !st->mlen2 || !st->mone) {
        free(fill);
        rc = ANNOT_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < st->nphrases; i++)
        for (int c = 0; c < PM_N; c++)
            if (pr_mcls_mask[c] & PR_BIT(st->phrases[i].kind)) {
                const pr_phrase *p = &st->phrases[i];
                size_t x = (size_t)p->w[0] * PM_N + c;
                st->mlist[st->moff[x] + fill[x]++] = (uint32_t)i;
                if (p->n < 2)
                    st->mone[x] = 1;
                for (unsigned L = p->len1; p->n >= 2 && L <= p->max1; L++)
                    st->mlen2[x] |= (uint16_t)(1u << (L & 15));
            }
    free(fill);
out:
    free(imp_anchor);
    free(wlen);
    free(woff);
    return rc;
}

/* Build the direct table of the short words (pr_state.dshort, .dent)
 * from the hash table; returns 0 or ANNOT_ENOMEM. */
static int pr_index_short(pr_state *st)
{
    st->dshort = calloc(PR_DSHORT, sizeof *st->dshort);
    uint16_t *fill = calloc(PR_DSHORT, sizeof *fill);
    size_t nd = 0;
    if (!st->dshort || !fill)
        goto err;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < st->nslots; k++) {
            const pr_slot *sl = &st->slots[k];
            const unsigned char *w = (const unsigned char *)st->strs + sl->off;
            size_t n = sl->len;
            if (!sl->id || n < 1 || n > 8 || (sl->head & 0x8080808080808080ull))
                continue; /* pr_id_short looks up only plain ASCII words of 1 .. 8 bytes */
            size_t at = pr_dshort_at(pr_key4(w[0], n > 1 ? w[1] : 0, n > 2 ? w[2] : 0, n > 3 ? w[3] : 0), n);
            if (pass == 0) {
                fill[at]++;
                nd++;
                continue;
            }
            pr_dent *e = &st->dent[st->dshort[at] - 1 + fill[at]++];
            e->head = sl->head;
            e->id = sl->id;
        }
        if (pass == 1)
            break;
        st->dent = calloc(nd + 1, sizeof *st->dent);
        if (!st->dent)
            goto err;
        size_t at = 0;
        for (size_t x = 0; x < PR_DSHORT; x++) {
            if (!fill[x])
                continue;
            st->dshort[x] = (uint16_t)(at + 1);
            at += fill[x];
            st->dent[at - 1].last = 1;
            fill[x] = 0;
        }
    }
    free(fill);
    return 0;
err:
    free(fill);
    return ANNOT_ENOMEM;
}

/* Free an instance (NULL is fine). */
static void pr_destroy(void *state)
{
    pr_state *st = state;
    if (!st)
        return;
    free(st->strs);
    free(st->slots);
    free(st->wflags);
    free(st->phrases);
    free(st->first);
    free(st->nfirst);
    free(st->ncue);
    free(st->ncue2);
    free(st->cue_len2);
    free(st->afirst);
    free(st->an);
    free(st->aphr);
    free(st->wmin);
    free(st->wmax);
    free(st->smask);
    free(st->moff);
    free(st->mlist);
    free(st->mlen2);
    free(st->mone);
    free(st->dshort);
    free(st->dent);
    free(st);
}

/* Build an instance from the options and data files; returns 0 or -1 with
 * a message in err. */
static int pr_init(const annot_host *host, annot_ctx *ctx, void **state, char *err, size_t errlen)
{
    pr_state *st = calloc(1, sizeof *st);
    char path[4096];
    if (!st) {
        snprintf(err, errlen, "out of memory");
        goto err;
    }
    st->host = host;
    st->ctx = ctx;
    st->min_conf = host->opt_double(ctx, "min_confidence");
    st->max_per_sentence = host->opt_int(ctx, "max_per_sentence");
    if (st->max_per_sentence < 1)
        st->max_per_sentence = 1;
    if (st->max_per_sentence > PR_MAXCAND)
        st->max_per_sentence = PR_MAXCAND;
    st->gen_imp = (float)host->opt_double(ctx, "generic_imperative");
    if (!(st->gen_imp > 0.0f))
        st->gen_imp = 0.0f;
    if (st->gen_imp > 1.0f)
        st->gen_imp = 1.0f;
    for (int g = 0; g < GW_N; g++) {
        if (!*pr_gw_words[g])
            continue;
        if (pr_intern(st, pr_gw_words[g], strlen(pr_gw_words[g]), &st->gw[g]) < 0) {
            snprintf(err, errlen, "out of memory");
            goto err;
        }
    }
    const char *cues = host->opt_str(ctx, "cues");
    if (!cues || !*cues)
        cues = "cues.txt";
    if (host->resolve_path(ctx, cues, path, sizeof path) < 0) {
        snprintf(err, errlen, "cue file path too long: %s", cues);
        goto err;
    }
    int rc = pr_load_file(st, path);
    if (rc < 0) {
        snprintf(err, errlen, "%s: %s", path, rc == ANNOT_ENOENT ? "cannot open" : host->strerror(rc));
        goto err;
    }
    size_t nx = host->opt_list_count(ctx, "extra_files");
    for (size_t i = 0; i < nx; i++) {
        const char *f = host->opt_list_item(ctx, "extra_files", i);
        if (!f || !*f)
            continue;
        if (host->resolve_path(ctx, f, path, sizeof path) < 0) {
            snprintf(err, errlen, "extra file path too long: %s", f);
            goto err;
        }
        rc = pr_load_file(st, path);
        if (rc < 0) {
            snprintf(err, errlen, "%s: %s", path, rc == ANNOT_ENOENT ? "cannot open" : host->strerror(rc));
            goto err;
        }
    }
    if (pr_index(st) < 0 || pr_index_short(st) < 0) {
        snprintf(err, errlen, "out of memory");
        goto err;
    }
    for (int g = GW_F_IS; g < GW_F_END; g++)
        st->wflags[st->gw[g]] |= PR_FINITE_BIT;
    *state = st;
    return 0;
err:
    pr_destroy(st);
    return -1;
}

/* ------------------------------------------------------------------ */
/* Token helpers                                                       */
/* ------------------------------------------------------------------ */

/* Word id of a token of the lower-cased text (len bytes), or 0 when the
 * word is not in the data.  With cues_only (the caller has found that the
 * token may be an anchor word), a plain ASCII word that the anchor hash
 * filter turns away is left as PR_UNK (looked up later by pr_id when
 * needed).  Without it, the caller has applied its own filter (pr_id_lookup:
 * all_len): the table decides. */
static uint16_t pr_token_id_any(const pr_state *st, const char *lower, size_t len, const annot_token *t, int cues_only)
{
    size_t n = t->end - t->start;
    const char *s = lower + t->start;
    if (n == 0 || n > 3 * PR_MAXLEN)
        return 0;
    uint64_t head;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (t->start + 8 <= len) {
        memcpy(&head, s, 8);
        if (n < 8)
            head &= ~0ull >> (8 * (8 - n));
    } else
#endif
    {
        head = pr_head(s, n);
    }
    if (n >= 64)
        return cues_only ? PR_UNK : 0;
    int high = (head & 0x8080808080808080ull) != 0;
    for (size_t j = 8; j < n && !high; j++)
        high = (unsigned char)s[j] >= 0x80;
    if (high) {
        /* curly apostrophes, other letters: normalise first */
        char buf[3 * PR_MAXLEN + 8];
        size_t m = pr_norm(s, n, buf, sizeof buf);
        return m ? pr_find(st, buf, m) : 0;
    }
    if (n > PR_MAXLEN)
        return 0;
    uint32_t h = pr_mix(head, s, n);
    if (cues_only && !(st->abloom[(h & 0x3FFFu) >> 6] >> (h & 63u) & 1u))
        return PR_UNK; /* no anchor word */
    return pr_find_h(st, s, n, head, h);
}

/* The bytes of an eight-byte load that a word of n <= 8 bytes keeps
 * (a load, where the shift that computes it takes five instructions). */
static const uint64_t pr_head_mask[9] = {0, 0xFFull, 0xFFFFull, 0xFFFFFFull, 0xFFFFFFFFull, 0xFFFFFFFFFFull,
                                         0xFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFull, ~0ull};

/* Id of the plain ASCII word of n (1 .. 8) bytes with filter key key and
 * head head (pr_head) in the direct table, or 0. */
static inline uint16_t pr_dshort_find(const pr_state *st, unsigned key, size_t n, uint64_t head)
{
    uint16_t e = st->dshort[pr_dshort_at(key, n)];
    if (e)
        for (const pr_dent *p = st->dent + e - 1;; p++) {
            if (p->head == head)
                return p->id;
            if (p->last)
                break;
        }
    return 0;
}

#define PR_SLOW 0xFFFEu /* pr_token_id_short: not a short plain word (no word id is this high) */
_Static_assert(PR_SLOW > 65000u && PR_SLOW != PR_UNK, "PR_SLOW is no word id");

/* pr_token_id_any's common case: a plain ASCII word of at most eight
 * bytes that can be read eight bytes at a load (the same filters, hash
 * and table).  Returns PR_SLOW for any other token. */
static inline uint16_t pr_token_id_short(const pr_state *st, const char *lower, size_t len, const annot_token *t,
                                         int cues_only)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    size_t n = t->end - t->start;
    if (n - 1 < 8 && t->start + 8 <= len) {
        const char *s = lower + t->start;
        uint64_t head;
        memcpy(&head, s, 8);
        head &= pr_head_mask[n];
        if (!(head & 0x8080808080808080ull)) {
            uint64_t h64 = (head ^ (uint64_t)n) * 0x9E3779B97F4A7C15ull; /* pr_mix of a short word */
            uint32_t h = (uint32_t)(h64 >> 32) ^ (uint32_t)h64;
            if (cues_only && !(st->abloom[(h & 0x3FFFu) >> 6] >> (h & 63u) & 1u))
                return PR_UNK;
            return pr_find_h(st, s, n, head, h);
        }
    }
#else
    (void)st, (void)lower, (void)len, (void)t, (void)cues_only;
#endif
    return PR_SLOW;
}

/* pr_token_id_short for pr_id_lookup (no anchor filter), through the
 * direct table instead of the hash table: token t of n bytes with filter
 * key key.  Sets *v and returns 1 for a plain ASCII word of at most eight
 * bytes that can be read eight bytes at a load; returns 0 for any other
 * token.  A fast path: the key is known and the group is found at once,
 * where the hash table costs a hash and a probe. */
static inline int pr_id_short(const pr_state *st, const char *lower, size_t len, const annot_token *t, size_t n,
                              unsigned key, uint16_t *v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n - 1 < 8 && t->start + 8 <= len) {
        uint64_t head;
        memcpy(&head, lower + t->start, 8);
        head &= pr_head_mask[n];
        if (!(head & 0x8080808080808080ull)) {
            *v = pr_dshort_find(st, key, n, head);
            return 1;
        }
    }
#else
    (void)st, (void)lower, (void)len, (void)t, (void)n, (void)key, (void)v;
#endif
    return 0;
}

/* False when token i, whose id is PR_UNK, is surely no word of a filter
 * table (built with pr_len_add3 into tab16); true when it may be one.
 * Its filter key was stored by the eager pass. */
static inline int pr_may_be_unk(const uint16_t *tab16, const pr_doc *d, size_t i)
{
    const annot_token *t = &d->tok[i];
    size_t n = t->end - t->start;
    return n != 0 && (tab16[d->keys[i]] >> (n & 15) & 1u) != 0;
}

/* False when token i is too short or too long to be word id w. */
static int pr_len_fits(const pr_doc *d, size_t i, uint16_t w)
{
    size_t n = d->tok[i].end - d->tok[i].start;
    return n >= d->st->wmin[w] && n <= d->st->wmax[w];
}

static uint16_t pr_id_lookup_any(const pr_doc *d, size_t i);

/* Word id of token i, looked up now (its first use); stored in d->ids.
 * The token's filter key (stored by the eager pass for every token whose
 * id is PR_UNK) turns most words of no data word away first. */
static uint16_t pr_id_lookup(const pr_doc *d, size_t i)
{
    size_t n = d->tok[i].end - d->tok[i].start;
    unsigned key = d->keys[i];
    if (!(d->st->all_len[key] >> (n & 15) & 1u)) {
        d->ids[i] = 0;
        return 0;
    }
    uint16_t v;
    if (!pr_id_short(d->st, d->lower, d->len, &d->tok[i], n, key, &v))
        return pr_id_lookup_any(d, i); /* a tail call: this function saves no registers */
    d->ids[i] = v;
    return v;
}

/* pr_id_lookup's rare case: a long or non-ASCII token. */
__attribute__((noinline)) static uint16_t pr_id_lookup_any(const pr_doc *d, size_t i)
{
    uint16_t v = pr_token_id_any(d->st, d->lower, d->len, &d->tok[i], 0);
    d->ids[i] = v;
    return v;
}

/* Word id of token i, looked up on first use (inline: most are known). */
static inline uint16_t pr_id(const pr_doc *d, size_t i)
{
    uint16_t v = d->ids[i];
    return v != PR_UNK ? v : pr_id_lookup(d, i);
}

/* True when word id w has a one-word phrase of kind k (always inline:
 * GCC had kept a copy out of line for some callers). */
__attribute__((always_inline)) static inline int pr_is(const pr_doc *d, size_t i, int k)
{
    uint16_t w = pr_id(d, i);
    return w && (d->st->wflags[w] & PR_BIT(k));
}

/* True when token i is grammar word g (ids of grammar words are never 0).
 * Always inline: GCC kept it out of line in pr_judge, a call for a test
 * of a few instructions, 25 calls a generated article. */
__attribute__((always_inline)) static inline int pr_gw(const pr_doc *d, size_t i, int g)
{
    return i < d->ntok && pr_id(d, i) == d->st->gw[g];
}

/* True when the phrase's words after the first (at least one) match
 * tokens i + 1 ... by word id. */
static int pr_rest_ids(const pr_doc *d, size_t i, const pr_phrase *p)
{
    size_t j = 1;
    while (j < p->n && pr_id(d, i + j) == p->w[j])
        j++;
    return j == p->n;
}

/* True when the phrase's words after the first match tokens i + 1 ...:
 * token lengths are compared before any lookup (inline: most phrases
 * fail on the second token's length). */
static inline int pr_rest(const pr_doc *d, size_t i, const pr_phrase *p)
{
    if (p->n < 2)
        return 1;
    const annot_token *t = &d->tok[i + 1];
    size_t n = t->end - t->start;
    if (n < p->len1 || n > p->max1)
        return 0;
    return pr_rest_ids(d, i, p);
}

/* pr_match's list walk: the phrases of list x (word id * PM_N + class)
 * tried at token i in turn (out of line: most calls end before it). */
static size_t pr_match_list(const pr_doc *d, size_t i, size_t end, size_t x, const pr_phrase **out)
{
    const pr_state *st = d->st;
    for (uint32_t k = st->moff[x]; k < st->moff[x + 1]; k++) {
        const pr_phrase *p = &st->phrases[st->mlist[k]];
        if (i + p->n > end)
            continue;
        if (pr_rest(d, i, p)) {
            if (out)
                *out = p;
            return p->n;
        }
    }
    return 0;
}

/* Length in tokens of the longest phrase of class c (enum pr_mcls)
 * starting at token i (not past token end); sets *out to it.  Returns 0
 * if none.  Only the word's phrases of that class are tried, in phrase
 * order (longest first).  Inline: the word's class and the second
 * token's length turn most calls away. */
static inline size_t pr_match(const pr_doc *d, size_t i, size_t end, int c, const pr_phrase **out)
{
    const pr_state *st = d->st;
    uint16_t w = pr_id(d, i);
    if (!w || !(st->smask[w] & pr_mcls_mask[c]))
        return 0;
    size_t x = (size_t)w * PM_N + (size_t)c;
    if (!st->mone[x]) {
        /* every phrase needs a second token of a length it may have */
        if (i + 1 >= end || !(st->mlen2[x] >> ((d->tok[i + 1].end - d->tok[i + 1].start) & 15) & 1u))
            return 0;
    }
    return pr_match_list(d, i, end, x, out);
}

/* True when token i is punctuation. */
static int pr_punct(const pr_doc *d, size_t i)
{
    return (d->tok[i].flags & ANNOT_TOK_PUNCT) && !(d->tok[i].flags & ANNOT_TOK_POSSESSIVE);
}

/* Punctuation classes. */
enum { PB_NONE = 0, PB_COMMA = 1, PB_HARD = 2, PB_OPEN = 3, PB_QUOTE = 4, PB_CLOSE = 5 };

/* pr_boundary for a punctuation token of n > 0 bytes s that is neither
 * a comma nor a full stop (out of line: the rarer marks). */
static int pr_boundary_rest(const annot_token *t, const unsigned char *s, size_t n)
{
    switch (s[0]) {
    case ';': case ':': case '?': case '!':
        return PB_HARD;
    case ',':
        return PB_COMMA;
    case '(': case '[':
        return PB_OPEN;
    case ')': case ']':
        return PB_CLOSE;
    case '"':
        return PB_QUOTE;
    case '-':
        return (t->flags & ANNOT_TOK_SPACE_BEFORE) ? PB_OPEN : PB_NONE;
    case 0xE2: /* dashes and curly quotes */
        if (n >= 3 && s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94))
            return PB_OPEN;
        if (n >= 3 && s[1] == 0x80 && (s[2] == 0x9C || s[2] == 0x9D))
            return PB_QUOTE;
        return PB_NONE;
    default:
        return PB_NONE;
    }
}

/* Classify a punctuation token: PB_COMMA, PB_HARD (; : ? !), PB_OPEN
 * (opening bracket, spaced dash), PB_QUOTE, PB_CLOSE (closing bracket) or
 * PB_NONE.  Inline: its callers meet commas and full stops most, which
 * are told here; the rest is left to pr_boundary_rest. */
static inline int pr_boundary(const pr_doc *d, size_t i)
{
    const annot_token *t = &d->tok[i];
    const unsigned char *s = (const unsigned char *)d->text + t->start;
    size_t n = t->end - t->start;
    if (!pr_punct(d, i) || n == 0)
        return PB_NONE;
    if (s[0] == ',')
        return PB_COMMA;
    if (s[0] == '.')
        return PB_NONE;
    return pr_boundary_rest(t, s, n);
}

/* True when token i ends in "ed" (a regular past participle). */
static int pr_ends_ed(const pr_doc *d, size_t i)
{
    const annot_token *t = &d->tok[i];
    size_t n = t->end - t->start;
    return n > 3 && memcmp(d->lower + t->end - 2, "ed", 2) == 0;
}

/* True when token i is the word w (lower case, n bytes), by its bytes. */
static int pr_bytes_are(const pr_doc *d, size_t i, const char *w, size_t n)
{
    const annot_token *t = &d->tok[i];
    return t->end - t->start == n && memcmp(d->lower + t->start, w, n) == 0;
}

/* True when token i is a currency sign ("$", a pound or euro sign) joined
 * to the number at token nx ("$5"): an amount, the object of an
 * imperative such as "Add $5 to the fee". */
static int pr_money(const pr_doc *d, size_t i, size_t nx)
{
    if (nx != i + 1 || nx >= d->ntok || (d->tok[nx].flags & ANNOT_TOK_SPACE_BEFORE))
        return 0;
    const annot_token *t = &d->tok[i];
    const char *w = d->text + t->start;
    size_t n = t->end - t->start;
    char c = d->text[d->tok[nx].start];
    return c >= '0' && c <= '9' &&
           ((n == 1 && w[0] == '$') || (n == 2 && !memcmp(w, "\xC2\xA3", 2)) || (n == 3 && !memcmp(w, "\xE2\x82\xAC", 3)));
}

/* The next word token after i before end, or end. */
static size_t pr_next_word(const pr_doc *d, size_t i, size_t end)
{
    for (i++; i < end; i++)
        if (!pr_punct(d, i))
            return i;
    return end;
}

/* ------------------------------------------------------------------ */
/* Actors                                                              */
/* ------------------------------------------------------------------ */

/* Index (in start order) of the first actor starting at or after byte lo.
 * Inside the sentence being scanned it lies between the indices found for
 * the sentence's ends: only those few are searched. */
static size_t pr_actor_lb(const pr_doc *d, uint32_t lo)
{
    const uint32_t *a = d->astart;
    size_t base = 0, n = d->nact;
    if (lo >= d->sbeg && lo <= d->send) {
        base = d->abeg;
        n = d->aend - d->abeg;
    }
    if (!n)
        return base;
    while (n > 1) { /* the answer lies in [base, base + n] */
        size_t half = n / 2;
        base = a[base + half] < lo ? base + half : base;
        n -= half;
    }
    return base + (a[base] < lo);
}

/* Last actor lying inside [lo, hi) bytes, or NULL.  Walks back from hi:
 * its cost does not grow with the document. */
static const annot_actor *pr_actor_before(const pr_doc *d, uint32_t lo, uint32_t hi)
{
    for (size_t k = pr_actor_lb(d, hi), w = 0; k-- > 0 && w < 64; w++) {
        const annot_actor *a = &d->act[d->aord[k]];
        if (a->span.start < lo)
            break;
        if (a->span.end <= hi)
            return a;
    }
    return NULL;
}

/* First actor starting inside [lo, hi) bytes, or NULL. */
__attribute__((always_inline)) static inline const annot_actor *pr_actor_after(const pr_doc *d, uint32_t lo, uint32_t hi)
{
    for (size_t k = pr_actor_lb(d, lo); k < d->nact; k++) {
        const annot_actor *a = &d->act[d->aord[k]];
        if (a->span.start >= hi)
            break;
        if (a->span.start >= lo)
            return a;
    }
    return NULL;
}

/* Index of the first token of tokens [lo, hi) starting at or after byte
 * b (tokens are in text order), or hi. */
static size_t pr_tok_from(const pr_doc *d, size_t lo, size_t hi, uint32_t b)
{
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (d->tok[m].start < b)
            lo = m + 1;
        else
            hi = m;
    }
    return lo;
}

/* True when actor a, the first actor of its sentence, opens a clause:
 * only determiners stand between it and the start of its sentence or a
 * comma or quotation mark before it ("China's commerce ministry said",
 * "On Monday, the ministry said"), and that comma does not follow another
 * actor. */
static int pr_opens_clause(const pr_doc *d, const annot_actor *a)
{
    if (a->sentence >= d->nsents)
        return 0;
    const annot_sentence *sn = &d->sents[a->sentence];
    if (a->span.start <= sn->start)
        return 1; /* the commonest case: no search */
    size_t first = sn->first_token, end = first + sn->n_tokens;
    if (end > d->ntok)
        end = d->ntok;
    size_t p = pr_tok_from(d, first, end, a->span.start);
    while (p > first && !pr_punct(d, p - 1) && pr_is(d, p - 1, PR_DET))
        p--;
    if (p == first)
        return 1;
    if (!pr_punct(d, p - 1))
        return 0;
    int b = pr_boundary(d, p - 1);
    if (b == PB_COMMA && p >= first + 2) {
        const annot_actor *x = pr_actor_before(d, 0, d->tok[p - 2].end);
        if (x && x->span.end == d->tok[p - 2].end)
            return 0; /* a list of actors */
    }
    return b == PB_COMMA || b == PB_QUOTE;
}

/* The actor that a role noun or a document stands for ("the spokesman
 * said", "the report recommends"), named before byte `before` in sentence
 * `cur` or the three before it: with `speaker`, the speaker of the last
 * reported proposal there; else the last actor opening a clause (the
 * subject of a sentence: "China's commerce ministry said ..."), else the
 * last actor.  NULL when none. */
static const annot_actor *pr_standing_for(const pr_doc *d, uint32_t cur, uint32_t before, int speaker)
{
    const pr_carry *cy = d->carry;
    if (speaker && cy->last.end && cy->last.end <= before && cy->last_sentence + 3 >= cur) {
        const annot_actor *a = pr_actor_after(d, cy->last.start, cy->last.end);
        if (a)
            return a;
    }
    const annot_actor *last = NULL;
    for (size_t k = pr_actor_lb(d, before), w = 0; k-- > 0 && w < 64; w++) {
        const annot_actor *a = &d->act[d->aord[k]];
        if (a->sentence + 3 < cur)
            break;
        if (a->span.end > before)
            continue;
        if (!last)
            last = a;
        /* only the first actor of a sentence may open it (no search for the others) */
        if ((k == 0 || d->act[d->aord[k - 1]].sentence != a->sentence) && pr_opens_clause(d, a))
            return a;
    }
    return last;
}

/* Set a candidate's proposer from an actor (NULL: leave it). */
static void pr_set_proposer(pr_cand *c, const annot_actor *a)
{
    if (a) {
        c->proposer = a->code;
        c->proposer_span = a->span;
    }
}

/* ------------------------------------------------------------------ */
/* The scan                                                            */
/* ------------------------------------------------------------------ */

/* Sentence-level facts found while scanning.  Set up by pr_sent_init:
 * the fields after `facts` are filled (counts included) by pr_facts and
 * read only once it has run. */
typedef struct pr_sent {
    size_t first, end;        /* token range */
    uint32_t flags;
    int imp_seen;             /* an imperative was found earlier in the sentence */
    int facts;                /* report and self phrases collected */
    size_t report[4];         /* token index of reporting phrases */
    size_t report_len[4];
    size_t nreport;
    size_t self[8];           /* token index of self phrases */
    size_t nself;
    size_t quote[8];          /* token index of quotation marks */
    size_t nquote;
    size_t colon;             /* the first ':' with a space after it (0: none), set by the scan */
} pr_sent;

/* Start a sentence's facts for tokens [first, end) with sentence flags
 * (its arrays are left for pr_facts: zeroing them cost more than the rest
 * of a sentence's cheap tests). */
static inline void pr_sent_init(pr_sent *s, size_t first, size_t end, uint32_t flags)
{
    s->first = first;
    s->end = end;
    s->flags = flags;
    s->imp_seen = 0;
    s->facts = 0;
    s->colon = 0;
}

static void pr_facts(const pr_doc *d, pr_sent *sp);
static const annot_actor *pr_subject_actor(const pr_doc *d, const pr_sent *s, uint32_t lo, size_t i);
static const annot_actor *pr_document_author(const pr_doc *d, const pr_sent *s, size_t i);
static int pr_third_subject(const pr_doc *d, const pr_sent *s, size_t i);

/* Token index of the end of the action that starts at token i: the first
 * hard boundary, or a comma followed by a clause-ending word. */
static size_t pr_action_end(const pr_doc *d, const pr_sent *s, size_t i)
{
    size_t from = i, lim = i + PR_MAXACT < s->end ? i + PR_MAXACT : s->end;
    for (; i < lim; i++) {
        if (!pr_punct(d, i))
            continue;
        int b = pr_boundary(d, i);
        if (b == PB_HARD || (b == PB_QUOTE && i > from))
            return i;
        if (b == PB_COMMA || b == PB_OPEN) {
            size_t nx = pr_next_word(d, i, s->end);
            if (nx < s->end && (pr_is(d, nx, PR_CLAUSEEND) || pr_is(d, nx, PR_REPORT)))
                return i;
            /* ", the French foreign minister said" */
            for (size_t j = nx, w = 0; j < s->end && w < 10; j++) {
                if (pr_punct(d, j)) /* (a possessive "'s" is no pr_punct) */
                    break;
                w++;
                if (pr_is(d, j, PR_REPORT) && !(d->tok[j].flags & ANNOT_TOK_CAP))
                    return i;
                if (pr_is(d, j, PR_CLAUSEEND) || pr_is(d, j, PR_MODAL))
                    break;
            }
        }
    }
    return lim;
}

/* Span of tokens [a, b) with trailing punctuation trimmed. */
static annot_span pr_span(const pr_doc *d, size_t a, size_t b)
{
    while (b > a && pr_punct(d, b - 1))
        b--;
    if (b <= a)
        return (annot_span){0, 0};
    return (annot_span){d->tok[a].start, d->tok[b - 1].end};
}

/* True when a self phrase ends within two words before token i. */
static int pr_self_before(const pr_doc *d, pr_sent *s, size_t i)
{
    if (!s->facts)
        pr_facts(d, s);
    for (size_t k = 0; k < s->nself; k++) {
        size_t at = s->self[k];
        if (at < i && i - at <= 3)
            return 1;
    }
    return 0;
}

/* Proposer of a cue that is not a proposing verb: the speaker of a
 * reporting phrase in the sentence, else the writer. */
static void pr_speaker(const pr_doc *d, pr_sent *s, size_t cue, pr_cand *c)
{
    if (!s->facts)
        pr_facts(d, s);
    c->proposer = "AUTHOR";
    /* inside quotation marks: an odd number of them before the cue, or none
     * before and an odd number after (a quotation running on) */
    size_t before = 0;
    for (size_t k = 0; k < s->nquote; k++)
        before += s->quote[k] < cue;
    c->quoted = (before & 1) || (before == 0 && (s->nquote & 1));
    if (!s->nreport) {
        c->own = !s->nself;
        return;
    }
    /* the reporting phrase nearest the cue */
    size_t best = 0, bestdist = (size_t)-1;
    for (size_t k = 0; k < s->nreport; k++) {
        size_t r = s->report[k];
        if (r == cue)
            continue;
        size_t dist = r < cue ? cue - r : r - cue;
        if (dist < bestdist) {
            bestdist = dist;
            best = k;
        }
    }
    if (bestdist == (size_t)-1)
        return;
    size_t r = s->report[best], rl = s->report_len[best];
    if (pr_self_before(d, s, r)) /* "I think ..." */
        return;
    uint32_t sstart = d->tok[s->first].start;
    const annot_actor *a = NULL;
    if (r < cue) {
        a = pr_subject_actor(d, s, sstart, r);
    } else {
        /* "..., the Chinese spokesman said": the speaker stands between the
         * comma or quotation mark that ends the quoted words and the verb */
        size_t b = r;
        while (b > cue + 1 && !(pr_punct(d, b - 1) && pr_boundary(d, b - 1) != PB_NONE))
            b--;
        a = pr_subject_actor(d, s, d->tok[b > cue + 1 ? b - 1 : cue].end, r);
    }
    if (!a && r + rl < s->end &&
        (r > cue || pr_gw(d, r + rl - 1, GW_TO) || pr_bytes_are(d, r + rl - 1, "of", 2))) {
        /* "..., said Foreign Minister X", "according to X, ...": after a
         * reporting verb before the cue stands the reported clause
         * instead ("said Turkey should", "said, urging Turkey to") */
        size_t lim = r + rl + 4 < s->end ? r + rl + 4 : s->end;
        a = pr_actor_after(d, d->tok[r + rl - 1].end, d->tok[lim - 1].end);
    }
    if (!a && r > s->first)
        a = pr_document_author(d, s, r); /* "the statement said X should" */
    if (!a && r > s->first) {
        /* "he said": the last person named before */
        size_t p = r - 1;
        if ((pr_gw(d, p, GW_HE) || pr_gw(d, p, GW_SHE)) && d->last_person)
            a = d->last_person;
    }
    if (!a) {
        /* "the spokesman said", "said the official": a role that stands for
         * the actor named last, in this sentence or the three before */
        int role = 0;
        for (size_t j = r, w = 0; j > s->first && w < 3 && !role; w++) {
            j--;
            if (pr_punct(d, j))
                break;
            role = pr_is(d, j, PR_SPEAKER) || pr_gw(d, j, GW_THEY);
        }
        for (size_t j = r + rl, w = 0; j < s->end && w < 3 && !role; j++, w++)
            role = pr_is(d, j, PR_SPEAKER);
        if (role) /* before the quoted words when the attribution follows them */
            a = pr_standing_for(d, d->tok[s->first].sentence, r < cue ? d->tok[r].start : d->tok[s->first].start, 1);
    }
    if (!a && r > s->first && pr_third_subject(d, s, r)) {
        /* "Opposition parties said ...": not the writer but someone the
         * story is about; a guess, so no span (it adds no confidence and
         * opens no gate that wants a named proposer) */
        const annot_actor *g = pr_standing_for(d, d->tok[s->first].sentence, d->tok[s->first].start, 0);
        if (g) {
            c->proposer = g->code;
            c->reported = 1;
            return;
        }
    }
    pr_set_proposer(c, a); /* none: a speaker who is no actor; keep the writer */
    c->reported = a != NULL;
}

/* Index of the token starting at byte b in the sentence (the first
 * starting at or after it), or s->end. */
static size_t pr_tok_at(const pr_doc *d, const pr_sent *s, uint32_t b)
{
    return pr_tok_from(d, s->first, s->end, b);
}

/* The first actor of a coordination ending in actor a ("China, Russia
 * and Brazil"): a comma alone joins two actors only once an "and"/"or"
 * has been crossed.  Returns a when it is in no list. */
static const annot_actor *pr_list_head(const pr_doc *d, const pr_sent *s, const annot_actor *a)
{
    int crossed = 0;
    if (a) {
        /* "China, Russia and other states": a list goes on after a */
        size_t t = pr_tok_at(d, s, a->span.end);
        while (t < s->end && pr_punct(d, t) && d->text[d->tok[t].start] == ',')
            t++;
        crossed = t < s->end && (pr_gw(d, t, GW_AND) || pr_gw(d, t, GW_OR));
    }
    while (a) {
        const annot_actor *b = pr_actor_before(d, d->tok[s->first].start, a->span.start);
        if (!b)
            break;
        size_t x = pr_tok_at(d, s, b->span.end), y = pr_tok_at(d, s, a->span.start);
        int list = x < y, conj = 0;
        for (size_t j = x; j < y && list; j++) {
            const char *w = d->text + d->tok[j].start;
            if (pr_punct(d, j))
                list = w[0] == ',';
            else if (pr_gw(d, j, GW_AND) || pr_gw(d, j, GW_OR))
                conj = 1;
            else if (!pr_is(d, j, PR_LISTWORD) && !pr_is(d, j, PR_DET))
                list = 0;
        }
        if (!list || !(conj || crossed))
            break;
        crossed |= conj;
        a = b;
    }
    return a;
}

/* The subject actor before token i: the nearest actor that is not the
 * object of a preposition ("within the UN"), walked back to the head of
 * a coordination ("China, Russia and Uzbekistan").  NULL when none. */
static const annot_actor *pr_subject_actor(const pr_doc *d, const pr_sent *s, uint32_t lo, size_t i)
{
    const annot_actor *near[16]; /* nearest first */
    size_t n = 0;
    uint32_t hi = d->tok[i].start;
    for (size_t k = pr_actor_lb(d, hi); k-- > 0 && n < 16;) {
        const annot_actor *a = &d->act[d->aord[k]];
        if (a->span.start < lo)
            break;
        if (a->span.end <= hi)
            near[n++] = a;
    }
    if (!n)
        return NULL;
    const annot_actor *cand[16];
    for (size_t k = 0; k < n; k++)
        cand[k] = near[n - 1 - k]; /* back to text order */
    size_t pick = n - 1;
    for (size_t k = n; k-- > 0;) {
        size_t t = pr_tok_at(d, s, cand[k]->span.start);
        size_t p = t;
        while (p > s->first && (pr_is(d, p - 1, PR_DET) || pr_is(d, p - 1, PR_LISTWORD)))
            p--;
        if (p > s->first && pr_is(d, p - 1, PR_PREP))
            continue;
        pick = k;
        break;
    }
    return pr_list_head(d, s, cand[pick]);
}

/* When the words just before token i name a document ("the report
 * recommends", "the resolution calls for"), its author: the actor named
 * last before, in this sentence or the three before it.  NULL otherwise. */
static const annot_actor *pr_document_author(const pr_doc *d, const pr_sent *s, size_t i)
{
    size_t j = i, words = 0;
    int doc = 0;
    while (j > s->first && words < 3 && !doc) {
        j--;
        if (pr_punct(d, j))
            break;
        words++;
        doc = pr_is(d, j, PR_DOCUMENT);
    }
    if (!doc)
        return NULL;
    return pr_standing_for(d, d->tok[s->first].sentence, d->tok[j].start, 1);
}

/* True when token i is an "-ing" form of five bytes or more. */
static int pr_participle_ing(const pr_doc *d, size_t i)
{
    const annot_token *t = &d->tok[i];
    return t->end - t->start >= 5 && memcmp(d->lower + t->end - 3, "ing", 3) == 0;
}

/* True when a subject that names no actor stands right before the
 * proposing verb at token i: a lower-case word of no closed class
 * ("Opposition lawmakers proposed", "critics have urged"), a capitalised
 * one ending in "s" that opens the sentence ("Officials recommended";
 * not a name: "Kenji Morimoto proposed"), "and" joining it to a verb
 * before ("protesters marched ... and demanded"), or a comma before an
 * "-ing" verb whose subject is the clause's ("..., calling for"). */
static int pr_third_subject(const pr_doc *d, const pr_sent *s, size_t i)
{
    size_t p = i;
    while (p > s->first && d->tok[p - 1].end - d->tok[p - 1].start - 3 < 2 &&
           (pr_gw(d, p - 1, GW_F_HAS) || pr_gw(d, p - 1, GW_HAVE) || pr_gw(d, p - 1, GW_F_HAD)))
        p--; /* three or four bytes: "has", "have", "had" */
    if (p > s->first + 1 && p == i && pr_punct(d, p - 1) && d->text[d->tok[p - 1].start] == ',' &&
        pr_participle_ing(d, i))
        return 1; /* "Former fire chiefs wrote to the minister, calling for ..." */
    if (p <= s->first || pr_punct(d, p - 1) || (d->tok[p - 1].flags & ANNOT_TOK_NUMBER))
        return 0;
    if (pr_gw(d, p - 1, GW_AND))
        return 1;
    const annot_token *t = &d->tok[p - 1];
    if ((t->flags & ANNOT_TOK_CAP) && (p - 1 != s->first || d->lower[t->end - 1] != 's'))
        return 0;
    uint16_t w = pr_id(d, p - 1);
    return !(w && (d->st->wflags[w] & (PR_CLOSED_WORDS | PR_CUE_MASK)));
}

/* Proposer of a proposing verb or noun at token i: its subject. */
static void pr_subject(const pr_doc *d, pr_sent *s, size_t i, size_t len, pr_cand *c)
{
    if (!s->facts)
        pr_facts(d, s);
    c->proposer = "AUTHOR";
    if (pr_self_before(d, s, i)) {
        pr_speaker(d, s, i, c); /* "We urge ...," the minister said: the speaker's "we" */
        return;
    }
    const annot_actor *a = pr_subject_actor(d, s, d->tok[s->first].start, i);
    if (!a) {
        /* "proposed by X" */
        size_t nx = i + len;
        if (nx < s->end && (pr_gw(d, nx, GW_BY) || pr_gw(d, nx, GW_FROM))) {
            size_t lim = nx + 5 < s->end ? nx + 5 : s->end;
            a = pr_actor_after(d, d->tok[nx].end, d->tok[lim - 1].end);
        }
    }
    if (!a)
        a = pr_document_author(d, s, i);
    if (a) {
        pr_set_proposer(c, a);
        return;
    }
    if (s->nreport)
        pr_speaker(d, s, i, c);
}

/* Addressee of a modal at token i: the nearest actor among the few words
 * before it, unless a reporting verb stands between. */
__attribute__((always_inline)) static inline void pr_modal_subject(const pr_doc *d, pr_sent *s, size_t i,
                                                                    pr_cand *c)
{
    if (!s->facts)
        pr_facts(d, s);
    size_t lo = i, words = 0;
    while (lo > s->first && words < PR_LOOKBACK) {
        lo--;
        if (pr_punct(d, lo) && pr_boundary(d, lo) == PB_HARD) {
            lo++;
            break;
        }
        if (!pr_punct(d, lo))
            words++;
    }
    for (size_t k = 0; k < s->nreport; k++)
        if (s->report[k] < i && s->report[k] >= lo)
            lo = s->report[k] + s->report_len[k];
    if (lo >= i)
        return;
    const annot_actor *a = pr_actor_before(d, d->tok[lo].start, d->tok[i].start);
    a = pr_list_head(d, s, a); /* "India and Pakistan should" */
    if (a) {
        c->addressee = a->code;
        c->addressee_span = a->span;
    }
}

/* Addressee named after token i within n words (the object of "urge",
 * "for X to"); returns 1 when found. */
static int pr_object(const pr_doc *d, const pr_sent *s, size_t i, size_t n, pr_cand *c)
{
    if (i >= s->end)
        return 0;
    size_t lim = i + n < s->end ? i + n : s->end;
    const annot_actor *a = pr_actor_after(d, d->tok[i].start, d->tok[lim - 1].end);
    if (a && a->span.end <= d->tok[lim - 1].end) {
        c->addressee = a->code;
        c->addressee_span = a->span;
        return 1;
    }
    return 0;
}

/* Index of the first "to"/"that" token in (i, i + n) of the clause, or 0. */
static size_t pr_find_to(const pr_doc *d, const pr_sent *s, size_t i, size_t n, int that_too)
{
    size_t lim = i + n < s->end ? i + n : s->end;
    for (size_t j = i; j < lim; j++) {
        if (pr_punct(d, j) && pr_boundary(d, j) != PB_NONE && pr_boundary(d, j) != PB_QUOTE)
            return 0;
        if (pr_gw(d, j, GW_TO) || (that_too && pr_gw(d, j, GW_THAT)))
            return j;
        if (pr_gw(d, j, GW_THAT))
            return 0; /* "told reporters that ... need to": another clause */
    }
    return 0;
}

/* True when a reporting phrase (kind report) starts among tokens
 * [s->first, j) and no word there is the writer ("I", "me", "we", "us":
 * "he told me it was necessary to pay" is testimony).  The sentence's
 * facts need not be collected. */
static int pr_report_before(const pr_doc *d, const pr_sent *s, size_t j)
{
    for (size_t k = s->first; k < j; k++)
        if (pr_gw(d, k, GW_P_I) || pr_gw(d, k, GW_P_WE) || pr_bytes_are(d, k, "me", 2) ||
            (pr_bytes_are(d, k, "us", 2) && !(d->tok[k].flags & ANNOT_TOK_UPPER)))
            return 0; /* "US" is no "us" */
    for (size_t k = s->first; k < j; k++) {
        const pr_phrase *ph;
        if (!pr_punct(d, k) && pr_match(d, k, j, PM_FACTS, &ph) && ph->kind == PR_REPORT &&
            !(k > s->first && (d->tok[k].flags & ANNOT_TOK_CAP)))
            return 1;
    }
    return 0;
}

/* True when "it/this" + a form of "be" stand within the few words before
 * token i ("it is important", "it would be wise", "it 's time"); "was"
 * only in reported speech, its tense moved back ("the envoy said it was
 * necessary to", not "it was necessary to evacuate"). */
static int pr_it_is(const pr_doc *d, const pr_sent *s, size_t i)
{
    size_t words = 0;
    for (size_t j = i; j > s->first && words < 2;) {
        j--;
        if (pr_punct(d, j) && !(d->tok[j].flags & ANNOT_TOK_POSSESSIVE))
            return 0;
        words++;
        int was = pr_gw(d, j, GW_F_WAS);
        if (pr_gw(d, j, GW_IS) || pr_gw(d, j, GW_S) || pr_gw(d, j, GW_BE) || pr_gw(d, j, GW_REMAINS) ||
            pr_gw(d, j, GW_SEEMS) || pr_gw(d, j, GW_BECOMES) || was) {
            for (size_t k = j, m = 0; k > s->first && m < 3; m++) {
                k--;
                if (pr_gw(d, k, GW_IT) || pr_gw(d, k, GW_THIS) || pr_gw(d, k, GW_THAT))
                    return !was || pr_report_before(d, s, k);
            }
            return 0;
        }
    }
    return 0;
}

/* True when one of the words before token i (skipping nothing) is a
 * determiner or a possessive: the cue is a noun or an adjective. (Always inline: pr_judge
 * called it out of line, most calls ending at its first tests.) */
__attribute__((always_inline)) static inline int pr_det_before(const pr_doc *d, const pr_sent *s, size_t i)
{
    if (i <= s->first)
        return 0;
    if ((d->tok[i - 1].flags & ANNOT_TOK_UPPER) && !(d->tok[i].flags & ANNOT_TOK_UPPER))
        return 0; /* "US", not "us" */
    return pr_is(d, i - 1, PR_DET) || (d->tok[i - 1].flags & ANNOT_TOK_POSSESSIVE);
}

/* Where the scan stands inside a sentence. */
typedef struct pr_scan {
    int at_start;     /* only connectors since the clause began */
    int in_cond;      /* inside a condition ("if ...") not yet closed by a comma */
    int after_comma;  /* the clause began at a comma */
    int conn_seen;    /* a connector ("and", "but", "please") opened the clause */
    int conn_and;     /* ... and it was only "and" / "or" */
    int cond_closed;  /* the comma that began the clause closed a condition */
    size_t cond_at;   /* token after the condition opener */
    int cond_mid;     /* ... which stood after the main clause ("..., unless") */
    int numbering;    /* nothing but numbers and punctuation so far in the sentence */
} pr_scan;

/* True when a subject pronoun right before token i opens a main clause
 * after a condition with no comma ("if they call me they should ..."). */
static int pr_cond_ended(const pr_doc *d, const pr_scan *sc, size_t i)
{
    if (!sc->in_cond || i < 1 || i - 1 <= sc->cond_at)
        return 0;
    size_t p = i - 1;
    return pr_gw(d, p, GW_THEY) || pr_gw(d, p, GW_IT) || pr_gw(d, p, GW_HE) || pr_gw(d, p, GW_SHE) ||
           pr_gw(d, p, GW_P_I) || pr_gw(d, p, GW_P_YOU) || pr_gw(d, p, GW_P_WE) || pr_gw(d, p, GW_P_THERE);
}

/* True when token i is negated: "not", "never" or a "n't" word before it. (Always inline: pr_judge
 * called it out of line, most calls ending at its first tests.) */
__attribute__((always_inline)) static inline int pr_negated(const pr_doc *d, const pr_sent *s, size_t i)
{
    if (i <= s->first || pr_punct(d, i - 1))
        return 0;
    const annot_token *t = &d->tok[i - 1];
    size_t n = t->end - t->start;
    const char *w = d->lower + t->start;
    if (pr_gw(d, i - 1, GW_NOT) || pr_gw(d, i - 1, GW_NEVER))
        return 1;
    return (n > 3 && memcmp(w + n - 3, "n't", 3) == 0) ||
           (n > 5 && memcmp(w + n - 5, "n\xE2\x80\x99t", 5) == 0);
}

/* True when the clause after "that" at token i reads as a statement of
 * fact ("suggest that the figures are wrong") rather than a proposal
 * ("suggest that the rule be changed"). */
static int pr_that_claim(const pr_doc *d, const pr_sent *s, size_t i)
{
    size_t words = 0;
    for (size_t j = i + 1; j < s->end && words < 10; j++) {
        if (pr_punct(d, j)) {
            int b = pr_boundary(d, j);
            if (b == PB_HARD || b == PB_COMMA)
                return 0;
            continue;
        }
        words++;
        uint16_t v = pr_id(d, j);
        if (v && (d->st->wflags[v] & PR_BIT(PR_MODAL)))
            return 0;
        /* "recommends that the agency prohibit ...": a bare verb of the
         * imperative lists after a subject of a word or two is a demand,
         * whatever finite verb a relative clause holds later */
        if (words >= 2 && words <= 3 && v && (d->st->wflags[v] & (PR_BIT(PR_IMP) | PR_BIT(PR_IMPDET))) &&
            !pr_ends_ed(d, j) && !pr_is(d, j - 1, PR_DET) && !pr_is(d, j - 1, PR_PREP))
            return 0;
        if (v && (d->st->wflags[v] & PR_FINITE_BIT))
            return 1; /* a finite verb (GW_F_*) */
        /* "insisted that I owed the money": a past verb right after the
         * subject (not "that the files be released") */
        if (words >= 2 && words <= 4 && pr_ends_ed(d, j) && j > 0 && !pr_punct(d, j - 1) && !pr_gw(d, j - 1, GW_BE) &&
            !pr_gw(d, j - 1, GW_BEEN) && !pr_gw(d, j - 1, GW_TO) && !pr_gw(d, j - 1, GW_HAVE) &&
            !pr_is(d, j - 1, PR_DET))
            return 1;
    }
    return 0;
}

/* True when token i is a list number inside a run-on sentence: one or
 * two digits, right after a word that is neither capitalised nor of a
 * closed class, or after punctuation, and followed by '.' or ')' and then
 * a word ("... not a robot 4. stop reporting ...", "..., 2) ban calls at
 * work"; not "between 1) identity theft", "for them to: (1) check"). */
static int pr_list_number(const pr_doc *d, size_t first, size_t end, size_t i)
{
    const annot_token *t = &d->tok[i];
    if (i <= first || i + 2 >= end || !(t->flags & ANNOT_TOK_NUMBER) || t->end - t->start > 2)
        return 0;
    const annot_token *p = &d->tok[i - 1], *q = &d->tok[i + 1];
    if ((p->flags & ANNOT_TOK_NUMBER) || ((p->flags & ANNOT_TOK_WORD) && (p->flags & ANNOT_TOK_CAP)))
        return 0; /* "Chapter 7.", "1, 2." */
    if (!(p->flags & (ANNOT_TOK_WORD | ANNOT_TOK_PUNCT)) || (q->end - q->start != 1) ||
        (d->text[q->start] != '.' && d->text[q->start] != ')') || (q->flags & ANNOT_TOK_SPACE_BEFORE))
        return 0;
    if (p->flags & ANNOT_TOK_PUNCT) {
        char c = d->text[p->start];
        if (c == '$' || c == '#' || c == '.' || c == '-' || c == '/')
            return 0; /* "$4.", "#2)", "1.2." */
        /* "impossible for them to: (1) check ...; (2) ...": items after a
         * colon that follows a preposition complete it */
        for (size_t k = first + 1; k < i; k++) {
            if (d->text[d->tok[k].start] != ':' || !pr_punct(d, k) || pr_punct(d, k - 1))
                continue;
            uint16_t w = pr_id(d, k - 1);
            if (w && (d->st->wflags[w] & PR_BIT(PR_PREP)))
                return 0;
        }
    } else {
        uint16_t w = pr_id(d, i - 1);
        if (w && (d->st->wflags[w] & PR_CLOSED_WORDS))
            return 0; /* "between 1) identity theft, 2) ...": a list of nouns */
    }
    return (d->tok[i + 2].flags & ANNOT_TOK_WORD) != 0;
}

/* True when token i opens a clause whose full stop was left out: a
 * capitalised word right after a lower-case word that is no preposition,
 * determiner, subject pronoun or connector (an object pronoun may end the
 * clause before: "... let them garnish me Make them ..."), and before a
 * word that is not capitalised ("... back in an hour Raise the damages
 * ..."); "the Stop Debt Abuse Act", "met Mary Smith" are not. */
static int pr_lost_stop(const pr_doc *d, size_t first, size_t end, size_t i)
{
    const annot_token *t = &d->tok[i];
    if (i <= first || i + 1 >= end || !(t->flags & ANNOT_TOK_CAP) || (t->flags & ANNOT_TOK_UPPER))
        return 0;
    const annot_token *p = &d->tok[i - 1], *q = &d->tok[i + 1];
    if (!(p->flags & ANNOT_TOK_WORD) || (p->flags & ANNOT_TOK_CAP) || !(p->flags & ANNOT_TOK_SPACE_BEFORE) ||
        ((q->flags & ANNOT_TOK_WORD) && (q->flags & ANNOT_TOK_CAP)))
        return 0;
    uint16_t w = pr_id(d, i - 1);
    uint64_t f = w ? d->st->wflags[w] : 0;
    if (f & (PR_BIT(PR_PREP) | PR_BIT(PR_SUBJECT) | PR_BIT(PR_CONNECT) | PR_BIT(PR_COND)))
        return 0;
    return !(f & PR_CLOSED_WORDS) || (f & PR_BIT(PR_DET));
}

/* True when the comma at token comma closes a vocative opening the
 * sentence of tokens from first: one or two capitalised words of no closed
 * class ("CFPB, do your job", "Congress, act now"). */
static int pr_vocative(const pr_doc *d, size_t first, size_t comma)
{
    if (comma <= first || comma - first > 2)
        return 0;
    for (size_t k = first; k < comma; k++) {
        const annot_token *t = &d->tok[k];
        if (!(t->flags & ANNOT_TOK_WORD) || !(t->flags & ANNOT_TOK_CAP))
            return 0;
        uint16_t w = pr_id(d, k);
        if (w && (d->st->wflags[w] & PR_CLOSED_WORDS))
            return 0;
    }
    return 1;
}

/* Collect the sentence's reporting and self phrases (once, on the first
 * cue judged in it). */
static void pr_facts(const pr_doc *d, pr_sent *s)
{
    const pr_state *st = d->st;
    s->facts = 1;
    s->nreport = s->nself = s->nquote = 0;
    for (size_t i = s->first; i < s->end; i++) {
        if (pr_punct(d, i)) {
            if (s->nquote < 8 && pr_boundary(d, i) == PB_QUOTE)
                s->quote[s->nquote++] = i;
            continue; /* punctuation has id 0 */
        }
        uint16_t w = d->ids[i];
        if (w == PR_UNK) {
            if (!pr_may_be_unk(st->facts_len, d, i))
                continue; /* starts no report or self phrase */
            w = pr_id(d, i);
        }
        if (!w || !(st->smask[w] & (PR_BIT(PR_REPORT) | PR_BIT(PR_SELF))))
            continue;
        const pr_phrase *ph;
        size_t n = pr_match(d, i, s->end, PM_FACTS, &ph);
        if (!n)
            continue;
        /* a capitalised reporting word inside the sentence is a name ("United States") */
        if (ph->kind == PR_REPORT && i > s->first && (d->tok[i].flags & ANNOT_TOK_CAP)) {
            i += n - 1;
            continue;
        }
        /* "US" is no "us" */
        if (ph->kind == PR_SELF && (d->tok[i].flags & ANNOT_TOK_UPPER) && d->tok[i].end - d->tok[i].start > 1) {
            i += n - 1;
            continue;
        }
        if (ph->kind == PR_REPORT && s->nreport < 4) {
            s->report[s->nreport] = i;
            s->report_len[s->nreport++] = n;
        } else if (ph->kind == PR_SELF && s->nself < 8) {
            s->self[s->nself++] = i + n - 1;
        }
        i += n - 1;
    }
}

/* True when token i is an "-ing" form that modifies the noun before it
 * ("a report advocating ...") rather than a verb after "is"/"was". (Always inline: pr_judge
 * called it out of line, most calls ending at its first tests.) */
__attribute__((always_inline)) static inline int pr_participle_mod(const pr_doc *d, const pr_sent *s, size_t i)
{
    const annot_token *t = &d->tok[i];
    size_t n = t->end - t->start;
    if (n < 5 || memcmp(d->lower + t->end - 3, "ing", 3) != 0 || i <= s->first)
        return 0;
    size_t p = i - 1;
    if (pr_punct(d, p))
        return 0; /* ", calling for calm," */
    return !(pr_gw(d, p, GW_IS) || pr_gw(d, p, GW_F_ARE) || pr_gw(d, p, GW_F_WAS) || pr_gw(d, p, GW_F_WERE) ||
             pr_gw(d, p, GW_BE) || pr_gw(d, p, GW_S) || pr_gw(d, p, GW_BEEN) || pr_is(d, p, PR_SELF));
}

/* True when the writer asks in the present at a clause start: "I"/"we"
 * opens the clause and stands at most two words before token i ("We ask
 * that", "I would respectfully request", "I'd ask", "I'm asking"), and
 * token i is no past form (-ed, "told").  "When I ask them", "I asked the
 * clerk" are not. */
static int pr_writer_asks(const pr_doc *d, const pr_sent *s, size_t i)
{
    if (pr_ends_ed(d, i) || pr_bytes_are(d, i, "told", 4))
        return 0;
    for (size_t j = i, w = 0; j > s->first && w < 3; w++) {
        j--;
        if (pr_punct(d, j))
            return 0;
        if (pr_gw(d, j, GW_P_I) || pr_gw(d, j, GW_P_WE) || pr_bytes_are(d, j, "i'd", 3) ||
            pr_bytes_are(d, j, "we'd", 4) || pr_bytes_are(d, j, "i\xE2\x80\x99" "d", 5) ||
            pr_bytes_are(d, j, "we\xE2\x80\x99" "d", 6) || pr_bytes_are(d, j, "i'm", 3) ||
            pr_bytes_are(d, j, "we're", 5) || pr_bytes_are(d, j, "i\xE2\x80\x99" "m", 5) ||
            pr_bytes_are(d, j, "we\xE2\x80\x99" "re", 7)) {
            if (pr_gw(d, j, GW_P_WE) && (d->tok[j].flags & ANNOT_TOK_UPPER) && d->tok[j].end - d->tok[j].start > 1 &&
                !(d->tok[i].flags & ANNOT_TOK_UPPER))
                return 0;
            return j == s->first || pr_punct(d, j - 1) || pr_is(d, j - 1, PR_CONNECT);
        }
    }
    return 0;
}

/* True when token i, capitalised inside a sentence that is no heading,
 * follows a capitalised word other than "I": it is part of a name ("the
 * National Association of Consumer Advocates", "Citizens Demand Action"). (Always inline: pr_judge
 * called it out of line, most calls ending at its first tests.) */
__attribute__((always_inline)) static inline int pr_in_name(const pr_doc *d, const pr_sent *s, size_t i)
{
    if (i <= s->first || (s->flags & ANNOT_SENT_HEADING) || !(d->tok[i].flags & ANNOT_TOK_CAP))
        return 0;
    const annot_token *p = &d->tok[i - 1];
    return (p->flags & ANNOT_TOK_WORD) && (p->flags & ANNOT_TOK_CAP) && !pr_gw(d, i - 1, GW_P_I);
}

/* True when a slogan cue ("No", "No more") at tokens [at, after) makes a
 * verbless demand of a sentence of tokens [first, end): only numbering or
 * punctuation before it, then one to four words, none of a closed class
 * nor ending in -ed, joined at most by hyphens, and nothing after them
 * but '.' or '!' ("No Sunday phone calls.", "No more robo-calls!"; not
 * "No response from the bank.", "No one called."). */
static int pr_slogan_ok(const pr_doc *d, size_t first, size_t end, size_t at, size_t after)
{
    for (size_t j = first; j < at; j++)
        if (!(d->tok[j].flags & (ANNOT_TOK_PUNCT | ANNOT_TOK_NUMBER)))
            return 0;
    size_t nw = 0, j = after;
    for (; j < end && !pr_punct(d, j); j++) {
        if (!(d->tok[j].flags & ANNOT_TOK_WORD) || ++nw > 4 || pr_ends_ed(d, j))
            return 0;
        uint16_t w = pr_id(d, j);
        if (w && (d->st->wflags[w] & PR_CLOSED_WORDS))
            return 0;
        if (j + 2 < end && pr_punct(d, j + 1) && d->text[d->tok[j + 1].start] == '-' &&
            !(d->tok[j + 1].flags & ANNOT_TOK_SPACE_BEFORE) && !pr_punct(d, j + 2))
            j++; /* "robo-calls" */
    }
    if (!nw)
        return 0;
    for (; j < end; j++) {
        const annot_token *t = &d->tok[j];
        for (uint32_t b = t->start; b < t->end; b++)
            if (d->text[b] != '.' && d->text[b] != '!')
                return 0;
    }
    return 1;
}

/* True when the "must" or "shall" at token i states what a law requires
 * rather than proposing: "by law must", "Under the FDCPA, a collector
 * must ...", "the Act says that collectors must ..." (a word of kind
 * legal after "by" or "under" before a comma, or right before a reporting
 * word). */
static int pr_law_states(const pr_doc *d, const pr_sent *s, size_t i)
{
    if (!(pr_bytes_are(d, i, "must", 4) || pr_bytes_are(d, i, "shall", 5)))
        return 0;
    if (i >= s->first + 2 && pr_is(d, i - 1, PR_LEGAL) && pr_bytes_are(d, i - 2, "by", 2))
        return 1; /* "which by law must inform" */
    for (size_t k = s->first; k < i; k++) {
        if (pr_punct(d, k) || !pr_is(d, k, PR_LEGAL))
            continue;
        size_t p = k > s->first ? k - 1 : k;
        while (p > s->first && k - p < 3 && !pr_bytes_are(d, p, "under", 5))
            p--;
        if (p < k && pr_bytes_are(d, p, "under", 5)) {
            for (size_t j = k + 1; j < i; j++)
                if (pr_punct(d, j) && pr_boundary(d, j) == PB_COMMA)
                    return 1; /* "Under the FDCPA, ..." */
        }
        size_t r = pr_next_word(d, k, i);
        if (r < i && pr_is(d, r, PR_REPORT))
            return 1; /* "the Act says that ..." */
    }
    return 0;
}

/* True when the proposing verb at token i is foretold rather than done:
 * "will propose", "is expected to propose", "plans to call for" (a word
 * of kind future, then "to"), and in reported speech "France said it
 * would ask" (not the writer's "we would urge"). */
static inline int pr_foretold(const pr_doc *d, const pr_sent *s, size_t i)
{
    const annot_token *t = &d->tok[i - 1]; /* its length first: most words are neither */
    size_t n = t->end - t->start;
    const char *w = d->lower + t->start;
    if (n == 4)
        return memcmp(w, "will", 4) == 0;
    if (n == 5)
        return memcmp(w, "would", 5) == 0 && pr_report_before(d, s, i - 1);
    return n == 2 && w[0] == 't' && w[1] == 'o' && i >= s->first + 2 && pr_is(d, i - 2, PR_FUTURE);
}

/* True when the proposing verb at token i is negated (pr_negated) or
 * foretold (pr_foretold): the word before it tells both. */
static inline int pr_not_done(const pr_doc *d, const pr_sent *s, size_t i)
{
    return i > s->first && (pr_negated(d, s, i) || pr_foretold(d, s, i));
}

/* Judge a cue of kind k matched at tokens [i, i + len); fill c and return
 * 1 when it is a proposal. */
/* True when the want cue at token i (after: the token after it) opens a
 * list of what is wanted ("Here is what I would like to see:", "Here is
 * what we need:"): the items propose, not the line that heads them.  Out
 * of line: kept out of pr_judge's body. */
__attribute__((noinline)) static int pr_want_heads_list(const pr_doc *d, const pr_sent *s, size_t i, size_t after)
{
    if (!pr_bytes_are(d, i, "what", 4) && !(i > s->first && pr_bytes_are(d, i - 1, "what", 4)))
        return 0;
    for (size_t j = after; j < s->end && j < after + 8; j++)
        if (pr_punct(d, j))
            return d->text[d->tok[j].start] == ':';
    return 0;
}

/* True when a word that opens a clause of its own (kind clauseend:
 * "because", "when", "which", ...) stands in tokens [a, b): a guess word
 * after it ("already") belongs to that clause, not to the modal's.  Out
 * of line: called only when a guess word follows a modal. */
__attribute__((noinline, cold)) static int pr_clause_between(const pr_doc *d, size_t a, size_t b)
{
    for (; a < b; a++)
        if (!pr_punct(d, a) && pr_is(d, a, PR_CLAUSEEND))
            return 1;
    return 0;
}

static int pr_judge(const pr_doc *d, pr_sent *s, size_t i, size_t len, const pr_phrase *ph,
                    const pr_scan *sc, pr_cand *c)
{
    int at_start = sc->at_start, in_cond = sc->in_cond;
    /* a modal far into a condition with no comma belongs to the main clause:
     * "once a debt is sold the buyer should ..." (but "if they should fail") */
    if (in_cond && ph->kind == PR_MODAL && (pr_cond_ended(d, sc, i) || i > sc->cond_at + 4))
        in_cond = 0;
    const pr_state *st = d->st;
    size_t after = i + len;                       /* first token after the cue */
    size_t nx = pr_next_word(d, i + len - 1, s->end); /* next word */
    size_t act = after;                            /* action start */
    size_t known_end = 0;                          /* pr_action_end(act) when computed */
    memset(c, 0, sizeof *c);
    c->conf = ph->weight;
    c->cue = (annot_span){d->tok[i].start, d->tok[after - 1].end};
    c->proposer = "AUTHOR";

    switch (ph->kind) {
    case PR_MODAL: {
        if (in_cond || pr_law_states(d, s, i))
            return 0;
        /* "a must-win game": part of a compound */
        if (after < s->end && pr_punct(d, after) && d->text[d->tok[after].start] == '-' &&
            !(d->tok[after].flags & ANNOT_TOK_SPACE_BEFORE))
            return 0;
        /* "Should the talks fail, ...": inverted condition */
        if (at_start && nx < s->end && pr_is(d, nx, PR_SUBJECT) && !pr_gw(d, i, GW_P_THERE) &&
            !(i > s->first && (pr_gw(d, i - 1, GW_SO) || pr_gw(d, i - 1, GW_NOR) || pr_gw(d, i - 1, GW_NEITHER))))
            return 0;
        /* "must have been", "should have done" (typed "should of done"):
         * guess or regret */
        size_t h = nx;
        if (h < s->end && !pr_gw(d, h, GW_HAVE) && !pr_bytes_are(d, h, "of", 2))
            h = pr_next_word(d, h, s->end); /* "should also have done" */
        if (h < s->end && (pr_gw(d, h, GW_HAVE) || pr_bytes_are(d, h, "of", 2))) {
            size_t p = pr_next_word(d, h, s->end);
            if (p < s->end && (pr_is(d, p, PR_PARTICIPLE) || pr_ends_ed(d, p)))
                return 0;
        }
        /* "this should help exports", "it shouldn't be difficult to", "this
         * should be no problem": an expectation about a thing, not advice */
        if (i > s->first && nx < s->end &&
            (pr_gw(d, i - 1, GW_IT) || pr_gw(d, i - 1, GW_THIS) || pr_gw(d, i - 1, GW_THAT) ||
             pr_gw(d, i - 1, GW_WHICH))) {
            size_t v = nx;
            if (v < s->end && pr_gw(d, v, GW_NOT))
                v = pr_next_word(d, v, s->end);
            if (v < s->end && pr_gw(d, v, GW_BE)) {
                v = pr_next_word(d, v, s->end);
                if (v < s->end && pr_is(d, v, PR_DET)) /* "a", "no" */
                    v = pr_next_word(d, v, s->end);
            }
            if (v < s->end && pr_is(d, v, PR_EXPECT))
                return 0;
        }
        /* "they should have no problem paying", "should have nothing to
         * fear": an expectation whatever the subject */
        if (nx < s->end && pr_gw(d, nx, GW_HAVE)) {
            size_t v = pr_next_word(d, nx, s->end);
            if (v < s->end && pr_bytes_are(d, v, "nothing", 7))
                return 0;
            if (v < s->end && pr_bytes_are(d, v, "no", 2)) {
                v = pr_next_word(d, v, s->end);
                if (v < s->end && pr_is(d, v, PR_EXPECT))
                    return 0;
            }
        }
        /* "should be ready by now" */
        size_t lim = pr_action_end(d, s, after);
        known_end = lim;
        for (size_t j = after; j < lim && j < after + 8; j++)
            if (pr_match(d, j, lim, PM_EPISTEMIC, NULL)) {
                if (!pr_clause_between(d, after, j))
                    return 0;
                break; /* "shouldn't be barred just because it already appears" */
            }
        /* "it should be noted", "should not be interpreted as" */
        {
            size_t b = nx;
            if (b < s->end && pr_gw(d, b, GW_NOT))
                b = pr_next_word(d, b, s->end);
            if (b < s->end && pr_gw(d, b, GW_BE)) {
                size_t v = pr_next_word(d, b, s->end);
                if (v < s->end && pr_is(d, v, PR_DISCOURSE))
                    return 0;
            }
        }
        /* "as they should.": nothing proposed */
        {
            /* "has to stop" holds its verb; "should", "ought to", "has to be" do not */
            int whole = len > 1 && !pr_gw(d, after - 1, GW_TO) && !pr_gw(d, after - 1, GW_NOT) &&
                        !pr_gw(d, after - 1, GW_BE);
            size_t a0 = after < lim && pr_gw(d, after, GW_NOT) ? after + 1 : after;
            if (!whole && pr_span(d, a0, lim).end == 0)
                return 0;
        }
        /* "how they should go about it", "whether a third-party debt
         * buyer should report it": an embedded question, not advice; its
         * subject may be a long noun phrase, but a finite verb between
         * ("whether the books are right should be fined") closes it */
        for (size_t j = i, w = 0; j > s->first && w < 10;) {
            j--;
            if (pr_punct(d, j))
                break;
            w++;
            if (pr_is(d, j, PR_EMBED))
                return 0;
            uint16_t v = pr_id(d, j);
            if (v && (d->st->wflags[v] & PR_FINITE_BIT))
                break;
        }
        /* "the collector said I must pay by Friday", "I was told that I
         * should pay": someone else's demand on the writer, told as testimony */
        if (i > s->first && (pr_gw(d, i - 1, GW_P_I) || pr_gw(d, i - 1, GW_P_WE))) {
            int we = pr_gw(d, i - 1, GW_P_WE); /* "X said we must": X's view, unless told to us */
            if (!s->facts)
                pr_facts(d, s);
            for (size_t k = 0; k < s->nreport; k++) {
                size_t r = s->report[k];
                int passive = r > s->first && (pr_gw(d, r - 1, GW_F_WAS) || pr_gw(d, r - 1, GW_F_WERE) ||
                                               pr_gw(d, r - 1, GW_BEEN));
                int self = pr_self_before(d, s, r);
                /* "kept telling us we must": told to us */
                int to_us = we && r + 1 < i - 1 && pr_bytes_are(d, r + 1, "us", 2) && !self;
                if (r < i - 1 && (we ? (passive && self) || to_us : passive || !self))
                    return 0;
            }
        }
        pr_modal_subject(d, s, i, c);
        pr_speaker(d, s, i, c);
        if (c->addressee)
            c->conf += 0.05f;
        break;
    }
    case PR_NECESSITY: {
        if (in_cond || !pr_it_is(d, s, i))
            return 0;
        if (nx >= s->end)
            return 0;
        if (pr_gw(d, nx, GW_FOR)) {
            size_t to = pr_find_to(d, s, nx, 10, 0);
            if (!to)
                return 0;
            pr_object(d, s, nx, to - nx, c);
            act = to + 1;
        } else if (pr_gw(d, nx, GW_TO)) {
            act = nx + 1;
        } else if (pr_gw(d, nx, GW_THAT)) {
            act = nx + 1;
            pr_object(d, s, act, 4, c);
        } else if (pr_gw(d, i + len - 1, GW_TIME) && (pr_is(d, nx, PR_DET) || pr_is(d, nx, PR_SUBJECT) ||
                                                                 pr_object(d, s, nx, 2, c))) {
            act = nx; /* "it is time the world acted" */
        } else {
            return 0;
        }
        pr_speaker(d, s, i, c);
        break;
    }
    case PR_SUGGEST:
        if (i > s->first) {
            size_t p = i - 1;
            if (pr_is(d, p, PR_EVIDENTIAL))
                return 0;
        }
        /* fall through */
    case PR_PROPOSE:
        if (in_cond || pr_not_done(d, s, i) || pr_in_name(d, s, i))
            return 0;
        if (pr_det_before(d, s, i)) /* "the proposed rule" */
            return 0;
        /* "based upon suggested changes": a participle after a preposition
         * qualifies a noun */
        if (pr_ends_ed(d, i) && i > s->first && pr_is(d, i - 1, PR_PREP))
            return 0;
        /* "I was proposing a simpler method", "we were suggesting": the
         * writer tells of advice once in progress (what it was is judged on
         * its own: "I was suggesting that X should ...") */
        if (i > s->first + 1 && (pr_gw(d, i - 1, GW_F_WAS) || pr_gw(d, i - 1, GW_F_WERE)) &&
            (pr_gw(d, i - 2, GW_P_I) || pr_gw(d, i - 2, GW_P_WE)) && d->tok[i].end - d->tok[i].start > 4 &&
            !memcmp(d->lower + d->tok[i].end - 3, "ing", 3))
            return 0;
        if (len > 1 && pr_gw(d, after - 1, GW_THAT) && pr_that_claim(d, s, after - 1))
            return 0; /* "insisted that I owed the money" */
        if (nx < s->end && pr_gw(d, nx, GW_THAT)) {
            if (pr_that_claim(d, s, nx))
                return 0;
            act = nx + 1;
        } else if (nx < s->end && (pr_gw(d, nx, GW_TO) || pr_gw(d, nx, GW_FOR))) {
            act = nx + 1; /* "stressed the need to ...", "the need for ..." */
        } else if (nx == after && nx < s->end && (st->wflags[pr_id(d, nx)] & PR_FINITE_BIT) &&
                   !(i > s->first && (pr_gw(d, i - 1, GW_P_I) || pr_gw(d, i - 1, GW_P_WE)))) {
            /* "the changes you suggest would help", "what they propose is
             * unfair": a finite verb right after shows the object was moved
             * out; the sentence talks about a proposal (the writer's own
             * "what I propose is", "all we suggest is" still proposes) */
            return 0;
        }
        /* "my lawyer recommended that I file", "the clerk suggested I wait":
         * advice once given to the writer, told as testimony */
        if (act < s->end && pr_gw(d, act, GW_P_I) && pr_ends_ed(d, after - 1)) {
            int own = 0; /* "I recommended", "we strongly suggested" */
            for (size_t j = i, w = 0; j > s->first && w < 2; w++) {
                j--;
                own |= pr_gw(d, j, GW_P_I) || pr_gw(d, j, GW_P_WE);
            }
            if (!own)
                return 0;
        }
        pr_subject(d, s, i, len, c);
        pr_object(d, s, act, 6, c);
        if (c->proposer_span.end)
            c->conf += 0.05f;
        if (pr_participle_mod(d, s, i))
            c->conf -= 0.3f; /* "a report advocating ...": describes a text */
        break;
    case PR_ADDRESS: {
        if (in_cond)
            return 0;
        int weak = pr_is(d, i, PR_WEAK);
        if (pr_det_before(d, s, i) || pr_not_done(d, s, i) || pr_in_name(d, s, i)) /* "the press" */
            return 0;
        size_t to = nx < s->end && pr_gw(d, nx, GW_THAT) ? nx : pr_find_to(d, s, after, 12, 0);
        if (to && to == nx && pr_gw(d, to, GW_THAT) && pr_that_claim(d, s, to))
            return 0; /* "warned that consumers might boycott": a claim */
        /* (nx < s->end: with no word after the cue, nx is the sentence's
         * end, for the last sentence one past the last token) */
        if (!to && pr_is(d, i, PR_NPOBJ) && nx == after && nx < s->end && !pr_is(d, nx, PR_SUBJECT)) {
            /* "the UN urged restraint": the object is the action */
            pr_subject(d, s, i, len, c);
            break;
        }
        if (!to)
            return 0;
        int passive = i > s->first && (pr_gw(d, i - 1, GW_F_WERE) || pr_gw(d, i - 1, GW_F_WAS) || pr_gw(d, i - 1, GW_IS) ||
                                       pr_gw(d, i - 1, GW_F_ARE) || pr_gw(d, i - 1, GW_BEEN) || pr_gw(d, i - 1, GW_BE));
        /* "wants to buy": an intention, not a call on someone; "has been
         * asked to mediate", "could be encouraged to" are calls, but a weak
         * verb after "is"/"was" tells of an errand ("when a tenant is told
         * to leave") */
        if (to == after && !pr_gw(d, to, GW_THAT) &&
            !(passive && (!weak || pr_gw(d, i - 1, GW_BEEN) || pr_gw(d, i - 1, GW_BE))))
            return 0;
        act = to + 1;
        if (to > after && pr_gw(d, to - 1, GW_NOT))
            act = to - 1; /* "warned Russia not to invade" */
        if (passive) {
            /* passive: "diplomats were urged by France to ..." */
            if (pr_self_before(d, s, i))
                return 0; /* "I was asked to": an errand */
            pr_modal_subject(d, s, i, c);
            if (pr_gw(d, after, GW_BY)) {
                size_t lim = after + 5 < to ? after + 5 : to;
                pr_set_proposer(c, pr_actor_after(d, d->tok[after].end, d->tok[lim - 1].end));
            }
            if (!c->proposer_span.end)
                pr_speaker(d, s, i, c);
            break;
        }
        int named = pr_object(d, s, after, to - after, c);
        pr_subject(d, s, i, len, c);
        if (weak && !named && !c->proposer_span.end && !pr_writer_asks(d, s, i))
            return 0; /* "I ask that ...", "we encourage the board to": the writer asks */
        if (pr_participle_mod(d, s, i))
            c->conf -= 0.3f;
        if (named)
            c->conf += 0.03f;
        break;
    }
    case PR_NOUN: {
        if (in_cond)
            return 0;
        int det = pr_det_before(d, s, i);
        int linked = len > 1 && (pr_gw(d, after - 1, GW_TO) || pr_gw(d, after - 1, GW_FOR));
        /* "this proposal to require X would cost nothing", "the plan to
         * sell the port": a definite article or a demonstrative points at a
         * proposal already made (the rule under comment, one told before),
         * which the sentence talks about; unless a verb before makes it the
         * speaker's own again: a reporting verb or a past one ("he
         * underlined the call for talks", "Brazil defended that plan";
         * "submitted the proposal" is judged below) */
        int definite = i > s->first && (pr_gw(d, i - 1, GW_THE) || pr_gw(d, i - 1, GW_THIS) ||
                                        pr_gw(d, i - 1, GW_THAT) || pr_gw(d, i - 1, GW_THESE) ||
                                        pr_gw(d, i - 1, GW_THOSE));
        if (definite && i - 1 > s->first && (pr_is(d, i - 2, PR_REPORT) || pr_ends_ed(d, i - 2)))
            definite = 0;
        if (linked) {
            if (definite)
                return 0;
            /* "a plan to", "China's call for", not "China plans to", "it
             * plans to", "a firm that plans to" (a verb after a pronoun) */
            if (!det)
                return 0;
            const annot_token *t = &d->tok[i];
            if (pr_gw(d, i - 1, GW_IT) ||
                ((pr_gw(d, i - 1, GW_THAT) || pr_gw(d, i - 1, GW_WHICH)) && d->lower[t->end - 1] == 's'))
                return 0;
        } else {
            int ok = 0;
            if (nx < s->end && (pr_gw(d, nx, GW_TO) || pr_gw(d, nx, GW_THAT)) && !definite)
                ok = 1;
            if (nx < s->end && pr_gw(d, nx, GW_IS)) {
                size_t n2 = pr_next_word(d, nx, s->end);
                if (n2 < s->end && (pr_gw(d, n2, GW_TO) || pr_gw(d, n2, GW_THAT)))
                    ok = 1;
            }
            /* "submitted a proposal", "put forward proposals" */
            for (size_t j = i, m = 0; !ok && j > s->first && m < 4; m++) {
                j--;
                const uint16_t *g = st->gw;
                uint16_t v = pr_id(d, j);
                if (v && (v == g[GW_SUBMIT] || v == g[GW_SUBMITS] || v == g[GW_SUBMITTED] ||
                          v == g[GW_TABLED] || v == g[GW_FORWARD] || v == g[GW_PRESENTED]))
                    ok = 1;
            }
            if (!ok)
                return 0;
        }
        if (nx < s->end && (pr_gw(d, nx, GW_TO) || pr_gw(d, nx, GW_THAT) || pr_gw(d, nx, GW_FOR)))
            act = nx + 1;
        pr_subject(d, s, i, len, c);
        break;
    }
    case PR_WANT:
        if (in_cond || pr_want_heads_list(d, s, i, after))
            return 0;
        if (nx < s->end && pr_gw(d, nx, GW_TO))
            act = nx + 1; /* "the way forward is to ..." */
        pr_speaker(d, s, i, c);
        break;
    case PR_PASSIVE: {
        /* "residents were urged to ...": the subject is the addressee; the
         * proposer comes after "by", else from a reporting phrase */
        if (in_cond || pr_self_before(d, s, i))
            return 0; /* "I was asked to leave": an errand */
        pr_modal_subject(d, s, i, c);
        size_t by = pr_action_end(d, s, after);
        for (size_t j = after; j < by; j++) {
            if (pr_gw(d, j, GW_BY)) {
                size_t lim = j + 5 < s->end ? j + 5 : s->end;
                const annot_actor *a = pr_actor_after(d, d->tok[j].end, d->tok[lim - 1].end);
                if (a) {
                    pr_set_proposer(c, a);
                    break;
                }
            }
        }
        if (!c->proposer_span.end)
            pr_speaker(d, s, i, c);
        break;
    }
    case PR_SLOGAN:
        if (in_cond || !pr_slogan_ok(d, s->first, s->end, i, after))
            return 0;
        pr_speaker(d, s, i, c);
        break;
    case PR_PLEASE:
        if (nx >= s->end && i == s->first)
            return 0;
        pr_speaker(d, s, i, c);
        break;
    case PR_IMP:
    case PR_IMPDET:
        if (!at_start || in_cond)
            return 0;
        /* after a comma only "if X, do Y", "X, but do Y" or "do X, and do Y":
         * "..., and set a basis" is most often a verb phrase of the clause before */
        if (sc->after_comma && !sc->cond_closed && !(sc->conn_seen && (!sc->conn_and || s->imp_seen)))
            return 0;
        if (nx >= s->end) {
            /* "Stop!" alone; not "Change." or "Stop-go" */
            const char *e = after < s->end ? d->text + d->tok[after].start : "";
            if (ph->kind != PR_IMP || !(e[0] == '.' || e[0] == '!'))
                return 0;
        } else if (pr_is(d, nx, PR_NONIMP) || ((nx != after || pr_punct(d, after)) && !pr_money(d, after, nx))) {
            return 0;
        }
        if (ph->kind == PR_IMPDET && !pr_is(d, nx, PR_DET))
            return 0;
        act = i;
        c->imp = 1;
        pr_speaker(d, s, i, c);
        break;
    case PR_HEADTO:
        if (!(s->flags & ANNOT_SENT_HEADING) || !at_start || sc->conn_seen)
            return 0; /* "3.1 To build trust" is fine; "And to build" is not a heading of that kind */
        if (nx >= s->end || nx != after || pr_is(d, nx, PR_DET) || pr_gw(d, nx, GW_DATE) ||
            pr_gw(d, nx, GW_BE) || (d->tok[nx].flags & ANNOT_TOK_WORD) == 0)
            return 0;
        break;
    default:
        return 0;
    }
    size_t end = known_end && act == after ? known_end : pr_action_end(d, s, act);
    c->action = pr_span(d, act, end);
    c->act_end = end;
    c->takes = ph->kind == PR_PROPOSE || ph->kind == PR_SUGGEST || ph->kind == PR_ADDRESS || ph->kind == PR_NOUN;
    if (c->takes && !c->proposer_span.end && pr_third_subject(d, s, i) && !pr_self_before(d, s, i)) {
        /* (no span: the proposer is still the writer; pr_sentence carries
         * speakers over only later) */
        /* "Opposition lawmakers proposed": not the writer but someone the
         * story is about (chosen once the proposal is judged: the guess
         * adds no confidence); a new party rather than the last speaker
         * ("Protest leaders had demanded" after a quoted mediator) */
        pr_set_proposer(c, pr_standing_for(d, d->tok[s->first].sentence, d->tok[i].start, 0));
    }
    c->modal = ph->kind == PR_MODAL;
    if (c->conf > 1.0f)
        c->conf = 1.0f;
    return 1;
}

/* Try every cue phrase starting at token i, longest first; the first one
 * judged a proposal fills c.  Returns 1 when one was.  When the next
 * token cannot be the second word of any of the longer cues that open
 * the word's list (its length, or the sentence's end, rules them out),
 * the walk starts past them. */
static int pr_cues(const pr_doc *d, pr_sent *s, size_t i, const pr_scan *sc, pr_cand *c)
{
    uint16_t w = pr_id(d, i);
    if (!(d->st->smask[w] & PR_CUE_MASK))
        return 0;
    uint32_t k = 0;
    if (i + 1 >= s->end ||
        !(d->st->cue_len2[w] >> ((d->tok[i + 1].end - d->tok[i + 1].start) & 15) & 1u))
        k = d->st->ncue2[w];
    const pr_phrase *p = d->st->phrases + d->st->first[w] + k;
    for (; k < d->st->ncue[w]; k++, p++) {
        if (i + p->n > s->end || !pr_rest(d, i, p))
            continue;
        /* cheap positional tests first */
        if ((p->kind == PR_IMP || p->kind == PR_IMPDET) && !sc->at_start)
            continue;
        if (p->kind == PR_HEADTO && (!(s->flags & ANNOT_SENT_HEADING) || !sc->at_start))
            continue;
        if (pr_judge(d, s, i, p->n, p, sc, c))
            return 1;
    }
    return 0;
}

/* True when token i may be a verb outside the imperative lists opening an
 * imperative ("Reform the levy."): a plain word of no closed class, not
 * ending like an adverb, a participle or a third-person verb (-ly, -ing,
 * -ed, -s but -ss), no actor's name, starting no cue of its own, and
 * followed at once by a lower-case object word (kind impobj: "the",
 * "them", "your") that is not followed by a name. */
static int pr_gen_imp_rest(const pr_doc *d, size_t i, size_t end);

static inline int pr_gen_imp(const pr_doc *d, size_t i, size_t end)
{
    if (i + 1 >= end)
        return 0;
    const annot_token *t = &d->tok[i], *o = &d->tok[i + 1];
    /* first the test that turns most sentences away (seven in ten of the
     * generated news articles): the next word is longer than any object word */
    if (o->end - o->start > d->st->impobj_maxlen)
        return 0;
    size_t n = t->end - t->start;
    if (!d->st->gen_imp || n < 2 || n > PR_MAXLEN || !(t->flags & ANNOT_TOK_WORD))
        return 0;
    if ((o->flags & ANNOT_TOK_PUNCT) || ((o->flags & ANNOT_TOK_CAP) && !(t->flags & ANNOT_TOK_UPPER)))
        return 0; /* no object word; "Former US envoy": a capital inside a sentence is a name */
    if (d->ids[i + 1] == PR_UNK && !pr_may_be_unk(d->st->obj_len, d, i + 1))
        return 0; /* surely no object word: no lookups */
    return pr_gen_imp_rest(d, i, end);
}

/* The rest of pr_gen_imp's tests (out of line: few tokens get here). */
static int pr_gen_imp_rest(const pr_doc *d, size_t i, size_t end)
{
    const annot_token *t = &d->tok[i];
    size_t n = t->end - t->start;
    const char *w = d->lower + t->start;
    for (size_t k = 0; k < n; k++)
        if (w[k] < 'a' || w[k] > 'z')
            return 0;
    if ((w[n - 1] == 'y' && w[n - 2] == 'l') || (w[n - 1] == 's' && w[n - 2] != 's') ||
        (n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd') ||
        (n > 4 && w[n - 3] == 'i' && w[n - 2] == 'n' && w[n - 1] == 'g'))
        return 0;
    uint16_t id = pr_id(d, i);
    if (id && (d->st->wflags[id] & PR_CLOSED_WORDS))
        return 0;
    if (id && (d->st->smask[id] & PR_CUE_MASK))
        return 0; /* its own cues judge it */
    if (id && (d->st->smask[id] & PR_BIT(PR_BLOCK)) && pr_match(d, i, end, PM_BLOCK, NULL))
        return 0; /* "Trust me, ...": an idiom */
    if (!pr_is(d, i + 1, PR_IMPOBJ))
        return 0;
    if (i + 2 < end && (d->tok[i + 2].flags & ANNOT_TOK_CAP) && !(t->flags & ANNOT_TOK_UPPER))
        return 0; /* "Take the Geneva talks (as an example)": a named object reads as a pointer */
    if (d->nact && pr_actor_after(d, t->start, t->end))
        return 0; /* a name */
    return 1;
}

/* The speaker of a quotation left open at the end of sentence si, named
 * where it closes in one of the two sentences after (in the same
 * paragraph): a closing quotation mark (no space before it), then within
 * eight tokens a reporting verb (kind report) and an actor, or "he"/"she"
 * for the last person named.  NULL when none. */
static const annot_actor *pr_quote_closed_by(const pr_doc *d, uint32_t si)
{
    for (uint32_t sj = si + 1; sj < d->nsents && sj <= si + 2; sj++) {
        const annot_sentence *sn = &d->sents[sj];
        if (sn->flags & ANNOT_SENT_PARA_START)
            return NULL;
        size_t first = sn->first_token, end = first + sn->n_tokens;
        if (end > d->ntok)
            end = d->ntok;
        size_t q = first;
        while (q < end && !(pr_punct(d, q) && pr_boundary(d, q) == PB_QUOTE))
            q++;
        if (q == end)
            continue; /* the quotation runs on */
        if (d->tok[q].flags & ANNOT_TOK_SPACE_BEFORE)
            return NULL; /* an opening mark: another quotation */
        size_t lim = q + 9 < end ? q + 9 : end;
        for (size_t r = q + 1; r < lim; r++) {
            const pr_phrase *ph;
            if (pr_punct(d, r) || !pr_match(d, r, end, PM_FACTS, &ph) || ph->kind != PR_REPORT)
                continue;
            if (pr_gw(d, r - 1, GW_HE) || pr_gw(d, r - 1, GW_SHE))
                return d->last_person; /* '..." he said' */
            return pr_actor_after(d, d->tok[q].end, d->tok[lim - 1].end);
        }
        return NULL;
    }
    return NULL;
}

/* True when the clause of tokens [a, b) before a colon announces what the
 * writer asks for: a want phrase ("what I would like to see", "what we
 * need"), or a proposing verb or noun or an asking verb with the writer
 * in it ("I suggest three changes", "My suggestions", "what I want"),
 * found as a phrase of the cue data (not judged: "Here is what I want"
 * proposes nothing by itself). */
static int pr_list_intro(const pr_doc *d, size_t a, size_t b)
{
    const pr_state *st = d->st;
    const uint64_t askers = PR_BIT(PR_PROPOSE) | PR_BIT(PR_SUGGEST) | PR_BIT(PR_NOUN) | PR_BIT(PR_ADDRESS);
    int self = 0, asks = 0;
    for (size_t j = a; j < b; j++) {
        if (pr_punct(d, j))
            continue;
        uint16_t w = pr_id(d, j);
        if (!w)
            continue;
        self |= w == st->gw[GW_P_I] || w == st->gw[GW_P_WE] || pr_bytes_are(d, j, "my", 2) ||
                pr_bytes_are(d, j, "our", 3);
        if (!(st->smask[w] & PR_CUE_MASK))
            continue;
        const pr_phrase *p = st->phrases + st->first[w];
        for (uint32_t k = 0; k < st->ncue[w]; k++, p++) {
            if (j + p->n > b || !pr_rest(d, j, p))
                continue;
            if (p->kind == PR_WANT)
                return 1;
            if (PR_BIT(p->kind) & askers)
                asks = 1;
        }
    }
    return asks && self;
}

/* True when tokens [a, b) (list markers skipped) make a verbless item of
 * a list ("no calls before 9am", "written proof of the debt", "a cap on
 * fees"): two words or more, the first neither a pronoun nor a definite
 * or possessive determiner ("the current rule works fine", "my score
 * dropped": statements), no finite verb ("calls are limited", "an
 * attack of that size is a crime"), and not a title (half its words capitalised
 * or more). */
static int pr_list_verbless(const pr_doc *d, size_t a, size_t b)
{
    while (a < b && (d->tok[a].flags & (ANNOT_TOK_PUNCT | ANNOT_TOK_NUMBER)) &&
           !(d->tok[a].flags & ANNOT_TOK_POSSESSIVE))
        a++;
    if (a >= b || b - a > 40 || !(d->tok[a].flags & ANNOT_TOK_WORD))
        return 0;
    if (pr_is(d, a, PR_SUBJECT) && !pr_bytes_are(d, a, "a", 1) && !pr_bytes_are(d, a, "an", 2) &&
        !pr_bytes_are(d, a, "any", 3))
        return 0;
    size_t words = 0, caps = 0;
    for (size_t j = a; j < b; j++) {
        if (pr_punct(d, j))
            continue;
        words++;
        caps += (d->tok[j].flags & ANNOT_TOK_CAP) != 0;
        uint16_t w = pr_id(d, j);
        if (w && (d->st->wflags[w] & PR_FINITE_BIT))
            return 0;
    }
    /* "Repairing A Broken System": a title in a list of references */
    return words >= 2 && 2 * caps <= words;
}

/* The token after the list marker that opens an item at token i of a
 * sentence of tokens [first, end): a spaced dash or bullet, or a list
 * number ("2)", "(3)", "4."); 0 when none opens there. */
static size_t pr_list_marker(const pr_doc *d, size_t first, size_t end, size_t i)
{
    const annot_token *t = &d->tok[i];
    if (t->flags & ANNOT_TOK_NUMBER) {
        /* after a colon any word may end the item before ("... not to 2)
         * written proof"): pr_list_number's tests of the word before are
         * for numbers in running text */
        if (i + 2 >= end || t->end - t->start > 2 || !(d->tok[i + 2].flags & ANNOT_TOK_WORD))
            return 0;
        const annot_token *q = &d->tok[i + 1];
        if (q->end - q->start != 1 || (d->text[q->start] != '.' && d->text[q->start] != ')') ||
            (q->flags & ANNOT_TOK_SPACE_BEFORE))
            return 0;
        if (i > first) {
            const annot_token *p = &d->tok[i - 1];
            char pl = d->text[p->end - 1], pc = d->text[p->start];
            if ((p->flags & ANNOT_TOK_NUMBER) && pl >= '0' && pl <= '9')
                return 0; /* "1, 2.", "Chapter 7 2." (but "after 8pm 2. written ...") */
            if (pc == '$' || pc == '#' || pc == '.' || pc == '/' || pc == '(')
                return 0; /* (a "(2)" is opened at its bracket) */
        }
        return i + 2;
    }
    if (!pr_punct(d, i) || i + 1 >= end)
        return 0;
    const unsigned char *c = (const unsigned char *)d->text + t->start;
    size_t n = t->end - t->start;
    if (n == 1 && c[0] == '(' && i + 3 < end && (d->tok[i + 1].flags & ANNOT_TOK_NUMBER) &&
        d->tok[i + 1].end - d->tok[i + 1].start <= 2 && d->text[d->tok[i + 2].start] == ')' &&
        (d->tok[i + 3].flags & ANNOT_TOK_WORD))
        return i + 3; /* "(2) limit fees" */
    if (!(d->tok[i + 1].flags & ANNOT_TOK_WORD))
        return 0;
    int dash = (n == 1 && (c[0] == '-' || c[0] == '*')) ||
               (n == 3 && c[0] == 0xE2 && c[1] == 0x80 && (c[2] == 0xA2 || c[2] == 0x93 || c[2] == 0x94));
    return dash && (d->tok[i + 1].flags & ANNOT_TOK_SPACE_BEFORE) && (i == first || (t->flags & ANNOT_TOK_SPACE_BEFORE))
               ? i + 1
               : 0;
}

/* Make cand a verbless list item's proposal: the item of tokens [a, b)
 * (its marker skipped) is both cue and action ("Here is what I want: 1)
 * no calls at work 2) ..."); returns 1. */
__attribute__((noinline, cold)) static int pr_list_cand(const pr_doc *d, pr_sent *s, size_t a, size_t b, uint32_t clause, pr_cand *c)
{
    while (a < b && (d->tok[a].flags & (ANNOT_TOK_PUNCT | ANNOT_TOK_NUMBER)))
        a++;
    memset(c, 0, sizeof *c);
    c->conf = 0.6f;
    c->cue = (annot_span){d->tok[a].start, d->tok[a].end};
    c->action = pr_span(d, a, b);
    c->act_end = b;
    c->clause = clause;
    c->tok = a;
    pr_speaker(d, s, a, c);
    return 1;
}

/* Items of a list after the colon at token colon of sentence s: each item
 * that holds no candidate of its own and is verbless becomes a proposal
 * when the clause before the colon asks for something (pr_list_intro, or
 * a candidate of its own) or another item of a list with markers
 * proposes ("Three things would help: - written notice - stop all calls -
 * real fines").  Items open after the colon and at list markers, a ';'
 * ends one. */
__attribute__((noinline, cold)) static void pr_list_items(const pr_doc *d, pr_sent *s, size_t colon, pr_cand *cand, size_t *ncand)
{
    size_t start[PR_MAXCAND], stop[PR_MAXCAND], n = 0, marked = 0;
    size_t a = colon + 1;
    for (size_t i = colon + 1; i <= s->end && n < PR_MAXCAND; i++) {
        size_t m = 0;
        int semi = i < s->end && pr_punct(d, i) && d->text[d->tok[i].start] == ';';
        if (i < s->end && !semi && (i > a || i == colon + 1))
            m = pr_list_marker(d, s->first, s->end, i);
        marked += m != 0;
        if (i == s->end || semi || m) {
            if (i > a) {
                start[n] = a;
                stop[n++] = i;
            }
            a = semi ? i + 1 : i;
        }
    }
    /* "refrain from acting like: investigators, attorneys": what follows
     * a colon after a preposition or another closed-class word completes
     * the clause */
    uint16_t wb = pr_id(d, colon - 1);
    if (!n || (wb && (d->st->wflags[wb] & PR_CLOSED_WORDS)))
        return;
    int want = 0;
    size_t k0 = *ncand;
    for (size_t k = 0; k < k0; k++)
        want |= cand[k].conf >= d->st->min_conf && (cand[k].tok < colon || (marked >= 2 && cand[k].tok >= start[0]));
    if (!want)
        want = pr_list_intro(d, s->first, colon);
    if (!want)
        return;
    for (size_t q = 0; q < n && *ncand < PR_MAXCAND; q++) {
        int has = 0;
        for (size_t k = 0; k < k0; k++)
            has |= cand[k].tok >= start[q] && cand[k].tok < stop[q];
        if (!has && pr_list_verbless(d, start[q], stop[q]))
            *ncand += (size_t)pr_list_cand(d, s, start[q], stop[q], (uint32_t)(1000 + q), &cand[*ncand]);
    }
}

/* Scan one sentence and add its proposals; returns 0 or a host error.
 * carry holds the speaker of the sentence before, and is updated.  Always
 * inline: its one caller is the sentence loop, and GCC kept it out of line
 * once the list code made it longer (+3% of the plugin's instructions for
 * the call). */
__attribute__((always_inline)) static inline int pr_sentence(const pr_doc *d, annot_doc *doc,
                                                             const annot_sentence *sen, uint32_t si,
                                                             pr_carry *carry)
{
    const pr_state *st = d->st;
    pr_sent s;
    pr_sent_init(&s, sen->first_token, sen->first_token + sen->n_tokens, sen->flags);
    pr_cand cand[PR_MAXCAND];
    size_t ncand = 0;
    if (s.end > d->ntok)
        s.end = d->ntok;
    if (sen->flags & ANNOT_SENT_QUESTION) {
        /* only what stands before the question proper can propose: "The
         * fee should go Why charge it at all?" (a sentence with no stop) */
        size_t q = s.first;
        for (size_t i = s.first + 1; i < s.end; i++)
            if ((d->tok[i].flags & ANNOT_TOK_CAP) && !pr_punct(d, i - 1) && pr_is(d, i, PR_QWORD))
                q = i;
        if (q == s.first)
            return 0;
        s.end = q;
    }

    pr_scan sc = {.at_start = 1, .numbering = 1};
    uint32_t clause = 0;
    size_t supp_until = s.first;
    for (size_t i = s.first; i < s.end; i++) {
        /* punctuation and numbers; one test passes words (most tokens) by */
        const uint32_t tf = d->tok[i].flags;
        if (tf & (ANNOT_TOK_PUNCT | ANNOT_TOK_NUMBER)) {
            if ((tf & (ANNOT_TOK_PUNCT | ANNOT_TOK_POSSESSIVE)) == ANNOT_TOK_PUNCT) { /* pr_punct */
                int b = pr_boundary(d, i);
                if (b == PB_COMMA && sc.at_start && sc.conn_seen) {
                    /* "Otherwise, go ...": a comma after an opening connector */
                    continue;
                }
                if (b == PB_COMMA && clause == 0 && ncand == 0 && pr_vocative(d, s.first, i)) {
                    /* "CFPB, do your job": a comma after a vocative */
                    sc.at_start = sc.conn_seen = 1;
                    sc.conn_and = 0;
                    continue;
                }
                if (b == PB_COMMA || b == PB_HARD || b == PB_OPEN) {
                    if (b == PB_HARD && !s.colon && i > s.first && d->text[d->tok[i].start] == ':' &&
                        i + 1 < s.end && (d->tok[i + 1].flags & ANNOT_TOK_SPACE_BEFORE))
                        s.colon = i; /* (not "10:30", "z:q") */
                    clause++;
                    sc.cond_closed = b == PB_COMMA && sc.in_cond;
                    sc.after_comma = b == PB_COMMA;
                    sc.at_start = 1;
                    sc.conn_seen = sc.conn_and = 0;
                    sc.in_cond = 0;
                } else if (b == PB_CLOSE && !sc.numbering) {
                    clause++;
                    sc.at_start = 0;
                }
                continue;
            }
            if (tf & ANNOT_TOK_NUMBER) {
                if (pr_list_number(d, s.first, s.end, i)) {
                    /* "... not a robot 4. stop reporting ...", "...: (1) require
                     * ...": a list item begins */
                    clause += !sc.at_start;
                    sc.at_start = sc.numbering = 1;
                    sc.conn_seen = sc.conn_and = sc.after_comma = sc.cond_closed = sc.in_cond = 0;
                    continue;
                }
                /* "2) Require ...", "3.1 To build ...": numbering keeps the start */
                if (!(sc.at_start && ((i + 1 < s.end && pr_punct(d, i + 1)) || sc.numbering)))
                    sc.at_start = 0;
                continue;
            }
        }
        sc.numbering = 0;
        if (!sc.at_start && (d->tok[i].flags & ANNOT_TOK_CAP) && d->ids[i] != PR_UNK &&
            (st->smask[d->ids[i]] & (PR_BIT(PR_IMP) | PR_BIT(PR_IMPDET))) && pr_lost_stop(d, s.first, s.end, i)) {
            /* "... in an hour Raise the damages": a clause that lost its full
             * stop (only before a verb of the imperative lists: "urged
             * Russia to" is no new clause) */
            clause++;
            sc.at_start = 1;
            sc.conn_seen = sc.conn_and = sc.after_comma = sc.cond_closed = sc.in_cond = 0;
        }
        if (clause == 0 && sc.at_start && !sc.in_cond && ncand == 0 && pr_gen_imp(d, i, s.end)) {
            /* a verb of no list opening the sentence: judged as an imperative */
            const pr_phrase gen = {.kind = PR_IMP, .n = 1, .weight = st->gen_imp};
            if (pr_judge(d, &s, i, 1, &gen, &sc, &cand[0])) {
                cand[0].clause = clause;
                cand[0].tok = i;
                s.imp_seen = 1;
                ncand = 1;
            }
            sc.at_start = 0;
            continue;
        }
        if (d->ids[i] == PR_UNK && !pr_may_be_unk(st->scan_len, d, i)) {
            sc.at_start = 0; /* starts no phrase matched here: no lookup needed */
            continue;
        }
        uint16_t w = pr_id(d, i);
        if (!w || !(st->wflags[w] & PR_FIRST_BIT)) {
            sc.at_start = 0;
            continue;
        }
        const pr_phrase *ph;
        uint64_t m = st->smask[w];
        size_t n = (m & PR_BIT(PR_BLOCK)) ? pr_match(d, i, s.end, PM_BLOCK, &ph) : 0;
        if (n && i + n > supp_until)
            supp_until = i + n;
        /* a condition opens a clause; "if" and "unless" also open one after
         * the main clause ("the notice is useless unless collectors must
         * send it"): what follows them is the condition */
        size_t cl = (m & PR_BIT(PR_COND)) && (sc.at_start || pr_bytes_are(d, i, "if", 2) ||
                                              pr_bytes_are(d, i, "unless", 6))
                        ? pr_match(d, i, s.end, PM_COND, &ph)
                        : 0;
        if (cl) {
            sc.cond_mid = !sc.at_start;
            sc.in_cond = 1;
            sc.cond_at = i + cl - 1;
        } else if (sc.in_cond && pr_gw(d, i, GW_THEN)) {
            /* "if X then do Y"; after a main clause ("ask if it is fine and
             * would then ...") "then" opens nothing */
            sc.in_cond = 0;
            if (!sc.cond_mid) {
                sc.at_start = sc.conn_seen = sc.cond_closed = 1;
                continue;
            }
        }
        /* pr_cues tries a word's imperative and heading cues only at a
         * clause start: elsewhere a word that starts no other cue is passed by */
        const uint64_t cues =
            sc.at_start ? PR_CUE_MASK : PR_CUE_MASK & ~(PR_BIT(PR_IMP) | PR_BIT(PR_IMPDET) | PR_BIT(PR_HEADTO));
        if ((m & cues) && i >= supp_until && ncand < PR_MAXCAND && pr_cues(d, &s, i, &sc, &cand[ncand])) {
            cand[ncand].clause = clause;
            cand[ncand].tok = i;
            if (cand[ncand].imp)
                s.imp_seen = 1;
            /* cues close together in one clause make one proposal: keep the
             * stronger (but a modal with a subject of its own after an
             * imperative starts a run-on clause: "STOP THIS NOW there
             * should be a limit") */
            size_t k;
            for (k = 0; k < ncand; k++)
                if ((cand[k].clause == clause && i - cand[k].tok < PR_NEAR &&
                     !(cand[k].imp && cand[ncand].modal && i > s.first && pr_is(d, i - 1, PR_SUBJECT))) ||
                    (cand[k].takes && i < cand[k].act_end && cand[k].clause == clause))
                    break;
            if (k == ncand)
                ncand++;
            else if (cand[ncand].conf > cand[k].conf)
                cand[k].conf = cand[ncand].conf; /* the clause's first cue stays */
        }
        if (!sc.at_start && s.imp_seen && !sc.in_cond &&
            (pr_gw(d, i, GW_AND) || pr_gw(d, i, GW_OR) || pr_bytes_are(d, i, "but", 3))) {
            /* "Punish bad actors but restore trust": after an imperative, a
             * coordinator may open another one, a clause of its own */
            clause++;
            sc.at_start = sc.conn_seen = 1;
            sc.conn_and = sc.after_comma = sc.cond_closed = 0;
            continue;
        }
        size_t cn = sc.at_start && (m & PR_BIT(PR_CONNECT)) ? pr_match(d, i, s.end, PM_CONNECT, &ph) : 0;
        if (cn) {
            sc.conn_and = (sc.conn_seen ? sc.conn_and : 1) && cn == 1 && (pr_gw(d, i, GW_AND) || pr_gw(d, i, GW_OR));
            i += cn - 1;
            sc.conn_seen = 1;
            continue; /* at_start stays */
        }
        sc.at_start = 0;
    }

    if (s.colon)
        pr_list_items(d, &s, s.colon, cand, &ncand);

    /* a sentence with no speaker of its own goes on with the view reported
     * just before it, in the same paragraph */
    int fresh = carry->code && carry->sentence + 1 == si && !(sen->flags & ANNOT_SENT_PARA_START);
    const pr_cand *spk = NULL;
    for (size_t k = 0; k < ncand; k++) {
        if (fresh && cand[k].own) {
            cand[k].proposer = carry->code;
            cand[k].proposer_span = carry->span;
            cand[k].reported = 1;
        }
        if (cand[k].quoted && !cand[k].proposer_span.end && !strcmp(cand[k].proposer, "AUTHOR")) {
            /* a quotation is not the writer's voice: its speaker is the one
             * named where it closes in a sentence after ('"We must act.
             * The world is watching," Guterres said.'), else the one
             * reported just before, else the last person named */
            const annot_actor *lp = d->last_person && d->last_person->sentence + 3 >= si ? d->last_person
                                                                                         : d->last_actor;
            if (lp && lp->sentence + 3 < si)
                lp = NULL;
            const annot_actor *fa = s.facts && (s.nquote & 1) ? pr_quote_closed_by(d, si) : NULL;
            if (fa) {
                cand[k].proposer = fa->code;
                cand[k].proposer_span = fa->span;
                cand[k].reported = 1;
            } else if (carry->code && carry->sentence + 2 >= si) {
                cand[k].proposer = carry->code;
                cand[k].proposer_span = carry->span;
                cand[k].reported = 1;
            } else if (lp) {
                cand[k].proposer = lp->code;
                cand[k].proposer_span = lp->span;
                cand[k].reported = 1;
            } /* else: no one named nearby; the writer may quote a text */
        }
        if (cand[k].reported && !spk)
            spk = &cand[k];
    }
    carry->code = NULL;
    if (spk) {
        carry->code = spk->proposer;
        carry->span = spk->proposer_span;
        carry->sentence = si;
    }
    for (size_t k = 0; k < ncand; k++) {
        if (cand[k].proposer_span.end) { /* an actor proposes */
            carry->last = cand[k].proposer_span;
            carry->last_sentence = si;
            break;
        }
    }

    /* emit, strongest first (a selection sort of their indices: the same
     * order, ties included, as swapping the candidates themselves) */
    _Static_assert(PR_MAXCAND == 16, "ord0 lists PR_MAXCAND indices");
    static const uint8_t ord0[PR_MAXCAND] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    uint8_t ord[PR_MAXCAND];
    memcpy(ord, ord0, sizeof ord); /* (a loop up to ncand drew a false -Wstringop-overflow) */
    for (size_t e = 0; e < ncand && (long long)e < st->max_per_sentence; e++) {
        size_t best = e;
        for (size_t k = e + 1; k < ncand; k++)
            if (cand[ord[k]].conf > cand[ord[best]].conf)
                best = k;
        uint8_t tmp = ord[e];
        ord[e] = ord[best];
        ord[best] = tmp;
        const pr_cand *c = &cand[ord[e]];
        if (c->conf < st->min_conf)
            break;
        annot_proposal p;
        memset(&p, 0, sizeof p);
        p.proposer = c->proposer;
        p.addressee = c->addressee ? c->addressee : "";
        p.proposer_span = c->proposer_span;
        p.addressee_span = c->addressee_span;
        p.action = c->action;
        p.cue = c->cue;
        p.sentence = si;
        p.confidence = c->conf;
        int rc = st->host->add_proposal(doc, &p);
        if (rc < 0)
            return rc;
        carry->emit_si = si + 1;
    }
    return 0;
}

/* Insertion sort of actor indices by span start; returns nothing. */
/* qsort order of (start << 32 | index) keys. */
static int pr_key_cmp(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Sort actor indices by span start (stable); returns 0 or ANNOT_ENOMEM. */
static int pr_sort_actors(const annot_actor *a, uint32_t *ord, size_t n)
{
    size_t sorted = 1;
    while (sorted < n && a[sorted - 1].span.start <= a[sorted].span.start)
        sorted++;
    if (sorted >= n)
        return 0; /* the host's order is already by start */
    if (n > 32) {
        uint64_t *k = malloc(n * sizeof *k);
        if (!k)
            return ANNOT_ENOMEM;
        for (size_t j = 0; j < n; j++)
            k[j] = (uint64_t)a[j].span.start << 32 | j;
        qsort(k, n, sizeof *k, pr_key_cmp);
        for (size_t j = 0; j < n; j++)
            ord[j] = (uint32_t)k[j];
        free(k);
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t v = ord[i];
        size_t j = i;
        while (j > 0 && a[ord[j - 1]].span.start > a[v].span.start) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = v;
    }
    return 0;
}

/* True when the cue phrase p matched at token i of a sentence of tokens
 * [first, end) may be judged a proposal: a cheap necessary condition of
 * pr_judge for its kind (1 when there is none). */
__attribute__((always_inline)) static inline int pr_worth_cue(const pr_doc *d, size_t first, size_t end, size_t i,
                                                              const pr_phrase *p)
{
    size_t after = i + p->n;
    pr_sent s;
    pr_sent_init(&s, first, end, 0);
    switch (p->kind) {
    case PR_NECESSITY:
        return pr_it_is(d, &s, i);
    case PR_SLOGAN:
        return pr_slogan_ok(d, first, end, i, after);
    case PR_SUGGEST:
    case PR_PROPOSE:
        /* not "the proposed rule", not "never suggested" */
        return !pr_det_before(d, &s, i) && !pr_negated(d, &s, i);
    case PR_NOUN:
        /* "a plan to", "China's call for" need the determiner */
        if (p->n > 1 && (p->w[p->n - 1] == d->st->gw[GW_TO] || p->w[p->n - 1] == d->st->gw[GW_FOR]))
            return pr_det_before(d, &s, i);
        return 1;
    case PR_ADDRESS: {
        /* "urge X to", "told X that", or "urged restraint" */
        if (pr_is(d, i, PR_NPOBJ))
            return 1;
        size_t nx = after;
        while (nx < end && pr_punct(d, nx))
            nx++;
        if (nx < end && pr_bytes_are(d, nx, "that", 4))
            return 1;
        /* (or a colon: "Here is what I want in the lease: 1) no rent rise
         * ...", a list that asks, see pr_list_items) */
        for (size_t j = after; j < end && j < after + 12; j++)
            if (pr_bytes_are(d, j, "to", 2) || (d->text[d->tok[j].start] == ':' && pr_punct(d, j)))
                return 1;
        return 0;
    }
    default:
        return 1;
    }
}

/* True when an imperative verb at token i (smask m) may be judged one:
 * the next token is a word that does not show a finite clause (kind
 * nonimp) and, for a verb that is only impdet, an object word; or the
 * verb stands alone before '.' or '!' (the tests of pr_judge). */
static int pr_worth_imp(const pr_doc *d, size_t end, size_t i, uint64_t m)
{
    if (i + 1 >= end)
        return 0;
    if (pr_punct(d, i + 1)) {
        char c = d->text[d->tok[i + 1].start];
        return (m & PR_BIT(PR_IMP)) && (c == '.' || c == '!' || pr_money(d, i + 1, i + 2));
    }
    if (pr_is(d, i + 1, PR_NONIMP))
        return 0;
    return (m & PR_BIT(PR_IMP)) || pr_is(d, i + 1, PR_DET);
}

/* True when an imperative's verb at token at of a sentence of tokens
 * [first, end) may stand at a clause start as the scan of pr_sentence sees
 * one (a superset of what pr_judge accepts): after the connectors before
 * it ("and then stop"), the sentence starts, or a hard boundary, a bracket
 * or a dash stands (quotes, other punctuation and numbers skipped), or a
 * comma after which a connector stands or before which a clause holds a
 * word that may open a condition or a connector ("If they refuse, sue";
 * "Otherwise, go"). */
static int pr_worth_start(const pr_doc *d, size_t first, size_t end, size_t at)
{
    const pr_state *st = d->st;
    size_t j = at;
    int conn = 0;
    for (int found = 1; found && j > first;) {
        found = 0;
        for (size_t len = 1; len <= 4 && len <= j - first && !found; len++) {
            size_t k = j - len;
            if (pr_punct(d, k))
                break;
            if (d->ids[k] == PR_UNK && !pr_may_be_unk(st->conn_len, d, k))
                continue;
            if (pr_match(d, k, j, PM_CONNECT, NULL) == len) {
                found = 1;
                conn = 1;
                if (pr_gw(d, k, GW_THEN))
                    return 1; /* "if they refuse then sue" */
                j = k;
            }
        }
    }
    size_t b = j;
    while (b > first && ((pr_punct(d, b - 1) && (pr_boundary(d, b - 1) == PB_NONE || pr_boundary(d, b - 1) == PB_QUOTE)) ||
                         (d->tok[b - 1].flags & ANNOT_TOK_NUMBER)))
        b--;
    if (b == first)
        return 1;
    if (b < j && pr_list_number(d, first, end, b))
        return 1; /* "... not a robot 4. stop ..." */
    if (b == at && pr_lost_stop(d, first, end, at))
        return 1; /* "... in an hour Raise the damages" */
    if (!pr_punct(d, b - 1))
        return 0; /* a word before: inside a clause ("to keep the deal") */
    if (pr_boundary(d, b - 1) != PB_COMMA || conn)
        return 1;
    /* after a bare comma: the clause before it must be a condition, or
     * only connectors ("Otherwise, go"), or a vocative ("CFPB, act") */
    if (pr_vocative(d, first, b - 1))
        return 1;
    for (size_t k = b - 1; k-- > first;) {
        if (pr_punct(d, k)) {
            int c = pr_boundary(d, k);
            if (c == PB_COMMA || c == PB_HARD || c == PB_OPEN)
                break;
            continue;
        }
        uint16_t w = pr_id(d, k);
        if (w && (st->smask[w] & (PR_BIT(PR_COND) | PR_BIT(PR_CONNECT))))
            return 1;
    }
    return 0;
}

/* True when a sentence may hold a proposal (anc: the nanc tokens of the
 * sentence where the eager pass found an anchor word): it is a heading holding "to",
 * a verb of no list opens it, or a cue phrase matches in it (found from
 * its anchor word, looked up eagerly) and passes its kind's cheap test:
 * pr_worth_cue for a cue that may stand anywhere; for an imperative, a
 * clause start before it (anywhere in a heading, where numbering may
 * precede it) and pr_worth_imp after it.  Most sentences are skipped
 * after this one cheap pass. */
__attribute__((always_inline)) static inline int pr_worth(const pr_doc *d, const annot_sentence *sen,
                                                          const uint32_t *anc, size_t nanc)
{
    const pr_state *st = d->st;
    const uint64_t imp = PR_BIT(PR_IMP) | PR_BIT(PR_IMPDET);
    size_t first = sen->first_token, end = first + sen->n_tokens;
    if (end > d->ntok)
        end = d->ntok;
    const int heading = (sen->flags & ANNOT_SENT_HEADING) != 0;
    if (heading) {
        /* "To deepen cooperation ...": "to" may open a heading */
        for (size_t i = first; i < end; i++)
            if (pr_bytes_are(d, i, "to", 2))
                return 1;
        /* an imperative may follow numbering anywhere in a heading: its
         * verb may not have been looked up eagerly (headings are short:
         * every word left is looked up now) */
        for (size_t i = first; i < end; i++)
            if (d->ids[i] == PR_UNK && d->tok[i].end > d->tok[i].start)
                (void)pr_id(d, i);
    }
    if (st->gen_imp) {
        /* the first word past numbering and opening connectors */
        size_t i = first;
        while (i < end && (d->tok[i].flags & (ANNOT_TOK_PUNCT | ANNOT_TOK_NUMBER)))
            i++;
        while (i < end && (d->ids[i] != PR_UNK || pr_may_be_unk(st->conn_len, d, i)) && pr_is(d, i, PR_CONNECT))
            i++;
        if (i < end && pr_gen_imp(d, i, end))
            return 1;
    }
    /* anchor words were looked up eagerly; a heading's verbs just now */
    for (size_t q = 0, nq = heading ? end - first : nanc; q < nq; q++) {
        size_t i = heading ? first + q : anc[q];
        uint16_t w = d->ids[i];
        if (!w || w == PR_UNK || !st->an[w])
            continue;
        const uint32_t *ap = st->aphr + st->afirst[w];
        for (uint32_t k = 0; k < st->an[w]; k++) {
            const pr_phrase *p = &st->phrases[ap[k]];
            if (i < first + p->anchor)
                continue;
            size_t at = i - p->anchor;
            if (at + p->n > end)
                continue;
            size_t j = 0;
            while (j < p->n && (j == p->anchor || (pr_len_fits(d, at + j, p->w[j]) && pr_id(d, at + j) == p->w[j])))
                j++;
            if (j < p->n)
                continue;
            if (PR_BIT(p->kind) & imp) {
                uint64_t m = st->smask[p->w[0]];
                if (pr_worth_imp(d, end, at, m) && (heading || pr_worth_start(d, first, end, at)))
                    return 1;
            } else if (pr_worth_cue(d, first, end, at, p)) {
                return 1;
            }
        }
    }
    return 0;
}

/* True when the eager pass gives token flags f the id 0 without a look:
 * a number, or punctuation other than a possessive ("'s"). */
static inline int pr_eager_skip(uint32_t f)
{
    return (f & (ANNOT_TOK_NUMBER | ANNOT_TOK_PUNCT)) && ((f & ANNOT_TOK_NUMBER) || !(f & ANNOT_TOK_POSSESSIVE));
}

/* pr_eager_wants for token t (first: it is the text's first token; kp:
 * where its key goes in keys), read through t and kp, at fixed offsets
 * in the unrolled loop of pr_eager. */
static inline int pr_eager_wants_at(const pr_doc *d, const annot_token *t, int first, size_t n, unsigned key,
                                    const uint16_t *kp)
{
    const pr_state *st = d->st;
    if (st->anc_len[key] >> (n & 15) & 1u)
        return 1; /* an anchor */
    if (first)
        return 1;
    uint32_t f = t->flags;
    const annot_token *p = t - 1;
    if ((f & ANNOT_TOK_SENT_START) ||
        ((p->flags & (ANNOT_TOK_PUNCT | ANNOT_TOK_NUMBER)) && !(p->flags & ANNOT_TOK_POSSESSIVE)) ||
        ((f & ANNOT_TOK_CAP) && !(p->flags & ANNOT_TOK_CAP))) /* a lost full stop */
        return 1;
    size_t pn = p->end - p->start;
    if (pn == 0)
        return 0;
    /* a word before that may be a connector (the conn_len filter), its key
     * where the eager pass stored it */
    unsigned pk = pr_eager_skip(p->flags) ? pr_tok_key(d->lower, d->len, p, pn) : kp[-1];
    return (st->conn_len[pk] >> (pn & 15) & 1u) != 0;
}

/* The eager pass's rare case: token i (n bytes, filter key key) passed
 * the anchor or the imperative filter (keys holds the keys of the tokens
 * before it that pr_eager_skip lets through); true when it is to be
 * looked up.  An anchor word always is; the verb of an imperative only
 * where a clause may start: at the start of a sentence, after punctuation
 * or a number, or after a word that may be a connector ("and stop the
 * calls").  Inline: most tokens that get here are verbs inside a clause. */
static inline int pr_eager_wants(const pr_doc *d, size_t i, size_t n, unsigned key, const uint16_t *keys)
{
    return pr_eager_wants_at(d, &d->tok[i], i == 0, n, key, &keys[i]);
}

/* Look token i up for the eager pass (pr_eager_wants said so): sets
 * ids[i] (an id, 0, or PR_UNK when the anchor hash filter turns it away)
 * and appends i to anc when it is an anchor word; returns the new count
 * of anc. */
static size_t pr_eager_look_any(const pr_doc *d, size_t i, uint16_t *ids, uint32_t *anc, size_t nanc);

static size_t pr_eager_look(const pr_doc *d, size_t i, uint16_t *ids, uint32_t *anc, size_t nanc)
{
    const pr_state *st = d->st;
    uint16_t v = pr_token_id_short(st, d->lower, d->len, &d->tok[i], 1);
    if (v == PR_SLOW)
        return pr_eager_look_any(d, i, ids, anc, nanc); /* a tail call: this function saves fewer registers */
    ids[i] = v;
    if (v && v != PR_UNK && st->an[v])
        anc[nanc++] = (uint32_t)i; /* in token order */
    return nanc;
}

/* pr_eager_look's rare case: a long or non-ASCII token, or one near the
 * end of the text. */
__attribute__((noinline)) static size_t pr_eager_look_any(const pr_doc *d, size_t i, uint16_t *ids, uint32_t *anc,
                                                          size_t nanc)
{
    const pr_state *st = d->st;
    uint16_t v = pr_token_id_any(st, d->lower, d->len, &d->tok[i], 1);
    ids[i] = v;
    if (v && v != PR_UNK && st->an[v])
        anc[nanc++] = (uint32_t)i; /* in token order */
    return nanc;
}

/* The eager pass over every token of the document: ids[i] is 0 for a
 * number or punctuation (but a possessive), the id of a word the anchor
 * or imperative filters let through and that was looked up, else PR_UNK;
 * keys[i] is the filter key (pr_tok_key) of every other token, for the
 * later filters (pr_may_be_unk).  The tokens holding an anchor word go
 * to anc, in token order; returns how many.  Most tokens cost a key and
 * one table read here: the loop is kept apart from the rest so that it
 * stays tight. */
__attribute__((noinline)) static size_t pr_eager(const pr_doc *d, uint16_t *ids, uint16_t *keys, uint32_t *anc)
{
    const annot_token *tok = d->tok;
    const pr_state *st = d->st; /* one base register for keep and eager_len */
    const char *lower = d->lower;
    size_t ntok = d->ntok, nanc = 0, i = 0;
    memset(ids, 0xFF, ntok * sizeof *ids); /* PR_UNK */
    /* tokens before safe can be read four bytes at a time */
    size_t safe = ntok;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (safe > 0 && (size_t)tok[safe - 1].start + 4 > d->len)
        safe--;
#else
    safe = 0;
#endif
    /* blocks of 16 tokens, the inner loop unrolled: token k of a block is
     * read and written at fixed offsets from the block's pointers, so a
     * token costs no pointer or index step (one step a block) */
    for (; i + 16 <= safe; i += 16) {
        const annot_token *tb = tok + i;
        uint16_t *ib = ids + i, *kb = keys + i;
#pragma GCC unroll 16
        for (size_t k = 0; k < 16; k++) {
            const annot_token *t = &tb[k];
            if (pr_eager_skip(t->flags)) {
                ib[k] = 0;
                continue;
            }
            size_t n = t->end - t->start;
            uint32_t x; /* pr_tok_key4 */
            memcpy(&x, lower + t->start, 4);
            unsigned key = pr_key32(x & st->keep[(uint8_t)n]); /* = pr_keep[n & 63] */
            kb[k] = (uint16_t)key;
            if ((st->eager_len[key] >> (n & 31) & 1u) &&
                pr_eager_wants_at(d, t, i + k == 0, n, key, &kb[k])) /* most words stop here */
                nanc = pr_eager_look(d, i + k, ids, anc, nanc);
        }
    }
    for (; i < safe; i++) { /* the rest of the tokens read four bytes at a time */
        const annot_token *t = &tok[i];
        if (pr_eager_skip(t->flags)) {
            ids[i] = 0;
            continue;
        }
        size_t n = t->end - t->start;
        uint32_t x; /* pr_tok_key4 */
        memcpy(&x, lower + t->start, 4);
        unsigned key = pr_key32(x & st->keep[(uint8_t)n]); /* = pr_keep[n & 63] */
        keys[i] = (uint16_t)key;
        if ((st->eager_len[key] >> (n & 31) & 1u) && pr_eager_wants(d, i, n, key, keys))
            nanc = pr_eager_look(d, i, ids, anc, nanc);
    }
    for (; i < ntok; i++) { /* the last few tokens, read byte by byte */
        const annot_token *t = &tok[i];
        if (pr_eager_skip(t->flags)) {
            ids[i] = 0;
            continue;
        }
        size_t n = t->end - t->start;
        unsigned key = pr_tok_key(lower, d->len, t, n);
        keys[i] = (uint16_t)key;
        if ((st->eager_len[key] >> (n & 31) & 1u) && pr_eager_wants(d, i, n, key, keys))
            nanc = pr_eager_look(d, i, ids, anc, nanc);
    }
    return nanc;
}

/* Whether sentence si, a line with no final stop (the host's heading), is
 * an item of a list standing in sentences of its own: it opens with a
 * list marker ("1)", "(2)", "- ") right after a sentence ending in ':' or
 * after another item of the list.  Returns 1 when the list asks for
 * something (the line before the first item does, pr_list_intro, or
 * proposes itself, or an item before proposed), 2 for an item of another
 * list, 0 for no item; updates l.  Out of line: few sentences open so. */
__attribute__((noinline, cold)) static int pr_list_item(const pr_doc *d, uint32_t si, pr_list *l)
{
    size_t t0 = d->sents[si].first_token, t1 = t0 + d->sents[si].n_tokens;
    if (t1 > d->ntok)
        t1 = d->ntok;
    if (t1 <= t0 + 1 || !pr_list_marker(d, t0, t1, t0) || si == 0)
        return 0;
    if (l->si != si) { /* not right after an item: after a line ending in ':'? */
        const annot_sentence *p = &d->sents[si - 1];
        size_t p0 = p->first_token, p1 = p0 + p->n_tokens;
        if (p1 > d->ntok)
            p1 = d->ntok;
        if (p1 <= p0 + 1 || !pr_punct(d, p1 - 1) || d->text[d->tok[p1 - 1].start] != ':')
            return 0;
        uint16_t wb = pr_id(d, p1 - 2);
        if (wb && (d->st->wflags[wb] & PR_CLOSED_WORDS))
            return 0; /* "... acting like:" */
        l->asks = d->carry->emit_si == si || pr_list_intro(d, p0, p1 - 1);
    }
    l->si = si + 1;
    return l->asks ? 1 : 2;
}

/* Add sentence si, an item of a list that asks for something with no
 * proposal of its own, as the writer's proposal when it is verbless
 * (pr_list_verbless: "2) written proof of the debt"); returns 0 or a host
 * error.  Out of line: few sentences get here. */
__attribute__((noinline, cold)) static int pr_list_emit(const pr_doc *d, annot_doc *doc, uint32_t si)
{
    size_t a = d->sents[si].first_token, b = a + d->sents[si].n_tokens;
    if (b > d->ntok)
        b = d->ntok;
    if (!pr_list_verbless(d, a, b))
        return 0;
    while (a < b && (d->tok[a].flags & (ANNOT_TOK_PUNCT | ANNOT_TOK_NUMBER)))
        a++;
    annot_proposal p;
    memset(&p, 0, sizeof p);
    p.proposer = "AUTHOR";
    p.addressee = "";
    p.action = pr_span(d, a, b);
    p.cue = (annot_span){d->tok[a].start, d->tok[a].end};
    p.sentence = si;
    p.confidence = 0.6f;
    return d->st->host->add_proposal(doc, &p);
}

/* Annotate one document; returns 0 or -1 with a message in err. */
static int pr_process(void *state, annot_doc *doc, char *err, size_t errlen)
{
    const pr_state *st = state;
    const annot_host *h = st->host;
    pr_doc d;
    uint16_t ids_stack[PR_STACK_TOKENS];
    uint16_t keys_stack[PR_STACK_TOKENS];
    uint32_t anc_stack[PR_STACK_TOKENS + 1]; /* the anchors, then a sentinel */
    uint32_t aord_stack[2 * PR_STACK_ACTORS]; /* the order, then the starts */
    uint16_t *ids = NULL, *keys = NULL;
    uint32_t *aord = NULL, *anc = NULL;
    size_t nanc = 0;
    size_t nsent = 0;
    int rc = 0;
    memset(&d, 0, sizeof d);
    d.st = st;
    d.text = h->text(doc, &d.len);
    d.lower = h->text_lower(doc, &d.len);
    d.tok = h->tokens(doc, &d.ntok);
    const annot_sentence *sents = h->sentences(doc, &nsent);
    if (!d.ntok || !nsent)
        return 0;
    d.sents = sents;
    d.nsents = nsent;
    ids = d.ntok <= PR_STACK_TOKENS ? ids_stack : malloc(d.ntok * sizeof *ids);
    anc = d.ntok <= PR_STACK_TOKENS ? anc_stack : malloc((d.ntok + 1) * sizeof *anc);
    keys = d.ntok <= PR_STACK_TOKENS ? keys_stack : malloc(d.ntok * sizeof *keys);
    if (!ids || !anc || !keys)
        goto nomem;
    nanc = pr_eager(&d, ids, keys, anc);
    d.ids = ids;
    d.keys = keys;
    d.act = h->actors ? h->actors(doc, &d.nact) : NULL;
    if (!d.act)
        d.nact = 0;
    if (d.nact) {
        aord = d.nact <= PR_STACK_ACTORS ? aord_stack : malloc(2 * d.nact * sizeof *aord);
        if (!aord)
            goto nomem;
        /* the host's order and its starts, in one pass; sorted by start
         * (and the starts taken again) only when it is not by start yet */
        uint32_t *astart = aord + d.nact;
        int by_start = 1;
        uint32_t prev = 0; /* the start before (none: 0, below every start) */
        for (size_t k = 0; k < d.nact; k++) {
            uint32_t b = d.act[k].span.start;
            aord[k] = (uint32_t)k;
            astart[k] = b;
            by_start &= prev <= b;
            prev = b;
        }
        if (!by_start) {
            if (pr_sort_actors(d.act, aord, d.nact) < 0)
                goto nomem;
            for (size_t k = 0; k < d.nact; k++)
                astart[k] = d.act[aord[k]].span.start;
        }
        d.astart = astart;
    }
    d.aord = aord;
    size_t ak = 0;
    /* the anchors not passed yet, ended by a sentinel above every token
     * index (anchors are token indices, stored in 32 bits), so the walks
     * below need no test of the list's end: t1 is kept within the tokens */
    anc[nanc] = UINT32_MAX;
    const uint32_t *aq = anc;
    pr_carry carry = {NULL, {0, 0}, 0, {0, 0}, 0, 0};
    d.carry = &carry;
    pr_list list = {0, 0};
    for (size_t si = 0; si < nsent; si++) {
        size_t t0 = sents[si].first_token, t1 = t0 + sents[si].n_tokens;
        if (t1 > d.ntok)
            t1 = d.ntok; /* no anchor lies past the tokens */
        while (*aq < t0)
            aq++;
        const uint32_t *a0 = aq; /* the sentence's anchors: [a0, aq) */
        while (*aq < t1)
            aq++;
        int item = 0; /* 1: an item of a list that asks; 2: of another list */
        if (__builtin_expect((sents[si].flags & ANNOT_SENT_HEADING) != 0, 0)) /* an item with no stop */
            item = pr_list_item(&d, (uint32_t)si, &list);
        if (!pr_worth(&d, &sents[si], a0, (size_t)(aq - a0))) {
            if (__builtin_expect(item == 1, 0) && (rc = pr_list_emit(&d, doc, (uint32_t)si)) < 0)
                goto add_err;
            continue;
        }
        /* the last person named before this sentence (found only for the
         * sentences scanned: the walk goes on from the one before) */
        while (ak < d.nact && d.astart[ak] < sents[si].start) {
            const annot_actor *a = &d.act[aord[ak]];
            if (a->kind == ANNOT_ACTOR_PERSON)
                d.last_person = a;
            d.last_actor = a;
            ak++;
        }
        /* the actors starting in the sentence: [ak, aend) */
        d.sbeg = sents[si].start;
        d.send = sents[si].end;
        d.abeg = ak;
        d.aend = ak;
        while (d.aend < d.nact && d.astart[d.aend] < d.send)
            d.aend++;
        rc = pr_sentence(&d, doc, &sents[si], (uint32_t)si, &carry);
        if (rc < 0)
            goto add_err;
        if (__builtin_expect(item != 0, 0)) {
            if (carry.emit_si == si + 1)
                list.asks = 1; /* an item that proposes: the items after it ask too */
            else if (item == 1 && (rc = pr_list_emit(&d, doc, (uint32_t)si)) < 0)
                goto add_err;
        }
    }
    goto out;
add_err:
    snprintf(err, errlen, "add_proposal: %s", h->strerror(rc));
    rc = -1;
    goto out;
nomem:
    snprintf(err, errlen, "out of memory");
    rc = -1;
out:
    if (ids != ids_stack)
        free(ids);
    if (anc != anc_stack)
        free(anc);
    if (keys != keys_stack)
        free(keys);
    if (aord != aord_stack)
        free(aord);
    return rc;
}

static const char *const pr_requires[] = {"actors", NULL};

static const annot_option pr_options[] = {
    {"cues", ANNOT_OPT_STRING, "cues.txt", "cue file (relative to the data dir, or absolute)"},
    {"extra_files", ANNOT_OPT_LIST, NULL, "more cue files in the same format, loaded after the shipped one"},
    {"min_confidence", ANNOT_OPT_DOUBLE, "0.5", "proposals below this confidence are dropped"},
    {"max_per_sentence", ANNOT_OPT_INT, "4", "at most this many proposals per sentence (1..16)"},
    {"generic_imperative", ANNOT_OPT_DOUBLE, "0.6",
     "confidence of a sentence opened by a word of no closed class followed by an object word "
     "(\"Reform the levy.\"); 0 turns it off"},
    {NULL, 0, NULL, NULL},
};

static const annot_plugin pr_descriptor = {
    ANNOT_PLUGIN_HEADER,
    .name = "proposals",
    .version = "1.0.0",
    .description = "policy proposals: proposer, addressee, action, cue",
    .requires = pr_requires,
    .options = pr_options,
    .init = pr_init,
    .process = pr_process,
    .destroy = pr_destroy,
};

/* The entry point: the descriptor for a compatible host, else NULL. */
ANNOT_PLUGIN_EXPORT const annot_plugin *annot_plugin_entry(const annot_host *host)
{
    return ANNOT_PLUGIN_ACCEPTS(host) ? &pr_descriptor : NULL;
}
