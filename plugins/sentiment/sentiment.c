/*
 * sentiment — sentence, document and per-actor tone for annotd.
 *
 * A lexicon of valences (-4..+4; data/lexicon.txt plus the files of the
 * `extra_lexicons` option) is looked up over the host's tokens with one hash
 * table (and a bit-array prefilter); multi-word expressions hang off their
 * first word and match across hyphens ("so-called", "cease-fire").  Words not
 * listed but made of "un"/"dis" + a listed positive word are taken as its
 * opposite.  Rule words (data/rules.txt plus the files of the `extra_rules`
 * option: KIND<TAB>TERM[<TAB>WEIGHT] a line, kinds below) then adjust each
 * valence in its sentence:
 *
 *   negation     "not", "never", "no", "n't", "without", "fail to", "few" ...
 *                within five words before a term (stopped by clause
 *                punctuation, a contrast word or "nor") turn it to -0.6 times
 *                itself; a negation with no term in reach leans the sentence
 *                negative (-0.75); "not only", "no doubt" are no negations;
 *                a negation does not stack on another across "and" (rules
 *                kind `stop`): "few friends and little support"; once a
 *                negation or reverser has turned a positive term (the act
 *                denied), a harm after it in its reach stays a harm
 *                ("nobody wins a war", "did not create jobs for the poor")
 *   reversal     acting against a term turns it like a negation: "prevent
 *                violence", "reduce poverty", "fix a broken system", "cut
 *                benefits", "anti-corruption"; counterfactuals too ("should
 *                have helped", "was supposed to"); a reverser before a
 *                negation acts on nothing ("ended without agreement"); a
 *                reverser reaches four words, and another reverser after
 *                it ends its reach ("cut fares and eased congestion"); one
 *                in "-ed" with no object turns its subject, up to three
 *                words back ("inflation eased", "the shelling has stopped")
 *   shielding    a harm in the six words after "from" or "against" that
 *                follows a shielding verb (rules kind `shield`: "protected",
 *                "spared", "shielded"; not negated) within five words is
 *                averted and turns: "shielded households from the worst of
 *                the crisis", "protects children against measles"
 *   harm         a positive term that a negative one acts on through a
 *                link word turns: "threat to democracy", "loss of public
 *                trust", "undermined the agreement"
 *   direction    "unemployment fell" (turns), "rising violence" (x1.3): the
 *                direction word gives up its own valence to the term beside it
 *   intensifiers "greatly", "seriously", "very" ... multiply the term they
 *                precede (up to three words, with decay) or follow; hedges
 *                ("slightly", "somewhat", "kind of", "may") shrink it;
 *                negative -ly adverbs before a term are degree words
 *                ("terribly clever"); "too"/"overly" turn a positive term
 *   contrast     "but", "however", "yet": the part before weighs 0.5, the
 *                part after 1.5 (in the document, a sentence opening with
 *                one, or with an opener before a comma, rules kind
 *                `opener`: "Still,", weighs 1.5 and the sentence before it
 *                0.5); "although", "despite", "rather than": their
 *                own clause (to the next comma) weighs 0.5, the rest 1.2;
 *                "if"/"unless" clauses and what follows "should"/"must"
 *                weigh 0.6, and a hope or fear in them (rules kind `expect`)
 *                nothing: "better than critics feared"
 *   scare words  "so-called" and short quotes ("the \"reforms\"") turn a
 *                positive term into as much blame (with no term to turn,
 *                they lean negative: the "consultation"), unless the quote is reported speech
 *                ("described as \"fruitful\""); after "claims"/"insists"
 *                positive content weighs half
 *   names        a capitalised word inside a sentence is taken as part of a
 *                name (0.25 in a multi-word name, 0.5 alone)
 *   emphasis     ALL-CAPS terms in a mixed-case sentence weigh 1.4; each '!'
 *                (up to 3) adds 0.3 in the direction of the sentence
 *   questions    a sentence ending in '?' weighs 0.8; one holding a doubt
 *                word (rules kind `doubt`: "really", "exactly", "why") is
 *                rhetorical: its positive terms turn (-0.6) and it leans
 *                negative like a bare negation ("Is this really the best
 *                they can do?")
 *
 * Plain reports: a sentence whose only evidence is topic words (rules kind
 * `topic`: "festival", "jobs", "arrested", whose mild valence is their
 * topic's) and reported pledges (kind `pledge`: "said it would help"), with
 * nothing acting on them (no evaluative word, negation, intensifier of a
 * term, direction word, contrast or quote), scores 0; beside a verdict they
 * count as before.  Only a sentence holding one (a class bit of the look-up)
 * and of mass <= SENT_TOPIC_MASS is checked.
 *
 * Neutral zone: a sentence with little evidence (one mildly valenced word in
 * a factual report: "profits", "support", "troops") is reporting, not
 * evaluation.  With M its total valenced mass (positive plus negative), its
 * sum S and masses are multiplied by M^2 / (M^2 + zone^2) (option
 * `neutral_zone`; 1 keeps one 0.5 word a fifth, one 2.0 word four fifths,
 * conflicting strong terms nearly all of their net sum).  It is off by
 * default: calibrated on our own single-rater snippets, it lowered both
 * figures on all four human-rated sets, whose ratings average many raters.
 *
 * Sentence compound = S / sqrt(S^2 + 15) of the rule-adjusted sum S.  The
 * document compound uses the density of sentiment rather than its sum, so a
 * long neutral text with a few loaded words stays mild:
 *   D = sum(S_i) / sqrt(words / 12 + 1),  compound = D / sqrt(D^2 + 9);
 * past 120 words D is further divided by sqrt(words / 120), so the compound
 * of a long article is an average tone rather than accumulated weight.
 * Proportions: positive/negative mass of the adjusted valences against one
 * unit per neutral word, normalised to sum to 1.
 *
 * Actor tone: the mean sentence compound over the distinct sentences in which
 * an actor code is mentioned (host->actors(), filled by the actors plugin).
 *
 * The instance is read-only after init(); process() keeps its scratch on the
 * stack (or one allocation per long document), never per token.  SIGHUP:
 * reload is NULL, so the host calls init() again and the rule and lexicon
 * files are re-read.
 */
#include <annot/plugin.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENT_MAX_WORD 64          /* longer tokens are never looked up */
#define SENT_NONE UINT32_MAX
#define SENT_NEG_FACTOR (-0.6)   /* a negated term: -0.6 times itself */
#define SENT_ALPHA 15.0           /* sentence compound = S / sqrt(S^2 + SENT_ALPHA) */
#define SENT_DOC_WORDS 12.0       /* document: S / sqrt(words / SENT_DOC_WORDS + 1) ... */
#define SENT_DOC_ALPHA 9.0        /* ... then D / sqrt(D^2 + SENT_DOC_ALPHA) */
#define SENT_DOC_LONG 120         /* past this many words D is divided by sqrt(words / it) */
#define SENT_BUT_BEFORE 0.5       /* weight of the part before "but" */
#define SENT_BUT_AFTER 1.5        /* weight of the part after it */
#define SENT_QUESTION 0.8         /* weight of a question */
#define SENT_TOO_LEAN 1.0         /* "too" before a plain word leans negative */
#define SENT_BARE_NEG 0.75        /* a negation with no term in its scope leans negative */
#define SENT_SCARE_LEAN 1.0       /* a scare quote or "so-called" with no praise to mock */
#define SENT_NAME_MULTI 0.25      /* a term inside a capitalised name (Clear Skies Act) */
#define SENT_NAME_SINGLE 0.5      /* a single capitalised word inside a sentence */
#define SENT_SCOPE 5              /* words a negator reaches */
#define SENT_BOOST_REACH 3        /* words an intensifier reaches */
#define SENT_REV_REACH 4          /* words a reverser reaches (its object) */
#define SENT_BLOOM_SHIFT 21       /* 2^17 bits of prefilter: hash bits 21..31 pick ... */
#define SENT_BLOOM_BITS (1u << 17) /* ... one of 2^11 64-bit words, bits 0..5 a bit in it */
#define SENT_TABLE_PAD 64         /* slots past the last home slot: probes never wrap */
#define SENT_PAIR_BITS (1u << 16)
#define SENT_MAX_DOUBT 32         /* doubt words (a rhetorical question) */
#define SENT_MAX_OPENER 16        /* contrast openers ("Still,") */
#define SENT_STACK_TOKENS 2048    /* documents of up to this many tokens (a 5 KB
                                   * article has ~900) keep their scratch on the
                                   * stack: 40 KB, no malloc() and free() */
#define SENT_TOPIC_MASS 2.0       /* a sentence of more mass is not checked for
                                   * topic words only (sent_topic_only()) */

/* Rule roles a term can play besides its valence. */
enum sent_rule {
    SENT_R_NONE = 0,
    SENT_R_NEGATE,       /* negator */
    SENT_R_NONEG,        /* blocks a negation ("not only", "no doubt") */
    SENT_R_BOOST,        /* intensifier or hedge: mult */
    SENT_R_BUT,          /* contrast: what follows outweighs what precedes */
    SENT_R_CONCESSIVE,   /* concession: its own clause is discounted */
    SENT_R_SOCALLED,     /* scare word: flips the positive term it introduces */
    SENT_R_SPEECH,       /* reporting word: a short quote after it is genuine */
    SENT_R_IRREALIS,     /* "if", "unless": its clause is hypothetical */
    SENT_R_UP,           /* "rising", "grew": a term beside it weighs more */
    SENT_R_DOWN,         /* "fell", "declining": a term beside it turns */
    SENT_R_TOO,          /* "too", "overly": a positive term after it turns */
    SENT_R_CLAIM,        /* "claims", "insists": the positive content is doubted */
    SENT_R_LINK,         /* "to", "of", "the": links a harm to what it harms */
    SENT_R_STOP          /* "and": a negation before it does not stack on
                          * one after it */
};

/* A single-word entry of the hash table. */
typedef struct sent_word {
    uint32_t off;      /* the word in the string pool */
    uint32_t len;
    uint32_t hash;     /* sent_khash() of its length and first eight bytes */
    uint32_t mwe;      /* first multi-word expression starting with it, or SENT_NONE */
    float val;         /* valence, 0 when none */
    float mult;        /* multiplier for SENT_R_BOOST */
    uint8_t rule;      /* enum sent_rule */
    uint8_t has_val;
    uint8_t noly;      /* listed as kind `none`: never a degree adverb */
    uint8_t opener;    /* the first word of a contrast opener (class SENT_C_OPEN) */
    uint8_t topic;     /* 1: rules kind `topic` (its valence is its topic's, not a
                        * verdict); 2: kind `pledge` ("would", "will"); 3: kind
                        * `shield` ("protected", "spared"); 4: kind `expect`
                        * ("hoped", "feared") */
} sent_word;

/* A multi-word expression; its words after the first are in the pool,
 * separated by single spaces. */
typedef struct sent_mwe {
    uint32_t next;     /* next expression with the same first word, or SENT_NONE */
    uint32_t next2;    /* next one in that list with the same second word (sent_finish) */
    uint32_t second;   /* hash of its second word: a quick rejection */
    uint32_t rest;     /* offset of the remaining words in the pool */
    uint32_t rest_len;
    uint32_t n_words;  /* words in all, the first included */
    uint32_t wat;      /* its words after the first: st->mwords[wat..] (sent_finish) */
    float val;
    float mult;
    uint8_t rule;
    uint8_t has_val;
} sent_mwe;

/* A word of an expression after its first: its first eight bytes
 * (zero-padded), its length and its place in the pool. */
typedef struct sent_mword {
    uint64_t pre;
    uint32_t off;
    uint32_t len;
} sent_mword;

/* Per-token scratch of one document (sixteen bytes: a token's scratch and
 * its token are at the same multiple of its index). */
typedef struct sent_tok {
    float val;    /* valence of the term starting here (0 when none) */
    float mult;   /* the multiplier of a rule word (SENT_R_BOOST, _TOO, _NEGATE);
                   * of a term with no rule, the multiplier from a direction
                   * word beside it (0: none) */
    uint8_t rule; /* enum sent_rule */
    uint8_t has_val;
    uint8_t ly;   /* a negative -ly word (a degree adverb before a term) */
    uint8_t kind; /* SENT_K_* */
    union {
        uint16_t word; /* a word the scoring pass looks at (listed in idx):
                        * its number among the sentence's words (mod 2^16);
                        * of any other word it is never read (the look-up
                        * loop leaves the slot's key there) */
        struct {       /* in a table slot's rec, whose number is never used
                        * (it is written over in the scratch): */
            uint8_t len8; /* min(length, 255) of the slot's word; 0 = an empty slot */
            uint8_t cls;  /* sent_cls() of its valence and rule */
        } key;
    };
    uint8_t quoted; /* 1: inside a scare quote; 2: inside reported speech */
    uint8_t mute;   /* bit 0: its own valence is dropped (it modifies a
                     * neighbour); bit 1 (SENT_TOPIC): a topic word (rules
                     * kind `topic`), bit 2 (SENT_PLEDGE): the auxiliary of
                     * a pledge (kind `pledge`), bit 3 (SENT_SHIELD), bit 4
                     * (SENT_EXPECT); all copied from its slot */
} sent_tok;

#define SENT_TOPIC 2u  /* sent_tok.mute: a topic word */
#define SENT_PLEDGE 4u /* sent_tok.mute: "would", "will" (a pledge) */
#define SENT_SHIELD 8u /* sent_tok.mute: a verb that keeps a harm away (rules
                        * kind `shield`: "protected", "spared") */
#define SENT_EXPECT 16u /* sent_tok.mute: a verb of expectation (rules kind
                         * `expect`: "hoped", "feared"): in a yardstick or
                         * hypothetical clause it weighs nothing */

/* A hash table slot: the word's first sixteen bytes (zero-padded) and its
 * length, so that a probe compares a word of up to sixteen bytes without
 * touching words[] or the pool; and the scratch of a token that is the word
 * (filled by sent_finish() once the lexicons are loaded), so that a hit
 * needs no second memory access.  A slot is one aligned 64-byte cache line
 * and what a probe and a hit read is in its first 32 bytes (the length and
 * class bits ride in rec's word number, which the look-up loop writes
 * over), so that a probe touches one line. */
typedef struct sent_slot {
    uint64_t pre;      /* bytes 0..7 of the word, zero-padded */
    uint64_t pre2;     /* bytes 8..15, zero-padded (0 for a word of 8 bytes or less) */
    sent_tok rec;      /* the word's fields; kind SENT_K_WORD; key.len8, key.cls */
    uint32_t word;     /* index in words[] */
    uint32_t mwe_mask; /* sent_mwe_bit() of the second word of each expression
                        * starting with the word (0: none; set by sent_finish) */
} __attribute__((aligned(64))) sent_slot; /* one cache line (an aligned table) */

/* Classes of a word for the look-up pass. */
#define SENT_C_LOOK 1u  /* the scoring pass looks at it (a valence or a role) */
#define SENT_C_DIR 2u   /* a direction word */
#define SENT_C_BUT 4u   /* a contrast word */
#define SENT_C_QUOTE 8u /* (of a sentence) a quotation mark */
#define SENT_C_MWE 16u  /* (of a slot) it starts expressions and is neither a
                         * contrast nor a direction word (sent_lookup()) */
#define SENT_C_BOOST 32u /* an intensifier or hedge */
#define SENT_C_OPEN 64u  /* the first word of a contrast opener ("Still,") */
#define SENT_C_TOPIC 128u /* a topic word or the auxiliary of a pledge (rules
                           * kinds `topic`, `pledge`): the sentence may be a
                           * plain report (sent_topic_only()) */

/* Class bits of a word with this valence flag and rule. */
static inline uint8_t sent_cls(int has_val, uint8_t rule)
{
    uint8_t c = 0;
    if (has_val || (rule != SENT_R_NONE && rule != SENT_R_LINK && rule != SENT_R_SPEECH &&
                    rule != SENT_R_STOP))
        c |= SENT_C_LOOK;
    if (rule == SENT_R_UP || rule == SENT_R_DOWN)
        c |= SENT_C_DIR;
    if (rule == SENT_R_BUT)
        c |= SENT_C_BUT;
    if (rule == SENT_R_BOOST)
        c |= SENT_C_BOOST;
    return c;
}

#define SENT_MAX_WORDS 0xFFFFFEu

/* The expressions starting with one word whose second word has one hash:
 * the word's list (through next2), the longest first, and in the order of
 * the word's list among those of one length: the first that matches is the
 * one to take (sent_match_mwe()). */
typedef struct sent_pair {
    uint32_t word;     /* index of the first word; SENT_NONE = empty slot */
    uint32_t second;   /* hash of the second word */
    uint32_t first;    /* first expression of the sub-list */
    uint32_t third;    /* sent_mwe_bit() of the third word of each of them
                        * that has one */
    uint32_t first2;   /* the first of the sub-list with two words (SENT_NONE:
                        * none): where the list goes on when `third` rules
                        * out the longer ones */
} sent_pair;

