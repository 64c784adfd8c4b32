/*
 * Tests for lib/pipeline.c and lib/host.c: loading, refusing and ordering
 * plugins, running documents, rolling back a failed plugin, and the host
 * table as a plugin sees it (through tests/plugins/probe.c).
 *
 * ANNOT_PLUGIN_PATH (set by meson test) finds build/plugins and
 * build/tests/plugins.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "annot/plugin.h"
#include "host.h"
#include "pack.h"
#include "pipeline.h"

static pipeline *P;
static Annot__V1__AnnotatedDocument *D;
static char err[1024];

static void teardown(void)
{
	pipeline_result_free(D);
	D = NULL;
	pipeline_release(&P);
}

TestSuite(pipeline, .fini = teardown);

static void build_ok(const char *ini)
{
	err[0] = 0;
	int rc = pipeline_new_from_string(&P, ini, err, sizeof err);
	cr_assert_eq(rc, 0, "pipeline refused:\n%s\nerror: %s", ini, err);
	cr_assert_not_null(P);
}

/* Build must fail with an error containing every NULL-terminated string. */
static void build_fail(const char *ini, ...)
{
	pipeline *p = NULL;
	err[0] = 0;
	int rc = pipeline_new_from_string(&p, ini, err, sizeof err);
	cr_assert_neq(rc, 0, "pipeline accepted:\n%s", ini);
	cr_assert_null(p);
	va_list ap;
	va_start(ap, ini);
	for (const char *want; (want = va_arg(ap, const char *));)
		cr_assert(strstr(err, want), "error \"%s\" lacks \"%s\"", err, want);
	va_end(ap);
}

static void expect_order(const char *want)
{
	char got[512] = "";
	for (size_t i = 0; i < pipeline_plugin_count(P); i++) {
		if (i) strcat(got, ",");
		strcat(got, pipeline_plugin_name(P, i));
	}
	cr_assert_str_eq(got, want);
}

static void run(const char *text)
{
	pipeline_result_free(D);
	D = pipeline_tag_text(P, text);
	cr_assert_not_null(D);
}

/* The status of plugin `name` in the result. */
static const Annot__V1__PluginStatus *status(const char *name)
{
	for (size_t i = 0; i < D->n_plugins; i++)
		if (!strcmp(D->plugins[i]->name, name)) return D->plugins[i];
	cr_assert_fail("no status for plugin %s", name);
	return NULL;
}

/* Number of tags from plugin `plugin` (NULL: any) with label `label`
 * (NULL: any). */
static size_t count_tags(const char *plugin, const char *label)
{
	size_t n = 0;
	for (size_t i = 0; i < D->n_tags; i++)
		if ((!plugin || !strcmp(D->tags[i]->plugin, plugin)) && (!label || !strcmp(D->tags[i]->label, label)))
			n++;
	return n;
}

static const Annot__V1__Tag *find_tag(const char *label)
{
	for (size_t i = 0; i < D->n_tags; i++)
		if (!strcmp(D->tags[i]->label, label)) return D->tags[i];
	cr_assert_fail("no tag %s", label);
	return NULL;
}

static const char *attr(const Annot__V1__Tag *t, const char *key)
{
	for (size_t i = 0; i < t->n_attributes; i++)
		if (!strcmp(t->attributes[i]->key, key)) return t->attributes[i]->value;
	return NULL;
}

/* ---- refusing plugins ---- */

Test(pipeline, abi_major_mismatch)
{
	build_fail("[daemon]\nplugins = badabi\n", "badabi", "ABI", NULL);
}

Test(pipeline, plugin_refuses_host)
{
	build_fail("[daemon]\nplugins = refuses\n", "refuses", "ABI mismatch", NULL);
}

Test(pipeline, no_entry_symbol)
{
	build_fail("[daemon]\nplugins = noentry\n", "noentry", "annot_plugin_entry", NULL);
}

Test(pipeline, missing_dependency)
{
	build_fail("[daemon]\nplugins = needs_missing\n", "needs_missing", "nonexistent", NULL);
}

Test(pipeline, disabled_dependency_is_missing)
{
	build_fail("[daemon]\nplugins = actors, blame\n[plugin.actors]\nenabled = false\n", "'blame'", "'actors'",
		   NULL);
}

