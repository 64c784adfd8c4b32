/*
 * annot/plugin.h — the annotd plugin ABI.
 *
 * This is the only header a plugin author needs.  A plugin is a shared
 * object that exports one function, annot_plugin_entry().  The host (the
 * annotd daemon or the `annot tag` command) calls it with a table of host
 * functions; the plugin checks the ABI version and returns a descriptor
 * naming its callbacks and options.
 *
 *   cc -shared -fPIC -fvisibility=hidden $(pkg-config --cflags annot-plugin) \
 *      -o myplugin.so myplugin.c
 *
 * Conventions
 *   - Every offset is a UTF-8 byte offset into the document text; every span
 *     is half-open [start, end).
 *   - Strings handed to the host are copied by the host: the plugin keeps
 *     ownership of what it passes in.  Pointers handed out by the host are
 *     owned by the host and valid until the plugin's process() returns,
 *     unless said otherwise.
 *   - Functions that can fail return 0 on success or a negative ANNOT_E*
 *     code; host->strerror() turns a code into a message.
 *   - process() may run on several threads at once with the same state:
 *     keep state in the instance (never in globals) and treat it as
 *     read-only after init().
 *
 * Compatibility
 *   The host table and the descriptor only grow at their end.  A plugin
 *   built against ABI major M works with every host of major M whose minor
 *   is >= the plugin's minor.  A host function added in a later minor is
 *   NULL in an older host: test it before calling it.
 */
#ifndef ANNOT_PLUGIN_H
#define ANNOT_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ANNOT_ABI_MAJOR 1
#define ANNOT_ABI_MINOR 0

/* Mark the entry function for export from a plugin built with
 * -fvisibility=hidden. */
#if defined(__GNUC__)
#define ANNOT_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define ANNOT_PLUGIN_EXPORT
#endif

/* Name of the entry symbol the host looks up with dlsym(). */
#define ANNOT_PLUGIN_ENTRY_SYMBOL "annot_plugin_entry"

/* Error codes (negative when returned). */
enum {
    ANNOT_OK = 0,
    ANNOT_ENOMEM = -1,   /* out of memory */
    ANNOT_EINVAL = -2,   /* invalid argument (bad span, NULL string, ...) */
    ANNOT_ERANGE = -3,   /* index out of range */
    ANNOT_ENOENT = -4,   /* no such option or file */
    ANNOT_EFAIL = -5     /* generic failure; see the message */
};

/* Log levels for host->log(). */
typedef enum annot_log_level {
    ANNOT_LOG_ERROR = 0,
    ANNOT_LOG_WARN = 1,
    ANNOT_LOG_INFO = 2,
    ANNOT_LOG_DEBUG = 3
} annot_log_level;

/* A half-open range of byte offsets [start, end) into the document text.
 * start == end == 0 means "not stated". */
typedef struct annot_span {
    uint32_t start;
    uint32_t end;
} annot_span;

/* ---------------------------------------------------------------------
 * The text core: computed once per document by the host, before any
 * plugin runs.
 * ------------------------------------------------------------------- */

/* Token flags. */
#define ANNOT_TOK_WORD 0x0001u          /* starts with a letter */
#define ANNOT_TOK_NUMBER 0x0002u        /* starts with a digit */
#define ANNOT_TOK_PUNCT 0x0004u         /* punctuation or symbol */
#define ANNOT_TOK_CAP 0x0008u           /* first letter is upper case */
#define ANNOT_TOK_UPPER 0x0010u         /* every letter is upper case */
#define ANNOT_TOK_SPACE_BEFORE 0x0020u  /* white space precedes it */
#define ANNOT_TOK_NEWLINE_BEFORE 0x0040u /* a line break precedes it */
#define ANNOT_TOK_SENT_START 0x0080u    /* first token of its sentence */
#define ANNOT_TOK_ABBREV 0x0100u        /* letters with dots: "U.S.", "e.g." */
#define ANNOT_TOK_POSSESSIVE 0x0200u    /* the token is "'s", "'" or "’s" after a word */
#define ANNOT_TOK_PARA_BEFORE 0x0400u   /* a blank line precedes it */

/* A token.  Words keep internal apostrophes ("don't") and dotted
 * abbreviations ("U.S.") whole; hyphens, dashes and other punctuation are
 * tokens of their own ("China-US" is "China" "-" "US"); the possessive
 * "'s" is split off ("China's" is "China" "'s"). */
