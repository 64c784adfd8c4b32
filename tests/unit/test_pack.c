/*
 * Tests for lib/pack.c: the direct AnnotatedDocument encoder must write
 * exactly what protobuf-c writes, for every field of every message.  The
 * documents are filled through the protobuf-c descriptors, so a field
 * added to annotation.proto is exercised here without editing this file.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot/v1/document.pb-c.h"
#include "arena.h"
#include "pack.h"

/* A small deterministic generator (xorshift). */
static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A string of random length (0 = the default) from a. */
static char *rnd_str(arena *a, int dense)
{
	size_t n = dense ? 1 + rnd() % 20 : rnd() % 3 ? 1 + rnd() % 300 : 0;
	if (!n) return (char *)protobuf_c_empty_string;
	char *s = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++) s[i] = (char)('a' + rnd() % 26);
	s[n] = 0;
	return s;
}

static void fill(arena *a, const ProtobufCMessageDescriptor *desc, void *msg, int depth, int dense);

/* One value of field f at p; dense: never the default. */
static void fill_value(arena *a, const ProtobufCFieldDescriptor *f, void *p, int depth, int dense)
{
	int zero = !dense && rnd() % 4 == 0;
	switch (f->type) {
	case PROTOBUF_C_TYPE_UINT32:
		*(uint32_t *)p = zero ? 0 : (uint32_t)(rnd() % 5 ? rnd() % 300 : rnd());
		break;
	case PROTOBUF_C_TYPE_UINT64:
		*(uint64_t *)p = zero ? 0 : (rnd() % 2 ? rnd() % 1000 : rnd());
		break;
	case PROTOBUF_C_TYPE_INT64:
		*(int64_t *)p = zero ? 0 : (int64_t)(rnd() % 3 == 0 ? -(int64_t)(rnd() % 100000) : (int64_t)(rnd() >> 2));
		break;
	case PROTOBUF_C_TYPE_ENUM:
		*(int *)p = zero ? 0 : (int)(1 + rnd() % 4);
		break;
	case PROTOBUF_C_TYPE_BOOL:
		*(protobuf_c_boolean *)p = zero ? 0 : 1;
		break;
	case PROTOBUF_C_TYPE_DOUBLE: {
		static const double special[] = {-0.0, 1e-300, -1.0, 0.5};
		*(double *)p = zero ? 0.0 : rnd() % 5 == 0 ? special[rnd() % 4] : (double)(int64_t)rnd() / 1e18;
		break;
	}
	case PROTOBUF_C_TYPE_FLOAT:
		*(float *)p = zero ? 0.0f : rnd() % 5 == 0 ? -0.0f : (float)(rnd() % 1000) / 999.0f;
		break;
	case PROTOBUF_C_TYPE_STRING:
		*(char **)p = zero ? (char *)protobuf_c_empty_string : rnd_str(a, dense);
		break;
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessageDescriptor *sub = f->descriptor;
		if (zero || depth > 4) {
			*(void **)p = NULL;
			break;
		}
		void *m = arena_alloc(a, sub->sizeof_message);
		sub->message_init(m);
		fill(a, sub, m, depth + 1, dense);
		*(void **)p = m;
		break;
	}
	default:
		cr_assert(0, "field %s has a type this test does not fill (%d): extend fill_value()", f->name, (int)f->type);
	}
}

/* Set every field of msg (repeated ones get 0..3 elements, dense: 2). */
static void fill(arena *a, const ProtobufCMessageDescriptor *desc, void *msg, int depth, int dense)
{
	for (unsigned i = 0; i < desc->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &desc->fields[i];
		char *base = (char *)msg;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = dense ? 2 : rnd() % 4;
			size_t size = f->type == PROTOBUF_C_TYPE_MESSAGE || f->type == PROTOBUF_C_TYPE_STRING ? sizeof(void *) : 8;
			char *arr = n ? arena_alloc(a, n * size) : NULL;
			for (size_t k = 0; k < n; k++) fill_value(a, f, arr + k * size, depth, 1);
			*(size_t *)(base + f->quantifier_offset) = n;
			*(void **)(base + f->offset) = arr;
		} else {
			fill_value(a, f, base + f->offset, depth, dense);
		}
	}
}

