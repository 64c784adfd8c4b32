/*
 * pbjson — protobuf <-> JSON from protobuf-c descriptors (see pbjson.h).
 *
 * Encoding writes straight into a growable buffer.  Decoding parses with
 * json-c, then fills a message built with protobuf_c_message_init() whose
 * every allocation comes from malloc, so that
 * protobuf_c_message_free_unpacked(msg, NULL) releases it, also when the
 * decoder stops half-way on an error (counts and oneof cases are always
 * updated before the memory they cover is filled).
 */
#include "pbjson.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#define PBJ_MEMBER(msg, off) ((void *)((char *)(msg) + (off)))
#define PBJ_CMEMBER(msg, off) ((const void *)((const char *)(msg) + (off)))
#define PBJ_MAX_DEPTH 64

/* ------------------------------------------------------------------ */
/* Descriptor helpers shared by both directions                        */
/* ------------------------------------------------------------------ */

/* Size of one element of a repeated field of type t. */
static size_t pbj_elt_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32: case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_FLOAT:
	case PROTOBUF_C_TYPE_ENUM:
		return 4;
	case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_STRING: case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(void *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	}
	return 0;
}

/* True when field f (repeated message) is a map<>: protobuf-c turns
 * map<K,V> name = N into a repeated nested message "NameEntry" whose
 * fields are key = 1 and value = 2. */
static bool pbj_is_map(const ProtobufCFieldDescriptor *f)
{
	const ProtobufCMessageDescriptor *e;
	size_t n;

	if (f->label != PROTOBUF_C_LABEL_REPEATED || f->type != PROTOBUF_C_TYPE_MESSAGE)
		return false;
	e = f->descriptor;
	if (!e || e->n_fields != 2 || !e->name)
		return false;
	n = strlen(e->name);
	if (n < 6 || strcmp(e->name + n - 5, "Entry") != 0)
		return false;
	return e->fields[0].id == 1 && strcmp(e->fields[0].name, "key") == 0 &&
	       e->fields[1].id == 2 && strcmp(e->fields[1].name, "value") == 0 &&
	       e->fields[0].label != PROTOBUF_C_LABEL_REPEATED &&
	       e->fields[1].label != PROTOBUF_C_LABEL_REPEATED;
}

/* ------------------------------------------------------------------ */
/* Encoder                                                             */
/* ------------------------------------------------------------------ */

typedef struct {
	char *p;
	size_t len, cap;
	bool oom;
	unsigned flags;
} pbj_buf;

