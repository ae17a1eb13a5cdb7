/// Error codes of the `error` message (docs/PROTOCOL.md lists them with their meaning and
/// whether the connection stays open).
public enum ErrorCode: UInt16, Sendable, CaseIterable {
    // The message itself is wrong.
    case malformedMessage = 1
    case unknownMessageKind = 2
    case unsupportedVersion = 3
    case valueOutOfRange = 4
    case messageTooLarge = 5
    case unexpectedMessage = 6
    // Rooms and seats.
    case roomFull = 10
    case roomNotFound = 11
    case unknownMap = 12
    case tooManyRooms = 13
    case alreadyInRoom = 14
    case notInRoom = 15
    case invalidName = 16
    // Limits.
    case rateLimited = 20
    case serverFull = 21
    // Sessions and roles.
    case invalidToken = 30
    case notAuthorized = 31
    case spectatingDisabled = 32
    // Removal.
    case idleTimeout = 40
    // 41 is reserved (an admin kick, not offered yet).
    case roomClosed = 42

    /// Whether the server closes the connection after sending this error.
    public var closesConnection: Bool {
        switch self {
        case .malformedMessage, .unknownMessageKind, .unsupportedVersion, .valueOutOfRange,
             .messageTooLarge, .rateLimited, .serverFull, .notAuthorized, .idleTimeout:
            return true
        default:
            return false
        }
    }
}
