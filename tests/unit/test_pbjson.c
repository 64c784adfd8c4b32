/*
 * Tests for lib/pbjson: the generic protobuf <-> JSON codec, run on the
 * project's real annot.v1 messages.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annot/v1/annotation.pb-c.h"
#include "annot/v1/document.pb-c.h"
#include "annot/v1/submit.pb-c.h"
#include "pbjson.h"

/* Decode json as desc; asserts success and returns the message. */
static ProtobufCMessage *dec_ok(const ProtobufCMessageDescriptor *desc, const char *json)
{
	ProtobufCMessage *m = NULL;
	char err[256];
	int rc = pbjson_decode(desc, json, strlen(json), &m, err, sizeof err);

	cr_assert_eq(rc, 0, "decode of %s failed: %s", json, err);
	cr_assert_not_null(m);
	return m;
}

/* Decode json as desc; asserts failure, that the error mentions want,
 * and that *out stays NULL. */
static void dec_fail(const ProtobufCMessageDescriptor *desc, const char *json, const char *want)
{
	ProtobufCMessage *m = (ProtobufCMessage *)1;
	char err[256] = "";
	int rc = pbjson_decode(desc, json, strlen(json), &m, err, sizeof err);

	cr_assert_eq(rc, -1, "decode of %s should fail", json);
	cr_assert_null(m);
	cr_assert(strstr(err, want) != NULL, "error for %s is \"%s\", expected to contain \"%s\"",
		  json, err, want);
}

/* Pack a message into a malloc'd buffer; *len gets its size. */
static uint8_t *pack(const ProtobufCMessage *m, size_t *len)
{
	*len = protobuf_c_message_get_packed_size(m);
	uint8_t *b = malloc(*len ? *len : 1);
	cr_assert_not_null(b);
	cr_assert_eq(protobuf_c_message_pack(m, b), *len);
	return b;
}

/* Encode m with flags, decode it back, and assert both pack to the same
 * bytes.  Returns the JSON (caller frees). */
static char *round_trip(const ProtobufCMessage *m, unsigned flags)
{
	char *json = pbjson_encode(m, flags);
	cr_assert_not_null(json);
	ProtobufCMessage *back = dec_ok(m->descriptor, json);
	size_t la, lb;
	uint8_t *a = pack(m, &la), *b = pack(back, &lb);
	cr_assert_eq(la, lb, "packed sizes differ after round trip of %s", json);
	cr_assert(memcmp(a, b, la) == 0, "packed bytes differ after round trip of %s", json);
	free(a);
	free(b);
	protobuf_c_message_free_unpacked(back, NULL);
	return json;
}

/* A fully populated AnnotatedDocument on the stack (static storage for
 * the sub-messages). */
