/*
 * Tests for lib/docs.c (document checks, text files) and utf8_invalid_at()
 * of lib/util.c.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docs.h"
#include "util.h"

/* utf8_invalid_at over a string literal of n bytes (may hold NUL). */
#define BAD_AT(lit) utf8_invalid_at((lit), sizeof(lit) - 1)

Test(utf8, valid)
{
	cr_assert_eq(BAD_AT(""), -1);
	cr_assert_eq(BAD_AT("plain ASCII text, longer than eight bytes"), -1);
	cr_assert_eq(BAD_AT("Z\xC3\xBCrich"), -1);                 /* 2 bytes */
	cr_assert_eq(BAD_AT("\xE2\x80\x99 and \xE2\x82\xAC"), -1); /* 3 bytes */
	cr_assert_eq(BAD_AT("smile \xF0\x9F\x98\x80!"), -1);       /* 4 bytes, emoji */
	cr_assert_eq(BAD_AT("\xF4\x8F\xBF\xBF"), -1);               /* U+10FFFF */
	cr_assert_eq(BAD_AT("\xED\x9F\xBF"), -1);                   /* U+D7FF */
	cr_assert_eq(BAD_AT("\xEE\x80\x80"), -1);                   /* U+E000 */
}

Test(utf8, overlong)
{
	cr_assert_eq(BAD_AT("ab\xC0\xAF"), 2);
	cr_assert_eq(BAD_AT("\xC1\xBF"), 0);
	cr_assert_eq(BAD_AT("x\xE0\x80\xAF"), 1);
	cr_assert_eq(BAD_AT("\xF0\x80\x80\xAF"), 0);
}

Test(utf8, surrogates)
{
	cr_assert_eq(BAD_AT("abc\xED\xA0\x80"), 3);
	cr_assert_eq(BAD_AT("\xED\xBF\xBF"), 0);
}

Test(utf8, beyond_unicode)
{
	cr_assert_eq(BAD_AT("a\xF4\x90\x80\x80"), 1);
	cr_assert_eq(BAD_AT("\xF5\x80\x80\x80"), 0);
	cr_assert_eq(BAD_AT("\xF8\x88\x80\x80\x80"), 0);
	cr_assert_eq(BAD_AT("\xFF"), 0);
}

Test(utf8, truncated_and_stray)
{
	cr_assert_eq(BAD_AT("euro \xE2\x82"), 5);       /* cut at the end */
	cr_assert_eq(BAD_AT("\xE2\x82" "abc"), 0);      /* continuation missing */
	cr_assert_eq(BAD_AT("ok \x80 no"), 3);          /* stray continuation */
	cr_assert_eq(BAD_AT("\xF0\x9F\x98"), 0);
	/* the length bounds the check: a sequence cut by len is invalid */
	cr_assert_eq(utf8_invalid_at("\xC3\xBC", 1), 0);
}

Test(utf8, nul_byte)
{
	cr_assert_eq(BAD_AT("ab\0cd"), 2);
	/* inside the eight-byte fast path */
	cr_assert_eq(BAD_AT("0123456789\0abcdefghij"), 10);
}

Test(utf8, offset_after_long_ascii)
{
	cr_assert_eq(BAD_AT("0123456789abcdefg\xC0\xAF"), 17);
	cr_assert_eq(BAD_AT("0123456789abcdef\xF0\x9F\x98\x80" "0123456789\xFF"), 30);
}

/* Every bad byte and valid multibyte letter, at every offset of a long
 * ASCII text and with text after it: the 64-byte block path must hand the
 * byte-wise checks exactly the first byte that is not ASCII or is NUL. */
Test(utf8, long_text_every_offset)
{
	static const struct {
		const char *seq;
		size_t n;
		int bad;
	} cases[] = {{"\0", 1, 1}, {"\x80", 1, 1}, {"\xFF", 1, 1}, {"\xC0\xAF", 2, 1},
		     {"\xE2\x80\x99", 3, 0}, {"\xC3\xBC", 2, 0}, {"\xF0\x9F\x98\x80", 4, 0}, {"\xED\xA0\x80", 3, 1}};
	char buf[300];
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
		for (size_t at = 0; at + cases[c].n <= 200; at++) {
			memset(buf, 'a' + (int)(at % 26), sizeof buf);
			memcpy(buf + at, cases[c].seq, cases[c].n);
			long want = cases[c].bad ? (long)at : -1;
			cr_assert_eq(utf8_invalid_at(buf, 200), want, "case %zu at %zu", c, at);
			/* a second one further on: after a valid letter the check goes on */
			if (!cases[c].bad && at + cases[c].n + 70 < 200) {
				buf[at + cases[c].n + 70] = (char)0xFF;
				cr_assert_eq(utf8_invalid_at(buf, 200), (long)(at + cases[c].n + 70), "case %zu at %zu", c, at);
			}
		}
}