/* Make room for n more bytes (plus the final NUL); 0 or -1 (sets oom). */
static int pbj_reserve(pbj_buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return -1;
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

/* Append n bytes. */
static void pbj_put(pbj_buf *b, const char *s, size_t n)
{
	if (pbj_reserve(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* Append one byte. */
static inline void pbj_putc(pbj_buf *b, char c)
{
	if (b->len + 2 > b->cap && pbj_reserve(b, 1) < 0)
		return;
	b->p[b->len++] = c;
}

/* Append a NUL-terminated string. */
static void pbj_puts(pbj_buf *b, const char *s)
{
	pbj_put(b, s, strlen(s));
}

/* Newline and indentation for depth when pretty-printing. */
static void pbj_newline(pbj_buf *b, int depth)
{
	if (!(b->flags & PBJSON_PRETTY))
		return;
	if (pbj_reserve(b, 1 + 2 * (size_t)depth) < 0)
		return;
	b->p[b->len++] = '\n';
	memset(b->p + b->len, ' ', 2 * (size_t)depth);
	b->len += 2 * (size_t)depth;
}

/* Append s (n bytes) as a quoted JSON string: quotes, backslashes and
 * control characters escaped, all other bytes (UTF-8) copied as they are. */
static void pbj_string(pbj_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	pbj_putc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[6];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		pbj_put(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			pbj_put(b, u, 6);
			continue;
		}
		pbj_put(b, esc, 2);
	}
	pbj_put(b, s + run, n - run);
	pbj_putc(b, '"');
}

/* Append an unsigned decimal, quoted when quote is set. */
static void pbj_u64(pbj_buf *b, uint64_t v, bool neg, bool quote)
{
	char tmp[24];
	int i = (int)sizeof tmp;

	if (quote)
		tmp[--i] = '"';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		tmp[--i] = '-';
	if (quote)
		tmp[--i] = '"';
	pbj_put(b, tmp + i, sizeof tmp - (size_t)i);
}

/* Append a signed decimal, quoted when quote is set. */
static void pbj_i64(pbj_buf *b, int64_t v, bool quote)
{
	if (v < 0)
		pbj_u64(b, (uint64_t)0 - (uint64_t)v, true, quote);
	else
		pbj_u64(b, (uint64_t)v, false, quote);
}

/* Append a float or double (is_float: value came from a float) in the
 * shortest %g form that reads back to the same value; non-finite values
 * as the strings "NaN", "Infinity", "-Infinity". */
static void pbj_real(pbj_buf *b, double v, bool is_float)
{
	char tmp[40];
	int prec, lo = is_float ? 6 : 15, hi = is_float ? 9 : 17;

	if (isnan(v)) {
		pbj_puts(b, "\"NaN\"");
		return;
	}
	if (isinf(v)) {
		pbj_puts(b, v < 0 ? "\"-Infinity\"" : "\"Infinity\"");
		return;
	}
	if (v == 0 && signbit(v)) {  /* "-0" would read back as integer 0 */
		pbj_puts(b, "-0.0");
		return;
	}
	for (prec = lo; prec <= hi; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (prec == hi)
			break;
		if (is_float ? strtof(tmp, NULL) == (float)v : strtod(tmp, NULL) == v)
			break;
	}
	for (char *c = tmp; *c; c++)  /* locales with a decimal comma */
		if (*c == ',')
			*c = '.';
	pbj_puts(b, tmp);
}

/* Append standard base64 (with padding) of data, quoted. */
static void pbj_base64(pbj_buf *b, const uint8_t *d, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	pbj_putc(b, '"');
	if (pbj_reserve(b, (n + 2) / 3 * 4) < 0)
		return;
	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 | d[i + 2];
		char *o = b->p + b->len;
		o[0] = tab[v >> 18];
		o[1] = tab[(v >> 12) & 63];
		o[2] = tab[(v >> 6) & 63];
		o[3] = tab[v & 63];
		b->len += 4;
	}
	if (i < n) {
		uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0);
		char *o = b->p + b->len;
		o[0] = tab[v >> 18];
		o[1] = tab[(v >> 12) & 63];
		o[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		o[3] = '=';
		b->len += 4;
	}
	pbj_putc(b, '"');
}

/* Append the lowerCamelCase JSON name of proto field name, quoted, then
 * the key separator. */
static void pbj_key(pbj_buf *b, const char *name)
{
	bool up = false;

	pbj_putc(b, '"');
	for (; *name; name++) {
		if (*name == '_') {
			up = true;
			continue;
		}
		pbj_putc(b, up ? (char)toupper((unsigned char)*name) : *name);
		up = false;
	}
	pbj_put(b, (b->flags & PBJSON_PRETTY) ? "\": " : "\":", (b->flags & PBJSON_PRETTY) ? 3 : 2);
}

static void pbj_enc_message(pbj_buf *b, const ProtobufCMessage *m, int depth);

/* Append one value of field f's type stored at p (an element, not the
 * repeated array). */
static void pbj_enc_value(pbj_buf *b, const ProtobufCFieldDescriptor *f, const void *p, int depth)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
		pbj_i64(b, *(const int32_t *)p, false);
		break;
	case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32:
		pbj_u64(b, *(const uint32_t *)p, false, false);
		break;
	case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
		pbj_i64(b, *(const int64_t *)p, true);
		break;
	case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64:
		pbj_u64(b, *(const uint64_t *)p, false, true);
		break;
	case PROTOBUF_C_TYPE_FLOAT:
		pbj_real(b, *(const float *)p, true);
		break;
	case PROTOBUF_C_TYPE_DOUBLE:
		pbj_real(b, *(const double *)p, false);
		break;
	case PROTOBUF_C_TYPE_BOOL:
		pbj_puts(b, *(const protobuf_c_boolean *)p ? "true" : "false");
		break;
	case PROTOBUF_C_TYPE_ENUM: {
		int v = *(const int *)p;
		const ProtobufCEnumValue *ev =
			protobuf_c_enum_descriptor_get_value(f->descriptor, v);
		if (ev)
			pbj_string(b, ev->name, strlen(ev->name));
		else
			pbj_i64(b, v, false);  /* a number newer than our .proto */
		break;
	}
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		pbj_string(b, s ? s : "", s ? strlen(s) : 0);
		break;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *bd = p;
		pbj_base64(b, bd->data, bd->data ? bd->len : 0);
		break;
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
		if (sub)
			pbj_enc_message(b, sub, depth);
		else
			pbj_puts(b, "{}");
		break;
	}
	}
}