/* Both encoders on d: the same length and the same bytes. */
static void same_bytes(const Annot__V1__AnnotatedDocument *d, const char *what)
{
	size_t want = protobuf_c_message_get_packed_size(&d->base);
	size_t got = result_packed_size(d);
	cr_assert_eq(got, want, "%s: size %zu, protobuf-c says %zu", what, got, want);
	uint8_t *a = malloc(want + 1), *b = malloc(want + 1);
	size_t na = protobuf_c_message_pack(&d->base, a);
	size_t nb = result_pack(d, b);
	cr_assert_eq(nb, na, "%s: wrote %zu bytes, protobuf-c %zu", what, nb, na);
	cr_assert(memcmp(a, b, na) == 0, "%s: the bytes differ", what);
	free(a);
	free(b);
}

/* Every message reachable from desc is one the encoder knows, field for field. */
static void knows_every_field(const ProtobufCMessageDescriptor *desc, int depth)
{
	const unsigned *fields = result_pack_fields(desc);
	cr_assert_not_null(fields, "the encoder does not know message %s", desc->name);
	size_t n = 0;
	while (fields[n]) n++;
	cr_assert_eq(n, desc->n_fields, "message %s has %u fields, the encoder writes %zu: update lib/pack.c",
		     desc->name, desc->n_fields, n);
	for (unsigned i = 0; i < desc->n_fields; i++) {
		int found = 0;
		for (size_t k = 0; k < n; k++) found |= fields[k] == desc->fields[i].id;
		cr_assert(found, "field %s.%s (%u) is not written by lib/pack.c", desc->name,
			  desc->fields[i].name, desc->fields[i].id);
		if (desc->fields[i].type == PROTOBUF_C_TYPE_MESSAGE && depth < 6)
			knows_every_field(desc->fields[i].descriptor, depth + 1);
	}
}

Test(pack, knows_every_field_of_the_schema)
{
	knows_every_field(&annot__v1__annotated_document__descriptor, 0);
	cr_assert_null(result_pack_fields(&annot__v1__document__descriptor), "only the result is encoded here");
}

Test(pack, every_field_set_gives_protobuf_c_bytes)
{
	arena a = {0};
	rng_state = 42;
	Annot__V1__AnnotatedDocument *d = arena_alloc(&a, sizeof *d);
	annot__v1__annotated_document__init(d);
	fill(&a, &annot__v1__annotated_document__descriptor, d, 0, 1);
	cr_assert_gt(d->n_sentences, 0);
	cr_assert_neq(d->published_ms, 0);
	same_bytes(d, "dense document");
	arena_free(&a);
}

Test(pack, random_documents_with_defaults_give_protobuf_c_bytes)
{
	rng_state = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 500; i++) {
		arena a = {0};
		Annot__V1__AnnotatedDocument *d = arena_alloc(&a, sizeof *d);
		annot__v1__annotated_document__init(d);
		fill(&a, &annot__v1__annotated_document__descriptor, d, 0, 0);
		char what[64];
		snprintf(what, sizeof what, "random document %d", i);
		same_bytes(d, what);
		arena_free(&a);
	}
}

Test(pack, empty_document_is_empty)
{
	Annot__V1__AnnotatedDocument d;
	annot__v1__annotated_document__init(&d);
	cr_assert_eq(result_packed_size(&d), 0);
	same_bytes(&d, "empty document");
}

/* Found by fuzz/fuzz_text (see fuzz/README.md): a result with a sentence
 * and no annotations has NULL arrays, and the encoder's loops made their
 * end pointers as NULL + 0, undefined behaviour that clang's UBSan stops
 * on (gcc's does not check it): under `CC=clang meson setup
 * -Db_sanitize=address,undefined` this failed. */
