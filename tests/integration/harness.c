#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static void *term_ctx(void *ctx)
{
    zmq_ctx_term(ctx);
    return NULL;
}

static const char *annotd_path(void)
{
    const char *p = getenv("ANNOTD");
    return p ? p : "build/daemon/annotd";
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int daemon_write_config(daemon_proc *d, const char *extra)
{
    FILE *f = fopen(d->cfg_path, "w");
    if (!f) return -1;
    fprintf(f, "[daemon]\ninput = %s\nsubmit = %s\npublish = %s\npublish_hwm = 0\nlinger_ms = 5000\n",
            d->input, d->submit, d->publish);
    if (extra) fputs(extra, f);
    fputc('\n', f);
    fclose(f);
    return 0;
}

int daemon_start(daemon_proc *d, const char *extra)
{
    memset(d, 0, sizeof *d);
    snprintf(d->dir, sizeof d->dir, "/tmp/annotd-test-XXXXXX");
    if (!mkdtemp(d->dir)) return -1;
    snprintf(d->input, sizeof d->input, "ipc://%s/input", d->dir);
    snprintf(d->submit, sizeof d->submit, "ipc://%s/submit", d->dir);
    snprintf(d->publish, sizeof d->publish, "ipc://%s/publish", d->dir);
    snprintf(d->cfg_path, sizeof d->cfg_path, "%s/annotd.ini", d->dir);
    snprintf(d->log_path, sizeof d->log_path, "%s/annotd.log", d->dir);
    if (daemon_write_config(d, extra)) return -1;
    d->zctx = zmq_ctx_new();
    d->pid = fork();
    if (d->pid < 0) return -1;
    if (d->pid == 0) {
        int fd = open(d->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        dup2(fd, 1);
        execl(annotd_path(), "annotd", "-c", d->cfg_path, (char *)NULL);
        _exit(127);
    }
    char sock[320];
    snprintf(sock, sizeof sock, "%s/publish", d->dir);
    for (int i = 0; i < 1000; i++) {
        struct stat st;
        if (stat(sock, &st) == 0) return 0;
        if (daemon_exited(d)) return -1;
        sleep_ms(10);
    }
    return -1;
}

int daemon_signal(daemon_proc *d, int sig) { return d->pid > 0 ? kill(d->pid, sig) : -1; }

int daemon_exited(daemon_proc *d)
{
    if (d->pid <= 0) return 1;
    int st;
    pid_t r = waitpid(d->pid, &st, WNOHANG);
    if (r == d->pid) {
        d->exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        d->pid = 0;
        return 1;
    }
    return 0;
}

int daemon_wait(daemon_proc *d, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 10) {
        if (daemon_exited(d)) return d->exit_status;
        sleep_ms(10);
    }
    kill(d->pid, SIGKILL);
    waitpid(d->pid, NULL, 0);
    d->pid = 0;
    return -1;
}

void daemon_cleanup(daemon_proc *d)
{
    if (d->pid > 0) {
        kill(d->pid, SIGKILL);
        waitpid(d->pid, NULL, 0);
        d->pid = 0;
    }
    if (d->zctx) {
        /* A test that failed half-way never closed its sockets, and
         * zmq_ctx_term() waits for them for ever: the test was then
         * reported a second time, as timed out, two minutes later.  Give
         * the context two seconds, then leave it to the process's exit. */
        pthread_t t;
        if (pthread_create(&t, NULL, term_ctx, d->zctx) == 0) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 2;
            if (pthread_timedjoin_np(t, NULL, &until) != 0) pthread_detach(t);
        }
        d->zctx = NULL;
    }
    if (*d->dir) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->dir);
        if (system(cmd) != 0) { /* best effort */ }
    }
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return strdup("");
    size_t cap = 4096, len = 0;
    char *b = malloc(cap);
    size_t n;
    while ((n = fread(b + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) b = realloc(b, cap *= 2);
    }
    b[len] = 0;
    fclose(f);
    return b;
}

char *daemon_log(const daemon_proc *d) { return read_all(d->log_path); }

/* Run exe as `name` with argv[1..], standard input /dev/null, standard
 * output to out_path (NULL: with stderr); see run_annotd(). */