Test(pipeline, cycle)
{
	build_fail("[daemon]\nplugins = cycle_a, cycle_b\n", "cycle", "cycle_a -> cycle_b -> cycle_a", NULL);
	build_fail("[daemon]\nplugins = keywords, cycle_b, cycle_a\n", "cycle", "cycle_b -> cycle_a -> cycle_b",
		   NULL);
}

Test(pipeline, init_failure)
{
	build_fail("[daemon]\nplugins = keywords, initfail\n", "initfail", "init failed",
		   "cannot open its dictionary", NULL);
}

Test(pipeline, unknown_plugin_option)
{
	build_fail("[daemon]\nplugins = keywords\n[plugin.keywords]\nkeywords = trade\nkeyword = war\n",
		   "<string>:5:", "'keyword'", "[plugin.keywords]", NULL);
}

Test(pipeline, bad_typed_option)
{
	build_fail("[daemon]\nplugins = slow\n[plugin.slow]\n\ndelay_ms = abc\n", "<string>:5:", "delay_ms",
		   "abc", "[plugin.slow]", NULL);
	build_fail("[daemon]\nplugins = keywords\n[plugin.keywords]\ncase_sensitive = sometimes\n",
		   "<string>:4:", "case_sensitive", NULL);
}

Test(pipeline, plugin_not_found)
{
	build_fail("[daemon]\nplugins = nosuchplugin\n", "nosuchplugin", "not found", "looked in", "tests/plugins",
		   NULL);
	const char *env = getenv("ANNOT_PLUGIN_PATH");
	cr_assert_not_null(env);
	char first[512];
	snprintf(first, sizeof first, "%.*s", (int)strcspn(env, ":"), env);
	cr_assert(strstr(err, first), "error \"%s\" does not name %s", err, first);
}

Test(pipeline, plugin_dir_is_searched_and_named)
{
	build_fail("[daemon]\nplugin_dir = /nonexistent/plugdir\nplugins = nosuchplugin\n", "/nonexistent/plugdir",
		   NULL);
}

Test(pipeline, path_to_missing_file)
{
	build_fail("[daemon]\nplugins = kw\n[plugin.kw]\npath = /nonexistent/kw.so\n", "kw", "/nonexistent/kw.so",
		   NULL);
}

/* ---- ordering ---- */

Test(pipeline, empty_pipeline)
{
	build_ok("[daemon]\nplugins =\n");
	cr_assert_eq(pipeline_plugin_count(P), 0);
	cr_assert_null(pipeline_plugin_name(P, 0));
	run("Nothing runs. The text core still does.");
	cr_assert_eq(D->n_plugins, 0);
	cr_assert_eq(D->n_sentences, 2);
}

Test(pipeline, config_order_among_independent_plugins)
{
	build_ok("[daemon]\nplugins = failing, keywords\n");
	expect_order("failing,keywords");
	cr_assert_eq(pipeline_plugin_count(P), 2);
	cr_assert_str_eq(pipeline_plugin_name(P, 1), "keywords");
	cr_assert_null(pipeline_plugin_name(P, 2));
	pipeline_release(&P);
	build_ok("[daemon]\nplugins = keywords, failing\n");
	expect_order("keywords,failing");
}

Test(pipeline, dependency_runs_first)
{
	build_ok("[daemon]\nplugins = blame, actors\n");
	expect_order("actors,blame");
}

Test(pipeline, dependency_runs_first_among_others)
{
	build_ok("[daemon]\nplugins = keywords, proposals, sentiment, failing, actors\n");
	/* actors moves before the plugins that need it; the rest keep their order */
	expect_order("keywords,failing,actors,proposals,sentiment");
}

Test(pipeline, defaults_are_ordered)
{
	build_ok(NULL);
	cr_assert_eq(pipeline_plugin_count(P), 4);
	cr_assert_str_eq(pipeline_plugin_name(P, 0), "actors");
}

/* ---- running ---- */

Test(pipeline, failing_plugin_is_rolled_back)
{
	build_ok("[daemon]\nplugins = failing, keywords\n[plugin.keywords]\nkeywords = FAIL, today\n");
	run("This will FAIL today.");
	const Annot__V1__PluginStatus *f = status("failing");
	cr_assert_str_eq(f->error, "refusing a document that says FAIL");
	cr_assert_str_eq(f->version, "0.1");
	cr_assert_str_eq(status("keywords")->error, "");
	cr_assert_eq(count_tags("failing", NULL), 0, "the failed plugin's tag was rolled back");
	cr_assert_eq(count_tags("keywords", "keyword"), 2);
	cr_assert_eq(D->n_sentences, 1);

	run("This one passes.");
	cr_assert_str_eq(status("failing")->error, "");
	cr_assert_eq(count_tags("failing", "ok"), 1);
}