/* Append a map field (array of n entry messages) as a JSON object. */
static void pbj_enc_map(pbj_buf *b, const ProtobufCFieldDescriptor *f,
			ProtobufCMessage *const *entries, size_t n, int depth)
{
	const ProtobufCMessageDescriptor *ed = f->descriptor;
	const ProtobufCFieldDescriptor *kf = &ed->fields[0];
	const ProtobufCFieldDescriptor *vf = &ed->fields[1];
	bool first = true;

	pbj_putc(b, '{');
	for (size_t i = 0; i < n; i++) {
		const ProtobufCMessage *e = entries[i];
		const void *k;

		if (!e)
			continue;
		if (!first)
			pbj_putc(b, ',');
		first = false;
		pbj_newline(b, depth + 1);
		k = PBJ_CMEMBER(e, kf->offset);
		switch (kf->type) {
		case PROTOBUF_C_TYPE_STRING: {
			const char *s = *(char *const *)k;
			pbj_string(b, s ? s : "", s ? strlen(s) : 0);
			break;
		}
		case PROTOBUF_C_TYPE_BOOL:
			pbj_puts(b, *(const protobuf_c_boolean *)k ? "\"true\"" : "\"false\"");
			break;
		case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
			pbj_i64(b, *(const int32_t *)k, true);
			break;
		case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32:
			pbj_u64(b, *(const uint32_t *)k, false, true);
			break;
		default:  /* 64-bit integers are quoted anyway */
			pbj_enc_value(b, kf, k, depth + 1);
			break;
		}
		pbj_put(b, (b->flags & PBJSON_PRETTY) ? ": " : ":", (b->flags & PBJSON_PRETTY) ? 2 : 1);
		pbj_enc_value(b, vf, PBJ_CMEMBER(e, vf->offset), depth + 1);
	}
	if (!first)
		pbj_newline(b, depth);
	pbj_putc(b, '}');
}

/* True when singular field f of m holds its zero value (proto3 rules). */
static bool pbj_is_zero(const ProtobufCFieldDescriptor *f, const void *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_BOOL:
		return !*(const protobuf_c_boolean *)p;
	case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_ENUM:
		return *(const uint32_t *)p == 0;
	case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64:
		return *(const uint64_t *)p == 0;
	case PROTOBUF_C_TYPE_FLOAT:  /* == 0 as protobuf-c's packer: -0.0 too */
		return *(const float *)p == 0;
	case PROTOBUF_C_TYPE_DOUBLE:
		return *(const double *)p == 0;
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		return !s || !*s;
	}
	case PROTOBUF_C_TYPE_BYTES:
		return ((const ProtobufCBinaryData *)p)->len == 0;
	case PROTOBUF_C_TYPE_MESSAGE:
		return *(ProtobufCMessage *const *)p == NULL;
	}
	return true;
}

/* Whether field f of m is printed: 0 no, 1 yes. Mirrors protobuf-c's
 * packer (oneof case, has_ flags, proto3 zero values); with
 * PBJSON_EMIT_DEFAULTS proto3 scalars, repeated fields and maps are
 * printed even when zero/empty (unset sub-messages still are not). */
static bool pbj_present(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, unsigned flags)
{
	const void *p = PBJ_CMEMBER(m, f->offset);
	const void *q = PBJ_CMEMBER(m, f->quantifier_offset);
	bool ptr_type = f->type == PROTOBUF_C_TYPE_MESSAGE || f->type == PROTOBUF_C_TYPE_STRING;

	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return *(const size_t *)q > 0 || (flags & PBJSON_EMIT_DEFAULTS);
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
		if (*(const uint32_t *)q != f->id)
			return false;
		if (ptr_type) {
			const void *ptr = *(const void *const *)p;
			return ptr != NULL && ptr != f->default_value;
		}
		return true;
	}
	switch (f->label) {
	case PROTOBUF_C_LABEL_REQUIRED:
		return true;
	case PROTOBUF_C_LABEL_OPTIONAL:
		if (ptr_type) {
			const void *ptr = *(const void *const *)p;
			return ptr != NULL && ptr != f->default_value;
		}
		return *(const protobuf_c_boolean *)q;
	case PROTOBUF_C_LABEL_NONE:
	default:
		if (f->type == PROTOBUF_C_TYPE_MESSAGE)
			return *(ProtobufCMessage *const *)p != NULL;
		return !pbj_is_zero(f, p) || (flags & PBJSON_EMIT_DEFAULTS);
	}
}

/* Append message m as a JSON object, fields in descriptor order. */
static void pbj_enc_message(pbj_buf *b, const ProtobufCMessage *m, int depth)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	bool first = true;

	pbj_putc(b, '{');
	for (unsigned i = 0; i < d->n_fields && !b->oom; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const void *p = PBJ_CMEMBER(m, f->offset);

		if (!pbj_present(m, f, b->flags))
			continue;
		if (!first)
			pbj_putc(b, ',');
		first = false;
		pbj_newline(b, depth + 1);
		pbj_key(b, f->name);
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)PBJ_CMEMBER(m, f->quantifier_offset);
			const char *arr = *(const char *const *)p;
			size_t sz = pbj_elt_size(f->type);

			if (pbj_is_map(f)) {
				pbj_enc_map(b, f, (ProtobufCMessage *const *)arr, n, depth + 1);
				continue;
			}
			pbj_putc(b, '[');
			for (size_t j = 0; j < n; j++) {
				if (j)
					pbj_putc(b, ',');
				pbj_newline(b, depth + 2);
				pbj_enc_value(b, f, arr + j * sz, depth + 2);
			}
			if (n)
				pbj_newline(b, depth + 1);
			pbj_putc(b, ']');
		} else {
			pbj_enc_value(b, f, p, depth + 1);
		}
	}
	if (!first)
		pbj_newline(b, depth);
	pbj_putc(b, '}');
}

