/*
 * harness — start the real annotd on ipc:// endpoints in a temporary
 * folder and talk to it over ZeroMQ like a user's client.
 */
#ifndef ANNOT_TEST_HARNESS_H
#define ANNOT_TEST_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include "annot/v1/annotation.pb-c.h"
#include "annot/v1/document.pb-c.h"
#include "annot/v1/submit.pb-c.h"

typedef struct daemon_proc {
    pid_t pid;
    char dir[256];
    char input[300], submit[300], publish[300];
    char cfg_path[300], log_path[300];
    void *zctx;
    int exit_status;
} daemon_proc;

/* Make a temp dir, write a config (ipc endpoints, publish_hwm = 0, then
 * `extra` appended under [daemon] unless it starts a section), start
 * annotd and wait until its publish endpoint exists. 0 or -1. */
int daemon_start(daemon_proc *d, const char *extra);
/* Rewrite the config file with new extra text. */
int daemon_write_config(daemon_proc *d, const char *extra);
int daemon_signal(daemon_proc *d, int sig);
/* Wait for the daemon to exit; returns its exit status, or -1 when it
 * did not exit within timeout_ms (then it is killed). */
int daemon_wait(daemon_proc *d, int timeout_ms);
/* Non-blocking: 1 when the daemon has exited. */
int daemon_exited(daemon_proc *d);
/* Stop (SIGKILL if still running), close sockets' context, remove the dir. */
void daemon_cleanup(daemon_proc *d);
/* The daemon's log so far (malloc'd). */
char *daemon_log(const daemon_proc *d);

/* Run annotd with argv (argv[0] ignored) and capture its output; returns
 * the exit status; *out is malloc'd. */
int run_annotd(const char *const *argv, char **out);
/* Run the annot command line with argv (argv[0] ignored), standard input
 * /dev/null and standard output to out_path (NULL: with stderr); returns
 * the exit status; *out is malloc'd: what it wrote on stderr (and stdout
 * when out_path is NULL). */
int run_annot(const char *const *argv, const char *out_path, char **out);
/* Write a file in the daemon's temp dir; returns its path (static buf). */
const char *write_temp_file(daemon_proc *d, const char *name, const char *content);

/* Sockets connected to the daemon. */
void *sub_connect(daemon_proc *d, const char *topic);
void *dealer_connect(daemon_proc *d);
void *push_connect(daemon_proc *d);

/* Pack a document and send it (one frame). */
int send_doc(void *sock, const char *id, const char *source, const char *text);
/* Send n documents with the same text, ids "PREFIX-0" .. "PREFIX-(n-1)",
 * source PREFIX.  0, or -1 at the first that fails. */
int send_numbered(void *sock, const char *prefix, int n, const char *text);
/* Send raw bytes as one frame. */
int send_raw(void *sock, const void *data, size_t len);
/* Receive a submit reply (NULL on timeout); free with
 * annot__v1__submit_reply__free_unpacked(r, NULL). */
Annot__V1__SubmitReply *recv_reply(void *dealer, int timeout_ms);
/* Receive one published message: topic into `topic`; returns the payload
 * decoded as an AnnotatedDocument (topic doc.*) or ErrorEvent (error.*)
 * in *doc / *err; 0, or -1 on timeout. */
int recv_pub(void *sub, char *topic, size_t tlen, Annot__V1__AnnotatedDocument **doc,
             Annot__V1__ErrorEvent **err, int timeout_ms);

/* Find a tag by label, or NULL. */
const Annot__V1__Tag *find_tag(const Annot__V1__AnnotatedDocument *d, const char *label);

#endif