static Annot__V1__AnnotatedDocument *sample_doc(void)
{
	static Annot__V1__AnnotatedDocument d;
	static Annot__V1__Sentiment s, s0, s1;
	static Annot__V1__Sentence se0, se1;
	static Annot__V1__Sentence *ses[2];
	static Annot__V1__Actor a0, a1;
	static Annot__V1__Actor *as[2];
	static Annot__V1__ActorTone t0;
	static Annot__V1__ActorTone *ts[1];
	static Annot__V1__Span cue, issue, bspan;
	static Annot__V1__Blame b0;
	static Annot__V1__Blame *bs[1];
	static Annot__V1__Proposal p0;
	static Annot__V1__Proposal *ps[1];
	static Annot__V1__Tag tag;
	static Annot__V1__Tag *tags[1];
	static Annot__V1__Tag__AttributesEntry ta0, ta1;
	static Annot__V1__Tag__AttributesEntry *tas[2];
	static Annot__V1__PluginStatus pl0, pl1;
	static Annot__V1__PluginStatus *pls[2];
	static Annot__V1__AnnotatedDocument__MetaEntry me0, me1;
	static Annot__V1__AnnotatedDocument__MetaEntry *mes[2];

	annot__v1__annotated_document__init(&d);
	d.doc_id = "doc-1";
	d.source = "wire";
	d.instance = "node \"a\"";
	d.seq = UINT64_MAX;
	annot__v1__sentiment__init(&s);
	s.compound = -0.42;
	s.positive = 0.05;
	s.negative = 0.21;
	s.neutral = 1.0 / 3.0;
	d.sentiment = &s;
	annot__v1__sentence__init(&se0);
	se0.start = 0;
	se0.end = 88;
	annot__v1__sentiment__init(&s0);
	s0.compound = 0.1 + 0.2;
	s0.neutral = 1;
	se0.sentiment = &s0;
	se0.heading = 1;
	annot__v1__sentence__init(&se1);
	se1.start = 89;
	se1.end = 4000000000u;
	annot__v1__sentiment__init(&s1);
	s1.compound = -1e-300;
	s1.positive = 1e300;
	se1.sentiment = &s1;
	ses[0] = &se0;
	ses[1] = &se1;
	d.n_sentences = 2;
	d.sentences = ses;
	annot__v1__actor__init(&a0);
	a0.start = 0;
	a0.end = 5;
	a0.code = "CHN";
	a0.kind = ANNOT__V1__ACTOR_KIND__ACTOR_KIND_COUNTRY;
	a0.name = "China";
	a0.confidence = 0.7f;
	annot__v1__actor__init(&a1);
	a1.start = 10;
	a1.end = 19;
	a1.code = "USAGOV";
	a1.kind = ANNOT__V1__ACTOR_KIND__ACTOR_KIND_ORGANIZATION;
	a1.name = "Washington\tD.C.\n";
	a1.sentence = 1;
	a1.confidence = 1.0f / 3.0f;
	as[0] = &a0;
	as[1] = &a1;
	d.n_actors = 2;
	d.actors = as;
	annot__v1__actor_tone__init(&t0);
	t0.code = "CHN";
	t0.name = "China";
	t0.tone = -0.3;
	t0.sentences = 4;
	ts[0] = &t0;
	d.n_actor_tones = 1;
	d.actor_tones = ts;
	annot__v1__span__init(&cue);
	cue.start = 20;
	cue.end = 28;
	annot__v1__span__init(&issue);
	issue.start = 33;
	issue.end = 48;
	annot__v1__span__init(&bspan);  /* present but all zero: must survive */
	annot__v1__blame__init(&b0);
	b0.blamer = "CHNGOV";
	b0.blamed = "USA";
	b0.cue = &cue;
	b0.issue = &issue;
	b0.blamer_span = &bspan;
	b0.confidence = 0.9f;
	bs[0] = &b0;
	d.n_blames = 1;
	d.blames = bs;
	annot__v1__proposal__init(&p0);
	p0.proposer = "AUTHOR";
	p0.addressee = "";
	p0.action = &issue;
	p0.cue = &cue;
	p0.sentence = 3;
	p0.confidence = 0.8f;
	ps[0] = &p0;
	d.n_proposals = 1;
	d.proposals = ps;
	annot__v1__tag__init(&tag);
	tag.plugin = "keywords";
	tag.label = "cyber";
	tag.start = 40;
	tag.end = 45;
	tag.score = 1.0;
	annot__v1__tag__attributes_entry__init(&ta0);
	ta0.key = "term";
	ta0.value = "cyber";
	annot__v1__tag__attributes_entry__init(&ta1);
	ta1.key = "empty";
	ta1.value = "";
	tas[0] = &ta0;
	tas[1] = &ta1;
	tag.n_attributes = 2;
	tag.attributes = tas;
	tags[0] = &tag;
	d.n_tags = 1;
	d.tags = tags;
	annot__v1__plugin_status__init(&pl0);
	pl0.name = "actors";
	pl0.version = "1.0.0";
	pl0.elapsed_us = 35;
	annot__v1__plugin_status__init(&pl1);
	pl1.name = "blame";
	pl1.version = "1.0.0";
	pl1.error = "bad \\ thing \x01\x1f";
	pls[0] = &pl0;
	pls[1] = &pl1;
	d.n_plugins = 2;
	d.plugins = pls;
	d.title = "Talks stall — «quoted» 😀";
	d.lang = "en";
	d.published_ms = -1764115200000LL;
	annot__v1__annotated_document__meta_entry__init(&me0);
	me0.key = "url";
	me0.value = "https://example.org/a?b=c&d=\"e\"";
	annot__v1__annotated_document__meta_entry__init(&me1);
	me1.key = "k\ney";
	me1.value = "v";
	mes[0] = &me0;
	mes[1] = &me1;
	d.n_meta = 2;
	d.meta = mes;
	d.text = "China accused the United States.\r\n";
	d.text_bytes = 34;
	d.received_ms = 1764115200123ULL;
	d.elapsed_us = 4294967295u;
	return &d;
}