char *pbjson_encode(const ProtobufCMessage *msg, unsigned flags)
{
	pbj_buf b = { .flags = flags };

	if (!msg || !msg->descriptor)
		return NULL;
	if (pbj_reserve(&b, 256) < 0)
		return NULL;
	pbj_enc_message(&b, msg, 0);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	b.p[b.len] = '\0';
	return b.p;
}

/* ------------------------------------------------------------------ */
/* Decoder                                                             */
/* ------------------------------------------------------------------ */

typedef struct {
	char *err;
	size_t errlen;
	char path[512];
	size_t plen;
} pbj_dec;

/* Record an error about the field at the current path; returns -1. */
__attribute__((format(printf, 2, 3)))
static int pbj_fail(pbj_dec *d, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!d->err || !d->errlen)
		return -1;
	if (d->plen)
		snprintf(d->err, d->errlen, "field '%s': %s", d->path, msg);
	else
		snprintf(d->err, d->errlen, "%s", msg);
	return -1;
}

/* Append a path segment ("." key, or "[i]"); returns the old length to
 * give back to pbj_pop.  Over-long paths are truncated. */
__attribute__((format(printf, 2, 3)))
static size_t pbj_push(pbj_dec *d, const char *fmt, ...)
{
	size_t old = d->plen;
	va_list ap;
	int n;

	if (d->plen >= sizeof d->path - 1)
		return old;
	va_start(ap, fmt);
	n = vsnprintf(d->path + d->plen, sizeof d->path - d->plen, fmt, ap);
	va_end(ap);
	if (n > 0)
		d->plen = d->plen + (size_t)n < sizeof d->path ? d->plen + (size_t)n : sizeof d->path - 1;
	return old;
}

/* Restore the path to length old. */
static void pbj_pop(pbj_dec *d, size_t old)
{
	d->plen = old;
	d->path[old] = '\0';
}

/* Name of a JSON value's type for error messages. */
static const char *pbj_jtype(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double: case json_type_int: return "a number";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "?";
}

/* True when key names field f: proto name or its lowerCamelCase form. */
static bool pbj_key_matches(const char *key, const char *name)
{
	bool up = false;

	for (; *name; name++) {
		if (*name == '_') {
			up = true;
			continue;
		}
		if (*key++ != (up ? (char)toupper((unsigned char)*name) : *name))
			return false;
		up = false;
	}
	return *key == '\0';
}

/* Field of d named key (proto name or JSON name), or NULL. */
static const ProtobufCFieldDescriptor *pbj_find_field(const ProtobufCMessageDescriptor *d,
						      const char *key)
{
	const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, key);

	if (f)
		return f;
	for (unsigned i = 0; i < d->n_fields; i++)
		if (pbj_key_matches(key, d->fields[i].name))
			return &d->fields[i];
	return NULL;
}

/* Parse a whole string s as a decimal integer: signed into *iv or, when
 * is_unsigned, into *uv.  0, or -1 (not an integer), -2 (out of range). */
static int pbj_parse_int_str(const char *s, bool is_unsigned, int64_t *iv, uint64_t *uv)
{
	char *end;

	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	if (is_unsigned && *s == '-') {
		/* "-0" reads as 0; any other negative number is out of range */
		long long x = strtoll(s, &end, 10);
		if (end == s || *end)
			return -1;
		*uv = 0;
		return x == 0 ? 0 : -2;
	}
	if (is_unsigned)
		*uv = strtoull(s, &end, 10);
	else
		*iv = strtoll(s, &end, 10);
	if (end == s || *end)
		return -1;
	return errno == ERANGE ? -2 : 0;
}

/* Read an integer of field type t from v (number, integral float or
 * decimal string) into p, with range checks. */