Test(pack, no_annotations_but_a_sentence)
{
	Annot__V1__Sentence s = ANNOT__V1__SENTENCE__INIT;
	Annot__V1__Sentence *sp = &s;
	Annot__V1__AnnotatedDocument d = ANNOT__V1__ANNOTATED_DOCUMENT__INIT;
	s.end = 3;
	d.doc_id = "x";
	d.sentences = &sp;
	d.n_sentences = 1;
	d.text_bytes = 3;
	same_bytes(&d, "no annotations");
	size_t len = 0;
	uint8_t *out = result_pack_new(&d, &len);
	cr_assert_not_null(out);
	cr_assert_eq(len, protobuf_c_message_get_packed_size(&d.base));
	free(out);
}

Test(pack, unknown_fields_are_kept_through_protobuf_c)
{
	/* a document from a newer peer: field 99 (varint 7) unknown to us */
	Annot__V1__AnnotatedDocument d;
	annot__v1__annotated_document__init(&d);
	d.doc_id = "x";
	uint8_t wire[64];
	size_t n = protobuf_c_message_pack(&d.base, wire);
	wire[n++] = 0x98; /* key: field 99, varint = 792 = 0x98 0x06 */
	wire[n++] = 0x06;
	wire[n++] = 7;
	Annot__V1__AnnotatedDocument *u = annot__v1__annotated_document__unpack(NULL, n, wire);
	cr_assert_not_null(u);
	cr_assert_eq(u->base.n_unknown_fields, 1);
	uint8_t out[64];
	cr_assert_eq(result_packed_size(u), n);
	cr_assert_eq(result_pack(u, out), n);
	cr_assert(memcmp(out, wire, n) == 0, "the unknown field goes out again");
	annot__v1__annotated_document__free_unpacked(u, NULL);
}

Test(pack, long_strings_grow_the_buffer)
{
	/* the first buffer is sized from the text and the number of
	 * annotations: strings far longer than that make it grow in the middle
	 * of a message (whose length then takes three bytes) */
	arena a = {0};
	Annot__V1__AnnotatedDocument d;
	annot__v1__annotated_document__init(&d);
	d.doc_id = "long";
	size_t n = 100000;
	char *big = arena_alloc(&a, n + 1);
	memset(big, 'x', n);
	big[n] = 0;
	Annot__V1__Actor act[3], *acts[3];
	for (int i = 0; i < 3; i++) {
		annot__v1__actor__init(&act[i]);
		act[i].start = (uint32_t)(10 * i + 1);
		act[i].end = (uint32_t)(10 * i + 5);
		act[i].code = "USA";
		act[i].name = i == 1 ? big : "United States";
		act[i].sentence = 70000;
		act[i].confidence = 0.5f;
		acts[i] = &act[i];
	}
	d.actors = acts;
	d.n_actors = 3;
	Annot__V1__PluginStatus st, *sts[1] = {&st};
	annot__v1__plugin_status__init(&st);
	st.name = "actors";
	st.error = big + n - 200; /* 200 bytes: a two-byte length */
	d.plugins = sts;
	d.n_plugins = 1;
	same_bytes(&d, "long strings");
	d.text = big; /* now the first guess holds the name, and the text grows it */
	same_bytes(&d, "long strings and text");
	arena_free(&a);
}

/* Strings are measured without a call when they start on a 16-byte
 * boundary and end within 16 bytes (as a result's arena copies do), and by
 * strlen() otherwise: every length from 1 to 40 at every offset from such
 * a boundary gives protobuf-c's bytes. */
Test(pack, strings_of_every_length_and_alignment)
{
	_Alignas(16) char buf[16 * 8];
	for (size_t off = 0; off < 16; off++)
		for (size_t n = 1; n <= 40; n++) {
			memset(buf, 'y', sizeof buf); /* no NUL after the string's own */
			char *s = buf + off;
			for (size_t i = 0; i < n; i++) s[i] = (char)('a' + (i + off) % 26);
			s[n] = 0;
			Annot__V1__AnnotatedDocument d;
			annot__v1__annotated_document__init(&d);
			Annot__V1__Actor act, *acts[1] = {&act};
			annot__v1__actor__init(&act);
			act.code = s;
			act.name = s + n - 1; /* one letter, unaligned but for n = 1 at off = 0 */
			d.actors = acts;
			d.n_actors = 1;
			d.doc_id = s;
			char what[64];
			snprintf(what, sizeof what, "length %zu at offset %zu", n, off);
			same_bytes(&d, what);
		}
}

