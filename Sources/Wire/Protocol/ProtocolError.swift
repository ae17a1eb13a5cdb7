/// Why a message could not be decoded, with the protocol error code that answers it.
public struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The code sent in the `error` message; it decides whether the connection closes.
    public let code: ErrorCode
    /// Human-readable detail, sent along (cut to `ProtocolVersion.maxTextBytes`).
    public let message: String

    /// An error to send as `code` with `message`.
    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// "code (number): message", for logs.
    public var description: String { "\(code) (\(code.rawValue)): \(message)" }

    static func from(_ error: WireError, in kind: String) -> ProtocolError {
        ProtocolError(.malformedMessage, "\(kind): \(error)")
    }
}