static int pbj_dec_int(pbj_dec *d, ProtobufCType t, json_object *v, void *p)
{
	bool is_unsigned = t == PROTOBUF_C_TYPE_UINT32 || t == PROTOBUF_C_TYPE_FIXED32 ||
			   t == PROTOBUF_C_TYPE_UINT64 || t == PROTOBUF_C_TYPE_FIXED64;
	bool is64 = pbj_elt_size(t) == 8;
	int64_t iv = 0;
	uint64_t uv = 0;
	bool neg = false;

	switch (json_object_get_type(v)) {
	case json_type_int:
		iv = json_object_get_int64(v);
		if (iv < 0) {
			neg = true;
		} else {
			uv = json_object_get_uint64(v);
			if (uv > INT64_MAX && !is_unsigned)
				goto range;
			iv = (int64_t)uv;
		}
		break;
	case json_type_double: {
		double x = json_object_get_double(v);
		if (!isfinite(x) || x != floor(x))
			return pbj_fail(d, "expected an integer, got %s", json_object_get_string(v));
		if (x < 0) {
			if (x < -9223372036854775808.0)
				goto range;
			neg = true;
			iv = (int64_t)x;
		} else {
			if (x >= 18446744073709551616.0)
				goto range;
			uv = (uint64_t)x;
			if (!is_unsigned && uv > INT64_MAX)
				goto range;
			iv = (int64_t)uv;
		}
		break;
	}
	case json_type_string: {
		int rc = pbj_parse_int_str(json_object_get_string(v), is_unsigned, &iv, &uv);
		if (rc == -1)
			return pbj_fail(d, "expected an integer, got \"%s\"", json_object_get_string(v));
		if (rc == -2)
			goto range;
		if (!is_unsigned)
			neg = iv < 0;
		break;
	}
	default:
		return pbj_fail(d, "expected an integer, got %s", pbj_jtype(v));
	}
	if (is_unsigned && neg)
		goto range;
	if (!is_unsigned && !neg)
		uv = (uint64_t)iv;
	if (is64) {
		if (is_unsigned)
			*(uint64_t *)p = uv;
		else
			*(int64_t *)p = iv;
	} else if (is_unsigned) {
		if (uv > UINT32_MAX)
			goto range;
		*(uint32_t *)p = (uint32_t)uv;
	} else {
		if (iv < INT32_MIN || iv > INT32_MAX)
			goto range;
		*(int32_t *)p = (int32_t)iv;
	}
	return 0;
range:
	return pbj_fail(d, "integer %s out of range", json_object_get_string(v));
}

/* Read a float/double from v (number, or a string: "NaN", "Infinity",
 * "-Infinity" or a decimal) into p. */
static int pbj_dec_real(pbj_dec *d, bool is_float, json_object *v, void *p)
{
	double x;

	switch (json_object_get_type(v)) {
	case json_type_int: case json_type_double:
		x = json_object_get_double(v);
		break;
	case json_type_string: {
		const char *s = json_object_get_string(v);
		char *end;
		if (strcmp(s, "NaN") == 0) {
			x = NAN;
		} else if (strcmp(s, "Infinity") == 0) {
			x = INFINITY;
		} else if (strcmp(s, "-Infinity") == 0) {
			x = -INFINITY;
		} else {
			errno = 0;
			x = strtod(s, &end);
			if (!*s || isspace((unsigned char)*s) || *end || !isfinite(x))
				return pbj_fail(d, "expected a number, got \"%s\"", s);
		}
		break;
	}
	default:
		return pbj_fail(d, "expected a number, got %s", pbj_jtype(v));
	}
	if (is_float) {
		if (isfinite(x) && fabs(x) > FLT_MAX)
			return pbj_fail(d, "number %s out of range for float", json_object_get_string(v));
		*(float *)p = (float)x;
	} else {
		*(double *)p = x;
	}
	return 0;
}

/* Read an enum value of enum e from v (value name, name without the
 * type's prefix in any case, or number) into p. */
static int pbj_dec_enum(pbj_dec *d, const ProtobufCEnumDescriptor *e, json_object *v, void *p)
{
	const ProtobufCEnumValue *ev;
	const char *s;
	size_t n;

	if (json_object_is_type(v, json_type_int)) {
		int64_t x = json_object_get_int64(v);
		if (x < INT32_MIN || x > INT32_MAX)
			return pbj_fail(d, "enum number %s out of range", json_object_get_string(v));
		*(int *)p = (int)x;  /* proto3 enums are open: keep unknown numbers */
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return pbj_fail(d, "expected an enum name or number, got %s", pbj_jtype(v));
	s = json_object_get_string(v);
	ev = protobuf_c_enum_descriptor_get_value_by_name(e, s);
	if (!ev) {
		/* "COUNTRY" for "ACTOR_KIND_COUNTRY": a value whose name ends in
		 * "_" + s, compared without case */
		n = strlen(s);
		for (unsigned i = 0; i < e->n_values && n; i++) {
			const char *name = e->values[i].name;
			size_t m = strlen(name);
			if (m > n && name[m - n - 1] == '_' && strcasecmp(name + m - n, s) == 0) {
				ev = &e->values[i];
				break;
			}
		}
	}
	if (!ev)
		return pbj_fail(d, "unknown value \"%s\" for enum %s", s, e->name);
	*(int *)p = ev->value;
	return 0;
}

/* Value of base64 digit c (standard or URL-safe), or -1. */
static int pbj_b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+' || c == '-') return 62;
	if (c == '/' || c == '_') return 63;
	return -1;
}