/* Short strings on a 16-byte boundary are written with one 16-byte store
 * and no room check of their own (the slack after each element's check
 * holds them): a tag of many such attributes, far more than the first
 * guess holds, grows the buffer again and again with each string at a
 * different distance from its end, and gives protobuf-c's bytes (under
 * ASan, a store past the buffer fails the test). */
Test(pack, short_strings_in_the_slack_as_the_buffer_grows)
{
	enum { N = 3000 };
	static _Alignas(16) char strs[2 * N][16];
	static Annot__V1__Tag__AttributesEntry ent[N];
	static Annot__V1__Tag__AttributesEntry *ents[N];
	for (size_t k = 0; k < N; k++) {
		for (int s = 0; s < 2; s++) {
			size_t n = 1 + (k * 7 + (size_t)s * 5) % 15; /* 1..15 */
			memset(strs[2 * k + s], 'a' + (int)(k % 26), n);
			strs[2 * k + s][n] = 0;
		}
		annot__v1__tag__attributes_entry__init(&ent[k]);
		ent[k].key = strs[2 * k];
		ent[k].value = strs[2 * k + 1];
		ents[k] = &ent[k];
	}
	Annot__V1__AnnotatedDocument d;
	annot__v1__annotated_document__init(&d);
	Annot__V1__Tag tag, *tags[1] = {&tag};
	annot__v1__tag__init(&tag);
	tag.plugin = strs[0];
	tag.label = strs[1];
	tag.attributes = ents;
	d.tags = tags;
	d.n_tags = 1;
	for (size_t n = 1; n <= N; n += n < 64 ? 1 : 97) {
		tag.n_attributes = n;
		char what[64];
		snprintf(what, sizeof what, "%zu attributes", n);
		same_bytes(&d, what);
	}
}

/* An unknown field in any nested message (a sentence, its sentiment, an
 * actor, a tone, a blame and its spans, a proposal, a tag, an attribute,
 * a plugin's status) sends the document through protobuf-c, which writes
 * it out again: each in turn gives protobuf-c's bytes. */
