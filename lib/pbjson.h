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
 */
#ifndef ANNOT_PBJSON_H
#define ANNOT_PBJSON_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

#define PBJSON_EMIT_DEFAULTS 0x1u  /* also print fields holding zero values */
#define PBJSON_PRETTY 0x2u         /* indent (default: one line) */

/* Encode msg as JSON.  Returns a malloc'd NUL-terminated string (no
 * trailing newline) that the caller frees, or NULL when out of memory. */
char *pbjson_encode(const ProtobufCMessage *msg, unsigned flags);

/* Decode `len` bytes of JSON text (one object) into a new message of type
 * desc.  Returns 0 and sets *out (free with protobuf_c_message_free_unpacked
 * (*out, NULL)), or -1 with a message naming the problem and the field in
 * err ("field 'publishedMs': expected an integer"). */
int pbjson_decode(const ProtobufCMessageDescriptor *desc, const char *json, size_t len,
                  ProtobufCMessage **out, char *err, size_t errlen);

#endif
