/// Why a message could not be decoded, with the protocol error code that answers it.
public struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code) (\(code.rawValue)): \(message)" }

    static func from(_ error: WireError, in kind: String) -> ProtocolError {
        ProtocolError(.malformedMessage, "\(kind): \(error)")
    }
}
