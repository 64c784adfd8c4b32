/*
 * pipeline — the text core and the plugins, run on one document.
 *
 * Shared by the daemon's workers and by `annot tag`.  A pipeline is built
 * whole from a config (plugins loaded, ordered by `requires`, initialised)
 * and is then read-only: pipeline_run() may be called from several threads
 * at once.
 */
#ifndef ANNOT_PIPELINE_H
#define ANNOT_PIPELINE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "annot/v1/annotation.pb-c.h"
#include "annot/v1/document.pb-c.h"
#include "config.h"

typedef struct pipeline pipeline;

/* Build a pipeline from a parsed config: load, order and initialise every
 * enabled plugin.  Returns 0 and sets *out, or a negative code with a
 * message naming the plugin, file or line in err. */
int pipeline_new(pipeline **out, const config *cfg, char *err, size_t errlen);

/* Convenience for tools and tests: parse INI text (NULL: defaults) and
 * build a pipeline from it. */
int pipeline_new_from_string(pipeline **out, const char *ini, char *err, size_t errlen);

/* Drop a reference; the last one destroys every plugin instance.  Nulls
 * the caller's pointer. */
void pipeline_release(pipeline **p);
/* Take a reference (a worker holds one while it runs a document). */
pipeline *pipeline_retain(pipeline *p);

/* Run one document through the text core and every plugin.  The text must
 * be valid UTF-8 (the caller validates it).  Returns a new
 * AnnotatedDocument (free with pipeline_result_free()), NULL only when out
 * of memory.  A plugin that fails leaves its error in the result's
 * plugins[] and the others still run.  seq and instance are left for the
 * caller to fill. */
Annot__V1__AnnotatedDocument *pipeline_run(pipeline *p, const Annot__V1__Document *in);

/* What a worker is running right now, readable from another thread (the
 * daemon's watchdog logs a plugin that runs too long). */
typedef struct pipeline_progress {
    const char *_Atomic plugin;      /* instance running, or NULL */
    _Atomic uint64_t since_us;       /* when it started (time_mono_us) */
} pipeline_progress;

/* pipeline_run(), recording each plugin as it starts in *prog (may be
 * NULL). */
Annot__V1__AnnotatedDocument *pipeline_run_progress(pipeline *p, const Annot__V1__Document *in,
                                                    pipeline_progress *prog);

/* pipeline_run_progress() for a text whose length the caller has measured
 * (the daemon, while checking it): text_len must be strlen(in->text), 0
 * when in->text is NULL.  Saves measuring the text again. */
Annot__V1__AnnotatedDocument *pipeline_run_len(pipeline *p, const Annot__V1__Document *in, size_t text_len,
                                               pipeline_progress *prog);

/* Same, for a bare text (id "text", source ""). */
Annot__V1__AnnotatedDocument *pipeline_tag_text(pipeline *p, const char *text);

/* Free a result of pipeline_run() and everything it points to (one arena:
 * never protobuf_c_message_free_unpacked(), never a field alone). */
void pipeline_result_free(Annot__V1__AnnotatedDocument *doc);

/* Print a plugin's help (name, version, description, requires, options
 * with types, defaults and descriptions) to f, loading it as the config
 * would but without init().  Returns 0, or -1 with a message in err. */
int pipeline_describe(const config *cfg, const char *name, FILE *f, char *err, size_t errlen);

/* Number of plugins and the name of the i-th, in run order. */
size_t pipeline_plugin_count(const pipeline *p);
const char *pipeline_plugin_name(const pipeline *p, size_t i);

#endif