typedef struct annot_token {
    uint32_t start;     /* byte offset of the first byte */
    uint32_t end;       /* byte offset past the last byte */
    uint32_t sentence;  /* index of the sentence holding it */
    uint32_t flags;     /* ANNOT_TOK_* */
} annot_token;

/* Sentence flags. */
#define ANNOT_SENT_HEADING 0x0001u    /* a short line with no final punctuation */
#define ANNOT_SENT_PARA_START 0x0002u /* first sentence of a paragraph */
#define ANNOT_SENT_QUESTION 0x0004u   /* ends with '?' */

/* The most tokens a sentence holds: a longer run without a boundary (a
 * list, a table, garbage) is cut into pieces of this size, so work done
 * per sentence stays bounded however long the document. */
#define ANNOT_MAX_SENTENCE_TOKENS 400

/* A sentence, numbered from 0 in document order. */
typedef struct annot_sentence {
    uint32_t start;        /* byte offset of its first byte */
    uint32_t end;          /* byte offset past its last byte (no trailing space) */
    uint32_t first_token;  /* index of its first token */
    uint32_t n_tokens;     /* number of its tokens */
    uint32_t flags;        /* ANNOT_SENT_* */
} annot_sentence;

/* ---------------------------------------------------------------------
 * Annotations.  Plugins add them with host->add_*(); later plugins read
 * them with host->actors() etc.  Codes follow ANNOTATIONS.md (CAMEO-style:
 * "USA", "CHNGOV", "IGOUNO", "AUTHOR" for the writer's own voice).
 * ------------------------------------------------------------------- */

typedef enum annot_actor_kind {
    ANNOT_ACTOR_UNSPECIFIED = 0,
    ANNOT_ACTOR_COUNTRY = 1,
    ANNOT_ACTOR_ORGANIZATION = 2,
    ANNOT_ACTOR_PERSON = 3,
    ANNOT_ACTOR_GROUP = 4
} annot_actor_kind;

/* A mention of a political actor. */
typedef struct annot_actor {
    annot_span span;        /* the mention */
    const char *code;       /* CAMEO-style code, e.g. "CHNMIL" (required) */
    annot_actor_kind kind;  /* country, organisation, person or group */
    const char *name;       /* canonical display name, e.g. "China" */
    uint32_t sentence;      /* index of its sentence (set by the host on add) */
    float confidence;       /* 0..1; 0 means "not given" */
    void *reserved[2];
} annot_actor;

/* A blame: `blamer` holds `blamed` responsible for `issue`. */
typedef struct annot_blame {
    const char *blamer;     /* code of who blames; "AUTHOR"; NULL or "" if unstated */
    const char *blamed;     /* code of who is blamed (required) */
    annot_span blamer_span; /* the blamer's mention, when there is one */
    annot_span blamed_span; /* the blamed's mention, when there is one */
    annot_span issue;       /* what they are blamed for, when stated */
    annot_span cue;         /* the word or phrase that signals the blame */
    uint32_t sentence;      /* index of the sentence */
    float confidence;       /* 0..1 */
    void *reserved[2];
} annot_blame;

/* A policy proposal: `proposer` advocates `action` by `addressee`. */
typedef struct annot_proposal {
    const char *proposer;     /* code of who proposes; "AUTHOR" for the writer */
    const char *addressee;    /* code of who should act; NULL or "" if unstated */
    annot_span proposer_span; /* the proposer's mention, when there is one */
    annot_span addressee_span;/* the addressee's mention, when there is one */
    annot_span action;        /* the proposed action */
    annot_span cue;           /* the signalling word or phrase */
    uint32_t sentence;        /* index of the sentence */
    float confidence;         /* 0..1 */
    void *reserved[2];
} annot_proposal;

/* Sentiment figures: compound in [-1, 1]; the three proportions sum to 1. */
typedef struct annot_sentiment {
    double compound;
    double positive;
    double negative;
    double neutral;
} annot_sentiment;

/* A generic tag from a custom plugin.  The host records the plugin's name. */
typedef struct annot_tag {
    const char *label;                /* what was found (required) */
    annot_span span;                  /* where */
    double score;                     /* plugin-defined, e.g. 1.0 */
    size_t n_attrs;                   /* number of key/value attributes */
    const char *const *attr_keys;     /* n_attrs keys */
    const char *const *attr_values;   /* n_attrs values */
    void *reserved[2];
} annot_tag;

