import COpenSSL

/// OpenSSL's settings for many connections: the server's certificate and key, or what a
/// client trusts. TLS 1.2 and later only; for TLS 1.2, forward-secret AEAD ciphers only.
/// A server swaps in a new context to reload its certificate; connections keep the one
/// they started with.
public final class TLSContext: @unchecked Sendable {  // an SSL_CTX is not changed after setup, and OpenSSL lets threads share it then
    public enum Role: Sendable { case server, client }

    let raw: OpaquePointer
    public let role: Role
    /// Whether a client checks the server's certificate and host name.
    public let verifiesPeer: Bool

    /// TLS 1.2 suites (TLS 1.3's defaults are all AEAD already).
    static let tls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"

    private init(role: Role, verifiesPeer: Bool) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(role == .server ? TLS_server_method() : TLS_client_method()) else {
            throw TLSError.fromQueue("creating a TLS context")
        }
        raw = context
        self.role = role
        self.verifiesPeer = verifiesPeer
        guard tw_ssl_ctx_set_min_tls12(raw) == 1,
              SSL_CTX_set_cipher_list(raw, Self.tls12Ciphers) == 1 else {
            throw TLSError.fromQueue("setting TLS versions and ciphers")
        }
        // Idle connections give their read and write buffers back (about 34 KiB each).
        _ = tw_ssl_ctx_set_mode(raw, tw_ssl_mode_release_buffers())
        _ = SSL_CTX_set_options(raw, tw_ssl_no_renegotiation())
    }

    deinit { SSL_CTX_free(raw) }

    /// A server context from a PEM certificate chain (leaf first) and its PEM private key.
    public static func server(certificateFile: String, keyFile: String) throws(TLSError) -> TLSContext {
        let context = try TLSContext(role: .server, verifiesPeer: false)
        _ = SSL_CTX_set_options(context.raw, tw_ssl_server_options())
        _ = tw_ssl_ctx_disable_session_cache(context.raw)
        guard SSL_CTX_use_certificate_chain_file(context.raw, certificateFile) == 1 else {
            throw TLSError.fromQueue("loading the certificate \(certificateFile)")
        }
        guard SSL_CTX_use_PrivateKey_file(context.raw, keyFile, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError.fromQueue("loading the private key \(keyFile)")
        }
        guard SSL_CTX_check_private_key(context.raw) == 1 else {
            throw TLSError.fromQueue("the key \(keyFile) does not match the certificate \(certificateFile)")
        }
        ERR_clear_error()
        return context
    }

    /// A client context. It trusts the PEM certificates in `caFile`, or the system's when
    /// nil; `verifyPeer: false` accepts any certificate (tests against self-signed servers).
    public static func client(caFile: String? = nil, verifyPeer: Bool = true) throws(TLSError) -> TLSContext {
        let context = try TLSContext(role: .client, verifiesPeer: verifyPeer)
        guard verifyPeer else {
            SSL_CTX_set_verify(context.raw, SSL_VERIFY_NONE, nil)
            return context
        }
        SSL_CTX_set_verify(context.raw, SSL_VERIFY_PEER, nil)
        if let caFile {
            guard SSL_CTX_load_verify_locations(context.raw, caFile, nil) == 1 else {
                throw TLSError.fromQueue("loading the CA certificates \(caFile)")
            }
        } else if SSL_CTX_set_default_verify_paths(context.raw) != 1 {
            throw TLSError.fromQueue("loading the system's CA certificates")
        }
        ERR_clear_error()  // a missing default CA directory leaves notes behind even on success
        return context
    }
}
