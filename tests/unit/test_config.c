/*
 * Tests for lib/config.c: the annotd INI file.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static config *C;
static char err[512];

static void teardown(void) { config_free(&C); }

TestSuite(config, .fini = teardown);

/* Parse text that must be accepted. */
static void load_ok(const char *ini)
{
	err[0] = 0;
	int rc = config_load_string(&C, ini, "test.ini", err, sizeof err);
	cr_assert_eq(rc, 0, "config refused: %s", err);
	cr_assert_not_null(C);
}

/* Parse text that must be refused with an error containing each of the
 * NULL-terminated strings. */
static void load_fail(const char *ini, ...)
{
	config *c = NULL;
	err[0] = 0;
	int rc = config_load_string(&c, ini, "test.ini", err, sizeof err);
	cr_assert_eq(rc, -1, "config accepted:\n%s", ini);
	cr_assert_null(c);
	va_list ap;
	va_start(ap, ini);
	for (const char *want; (want = va_arg(ap, const char *));)
		cr_assert(strstr(err, want), "error \"%s\" lacks \"%s\"", err, want);
	va_end(ap);
}

static void expect_plugins(const char *want)
{
	char got[512] = "";
	for (size_t i = 0; i < C->n_plugins; i++) {
		if (i) strcat(got, ",");
		strcat(got, C->plugins[i].name);
	}
	cr_assert_str_eq(got, want);
}

Test(config, defaults_from_null_and_empty)
{
	const char *texts[] = {NULL, "", "; only a comment\n\n"};
	for (int t = 0; t < 3; t++) {
		config_free(&C);
		load_ok(texts[t]);
		expect_plugins("actors,sentiment,blame,proposals");
		cr_assert_str_eq(C->input, "tcp://127.0.0.1:5555");
		cr_assert_str_eq(C->submit, "tcp://127.0.0.1:5556");
		cr_assert_str_eq(C->publish, "tcp://127.0.0.1:5557");
		cr_assert_str_eq(C->instance, "annotd");
		cr_assert_str_eq(C->log_level, "info");
		cr_assert_null(C->plugin_dir);
		cr_assert_eq(C->workers, 2);
		cr_assert_eq(C->max_inflight, 256);
		cr_assert_eq(C->max_inflight_bytes, (size_t)32 << 20);
		cr_assert_eq(C->max_text_bytes, (size_t)2 << 20);
		cr_assert_eq(C->publish_text, 1);
		cr_assert_eq(C->publish_hwm, 100000);
		cr_assert_eq(C->linger_ms, 2000);
		cr_assert_eq(C->stats_interval_ms, 10000);
		for (size_t i = 0; i < C->n_plugins; i++) {
			cr_assert_eq(C->plugins[i].enabled, 1);
			cr_assert_null(C->plugins[i].path);
			cr_assert_eq(C->plugins[i].n_entries, 0);
			cr_assert_eq(C->plugins[i].line, 0);
		}
	}
}

Test(config, file_name_kept)
{
	load_ok(NULL);
	cr_assert_str_eq(C->file, "test.ini");
	config_free(&C);
	cr_assert_eq(config_load_string(&C, NULL, NULL, err, sizeof err), 0);
	cr_assert_str_eq(C->file, "<string>");
}

Test(config, every_daemon_key)
{
	load_ok("[daemon]\n"
		"input = ipc:///tmp/in\n"
		"submit = ipc:///tmp/submit\n"
		"publish = ipc:///tmp/pub\n"
		"instance = east-1\n"
		"plugin_dir = /opt/annot/plugins\n"
		"log_level = debug\n"
		"workers = 8\n"
		"max_inflight = 1000\n"
		"max_inflight_bytes = 4096\n"
		"max_text_bytes = 65536\n"
		"publish_text = no\n"
		"publish_hwm = 0\n"
		"linger_ms = 0\n"
		"stats_interval_ms = 500\n");
	cr_assert_str_eq(C->input, "ipc:///tmp/in");
	cr_assert_str_eq(C->submit, "ipc:///tmp/submit");
	cr_assert_str_eq(C->publish, "ipc:///tmp/pub");
	cr_assert_str_eq(C->instance, "east-1");
	cr_assert_str_eq(C->plugin_dir, "/opt/annot/plugins");
	cr_assert_str_eq(C->log_level, "debug");
	cr_assert_eq(C->workers, 8);
	cr_assert_eq(C->max_inflight, 1000);
	cr_assert_eq(C->max_inflight_bytes, 4096);
	cr_assert_eq(C->max_text_bytes, 65536);
	cr_assert_eq(C->publish_text, 0);
	cr_assert_eq(C->publish_hwm, 0);
	cr_assert_eq(C->linger_ms, 0);
	cr_assert_eq(C->stats_interval_ms, 500);
	/* no plugins key: the defaults stay */
	expect_plugins("actors,sentiment,blame,proposals");
}

