import COpenSSL

/// A TLS failure: a certificate or key that will not load, a handshake the peer broke,
/// a certificate that does not verify. `description` carries OpenSSL's own words.
public struct TLSError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    /// The peer spoke plain HTTP to the TLS port (it gets a plain-text 400).
    public let isPlainHTTP: Bool

    init(_ description: String, isPlainHTTP: Bool = false) {
        self.description = description
        self.isPlainHTTP = isPlainHTTP
    }

    /// `what` followed by OpenSSL's error queue (emptied), e.g. "loading key.pem: ... no such file".
    static func fromQueue(_ what: String) -> TLSError {
        var reasons: [String] = []
        var plainHTTP = false
        while case let code = ERR_get_error(), code != 0 {
            if tw_err_is_http_request(code) != 0 { plainHTTP = true }
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return TLSError(reasons.isEmpty ? what : "\(what): \(reasons.joined(separator: "; "))", isPlainHTTP: plainHTTP)
    }
}