/* The plugin instance: read-only after init(). */
typedef struct sent_state {
    const annot_host *host;
    char *pool;
    size_t pool_len, pool_cap;
    sent_word *words;
    size_t n_words, cap_words;
    sent_mwe *mwes;
    size_t n_mwes, cap_mwes;
    sent_slot *table;  /* linear probing over words[]: mask + 1 home slots and
                        * SENT_TABLE_PAD more, so that a probe never wraps */
    uint64_t bloom[SENT_BLOOM_BITS / 64]; /* sent_bloom_has(): a cheap "surely absent" */
    uint64_t pair_bloom[SENT_PAIR_BITS / 64]; /* first word + second word of expressions
                                              * (in 64-bit words: one shift to index) */
    struct sent_pair *pairs; /* (first word, second word's hash) -> its expressions */
    sent_mword *mwords; /* the words of the expressions after their first */
    uint32_t pair_mask;
    uint32_t mask;
    size_t n_entries;  /* lexicon entries with a valence (for the log) */
    size_t n_spellings; /* slots of other spellings (sent_add_spellings()) */
    double zone2;      /* square of the neutral_zone option (0: off) */
    uint32_t mwe_bit[256]; /* sent_mwe_bit() of every byte */
    uint64_t kmul;     /* sent_khash()'s multiplier, read from memory by the
                        * look-up loop (sent_khash_st()) */
    uint8_t neg_first[256]; /* 1 for 'u' and 'd', the first bytes of the
                             * prefixes "un" and "dis" (sent_lookup()) */
    uint64_t mlo[17], mhi[17]; /* sent_mask.lo and .hi for lengths 0..16, reached through st */
    /* doubt words (rules kind `doubt`): a question holding one is rhetorical */
    char doubt[SENT_MAX_DOUBT][16];
    uint8_t doubt_len[SENT_MAX_DOUBT];
    uint32_t n_doubt;
    /* contrast openers (rules kind `opener`: "Still," "Even so,"): phrases
     * of one to three words, single spaces between them */
    char opener[SENT_MAX_OPENER][32];
    uint8_t opener_len[SENT_MAX_OPENER];
    uint32_t n_opener;
} sent_state;

enum {
    SENT_K_SKIP = 0,   /* covered by an expression, a number, a symbol */
    SENT_K_WORD,       /* a word (may carry a valence or a rule) */
    SENT_K_CLAUSE,     /* clause punctuation: , ; : ( ) dashes */
    SENT_K_QUOTE,      /* a quotation mark */
    SENT_K_BANG,       /* '!' */
    SENT_K_HYPHEN      /* '-' inside a compound */
};

static const annot_option sent_options[] = {
    {"lexicon", ANNOT_OPT_STRING, "lexicon.txt",
     "main lexicon file (TERM<TAB>VALENCE a line), relative to the data dir"},
    {"extra_lexicons", ANNOT_OPT_LIST, NULL,
     "more lexicon files in the same format, loaded after the main one: their entries "
     "add to or override it (valence 0 removes a term)"},
    {"rules", ANNOT_OPT_STRING, "rules.txt",
     "rule words file (KIND<TAB>TERM[<TAB>WEIGHT] a line: negators, intensifiers, hedges, "
     "contrast words ...), relative to the data dir"},
    {"extra_rules", ANNOT_OPT_LIST, NULL,
     "more rule files in the same format, loaded after the main one: a term listed again "
     "takes the later kind and weight (kind `none` removes a role)"},
    {"neutral_zone", ANNOT_OPT_DOUBLE, "0",
     "evidence a sentence needs before it leans: with M its valenced mass (positive "
     "plus negative), its sum is multiplied by M^2 / (M^2 + zone^2), so one weak word "
     "leaves a sentence neutral; 0 turns this off"},
    {NULL, 0, NULL, NULL}
};

/* The kinds of a rules file: name, rule, the multiplier it stores and
 * whether a WEIGHT field is required (it is then the multiplier).  For
 * SENT_R_NEGATE the multiplier tells the kind apart: 0 a negator, 1 "nor"
 * (does not stack), 2 a reverser (no lean when it acts on nothing); for
 * SENT_R_SOCALLED, 0 a scare word, 1 a reproach (it leans negative when it
 * has nothing to mock). */
typedef struct sent_kind {
    const char *name;
    uint8_t rule;
    float mult;
    uint8_t weighted;
} sent_kind;

static const sent_kind sent_kinds[] = {
    {"negator", SENT_R_NEGATE, 0.0f, 0},   {"nor", SENT_R_NEGATE, 1.0f, 0},
    {"reverser", SENT_R_NEGATE, 2.0f, 0},  {"blocker", SENT_R_NONEG, 0.0f, 0},
    {"none", SENT_R_NONE, 0.0f, 0},        {"boost", SENT_R_BOOST, 0.0f, 1},
    {"too", SENT_R_TOO, 0.0f, 1},          {"but", SENT_R_BUT, 0.0f, 0},
    {"concessive", SENT_R_CONCESSIVE, 0.0f, 0}, {"irrealis", SENT_R_IRREALIS, 0.0f, 0},
    {"scare", SENT_R_SOCALLED, 0.0f, 0},   {"reproach", SENT_R_SOCALLED, 1.0f, 0},
    {"speech", SENT_R_SPEECH, 0.0f, 0},
    {"claim", SENT_R_CLAIM, 0.0f, 0},      {"up", SENT_R_UP, 0.0f, 0},
    {"down", SENT_R_DOWN, 0.0f, 0},        {"link", SENT_R_LINK, 0.0f, 0},
    {"stop", SENT_R_STOP, 0.0f, 0},
};

/* Masks of a word of n < SENT_MAX_WORD bytes loaded as two eight-byte
 * groups: its bytes 0..7 and its bytes 8..15. */
typedef struct sent_masks {
    uint64_t lo[SENT_MAX_WORD];
    uint64_t hi[SENT_MAX_WORD];
} sent_masks;

/* The masks of every length (a constant table built by the compiler). */
#define SENT_M8(k) ((k) >= 8 ? ~0ull : (1ull << (8 * ((k) & 7))) - 1)
#define SENT_MLO(n) SENT_M8(n)
#define SENT_MHI(n) ((n) <= 8 ? 0ull : SENT_M8((n) - 8))
#define SENT_M4(n, F) F(n), F(n + 1), F(n + 2), F(n + 3)
#define SENT_M16(n, F) SENT_M4(n, F), SENT_M4(n + 4, F), SENT_M4(n + 8, F), SENT_M4(n + 12, F)
#define SENT_M64(F) SENT_M16(0, F), SENT_M16(16, F), SENT_M16(32, F), SENT_M16(48, F)
static const sent_masks sent_mask = {{SENT_M64(SENT_MLO)}, {SENT_M64(SENT_MHI)}};

/* Bit of the expression prefilter for a first word's hash and a second
 * word's hash. */
static inline uint32_t sent_pair_bit(uint32_t h1, uint32_t h2)
{
    return ((h1 * 0x9E3779B1u) ^ h2) & (SENT_PAIR_BITS - 1);
}

/* The first eight bytes of s[0..n), zero-padded, as one word (the slot's
 * `pre`). */
static inline uint64_t sent_pre(const char *s, size_t n)
{
    uint64_t v = 0;
    unsigned char *d = (unsigned char *)&v;
    for (size_t k = 0; k < n && k < 8; k++)
        d[k] = (unsigned char)s[k];
    return v;
}

/* Hash of the look-up table: a word's length and its first eight bytes
 * (sent_pre()), one multiply whatever the length (words that share both are
 * told apart by the probe); the high half of the product, whose low bits
 * give the home slot and whose high bits the prefilter bit. */
#define SENT_KMUL 0x9E3779B97F4A7C15ull
static inline uint32_t sent_khash(uint64_t pre, size_t n)
{
    return (uint32_t)(((pre ^ (uint64_t)n) * SENT_KMUL) >> 32);
}

/* Bytes 8..15 of s[0..n), zero-padded (0 when n <= 8): a slot's `pre2`. */
static inline uint64_t sent_pre2(const char *s, size_t n)
{
    return n > 8 ? sent_pre(s + 8, n - 8) : 0;
}

/* Append n bytes and a NUL to the pool; *off receives their offset.
 * Returns 0 or ANNOT_ENOMEM. */
