/// A WebSocket close status code (RFC 6455 7.4). A struct rather than an enum so that
/// application codes (3000-4999) can be carried without a catch-all case.
public struct CloseCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let normal = CloseCode(rawValue: 1000)
    public static let goingAway = CloseCode(rawValue: 1001)
    public static let protocolError = CloseCode(rawValue: 1002)
    public static let unsupportedData = CloseCode(rawValue: 1003)
    /// Reported locally when a close frame had no body; never sent on the wire.
    public static let noStatus = CloseCode(rawValue: 1005)
    /// Reported locally when the connection dropped without a close frame; never sent on the wire.
    public static let abnormal = CloseCode(rawValue: 1006)
    public static let invalidPayload = CloseCode(rawValue: 1007)
    public static let policyViolation = CloseCode(rawValue: 1008)
    public static let messageTooBig = CloseCode(rawValue: 1009)
    public static let mandatoryExtension = CloseCode(rawValue: 1010)
    public static let internalError = CloseCode(rawValue: 1011)
    public static let tryAgainLater = CloseCode(rawValue: 1013)

    /// RFC 6455 7.4: whether a peer may send this code in a close frame.
    /// 1000-1003 and 1007-1014 are defined (1012-1014 by the IANA registry, which
    /// Autobahn accepts); 3000-4999 are for libraries and applications. Everything else,
    /// notably 1004, 1005, 1006 and 1015 (reserved / local-only), is a protocol error.
    @inlinable
    public static func isValidOnWire(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }
}
