/*
 * fuzz_pbjson — the bytes as one JSON line of `annot tag` or `annot send`:
 * pbjson_decode() into an annot.v1.Document (what both read), and into an
 * AnnotatedDocument (every field type and map of the schema).  A message
 * that decodes is encoded again, both plain and with defaults and
 * indentation, and the encoding must decode to a message that encodes to
 * the same text: the codec's round trip.
 *
 * pbjson_decode() reads exactly len bytes with no NUL after them, so the
 * fuzzer's buffer is passed as it is: a read past it is caught.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot/v1/annotation.pb-c.h"
#include "annot/v1/document.pb-c.h"
#include "pbjson.h"

static void round_trip(const ProtobufCMessageDescriptor *desc, const uint8_t *data, size_t size)
{
    char err[512];
    ProtobufCMessage *m = NULL;
    if (pbjson_decode(desc, (const char *)data, size, &m, err, sizeof err)) return;
    static const unsigned flag_sets[] = {0, PBJSON_EMIT_DEFAULTS | PBJSON_PRETTY};
    for (size_t k = 0; k < sizeof flag_sets / sizeof *flag_sets; k++) {
        char *json = pbjson_encode(m, flag_sets[k]);
        if (!json) abort();
        ProtobufCMessage *again = NULL;
        if (pbjson_decode(desc, json, strlen(json), &again, err, sizeof err)) {
            fprintf(stderr, "fuzz: %s encoded as\n%s\ndoes not decode: %s\n", desc->name, json, err);
            abort();
        }
        char *json2 = pbjson_encode(again, flag_sets[k]);
        if (!json2 || strcmp(json, json2) != 0) {
            fprintf(stderr, "fuzz: %s round trip differs:\n%s\n%s\n", desc->name, json, json2 ? json2 : "(null)");
            abort();
        }
        /* the binary encoding of what JSON gave must decode too */
        size_t n = protobuf_c_message_get_packed_size(again);
        uint8_t *bin = malloc(n ? n : 1);
        if (!bin) abort();
        protobuf_c_message_pack(again, bin);
        ProtobufCMessage *back = protobuf_c_message_unpack(desc, NULL, n, bin);
        if (!back) {
            fprintf(stderr, "fuzz: %s from JSON does not survive protobuf-c\n", desc->name);
            abort();
        }
        protobuf_c_message_free_unpacked(back, NULL);
        free(bin);
        free(json2);
        protobuf_c_message_free_unpacked(again, NULL);
        free(json);
    }
    protobuf_c_message_free_unpacked(m, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    round_trip(&annot__v1__document__descriptor, data, size);
    round_trip(&annot__v1__annotated_document__descriptor, data, size);
    return 0;
}