Test(config, booleans)
{
	const char *yes[] = {"true", "yes", "on", "1", "TRUE"};
	const char *no[] = {"false", "no", "off", "0", "Off"};
	char ini[128];
	for (int i = 0; i < 5; i++) {
		snprintf(ini, sizeof ini, "[daemon]\npublish_text = %s\n", yes[i]);
		config_free(&C);
		load_ok(ini);
		cr_assert_eq(C->publish_text, 1, "%s", yes[i]);
		snprintf(ini, sizeof ini, "[daemon]\npublish_text = %s\n", no[i]);
		config_free(&C);
		load_ok(ini);
		cr_assert_eq(C->publish_text, 0, "%s", no[i]);
	}
}

Test(config, unknown_daemon_key)
{
	load_fail("[daemon]\nworkers = 2\nworkerz = 3\n", "test.ini:3:", "workerz", "[daemon]", NULL);
}

Test(config, bad_values_name_the_line)
{
	load_fail("[daemon]\nworkers = 0\n", "test.ini:2:", "workers", "'0'", NULL);
	load_fail("[daemon]\nworkers = 257\n", "test.ini:2:", "workers", NULL);
	load_fail("[daemon]\n\nmax_inflight = abc\n", "test.ini:3:", "max_inflight", "abc", NULL);
	load_fail("[daemon]\nmax_inflight = 12x\n", "test.ini:2:", "max_inflight", NULL);
	load_fail("[daemon]\nmax_inflight_bytes = 0\n", "test.ini:2:", "max_inflight_bytes", "0", NULL);
	load_fail("[daemon]\npublish_text = maybe\n", "test.ini:2:", "publish_text", "maybe", NULL);
	load_fail("[daemon]\nlog_level = loud\n", "test.ini:2:", "log_level", "loud", NULL);
	load_fail("[daemon]\nmax_text_bytes = 0\n", "test.ini:2:", "max_text_bytes", NULL);
	load_fail("[daemon]\npublish_hwm = -1\n", "test.ini:2:", "publish_hwm", NULL);
	load_fail("[daemon]\nlinger_ms = 99999999\n", "test.ini:2:", "linger_ms", NULL);
	load_fail("[daemon]\nstats_interval_ms = soon\n", "test.ini:2:", "stats_interval_ms", NULL);
}

Test(config, first_error_is_reported)
{
	load_fail("[daemon]\nworkers = 0\nmax_inflight = abc\n", "test.ini:2:", "workers", NULL);
	cr_assert_null(strstr(err, "max_inflight"));
}

Test(config, unknown_section)
{
	load_fail("[daemon]\nworkers = 2\n[deamon]\nworkers = 3\n", "test.ini:4:", "[deamon]", NULL);
}

Test(config, key_outside_section)
{
	load_fail("workers = 3\n", "test.ini:1:", "workers", NULL);
}

Test(config, syntax_error)
{
	load_fail("[daemon]\nworkers 3\n", "test.ini:2:", NULL);
}

Test(config, plugins_list_replaces_defaults)
{
	load_ok("[daemon]\nplugins = keywords,  actors ,\n");
	expect_plugins("keywords,actors");
	for (size_t i = 0; i < C->n_plugins; i++) cr_assert_eq(C->plugins[i].enabled, 1);
}

Test(config, plugins_list_twice_appends)
{
	load_ok("[daemon]\nplugins = keywords\nplugins = actors, keywords\n");
	expect_plugins("keywords,actors");
}

Test(config, plugins_list_empty)
{
	load_ok("[daemon]\nplugins =\n");
	cr_assert_eq(C->n_plugins, 0);
}

Test(config, plugin_section_adds_to_defaults)
{
	load_ok("[plugin.keywords]\nkeywords = cyber\n");
	expect_plugins("actors,sentiment,blame,proposals,keywords");
	const config_plugin *p = config_find_plugin(C, "keywords");
	cr_assert_not_null(p);
	cr_assert_eq(p->n_entries, 1);
	cr_assert_eq(p->line, 1, "the section header is on line 1, not %d", p->line);
}

