/// Error codes of the `error` message (docs/PROTOCOL.md lists them with their meaning and
/// whether the connection stays open).
public enum ErrorCode: UInt16, Sendable, CaseIterable {
    // The message itself is wrong.
    /// Truncated, bad varint or UTF-8, a string over its limit, leftover bytes.
    case malformedMessage = 1
    /// A kind byte the receiver does not know, or one of the other direction.
    case unknownMessageKind = 2
    /// A version byte other than `ProtocolVersion.current`.
    case unsupportedVersion = 3
    /// A field outside what it allows (an input value, a join target kind, a table entry).
    case valueOutOfRange = 4
    /// Reserved: oversize messages are closed with 1009 by the transport instead.
    case messageTooLarge = 5
    /// A message the sender's role may not send (a spectator's input).
    case unexpectedMessage = 6
    // Rooms and seats.
    /// The room already seats its capacity.
    case roomFull = 10
    /// `spectate` named a room that does not exist.
    case roomNotFound = 11
    /// `join` named a game or level the server does not have.
    case unknownMap = 12
    /// A new room would pass the server's `maxRooms`.
    case tooManyRooms = 13
    /// `join`, `resume` or `spectate` from a session already in a room.
    case alreadyInRoom = 14
    /// `input`, `ack` or `leave` from the lobby.
    case notInRoom = 15
    /// A blank or too long name, control characters, or leading/trailing spaces.
    case invalidName = 16
    // Limits.
    /// More inputs per second than the server allows.
    case rateLimited = 20
    /// Reserved: connection limits are answered in HTTP before the upgrade.
    case serverFull = 21
    // Sessions and roles.
    /// `resume` with a token matching no seat that awaits a resume.
    case invalidToken = 30
    /// `spectate` with a wrong admin token.
    case notAuthorized = 31
    /// `spectate` on a server without an admin token.
    case spectatingDisabled = 32
    /// `spectate` named a replay that is not there or cannot be played here (the message says why).
    case replayUnavailable = 33
    // Removal.
    /// No input from a player (or no message in the lobby) for the idle timeout.
    case idleTimeout = 40
    // 41 is reserved (an admin kick, not offered yet).
    /// The room was closed; the session is back in the lobby.
    case roomClosed = 42
    /// The same identity joined from another connection, which took over; this one closes.
    case replaced = 43
    // Authentication (servers started with an auth key).
    /// `join`, `resume` or `spectate` without a credential.
    case credentialRequired = 50
    /// A credential that is not a JWT, or whose signature, algorithm or key is wrong.
    case invalidCredential = 51
    /// A credential whose `exp` has passed, or that has none.
    case credentialExpired = 52
    /// A credential whose `aud` does not name this server.
    case wrongAudience = 53
    /// A credential whose `rooms` claim does not let the player into the room.
    case roomNotAllowed = 54
    /// Too many refused credentials on one connection; it closes.
    case tooManyCredentialFailures = 56
    // Clusters (nodes sharing a Redis directory).
    /// The join needs the cluster's directory, which this node cannot reach now; try again.
    case directoryUnavailable = 60
    /// `join` presented a reservation that expired, was used, or is held on another node.
    case reservationInvalid = 61

    /// Whether the server closes the connection after sending this error.
    public var closesConnection: Bool {
        switch self {
        case .malformedMessage, .unknownMessageKind, .unsupportedVersion, .valueOutOfRange,
             .messageTooLarge, .rateLimited, .serverFull, .notAuthorized, .idleTimeout,
             .replaced, .tooManyCredentialFailures:
            return true
        default:
            return false
        }
    }
}
