// The C interfaces Swift's Glibc module does not export: epoll, eventfd, accept4, the SIOCOUTQ
// ioctl, naming a thread and its kernel id, malloc's arena limit, libsqlite3, and OpenSSL 3's
// libssl for the webhook client's TLS.
#ifndef REDRESS_CSYSTEM_SHIM_H
#define REDRESS_CSYSTEM_SHIM_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <malloc.h>
#include <sqlite3.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

// accept4(2) is declared only under _GNU_SOURCE, which Swift's Glibc module is built without.
int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

// Bytes of a TCP socket's send queue the peer has not acknowledged yet (SIOCOUTQ), or -1;
// a variadic ioctl(2) Swift cannot call directly.
static inline int csystem_unacknowledged_bytes(int fd) {
    int count = 0;
    return ioctl(fd, SIOCOUTQ, &count) == 0 ? count : -1;
}

// The kernel's id of the calling thread, as /proc/self/task names it; syscall(2) is variadic.
static inline pid_t csystem_thread_id(void) {
    return (pid_t)syscall(SYS_gettid);
}

// Names the calling thread for the system (at most 15 bytes are kept); prctl(2) is variadic.
static inline void csystem_name_this_thread(const char *name) {
    prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

// Caps how many malloc arenas glibc creates (mallopt(3) M_ARENA_MAX); whether it took.
static inline int csystem_limit_malloc_arenas(int count) {
    return mallopt(M_ARENA_MAX, count);
}

// sqlite3_bind_text's destructor argument SQLITE_TRANSIENT is a macro cast of -1 to a
// function pointer, which Swift cannot import; these wrappers pass it on its behalf.
static inline int csystem_sqlite3_bind_text_transient(sqlite3_stmt *stmt, int index,
                                                      const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}

static inline int csystem_sqlite3_bind_blob_transient(sqlite3_stmt *stmt, int index,
                                                      const void *bytes, int length) {
    return sqlite3_bind_blob(stmt, index, bytes, length, SQLITE_TRANSIENT);
}

// Turns off SQLite's memory statistics, which take one process-wide mutex around every
// allocation and free: with several connections on several threads, that mutex is the most
// contended lock in the process. Must run before the library initializes (before the first
// open), or SQLite refuses with SQLITE_MISUSE (https://sqlite.org/c3ref/c_config_covering_index_scan.html).
// sqlite3_config(3) is variadic.
static inline int csystem_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

// Extended result codes are macro expressions, which Swift does not import; these name them.
static const int csystem_SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT_UNIQUE;
static const int csystem_SQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT_PRIMARYKEY;

// OpenSSL's macros over SSL_ctrl and SSL_CTX_ctrl, which Swift cannot import.

// Sends the server name (SNI) in the handshake; whether it took.
static inline int csystem_ssl_set_server_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

// Refuses protocol versions before TLS 1.2; whether it took.
static inline int csystem_ssl_ctx_require_tls12(SSL_CTX *context) {
    return (int)SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
}

// Takes a close without TLS's close_notify as the end of the stream, as HTTP/1.1 framing (not
// TLS) says where a response ends (RFC 9112 §9.8).
static inline void csystem_ssl_ctx_ignore_unexpected_eof(SSL_CTX *context) {
    SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
}

#endif