static int sent_pool_add(sent_state *st, const char *s, size_t n, uint32_t *off)
{
    if (st->pool_len + n + 1 > st->pool_cap) {
        size_t cap = st->pool_cap ? st->pool_cap * 2 : 65536;
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
    *off = (uint32_t)st->pool_len;
    st->pool_len += n + 1;
    return 0;
}

/* Slot of word index i (its pool text gives `pre`). */
static sent_slot sent_slot_of(const sent_state *st, uint32_t i)
{
    const sent_word *w = &st->words[i];
    sent_slot v;
    memset(&v, 0, sizeof v);
    v.pre = sent_pre(st->pool + w->off, w->len);
    v.pre2 = sent_pre2(st->pool + w->off, w->len);
    v.rec.key.len8 = (uint8_t)(w->len < 255 ? w->len : 255);
    v.word = i;
    v.mwe_mask = 0;
    v.rec.val = w->val;
    v.rec.mult = w->mult;
    v.rec.rule = w->rule;
    v.rec.has_val = w->has_val;
    v.rec.ly = w->val < 0 && w->len > 4 && st->pool[w->off + w->len - 2] == 'l' &&
               st->pool[w->off + w->len - 1] == 'y' && !w->noly;
    v.rec.kind = SENT_K_WORD;
    v.rec.mute = w->topic == 1   ? SENT_TOPIC
                 : w->topic == 2 ? SENT_PLEDGE
                 : w->topic == 3 ? SENT_SHIELD
                 : w->topic == 4 ? SENT_EXPECT
                                 : 0;
    v.rec.key.cls = sent_cls(w->has_val, w->rule) | (w->opener ? SENT_C_OPEN : 0) |
                    (w->topic == 1 || w->topic == 2 ? SENT_C_TOPIC : 0);
    return v;
}

/* Bit of a second word's first byte in a slot's mwe_mask: a..z, or 26 for
 * any other byte (a token's raw first byte gives the bit of its look-up
 * text: only a typographic apostrophe is rewritten, into another non-letter). */
static inline uint32_t sent_mwe_bit(unsigned char c)
{
    return 1u << (c >= 'a' && c <= 'z' ? c - 'a' : 26);
}

/* Slot of the pair table for first word `word` and second-word hash h. */
static inline uint32_t sent_pair_home(uint32_t word, uint32_t h, uint32_t mask)
{
    return ((word * 0x9E3779B1u) ^ (h * 0x85EBCA77u)) & mask;
}

/* The list of the expressions starting with word index `word` whose second
 * word hashes to h, or NULL. */
static inline const sent_pair *sent_pair_find(const sent_state *st, uint32_t word, uint32_t h)
{
    if (!st->pairs)
        return NULL;
    for (uint32_t j = sent_pair_home(word, h, st->pair_mask);; j = (j + 1) & st->pair_mask) {
        const sent_pair *p = &st->pairs[j];
        if (p->word == SENT_NONE)
            return NULL;
        if (p->word == word && p->second == h)
            return p;
    }
}

/* True when the negative -ly word of index wi is an adverb made from a
 * negative adjective of the lexicon ("terribly" from "terrible", "angrily"
 * from "angry", "tragically" from "tragic"), so that before another term it
 * can be a degree word.  A word written with -ly that is no such adverb
 * ("ghastly", "silly", "bully") is not one; -ly adjectives made from
 * negative nouns ("costly", "deadly", "cowardly") are listed in rules.txt as
 * kind `none` instead. */
static const sent_slot *sent_find(const sent_state *st, const char *s, size_t n);

static int sent_ly_adverb(const sent_state *st, uint32_t wi)
{
    const sent_word *w = &st->words[wi];
    char b[SENT_MAX_WORD + 2];
    size_t n = w->len;
    if (n < 5 || n > SENT_MAX_WORD)
        return 0;
    const char *s = st->pool + w->off;
    size_t cut[4][2] = {{n - 2, 0}, {n - 1, 'e'}, {n - 3, 'y'}, {n - 4, 0}};
    for (size_t c = 0; c < 4; c++) {
        if (c == 2 && s[n - 3] != 'i')
            continue;
        if (c == 3 && memcmp(s + n - 4, "ally", 4) != 0)
            continue;
        size_t m = cut[c][0];
        memcpy(b, s, m);
        if (cut[c][1])
            b[m++] = (char)cut[c][1];
        if (c == 1 && s[n - 3] == 'l')
            m--; /* "dully" -> "dull" */
        const sent_slot *v = sent_find(st, b, m);
        if (v && st->words[v->word].has_val && st->words[v->word].val < 0)
            return 1;
    }
    return 0;
}

static int sent_add_spellings(sent_state *st);

/* Once the lexicons are loaded: copy every word's fields into its slot and
 * split each word's expressions by their second word (the pair table and
 * next2).  Returns 0 or ANNOT_ENOMEM. */
static int sent_finish(sent_state *st)
{
    for (size_t j = 0; st->table && j < (size_t)st->mask + 1 + SENT_TABLE_PAD; j++) {
        if (!st->table[j].rec.key.len8)
            continue;
        uint32_t wi = st->table[j].word;
        st->table[j] = sent_slot_of(st, wi);
        if (st->table[j].rec.ly && !sent_ly_adverb(st, wi))
            st->table[j].rec.ly = 0;
        for (uint32_t m = st->words[wi].mwe; m != SENT_NONE; m = st->mwes[m].next)
            st->table[j].mwe_mask |= sent_mwe_bit((unsigned char)st->pool[st->mwes[m].rest]);
        if (st->table[j].mwe_mask && !(st->table[j].rec.key.cls & (SENT_C_DIR | SENT_C_BUT)))
            st->table[j].rec.key.cls |= SENT_C_MWE;
    }
    size_t n_mw = 0;
    for (size_t m = 0; m < st->n_mwes; m++)
        n_mw += st->mwes[m].n_words - 1;
    st->mwords = malloc((n_mw ? n_mw : 1) * sizeof *st->mwords);
    if (!st->mwords)
        return ANNOT_ENOMEM;
    n_mw = 0;
    for (size_t m = 0; m < st->n_mwes; m++) {
        sent_mwe *e = &st->mwes[m];
        const char *r = st->pool + e->rest, *rend = r + e->rest_len;
        e->wat = (uint32_t)n_mw;
        while (r < rend) {
            const char *sp = memchr(r, ' ', (size_t)(rend - r));
            size_t wl = sp ? (size_t)(sp - r) : (size_t)(rend - r);
            sent_mword *mw = &st->mwords[n_mw++];
            mw->pre = sent_pre(r, wl);
            mw->off = (uint32_t)(r - st->pool);
            mw->len = (uint32_t)wl;
            r += wl + (sp ? 1 : 0);
        }
    }
    uint32_t cap = 16;
    while (cap < 2 * st->n_mwes)
        cap *= 2;
    st->pairs = malloc(cap * sizeof *st->pairs);
    if (!st->pairs)
        return ANNOT_ENOMEM;
    st->pair_mask = cap - 1;
    for (uint32_t j = 0; j < cap; j++)
        st->pairs[j].word = SENT_NONE;
    for (uint32_t wi = 0; wi < st->n_words; wi++) {
        for (uint32_t m = st->words[wi].mwe; m != SENT_NONE; m = st->mwes[m].next) {
            sent_mwe *e = &st->mwes[m];
            e->next2 = SENT_NONE;
            uint32_t j = sent_pair_home(wi, e->second, st->pair_mask);
            while (st->pairs[j].word != SENT_NONE &&
                   !(st->pairs[j].word == wi && st->pairs[j].second == e->second))
                j = (j + 1) & st->pair_mask;
            sent_pair *p = &st->pairs[j];
            if (p->word == SENT_NONE) {
                p->word = wi;
                p->second = e->second;
                p->first = SENT_NONE;
                p->third = 0;
            }
            if (e->n_words >= 3)
                p->third |= sent_mwe_bit((unsigned char)st->pool[st->mwords[e->wat + 1].off]);
            /* after every expression of as many words or more */
            uint32_t *at = &p->first;
            while (*at != SENT_NONE && st->mwes[*at].n_words >= e->n_words)
                at = &st->mwes[*at].next2;
            e->next2 = *at;
            *at = m;
        }
    }
    for (uint32_t j = 0; j < cap; j++) {
        uint32_t m = st->pairs[j].word == SENT_NONE ? SENT_NONE : st->pairs[j].first;
        while (m != SENT_NONE && st->mwes[m].n_words >= 3)
            m = st->mwes[m].next2;
        st->pairs[j].first2 = m;
    }
    return sent_add_spellings(st);
}

/* Put word index i into table t of cap home slots (and SENT_TABLE_PAD more).
 * Returns 0, or 1 when its probe runs past the last slot. */
static int sent_table_slot(const sent_state *st, sent_slot *t, uint32_t cap, uint32_t i)
{
    uint32_t j = st->words[i].hash & (cap - 1);
    while (t[j].rec.key.len8)
        if (++j == cap + SENT_TABLE_PAD)
            return 1;
    t[j] = sent_slot_of(st, i);
    return 0;
}

/* A zeroed table of cap home slots and SENT_TABLE_PAD more, each slot on
 * its own cache line; NULL when memory is out. */
static sent_slot *sent_table_new(uint32_t cap)
{
    sent_slot *t = aligned_alloc(64, ((size_t)cap + SENT_TABLE_PAD) * sizeof *t);
    if (t)
        memset(t, 0, ((size_t)cap + SENT_TABLE_PAD) * sizeof *t);
    return t;
}

static int sent_table_grow(sent_state *st);

/* Insert word index idx (the last of words[]) into the table, making it
 * twice as large (sent_table_grow()) when it would be more than half full
 * or a probe would run past its last slot.  Returns 0 or ANNOT_ENOMEM. */
static int sent_table_put(sent_state *st, uint32_t idx)
{
    if (!st->table) {
        if (!(st->table = sent_table_new(16384)))
            return ANNOT_ENOMEM;
        st->mask = 16384 - 1;
    }
    for (;;) {
        if ((st->n_words + 1) * 2 <= (size_t)st->mask + 1 && sent_table_slot(st, st->table, st->mask + 1, idx) == 0)
            return 0;
        int rc = sent_table_grow(st);
        if (rc)
            return rc;
    }
}

/* The sent_khash() of the word in slot v: a slot of sixteen bytes or less
 * holds its whole length (a spelling's too, sent_add_spellings()). */
static uint32_t sent_slot_hash(const sent_state *st, const sent_slot *v)
{
    size_t n = v->rec.key.len8 <= 16 ? v->rec.key.len8 : st->words[v->word].len;
    return sent_khash(v->pre, n);
}

/* Put slot v into table t of cap home slots (and SENT_TABLE_PAD more).
 * Returns 0, or 1 when its probe runs past the last slot. */
static int sent_table_move(const sent_state *st, sent_slot *t, uint32_t cap, const sent_slot *v)
{
    uint32_t j = sent_slot_hash(st, v) & (cap - 1);
    while (t[j].rec.key.len8)
        if (++j == cap + SENT_TABLE_PAD)
            return 1;
    t[j] = *v;
    return 0;
}

/* Make the table twice as large (and more until every slot fits).
 * Returns 0 or ANNOT_ENOMEM. */
static int sent_table_grow(sent_state *st)
{
    uint32_t old = st->mask + 1 + SENT_TABLE_PAD;
    for (uint32_t cap = (st->mask + 1) * 2;; cap *= 2) {
        if (cap > (1u << 30))
            return ANNOT_ENOMEM;
        sent_slot *t = sent_table_new(cap);
        if (!t)
            return ANNOT_ENOMEM;
        int full = 0;
        for (uint32_t j = 0; j < old && !full; j++)
            if (st->table[j].rec.key.len8)
                full = sent_table_move(st, t, cap, &st->table[j]);
        if (!full) {
            free(st->table);
            st->table = t;
            st->mask = cap - 1;
            return 0;
        }
        free(t);
    }
}

/* Add a slot for spelling o (on <= 16 bytes) of the word of slot v, a copy
 * of v with the spelling's bytes; *n_slots counts the table's slots.
 * Returns 0 or ANNOT_ENOMEM. */
static int sent_spelling_put(sent_state *st, const sent_slot *v, const char *o, size_t on,
                             size_t *n_slots)
{
    if (sent_find(st, o, on))
        return 0; /* (no word is another's spelling: never happens) */
    sent_slot x = *v;
    x.pre = sent_pre(o, on);
    x.pre2 = sent_pre2(o, on);
    x.rec.key.len8 = (uint8_t)on;
    int rc = 0;
    if ((*n_slots + 1) * 2 > (size_t)st->mask + 1)
        rc = sent_table_grow(st);
    while (!rc && sent_table_move(st, st->table, st->mask + 1, &x))
        rc = sent_table_grow(st);
    if (rc)
        return rc;
    uint32_t h = sent_khash(x.pre, on);
    st->bloom[h >> SENT_BLOOM_SHIFT] |= 1ull << (h & 63);
    (*n_slots)++;
    return 0;
}

/* Add the spellings of the word of slot v (its bytes b[0..m), where a 0
 * byte is the apostrophe that may be put before a final "t") from byte i
 * on, o[0..on) being the spelling so far (same: so far the word itself).
 * Returns 0 or ANNOT_ENOMEM. */
static int sent_spell_from(sent_state *st, const sent_slot *v, const char *b, size_t m,
                           size_t i, char *o, size_t on, int same, size_t *n_slots)
{
    for (; i < m && b[i] && b[i] != '\''; i++) {
        if (on == 16)
            return 0;
        o[on++] = b[i];
    }
    if (i == m)
        return same ? 0 : sent_spelling_put(st, v, o, on, n_slots);
    int rc = 0;
    if (!b[i]) /* the apostrophe before a final "t" left out */
        rc = sent_spell_from(st, v, b, m, i + 1, o, on, same, n_slots);
    if (!rc && on + 1 <= 16) {
        o[on] = '\'';
        rc = sent_spell_from(st, v, b, m, i + 1, o, on + 1, same && b[i], n_slots);
    }
    if (!rc && on + 3 <= 16) {
        memcpy(o + on, "\xE2\x80\x99", 3);
        rc = sent_spell_from(st, v, b, m, i + 1, o, on + 3, 0, n_slots);
    }
    return rc;
}

/* Give every word of sixteen bytes or less a slot for each other spelling
 * of sixteen bytes or less that a token looked up as it may have: a token
 * is looked up by sent_tok_text(), which reads "’" as "'" and drops the
 * apostrophe of a final "n't", so that "don't" and "don’t" are looked up as
 * "dont", and "o’clock" as "o'clock".  Such a token is then found as it is
 * by the look-up loop, which sends a word it does not find to the general
 * path only when it may be "un" or "dis" + a word.  The table grows to stay
 * at most half full.  Returns 0 or ANNOT_ENOMEM. */
static int sent_add_spellings(sent_state *st)
{
    size_t n_slots = st->n_words;
    for (size_t wi = 0; wi < st->n_words; wi++) {
        const sent_word *w = &st->words[wi];
        const char *p = st->pool + w->off;
        if (w->len > 16)
            continue;
        /* its bytes, with a 0 where an apostrophe may be put before a
         * final "t" ("dont" <- "don't") */
        char b[18], o[16];
        size_t m = 0;
        for (size_t i = 0; i < w->len; i++) {
            if (i == w->len - 1 && w->len >= 3 && p[i - 1] == 'n' && p[i] == 't')
                b[m++] = 0;
            b[m++] = p[i];
        }
        if (m == w->len && !memchr(p, '\'', w->len))
            continue; /* one spelling */
        const sent_slot *v = sent_find(st, p, w->len);
        if (!v)
            continue; /* (every word has its slot) */
        sent_slot copy = *v; /* (the table may move) */
        int rc = sent_spell_from(st, &copy, b, m, 0, o, 0, 1, &n_slots);
        if (rc)
            return rc;
    }
    st->n_spellings = n_slots - st->n_words;
    return 0;
}
/* True when the prefilter may hold hash h (false: surely no word has it). */
static inline int sent_bloom_has(const sent_state *st, uint32_t h)
{
    return (st->bloom[h >> SENT_BLOOM_SHIFT] >> (h & 63)) & 1;
}

/* Find a word of n bytes whose sent_khash() is h, whose first eight bytes
 * (zero-padded) are pre and whose bytes 8..15 are pre2 (sent_pre2()); the
 * rest, past sixteen bytes, is compared with s.  Returns its slot or NULL. */
static inline const sent_slot *sent_probe(const sent_state *st, const char *s, size_t n,
                                          uint32_t h, uint64_t pre, uint64_t pre2)
{
    if (!sent_bloom_has(st, h))
        return NULL;
    uint32_t len8 = n < 255 ? (uint32_t)n : 255;
    for (const sent_slot *v = &st->table[h & st->mask];; v++) {
        if (!v->rec.key.len8)
            return NULL;
        if (v->pre == pre && v->rec.key.len8 == len8 && v->pre2 == pre2) {
            if (n <= 16)
                return v;
            const sent_word *w = &st->words[v->word];
            if (w->len == n && memcmp(st->pool + w->off + 16, s + 16, n - 16) == 0)
                return v;
        }
    }
}

/* Find a word of n bytes; returns its slot or NULL. */
static const sent_slot *sent_find(const sent_state *st, const char *s, size_t n)
{
    uint64_t pre = sent_pre(s, n);
    return sent_probe(st, s, n, sent_khash(pre, n), pre, sent_pre2(s, n));
}

/* Find or create the entry of a word; *out receives its index.
 * Returns 0 or ANNOT_ENOMEM. */
static int sent_word_get(sent_state *st, const char *s, size_t n, uint32_t *out)
{
    uint32_t h = sent_khash(sent_pre(s, n), n);
    if (st->table) {
        const sent_slot *v = sent_find(st, s, n);
        if (v) {
            *out = v->word;
            return 0;
        }
    }
    if (st->n_words >= SENT_MAX_WORDS)
        return ANNOT_ENOMEM;
    if (st->n_words == st->cap_words) {
        size_t cap = st->cap_words ? st->cap_words * 2 : 4096;
        sent_word *p = realloc(st->words, cap * sizeof *p);
        if (!p)
            return ANNOT_ENOMEM;
        st->words = p;
        st->cap_words = cap;
    }
    sent_word *w = &st->words[st->n_words];
    memset(w, 0, sizeof *w);
    int rc = sent_pool_add(st, s, n, &w->off);
    if (rc)
        return rc;
    w->len = (uint32_t)n;
    w->hash = h;
    st->bloom[h >> SENT_BLOOM_SHIFT] |= 1ull << (h & 63);
    w->mwe = SENT_NONE;
    *out = (uint32_t)st->n_words++;
    return sent_table_put(st, *out);
}

/* Normalise a term in place: lower-case ASCII, hyphens and runs of blanks
 * to single spaces ("so-called" -> "so called"), trimmed.  Returns its
 * new length. */
static size_t sent_normalise(char *s)
{
    size_t o = 0;
    int space = 1;
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '-') {
            if (!space)
                s[o++] = ' ';
            space = 1;
            continue;
        }
        if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
            c = '\''; /* right single quote as apostrophe */
            i += 2;
        }
        s[o++] = (char)tolower(c);
        space = 0;
    }
    while (o && s[o - 1] == ' ')
        o--;
    s[o] = '\0';
    /* "n't" at a word's end is stored without the apostrophe, as tokens are
     * looked up ("couldn't" -> "couldnt") */
    size_t w = 0;
    for (size_t i = 0; i < o; i++) {
        if (s[i] == '\'' && i > 0 && s[i - 1] == 'n' && i + 1 < o && s[i + 1] == 't' &&
            (i + 2 == o || s[i + 2] == ' '))
            continue;
        s[w++] = s[i];
    }
    s[w] = '\0';
    return w;
}

/* Set a term (single word or expression, normalised in place) to a valence
 * and/or a rule.  has_val: set the valence; set_rule: set the rule and its
 * multiplier (SENT_R_NONE clears a role).  Returns 0 or ANNOT_ENOMEM. */
static int sent_set_term(sent_state *st, char *term, int has_val, float val, int set_rule,
                         uint8_t rule, float mult)
{
    size_t n = sent_normalise(term);
    if (n == 0)
        return 0;
    char *sp = memchr(term, ' ', n);
    uint32_t wi;
    int rc = sent_word_get(st, term, sp ? (size_t)(sp - term) : n, &wi);
    if (rc)
        return rc;
    if (!sp) {
        sent_word *w = &st->words[wi];
        if (has_val) {
            w->val = val;
            w->has_val = val != 0.0f;
        }
        if (set_rule) {
            w->rule = rule;
            w->mult = mult;
            w->noly = rule == SENT_R_NONE;
            if (rule == SENT_R_NONE)
                w->topic = 0;
        }
        return 0;
    }
    const char *rest = sp + 1;
    size_t rest_len = n - (size_t)(rest - term);
    uint32_t nw = 2;
    for (size_t i = 0; i < rest_len; i++)
        nw += rest[i] == ' ';
    for (uint32_t m = st->words[wi].mwe; m != SENT_NONE; m = st->mwes[m].next) {
        sent_mwe *e = &st->mwes[m];
        if (e->rest_len == rest_len && memcmp(st->pool + e->rest, rest, rest_len) == 0) {
            if (has_val) {
                e->val = val;
                e->has_val = val != 0.0f;
            }
            if (set_rule) {
                e->rule = rule;
                e->mult = mult;
            }
            return 0;
        }
    }
    if (st->n_mwes == st->cap_mwes) {
        size_t cap = st->cap_mwes ? st->cap_mwes * 2 : 1024;
        sent_mwe *p = realloc(st->mwes, cap * sizeof *p);
        if (!p)
            return ANNOT_ENOMEM;
        st->mwes = p;
        st->cap_mwes = cap;
    }
    sent_mwe *e = &st->mwes[st->n_mwes];
    memset(e, 0, sizeof *e);
    rc = sent_pool_add(st, rest, rest_len, &e->rest);
    if (rc)
        return rc;
    e->rest_len = (uint32_t)rest_len;
    e->n_words = nw;
    {
        const char *sp2 = memchr(rest, ' ', rest_len);
        size_t wl = sp2 ? (size_t)(sp2 - rest) : rest_len;
        e->second = sent_khash(sent_pre(rest, wl), wl);
        uint32_t bit = sent_pair_bit(wi, e->second);
        st->pair_bloom[bit >> 6] |= 1ull << (bit & 63);
    }
    if (has_val) {
        e->val = val;
        e->has_val = val != 0.0f;
    }
    e->rule = rule;
    e->mult = mult;
    e->next = st->words[wi].mwe;
    st->words[wi].mwe = (uint32_t)st->n_mwes++;
    return 0;
}

/* Parse one lexicon line (TERM<TAB>VALENCE) and set its term.  Returns 0,
 * 1 when the line is malformed (after a warning naming path:ln), or
 * ANNOT_ENOMEM. */
static int sent_lexicon_line(sent_state *st, annot_ctx *ctx, const char *path, unsigned ln,
                             char *p)
{
    char *tab = strrchr(p, '\t');
    char *end = NULL;
    double v = 0.0;
    if (tab) {
        errno = 0;
        v = strtod(tab + 1, &end);
    }
    if (!tab || tab == p || end == tab + 1 || errno || (end && *end && *end != ' ') ||
        v < -4.0 || v > 4.0) {
        st->host->log(ctx, ANNOT_LOG_WARN, "%s:%u: expected TERM<TAB>VALENCE (-4..4)", path, ln);
        return 1;
    }
    *tab = '\0';
    int rc = sent_set_term(st, p, 1, (float)v, 0, SENT_R_NONE, 0.0f);
    if (rc)
        return rc;
    st->n_entries++;
    return 0;
}

/* Add the doubt word of a rules line of kind `doubt` (its text after the
 * tab): one lower-case word of 1..15 bytes, at most SENT_MAX_DOUBT of them.
 * It is kept apart from the table, so that a word ("really") keeps its
 * other role.  Returns 0, or 1 when the line is malformed (after a warning
 * naming path:ln). */
static int sent_doubt_line(sent_state *st, annot_ctx *ctx, const char *path, unsigned ln,
                           char *term)
{
    size_t n = strlen(term);
    while (n && (term[n - 1] == ' ' || term[n - 1] == '\t'))
        n--;
    int ok = n > 0 && n < 16;
    for (size_t i = 0; i < n && ok; i++)
        ok = (unsigned char)term[i] > ' ';
    if (!ok || st->n_doubt == SENT_MAX_DOUBT) {
        st->host->log(ctx, ANNOT_LOG_WARN, "%s:%u: kind 'doubt' takes one word of 1-15 bytes "
                      "(at most %d such words)", path, ln, SENT_MAX_DOUBT);
        return 1;
    }
    for (uint32_t i = 0; i < st->n_doubt; i++)
        if (st->doubt_len[i] == n && memcmp(st->doubt[i], term, n) == 0)
            return 0;
    for (size_t i = 0; i < n; i++)
        st->doubt[st->n_doubt][i] = (char)tolower((unsigned char)term[i]);
    st->doubt_len[st->n_doubt++] = (uint8_t)n;
    return 0;
}

/* Mark the word of a rules line of kind `topic` (mark 1), `pledge` (mark
 * 2), `shield` (mark 3) or `expect` (mark 4) (its text after the tab: one
 * word; any role and valence it has are kept).  Returns 0, or 1 when the line is malformed (after a warning
 * naming path:ln), or ANNOT_ENOMEM. */