Test(pipeline, failed_plugin_rolls_back_everything)
{
	build_ok("[daemon]\nplugins = probe, failing\n[plugin.probe]\nfail = true\n");
	run("First sentence here. Second one there.");
	cr_assert_str_eq(status("probe")->error, "probe asked to fail");
	cr_assert_eq(count_tags("probe", NULL), 0);
	cr_assert_eq(D->n_actors, 0);
	cr_assert_eq(D->n_blames, 0);
	cr_assert_eq(D->n_proposals, 0);
	cr_assert_eq(D->n_actor_tones, 0);
	cr_assert_null(D->sentiment, "the failed plugin's document sentiment was rolled back");
	cr_assert_null(D->sentences[0]->sentiment, "the failed plugin's sentence sentiment was rolled back");
	/* the plugin after it still ran */
	cr_assert_eq(count_tags("failing", "ok"), 1);
}

Test(pipeline, failed_plugin_restores_earlier_sentiment)
{
	const char *root = getenv("ANNOT_BUILD_ROOT");
	char ini[512];
	snprintf(ini, sizeof ini,
		 "[daemon]\nplugins = p1, probe\n[plugin.p1]\npath = %s/tests/plugins/probe.so\n"
		 "[plugin.probe]\nfail = true\ntone = 0.75\n", root);
	build_ok(ini);
	expect_order("p1,probe");
	run("First sentence here. Second one there.");
	cr_assert_str_eq(status("p1")->error, "");
	cr_assert_str_eq(status("probe")->error, "probe asked to fail");
	cr_assert_not_null(D->sentiment);
	cr_assert_float_eq(D->sentiment->compound, -0.25, 1e-9, "p1's sentiment, not the failed plugin's");
	cr_assert_not_null(D->sentences[0]->sentiment);
	cr_assert_float_eq(D->sentences[0]->sentiment->compound, 0.5, 1e-9);
	cr_assert_eq(D->n_actors, 1);
	cr_assert_eq(D->n_actor_tones, 1);
	cr_assert_eq(count_tags("probe", NULL), 0);
	cr_assert_gt(count_tags("p1", NULL), 0);
}

Test(pipeline, keywords_options)
{
	build_ok("[daemon]\nplugins = keywords\n[plugin.keywords]\n"
		 "keywords = trade war, cyber\n"
		 "keywords = Tariff\n"
		 "label = topic\n");
	run("The trade war widened. Cyber attacks and tariffs rose; a new tariff came. Trade warships sailed.");
	cr_assert_eq(count_tags("keywords", "topic"), 3, "got %zu tags", D->n_tags);
	const Annot__V1__Tag *t = D->tags[0];
	cr_assert_str_eq(t->label, "topic");
	cr_assert_str_eq(attr(t, "term"), "trade war");
	cr_assert_eq(t->start, 4u);
	cr_assert_eq(t->end, 13u);
	cr_assert_float_eq(t->score, 1.0, 1e-9);
	cr_assert_str_eq(attr(D->tags[1], "term"), "cyber");
	cr_assert_eq(D->tags[1]->start, 23u);
	cr_assert_str_eq(attr(D->tags[2], "term"), "Tariff");
}

Test(pipeline, keywords_case_sensitive)
{
	build_ok("[daemon]\nplugins = keywords\n[plugin.keywords]\nkeywords = Trade\ncase_sensitive = yes\n");
	run("Trade rose. The trade fell.");
	cr_assert_eq(count_tags("keywords", "keyword"), 1);
	cr_assert_eq(D->tags[0]->start, 0u);
}

Test(pipeline, two_instances_of_one_plugin)
{
	const char *root = getenv("ANNOT_BUILD_ROOT");
	cr_assert_not_null(root);
	char ini[1024];
	snprintf(ini, sizeof ini,
		 "[daemon]\nplugins = keywords, kw2\n"
		 "[plugin.keywords]\nkeywords = trade\n"
		 "[plugin.kw2]\npath = %s/plugins/keywords/keywords.so\nkeywords = war\nlabel = conflict\n",
		 root);
	build_ok(ini);
	expect_order("keywords,kw2");
	run("A trade war.");
	cr_assert_eq(count_tags("keywords", "keyword"), 1);
	cr_assert_eq(count_tags("kw2", "conflict"), 1);
	cr_assert_eq(count_tags(NULL, NULL), 2);
	cr_assert_eq(D->n_plugins, 2);
	cr_assert_str_eq(D->plugins[1]->name, "kw2");
}

