/*
 * pbjson — protobuf <-> JSON, generically, from protobuf-c descriptors.
 *
 * Implements the proto3 canonical JSON mapping, so a new .proto field
 * needs no new JSON code:
 *   - field names in lowerCamelCase (json_name derived from the proto name:
 *     "doc_id" -> "docId"); the decoder also accepts the proto name;
 *   - 64-bit integers as strings ("42"); 32-bit as numbers; float/double as
 *     numbers (NaN/Infinity as "NaN"/"Infinity"/"-Infinity");
 *   - enums by value name ("ACTOR_KIND_COUNTRY"); the decoder also accepts
 *     the name without its type prefix ("COUNTRY") and the number;
 *   - bytes as base64; map<K,V> as a JSON object; repeated as arrays;
 *   - by default, fields with their zero value are left out (proto3).
 * Unknown JSON keys are ignored when decoding (newer clients, older daemon).
 *
 * Details of this implementation:
 *   - encoding prints fields in .proto order; doubles in the shortest of
 *     %.15g/%.16g/%.17g that reads back exactly (floats: %.6g..%.9g), so
 *     0.1 prints as 0.1; an enum number with no name prints as a number;
 *     strings are copied as they are (UTF-8 is not checked) with '"', '\'
 *     and control characters escaped;
 *   - maps are recognised as protobuf-c shows them: a repeated nested
 *     message "<Name>Entry" with fields key = 1 and value = 2;
 *   - PBJSON_EMIT_DEFAULTS prints zero proto3 scalars, empty repeated
 *     fields ([]) and maps ({}); unset sub-messages and unset proto2/proto3
 *     `optional` fields stay out (they have presence);
 *   - decoding is strict JSON (json-c, strict mode): one object, then only
 *     whitespace; a null value leaves the field at its default; when a
 *     field comes twice (say "docId" and "doc_id") the last one wins;
 *     integers may be numbers, integral floats (1e3) or decimal strings
 *     and are range-checked; enum names without their prefix match in any
 *     case ("country"); strings holding U+0000 are refused (C strings);
 *     setting two members of one oneof is an error;
 *   - error paths name nested fields as written in the JSON, e.g.
 *     "field 'sentences[1].sentiment.compound': expected a number, got ...",
 *     map values as "meta[url]".
 * Both functions keep no state: safe from several threads at once.
 */
#ifndef ANNOT_PBJSON_H
#define ANNOT_PBJSON_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

#define PBJSON_EMIT_DEFAULTS 0x1u  /* also print fields holding zero values */
#define PBJSON_PRETTY 0x2u         /* indent (default: one line) */

/* Encode msg as JSON (flags: PBJSON_*).  Returns a malloc'd NUL-terminated
 * string (no trailing newline) that the caller frees, or NULL when out of
 * memory (or msg is NULL). */
char *pbjson_encode(const ProtobufCMessage *msg, unsigned flags);

/* Decode `len` bytes of JSON text (one object) into a new message of type
 * desc.  Returns 0 and sets *out (free with protobuf_c_message_free_unpacked
 * (*out, NULL)), or -1 with *out = NULL and a message naming the problem
 * and the field in err ("field 'publishedMs': expected an integer, got
 * \"abc\"").  err may be NULL when errlen is 0.  The text needs no NUL
 * terminator: exactly len bytes are read. */
int pbjson_decode(const ProtobufCMessageDescriptor *desc, const char *json, size_t len,
                  ProtobufCMessage **out, char *err, size_t errlen);

#endif