/* ---------------------------------------------------------------------
 * Configuration options.  A plugin declares every option once; the host
 * validates the config file against this table (an unknown option is an
 * error naming the option, the section and the line), fills in defaults,
 * and prints it as help (`annotd --plugin-help NAME`).
 *
 * Every plugin section also takes the host's own keys: `path` (the .so),
 * `enabled` (bool) and `data_dir` (where the plugin's data files are).
 * ------------------------------------------------------------------- */

typedef enum annot_option_type {
    ANNOT_OPT_STRING = 0,
    ANNOT_OPT_INT = 1,
    ANNOT_OPT_DOUBLE = 2,
    ANNOT_OPT_BOOL = 3,   /* true/false, yes/no, on/off, 1/0 */
    ANNOT_OPT_LIST = 4    /* comma-separated; a repeated key appends */
} annot_option_type;

typedef struct annot_option {
    const char *name;         /* key in the plugin's config section */
    annot_option_type type;
    const char *def;          /* default as text, or NULL for none */
    const char *description;  /* one line of help */
} annot_option;

/* ---------------------------------------------------------------------
 * Opaque handles.
 * ------------------------------------------------------------------- */

/* One loaded instance of a plugin: its config, its name, its log prefix.
 * Valid from init() until destroy() returns. */
typedef struct annot_ctx annot_ctx;

/* The document being processed.  Valid only during process(). */
typedef struct annot_doc annot_doc;

/* ---------------------------------------------------------------------
 * The host table.  Handed to annot_plugin_entry() and init(); valid for
 * the life of the process.  Only grows at its end.
 * ------------------------------------------------------------------- */
