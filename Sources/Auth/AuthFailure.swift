/// Why a token was refused; each has its protocol error code (docs/PROTOCOL.md §7).
public enum AuthFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server requires a token and none came.
    case missing
    /// Not a JWT, a bad signature, another algorithm or key: `reason` says which.
    case invalid(String)
    /// `exp` has passed, or there is none.
    case expired(String)
    /// `aud` does not name this server's audience.
    case wrongAudience(String)
    /// The `rooms` claim does not list the room.
    case roomNotAllowed(String)

    public var description: String {
        switch self {
        case .missing: return "this server requires a signed token (JWT) to join, resume or spectate"
        case .invalid(let reason): return "invalid token: \(reason)"
        case .expired(let reason): return "token expired: \(reason)"
        case .wrongAudience(let reason): return "token not for this server: \(reason)"
        case .roomNotAllowed(let reason): return "room not allowed by the token: \(reason)"
        }
    }
}
