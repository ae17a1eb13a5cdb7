import GameCore

/// Where a `join` wants to go.
public enum JoinTarget: Sendable, Equatable {
    /// Any room of the server's default game with a free seat, or a new one on its default level.
    case any
    /// The room with this id (created on the default game's default level if it does not exist).
    case room(String)
    /// A room of `game` (empty: the default game) on this level with a free seat, or a new one.
    case level(game: String, level: String)
}

/// Messages a client sends. Every message after `join` may carry the client's ack: the
/// last snapshot tick it applied. An input's values follow the room's input layout (from
/// `welcome`), so coding one needs it.
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

extension JoinTarget {
    /// A level named on a command line: `LEVEL` (default game) or `GAME/LEVEL`.
    public init(level text: String) {
        if let slash = text.firstIndex(of: "/") {
            self = .level(game: String(text[..<slash]), level: String(text[text.index(after: slash)...]))
        } else {
            self = .level(game: "", level: text)
        }
    }
}
