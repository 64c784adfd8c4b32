/*
 * pack — a direct encoder for annot.v1.AnnotatedDocument.
 *
 * protobuf-c packs through its descriptors and, for every nested message,
 * measures the message again to write its length; on a 5 KB article that
 * cost as much as the costliest plugin.  This encoder knows the schema of
 * annotation.proto, writes in one pass into a buffer sized by bounds (a nested
 * message's length gets one byte, and the rare longer one is moved up), and produces the same
 * bytes as protobuf_c_message_pack() (fields in number order, proto3
 * defaults left out).  A unit test compares the two on documents with
 * every field set and checks that the encoder knows every field the
 * descriptors list, so a field added to the .proto cannot be forgotten
 * here.  Messages with unknown fields (never built by the pipeline) are
 * handed to protobuf-c.
 */
#ifndef ANNOT_PACK_H
#define ANNOT_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "annot/v1/annotation.pb-c.h"

/* The encoding of d in a new malloc'd buffer of *len bytes; NULL when out
 * of memory. */
uint8_t *result_pack_new(const Annot__V1__AnnotatedDocument *d, size_t *len);

/* result_pack_new() for a caller that knows the length of d->text:
 * text_len must be strlen(d->text) (0 when d->text is NULL).  The daemon
 * measured the text once, on intake. */
uint8_t *result_pack_new_len(const Annot__V1__AnnotatedDocument *d, size_t text_len, size_t *len);

/* Bytes of the encoding of d (encodes it: for tests and rare callers). */
size_t result_packed_size(const Annot__V1__AnnotatedDocument *d);

/* Encode d into out (result_packed_size(d) bytes); returns the bytes
 * written (0 when out of memory). */
size_t result_pack(const Annot__V1__AnnotatedDocument *d, uint8_t *out);

/* Field numbers the encoder writes for the message with this descriptor
 * (a 0-terminated list), or NULL for a message it does not encode. */
const unsigned *result_pack_fields(const ProtobufCMessageDescriptor *desc);

#endif