static int sent_topic_line(sent_state *st, annot_ctx *ctx, const char *path, unsigned ln,
                           char *term, uint8_t mark)
{
    size_t n = strlen(term);
    while (n && (term[n - 1] == ' ' || term[n - 1] == '\t'))
        term[--n] = '\0';
    int ok = n > 0 && n < SENT_MAX_WORD;
    for (size_t i = 0; i < n && ok; i++)
        ok = (unsigned char)term[i] > ' ';
    if (!ok) {
        st->host->log(ctx, ANNOT_LOG_WARN, "%s:%u: kind '%s' takes one word", path, ln,
                      mark == 1   ? "topic"
                      : mark == 2 ? "pledge"
                      : mark == 3 ? "shield"
                                  : "expect");
        return 1;
    }
    n = sent_normalise(term);
    if (n == 0)
        return 0;
    uint32_t wi;
    int rc = sent_word_get(st, term, n, &wi);
    if (rc)
        return rc;
    st->words[wi].topic = mark;
    return 0;
}

/* Add the phrase of a rules line of kind `opener` (its text after the
 * tab): one to three lower-cased words, 1..31 bytes with single spaces, at
 * most SENT_MAX_OPENER of them.  Kept apart from the table ("still" inside
 * a sentence is no contrast).  Returns 0, or 1 when the line is malformed
 * (after a warning naming path:ln), or ANNOT_ENOMEM. */
static int sent_opener_line(sent_state *st, annot_ctx *ctx, const char *path, unsigned ln,
                            char *term)
{
    char buf[32];
    size_t n = 0, words = 0, first = 0;
    int ok = 1;
    for (const char *q = term; *q && *q != '\t' && ok; q++) {
        if (*q == ' ') {
            if (n && buf[n - 1] != ' ')
                buf[n++] = ' ';
            continue;
        }
        if (n == 0 || buf[n - 1] == ' ')
            words++;
        if (n >= sizeof buf - 1 || (unsigned char)*q < ' ')
            ok = 0;
        else
            buf[n++] = (char)tolower((unsigned char)*q);
    }
    if (n && buf[n - 1] == ' ')
        n--;
    while (first < n && buf[first] != ' ')
        first++;
    if (!ok || n == 0 || words > 3 || st->n_opener == SENT_MAX_OPENER) {
        st->host->log(ctx, ANNOT_LOG_WARN, "%s:%u: kind 'opener' takes one to three words of "
                      "at most 31 bytes (at most %d openers)", path, ln, SENT_MAX_OPENER);
        return 1;
    }
    uint32_t wi;
    int rc = sent_word_get(st, buf, first, &wi);
    if (rc)
        return rc;
    st->words[wi].opener = 1; /* its tokens get class SENT_C_OPEN */
    memcpy(st->opener[st->n_opener], buf, n);
    st->opener_len[st->n_opener++] = (uint8_t)n;
    return 0;
}

/* Parse one rules line (KIND<TAB>TERM, or KIND<TAB>TERM<TAB>WEIGHT for the
 * weighted kinds) and set its term's rule.  Returns 0, 1 when the line is
 * malformed (after a warning naming path:ln), or ANNOT_ENOMEM. */
static int sent_rules_line(sent_state *st, annot_ctx *ctx, const char *path, unsigned ln,
                           char *p)
{
    const sent_kind *k = NULL;
    char *tab = strchr(p, '\t');
    if (!tab) {
        st->host->log(ctx, ANNOT_LOG_WARN, "%s:%u: expected KIND<TAB>TERM[<TAB>WEIGHT]", path,
                      ln);
        return 1;
    }
    char *ke = tab;
    while (ke > p && ke[-1] == ' ')
        ke--;
    *ke = '\0';
    for (size_t i = 0; i < sizeof sent_kinds / sizeof sent_kinds[0]; i++)
        if (strcmp(p, sent_kinds[i].name) == 0)
            k = &sent_kinds[i];
    if (!k && strcmp(p, "doubt") == 0)
        return sent_doubt_line(st, ctx, path, ln, tab + 1);
    if (!k && strcmp(p, "opener") == 0)
        return sent_opener_line(st, ctx, path, ln, tab + 1);
    if (!k && strcmp(p, "topic") == 0)
        return sent_topic_line(st, ctx, path, ln, tab + 1, 1);
    if (!k && strcmp(p, "pledge") == 0)
        return sent_topic_line(st, ctx, path, ln, tab + 1, 2);
    if (!k && strcmp(p, "shield") == 0)
        return sent_topic_line(st, ctx, path, ln, tab + 1, 3);
    if (!k && strcmp(p, "expect") == 0)
        return sent_topic_line(st, ctx, path, ln, tab + 1, 4);
    if (!k) {
        st->host->log(ctx, ANNOT_LOG_WARN, "%s:%u: unknown rule kind '%s'", path, ln, p);
        return 1;
    }
    char *term = tab + 1;
    char *wtab = strchr(term, '\t');
    float mult = k->mult;
    if (k->weighted) {
        char *end = NULL;
        double w = 0.0;
        if (wtab) {
            errno = 0;
            w = strtod(wtab + 1, &end);
        }
        if (!wtab || end == wtab + 1 || errno || (end && *end && *end != ' ') || !(w > 0.0) ||
            w > 4.0) {
            st->host->log(ctx, ANNOT_LOG_WARN,
                          "%s:%u: kind '%s' needs a WEIGHT (0 < WEIGHT <= 4) after the term",
                          path, ln, k->name);
            return 1;
        }
        *wtab = '\0';
        mult = (float)w;
    } else if (wtab) {
        char *q = wtab;
        while (*q == '\t' || *q == ' ')
            q++;
        if (*q) {
            st->host->log(ctx, ANNOT_LOG_WARN, "%s:%u: kind '%s' takes no weight", path, ln,
                          k->name);
            return 1;
        }
        *wtab = '\0';
    }
    size_t n = strlen(term);
    while (n && term[n - 1] == ' ')
        term[--n] = '\0';
    if (n == 0) {
        st->host->log(ctx, ANNOT_LOG_WARN, "%s:%u: empty term", path, ln);
        return 1;
    }
    return sent_set_term(st, term, 0, 0.0f, 1, k->rule, mult);
}

/* Load one data file: a lexicon (rules == 0) or a rules file (rules != 0).
 * Blank lines and '#' comments are skipped; a malformed line is logged with
 * file:line and skipped.  Returns 0, ANNOT_ENOENT when the file cannot be
 * opened, or ANNOT_ENOMEM. */
static int sent_load_file(sent_state *st, annot_ctx *ctx, const char *path, int rules)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return ANNOT_ENOENT;
    char line[1024];
    int rc = 0;
    unsigned ln = 0;
    while (fgets(line, sizeof line, f)) {
        ln++;
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *p = line;
        if (ln == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
            (unsigned char)p[2] == 0xBF)
            p += 3;
        while (*p == ' ')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        rc = rules ? sent_rules_line(st, ctx, path, ln, p) : sent_lexicon_line(st, ctx, path, ln, p);
        if (rc < 0)
            goto err;
        rc = 0;
    }
err:
    fclose(f);
    return rc;
}

/* Free an instance. */
static void sent_destroy(void *state)
{
    sent_state *st = state;
    if (!st)
        return;
    free(st->pool);
    free(st->words);
    free(st->mwes);
    free(st->table);
    free(st->pairs);
    free(st->mwords);
    free(st);
}

/* Load the file of string option `opt` (default `def`), then the files of
 * list option `extra`, into st: rules files when rules != 0, lexicons
 * otherwise.  Returns 0 or non-zero with a message in err. */
static int sent_load_set(sent_state *st, annot_ctx *ctx, const char *opt, const char *def,
                         const char *extra, int rules, char *err, size_t errlen)
{
    const annot_host *host = st->host;
    const char *what = rules ? "rules" : "lexicon";
    char path[4096];
    const char *main_file = host->opt_str(ctx, opt);
    if (!main_file || !*main_file)
        main_file = def;
    size_t n_extra = host->opt_list_count(ctx, extra);
    for (size_t i = 0; i <= n_extra; i++) {
        const char *file = i == 0 ? main_file : host->opt_list_item(ctx, extra, i - 1);
        if (!file || !*file)
            continue;
        int rc = host->resolve_path(ctx, file, path, sizeof path);
        if (rc) {
            snprintf(err, errlen, "%s path too long: %s", what, file);
            return rc;
        }
        rc = sent_load_file(st, ctx, path, rules);
        if (rc == ANNOT_ENOENT) {
            snprintf(err, errlen, "cannot open %s %s: %s", what, path, strerror(errno));
            return rc;
        }
        if (rc) {
            snprintf(err, errlen, "out of memory loading %s", path);
            return rc;
        }
    }
    return 0;
}

/* Build an instance: the rules file and the extra rules files, then the
 * lexicon and the extra lexicons.  Returns 0 or non-zero with a message in
 * err. */
static int sent_init(const annot_host *host, annot_ctx *ctx, void **state, char *err,
                     size_t errlen)
{
    sent_state *st = calloc(1, sizeof *st);
    int rc = ANNOT_ENOMEM;
    if (!st) {
        snprintf(err, errlen, "out of memory");
        goto err;
    }
    st->host = host;
    for (unsigned c = 0; c < 256; c++)
        st->mwe_bit[c] = sent_mwe_bit((unsigned char)c);
    st->neg_first['u'] = st->neg_first['d'] = 1;
    st->kmul = SENT_KMUL;
    for (unsigned n = 0; n <= 16; n++) {
        st->mlo[n] = sent_mask.lo[n];
        st->mhi[n] = sent_mask.hi[n];
    }
    rc = sent_load_set(st, ctx, "rules", "rules.txt", "extra_rules", 1, err, errlen);
    if (rc)
        goto err;
    rc = sent_load_set(st, ctx, "lexicon", "lexicon.txt", "extra_lexicons", 0, err, errlen);
    if (rc)
        goto err;
    rc = sent_finish(st);
    if (rc) {
        snprintf(err, errlen, "out of memory");
        goto err;
    }
    double zone = host->opt_double(ctx, "neutral_zone");
    if (!(zone >= 0.0 && zone <= 100.0)) {
        snprintf(err, errlen, "neutral_zone must be in 0..100");
        rc = ANNOT_EINVAL;
        goto err;
    }
    st->zone2 = zone * zone;
    host->log(ctx, ANNOT_LOG_INFO,
              "%zu lexicon entries, %zu words, %zu expressions, %zu other spellings of words",
              st->n_entries, st->n_words, st->n_mwes, st->n_spellings);
    *state = st;
    return 0;
err:
    sent_destroy(st);
    *state = NULL;
    return rc ? rc : ANNOT_EFAIL;
}

/* The token's text for lookup: lower-cased, "’" as "'", "n't" forms without
 * the apostrophe.  Writes into buf (SENT_MAX_WORD bytes); returns its length
 * or 0 when the token is too long. */
static size_t sent_tok_text(const char *lower, const annot_token *t, char *buf)
{
    size_t n = t->end - t->start, o = 0;
    if (n >= SENT_MAX_WORD)
        return 0;
    const unsigned char *s = (const unsigned char *)lower + t->start;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
            c = '\'';
            i += 2;
        }
        buf[o++] = (char)c;
    }
    /* don't / don’t -> dont: negators are stored without the apostrophe */
    if (o >= 4 && buf[o - 1] == 't' && buf[o - 2] == '\'' && buf[o - 3] == 'n') {
        buf[o - 2] = 't';
        o--;
    }
    return o;
}

/* True when a token is the given one-byte or three-byte punctuation. */
static int sent_tok_is(const char *text, const annot_token *t, const char *p)
{
    size_t n = strlen(p);
    return t->end - t->start == n && memcmp(text + t->start, p, n) == 0;
}

/* Kind of a one-byte punctuation token c with these token flags. */
static inline uint8_t sent_punct_kind1(char c, uint32_t flags)
{
    switch (c) {
    case ',': case ';': case ':': case '(': case ')': case '[': case ']':
        return SENT_K_CLAUSE;
    case '"':
        return SENT_K_QUOTE;
    case '\'':
        return (flags & ANNOT_TOK_POSSESSIVE) ? SENT_K_SKIP : SENT_K_QUOTE;
    case '!':
        return SENT_K_BANG;
    case '-':
        return (flags & ANNOT_TOK_SPACE_BEFORE) ? SENT_K_CLAUSE : SENT_K_HYPHEN;
    default:
        return SENT_K_SKIP;
    }
}

/* Classify a punctuation token: SENT_K_CLAUSE, _QUOTE, _BANG, _HYPHEN or
 * _SKIP. */
static uint8_t sent_punct_kind(const char *text, const annot_token *t)
{
    size_t n = t->end - t->start;
    const char *s = text + t->start;
    if (n == 1)
        return sent_punct_kind1(s[0], t->flags);
    if (sent_tok_is(text, t, "\xE2\x80\x9C") || sent_tok_is(text, t, "\xE2\x80\x9D") ||
        sent_tok_is(text, t, "\xE2\x80\x98") || sent_tok_is(text, t, "\xE2\x80\x99"))
        return (t->flags & ANNOT_TOK_POSSESSIVE) ? SENT_K_SKIP : SENT_K_QUOTE;
    if (sent_tok_is(text, t, "\xE2\x80\x94") || sent_tok_is(text, t, "\xE2\x80\x93") ||
        sent_tok_is(text, t, "--"))
        return SENT_K_CLAUSE;
    if (n >= 2 && s[0] == '!')
        return SENT_K_BANG;
    return SENT_K_SKIP;
}

/* The look-up text of a token (sent_tok_text()) as an expression compares
 * it: where it is (the lower-cased text, or buf when rewritten), its length
 * (0 when too long) and its first eight bytes, zero-padded. */
typedef struct sent_ktext {
    const char *s;
    size_t n;
    uint64_t pre;
} sent_ktext;

/* Fill *k for token t of the lower-cased text of len bytes (buf:
 * SENT_MAX_WORD bytes for a rewritten text). */
static void sent_ktext_of(const char *lower, size_t len, const annot_token *t, char *buf,
                          sent_ktext *k)
{
    const unsigned char *p = (const unsigned char *)lower + t->start;
    size_t n = t->end - t->start;
    int special = n >= SENT_MAX_WORD ||
                  (n >= 4 && p[n - 1] == 't' && p[n - 2] == '\'' && p[n - 3] == 'n');
    if (!special && n <= 16 && len - t->start >= 16) {
        /* a short plain word: two loads */
        uint64_t v, v2;
        memcpy(&v, p, 8);
        memcpy(&v2, p + 8, 8);
        v &= sent_mask.lo[n];
        if (((v | (v2 & sent_mask.hi[n])) & 0x8080808080808080ull) == 0) {
            k->n = n;
            k->s = (const char *)p;
            k->pre = v;
            return;
        }
        special = 1;
    }
    for (size_t i = 0; i < n && !special; i++)
        special = p[i] >= 0x80;
    if (special) {
        k->n = sent_tok_text(lower, t, buf);
        k->s = buf;
    } else {
        k->n = n;
        k->s = (const char *)p;
    }
    k->pre = sent_pre(k->s, k->n);
}

#define SENT_MWE_MAX 6

/* The expressions of the list from m (three words or more first, as
 * sent_match_from() found them) starting with word w whose second word is
 * token j, of look-up text *k0 (the sentence ends at token `end`): returns
 * the longest that matches (or NULL) and sets *last to its last token.  The
 * texts of the following words are computed once and compared eight bytes
 * a load. */
static __attribute__((noinline)) const sent_mwe *
sent_match_long(const sent_state *st, uint32_t m, const char *lower, size_t len,
                const annot_token *tok, size_t j, size_t end, const sent_ktext *k0,
                size_t *last)
{
    char buf[SENT_MWE_MAX][SENT_MAX_WORD];
    sent_ktext kt[SENT_MWE_MAX];
    size_t bidx[SENT_MWE_MAX], have = 1;
    int more = 1;
    kt[0] = *k0;
    bidx[0] = j;
    for (; m != SENT_NONE; m = st->mwes[m].next2) {
        const sent_mwe *e = &st->mwes[m];
        if (e->n_words - 1 > SENT_MWE_MAX)
            continue;
        const sent_mword *mw = &st->mwords[e->wat];
        size_t k = 0, nw = e->n_words - 1;
        int ok = 1;
        for (; k < nw; k++) {
            while (k >= have && more) {
                /* the next word, skipping in-word hyphens: computed once */
                j++;
                while (j < end && tok[j].end - tok[j].start == 1 && lower[tok[j].start] == '-')
                    j++;
                if (j >= end) {
                    more = 0;
                    break;
                }
                sent_ktext_of(lower, len, &tok[j], buf[have], &kt[have]);
                bidx[have++] = j;
            }
            if (k >= have || kt[k].n != mw[k].len || kt[k].pre != mw[k].pre ||
                (mw[k].len > 8 &&
                 memcmp(kt[k].s + 8, st->pool + mw[k].off + 8, mw[k].len - 8) != 0)) {
                ok = 0;
                break;
            }
        }
        if (ok && k > 0) {
            *last = bidx[k - 1];
            return e; /* the longest that matches (the list runs from the longest) */
        }
    }
    return NULL;
}

