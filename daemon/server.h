/*
 * server — the libuv loop that owns every ZeroMQ socket.
 *
 *   input   PULL    documents in, no reply; bad ones become error events
 *   submit  ROUTER  documents in, one SubmitReply each
 *   publish PUB     two frames: topic ("doc.<source>" / "error.<source>"),
 *                   then an AnnotatedDocument or ErrorEvent
 *
 * Accepted documents get consecutive sequence numbers and are published
 * in that order.  At most max_inflight documents are inside; at the limit
 * the server stops reading and ZeroMQ's high-water marks push back on the
 * producers.  SIGTERM/SIGINT drain and stop; SIGHUP reloads.
 */
#ifndef ANNOTD_SERVER_H
#define ANNOTD_SERVER_H

#include <stdint.h>

#include "config.h"
#include "pipeline.h"

typedef struct server server;

/* Counters, for logs and tests. */
typedef struct server_stats {
    uint64_t received;     /* messages read from input and submit */
    uint64_t accepted;
    uint64_t rejected;
    uint64_t published;    /* documents published */
    uint64_t errors_published;
    uint64_t plugin_failures;
    uint64_t reloads;
    uint64_t reload_failures;
    uint64_t slow_plugin_warnings;
} server_stats;

/* Create the server: bind the endpoints of cfg and start the workers.
 * Takes ownership of cfg and pipe.  config_path (may be NULL) is what
 * SIGHUP re-reads.  Returns 0, or -1 with a message in err. */
int server_new(server **out, config *cfg, pipeline *pipe, const char *config_path, char *err,
               size_t errlen);
/* Run until drained after SIGTERM/SIGINT.  Returns the exit status. */
int server_run(server *s);
const server_stats *server_get_stats(const server *s);
void server_free(server **s);

#endif
