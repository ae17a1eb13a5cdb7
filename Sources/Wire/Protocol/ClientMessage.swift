import GameCore

/// Where a `join` wants to go.
public enum JoinTarget: Sendable, Equatable {
    /// Any room with a free seat, or a new one on the server's default map.
    case any
    /// The room with this id (created on the default map if it does not exist).
    case room(String)
    /// A room playing this map with a free seat, or a new one.
    case map(String)
}

/// Messages a client sends. Every message after `join` may carry the client's ack: the
/// last snapshot tick it applied.
public enum ClientMessage: Sendable, Equatable {
    case join(version: UInt8, name: String, target: JoinTarget)
    case input(ack: UInt32, input: PlayerInput)
    case leave
    case listRooms
    case resume(version: UInt8, token: [UInt8])
    case spectate(version: UInt8, adminToken: String, room: String)
    case ack(tick: UInt32)

    public var kind: MessageKind {
        switch self {
        case .join: return .join
        case .input: return .input
        case .leave: return .leave
        case .listRooms: return .listRooms
        case .resume: return .resume
        case .spectate: return .spectate
        case .ack: return .ack
        }
    }
}