Test(pack, unknown_fields_of_nested_messages_are_kept)
{
	static uint8_t seven = 7;
	ProtobufCMessageUnknownField uf = {.tag = 99, .wire_type = PROTOBUF_C_WIRE_TYPE_VARINT, .len = 1, .data = &seven};
	Annot__V1__AnnotatedDocument d;
	annot__v1__annotated_document__init(&d);
	d.doc_id = "doc";
	Annot__V1__Sentiment ss, ds;
	annot__v1__sentiment__init(&ss);
	annot__v1__sentiment__init(&ds);
	ss.compound = 0.5;
	ds.compound = -0.25;
	d.sentiment = &ds;
	Annot__V1__Sentence sen, *sens[1] = {&sen};
	annot__v1__sentence__init(&sen);
	sen.start = 0;
	sen.end = 200;
	sen.sentiment = &ss;
	d.sentences = sens;
	d.n_sentences = 1;
	Annot__V1__Actor act, *acts[1] = {&act};
	annot__v1__actor__init(&act);
	act.start = 3;
	act.end = 8;
	act.code = "FRA";
	act.name = "France";
	d.actors = acts;
	d.n_actors = 1;
	Annot__V1__ActorTone tone, *tones[1] = {&tone};
	annot__v1__actor_tone__init(&tone);
	tone.code = "FRA";
	tone.tone = 0.125;
	d.actor_tones = tones;
	d.n_actor_tones = 1;
	Annot__V1__Span sp[4];
	for (int i = 0; i < 4; i++) {
		annot__v1__span__init(&sp[i]);
		sp[i].start = (uint32_t)(10 * i + 1);
		sp[i].end = (uint32_t)(10 * i + 4);
	}
	Annot__V1__Blame bl, *bls[1] = {&bl};
	annot__v1__blame__init(&bl);
	bl.blamer = "FRA";
	bl.blamed = "DEU";
	bl.issue = &sp[0];
	bl.cue = &sp[1];
	d.blames = bls;
	d.n_blames = 1;
	Annot__V1__Proposal pr, *prs[1] = {&pr};
	annot__v1__proposal__init(&pr);
	pr.proposer = "DEU";
	pr.action = &sp[2];
	pr.proposer_span = &sp[3];
	d.proposals = prs;
	d.n_proposals = 1;
	Annot__V1__Tag__AttributesEntry ent, *ents[1] = {&ent};
	annot__v1__tag__attributes_entry__init(&ent);
	ent.key = "k";
	ent.value = "v";
	Annot__V1__Tag tag, *tags[1] = {&tag};
	annot__v1__tag__init(&tag);
	tag.plugin = "p";
	tag.attributes = ents;
	tag.n_attributes = 1;
	d.tags = tags;
	d.n_tags = 1;
	Annot__V1__PluginStatus st, *sts[1] = {&st};
	annot__v1__plugin_status__init(&st);
	st.name = "actors";
	d.plugins = sts;
	d.n_plugins = 1;
	same_bytes(&d, "no unknown field");
	ProtobufCMessage *msgs[] = {&d.base, &ds.base, &sen.base, &ss.base, &act.base, &tone.base, &bl.base,
				    &sp[0].base, &sp[1].base, &pr.base, &sp[2].base, &sp[3].base, &tag.base,
				    &ent.base, &st.base};
	for (size_t i = 0; i < sizeof msgs / sizeof *msgs; i++) {
		msgs[i]->n_unknown_fields = 1;
		msgs[i]->unknown_fields = &uf;
		char what[64];
		snprintf(what, sizeof what, "an unknown field in %s", msgs[i]->descriptor->name);
		same_bytes(&d, what);
		size_t with = protobuf_c_message_get_packed_size(&d.base);
		msgs[i]->n_unknown_fields = 0;
		msgs[i]->unknown_fields = NULL;
		cr_assert_gt(with, protobuf_c_message_get_packed_size(&d.base), "%s: the field is written", what);
	}
}

/* Doubles and floats are left out exactly when they are 0.0 or -0.0, told
 * from their bits: the smallest subnormals (only the lowest bit set, with
 * or without the sign), the largest magnitudes and infinities are
 * written, as protobuf-c writes them. */
Test(pack, zero_tests_on_the_bits_of_doubles_and_floats)
{
	static const uint64_t dbits[] = {0, 0x8000000000000000ull, 1, 0x8000000000000001ull,
					 0x7fefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
					 0x0010000000000000ull, 0x4000000000000000ull};
	static const uint32_t fbits[] = {0, 0x80000000u, 1, 0x80000001u, 0x7f7fffffu, 0x7f800000u, 0x00800000u};
	for (size_t i = 0; i < sizeof dbits / sizeof *dbits; i++)
		for (size_t j = 0; j < sizeof fbits / sizeof *fbits; j++) {
			Annot__V1__AnnotatedDocument d;
			annot__v1__annotated_document__init(&d);
			Annot__V1__Sentiment snt;
			annot__v1__sentiment__init(&snt);
			memcpy(&snt.compound, &dbits[i], 8);
			memcpy(&snt.neutral, &dbits[(i + 3) % (sizeof dbits / sizeof *dbits)], 8);
			d.sentiment = &snt;
			Annot__V1__Actor act, *acts[1] = {&act};
			annot__v1__actor__init(&act);
			act.code = "ABC";
			memcpy(&act.confidence, &fbits[j], 4);
			d.actors = acts;
			d.n_actors = 1;
			char what[80];
			snprintf(what, sizeof what, "double %016llx, float %08x", (unsigned long long)dbits[i], fbits[j]);
			same_bytes(&d, what);
		}
}