Test(pipeline, disabled_plugin_is_skipped)
{
	build_ok("[daemon]\nplugins = keywords, failing\n[plugin.failing]\nenabled = false\n");
	expect_order("keywords");
	/* a disabled plugin is not even loaded: a bad path does not matter */
	pipeline_release(&P);
	build_ok("[daemon]\nplugins = keywords\n[plugin.ghost]\npath = /nonexistent.so\nenabled = no\n");
	expect_order("keywords");
}

Test(pipeline, result_fields)
{
	build_ok("[daemon]\nplugins = failing\n");
	Annot__V1__Document in = ANNOT__V1__DOCUMENT__INIT;
	Annot__V1__Document__MetaEntry e = ANNOT__V1__DOCUMENT__META_ENTRY__INIT;
	Annot__V1__Document__MetaEntry *meta[] = {&e};
	e.key = (char *)"desk";
	e.value = (char *)"world";
	in.id = (char *)"doc-9";
	in.source = (char *)"wire";
	in.title = (char *)"A title";
	in.text = (char *)"Heading line\nOne sentence. Two.";
	in.published_ms = 1234;
	in.n_meta = 1;
	in.meta = meta;
	D = pipeline_run(P, &in);
	cr_assert_not_null(D);
	cr_assert_str_eq(D->doc_id, "doc-9");
	cr_assert_str_eq(D->source, "wire");
	cr_assert_str_eq(D->title, "A title");
	cr_assert_eq(D->published_ms, 1234);
	cr_assert_eq(D->text_bytes, strlen(in.text));
	cr_assert_eq(D->n_meta, 1);
	cr_assert_str_eq(D->meta[0]->key, "desk");
	cr_assert_str_eq(D->meta[0]->value, "world");
	cr_assert_eq(D->n_sentences, 3);
	cr_assert(D->sentences[0]->heading);
	cr_assert(!D->sentences[1]->heading);
	cr_assert_eq(D->sentences[1]->start, 13u);
	cr_assert_eq(D->sentences[2]->end, (uint32_t)strlen(in.text));
}

Test(pipeline, retain_release)
{
	build_ok("[daemon]\nplugins = keywords\n");
	pipeline *extra = pipeline_retain(P);
	cr_assert_eq(extra, P);
	pipeline_release(&P);
	cr_assert_null(P);
	/* still usable through the other reference */
	Annot__V1__AnnotatedDocument *d = pipeline_tag_text(extra, "Still alive.");
	cr_assert_not_null(d);
	cr_assert_eq(d->n_plugins, 1);
	pipeline_result_free(d);
	pipeline_release(&extra);
	cr_assert_null(extra);
}

/* ---- the host table, as the probe plugin saw it ---- */

static void probe_doc(const char *ini)
{
	build_ok(ini);
	Annot__V1__Document in = ANNOT__V1__DOCUMENT__INIT;
	Annot__V1__Document__MetaEntry e = ANNOT__V1__DOCUMENT__META_ENTRY__INIT;
	Annot__V1__Document__MetaEntry *meta[] = {&e};
	e.key = (char *)"topic";
	e.value = (char *)"trade";
	in.id = (char *)"p-1";
	in.source = (char *)"wire";
	in.text = (char *)"ABC Met. Then DEF left.";
	in.n_meta = 1;
	in.meta = meta;
	D = pipeline_run(P, &in);
	cr_assert_not_null(D);
	cr_assert_str_eq(status("probe")->error, "", "probe failed: %s", status("probe")->error);
}

/* The score the probe recorded under label. */
static double rec(const char *label) { return find_tag(label)->score; }
static const char *rec_value(const char *label) { return attr(find_tag(label), "value"); }