/* The expressions starting with word w whose second word is token j, of
 * look-up text *k0 and hash h2 (the sentence ends at token `end`): returns
 * the longest that matches (or NULL) and sets *last to its last token. */
static __attribute__((noinline)) const sent_mwe *
sent_match_from(const sent_state *st, const sent_slot *w, const char *lower, size_t len,
                const annot_token *tok, size_t j, size_t end, const sent_ktext *k0, uint32_t h2,
                size_t *last)
{
    const sent_pair *pr = sent_pair_find(st, w->word, h2);
    if (!pr)
        return NULL;
    /* the expressions of three words or more come first: passed over at once
     * when the token after the second word cannot start a third word of
     * theirs (the bit of its raw first byte is that of its look-up text) */
    size_t j3 = j + 1;
    while (j3 < end && tok[j3].end - tok[j3].start == 1 && lower[tok[j3].start] == '-')
        j3++;
    if (j3 < end && (pr->third & st->mwe_bit[(unsigned char)lower[tok[j3].start]]))
        return sent_match_long(st, pr->first, lower, len, tok, j, end, k0, last);
    /* only the two-word expressions are left (most calls): each compares
     * its second word with token j, out of the general walk and its
     * buffers */
    for (uint32_t m = pr->first2; m != SENT_NONE; m = st->mwes[m].next2) {
        const sent_mword *mw = &st->mwords[st->mwes[m].wat];
        if (k0->n == mw->len && k0->pre == mw->pre &&
            (mw->len <= 8 || memcmp(k0->s + 8, st->pool + mw->off + 8, mw->len - 8) == 0)) {
            *last = j;
            return &st->mwes[m];
        }
    }
    return NULL;
}

/* Try the expressions that start with word w at token i (the sentence ends
 * at token `end`); returns the longest match (or NULL) and sets *last to its
 * last token. */
static const sent_mwe *sent_match_mwe(const sent_state *st, const sent_slot *w,
                                      const char *lower, size_t len, const annot_token *tok,
                                      size_t i, size_t end, size_t *last)
{
    char buf[SENT_MAX_WORD];
    sent_ktext k0;
    /* the word after this one, and its hash to reject most expressions at once */
    size_t j = i + 1;
    while (j < end && tok[j].end - tok[j].start == 1 && lower[tok[j].start] == '-')
        j++;
    if (j >= end || !(w->mwe_mask & st->mwe_bit[(unsigned char)lower[tok[j].start]]))
        return NULL;
    sent_ktext_of(lower, len, &tok[j], buf, &k0);
    if (k0.n == 0)
        return NULL; /* no look-up text: no expression goes on with it */
    uint32_t h2 = sent_khash(k0.pre, k0.n);
    uint32_t bit = sent_pair_bit(w->word, h2);
    if (!((st->pair_bloom[bit >> 6] >> (bit & 63)) & 1))
        return NULL;
    return sent_match_from(st, w, lower, len, tok, j, end, &k0, h2, last);
}

/* Figures of one sentence. */
typedef struct sent_fig {
    double sum;      /* rule-adjusted valence sum */
    double pos, neg; /* positive and negative mass */
    uint32_t words;  /* word tokens */
    uint32_t neutral;/* word tokens that carry no valence */
} sent_fig;

/* What the look-up pass notes of a sentence for the scoring pass. */
typedef struct sent_info {
    size_t but;        /* the last contrast word after the first token, or SIZE_MAX */
    uint32_t words;    /* word tokens (an expression counts once); the words
                        * with no valence and no role but a neutral one are
                        * words - n_idx */
    uint32_t caps;     /* words of two bytes or more in capitals */
    uint32_t bangs;    /* '!' tokens */
    uint32_t n_idx;    /* words the scoring pass looks at (the others are neutral) */
    uint32_t at;       /* where their entries start in idx */
    unsigned seen;     /* SENT_C_DIR: a direction word ("rose", "fell") is present;
                        * SENT_C_QUOTE: a quotation mark; SENT_C_BOOST: an
                        * intensifier or hedge (other bits: of no use) */
} sent_info;

/* The general case of the word at token i (the sentence ends at token
 * `end`), found in the table as w or not found as it is (w NULL): its
 * rewritten text ("’", "n't"), "un"/"dis" + a listed positive word, and
 * expressions.  Fills the fields of *v but its number, sets *last to the last token
 * it covers (zeroing the scratch of the tokens an expression covers after
 * the first) and returns its class bits (sent_cls()). */
static __attribute__((noinline)) uint8_t sent_lookup_word(const sent_state *st, const char *lower, size_t len, const annot_token *tok,
                                size_t i, size_t end, const sent_slot *w, sent_tok *sc,
                                sent_tok *v, size_t *last)
{
    char buf[SENT_MAX_WORD];
    const annot_token *t = &tok[i];
    size_t n = t->end - t->start;
    const char *key = lower + t->start;
    *last = i;
    if (!w) {
        /* sent_tok_text() changes only a "’" (non-ASCII) and a final "n't":
         * a token that it would rewrite is copied and rewritten when it is
         * not found as it is (no entry holds "’" or ends in "n't", so it is
         * found as it is only when the copy is the same) */
        int high = 0;
        for (size_t k = 0; k < n; k++)
            high |= (unsigned char)key[k] >= 0x80;
        if (high || (n >= 4 && key[n - 1] == 't' && key[n - 2] == '\'' && key[n - 3] == 'n')) {
            n = sent_tok_text(lower, t, buf);
            key = buf;
            w = sent_find(st, key, n);
        }
    }
    if (!w) {
        /* "un"/"dis" + a listed positive word ("unhelpful", "disloyal") */
        size_t pre = n >= 6 && key[0] == 'u' && key[1] == 'n' ? 2
                   : n >= 7 && key[0] == 'd' && key[1] == 'i' && key[2] == 's' ? 3 : 0;
        if (pre) {
            const sent_slot *bw = sent_find(st, key + pre, n - pre);
            if (bw && bw->rec.has_val && bw->rec.val > 0 && bw->rec.rule == SENT_R_NONE) {
                v->val = (float)(SENT_NEG_FACTOR * 1.3) * bw->rec.val;
                v->has_val = 1;
            }
        }
        return sent_cls(v->has_val, v->rule);
    }
    const sent_mwe *e;
    if (w->mwe_mask && (e = sent_match_mwe(st, w, lower, len, tok, i, end, last))) {
        v->val = e->val;
        v->has_val = e->has_val;
        v->rule = e->rule;
        v->mult = e->mult;
        for (size_t j = i + 1; j <= *last; j++)
            memset(&sc[j], 0, sizeof sc[j]); /* SENT_K_SKIP */
        return sent_cls(v->has_val, v->rule);
    }
    *v = w->rec;
    return w->rec.key.cls;
}

/* True when a token of n <= 16 bytes at p, whose first sixteen bytes
 * (zero-padded) are pre and pre2, is looked up by another text than itself
 * (sent_tok_text(): a "’" or a final "n't"). */
static inline int sent_rewritten(const unsigned char *p, size_t n, uint64_t pre, uint64_t pre2)
{
    return ((pre | pre2) & 0x8080808080808080ull) ||
           (p[n - 1] == 't' && n >= 4 && p[n - 2] == '\'' && p[n - 3] == 'n');
}

/* False when surely no expression of word v goes on with the token at p of
 * n <= 16 bytes, its first sixteen bytes pre and pre2 (zero-padded) and
 * its hash h (sent_khash()): the pair prefilter holds no (v, its text).
 * sent_match_mwe() would then find nothing. */
static inline int sent_pair_maybe_h(const sent_state *st, const sent_slot *v,
                                    const unsigned char *p, size_t n, uint64_t pre,
                                    uint64_t pre2, uint32_t h)
{
    if (!(v->mwe_mask & st->mwe_bit[p[0]]))
        return 0; /* no second word of its expressions starts with that byte */
    if (sent_rewritten(p, n, pre, pre2))
        return 1;
    uint32_t bit = sent_pair_bit(v->word, h);
    return (st->pair_bloom[bit >> 6] >> (bit & 63)) & 1;
}

/* False when surely no expression of word v goes on after it, the word
 * after it being the first token from index i (the sentence ends at token
 * `end`) that is not an in-word hyphen.  Out of line: called for the few
 * words whose check cannot wait for the next token's hash. */
static __attribute__((noinline)) int sent_pair_next(const sent_state *st, const sent_slot *v,
                                                    const char *lower, size_t len,
                                                    const annot_token *tok, size_t i, size_t end)
{
    while (i < end && tok[i].end - tok[i].start == 1 && lower[tok[i].start] == '-')
        i++;
    if (i >= end)
        return 0;
    const annot_token *t = &tok[i];
    size_t n = t->end - t->start;
    if (!(v->mwe_mask & st->mwe_bit[(unsigned char)lower[t->start]]))
        return 0;
    if (n > 16 || len - t->start < 16)
        return 1;
    const unsigned char *p = (const unsigned char *)lower + t->start;
    uint64_t pre, pre2;
    memcpy(&pre, p, 8);
    memcpy(&pre2, p + 8, 8);
    pre &= sent_mask.lo[n];
    pre2 &= sent_mask.hi[n];
    return sent_pair_maybe_h(st, v, p, n, pre, pre2, sent_khash(pre, n));
}

/* sent_khash() with the multiplier read from the state: the multiply then
 * takes it from memory, and the look-up loop spends no instruction (and no
 * register) on the 64-bit constant for every word. */
static inline uint32_t sent_khash_st(const sent_state *st, uint64_t pre, size_t n)
{
    return (uint32_t)(((pre ^ (uint64_t)n) * st->kmul) >> 32);
}

/* t->flags, loaded again: a relaxed atomic load, which the compiler does not
 * merge with the load at the top of the look-up loop, so that the loop keeps
 * no copy of the flags (a stack slot written for every token) for its rare
 * paths. */
static inline uint32_t sent_flags_again(const annot_token *t)
{
    return __atomic_load_n(&t->flags, __ATOMIC_RELAXED);
}

/* Fill the scratch of the tokens of every sentence: lexicon look-ups,
 * expressions, punctuation kinds; every other field is zeroed.  infos[si]
 * gets what the scoring pass needs of sentence si as a whole, and idx, from
 * entry infos[si].at on, the tokens of its words that the scoring pass must
 * look at (a valence or a role), in order.  One call for the document, out
 * of line: the loop gets the registers to itself. */
static __attribute__((noinline)) void
sent_lookup(const sent_state *st, const char *text, const char *lower, size_t len,
            const annot_token *tok, size_t n_tok, const annot_sentence *sents, size_t n_sent,
            sent_tok *sc, uint32_t *idx, sent_info *infos)
{
    static const sent_tok none = {.kind = SENT_K_WORD};
    uint64_t none_hi; /* bytes 8..15 of `none` (bytes 0..7 are zero) */
    memcpy(&none_hi, (const char *)&none + 8, 8);
    uint32_t *ip = idx; /* the next entry of idx */
    /* the tokens before lim_doc start sixteen bytes or more before the end
     * of the text: their first sixteen bytes can be loaded */
    size_t lim_doc = n_tok;
    while (lim_doc > 0 && len - tok[lim_doc - 1].start < 16)
        lim_doc--;
    const annot_sentence *sp = sents;
    for (sent_info *in = infos, *in_end = infos + n_sent; in < in_end; in++, sp++) {
    size_t a = sp->first_token, b = a + sp->n_tokens;
    if (b > n_tok)
        b = n_tok;
    in->at = (uint32_t)(ip - idx);
    if (a >= b) {
        in->n_idx = 0;
        continue;
    }
    uint32_t *ip0 = ip;
    size_t but = SIZE_MAX;
    uint32_t words = 0, caps = 0, bangs = 0;
    unsigned seen = 0;  /* class bits of the words; SENT_C_QUOTE: a quotation mark */
    /* the word before token i when it starts expressions and was taken as
     * itself: whether one of them starts there is settled at token i, whose
     * hash the loop computes anyway (NULL: nothing pending) */
    const sent_slot *pw = NULL;
    size_t i = a;
    size_t lim = b < lim_doc ? b : lim_doc;
    if (lim < a)
        lim = a;
    for (;;) {
        /* the common tokens, with no call, so that the loop keeps its
         * values in registers: a one-byte punctuation mark, a word found
         * in the table as it is (and starting no expression there, or only
         * expressions that the next token settles), a word surely not
         * listed.  t walks the tokens and s their scratch; i is t's index,
         * worked out where it is needed. */
        const sent_slot *w = NULL;
        const annot_token *t = tok + i, *tlim = tok + lim;
        sent_tok *s = sc + i;
        for (; t < tlim; t++, s++) {
            size_t start = t->start, n = t->end - start;
            if (__builtin_expect((t->flags & (ANNOT_TOK_WORD | ANNOT_TOK_UPPER)) != ANNOT_TOK_WORD,
                                 0)) {
                uint32_t flags = sent_flags_again(t);
                if (flags & ANNOT_TOK_WORD) {
                    caps += n >= 2; /* a word in capitals */
                } else {
                    /* (sent_pair_next() is called only when its first test,
                     * that of this token's first byte, may pass, or when the
                     * token may be an in-word hyphen that it skips) */
                    if (pw && (lower[start] == '-' ||
                               (pw->mwe_mask & st->mwe_bit[(unsigned char)lower[start]]))) {
                        i = (size_t)(t - tok);
                        if (sent_pair_next(st, pw, lower, len, tok, i, b))
                            goto redo;
                    }
                    pw = NULL;
                    if (n != 1 && (flags & ANNOT_TOK_PUNCT))
                        goto other_t;
                    uint8_t kind = (flags & ANNOT_TOK_PUNCT)
                                       ? sent_punct_kind1(lower[start], flags)
                                       : SENT_K_SKIP;
                    seen |= kind == SENT_K_QUOTE ? SENT_C_QUOTE : 0;
                    bangs += kind == SENT_K_BANG;
                    *s = (sent_tok){.kind = kind};
                    continue;
                }
            }
            if (__builtin_expect(n > 16, 0))
                goto other_t; /* a long word: compared past sixteen bytes there */
            /* look the token up straight in the lower-cased text: its
             * first sixteen bytes in two loads */
            const unsigned char *p = (const unsigned char *)lower + start;
            uint64_t pre, pre2;
            memcpy(&pre, p, 8);
            pre &= st->mlo[n];
            uint32_t h = sent_khash_st(st, pre, n);
            if (__builtin_expect(pw != NULL, 0)) {
                /* the word before starts expressions: may this be the second
                 * word of one?  (a rewritten text is left to the general path) */
                if (pw->mwe_mask & st->mwe_bit[p[0]]) {
                    /* (i, t's index, is worked out only where it is used) */
                    memcpy(&pre2, p + 8, 8);
                    pre2 &= st->mhi[n];
                    if (sent_rewritten(p, n, pre, pre2)) {
                        i = (size_t)(t - tok);
                        goto redo;
                    }
                    uint32_t bit = sent_pair_bit(pw->word, h);
                    size_t last;
                    const sent_mwe *e;
                    if ((st->pair_bloom[bit >> 6] >> (bit & 63)) & 1 &&
                        (i = (size_t)(t - tok),
                         e = sent_match_from(st, pw, lower, len, tok, i,
                                             b, &(sent_ktext){(const char *)p, n, pre}, h,
                                             &last))) {
                        /* the word before (counted, numbered and listed in idx as
                         * itself) starts expression e, which ends at token last */
                        caps -= (sent_flags_again(t) & ANNOT_TOK_UPPER) && n >= 2; /* (token i is covered) */
                        ip -= pw->rec.key.cls & SENT_C_LOOK;
                        pw = NULL;
                        sent_tok v = none;
                        v.val = e->val;
                        v.has_val = e->has_val;
                        v.rule = e->rule;
                        v.mult = e->mult;
                        v.word = (uint16_t)(words - 1);
                        sc[i - 1] = v;
                        for (size_t j = i; j <= last; j++)
                            memset(&sc[j], 0, sizeof sc[j]); /* SENT_K_SKIP */
                        uint8_t c = sent_cls(v.has_val, v.rule);
                        seen |= c;
                        if ((c & SENT_C_BUT) && i - 1 > a)
                            but = i - 1;
                        *ip = (uint32_t)(i - 1);
                        ip += c & SENT_C_LOOK;
                        t = tok + last;
                        s = sc + last;
                        continue;
                    }
                }
                pw = NULL;
            }
            const sent_slot *v;
            if (sent_bloom_has(st, h)) {
                /* bytes 8..15 only now: most words the prefilter turns
                 * away never need them */
                memcpy(&pre2, p + 8, 8);
                pre2 &= st->mhi[n];
                /* the home slot first, out of the probe loop: most words
                 * found are found there, and the loop's layout then costs
                 * them no jump into its middle */
                v = &st->table[h & st->mask];
                if (__builtin_expect(v->pre == pre && v->pre2 == pre2 &&
                                     v->rec.key.len8 == (uint8_t)n, 1)) /* (n <= 16) */
                    goto hit;
                while (v->rec.key.len8) {
                    v++;
                    if (v->pre == pre && v->pre2 == pre2 && v->rec.key.len8 == (uint8_t)n)
                        goto hit;
                }
            }
            /* not found: a token that may be "un"/"dis" + a word takes the
             * general path (one that sent_tok_text() would rewrite, "don't",
             * "o’clock", is not found only when its rewritten text is not:
             * the table holds every spelling of sixteen bytes or less of
             * its words, sent_add_spellings()) */
            if (st->neg_first[p[0]] &&
                (((pre & 0xFFFF) == ('u' | 'n' << 8) && n >= 6) ||
                 ((pre & 0xFFFFFF) == ('d' | 'i' << 8 | 's' << 16) && n >= 7)))
                goto other_t; /* (each test its rarest part last; the first byte
                               * rules both prefixes out in one test) */
            /* a word with no valence and no role: `none`, in two stores
             * (its number among the words is of no use) */
            memset(s, 0, 8);
            memcpy((char *)s + 8, &none_hi, 8);
            words++;
            continue;
        hit:;
            uint8_t c = v->rec.key.cls;
            if (__builtin_expect(c & (SENT_C_DIR | SENT_C_BUT | SENT_C_BOOST | SENT_C_OPEN |
                                      SENT_C_TOPIC), 0)) {
                if (c & (SENT_C_DIR | SENT_C_BUT)) {
                    /* a contrast or direction word: its expressions are tried
                     * now (a pending word would have to undo what is noted here) */
                    i = (size_t)(t - tok);
                    if (v->mwe_mask && sent_pair_next(st, v, lower, len, tok, i + 1, b)) {
                        w = v;
                        goto other;
                    }
                    if ((c & SENT_C_BUT) && i > a)
                        but = i;
                }
                seen |= c;
            }
            if (c & SENT_C_MWE)
                pw = v; /* settled at the next token */
            *s = v->rec;
            /* only a word listed in idx needs its number: most words found
             * ("the", "of", "said": links, reporting words, first words of
             * expressions) are not, and skip the store and the index */
            if (c & SENT_C_LOOK) {
                s->word = (uint16_t)words;
                *ip++ = (uint32_t)(t - tok);
            }
            words++;
        }
        i = (size_t)(t - tok);
        if (i >= b)
            break;
        goto other;
    other_t:
        i = (size_t)(t - tok);
        goto other;
    redo:
        /* the word before token i may start an expression going on with
         * token i: take that word again, on the general path (it was
         * counted as a word and, when the scoring pass looks at it, listed
         * in idx; a contrast or direction word is never pending) */
        caps -= (tok[i].flags & (ANNOT_TOK_WORD | ANNOT_TOK_UPPER)) ==
                    (ANNOT_TOK_WORD | ANNOT_TOK_UPPER) &&
                tok[i].end - tok[i].start >= 2; /* (the expression may cover token i) */
        i--;
        words--;
        ip -= pw->rec.key.cls & SENT_C_LOOK;
        w = pw;
        pw = NULL;
    other:;
        /* any other token: calls allowed */
        if (pw) {
            if (sent_pair_next(st, pw, lower, len, tok, i, b))
                goto redo;
            pw = NULL;
        }
        s = &sc[i];
        t = &tok[i];
        size_t n = t->end - t->start;
        if (!(t->flags & ANNOT_TOK_WORD)) {
            uint8_t kind = (t->flags & ANNOT_TOK_PUNCT) ? sent_punct_kind(text, t) : SENT_K_SKIP;
            seen |= kind == SENT_K_QUOTE ? SENT_C_QUOTE : 0;
            bangs += kind == SENT_K_BANG;
            *s = (sent_tok){.kind = kind};
            i++;
            continue;
        }
        if (i >= lim && (t->flags & ANNOT_TOK_UPPER))
            caps += n >= 2; /* (counted by the loop above before lim) */
        if (n >= SENT_MAX_WORD) {
            *s = none; /* never looked up, not numbered */
            words++;
            i++;
            continue;
        }
        if (!w)
            w = sent_find(st, lower + t->start, n);
        sent_tok v = none;
        size_t last; /* (not i itself: the loop above keeps i in a register) */
        uint8_t c = sent_lookup_word(st, lower, len, tok, i, b, w, sc, &v, &last);
        v.word = (uint16_t)words;
        *s = v;
        seen |= c;
        if ((c & SENT_C_BUT) && i > a)
            but = i;
        *ip = (uint32_t)i;
        ip += c & SENT_C_LOOK;
        words++;
        i = last + 1;
    }
    uint32_t n_idx = (uint32_t)(ip - ip0);
    in->but = but;
    in->words = words;
    in->caps = caps;
    in->bangs = bangs;
    in->n_idx = n_idx;
    in->seen = seen;
    }
}