/* A document with the given fields (others empty). */
static Annot__V1__Document mkdoc(const char *id, const char *text)
{
	Annot__V1__Document d = ANNOT__V1__DOCUMENT__INIT;
	d.id = (char *)id;
	d.text = (char *)text;
	return d;
}

Test(docs, valid_document)
{
	char why[256] = "";
	Annot__V1__Document d = mkdoc("a1", "Talks in Z\xC3\xBCrich resumed \xF0\x9F\x98\x80.");
	cr_assert_eq(doc_validate(&d, 1000, why, sizeof why), 0, "%s", why);
}

/* doc_validate_len() gives the text's length it measured (the daemon
 * hands it on instead of measuring again), whatever its answer. */
Test(docs, validate_len_measures_the_text)
{
	char why[256] = "";
	size_t n = 99;
	Annot__V1__Document d = mkdoc("a1", "Talks in Z\xC3\xBCrich resumed.");
	cr_assert_eq(doc_validate_len(&d, 1000, &n, why, sizeof why), 0, "%s", why);
	cr_assert_eq(n, strlen(d.text));
	d.text = (char *)"bad \xFF byte";
	cr_assert_eq(doc_validate_len(&d, 1000, &n, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
	cr_assert_eq(n, 10);
	cr_assert_eq(doc_validate_len(&d, 5, &n, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE);
	cr_assert_eq(n, 10);
	d.text = NULL;
	cr_assert_eq(doc_validate_len(&d, 1000, &n, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT);
	cr_assert_eq(n, 0);
	d = mkdoc("bad \xC0 id", "fine");
	n = 99;
	cr_assert_eq(doc_validate_len(&d, 1000, &n, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
	cr_assert_eq(n, 0);
}

Test(docs, empty_text)
{
	char why[256] = "";
	Annot__V1__Document d = mkdoc("a1", "");
	cr_assert_eq(doc_validate(&d, 1000, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT);
	cr_assert(strstr(why, "empty"), "%s", why);
	d.text = NULL;
	cr_assert_eq(doc_validate(&d, 1000, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT);
}

Test(docs, too_large)
{
	char why[256] = "";
	Annot__V1__Document d = mkdoc("a1", "123456");
	cr_assert_eq(doc_validate(&d, 6, why, sizeof why), 0);
	cr_assert_eq(doc_validate(&d, 5, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE);
	cr_assert(strstr(why, "6 bytes"), "%s", why);
	cr_assert(strstr(why, "5"), "%s", why);
}

Test(docs, invalid_utf8_text)
{
	char why[256] = "";
	Annot__V1__Document d = mkdoc("a1", "bad \xC0\xAF here");
	cr_assert_eq(doc_validate(&d, 1000, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
	cr_assert(strstr(why, "text"), "%s", why);
	cr_assert(strstr(why, "offset 4"), "%s", why);
}

Test(docs, invalid_utf8_id_and_fields)
{
	char why[256] = "";
	Annot__V1__Document d = mkdoc("id\xFF", "fine text");
	cr_assert_eq(doc_validate(&d, 1000, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
	cr_assert(strstr(why, "id"), "%s", why);
	cr_assert(strstr(why, "0xff"), "%s", why);

	d = mkdoc("ok", "fine text");
	d.source = (char *)"wire\xED\xA0\x80";
	cr_assert_eq(doc_validate(&d, 1000, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
	cr_assert(strstr(why, "source"), "%s", why);

	d = mkdoc("ok", "fine text");
	Annot__V1__Document__MetaEntry e = ANNOT__V1__DOCUMENT__META_ENTRY__INIT;
	Annot__V1__Document__MetaEntry *meta[] = {&e};
	e.key = (char *)"k";
	e.value = (char *)"v\xC3";
	d.n_meta = 1;
	d.meta = meta;
	cr_assert_eq(doc_validate(&d, 1000, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
	cr_assert(strstr(why, "meta value"), "%s", why);
}

/* doc_decode() over hand-made protobuf bytes (a literal of n bytes). */
#define DECODE(lit, d, tl, why) doc_decode((lit), sizeof(lit) - 1, 1 << 20, (d), (tl), (why), sizeof(why))

Test(docs, decode_a_clean_document_with_unknown_fields)
{
	/* id "n1", field 9 (varint), text "Hello.", field 10 (fixed64) */
	const char b[] = "\x0a\x02n1" "\x48\x96\x01" "\x22\x06Hello." "\x51\1\2\3\4\5\6\7\x08";
	Annot__V1__Document *d = NULL;
	size_t tl = 0;
	char why[256] = "";
	cr_assert_eq(DECODE(b, &d, &tl, why), 0, "%s", why);
	cr_assert_str_eq(d->id, "n1");
	cr_assert_str_eq(d->text, "Hello.");
	cr_assert_eq(tl, 6);
	doc_free(d);
}

Test(docs, decode_refuses_a_nul_inside_a_string)
{
	/* protobuf-c ends a string with a NUL after its bytes: one inside cut
	 * the text short, and the document was annotated as "ab" */
	Annot__V1__Document *d = NULL;
	size_t tl = 0;
	char why[256] = "";
	const char text[] = "\x0a\x02n1" "\x22\x05" "ab\0cd";
	cr_assert_eq(DECODE(text, &d, &tl, why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8, "%s", why);
	cr_assert_str_eq(why, "text is not valid UTF-8 (bad byte 0x00 at offset 2)");
	cr_assert_str_eq(d->id, "n1", "the document is there, for its id");
	doc_free(d);

	const char first[] = "\x22\x04" "\0abc";
	cr_assert_eq(DECODE(first, &d, &tl, why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8, "%s", why);
	cr_assert_str_eq(why, "text is not valid UTF-8 (bad byte 0x00 at offset 0)", "not an empty text");
	doc_free(d);

	const char id[] = "\x0a\x03" "a\0b" "\x22\x02ok";
	cr_assert_eq(DECODE(id, &d, &tl, why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8, "%s", why);
	cr_assert_str_eq(why, "id is not valid UTF-8 (bad byte 0x00 at offset 1)");
	doc_free(d);

	/* meta {"k": "v\0w"}: an entry message of key = 1, value = 2 */
	const char meta[] = "\x22\x02ok" "\x3a\x08" "\x0a\x01k" "\x12\x03v\0w";
	cr_assert_eq(DECODE(meta, &d, &tl, why), ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8, "%s", why);
	cr_assert_str_eq(why, "meta value is not valid UTF-8 (bad byte 0x00 at offset 1)");
	doc_free(d);

	/* a field given twice is the last one: a NUL in the first is gone */
	const char twice[] = "\x22\x03" "a\0b" "\x22\x03" "abc";
	cr_assert_eq(DECODE(twice, &d, &tl, why), 0, "%s", why);
	cr_assert_str_eq(d->text, "abc");
	doc_free(d);
}

Test(docs, decode_garbage_is_malformed)
{
	Annot__V1__Document *d = NULL;
	size_t tl = 0;
	char why[256] = "";
	const char b[] = "\x22\x09" "cut";
	cr_assert_eq(DECODE(b, &d, &tl, why), ANNOT__V1__ERROR_CODE__ERROR_CODE_MALFORMED);
	cr_assert_null(d);
	cr_assert(strstr(why, "payload of 5 bytes"), "%s", why);
}

Test(docs, error_names)
{
	cr_assert_str_eq(doc_error_name(ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8), "invalid-utf8");
	cr_assert_str_eq(doc_error_name(ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT), "empty-text");
	cr_assert_str_eq(doc_error_name(ANNOT__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE), "too-large");
	cr_assert_str_eq(doc_error_name(999), "error");
}

/* Write bytes to a new temporary file; returns its path (static). */
static const char *tmpfile_with(const void *data, size_t n)
{
	static char path[64];
	strcpy(path, "/tmp/annot-doc-XXXXXX");
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, n), (ssize_t)n);
	close(fd);
	return path;
}

Test(docs, from_text_file)
{
	const char *text = "Ministers met in Z\xC3\xBCrich.\n\nThey agreed.\n";
	const char *path = tmpfile_with(text, strlen(text));
	Annot__V1__Document *d = NULL;
	char err[256] = "";
	cr_assert_eq(doc_from_text_file(path, &d, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(d->text, text);
	cr_assert_str_eq(d->id, strrchr(path, '/') + 1);
	cr_assert_str_eq(d->source, "", "a text file names no feed: the caller does");
	char why[256];
	cr_assert_eq(doc_validate(d, 1 << 20, why, sizeof why), 0, "%s", why);
	doc_free(d);
	unlink(path);
}

Test(docs, from_large_text_file)
{
	size_t n = 200000; /* more than one read chunk */
	char *big = malloc(n + 1);
	for (size_t i = 0; i < n; i++) big[i] = (char)('a' + i % 26);
	big[n] = 0;
	const char *path = tmpfile_with(big, n);
	Annot__V1__Document *d = NULL;
	char err[256] = "";
	cr_assert_eq(doc_from_text_file(path, &d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(strlen(d->text), n);
	cr_assert_eq(memcmp(d->text, big, n), 0);
	doc_free(d);
	free(big);
	unlink(path);
}

Test(docs, from_empty_file)
{
	const char *path = tmpfile_with("", 0);
	Annot__V1__Document *d = NULL;
	char err[256] = "", why[256];
	cr_assert_eq(doc_from_text_file(path, &d, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(d->text, "");
	cr_assert_eq(doc_validate(d, 100, why, sizeof why), ANNOT__V1__ERROR_CODE__ERROR_CODE_EMPTY_TEXT);
	doc_free(d);
	unlink(path);
}

Test(docs, from_file_with_nul)
{
	const char *path = tmpfile_with("abc\0def", 7);
	Annot__V1__Document *d = NULL;
	char err[256] = "";
	cr_assert_eq(doc_from_text_file(path, &d, err, sizeof err), -1);
	cr_assert_null(d);
	cr_assert(strstr(err, "NUL"), "%s", err);
	cr_assert(strstr(err, "offset 3"), "%s", err);
	unlink(path);
}

Test(docs, from_missing_file)
{
	Annot__V1__Document *d = NULL;
	char err[256] = "";
	cr_assert_eq(doc_from_text_file("/nonexistent/story.txt", &d, err, sizeof err), -1);
	cr_assert_null(d);
	cr_assert(strstr(err, "/nonexistent/story.txt"), "%s", err);
}

Test(docs, from_a_directory_is_an_error_that_says_so)
{
	/* fopen() opens a directory; the read fails: no empty document */
	char dir[] = "/tmp/annot-docs-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	Annot__V1__Document *d = NULL;
	char err[256] = "";
	cr_assert_eq(doc_from_text_file(dir, &d, err, sizeof err), -1);
	cr_assert_null(d);
	cr_assert(strstr(err, dir), "%s", err);
	cr_assert(strstr(err, "Is a directory"), "%s", err);
	rmdir(dir);
}

Test(docs, lines_read_documents_and_name_bad_lines)
{
	const char *text = "{\"id\":\"a\",\"text\":\"One.\"}\r\n"
			   "\n"
			   "not json\n"
			   "{\"id\":\"b\",\"text\":\"Two.\"}";
	const char *path = tmpfile_with(text, strlen(text));
	doc_lines rd;
	char err[512] = "";
	cr_assert_eq(doc_lines_open(&rd, path, err, sizeof err), 0, "%s", err);
	Annot__V1__Document *d = NULL;
	cr_assert_eq(doc_lines_next(&rd, &d, err, sizeof err), 1, "%s", err);
	cr_assert_str_eq(d->id, "a");
	cr_assert_str_eq(d->text, "One.");
	doc_free(d);
	char want[300];
	snprintf(want, sizeof want, "%s:3: not a document: ", path);
	cr_assert_eq(doc_lines_next(&rd, &d, err, sizeof err), -1, "the blank line is skipped, the third is bad");
	cr_assert_null(d);
	cr_assert(strstr(err, want), "%s", err);
	cr_assert_eq(doc_lines_next(&rd, &d, err, sizeof err), 1, "%s", err);
	cr_assert_str_eq(d->id, "b", "a last line without a newline is read");
	snprintf(want, sizeof want, "%s:4", path);
	cr_assert_str_eq(rd.where, want);
	doc_free(d);
	cr_assert_eq(doc_lines_next(&rd, &d, err, sizeof err), 0);
	doc_lines_close(&rd);
	unlink(path);
}

Test(docs, lines_from_a_directory_is_a_read_error)
{
	char dir[] = "/tmp/annot-docs-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	doc_lines rd;
	char err[512] = "";
	cr_assert_eq(doc_lines_open(&rd, dir, err, sizeof err), 0, "%s", err);
	Annot__V1__Document *d = NULL;
	cr_assert_eq(doc_lines_next(&rd, &d, err, sizeof err), -2, "a directory is not an empty file");
	cr_assert_null(d);
	cr_assert(strstr(err, "cannot read: Is a directory"), "%s", err);
	doc_lines_close(&rd);
	rmdir(dir);
}

Test(docs, lines_from_a_missing_file)
{
	doc_lines rd;
	char err[512] = "";
	cr_assert_eq(doc_lines_open(&rd, "/nonexistent/docs.jsonl", err, sizeof err), -1);
	cr_assert(strstr(err, "/nonexistent/docs.jsonl: No such file"), "%s", err);
}

Test(docs, free_null)
{
	doc_free(NULL);
}
