#ifndef TICKWIRE_COPENSSL_SHIM_H
#define TICKWIRE_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/x509v3.h>

// OpenSSL's macros do not reach Swift; these wrap the ones the transport uses.

static inline int tw_ssl_ctx_set_min_tls12(SSL_CTX *ctx) {
    return (int)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}

static inline long tw_ssl_ctx_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

/// No compression (CRIME), the server's cipher order.
static inline uint64_t tw_ssl_server_options(void) {
    return SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE;
}

/// Either side: a renegotiation request is refused.
static inline uint64_t tw_ssl_no_renegotiation(void) { return SSL_OP_NO_RENEGOTIATION; }

/// Resumption by stateless TLS 1.3 tickets only: no per-session memory on the server.
static inline long tw_ssl_ctx_disable_session_cache(SSL_CTX *ctx) {
    return SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
}

static inline long tw_ssl_mode_release_buffers(void) { return SSL_MODE_RELEASE_BUFFERS; }
static inline long tw_ssl_mode_partial_write(void) { return SSL_MODE_ENABLE_PARTIAL_WRITE; }

static inline int tw_ssl_set_server_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

static inline long tw_bio_set_mem_eof_return(BIO *bio, int value) {
    return BIO_set_mem_eof_return(bio, value);
}


static inline int tw_err_is_http_request(unsigned long error) {
    return ERR_GET_LIB(error) == ERR_LIB_SSL
        && (ERR_GET_REASON(error) == SSL_R_HTTP_REQUEST || ERR_GET_REASON(error) == SSL_R_HTTPS_PROXY_REQUEST);
}

#endif