Test(config, plugin_section_configures_a_default)
{
	load_ok("[plugin.blame]\nmin_confidence = 0.5\n");
	expect_plugins("actors,sentiment,blame,proposals");
	const config_plugin *p = config_find_plugin(C, "blame");
	cr_assert_eq(p->n_entries, 1);
	cr_assert_str_eq(p->entries[0].key, "min_confidence");
}

Test(config, plugin_section_adds_to_list)
{
	load_ok("[daemon]\nplugins = actors\n\n[plugin.keywords]\nkeywords = cyber\n");
	expect_plugins("actors,keywords");
	cr_assert_eq(config_find_plugin(C, "keywords")->line, 4);
}

Test(config, plugin_section_before_list)
{
	load_ok("[plugin.keywords]\nlabel = x\n[daemon]\nplugins = actors, keywords\n");
	/* the section comes first in the file; the list names actors too */
	cr_assert_eq(C->n_plugins, 2);
	cr_assert_not_null(config_find_plugin(C, "actors"));
	const config_plugin *k = config_find_plugin(C, "keywords");
	cr_assert_not_null(k);
	cr_assert_eq(k->n_entries, 1);
	cr_assert_eq(k->line, 1);
}

Test(config, empty_plugin_section)
{
	load_ok("[daemon]\nplugins = actors\n[plugin.keywords]\n");
	expect_plugins("actors,keywords");
	const config_plugin *k = config_find_plugin(C, "keywords");
	cr_assert_eq(k->line, 3);
	cr_assert_eq(k->n_entries, 0);
	config_free(&C);
	load_ok("  [plugin.kw2]  \n");
	expect_plugins("actors,sentiment,blame,proposals,kw2");
}

Test(config, empty_plugin_name)
{
	load_fail("[plugin.]\nx = 1\n", "test.ini:2:", "plugin.", NULL);
}

Test(config, host_keys_of_a_plugin)
{
	load_ok("[daemon]\nplugins = kw\n"
		"[plugin.kw]\n"
		"path = /opt/x/keywords.so\n"
		"data_dir = /opt/x/data\n"
		"enabled = off\n"
		"keywords = a, b\n");
	const config_plugin *p = config_find_plugin(C, "kw");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->path, "/opt/x/keywords.so");
	cr_assert_str_eq(p->data_dir, "/opt/x/data");
	cr_assert_eq(p->enabled, 0);
	/* host keys are not plugin options */
	cr_assert_eq(p->n_entries, 1);
	cr_assert_str_eq(p->entries[0].key, "keywords");
	cr_assert_str_eq(p->entries[0].value, "a, b");
}

Test(config, bad_enabled)
{
	load_fail("[plugin.kw]\n\nenabled = perhaps\n", "test.ini:3:", "enabled", "perhaps", "plugin.kw", NULL);
}

Test(config, plugin_entries_keep_order_and_lines)
{
	load_ok("[daemon]\nplugins = kw\n"
		"[plugin.kw]\n"
		"; a comment\n"
		"keywords = trade\n"
		"label = topic\n"
		"\n"
		"keywords = war ; inline comment\n"
		"unknown_to_config = 1\n");
	const config_plugin *p = config_find_plugin(C, "kw");
	cr_assert_eq(p->n_entries, 4);
	cr_assert_str_eq(p->entries[0].key, "keywords");
	cr_assert_str_eq(p->entries[0].value, "trade");
	cr_assert_eq(p->entries[0].line, 5);
	cr_assert_str_eq(p->entries[1].key, "label");
	cr_assert_eq(p->entries[1].line, 6);
	cr_assert_str_eq(p->entries[2].key, "keywords");
	cr_assert_str_eq(p->entries[2].value, "war");
	cr_assert_eq(p->entries[2].line, 8);
	/* plugin options are checked by the pipeline, not here */
	cr_assert_str_eq(p->entries[3].key, "unknown_to_config");
	cr_assert_eq(p->entries[3].line, 9);
}