/* Mark short quotes ("the \"reforms\"") in [a, b): scare quotes get
 * quoted = 1, reported speech quoted = 2.  Returns the number of scare
 * quotes holding no term with a valence (the minister's "consultation"),
 * and in *at the token of the first of them.  Out of line (called for a
 * sentence with a quotation mark only), as is sent_directions(): the
 * sentence loop of sent_process() keeps more of its values in registers. */
static __attribute__((noinline)) unsigned sent_quotes(sent_tok *sc, size_t a, size_t b, size_t *at)
{
    unsigned bare = 0;
    for (size_t i = a; i < b; i++) {
        if (sc[i].kind != SENT_K_QUOTE)
            continue;
        size_t j = i + 1, words = 0;
        while (j < b && sc[j].kind != SENT_K_QUOTE && j - i <= 6) {
            if (sc[j].kind == SENT_K_WORD)
                words++;
            j++;
        }
        if (j >= b || sc[j].kind != SENT_K_QUOTE) {
            continue; /* a long quote or an unclosed one: reported speech, kept as is */
        }
        if (words == 0 || words > 3) {
            i = j;
            continue;
        }
        /* a reporting word just before the quote makes it genuine */
        uint8_t q = 1;
        for (size_t k = i, seen = 0; k > a && seen < 3; k--) {
            if (sc[k - 1].kind == SENT_K_WORD) {
                seen++;
                if (sc[k - 1].rule == SENT_R_SPEECH) {
                    q = 2;
                    break;
                }
            } else if (sc[k - 1].kind == SENT_K_CLAUSE) {
                if (sc[k - 1].kind == SENT_K_CLAUSE && seen == 0)
                    continue; /* said: "..." */
                break;
            }
        }
        int valenced = 0;
        for (size_t k = i + 1; k < j; k++) {
            sc[k].quoted = q;
            valenced |= sc[k].has_val;
        }
        if (q == 1 && !valenced && bare++ == 0)
            *at = i;
        i = j;
    }
    return bare;
}

/* Direction words: find the nearest term with a valence within six words
 * before (a subject with its phrase: "unemployment in the northern
 * provinces fell") or two after ("rising violence"), without
 * crossing clause punctuation; "up" words weigh it 1.3, "down" words turn it
 * (-0.6).  The direction word then gives up its own valence.  The target
 * has no rule, so its mult field (0 then) holds the factor.  The direction
 * words are looked for among the n_idx tokens listed in idx (in order; a
 * direction word always has class SENT_C_LOOK). */
static __attribute__((noinline)) void sent_directions(sent_tok *sc, const uint32_t *idx, uint32_t n_idx, size_t a, size_t b)
{
    for (uint32_t q = 0; q < n_idx; q++) {
        size_t i = idx[q];
        if (sc[i].kind != SENT_K_WORD || (sc[i].rule != SENT_R_UP && sc[i].rule != SENT_R_DOWN))
            continue;
        size_t target = SIZE_MAX, seen = 0;
        for (size_t k = i; k > a && seen < 6; k--) {
            const sent_tok *p = &sc[k - 1];
            if (p->kind == SENT_K_CLAUSE)
                break;
            if (p->kind != SENT_K_WORD)
                continue;
            seen++;
            if (p->has_val && p->rule == SENT_R_NONE) {
                target = k - 1;
                break;
            }
        }
        if (target == SIZE_MAX) {
            seen = 0;
            for (size_t k = i + 1; k < b && seen < 2; k++) {
                const sent_tok *p = &sc[k];
                if (p->kind == SENT_K_CLAUSE)
                    break;
                if (p->kind != SENT_K_WORD)
                    continue;
                seen++;
                if (p->has_val && p->rule == SENT_R_NONE) {
                    target = k;
                    break;
                }
            }
        }
        if (target == SIZE_MAX)
            continue;
        float m = sc[i].rule == SENT_R_UP ? 1.3f : (float)SENT_NEG_FACTOR;
        sc[target].mult = sc[target].mult == 0.0f ? m : sc[target].mult * m;
        sc[i].mute = 1;
    }
}

/* Whether the term at token i is the act of a reported pledge: right
 * after "would"/"will" (rules kind `pledge`), which comes at most three
 * words after a reporting word (kind `speech`: "said", "says") of the
 * sentence starting at token a ("the ministry said it would help farmers
 * apply", "says the government will support the bill"; not "said the new
 * bridge would help commuters", a claim of an effect): what someone
 * pledges to do is news, not the writer's verdict.  1: it is; 0: not. */
static int sent_pledge(const sent_tok *sc, size_t a, size_t i)
{
    if (i <= a + 1 || sc[i - 1].kind != SENT_K_WORD || !(sc[i - 1].mute & SENT_PLEDGE))
        return 0;
    size_t seen = 0;
    for (size_t k = i - 1; k > a && seen < 3; k--) {
        if (sc[k - 1].kind == SENT_K_CLAUSE)
            return 0;
        if (sc[k - 1].kind != SENT_K_WORD)
            continue;
        seen++;
        if (sc[k - 1].rule == SENT_R_SPEECH)
            return 1;
    }
    return 0;
}

/* Whether the listed words of a sentence (idx[0..n), the words with a
 * valence or a role; b: its end) are all topic words (rules kind `topic`)
 * that nothing acts on: no role of their own, no direction word beside them
 * (mult), not muted, not quoted.  Besides them a hedge ("may", "some"), an
 * intensifier that reaches no term ("most of the") and a direction word
 * with no valence of its own left ("rose") are no verdict; any other
 * listed word (an evaluative term, a negator, an intensifier of a term, a
 * contrast ...) is.  1: a plain report; 0: not. */
static __attribute__((noinline)) int sent_topic_only(const sent_tok *sc, const uint32_t *idx,
                                                     uint32_t n, size_t a, size_t b)
{
    for (uint32_t q = 0; q < n; q++) {
        size_t i = idx[q];
        const sent_tok *s = &sc[i];
        if (s->mute == SENT_TOPIC && s->rule == SENT_R_NONE && s->mult == 0.0f && !s->quoted &&
            !s->ly)
            continue;
        if (s->rule == SENT_R_NONE && s->mult == 0.0f && !s->quoted && s->val > 0 &&
            sent_pledge(sc, a, i))
            continue;
        if ((s->rule == SENT_R_UP || s->rule == SENT_R_DOWN) && (!s->has_val || (s->mute & 1)))
            continue;
        if (s->rule != SENT_R_BOOST || s->has_val)
            return 0;
        if (s->mult < 1.0f)
            continue;
        /* an intensifier: does a term follow in its reach? */
        for (size_t k = i + 1, seen = 0; k < b && seen < SENT_BOOST_REACH; k++) {
            if (sc[k].kind == SENT_K_CLAUSE)
                break;
            if (sc[k].kind != SENT_K_WORD)
                continue;
            seen++;
            if (sc[k].has_val)
                return 0;
        }
    }
    return 1;
}

/* A lean to the negative of weight x from a word at token i with no term
 * to act on ("too early", "does not work"), weighed like a term there by
 * the contrast at token but (SIZE_MAX: none): "handsome, but too small". */
static inline void sent_lean(sent_fig *f, double x, size_t i, size_t but)
{
    if (but != SIZE_MAX)
        x *= i < but ? SENT_BUT_BEFORE : SENT_BUT_AFTER;
    f->sum -= x;
    f->neg += x;
}

/* A reverser in "-ed" with no object acts on its subject ("inflation
 * eased", "the violence has stopped", "the strike ended on Thursday"):
 * whether the one-word reverser at token i (lower: the lower-cased text)
 * ends in "ed", is followed by no determiner (an object: "ended the
 * programme") and has no term nor negation in its reach after it
 * (SENT_REV_REACH words, to the end of its clause), while the last term
 * scored, at token last, lies at most three words before it in the same
 * clause, and is no -ly adverb.  Infinitives and bare forms ("refusal to
 * fix", "struck down a law") and acts still to come ("needs to be
 * addressed", "can be resolved") are left alone.  1: it acts on that
 * term; 0: not. */
static int sent_rev_subject(const sent_tok *sc, const annot_token *tok, const char *lower,
                            size_t a, size_t b, size_t i, size_t last)
{
    if (last == SIZE_MAX || last < a || (uint16_t)(sc[i].word - sc[last].word) > 3)
        return 0;
    const char *e = lower + tok[i].end;
    if (tok[i].end - tok[i].start < 4 || e[-1] != 'd' || e[-2] != 'e')
        return 0;
    /* an adverb is no subject ("can more easily be resolved") */
    const char *l = lower + tok[last].end;
    if (tok[last].end - tok[last].start > 2 && l[-1] == 'y' && l[-2] == 'l')
        return 0;
    /* after "be" or "to" the act is still to come ("needs to be addressed") */
    if (i > a && (tok[i - 1].flags & ANNOT_TOK_WORD) && tok[i - 1].end - tok[i - 1].start == 2) {
        const char *w = lower + tok[i - 1].start;
        if ((w[0] == 'b' && w[1] == 'e') || (w[0] == 't' && w[1] == 'o'))
            return 0;
    }
    if (i + 1 < b && ((sc[i + 1].kind == SENT_K_SKIP && (tok[i + 1].flags & ANNOT_TOK_WORD)) ||
                      (sc[i + 1].kind == SENT_K_WORD && sc[i + 1].rule == SENT_R_LINK)))
        return 0;
    for (size_t k = last + 1; k < i; k++)
        if (sc[k].kind == SENT_K_CLAUSE)
            return 0;
    size_t seen = 0;
    for (size_t k = i + 1; k < b && seen < SENT_REV_REACH; k++) {
        if (sc[k].kind == SENT_K_CLAUSE)
            break;
        if (sc[k].kind != SENT_K_WORD)
            continue;
        seen++;
        if (sc[k].has_val || sc[k].rule == SENT_R_NEGATE)
            return 0;
    }
    return 1;
}

/* Score the tokens [a, b) of one sentence whose scratch is filled. */
/* A shielding verb at i ("protected", "spared", rules kind `shield`): when
 * "from" or "against" follows within five words (in its clause), sets
 * [*sa, *sb) to the six words after it, whose harms are averted ("shielded
 * households from the worst of the crisis"); otherwise leaves them. */
static void sent_shield(const sent_tok *sc, const annot_token *tok, const char *lower, size_t i,
                        size_t b, size_t *sa, size_t *sb)
{
    size_t k = i + 1, seen = 0;
    for (;; k++) {
        if (k >= b || seen >= 5 || sc[k].kind == SENT_K_CLAUSE)
            return;
        if (!(tok[k].flags & ANNOT_TOK_WORD))
            continue;
        seen++;
        if (sent_tok_is(lower, &tok[k], "from") || sent_tok_is(lower, &tok[k], "against"))
            break;
    }
    size_t e = k + 1;
    for (seen = 0; e < b && seen < 6 && sc[e].kind != SENT_K_CLAUSE; e++)
        if (tok[e].flags & ANNOT_TOK_WORD)
            seen++;
    *sa = k + 1;
    *sb = e;
}