Test(pbjson, round_trip_full_document)
{
	Annot__V1__AnnotatedDocument *d = sample_doc();
	free(round_trip(&d->base, 0));
	free(round_trip(&d->base, PBJSON_PRETTY));
	free(round_trip(&d->base, PBJSON_EMIT_DEFAULTS));
	free(round_trip(&d->base, PBJSON_EMIT_DEFAULTS | PBJSON_PRETTY));
}

Test(pbjson, round_trip_document_and_replies)
{
	Annot__V1__Document doc = ANNOT__V1__DOCUMENT__INIT;
	Annot__V1__Document__MetaEntry e = ANNOT__V1__DOCUMENT__META_ENTRY__INIT;
	Annot__V1__Document__MetaEntry *es[1] = { &e };
	doc.id = "a1";
	doc.text = "Some text.";
	doc.published_ms = 1764115200000LL;
	e.key = "url";
	e.value = "https://example.org";
	doc.n_meta = 1;
	doc.meta = es;
	free(round_trip(&doc.base, 0));

	Annot__V1__SubmitReply r = ANNOT__V1__SUBMIT_REPLY__INIT;
	r.doc_id = "x";
	r.accepted = 0;
	r.code = ANNOT__V1__ERROR_CODE__ERROR_CODE_DUPLICATE_ID;
	r.message = "duplicate";
	char *j = round_trip(&r.base, 0);
	cr_assert_str_eq(j, "{\"docId\":\"x\",\"code\":\"ERROR_CODE_DUPLICATE_ID\",\"message\":\"duplicate\"}");
	free(j);

	Annot__V1__ErrorEvent ev = ANNOT__V1__ERROR_EVENT__INIT;
	ev.seq = 7;
	ev.time_ms = 9;
	ev.code = ANNOT__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8;
	j = round_trip(&ev.base, 0);
	cr_assert_str_eq(j, "{\"code\":\"ERROR_CODE_INVALID_UTF8\",\"seq\":\"7\",\"timeMs\":\"9\"}");
	free(j);
}

Test(pbjson, encode_uses_camel_case_and_canonical_forms)
{
	Annot__V1__AnnotatedDocument d = ANNOT__V1__ANNOTATED_DOCUMENT__INIT;
	Annot__V1__ActorTone t = ANNOT__V1__ACTOR_TONE__INIT;
	Annot__V1__ActorTone *ts[1] = { &t };
	Annot__V1__PluginStatus p = ANNOT__V1__PLUGIN_STATUS__INIT;
	Annot__V1__PluginStatus *ps[1] = { &p };
	d.doc_id = "a1";
	d.seq = 42;
	d.published_ms = 1764115200000LL;
	d.n_actor_tones = 1;
	d.actor_tones = ts;
	t.code = "CHN";
	t.tone = -0.3;
	t.sentences = 4;
	d.n_plugins = 1;
	d.plugins = ps;
	p.name = "actors";
	p.elapsed_us = 35;
	char *j = pbjson_encode(&d.base, 0);
	cr_assert_str_eq(j,
		"{\"docId\":\"a1\",\"seq\":\"42\","
		"\"actorTones\":[{\"code\":\"CHN\",\"tone\":-0.3,\"sentences\":4}],"
		"\"plugins\":[{\"name\":\"actors\",\"elapsedUs\":35}],"
		"\"publishedMs\":\"1764115200000\"}");
	free(j);
}