Test(pipeline, host_reads_the_document)
{
	probe_doc("[daemon]\nplugins = probe\n");
	cr_assert_str_eq(rec_value("text"), "ABC Met. Then DEF left.");
	cr_assert_eq(rec("text"), 23);
	cr_assert_str_eq(rec_value("text_lower"), "abc met. then def left.");
	cr_assert_eq(rec("text_lower"), 23);
	cr_assert_str_eq(rec_value("field.id"), "p-1");
	cr_assert_str_eq(rec_value("field.source"), "wire");
	cr_assert_str_eq(rec_value("field.title"), "(null)");
	cr_assert_str_eq(rec_value("field.lang"), "en");
	cr_assert_str_eq(rec_value("field.other"), "(null)");
	cr_assert_str_eq(rec_value("meta.topic"), "trade");
	cr_assert_str_eq(rec_value("meta.missing"), "(null)");
	cr_assert_eq(rec("sentences"), 2);
	cr_assert_eq(rec("tokens"), 7);
}

Test(pipeline, host_add_actor)
{
	probe_doc("[daemon]\nplugins = probe\n");
	cr_assert_eq(rec("add_actor.ok"), 0);
	cr_assert_eq(rec("actors"), 1);
	cr_assert_str_eq(rec_value("actors"), "ABCGOV", "the host copies the code");
	cr_assert_eq(rec("actors.sentence"), 1, "the sentence is filled in from the span");
	cr_assert_eq(rec("add_actor.outside"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_actor.reversed"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_actor.empty_span"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_actor.empty_code"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_actor.null_code"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_actor.null"), ANNOT_EINVAL);
	cr_assert_eq(rec("actors.after_bad"), 1);
	cr_assert_eq(D->n_actors, 1);
	cr_assert_str_eq(D->actors[0]->code, "ABCGOV");
	cr_assert_str_eq(D->actors[0]->name, "Abc");
	cr_assert_eq(D->actors[0]->kind, ANNOT__V1__ACTOR_KIND__ACTOR_KIND_COUNTRY);
	cr_assert_eq(D->actors[0]->start, 9u);
	cr_assert_eq(D->actors[0]->end, 13u);
	cr_assert_eq(D->actors[0]->sentence, 1u);
}

Test(pipeline, host_add_blame_and_proposal)
{
	probe_doc("[daemon]\nplugins = probe\n");
	cr_assert_eq(rec("add_blame.ok"), 0);
	cr_assert_eq(rec("add_blame.no_blamed"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_blame.outside"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_blame.sentence"), ANNOT_ERANGE);
	cr_assert_eq(rec("blames"), 1);
	cr_assert_eq(D->n_blames, 1);
	cr_assert_str_eq(D->blames[0]->blamer, "ABC");
	cr_assert_str_eq(D->blames[0]->blamed, "DEF");
	cr_assert_not_null(D->blames[0]->cue);
	cr_assert_eq(D->blames[0]->cue->end, 1u);
	cr_assert_null(D->blames[0]->issue, "an unstated span stays unset");
	cr_assert_float_eq(D->blames[0]->confidence, 0.5, 1e-6);

	cr_assert_eq(rec("add_proposal.ok"), 0);
	cr_assert_eq(rec("add_proposal.outside"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_proposal.sentence"), ANNOT_ERANGE);
	cr_assert_eq(rec("proposals"), 1);
	cr_assert_eq(D->n_proposals, 1);
	cr_assert_str_eq(D->proposals[0]->proposer, "AUTHOR");
	cr_assert_str_eq(D->proposals[0]->addressee, "");
	cr_assert_eq(D->proposals[0]->sentence, 1u);
}

Test(pipeline, host_sentiment_and_tones)
{
	probe_doc("[daemon]\nplugins = probe\n");
	cr_assert_eq(rec("sentiment.none"), 1);
	cr_assert_eq(rec("set_sentiment.doc"), 0);
	cr_assert_eq(rec("set_sentiment.0"), 0);
	cr_assert_eq(rec("set_sentiment.range"), ANNOT_ERANGE);
	cr_assert_eq(rec("set_sentiment.nan"), ANNOT_EINVAL);
	cr_assert_eq(rec("set_sentiment.null"), ANNOT_EINVAL);
	cr_assert_float_eq(rec("sentiment.doc"), -0.25, 1e-9);
	cr_assert_float_eq(rec("sentiment.0"), 0.5, 1e-9);
	cr_assert_eq(rec("sentiment.1.unset"), 1);
	cr_assert_eq(rec("sentiment.range"), 1);
	cr_assert_not_null(D->sentiment);
	cr_assert_float_eq(D->sentiment->compound, -0.25, 1e-9);
	cr_assert_float_eq(D->sentiment->neutral, 0.6, 1e-9);
	cr_assert_not_null(D->sentences[0]->sentiment);
	cr_assert_null(D->sentences[1]->sentiment);

	cr_assert_eq(rec("add_actor_tone.ok"), 0);
	cr_assert_eq(rec("add_actor_tone.empty"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_actor_tone.nan"), ANNOT_EINVAL);
	cr_assert_eq(D->n_actor_tones, 1);
	cr_assert_str_eq(D->actor_tones[0]->code, "ABC");
	cr_assert_str_eq(D->actor_tones[0]->name, "ABC", "the name defaults to the code");
	cr_assert_float_eq(D->actor_tones[0]->tone, -0.5, 1e-9);
	cr_assert_eq(D->actor_tones[0]->sentences, 2u);
}

Test(pipeline, host_add_tag)
{
	probe_doc("[daemon]\nplugins = probe\n");
	cr_assert_eq(rec("add_tag.null_label"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_tag.empty_label"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_tag.outside"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_tag.null_attrs"), ANNOT_EINVAL);
	cr_assert_eq(rec("add_tag.huge_attrs"), ANNOT_EINVAL);
	cr_assert_eq(count_tags("probe", "x"), 0);
	/* every tag carries the instance's name */
	cr_assert_eq(count_tags("probe", NULL), D->n_tags);
}

Test(pipeline, host_options_and_paths)
{
	probe_doc("[daemon]\nplugins = probe\n[plugin.probe]\ndata_dir = /tmp/probe-data\n");
	cr_assert_str_eq(rec_value("init.instance_name"), "probe");
	cr_assert_str_eq(rec_value("init.data_dir"), "/tmp/probe-data");
	cr_assert_eq(rec("init.count"), 7);
	cr_assert_str_eq(rec_value("init.count"), "7");
	cr_assert_float_eq(rec("init.number"), 1.5, 1e-9);
	cr_assert_eq(rec("init.fail"), 0);
	cr_assert_eq(rec("init.items"), 2);
	cr_assert_str_eq(rec_value("init.items"), "x,y", "a LIST default reads as its items joined by \",\"");
	cr_assert_str_eq(rec_value("init.items.0"), "x");
	cr_assert_str_eq(rec_value("init.items.last"), "y");
	cr_assert_str_eq(rec_value("init.items.past"), "(null)");
	cr_assert_str_eq(rec_value("init.name"), "(null)");
	cr_assert_str_eq(rec_value("init.undeclared"), "(null)");
	cr_assert_eq(rec("init.undeclared"), 0);
	cr_assert_eq(rec("init.resolve.relative"), 0);
	cr_assert_str_eq(rec_value("init.resolve.relative"), "/tmp/probe-data/lexicon.txt");
	cr_assert_eq(rec("init.resolve.absolute"), 0);
	cr_assert_str_eq(rec_value("init.resolve.absolute"), "/etc/abs.txt");
	cr_assert_eq(rec("init.resolve.tiny"), ANNOT_ERANGE);
	cr_assert_str_eq(rec_value("init.strerror.einval"), "invalid argument");
}

Test(pipeline, host_options_set_in_config)
{
	probe_doc("[daemon]\nplugins = probe\n[plugin.probe]\n"
		  "count = -12\nnumber = 2.25\nname = hello\n"
		  "items = a, b\nitems = c\n");
	cr_assert_eq(rec("init.count"), -12);
	cr_assert_float_eq(rec("init.number"), 2.25, 1e-9);
	cr_assert_str_eq(rec_value("init.name"), "hello");
	/* a LIST set in the file replaces its default; a repeat appends */
	cr_assert_eq(rec("init.items"), 3);
	cr_assert_str_eq(rec_value("init.items"), "a,b,c");
	cr_assert_str_eq(rec_value("init.items.0"), "a");
	cr_assert_str_eq(rec_value("init.items.last"), "c");
}

Test(pipeline, instance_name_is_the_section)
{
	const char *root = getenv("ANNOT_BUILD_ROOT");
	char ini[512];
	snprintf(ini, sizeof ini, "[daemon]\nplugins = p2\n[plugin.p2]\npath = %s/tests/plugins/probe.so\n", root);
	build_ok(ini);
	run("ABC Met. Then DEF left.");
	cr_assert_str_eq(rec_value("init.instance_name"), "p2");
	cr_assert_eq(count_tags("p2", NULL), D->n_tags);
}

/* ---- a document's state reused by the next one ---- */

/* The pipeline keeps its documents' buffers (layout, arrays, sentence
 * sentiments) for the next document: a result must not depend on the
 * documents run before it, nor on other threads running at once. */
static const char *const reuse_inis[] = {
	"[daemon]\nplugins = actors, sentiment, blame, proposals, keywords, probe\n"
	"[plugin.keywords]\nkeywords = tariffs, talks\n",
	/* no sentiment plugin: only the probe's first sentence has one */
	"[daemon]\nplugins = actors, blame, proposals, probe\n",
};
static const char *const reuse_texts[] = {
	"Trade Talks Resume\n\nChina accused the United States of hacking its networks on Monday. "
	"Germany urged Russia to withdraw its troops from the border. The minister said the talks "
	"had failed badly. Japan should lower its tariffs, officials in Brazil said. France blamed "
	"Italy for the long delay, and Spain praised Portugal for its calm. Kenya must pay its debts.",
	"Kenya won.",
	"Nothing here names anyone at all, and it is rather pleasant.",
	"India and Pakistan traded angry words over water again. The talks collapsed. Tariffs rose.",
};
#define N_REUSE (sizeof reuse_texts / sizeof reuse_texts[0])

/* The result of text t in p, encoded, with its timings zeroed. */
static uint8_t *packed_result(pipeline *p, const char *t, size_t *len)
{
	Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p, t);
	if (!d) return NULL;
	d->elapsed_us = 0;
	for (size_t i = 0; i < d->n_plugins; i++) d->plugins[i]->elapsed_us = 0;
	uint8_t *out = result_pack_new(d, len);
	pipeline_result_free(d);
	return out;
}

/* Each text alone in a new pipeline. */
static void fresh_results(const char *ini, uint8_t **want, size_t *want_len)
{
	for (size_t i = 0; i < N_REUSE; i++) {
		build_ok(ini);
		want[i] = packed_result(P, reuse_texts[i], &want_len[i]);
		cr_assert_not_null(want[i]);
		pipeline_release(&P);
	}
}

Test(pipeline, results_do_not_depend_on_earlier_documents)
{
	for (size_t c = 0; c < sizeof reuse_inis / sizeof reuse_inis[0]; c++) {
		uint8_t *want[N_REUSE];
		size_t want_len[N_REUSE];
		fresh_results(reuse_inis[c], want, want_len);
		cr_assert_gt(want_len[0], 2 * want_len[1], "the long text has more annotations");
		build_ok(reuse_inis[c]);
		/* in order, reversed, and each twice in a row */
		for (int round = 0; round < 3; round++)
			for (size_t k = 0; k < N_REUSE * (round == 2 ? 2 : 1); k++) {
				size_t i = round == 0 ? k : round == 1 ? N_REUSE - 1 - k : k / 2;
				size_t len;
				uint8_t *got = packed_result(P, reuse_texts[i], &len);
				cr_assert_not_null(got);
				cr_assert(len == want_len[i] && !memcmp(got, want[i], len),
					  "config %zu, round %d: text %zu differs from its result in a new pipeline", c,
					  round, i);
				free(got);
			}
		pipeline_release(&P);
		for (size_t i = 0; i < N_REUSE; i++) free(want[i]);
	}
}

typedef struct reuse_worker {
	pipeline *p;
	uint8_t **want;
	size_t *want_len;
	int start;
	int bad; /* results that differed or failed */
} reuse_worker;

static void *reuse_run(void *arg)
{
	reuse_worker *w = arg;
	for (int k = 0; k < 200; k++) {
		size_t i = (size_t)(k + w->start) % N_REUSE, len;
		uint8_t *got = packed_result(w->p, reuse_texts[i], &len);
		if (!got || len != w->want_len[i] || memcmp(got, w->want[i], len)) w->bad++;
		free(got);
	}
	return NULL;
}

Test(pipeline, threads_running_at_once_get_their_own_state)
{
	uint8_t *want[N_REUSE];
	size_t want_len[N_REUSE];
	fresh_results(reuse_inis[0], want, want_len);
	build_ok(reuse_inis[0]);
	enum { THREADS = 4 };
	reuse_worker w[THREADS];
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (reuse_worker){P, want, want_len, i, 0};
		cr_assert_eq(pthread_create(&t[i], NULL, reuse_run, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		cr_assert_eq(w[i].bad, 0, "thread %d: %d results differ from a lone run", i, w[i].bad);
	}
	for (size_t i = 0; i < N_REUSE; i++) free(want[i]);
}

/* ---- a text's length measured by the caller ---- */

/* The daemon measures a text once, on intake, and hands the length to
 * pipeline_run_len() and result_pack_new_len(): the result, its encoding
 * (text included) and what plugins read must be those of the calls that
 * measure it themselves. */
Test(pipeline, a_measured_length_gives_the_same_result)
{
	build_ok(reuse_inis[0]);
	for (size_t i = 0; i < N_REUSE; i++) {
		const char *t = reuse_texts[i];
		size_t n = strlen(t), want_len, got_len;
		Annot__V1__Document in = ANNOT__V1__DOCUMENT__INIT;
		in.id = (char *)"text";
		in.text = (char *)t;
		Annot__V1__AnnotatedDocument *a = pipeline_run(P, &in), *b = pipeline_run_len(P, &in, n, NULL);
		cr_assert(a && b);
		cr_assert_eq(b->text_bytes, n);
		Annot__V1__AnnotatedDocument *r[2] = {a, b};
		for (int k = 0; k < 2; k++) {
			r[k]->elapsed_us = 0;
			for (size_t j = 0; j < r[k]->n_plugins; j++) r[k]->plugins[j]->elapsed_us = 0;
			r[k]->text = (char *)t; /* published with the text, as the daemon does */
		}
		uint8_t *want = result_pack_new(a, &want_len), *got = result_pack_new_len(b, n, &got_len);
		cr_assert(want && got);
		cr_assert(got_len == want_len && !memcmp(got, want, got_len), "text %zu: the encodings differ", i);
		cr_assert_gt(got_len, n, "the text is in the encoding");
		a->text = b->text = (char *)protobuf_c_empty_string;
		free(want);
		free(got);
		pipeline_result_free(a);
		pipeline_result_free(b);
	}
	pipeline_release(&P);
	/* the length plugins read is the one passed */
	build_ok("[daemon]\nplugins = probe\n");
	Annot__V1__Document in = ANNOT__V1__DOCUMENT__INIT;
	in.id = (char *)"p-1";
	in.text = (char *)"ABC Met. Then DEF left.";
	D = pipeline_run_len(P, &in, 23, NULL);
	cr_assert_not_null(D);
	cr_assert_eq(rec("text"), 23);
	cr_assert_eq(rec("text_lower"), 23);
	cr_assert_eq(D->text_bytes, 23);
}

/* ---- strings a plugin passes, copied by the host ---- */

/* The host copies a short string with one sixteen-byte load when those
 * bytes lie in the string's page, and by its length otherwise: codes and
 * names of every length up to 40, ending at every offset before a page
 * that cannot be read, are copied whole and nothing faults. */
Test(pipeline, host_copies_strings_at_every_page_offset)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(map, MAP_FAILED);
	cr_assert_eq(mprotect(map + pg, (size_t)pg, PROT_NONE), 0); /* a read past the page faults */
	const annot_host *h = host_table();
	annot_doc d = {0};
	Annot__V1__Document in = ANNOT__V1__DOCUMENT__INIT;
	in.text = (char *)"Somebody said something about someone.";
	for (size_t n = 1; n <= 40; n++)
		for (size_t room = 0; room < 48; room++) {
			/* the string's NUL lies room bytes before the end of the page */
			char *s = map + pg - 1 - (long)room - (long)n;
			for (size_t i = 0; i < n; i++) s[i] = (char)('A' + (i + room) % 26);
			s[n] = 0;
			cr_assert_eq(host_doc_init_len(&d, &in, strlen(in.text)), 0);
			annot_actor a = {.span = {0, 8}, .code = s, .name = s + n / 2, .kind = ANNOT_ACTOR_PERSON};
			cr_assert_eq(h->add_actor(&d, &a), 0);
			size_t na;
			const annot_actor *got = h->actors(&d, &na);
			cr_assert_eq(na, 1);
			cr_assert_neq(got->code, s, "a copy");
			cr_assert_str_eq(got->code, s, "length %zu, %zu bytes before the page end", n, room);
			cr_assert_str_eq(got->name, s + n / 2);
			cr_assert_eq(h->add_actor_tone(&d, s, NULL, 0.5, 1), 0);
			host_doc_end(&d);
		}
	host_doc_free(&d);
	munmap(map, 2 * (size_t)pg);
}
