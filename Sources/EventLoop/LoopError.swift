import CLibUV

/// A negative libuv status, typed. `name` is libuv's short name (e.g. "ECONNRESET").
public struct LoopError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The negative libuv status (`UV_E*`, a negated errno on Unix).
    public let code: Int32
    /// What TLS said, for a TLS failure (`code` is then EPROTO).
    public let tlsFailure: String?

    /// Wraps a negative libuv status.
    public init(_ code: Int32) {
        self.code = code
        tlsFailure = nil
    }

    /// A TLS failure: a broken handshake, a certificate that does not verify.
    public init(tls description: String) {
        code = UV_EPROTO.rawValue
        tlsFailure = description
    }

    /// libuv's short name for the code, e.g. "ECONNRESET".
    public var name: String { String(cString: uv_err_name(code)) }
    /// The name and libuv's message, e.g. "ECONNRESET: connection reset by peer".
    public var description: String { tlsFailure ?? "\(name): \(String(cString: uv_strerror(code)))" }

    /// Whether this is `UV_EOF`: the peer closed its side.
    public var isEndOfFile: Bool { code == UV_EOF.rawValue }

    /// Throws when a libuv call returned a negative status.
    @inline(__always)
    static func check(_ status: Int32) throws(LoopError) {
        if status < 0 { throw LoopError(status) }
    }
}