Test(pbjson, decode_camel_and_proto_names)
{
	Annot__V1__Document *d = (Annot__V1__Document *)dec_ok(&annot__v1__document__descriptor,
		"{\"id\": \"a1\", \"source\": \"wire\", \"title\": \"Talks stall\",\n"
		" \"text\": \"China accused …\", \"lang\": \"en\",\n"
		" \"publishedMs\": \"1764115200000\", \"meta\": {\"url\": \"https://x\", \"b\": \"2\"}}");
	cr_assert_str_eq(d->id, "a1");
	cr_assert_str_eq(d->source, "wire");
	cr_assert_str_eq(d->title, "Talks stall");
	cr_assert_str_eq(d->text, "China accused …");
	cr_assert_str_eq(d->lang, "en");
	cr_assert_eq(d->published_ms, 1764115200000LL);
	cr_assert_eq(d->n_meta, 2);
	cr_assert_str_eq(d->meta[0]->key, "url");
	cr_assert_str_eq(d->meta[0]->value, "https://x");
	cr_assert_str_eq(d->meta[1]->key, "b");
	cr_assert_str_eq(d->meta[1]->value, "2");
	protobuf_c_message_free_unpacked(&d->base, NULL);

	/* proto names, 64-bit as a plain number */
	d = (Annot__V1__Document *)dec_ok(&annot__v1__document__descriptor,
		"{\"published_ms\": 1764115200000, \"id\": \"\"}");
	cr_assert_eq(d->published_ms, 1764115200000LL);
	cr_assert_str_eq(d->id, "");
	cr_assert_str_eq(d->source, "");
	cr_assert_eq(d->n_meta, 0);
	protobuf_c_message_free_unpacked(&d->base, NULL);

	Annot__V1__AnnotatedDocument *a = (Annot__V1__AnnotatedDocument *)dec_ok(
		&annot__v1__annotated_document__descriptor,
		"{\"docId\":\"x\",\"seq\":\"18446744073709551615\",\"receivedMs\":5,"
		"\"actorTones\":[{\"code\":\"CHN\",\"tone\":-0.5,\"sentences\":2}],"
		"\"actor_tones\":[{\"code\":\"USA\"},{\"code\":\"RUS\",\"tone\":1}],"
		"\"plugins\":[{\"name\":\"actors\",\"elapsedUs\":35},{\"name\":\"b\",\"elapsed_us\":\"7\"}],"
		"\"elapsedUs\":1e3,\"sentiment\":{\"compound\":-0.25},"
		"\"sentences\":[{\"start\":0,\"end\":10,\"heading\":true,\"sentiment\":{\"neutral\":1}}]}");
	cr_assert_str_eq(a->doc_id, "x");
	cr_assert_eq(a->seq, UINT64_MAX);
	cr_assert_eq(a->received_ms, 5);
	/* the key given last wins; nothing leaks */
	cr_assert_eq(a->n_actor_tones, 2);
	cr_assert_str_eq(a->actor_tones[1]->code, "RUS");
	cr_assert_eq(a->actor_tones[1]->tone, 1.0);
	cr_assert_eq(a->n_plugins, 2);
	cr_assert_eq(a->plugins[0]->elapsed_us, 35);
	cr_assert_eq(a->plugins[1]->elapsed_us, 7);
	cr_assert_eq(a->elapsed_us, 1000);
	cr_assert_not_null(a->sentiment);
	cr_assert_eq(a->sentiment->compound, -0.25);
	cr_assert_eq(a->n_sentences, 1);
	cr_assert_eq(a->sentences[0]->end, 10);
	cr_assert(a->sentences[0]->heading);
	cr_assert_eq(a->sentences[0]->sentiment->neutral, 1.0);
	protobuf_c_message_free_unpacked(&a->base, NULL);
}