Test(config, long_line)
{
	/* libinih reads lines into a fixed buffer: a longer line must be
	 * refused with its line number, not cut and its rest parsed as a
	 * line of its own */
	char ini[2048];
	int n = snprintf(ini, sizeof ini, "[daemon]\nplugins = kw\n\n[plugin.kw]\nkeywords = ");
	for (int i = 0; i < 60; i++) n += snprintf(ini + n, sizeof ini - (size_t)n, "%sword%02d", i ? ", " : "", i);
	snprintf(ini + n, sizeof ini - (size_t)n, "\nlabel = x\n");
	load_fail(ini, "test.ini:5:", "too long", NULL);
	/* a line just under the limit is read whole */
	n = snprintf(ini, sizeof ini, "[plugin.kw]\n");
	int line0 = n;
	n += snprintf(ini + n, sizeof ini - (size_t)n, "label = ");
	while (n - line0 < 197) ini[n++] = 'x';
	snprintf(ini + n, sizeof ini - (size_t)n, "\nkeywords = a\n");
	load_ok(ini);
	const config_plugin *p = config_find_plugin(C, "kw");
	cr_assert_eq(p->n_entries, 2);
	cr_assert_eq(strlen(p->entries[0].value), 197 - strlen("label = "));
	cr_assert_eq(p->entries[1].line, 3);
}

Test(config, long_list_over_repeated_keys)
{
	char ini[2048];
	int n = snprintf(ini, sizeof ini, "[plugin.kw]\n");
	for (int i = 0; i < 60; i++)
		n += snprintf(ini + n, sizeof ini - (size_t)n, "%sword%02d", i % 20 ? ", " : i ? "\nkeywords = " : "keywords = ", i);
	snprintf(ini + n, sizeof ini - (size_t)n, "\n");
	load_ok(ini);
	const config_plugin *p = config_find_plugin(C, "kw");
	cr_assert_eq(p->n_entries, 3);
	cr_assert(strstr(p->entries[2].value, "word59"));
	cr_assert_eq(p->entries[2].line, 4);
}

Test(config, find_plugin)
{
	load_ok(NULL);
	cr_assert_not_null(config_find_plugin(C, "actors"));
	cr_assert_null(config_find_plugin(C, "nope"));
}

Test(config, load_file)
{
	char path[] = "/tmp/annot-config-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	const char *text = "[daemon]\nworkers = 4\n[plugin.kw]\nlabel = x\n";
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	cr_assert_eq(config_load_file(&C, path, err, sizeof err), 0, "%s", err);
	cr_assert_eq(C->workers, 4);
	cr_assert_str_eq(C->file, path);
	config_free(&C);
	/* an error names the file */
	FILE *f = fopen(path, "w");
	fputs("[daemon]\nworkers = none\n", f);
	fclose(f);
	config *c = NULL;
	cr_assert_eq(config_load_file(&c, path, err, sizeof err), -1);
	char want[64];
	snprintf(want, sizeof want, "%s:2:", path);
	cr_assert(strstr(err, want), "error \"%s\" lacks \"%s\"", err, want);
	unlink(path);
}

Test(config, load_missing_file)
{
	config *c = NULL;
	err[0] = 0;
	cr_assert_eq(config_load_file(&c, "/nonexistent/dir/annotd.ini", err, sizeof err), -1);
	cr_assert_null(c);
	cr_assert(strstr(err, "/nonexistent/dir/annotd.ini"), "%s", err);
}

Test(config, load_a_directory_says_why)
{
	char dir[] = "/tmp/annot-cfg-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	config *c = NULL;
	err[0] = 0;
	cr_assert_eq(config_load_file(&c, dir, err, sizeof err), -1);
	cr_assert_null(c);
	cr_assert(strstr(err, "cannot read config: Is a directory"), "%s", err);
	rmdir(dir);
}

Test(config, load_a_file_with_a_nul_byte_says_where)
{
	/* the parser reads a C string: the keys after a NUL were dropped unsaid */
	char path[] = "/tmp/annot-cfg-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	const char text[] = "[daemon]\nworkers = 4\n\0\nbogus = 1\n";
	cr_assert_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	config *c = NULL;
	err[0] = 0;
	cr_assert_eq(config_load_file(&c, path, err, sizeof err), -1);
	cr_assert_null(c);
	cr_assert(strstr(err, "NUL byte at offset 21"), "%s", err);
	unlink(path);
}

Test(config, free_null)
{
	config *c = NULL;
	config_free(&c);
	cr_assert_null(c);
}

Test(config, unknown_empty_section_is_refused)
{
	load_fail("[daemon]\nworkers = 2\n\n[deamon]\n", "test.ini:4:", "unknown section [deamon]", NULL);
	load_fail("[plugin.actors]\n[stats]\n", "test.ini:2:", "unknown section [stats]", NULL);
}