typedef struct annot_host {
    uint32_t abi_major;   /* ANNOT_ABI_MAJOR of the host */
    uint32_t abi_minor;   /* ANNOT_ABI_MINOR of the host */
    size_t size;          /* sizeof(annot_host) in the host */

    /* Log a message, prefixed with the plugin instance's name.  Thread-safe.
     * ctx may be NULL. */
    void (*log)(annot_ctx *ctx, annot_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

    /* Message for an ANNOT_E* code (a static string). */
    const char *(*strerror)(int code);

    /* --- instance configuration (valid from init() until destroy()) --- */

    /* The instance's name (its config section, "plugin.NAME"). */
    const char *(*instance_name)(annot_ctx *ctx);
    /* Directory holding the plugin's shipped data files, without a
     * trailing slash (the `data_dir` key overrides it). */
    const char *(*data_dir)(annot_ctx *ctx);
    /* Value of a declared option as text (the default when unset; NULL
     * when it has neither).  For a LIST option, the items joined by ",". */
    const char *(*opt_str)(annot_ctx *ctx, const char *name);
    /* Typed values of declared options; the host validated them at load. */
    long long (*opt_int)(annot_ctx *ctx, const char *name);
    double (*opt_double)(annot_ctx *ctx, const char *name);
    int (*opt_bool)(annot_ctx *ctx, const char *name);
    /* Items of a LIST option: count, then each item (trimmed). */
    size_t (*opt_list_count)(annot_ctx *ctx, const char *name);
    const char *(*opt_list_item)(annot_ctx *ctx, const char *name, size_t i);
    /* Resolve a data file name: absolute paths are kept, others are taken
     * relative to data_dir.  Writes at most len bytes with the NUL;
     * returns 0, or ANNOT_ERANGE when it does not fit. */
    int (*resolve_path)(annot_ctx *ctx, const char *file, char *buf, size_t len);

    /* --- the document (valid during process()) --- */

    /* The UTF-8 text (validated) and its length in bytes.  NUL-terminated. */
    const char *(*text)(const annot_doc *doc, size_t *len);
    /* The same text with ASCII letters lower-cased: same length, same
     * offsets.  NUL-terminated. */
    const char *(*text_lower)(const annot_doc *doc, size_t *len);
    /* Document fields: "id", "source", "title", "lang"; NULL if unknown. */
    const char *(*field)(const annot_doc *doc, const char *name);
    /* A value of the document's free metadata, or NULL. */
    const char *(*meta)(const annot_doc *doc, const char *key);
    /* Sentences and tokens of the text core. */
    const annot_sentence *(*sentences)(const annot_doc *doc, size_t *n);
    const annot_token *(*tokens)(const annot_doc *doc, size_t *n);

    /* Annotations so far (from plugins that ran earlier: list them in
     * `requires`).  The array stays valid until the next add of the same
     * kind or the end of process(). */
    const annot_actor *(*actors)(const annot_doc *doc, size_t *n);
    const annot_blame *(*blames)(const annot_doc *doc, size_t *n);
    const annot_proposal *(*proposals)(const annot_doc *doc, size_t *n);
    /* Sentiment of sentence i, or of the document when i < 0; NULL if no
     * plugin has set it. */
    const annot_sentiment *(*sentiment)(const annot_doc *doc, long i);

    /* --- adding annotations (the host copies every string) --- */

    /* Add an actor mention.  Its sentence is filled in from its span.
     * ANNOT_EINVAL for an empty code or a span outside the text. */
    int (*add_actor)(annot_doc *doc, const annot_actor *a);
    /* Add a blame.  ANNOT_EINVAL for an empty `blamed` or a bad span. */
    int (*add_blame)(annot_doc *doc, const annot_blame *b);
    /* Add a proposal.  ANNOT_EINVAL for a bad span. */
    int (*add_proposal)(annot_doc *doc, const annot_proposal *p);
    /* Set the sentiment of sentence i, or of the document when i < 0. */
    int (*set_sentiment)(annot_doc *doc, long i, const annot_sentiment *s);
    /* Add the tone of one actor: mean compound of `sentences` sentences. */
    int (*add_actor_tone)(annot_doc *doc, const char *code, const char *name,
                          double tone, uint32_t sentences);
    /* Add a generic tag under this plugin's name. */
    int (*add_tag)(annot_doc *doc, const annot_tag *t);

    void *reserved[8];
} annot_host;

/* ---------------------------------------------------------------------
 * The descriptor a plugin returns.
 * ------------------------------------------------------------------- */
typedef struct annot_plugin {
    uint32_t abi_major;   /* ANNOT_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor;   /* ANNOT_ABI_MINOR the plugin was built with */
    size_t struct_size;   /* sizeof(annot_plugin) at build time */

    const char *name;         /* unique plugin name, e.g. "actors" */
    const char *version;      /* e.g. "1.0.0" */
    const char *description;  /* one line */
    const char *const *requires; /* NULL-terminated names of plugins whose
                                  * output this one reads; may be NULL */
    const annot_option *options; /* terminated by an entry with name NULL;
                                  * may be NULL */

    /* Build an instance: read options and data, set *state.  Return 0, or
     * non-zero with a message in err (the host refuses to start and prints
     * it).  The host pointer stays valid for the life of the process. */
    int (*init)(const annot_host *host, annot_ctx *ctx, void **state,
                char *err, size_t errlen);

    /* Annotate one document.  May run on several threads at once with the
     * same state.  Return 0, or non-zero with a message in err: the host
     * marks this plugin's result as failed for this document (the others
     * still run and the document is still published). */
    int (*process)(void *state, annot_doc *doc, char *err, size_t errlen);

    /* Free an instance.  Called once no thread runs process() on it. */
    void (*destroy)(void *state);

    /* Optional (may be NULL): build a fresh state on SIGHUP (data files
     * re-read) from the old one.  When NULL the host calls init() again.
     * The old state keeps serving until the new one is swapped in. */
    int (*reload)(const annot_host *host, annot_ctx *ctx, void *old_state,
                  void **new_state, char *err, size_t errlen);

    void *reserved[4];
} annot_plugin;

/* The entry function every plugin exports.  Return NULL to refuse the host
 * (for instance when host->abi_major differs: see ANNOT_PLUGIN_ACCEPTS). */
typedef const annot_plugin *(*annot_plugin_entry_fn)(const annot_host *host);

/* True when a host is compatible with the ABI this plugin is built with. */
#define ANNOT_PLUGIN_ACCEPTS(host)                                     \
    ((host) != NULL && (host)->abi_major == ANNOT_ABI_MAJOR &&         \
     (long long)(host)->abi_minor >= (long long)ANNOT_ABI_MINOR)

/* Fill the first three descriptor fields. */
#define ANNOT_PLUGIN_HEADER ANNOT_ABI_MAJOR, ANNOT_ABI_MINOR, sizeof(annot_plugin)

#ifdef __cplusplus
}
#endif
#endif /* ANNOT_PLUGIN_H */