Test(pbjson, enums_both_forms)
{
	Annot__V1__Actor act = ANNOT__V1__ACTOR__INIT;
	act.kind = ANNOT__V1__ACTOR_KIND__ACTOR_KIND_COUNTRY;
	char *j = pbjson_encode(&act.base, 0);
	cr_assert_str_eq(j, "{\"kind\":\"ACTOR_KIND_COUNTRY\"}");
	free(j);
	act.kind = (Annot__V1__ActorKind)77;  /* a value from a newer .proto */
	j = pbjson_encode(&act.base, 0);
	cr_assert_str_eq(j, "{\"kind\":77}");
	free(j);

	static const struct { const char *json; int want; } cases[] = {
		{ "{\"kind\":\"ACTOR_KIND_PERSON\"}", ANNOT__V1__ACTOR_KIND__ACTOR_KIND_PERSON },
		{ "{\"kind\":\"COUNTRY\"}", ANNOT__V1__ACTOR_KIND__ACTOR_KIND_COUNTRY },
		{ "{\"kind\":\"organization\"}", ANNOT__V1__ACTOR_KIND__ACTOR_KIND_ORGANIZATION },
		{ "{\"kind\":4}", ANNOT__V1__ACTOR_KIND__ACTOR_KIND_GROUP },
		{ "{\"kind\":77}", 77 },
		{ "{\"kind\":null}", ANNOT__V1__ACTOR_KIND__ACTOR_KIND_UNSPECIFIED },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		Annot__V1__Actor *a = (Annot__V1__Actor *)dec_ok(&annot__v1__actor__descriptor,
								  cases[i].json);
		cr_assert_eq((int)a->kind, cases[i].want, "%s", cases[i].json);
		protobuf_c_message_free_unpacked(&a->base, NULL);
	}
	dec_fail(&annot__v1__actor__descriptor, "{\"kind\":\"PLANET\"}", "field 'kind'");
	dec_fail(&annot__v1__actor__descriptor, "{\"kind\":\"PLANET\"}", "PLANET");
	dec_fail(&annot__v1__actor__descriptor, "{\"kind\":true}", "field 'kind'");
	dec_fail(&annot__v1__annotated_document__descriptor,
		 "{\"actors\":[{\"kind\":\"COUNTRY\"},{\"kind\":\"KIND\"}]}", "field 'actors[1].kind'");
}

Test(pbjson, string_escaping)
{
	Annot__V1__Document d = ANNOT__V1__DOCUMENT__INIT;
	d.text = "q\"b\\s/n\nt\tr\rc\x01\x1f\b\f é 😀\x7f";
	char *j = pbjson_encode(&d.base, 0);
	cr_assert_str_eq(j, "{\"text\":\"q\\\"b\\\\s/n\\nt\\tr\\rc\\u0001\\u001f\\b\\f é 😀\x7f\"}");
	Annot__V1__Document *back = (Annot__V1__Document *)dec_ok(&annot__v1__document__descriptor, j);
	cr_assert_str_eq(back->text, d.text);
	protobuf_c_message_free_unpacked(&back->base, NULL);
	free(j);

	/* \u escapes, including a surrogate pair, come out as UTF-8 */
	back = (Annot__V1__Document *)dec_ok(&annot__v1__document__descriptor,
		"{\"text\":\"caf\\u00e9 \\ud83d\\ude00 \\/\"}");
	cr_assert_str_eq(back->text, "café 😀 /");
	protobuf_c_message_free_unpacked(&back->base, NULL);

	/* C strings cannot hold NUL */
	dec_fail(&annot__v1__document__descriptor, "{\"text\":\"a\\u0000b\"}", "field 'text'");

	/* nor can keys: json-c cut them there, so "text\u0000x" was read as
	 * the text and a meta key lost its tail, without a word */
	dec_fail(&annot__v1__document__descriptor, "{\"text\\u0000x\":\"hello\"}", "NUL character");
	dec_fail(&annot__v1__document__descriptor, "{\"text\":\"t\",\"meta\":{\"ke\\u0000y\":\"v\"}}",
		 "NUL character");
	/* an escaped backslash, then "u0000", is six characters of text */
	back = (Annot__V1__Document *)dec_ok(&annot__v1__document__descriptor,
		"{\"text\":\"a\\\\u0000\",\"meta\":{\"\\\\\\\\u0000\":\"v\"}}");
	cr_assert_str_eq(back->text, "a\\u0000");
	cr_assert_eq(back->n_meta, 1);
	cr_assert_str_eq(back->meta[0]->key, "\\\\u0000");
	protobuf_c_message_free_unpacked(&back->base, NULL);
}