static int run_program(const char *exe, const char *name, const char *const *argv, const char *out_path, char **out)
{
    char path[] = "/tmp/annot-run-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int o = out_path ? open(out_path, O_WRONLY) : fd;
        if (in < 0 || o < 0) _exit(126);
        dup2(in, 0);
        dup2(o, 1);
        dup2(fd, 2);
        int n = 0;
        while (argv[n]) n++;
        char **args = calloc((size_t)n + 1, sizeof *args);
        if (!args) _exit(126);
        args[0] = (char *)name;
        for (int i = 1; i < n; i++) args[i] = (char *)argv[i];
        execv(exe, args);
        _exit(127);
    }
    close(fd);
    int st = 0;
    waitpid(pid, &st, 0);
    *out = read_all(path);
    unlink(path);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int run_annotd(const char *const *argv, char **out) { return run_program(annotd_path(), "annotd", argv, NULL, out); }

int run_annot(const char *const *argv, const char *out_path, char **out)
{
    const char *annot = getenv("ANNOT");
    return run_program(annot ? annot : "build/clients/annot", "annot", argv, out_path, out);
}

const char *write_temp_file(daemon_proc *d, const char *name, const char *content)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", d->dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(content, f);
        fclose(f);
    }
    return path;
}

static void *connect_sock(daemon_proc *d, int type, const char *ep)
{
    void *s = zmq_socket(d->zctx, type);
    int linger = 0, hwm = 0;
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(s, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_connect(s, ep);
    return s;
}

void *sub_connect(daemon_proc *d, const char *topic)
{
    void *s = connect_sock(d, ZMQ_SUB, d->publish);
    zmq_setsockopt(s, ZMQ_SUBSCRIBE, topic, strlen(topic));
    sleep_ms(300); /* let the subscription reach the PUB socket */
    return s;
}

void *dealer_connect(daemon_proc *d) { return connect_sock(d, ZMQ_DEALER, d->submit); }
void *push_connect(daemon_proc *d) { return connect_sock(d, ZMQ_PUSH, d->input); }

int send_raw(void *sock, const void *data, size_t len) { return zmq_send(sock, data, len, 0) < 0 ? -1 : 0; }

int send_doc(void *sock, const char *id, const char *source, const char *text)
{
    Annot__V1__Document d = ANNOT__V1__DOCUMENT__INIT;
    d.id = (char *)(id ? id : "");
    d.source = (char *)(source ? source : "");
    d.text = (char *)(text ? text : "");
    size_t n = annot__v1__document__get_packed_size(&d);
    uint8_t *b = malloc(n + 1);
    annot__v1__document__pack(&d, b);
    int rc = send_raw(sock, b, n);
    free(b);
    return rc;
}

int send_numbered(void *sock, const char *prefix, int n, const char *text)
{
    for (int i = 0; i < n; i++) {
        char id[64];
        snprintf(id, sizeof id, "%s-%d", prefix, i);
        if (send_doc(sock, id, prefix, text)) return -1;
    }
    return 0;
}

Annot__V1__SubmitReply *recv_reply(void *dealer, int timeout_ms)
{
    zmq_pollitem_t it = {dealer, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&it, 1, timeout_ms) <= 0) return NULL;
    zmq_msg_t m;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, dealer, 0) < 0) return NULL;
    Annot__V1__SubmitReply *r = annot__v1__submit_reply__unpack(NULL, zmq_msg_size(&m), zmq_msg_data(&m));
    zmq_msg_close(&m);
    return r;
}

int recv_pub(void *sub, char *topic, size_t tlen, Annot__V1__AnnotatedDocument **doc,
             Annot__V1__ErrorEvent **err, int timeout_ms)
{
    if (doc) *doc = NULL;
    if (err) *err = NULL;
    zmq_pollitem_t it = {sub, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&it, 1, timeout_ms) <= 0) return -1;
    zmq_msg_t t, p;
    zmq_msg_init(&t);
    zmq_msg_init(&p);
    zmq_msg_recv(&t, sub, 0);
    zmq_msg_recv(&p, sub, 0);
    size_t n = zmq_msg_size(&t) < tlen - 1 ? zmq_msg_size(&t) : tlen - 1;
    memcpy(topic, zmq_msg_data(&t), n);
    topic[n] = 0;
    if (!strncmp(topic, "doc.", 4) && doc)
        *doc = annot__v1__annotated_document__unpack(NULL, zmq_msg_size(&p), zmq_msg_data(&p));
    else if (!strncmp(topic, "error.", 6) && err)
        *err = annot__v1__error_event__unpack(NULL, zmq_msg_size(&p), zmq_msg_data(&p));
    zmq_msg_close(&t);
    zmq_msg_close(&p);
    return 0;
}

const Annot__V1__Tag *find_tag(const Annot__V1__AnnotatedDocument *d, const char *label)
{
    for (size_t i = 0; i < d->n_tags; i++)
        if (!strcmp(d->tags[i]->label, label)) return d->tags[i];
    return NULL;
}