/* Decode base64 string v into *bd (malloc'd data). */
static int pbj_dec_bytes(pbj_dec *d, json_object *v, ProtobufCBinaryData *bd)
{
	const unsigned char *s;
	size_t n, o = 0;
	uint32_t acc = 0;
	int bits = 0;
	uint8_t *out;

	if (!json_object_is_type(v, json_type_string))
		return pbj_fail(d, "expected a base64 string, got %s", pbj_jtype(v));
	s = (const unsigned char *)json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	while (n && s[n - 1] == '=')
		n--;
	out = malloc(n * 3 / 4 + 1);
	if (!out)
		return pbj_fail(d, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int x = pbj_b64val(s[i]);
		if (x < 0) {
			free(out);
			return pbj_fail(d, "invalid base64");
		}
		acc = acc << 6 | (uint32_t)x;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	if (bits >= 6) {
		free(out);
		return pbj_fail(d, "invalid base64 length");
	}
	bd->data = out;
	bd->len = o;
	return 0;
}

/* Copy JSON string v into a malloc'd C string *out. */
static int pbj_dec_string(pbj_dec *d, json_object *v, char **out)
{
	const char *s;
	size_t n;

	if (!json_object_is_type(v, json_type_string))
		return pbj_fail(d, "expected a string, got %s", pbj_jtype(v));
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (memchr(s, '\0', n))
		return pbj_fail(d, "string contains a NUL character");
	*out = malloc(n + 1);
	if (!*out)
		return pbj_fail(d, "out of memory");
	memcpy(*out, s, n + 1);
	return 0;
}

/* Read a scalar (not string/bytes/message) of field f from v into p. */
static int pbj_dec_scalar(pbj_dec *d, const ProtobufCFieldDescriptor *f, json_object *v, void *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_FLOAT:
		return pbj_dec_real(d, true, v, p);
	case PROTOBUF_C_TYPE_DOUBLE:
		return pbj_dec_real(d, false, v, p);
	case PROTOBUF_C_TYPE_BOOL:
		if (!json_object_is_type(v, json_type_boolean))
			return pbj_fail(d, "expected true or false, got %s", pbj_jtype(v));
		*(protobuf_c_boolean *)p = json_object_get_boolean(v) ? 1 : 0;
		return 0;
	case PROTOBUF_C_TYPE_ENUM:
		return pbj_dec_enum(d, f->descriptor, v, p);
	default:
		return pbj_dec_int(d, f->type, v, p);
	}
}

static int pbj_dec_object(pbj_dec *d, ProtobufCMessage *m, json_object *obj, int depth);

/* New initialised message of type md (malloc'd), or NULL. */
static ProtobufCMessage *pbj_new_message(const ProtobufCMessageDescriptor *md)
{
	ProtobufCMessage *m = malloc(md->sizeof_message);

	if (m)
		protobuf_c_message_init(md, m);
	return m;
}

/* Release what singular or repeated field f of m owns and reset it to
 * its initial state (for a oneof member: only when it is selected). */
static void pbj_clear_field(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	void *p = PBJ_MEMBER(m, f->offset);
	void *q = PBJ_MEMBER(m, f->quantifier_offset);

	if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && *(uint32_t *)q != f->id)
		return;
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		size_t n = *(size_t *)q;
		void *arr = *(void **)p;
		for (size_t i = 0; arr && i < n; i++) {
			if (f->type == PROTOBUF_C_TYPE_STRING)
				free(((char **)arr)[i]);
			else if (f->type == PROTOBUF_C_TYPE_BYTES)
				free(((ProtobufCBinaryData *)arr)[i].data);
			else if (f->type == PROTOBUF_C_TYPE_MESSAGE)
				protobuf_c_message_free_unpacked(((ProtobufCMessage **)arr)[i], NULL);
		}
		free(arr);
		*(void **)p = NULL;
		*(size_t *)q = 0;
		return;
	}
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING: {
		char *s = *(char **)p;
		if (s && s != f->default_value)
			free(s);
		*(char **)p = (char *)f->default_value;
		break;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		ProtobufCBinaryData *bd = p;
		const ProtobufCBinaryData *def = f->default_value;
		if (bd->data && (!def || def->data != bd->data))
			free(bd->data);
		bd->data = def ? def->data : NULL;
		bd->len = def ? def->len : 0;
		break;
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		ProtobufCMessage *sub = *(ProtobufCMessage **)p;
		if (sub && sub != f->default_value)
			protobuf_c_message_free_unpacked(sub, NULL);
		*(ProtobufCMessage **)p = NULL;
		break;
	}
	default:
		break;
	}
}