static void sent_score(sent_tok *sc, const annot_token *tok, const char *lower, const uint32_t *idx, size_t a,
                       size_t b, int question, const sent_info *in, sent_fig *f)
{
    memset(f, 0, sizeof *f);
    /* where the last "but" is, and whether the sentence is all capitals */
    size_t but = in->but;
    uint32_t bangs = in->bangs;
    int mixed_case = in->caps * 2 < in->words;
    f->words = in->words;
    f->neutral = in->words - in->n_idx;
    if (in->seen & SENT_C_DIR)
        sent_directions(sc, idx, in->n_idx, a, b);
    size_t concess_end = a; /* tokens in [concess_start, concess_end) are a concession */
    size_t concess_start = a;
    int had_concession = 0;
    size_t irr_start = a, irr_end = a; /* a hypothetical clause */
    int claimed = 0; /* after "claims", "insists": positive content is doubted */
    /* whether a term may be weighed by anything below but its own look back:
     * a contrast, a quotation, a claim, a concession, a hypothetical clause */
    int special = but != SIZE_MAX || (in->seen & SENT_C_QUOTE);
    const int dirs = (in->seen & SENT_C_DIR) != 0, boosts = (in->seen & SENT_C_BOOST) != 0;

    /* the last modifier (negator, blocker, intensifier or hedge, scare word,
     * "too", negative -ly word) with no contrast, concession or hypothetical
     * word after it: the look back from a term can act on a modifier only
     * when this one lies fewer than SENT_SCOPE words before it (modifiers
     * and those words are all listed in idx) */
    size_t mod = SIZE_MAX;
    size_t pos_turned_by = SIZE_MAX; /* the negation that last turned a positive term */
    size_t shield_a = SIZE_MAX, shield_b = 0; /* harms in [a, b) are averted */
    size_t last = SIZE_MAX; /* the last term scored, and what it added */
    double last_v = 0.0;
    /* the words with a valence or a role (the others only count as neutral) */
    for (uint32_t q = 0; q < in->n_idx; q++) {
        size_t i = idx[q];
        const sent_tok *s = &sc[i];
        int near = mod != SIZE_MAX && (uint16_t)(s->word - sc[mod].word) <= SENT_SCOPE;
        /* a plain listed word (no rule: it has a valence, is no -ly degree
         * word and is never muted, as only direction words are) skips the
         * rules' bookkeeping */
        if (s->rule != SENT_R_NONE || s->ly || !s->has_val) {
            if (s->rule == SENT_R_BUT || s->rule == SENT_R_CONCESSIVE || s->rule == SENT_R_IRREALIS)
                mod = SIZE_MAX;
            else if (s->rule == SENT_R_NEGATE || s->rule == SENT_R_NONEG || s->rule == SENT_R_BOOST ||
                     s->rule == SENT_R_SOCALLED || s->rule == SENT_R_TOO || s->ly)
                mod = i;
            if (s->rule == SENT_R_CLAIM)
                claimed = special = 1;
            if (s->rule == SENT_R_CONCESSIVE || s->rule == SENT_R_IRREALIS) {
                special = 1;
                /* its clause runs to the next clause punctuation or "but" */
                size_t k = i + 1;
                while (k < b && sc[k].kind != SENT_K_CLAUSE && sc[k].rule != SENT_R_BUT)
                    k++;
                if (s->rule == SENT_R_CONCESSIVE) {
                    concess_start = i;
                    concess_end = k;
                    had_concession = 1;
                } else {
                    irr_start = i;
                    irr_end = k;
                }
            }
            /* a reverser with no object turns its subject, and gives up
             * its own valence to it */
            if (s->rule == SENT_R_NEGATE && s->mult == 2.0f && last != SIZE_MAX &&
                sent_rev_subject(sc, tok, lower, a, b, i, last)) {
                f->sum += (SENT_NEG_FACTOR - 1.0) * last_v;
                if (last_v > 0) {
                    f->pos -= last_v;
                    f->neg -= SENT_NEG_FACTOR * last_v;
                } else {
                    f->neg += last_v;
                    f->pos += SENT_NEG_FACTOR * last_v;
                }
                last = SIZE_MAX;
                continue;
            }
            if (!s->has_val) {
                /* "too" + a plain word ("too early", "too close") is a complaint */
                if (s->rule == SENT_R_TOO && i + 1 < b && sc[i + 1].kind == SENT_K_WORD &&
                    !sc[i + 1].has_val && (i + 2 >= b || !sc[i + 2].has_val))
                    sent_lean(f, SENT_TOO_LEAN, i, but);
                int scare = s->rule == SENT_R_SOCALLED && s->mult == 1.0f;
                if ((s->rule == SENT_R_NEGATE && s->mult < 2.0f) || scare) {
                    /* a bare negation ("does not work") leans negative; so
                     * does a reproach with nothing to mock ("should never
                     * have approved the merger") */
                    size_t k = i + 1, seen = 0, reach = scare ? 3 : SENT_SCOPE;
                    int target = 0;
                    while (k < b && seen < reach) {
                        if (sc[k].kind == SENT_K_CLAUSE)
                            break;
                        if (sc[k].kind == SENT_K_WORD) {
                            seen++;
                            if (sc[k].has_val || sc[k].rule == SENT_R_NONEG) {
                                target = 1;
                                break;
                            }
                        }
                        k++;
                    }
                    if (!target)
                        sent_lean(f, scare ? SENT_SCARE_LEAN : SENT_BARE_NEG, i, but);
                }
                continue;
            }
            /* a modifier that modifies a following term gives up its own valence */
            if (s->rule == SENT_R_BOOST || s->rule == SENT_R_NEGATE || s->rule == SENT_R_SOCALLED ||
                s->rule == SENT_R_TOO) {
                size_t k = i + 1, seen = 0;
                int modifies = 0;
                while (k < b && seen < 2) {
                    if (sc[k].kind == SENT_K_WORD) {
                        seen++;
                        /* (a degree adverb after it is no term: "recovered
                         * strongly") */
                        if (sc[k].has_val && sc[k].rule != SENT_R_BOOST) {
                            modifies = 1;
                            break;
                        }
                    } else if (sc[k].kind == SENT_K_CLAUSE) {
                        break;
                    }
                    k++;
                }
                if (modifies)
                    continue;
                /* degree adverbs ("sharply", "greatly") carry no praise of their own */
                if (s->rule == SENT_R_BOOST && s->val > 0)
                    continue;
            }
            if (s->mute & 1)
                continue;
            /* a negative -ly adverb right before a term is a degree word
             * ("terribly clever", "frighteningly capable") */
            if (s->ly && s->val < 0 && s->rule == SENT_R_NONE && i + 1 < b &&
                sc[i + 1].kind == SENT_K_WORD && sc[i + 1].has_val && sc[i + 1].rule == SENT_R_NONE)
                continue;
        }
        double v = s->val;
        uint32_t fl = tok[i].flags;
        /* a capitalised word inside the sentence is most likely part of a name
         * ("the Clear Skies Act", "Human Rights Watch"): little sentiment */
        if ((fl & (ANNOT_TOK_CAP | ANNOT_TOK_SENT_START)) == ANNOT_TOK_CAP && mixed_case &&
            !((fl & ANNOT_TOK_UPPER) && tok[i].end - tok[i].start >= 3)) {
            int prev_word = i > a && (tok[i - 1].flags & ANNOT_TOK_WORD);
            int multi = (prev_word && (tok[i - 1].flags & ANNOT_TOK_CAP) &&
                         !(tok[i - 1].flags & ANNOT_TOK_SENT_START)) ||
                        (i + 1 < b && (tok[i + 1].flags & ANNOT_TOK_CAP) &&
                         (tok[i + 1].flags & ANNOT_TOK_WORD));
            /* after a quotation mark or a colon a capital starts a phrase */
            if (multi || prev_word)
                v *= multi ? SENT_NAME_MULTI : SENT_NAME_SINGLE;
        }
        if (dirs && s->rule == SENT_R_NONE && s->mult != 0.0f)
            v *= s->mult; /* a direction word beside it (only those set mult) */
        if ((fl & (ANNOT_TOK_UPPER | ANNOT_TOK_ABBREV)) == ANNOT_TOK_UPPER && mixed_case &&
            tok[i].end - tok[i].start >= 3)
            v *= 1.4;
        /* look back: intensifiers, negators, scare words */
        int negs = 0, blocked = 0, socalled = 0, plain_neg = 0;
        size_t neg_at = SIZE_MAX; /* the nearest negation or reverser */
        int acted = 0; /* a reverser lies between */
        double too = 0.0;
        double mult = 1.0;
        if (near) {
            size_t seen = 0;
            size_t scope = SENT_SCOPE;
            for (size_t k = i; k > a && seen < scope; k--) {
                const sent_tok *p = &sc[k - 1];
                if (p->kind == SENT_K_CLAUSE || p->rule == SENT_R_BUT ||
                    p->rule == SENT_R_CONCESSIVE || p->rule == SENT_R_IRREALIS ||
                    (p->rule == SENT_R_STOP && negs))
                    break;
                if (p->kind != SENT_K_WORD)
                    continue;
                seen++;
                switch (p->rule) {
                case SENT_R_NEGATE:
                    /* a reverser before a negation acts on nothing here: "ended
                     * without agreement" is no agreement ("failed to prevent
                     * violence", the other order, turns twice) */
                    if (p->mult == 2.0f && (plain_neg || acted || seen > SENT_REV_REACH))
                        break;
                    /* a reverser acts on its object: it reaches four words
                     * ("the cuts to school funding will hurt the town": the
                     * hurt is no object of the cuts), and another reverser
                     * after it ends its reach ("cut fares and eased
                     * congestion": the congestion is eased, not cut) */
                    acted |= p->mult == 2.0f;
                    plain_neg |= p->mult != 2.0f;
                    if (!negs)
                        neg_at = k - 1;
                    negs++;
                    if (p->mult == 1.0f) /* "nor": the negation before it is not added */
                        seen = scope;
                    break;
                case SENT_R_NONEG:
                    blocked = 1;
                    break;
                case SENT_R_NONE:
                    if (seen == 1 && p->ly && p->has_val && p->val < 0)
                        mult *= 1.3;
                    break;
                case SENT_R_BOOST:
                    if (seen <= SENT_BOOST_REACH)
                        mult *= 1.0 + (p->mult - 1.0) * (1.0 - 0.05 * (double)(seen - 1));
                    break;
                case SENT_R_SOCALLED:
                    if (seen <= 3)
                        socalled = 1;
                    break;
                case SENT_R_TOO:
                    if (seen <= 2)
                        too = p->mult;
                    break;
                default:
                    break;
                }
            }
        }
        /* an intensifier right after the term ("criticized sharply") */
        if (boosts) {
            for (size_t k = i + 1; k < b && k <= i + 2; k++) {
                if (sc[k].kind != SENT_K_WORD)
                    break;
                if (sc[k].rule == SENT_R_BOOST) {
                    size_t n2 = k + 1;
                    if (!(n2 < b && sc[n2].kind == SENT_K_WORD && sc[n2].has_val))
                        mult *= sc[k].mult;
                    break;
                }
                if (sc[k].has_val)
                    break;
            }
        }
        /* a harm done to something good is bad news: "threat to democracy",
         * "loss of public trust", "undermined the agreement" */
        if (v > 0 && s->rule == SENT_R_NONE) {
            /* back from the term: at most one plain word ("public"), then one
             * to three links, then a negative term with no rule */
            size_t k = i, links = 0;
            if (k > a && sc[k - 1].kind == SENT_K_WORD && !sc[k - 1].has_val &&
                sc[k - 1].rule == SENT_R_NONE)
                k--;
            while (k > a && links < 3 && sc[k - 1].kind == SENT_K_WORD &&
                   sc[k - 1].rule == SENT_R_LINK) {
                links++;
                k--;
            }
            if (links > 0 && k > a && sc[k - 1].kind == SENT_K_WORD && sc[k - 1].has_val &&
                sc[k - 1].val < 0 && sc[k - 1].rule == SENT_R_NONE)
                v *= SENT_NEG_FACTOR;
        }
        v *= mult;
        if (near) { /* (too, negs and socalled are set by the look back only) */
            if (too != 0.0)
                v = v > 0 ? -0.5 * v : v * too; /* "too generous", "too violent" */
            /* a negation that turned a positive term (the act denied:
             * "nobody wins", "did not create jobs") leaves a harm after it
             * as it is: "nobody wins a war" is no praise of war */
            if ((negs & 1) && !blocked) {
                if (v > 0)
                    pos_turned_by = neg_at;
                else if (neg_at == pos_turned_by)
                    neg_at = SIZE_MAX; /* (kept: marks the term as not turned) */
                if (v > 0 || neg_at != SIZE_MAX)
                    v *= SENT_NEG_FACTOR;
            }
        }
        if (special) {
            if (v > 0 && claimed)
                v *= 0.5;
            if (v > 0 && (socalled || s->quoted == 1))
                v = -1.0 * v;
            else if (v < 0 && s->quoted == 1)
                v *= 0.5;
            /* contrast */
            if (but != SIZE_MAX)
                v *= i < but ? SENT_BUT_BEFORE : SENT_BUT_AFTER;
            if (had_concession && i >= concess_start && i < concess_end)
                v *= 0.5;
            else if (had_concession && i >= concess_end)
                v *= 1.2;
            /* a hope or fear in the yardstick ("better than critics feared",
             * "smaller than its organisers had hoped") is what did not happen */
            if (i >= irr_start && i < irr_end)
                v *= (s->mute & SENT_EXPECT) ? 0.0 : 0.6;
        } else if (v > 0 && socalled) {
            v = -1.0 * v; /* (no quotation here: no term is quoted) */
        }
        if (v < 0 && i >= shield_a && i < shield_b)
            v *= SENT_NEG_FACTOR; /* "shielded households from the crisis" */
        else if (v > 0 && (s->mute & SENT_SHIELD)) /* (not negated) */
            sent_shield(sc, tok, lower, i, b, &shield_a, &shield_b);
        f->sum += v;
        if (v > 0)
            f->pos += v;
        else
            f->neg -= v;
        last = i;
        last_v = v;
    }
    /* a sentence whose only evidence is topic words that nothing acts on
     * ("The festival opens on Friday", "the museum is open daily") reports; it
     * does not judge (only a sentence of little mass is looked at) */
    double mass = f->pos + f->neg;
    if ((in->seen & SENT_C_TOPIC) && mass > 0.0 && mass <= SENT_TOPIC_MASS &&
        but == SIZE_MAX && sent_topic_only(sc, idx, in->n_idx, a, b)) {
        f->sum = 0.0;
        f->pos = f->neg = 0.0;
    }
    if (question) {
        if (question == 2) {
            /* a rhetorical question is a complaint: its praise turns, as
             * each positive term would (-0.6 times itself: "Is this really
             * the best ...?"), and it leans negative */
            double p = f->pos;
            f->sum += (SENT_NEG_FACTOR - 1.0) * p;
            f->neg -= SENT_NEG_FACTOR * p;
            f->pos = 0.0;
            sent_lean(f, SENT_BARE_NEG, b - 1, but);
        }
        f->sum *= SENT_QUESTION;
    }
    if (bangs && f->sum != 0.0) {
        double e = 0.3 * (bangs > 3 ? 3 : bangs);
        f->sum += f->sum > 0 ? e : -e;
        if (f->sum > 0)
            f->pos += e;
        else
            f->neg += e;
    }
}

/* The neutral zone: a sentence whose evidence is weak (one mildly valenced
 * word such as "profits", "support" or "troops" in a factual report) stays
 * near neutral.  With M the sentence's total valenced mass (positive plus
 * negative, so that strong evidence on both sides is not taken for weak
 * evidence), the sum S and both masses are multiplied by M^2 / (M^2 +
 * zone^2): well below the zone they shrink with the square of M, well above
 * it they are nearly kept. */
static void sent_weak_evidence(const sent_state *st, sent_fig *f)
{
    double m = f->pos + f->neg;
    if (st->zone2 <= 0.0 || m <= 0.0)
        return;
    double k = m * m / (m * m + st->zone2);
    f->sum *= k;
    f->pos *= k;
    f->neg *= k;
}

/* Compound and proportions from a sum and masses. */
static void sent_fill(annot_sentiment *out, double sum, double alpha, double pos, double neg,
                      double neutral)
{
    out->compound = sum / sqrt(sum * sum + alpha);
    if (out->compound > 1.0)
        out->compound = 1.0;
    if (out->compound < -1.0)
        out->compound = -1.0;
    double total = pos + neg + neutral;
    if (total <= 0.0) {
        out->positive = out->negative = 0.0;
        out->neutral = 1.0;
        return;
    }
    out->positive = pos / total;
    out->negative = neg / total;
    out->neutral = 1.0 - out->positive - out->negative;
    if (out->neutral < 0.0)
        out->neutral = 0.0;
}

/* A reference to one actor mention, for sorting. */
typedef struct sent_actor_ref {
    const annot_actor *a;
    uint64_t key;      /* first eight bytes of the code, big-endian: strcmp order */
    int long_code;     /* the code has eight bytes or more: compare the rest too */
} sent_actor_ref;

/* Fill a reference's sort key from its mention's code. */
static void sent_actor_key(sent_actor_ref *r)
{
    const unsigned char *c = (const unsigned char *)r->a->code;
    uint64_t k = 0;
    size_t i = 0;
    for (; i < 8 && c[i]; i++)
        k |= (uint64_t)c[i] << (56 - 8 * i);
    r->key = k;
    r->long_code = i == 8;
}

/* strcmp() of two references' codes, through their keys. */
static inline int sent_code_cmp(const sent_actor_ref *x, const sent_actor_ref *y)
{
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->long_code && y->long_code)
        return strcmp(x->a->code + 8, y->a->code + 8);
    return 0;
}

/* Order of actor references: by code, then by sentence. */
static inline int sent_ref_cmp(const sent_actor_ref *x, const sent_actor_ref *y)
{
    int c = sent_code_cmp(x, y);
    if (c)
        return c;
    return x->a->sentence < y->a->sentence ? -1 : x->a->sentence > y->a->sentence;
}