Test(pbjson, unknown_keys_and_nulls_ignored)
{
	Annot__V1__Document *d = (Annot__V1__Document *)dec_ok(&annot__v1__document__descriptor,
		"{\"future\":{\"x\":[1,2,{\"y\":null}]},\"id\":\"a\",\"zzz\":null,"
		"\"source\":null,\"meta\":null,\"Id\":5,\"publishedMS\":\"x\"}");
	cr_assert_str_eq(d->id, "a");
	cr_assert_str_eq(d->source, "");
	cr_assert_eq(d->n_meta, 0);
	cr_assert_eq(d->published_ms, 0);
	protobuf_c_message_free_unpacked(&d->base, NULL);
}

Test(pbjson, errors_name_the_field)
{
	const ProtobufCMessageDescriptor *doc = &annot__v1__document__descriptor;
	const ProtobufCMessageDescriptor *ad = &annot__v1__annotated_document__descriptor;

	dec_fail(doc, "{\"publishedMs\":\"abc\"}", "field 'publishedMs': expected an integer");
	dec_fail(doc, "{\"published_ms\":true}", "field 'published_ms'");
	dec_fail(doc, "{\"publishedMs\":1.5}", "field 'publishedMs'");
	dec_fail(doc, "{\"publishedMs\":\"99999999999999999999\"}", "out of range");
	dec_fail(doc, "{\"id\":5}", "field 'id': expected a string");
	dec_fail(doc, "{\"id\":[\"a\"]}", "field 'id'");
	dec_fail(doc, "{\"meta\":[]}", "field 'meta'");
	dec_fail(doc, "{\"meta\":{\"a\":\"b\",\"c\":1}}", "field 'meta[c]'");
	dec_fail(ad, "{\"textBytes\":-1}", "field 'textBytes'");
	dec_fail(ad, "{\"textBytes\":4294967296}", "out of range");
	dec_fail(ad, "{\"seq\":\"-1\"}", "field 'seq'");
	dec_fail(ad, "{\"sentiment\":5}", "field 'sentiment': expected an object");
	dec_fail(ad, "{\"sentences\":{}}", "field 'sentences': expected an array");
	dec_fail(ad, "{\"sentences\":[{\"start\":1},{\"start\":\"x\"}]}", "field 'sentences[1].start'");
	dec_fail(ad, "{\"sentences\":[{\"sentiment\":{\"compound\":\"high\"}}]}",
		 "field 'sentences[0].sentiment.compound'");
	dec_fail(ad, "{\"sentences\":[null]}", "field 'sentences[0]'");
	dec_fail(ad, "{\"sentences\":[{\"heading\":1}]}", "field 'sentences[0].heading'");
	dec_fail(ad, "{\"actors\":[{\"confidence\":1e100}]}", "field 'actors[0].confidence'");
	dec_fail(ad, "{\"tags\":[{\"label\":\"x\",\"attributes\":{\"k\":[1]}}]}",
		 "field 'tags[0].attributes[k]'");

	/* malformed JSON */
	dec_fail(doc, "{\"id\":\"a\",", "malformed JSON");
	dec_fail(doc, "{\"id\":\"a\",}", "malformed JSON");
	dec_fail(doc, "{\"id\":'a'}", "malformed JSON");
	dec_fail(doc, "{\"id\":\"a\"} x", "offset 11");
	dec_fail(doc, "", "malformed JSON");
	dec_fail(doc, "[1]", "expected a JSON object");
	dec_fail(doc, "\"a\"", "expected a JSON object");

	/* whitespace after the object is fine; len bounds the text */
	const char *t = "{\"id\":\"a\"}\n  {garbage";
	ProtobufCMessage *m = NULL;
	char err[128];
	cr_assert_eq(pbjson_decode(doc, t, 12, &m, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(((Annot__V1__Document *)m)->id, "a");
	protobuf_c_message_free_unpacked(m, NULL);

	/* errors without an error buffer do not crash */
	m = NULL;
	cr_assert_eq(pbjson_decode(doc, "{\"id\":1}", 8, &m, NULL, 0), -1);
	cr_assert_null(m);
}

Test(pbjson, empty_message_and_emit_defaults)
{
	Annot__V1__Document d = ANNOT__V1__DOCUMENT__INIT;
	char *j = pbjson_encode(&d.base, 0);
	cr_assert_str_eq(j, "{}");
	free(j);
	j = pbjson_encode(&d.base, PBJSON_PRETTY);
	cr_assert_str_eq(j, "{}");
	free(j);
	j = pbjson_encode(&d.base, PBJSON_EMIT_DEFAULTS);
	cr_assert_str_eq(j, "{\"id\":\"\",\"source\":\"\",\"title\":\"\",\"text\":\"\",\"lang\":\"\","
			    "\"publishedMs\":\"0\",\"meta\":{}}");
	free(j);

	Annot__V1__Sentence s = ANNOT__V1__SENTENCE__INIT;
	j = pbjson_encode(&s.base, PBJSON_EMIT_DEFAULTS);
	/* an unset sub-message stays out even then */
	cr_assert_str_eq(j, "{\"start\":0,\"end\":0,\"heading\":false}");
	free(j);

	Annot__V1__Actor a = ANNOT__V1__ACTOR__INIT;
	j = pbjson_encode(&a.base, PBJSON_EMIT_DEFAULTS);
	cr_assert(strstr(j, "\"kind\":\"ACTOR_KIND_UNSPECIFIED\"") != NULL, "%s", j);
	cr_assert(strstr(j, "\"confidence\":0") != NULL, "%s", j);
	free(j);

	/* a present but empty sub-message prints as {} */
	Annot__V1__Blame b = ANNOT__V1__BLAME__INIT;
	Annot__V1__Span sp = ANNOT__V1__SPAN__INIT;
	b.cue = &sp;
	j = pbjson_encode(&b.base, 0);
	cr_assert_str_eq(j, "{\"cue\":{}}");
	free(j);
}

Test(pbjson, pretty_output)
{
	Annot__V1__Tag t = ANNOT__V1__TAG__INIT;
	Annot__V1__Tag__AttributesEntry e = ANNOT__V1__TAG__ATTRIBUTES_ENTRY__INIT;
	Annot__V1__Tag__AttributesEntry *es[1] = { &e };
	t.label = "x";
	t.start = 1;
	e.key = "k";
	e.value = "v";
	t.n_attributes = 1;
	t.attributes = es;
	char *j = pbjson_encode(&t.base, PBJSON_PRETTY);
	cr_assert_str_eq(j, "{\n  \"label\": \"x\",\n  \"start\": 1,\n  \"attributes\": {\n"
			    "    \"k\": \"v\"\n  }\n}");
	free(j);
}

Test(pbjson, numbers)
{
	Annot__V1__Sentiment s = ANNOT__V1__SENTIMENT__INIT;
	s.compound = 0.1;
	s.positive = 1.0;
	s.negative = 1.0 / 3.0;
	s.neutral = -2.5e-7;
	char *j = pbjson_encode(&s.base, 0);
	cr_assert_str_eq(j, "{\"compound\":0.1,\"positive\":1,\"negative\":0.3333333333333333,"
			    "\"neutral\":-2.5e-07}");
	free(j);

	Annot__V1__Actor a = ANNOT__V1__ACTOR__INIT;
	a.confidence = 0.7f;
	j = pbjson_encode(&a.base, 0);
	cr_assert_str_eq(j, "{\"confidence\":0.7}");
	free(j);

	/* negative zero is a zero value, but keeps its sign when printed */
	Annot__V1__Sentiment z = ANNOT__V1__SENTIMENT__INIT;
	z.compound = -0.0;
	j = pbjson_encode(&z.base, 0);
	cr_assert_str_eq(j, "{}");
	free(j);
	j = pbjson_encode(&z.base, PBJSON_EMIT_DEFAULTS);
	cr_assert_str_eq(j, "{\"compound\":-0.0,\"positive\":0,\"negative\":0,\"neutral\":0}");
	Annot__V1__Sentiment *zb = (Annot__V1__Sentiment *)dec_ok(&annot__v1__sentiment__descriptor, j);
	cr_assert(zb->compound == 0 && signbit(zb->compound));
	protobuf_c_message_free_unpacked(&zb->base, NULL);
	free(j);

	s.compound = NAN;
	s.positive = INFINITY;
	s.negative = -INFINITY;
	s.neutral = 0;
	j = pbjson_encode(&s.base, 0);
	cr_assert_str_eq(j, "{\"compound\":\"NaN\",\"positive\":\"Infinity\",\"negative\":\"-Infinity\"}");
	Annot__V1__Sentiment *b = (Annot__V1__Sentiment *)dec_ok(&annot__v1__sentiment__descriptor, j);
	cr_assert(isnan(b->compound));
	cr_assert(isinf(b->positive) && b->positive > 0);
	cr_assert(isinf(b->negative) && b->negative < 0);
	protobuf_c_message_free_unpacked(&b->base, NULL);
	free(j);

	/* numbers as strings, integers for doubles, exponents */
	b = (Annot__V1__Sentiment *)dec_ok(&annot__v1__sentiment__descriptor,
		"{\"compound\":\"-0.5\",\"positive\":1,\"negative\":2E-1,\"neutral\":-0}");
	cr_assert_eq(b->compound, -0.5);
	cr_assert_eq(b->positive, 1.0);
	cr_assert_eq(b->negative, 0.2);
	protobuf_c_message_free_unpacked(&b->base, NULL);

	/* 64-bit limits, as strings and numbers */
	Annot__V1__AnnotatedDocument *d = (Annot__V1__AnnotatedDocument *)dec_ok(
		&annot__v1__annotated_document__descriptor,
		"{\"publishedMs\":-9223372036854775808,\"seq\":18446744073709551615,"
		"\"receivedMs\":\"0\",\"textBytes\":\"4294967295\"}");
	cr_assert_eq(d->published_ms, INT64_MIN);
	cr_assert_eq(d->seq, UINT64_MAX);
	cr_assert_eq(d->text_bytes, UINT32_MAX);
	j = pbjson_encode(&d->base, 0);
	cr_assert_str_eq(j, "{\"seq\":\"18446744073709551615\",\"publishedMs\":\"-9223372036854775808\","
			    "\"textBytes\":4294967295}");
	free(j);
	protobuf_c_message_free_unpacked(&d->base, NULL);
	dec_fail(&annot__v1__annotated_document__descriptor,
		 "{\"publishedMs\":\"9223372036854775808\"}", "field 'publishedMs'");
	dec_fail(&annot__v1__annotated_document__descriptor,
		 "{\"publishedMs\":9223372036854775808}", "field 'publishedMs'");
	dec_fail(&annot__v1__annotated_document__descriptor,
		 "{\"publishedMs\":\" 5\"}", "field 'publishedMs'");
}

Test(pbjson, partial_decode_failure_frees_everything)
{
	/* built-up sub-messages, strings and map entries are released when a
	 * later field fails (ASan would report a leak otherwise) */
	dec_fail(&annot__v1__annotated_document__descriptor,
		 "{\"docId\":\"a\",\"meta\":{\"a\":\"b\"},"
		 "\"tags\":[{\"label\":\"x\",\"attributes\":{\"k\":\"v\",\"j\":\"w\"}}],"
		 "\"sentences\":[{\"sentiment\":{\"compound\":0.5}},{\"sentiment\":{\"neutral\":[]}}]}",
		 "field 'sentences[1].sentiment.neutral'");
}