/* Decode v into singular field f of m (the value of a map entry too). */
static int pbj_dec_singular(pbj_dec *d, ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
			    json_object *v, int depth)
{
	void *p = PBJ_MEMBER(m, f->offset);
	void *q = PBJ_MEMBER(m, f->quantifier_offset);

	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
		uint32_t cur = *(uint32_t *)q;
		if (cur && cur != f->id) {
			const ProtobufCFieldDescriptor *o =
				protobuf_c_message_descriptor_get_field(m->descriptor, cur);
			return pbj_fail(d, "only one field of a oneof may be set (also got '%s')",
					o ? o->name : "?");
		}
		pbj_clear_field(m, f);
		*(uint32_t *)q = f->id;  /* before filling, so free_unpacked sees it */
	} else {
		pbj_clear_field(m, f);
		if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type != PROTOBUF_C_TYPE_STRING &&
		    f->type != PROTOBUF_C_TYPE_MESSAGE)
			*(protobuf_c_boolean *)q = 1;
	}
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE: {
		ProtobufCMessage *sub;
		if (!json_object_is_type(v, json_type_object))
			return pbj_fail(d, "expected an object, got %s", pbj_jtype(v));
		sub = pbj_new_message(f->descriptor);
		if (!sub)
			return pbj_fail(d, "out of memory");
		*(ProtobufCMessage **)p = sub;
		return pbj_dec_object(d, sub, v, depth + 1);
	}
	case PROTOBUF_C_TYPE_STRING:
		return pbj_dec_string(d, v, (char **)p);
	case PROTOBUF_C_TYPE_BYTES:
		return pbj_dec_bytes(d, v, p);
	default:
		return pbj_dec_scalar(d, f, v, p);
	}
}

/* Decode JSON array v into repeated (non-map) field f of m. */
static int pbj_dec_repeated(pbj_dec *d, ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
			    json_object *v, int depth)
{
	size_t *count = PBJ_MEMBER(m, f->quantifier_offset);
	void **arrp = PBJ_MEMBER(m, f->offset);
	size_t n, sz = pbj_elt_size(f->type);
	char *arr;

	if (!json_object_is_type(v, json_type_array))
		return pbj_fail(d, "expected an array, got %s", pbj_jtype(v));
	pbj_clear_field(m, f);
	n = json_object_array_length(v);
	if (!n)
		return 0;
	arr = calloc(n, sz);
	if (!arr)
		return pbj_fail(d, "out of memory");
	*arrp = arr;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);
		void *p = arr + i * sz;
		size_t old = pbj_push(d, "[%zu]", i);
		int rc;

		if (!e) {
			rc = pbj_fail(d, "null is not allowed in an array");
		} else if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
			ProtobufCMessage *sub;
			if (!json_object_is_type(e, json_type_object)) {
				rc = pbj_fail(d, "expected an object, got %s", pbj_jtype(e));
			} else if (!(sub = pbj_new_message(f->descriptor))) {
				rc = pbj_fail(d, "out of memory");
			} else {
				*(ProtobufCMessage **)p = sub;
				(*count)++;
				rc = pbj_dec_object(d, sub, e, depth + 1);
			}
		} else if (f->type == PROTOBUF_C_TYPE_STRING) {
			rc = pbj_dec_string(d, e, (char **)p);
			if (!rc)
				(*count)++;
		} else if (f->type == PROTOBUF_C_TYPE_BYTES) {
			rc = pbj_dec_bytes(d, e, p);
			if (!rc)
				(*count)++;
		} else {
			rc = pbj_dec_scalar(d, f, e, p);
			(*count)++;
		}
		if (rc)
			return rc;
		pbj_pop(d, old);
	}
	return 0;
}

/* Set map key field kf of entry e from JSON object key s. */
static int pbj_dec_map_key(pbj_dec *d, ProtobufCMessage *e, const ProtobufCFieldDescriptor *kf,
			   const char *s)
{
	void *p = PBJ_MEMBER(e, kf->offset);
	int rc;

	switch (kf->type) {
	case PROTOBUF_C_TYPE_STRING: {
		size_t n = strlen(s);
		char *c = malloc(n + 1);
		if (!c)
			return pbj_fail(d, "out of memory");
		memcpy(c, s, n + 1);
		*(char **)p = c;
		return 0;
	}
	case PROTOBUF_C_TYPE_BOOL:
		if (strcmp(s, "true") && strcmp(s, "false"))
			return pbj_fail(d, "map key must be \"true\" or \"false\"");
		*(protobuf_c_boolean *)p = s[0] == 't';
		return 0;
	default: {
		json_object *k = json_object_new_string(s);
		if (!k)
			return pbj_fail(d, "out of memory");
		rc = pbj_dec_int(d, kf->type, k, p);
		json_object_put(k);
		return rc;
	}
	}
}