/* Stable sort of m references (the order of glibc's merge-sort qsort):
 * insertion sort of runs of 8, then bottom-up merges through tmp (room for
 * m references).  Returns the sorted array: refs or tmp. */
static sent_actor_ref *sent_sort_refs(sent_actor_ref *refs, sent_actor_ref *tmp, size_t m)
{
    for (size_t lo = 0; lo < m; lo += 8) {
        size_t hi = lo + 8 < m ? lo + 8 : m;
        for (size_t i = lo + 1; i < hi; i++) {
            sent_actor_ref r = refs[i];
            size_t j = i;
            while (j > lo && sent_ref_cmp(&refs[j - 1], &r) > 0) {
                refs[j] = refs[j - 1];
                j--;
            }
            refs[j] = r;
        }
    }
    sent_actor_ref *src = refs, *dst = tmp;
    for (size_t w = 8; w < m; w *= 2) {
        for (size_t lo = 0; lo < m; lo += 2 * w) {
            size_t mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                dst[o++] = sent_ref_cmp(&src[j], &src[i]) < 0 ? src[j++] : src[i++];
            while (i < mid)
                dst[o++] = src[i++];
            while (j < hi)
                dst[o++] = src[j++];
        }
        sent_actor_ref *t = src;
        src = dst;
        dst = t;
    }
    return src;
}

/* A code's figures while its mentions are read in sentence order. */
typedef struct sent_tone {
    uint64_t key;      /* its first eight bytes, big-endian (sent_actor_key()) */
    const char *code;
    const char *name;  /* the first non-empty name among its mentions, or NULL */
    double sum;        /* compounds of its distinct sentences, in order */
    uint32_t count;    /* its distinct sentences */
    uint32_t last;     /* its last sentence so far */
    int long_code;     /* eight bytes or more: compare the rest too */
} sent_tone;

#define SENT_TONE_MAX 64

/* Bucket of a code's key by its first byte: 0 below 'A', 1..26 for the
 * capitals, 27 above 'Z' (in strcmp() order). */
static inline unsigned sent_tone_bucket(uint64_t key)
{
    unsigned c = (unsigned)(key >> 56);
    return c < 'A' ? 0 : c > 'Z' ? 27 : c - 'A' + 1;
}

/* sent_actor_tones() when the n mentions come in sentence order (as the
 * host keeps them) and name at most SENT_TONE_MAX codes: each code's
 * mentions are then in the order the sort by (code, sentence) would give
 * them, so they are summed as they come, grouped through a small hash
 * table, and only the codes are sorted.  Returns 0, a negative code, or 1
 * when the mentions do not fit (nothing added then). */
static int sent_actor_tones_sorted(const annot_host *host, annot_doc *doc, const annot_sentiment *ss,
                                   size_t n_sent, const annot_actor *actors, size_t n)
{
    sent_tone tones[SENT_TONE_MAX];
    uint8_t home[2 * SENT_TONE_MAX]; /* a code's slot: its tone's index + 1, 0 = empty */
    size_t g = 0;
    uint32_t prev = 0;
    int any_long = 0;
    memset(home, 0, sizeof home);
    for (size_t i = 0; i < n; i++) {
        const annot_actor *ac = &actors[i];
        if (!ac->code || !ac->code[0] || ac->sentence >= n_sent)
            continue;
        if (ac->sentence < prev)
            return 1;
        prev = ac->sentence;
        sent_actor_ref r = {ac, 0, 0};
        sent_actor_key(&r);
        size_t j = (size_t)((r.key * 0x9E3779B97F4A7C15ull) >> 57), k;
        for (;; j = (j + 1) & (2 * SENT_TONE_MAX - 1)) {
            if (!home[j]) {
                if (g == SENT_TONE_MAX)
                    return 1;
                k = g;
                tones[g++] = (sent_tone){r.key, ac->code, NULL, 0.0, 0, UINT32_MAX, r.long_code};
                home[j] = (uint8_t)g;
                any_long |= r.long_code;
                break;
            }
            const sent_tone *o = &tones[home[j] - 1];
            if (o->key == r.key && (!r.long_code || !o->long_code ||
                                    strcmp(o->code + 8, ac->code + 8) == 0)) {
                k = home[j] - 1u;
                break;
            }
        }
        sent_tone *t = &tones[k];
        if (!t->name && ac->name && ac->name[0])
            t->name = ac->name;
        if (ac->sentence != t->last) {
            t->last = ac->sentence;
            t->sum += ss[t->last].compound;
            t->count++;
        }
    }
    /* the codes in strcmp() order (they are distinct): with no code of
     * eight bytes or more, a key's last byte is 0 and holds the tone's
     * index, so that the keys sort alone: first by their first byte into
     * buckets (below 'A', each capital, above 'Z'), then by an insertion
     * sort that has little left to move */
    uint64_t sorted[SENT_TONE_MAX + 1], *order = sorted + 1;
    sorted[0] = 0; /* below every key | index: a code's first byte is not 0 */
    if (!any_long) {
        uint8_t start[29];
        memset(start, 0, sizeof start);
        for (size_t i = 0; i < g; i++)
            start[sent_tone_bucket(tones[i].key) + 1]++;
        for (size_t k = 1; k < 29; k++)
            start[k] = (uint8_t)(start[k] + start[k - 1]);
        for (size_t i = 0; i < g; i++)
            order[start[sent_tone_bucket(tones[i].key)]++] = tones[i].key | i;
    }
    for (size_t i = 0; i < g; i++) {
        uint64_t x = any_long ? i : order[i]; /* (long codes: the index alone) */
        size_t j = i;
        if (!any_long) {
            /* sorted[j] is order[j - 1], named so because at j = 0 the
             * index j - 1 wraps: order + SIZE_MAX is undefined, even if
             * it lands on sorted[0] */
            while (sorted[j] > x) { /* (stops at sorted[0]) */
                order[j] = sorted[j];
                j--;
            }
        } else {
            sent_actor_ref ri = {NULL, tones[i].key, tones[i].long_code};
            while (j > 0) {
                const sent_tone *o = &tones[order[j - 1] & 0xFF];
                int c = o->key != ri.key ? (o->key > ri.key ? 1 : -1)
                        : (o->long_code && ri.long_code) ? strcmp(o->code + 8, tones[i].code + 8)
                                                         : 0;
                if (c <= 0)
                    break;
                order[j] = order[j - 1];
                j--;
            }
        }
        order[j] = x;
    }
    for (size_t i = 0; i < g; i++) {
        const sent_tone *t = &tones[order[i] & 0xFF];
        int rc = host->add_actor_tone(doc, t->code, t->name ? t->name : t->code, t->sum / t->count,
                                      t->count);
        if (rc)
            return rc;
    }
    return 0;
}

/* Add the tone of every actor code: mean compound of the distinct sentences
 * mentioning it.  Returns 0 or a negative code. */
static int sent_actor_tones(const annot_host *host, annot_doc *doc, const annot_sentiment *ss,
                            size_t n_sent)
{
    size_t n = 0;
    const annot_actor *actors = host->actors(doc, &n);
    if (!actors || n == 0)
        return 0;
    int rc = sent_actor_tones_sorted(host, doc, ss, n_sent, actors, n);
    if (rc != 1)
        return rc;
    sent_actor_ref stack_refs[2 * 128];
    sent_actor_ref *mem = n <= 128 ? stack_refs : malloc(2 * n * sizeof *mem);
    if (!mem)
        return ANNOT_ENOMEM;
    sent_actor_ref *refs = mem;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (actors[i].code && actors[i].code[0] && actors[i].sentence < n_sent) {
            refs[m].a = &actors[i];
            sent_actor_key(&refs[m++]);
        }
    refs = sent_sort_refs(refs, mem + n, m);
    rc = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        double sum = 0.0;
        uint32_t count = 0, last = UINT32_MAX;
        const char *name = NULL;
        while (j < m && sent_code_cmp(&refs[j], &refs[i]) == 0) {
            if (!name && refs[j].a->name && refs[j].a->name[0])
                name = refs[j].a->name;
            if (refs[j].a->sentence != last) {
                last = refs[j].a->sentence;
                sum += ss[last].compound;
                count++;
            }
            j++;
        }
        rc = host->add_actor_tone(doc, refs[i].a->code, name ? name : refs[i].a->code,
                                  sum / count, count);
        if (rc)
            goto err;
        i = j;
    }
err:
    if (mem != stack_refs)
        free(mem);
    return rc;
}

/* True when the sentence [a, b) holds a doubt word ("really", "exactly",
 * "why"): a question that holds one is rhetorical. */
static int sent_doubts(const sent_state *st, const char *lower, const annot_token *tok,
                       size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        size_t n = tok[i].end - tok[i].start;
        if (!(tok[i].flags & ANNOT_TOK_WORD) || n >= 16)
            continue;
        for (uint32_t d = 0; d < st->n_doubt; d++)
            if (st->doubt_len[d] == n && memcmp(st->doubt[d], lower + tok[i].start, n) == 0)
                return 1;
    }
    return 0;
}

/* True when the sentence [a, b) opens with a contrast opener followed by a
 * comma ("Still, it is a clear improvement"), after any quotation mark.
 * Called only for a sentence holding an opener's first word (SENT_C_OPEN in
 * its class bits). */
static __attribute__((noinline)) int sent_opens_with(const sent_state *st, const char *lower,
                                                     const annot_token *tok, size_t a,
                                                     size_t b)
{
    if (a < b && !(tok[a].flags & ANNOT_TOK_WORD))
        a++; /* a quotation mark */
    if (a >= b || !(tok[a].flags & ANNOT_TOK_WORD))
        return 0;
    int comma = 0; /* after one to three words */
    for (size_t i = a + 1; i < b && i <= a + 3 && !comma; i++)
        comma = tok[i].end - tok[i].start == 1 && lower[tok[i].start] == ',';
    if (!comma)
        return 0;
    for (uint32_t o = 0; o < st->n_opener; o++) {
        const char *p = st->opener[o], *e = p + st->opener_len[o];
        size_t i = a;
        while (p < e && i < b && (tok[i].flags & ANNOT_TOK_WORD)) {
            size_t n = tok[i].end - tok[i].start;
            if ((size_t)(e - p) < n || *p != lower[tok[i].start] ||
                memcmp(p, lower + tok[i].start, n) != 0 || (p + n < e && p[n] != ' '))
                break;
            p += n + (p + n < e);
            i++;
        }
        if (p == e && i < b && tok[i].end - tok[i].start == 1 && lower[tok[i].start] == ',')
            return 1;
    }
    return 0;
}

/* True when the first word of the sentence [a, b) (after any quotation
 * mark) is a contrast word ("But", "However", "Yet"): the sentence answers
 * the one before it. */
static int sent_opens_contrast(const sent_tok *sc, size_t a, size_t b)
{
    for (size_t k = a; k < b && k < a + 2; k++) {
        if (sc[k].kind == SENT_K_WORD)
            return sc[k].rule == SENT_R_BUT;
        if (sc[k].kind != SENT_K_QUOTE)
            return 0;
    }
    return 0;
}

/* Annotate one document: sentence, document and actor sentiment. */
static int sent_process(void *state, annot_doc *doc, char *err, size_t errlen)
{
    const sent_state *st = state;
    const annot_host *host = st->host;
    size_t n_sent = 0, n_tok = 0, len = 0;
    const char *text = host->text(doc, &len);
    const char *lower = host->text_lower(doc, &len);
    const annot_sentence *sents = host->sentences(doc, &n_sent);
    const annot_token *tok = host->tokens(doc, &n_tok);
    sent_tok stack_sc[SENT_STACK_TOKENS];
    uint32_t stack_idx[SENT_STACK_TOKENS];
    annot_sentiment stack_ss[128];
    sent_info stack_infos[128];
    /* a long document: one block for the scratch and the word indices, one
     * for the sentences' sentiments and infos */
    sent_tok *sc = n_tok <= SENT_STACK_TOKENS ? stack_sc : malloc(n_tok * (sizeof *sc + sizeof(uint32_t)));
    uint32_t *idx = sc == stack_sc ? stack_idx : sc ? (uint32_t *)(void *)(sc + n_tok) : NULL;
    annot_sentiment *ss = n_sent <= 128 ? stack_ss
                          : malloc((n_sent ? n_sent : 1) * (sizeof *ss + sizeof(sent_info)));
    sent_info *infos = ss == stack_ss ? stack_infos
                       : ss ? (sent_info *)(void *)(ss + n_sent) : NULL;
    int rc = 0;
    if (!sc || !ss) {
        rc = ANNOT_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto err;
    }
    sent_lookup(st, text, lower, len, tok, n_tok, sents, n_sent, sc, idx, infos);
    double dsum = 0.0, dpos = 0.0, dneg = 0.0, dneu = 0.0;
    double psum = 0.0, ppos = 0.0, pneg = 0.0; /* the previous sentence's share */
    uint32_t dwords = 0;
    /* the sentences' figures first, then the host's calls: the loop that
     * sums them makes no call, so it keeps its sums in registers */
    for (size_t si = 0; si < n_sent; si++) {
        size_t a = sents[si].first_token, b = a + sents[si].n_tokens;
        if (b > n_tok)
            b = n_tok;
        sent_fig f;
        if (a < b) {
            const sent_info *in = &infos[si];
            unsigned bare = 0;
            size_t bare_at = a;
            if (in->seen & SENT_C_QUOTE)
                bare = sent_quotes(sc, a, b, &bare_at);
            int question = (sents[si].flags & ANNOT_SENT_QUESTION) != 0;
            if (question && sent_doubts(st, lower, tok, a, b))
                question = 2;
            sent_score(sc, tok, lower, idx + in->at, a, b, question, in, &f);
            if (bare) /* a scare quote mocks the plain word it holds */
                sent_lean(&f, SENT_SCARE_LEAN * bare, bare_at, in->but);
        } else {
            memset(&f, 0, sizeof f);
        }
        sent_weak_evidence(st, &f);
        sent_fill(&ss[si], f.sum, SENT_ALPHA, f.pos, f.neg, f.neutral);
        double w = 1.0;
        /* (a sentence with no contrast word, none in its class bits, opens no
         * contrast: the look at its first tokens is skipped) */
        if (a < b && (((infos[si].seen & SENT_C_BUT) && sent_opens_contrast(sc, a, b)) ||
                      ((infos[si].seen & SENT_C_OPEN) && sent_opens_with(st, lower, tok, a, b)))) {
            /* "... not perfect. But it is a clear improvement": across the
             * full stop, as inside a sentence, what the contrast word opens
             * outweighs what came before it */
            dsum -= (1.0 - SENT_BUT_BEFORE) * psum;
            dpos -= (1.0 - SENT_BUT_BEFORE) * ppos;
            dneg -= (1.0 - SENT_BUT_BEFORE) * pneg;
            w = SENT_BUT_AFTER;
        }
        psum = w * f.sum;
        ppos = w * f.pos;
        pneg = w * f.neg;
        dsum += psum;
        dpos += ppos;
        dneg += pneg;
        dneu += f.neutral;
        dwords += f.words;
    }
    for (size_t si = 0; si < n_sent; si++) {
        rc = host->set_sentiment(doc, (long)si, &ss[si]);
        if (rc) {
            snprintf(err, errlen, "set_sentiment: %s", host->strerror(rc));
            goto err;
        }
    }
    annot_sentiment d;
    /* evidence grows with the square root of the length up to a paragraph;
     * beyond it the figure turns into an average, so a long article's
     * compound is its tone rather than the weight of all its sentences */
    double density = dsum / sqrt((double)dwords / SENT_DOC_WORDS + 1.0);
    if (dwords > SENT_DOC_LONG)
        density /= sqrt((double)dwords / SENT_DOC_LONG);
    sent_fill(&d, density, SENT_DOC_ALPHA, dpos, dneg, dneu);
    rc = host->set_sentiment(doc, -1, &d);
    if (rc) {
        snprintf(err, errlen, "set_sentiment: %s", host->strerror(rc));
        goto err;
    }
    rc = sent_actor_tones(host, doc, ss, n_sent);
    if (rc)
        snprintf(err, errlen, "actor tones: %s", host->strerror(rc));
err:
    if (sc != stack_sc)
        free(sc);
    if (ss != stack_ss)
        free(ss);
    return rc;
}

static const char *const sent_requires[] = {"actors", NULL};

static const annot_plugin sent_descriptor = {
    ANNOT_PLUGIN_HEADER,
    .name = "sentiment",
    .version = "1.0.0",
    .description = "sentence, document and per-actor sentiment from an own lexicon and rules",
    .requires = sent_requires,
    .options = sent_options,
    .init = sent_init,
    .process = sent_process,
    .destroy = sent_destroy,
    .reload = NULL, /* SIGHUP: the host calls init() again, re-reading the lexicons */
};

/* Entry point: hand the descriptor to a compatible host. */
ANNOT_PLUGIN_EXPORT const annot_plugin *annot_plugin_entry(const annot_host *host)
{
    return ANNOT_PLUGIN_ACCEPTS(host) ? &sent_descriptor : NULL;
}
