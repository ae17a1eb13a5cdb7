import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// One connection's TLS state over memory BIOs: ciphertext from the socket goes in with
/// `receive`, plaintext comes out of `read`; plaintext goes in with `encrypt` and the
/// ciphertext to send is taken with `takeCiphertext`. It never touches the socket, so
/// the stream decides when bytes move (the uSockets way).
final class TLSChannel {
    enum HandshakeStep { case inProgress, established, failed(TLSError) }
    enum ReadResult { case bytes(Int), needMore, closedByPeer, failed(TLSError) }

    private let ssl: OpaquePointer
    private let input: OpaquePointer
    private let output: OpaquePointer
    private let isClient: Bool
    private let verifiesPeer: Bool
    private(set) var isEstablished = false
    /// Plaintext written before the handshake finished; sent once it has.
    var pendingPlaintext = OutboundBuffer()

    /// `serverName`: the host a client expects in the certificate (and sends as SNI).
    init(context: TLSContext, serverName: String?) throws(TLSError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.raw) else { throw TLSError.fromQueue("creating a TLS connection") }
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLSError.fromQueue("creating TLS buffers")
        }
        self.ssl = ssl
        self.input = input
        self.output = output
        // An empty memory BIO means "no data yet", not end of file.
        _ = tw_bio_set_mem_eof_return(input, -1)
        SSL_set_bio(ssl, input, output)
        isClient = context.role == .client
        verifiesPeer = context.verifiesPeer
        if isClient {
            SSL_set_connect_state(ssl)
            if let serverName, !serverName.isEmpty {
                // The certificate must name the host: an unusable name fails here, never open.
                let named = Self.isIPAddress(serverName)
                    ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName)
                    : tw_ssl_set_server_name(ssl, serverName) == 1 ? SSL_set1_host(ssl, serverName) : 0
                if context.verifiesPeer, named != 1 {
                    throw TLSError.fromQueue("cannot check the certificate for the host \(serverName)")  // deinit frees the SSL object
                }
            }
        } else {
            SSL_set_accept_state(ssl)
        }
        ERR_clear_error()  // reads and writes count on an empty queue (see `read`)
    }

    deinit {
        SSL_free(ssl)  // frees both BIOs
        pendingPlaintext.release()
    }

    /// Ciphertext read from the socket.
    func receive(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = BIO_write(input, base, Int32(bytes.count))
    }

    /// Runs the handshake as far as the received bytes allow.
    func advanceHandshake() -> HandshakeStep {
        ERR_clear_error()
        let status = SSL_do_handshake(ssl)
        if status == 1 {
            isEstablished = true
            return .established
        }
        switch SSL_get_error(ssl, status) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .inProgress
        default:
            let verify = SSL_get_verify_result(ssl)
            if isClient, verifiesPeer, verify != X509_V_OK {
                ERR_clear_error()
                return .failed(TLSError("TLS handshake failed: certificate verify failed: \(String(cString: X509_verify_cert_error_string(verify)))"))
            }
            return .failed(TLSError.fromQueue("TLS handshake failed"))
        }
    }

    /// Decrypts into `buffer` what has arrived. (No `ERR_clear_error` first, here and in
    /// `encrypt`: every path that can leave an error drains the queue, and clearing it per
    /// record cost 3% of a TLS server's CPU.)
    func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        let count = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
        if count > 0 { return .bytes(Int(count)) }
        switch SSL_get_error(ssl, count) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .needMore
        case SSL_ERROR_ZERO_RETURN: return .closedByPeer
        default: return .failed(TLSError.fromQueue("TLS read failed"))
        }
    }

    /// Encrypts `bytes` into the outgoing buffer (a memory BIO always takes all of it).
    func encrypt(_ bytes: UnsafeRawBufferPointer) -> TLSError? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        if SSL_write(ssl, base, Int32(bytes.count)) <= 0 { return TLSError.fromQueue("TLS write failed") }
        return nil
    }

    /// Queues a close_notify alert.
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()  // a peer already gone is no error here
    }

    /// Hands the ciphertext waiting to be sent to `send`, through `scratch`, in order.
    /// (Read out, not reset: a memory BIO's reset clears its whole capacity each time.)
    func takeCiphertext(into scratch: UnsafeMutableRawBufferPointer, _ send: (UnsafeRawBufferPointer) -> Void) {
        while BIO_ctrl_pending(output) > 0 {
            let count = BIO_read(output, scratch.baseAddress, Int32(scratch.count))
            guard count > 0 else { return }
            send(UnsafeRawBufferPointer(rebasing: scratch[0..<Int(count)]))
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