/* Decode JSON object v into map field f of m (repeated entry messages). */
static int pbj_dec_map(pbj_dec *d, ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
		       json_object *v, int depth)
{
	const ProtobufCMessageDescriptor *ed = f->descriptor;
	size_t *count = PBJ_MEMBER(m, f->quantifier_offset);
	ProtobufCMessage ***arrp = PBJ_MEMBER(m, f->offset);
	size_t n;

	if (!json_object_is_type(v, json_type_object))
		return pbj_fail(d, "expected an object (map), got %s", pbj_jtype(v));
	pbj_clear_field(m, f);
	n = (size_t)json_object_object_length(v);
	if (!n)
		return 0;
	*arrp = calloc(n, sizeof(ProtobufCMessage *));
	if (!*arrp)
		return pbj_fail(d, "out of memory");
	json_object_object_foreach(v, key, val) {
		ProtobufCMessage *e = pbj_new_message(ed);
		size_t old = pbj_push(d, "[%s]", key);
		int rc;

		if (!e)
			return pbj_fail(d, "out of memory");
		(*arrp)[(*count)++] = e;
		rc = pbj_dec_map_key(d, e, &ed->fields[0], key);
		if (!rc && val)
			rc = pbj_dec_singular(d, e, &ed->fields[1], val, depth + 1);
		if (rc)
			return rc;
		pbj_pop(d, old);
	}
	return 0;
}

/* True when the JSON text s holds the escape \u0000.  json-c cuts an
 * object key at it without a word, so the key "text\u0000x" would read as
 * "text" (a string value keeps its length, and pbj_dec_string() refuses
 * the NUL).  "\\u0000" (an escaped backslash, then "u0000") is no
 * escape: the backslashes before the "u" must be odd in number. */
static bool pbj_has_nul_escape(const char *s, size_t len)
{
	const char *end = s + len;
	for (const char *p = s; (p = memmem(p, (size_t)(end - p), "\\u0000", 6)); p++) {
		size_t bs = 1;
		while ((size_t)(p - s) >= bs && p[-(ptrdiff_t)bs] == '\\')
			bs++;
		if (bs & 1)
			return true;
	}
	return false;
}

/* Fill message m from JSON object obj; unknown keys are skipped, null
 * values leave the field at its default. */
static int pbj_dec_object(pbj_dec *d, ProtobufCMessage *m, json_object *obj, int depth)
{
	if (depth > PBJ_MAX_DEPTH)
		return pbj_fail(d, "nested too deeply");
	json_object_object_foreach(obj, key, val) {
		const ProtobufCFieldDescriptor *f = pbj_find_field(m->descriptor, key);
		size_t old;
		int rc;

		if (!f || !val)
			continue;
		old = pbj_push(d, d->plen ? ".%s" : "%s", key);
		if (f->label != PROTOBUF_C_LABEL_REPEATED)
			rc = pbj_dec_singular(d, m, f, val, depth);
		else if (pbj_is_map(f))
			rc = pbj_dec_map(d, m, f, val, depth);
		else
			rc = pbj_dec_repeated(d, m, f, val, depth);
		if (rc)
			return rc;
		pbj_pop(d, old);
	}
	return 0;
}

int pbjson_decode(const ProtobufCMessageDescriptor *desc, const char *json, size_t len,
		  ProtobufCMessage **out, char *err, size_t errlen)
{
	pbj_dec d = { .err = err, .errlen = errlen };
	json_tokener *tok = NULL;
	json_object *root = NULL;
	ProtobufCMessage *m = NULL;
	size_t end;

	if (out)
		*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!desc || !out || (!json && len)) {
		pbj_fail(&d, "invalid arguments");
		goto err;
	}
	if (len > INT_MAX) {
		pbj_fail(&d, "JSON text too large");
		goto err;
	}
	tok = json_tokener_new_ex(PBJ_MAX_DEPTH);
	if (!tok) {
		pbj_fail(&d, "out of memory");
		goto err;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, json ? json : "", (int)len);
	if (!root) {
		enum json_tokener_error je = json_tokener_get_error(tok);
		if (je == json_tokener_continue || je == json_tokener_success)
			pbj_fail(&d, "malformed JSON: unexpected end of input");
		else
			pbj_fail(&d, "malformed JSON at offset %zu: %s",
				 json_tokener_get_parse_end(tok), json_tokener_error_desc(je));
		goto err;
	}
	for (end = json_tokener_get_parse_end(tok); end < len; end++) {
		char c = json[end];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\0') {
			pbj_fail(&d, "malformed JSON: trailing data at offset %zu", end);
			goto err;
		}
	}
	if (!json_object_is_type(root, json_type_object)) {
		pbj_fail(&d, "expected a JSON object, got %s", pbj_jtype(root));
		goto err;
	}
	m = pbj_new_message(desc);
	if (!m) {
		pbj_fail(&d, "out of memory");
		goto err;
	}
	if (pbj_dec_object(&d, m, root, 0) < 0)
		goto err;
	if (json && pbj_has_nul_escape(json, len)) {
		/* not in a known field's string: that failed above, with its path */
		pbj_fail(&d, "a key or an unknown field holds a NUL character (\\u0000)");
		goto err;
	}
	json_object_put(root);
	json_tokener_free(tok);
	*out = m;
	return 0;
err:
	if (m)
		protobuf_c_message_free_unpacked(m, NULL);
	if (root)
		json_object_put(root);
	if (tok)
		json_tokener_free(tok);
	return -1;
}
