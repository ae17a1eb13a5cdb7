import GameCore

/// Where a `join` wants to go.
public enum JoinTarget: Sendable, Equatable {
    /// Any room of the server's default game with a free seat, or a new one on its default level.
    case any
    /// The room with this id (created on the default game's default level if it does not exist).
    case room(String)
    /// A room of `game` (empty: the default game) on this level with a free seat, or a new one.
    case level(game: String, level: String)
    /// The seat a cluster's `redirect` holds for this client on this node (16 bytes).
    case reservation([UInt8])
}

/// Messages a client sends. Every message after `join` may carry the client's ack: the
/// last snapshot tick it applied. An input's values follow the room's input layout (from
/// `welcome`), so coding one needs it.
public enum ClientMessage: Sendable, Equatable {
    /// Takes a seat under `name` (within the server's name rules, at most 64 bytes) in a room
    /// chosen by `target`. `credential` is the player's signed token (JWT) on a server that
    /// authenticates players; empty (and not sent) otherwise.
    case join(version: UInt8, name: String, target: JoinTarget, credential: String = "")
    /// One tick of intent, with the last snapshot tick applied (0: none yet).
    case input(ack: UInt32, input: PlayerInput)
    /// Gives up the seat (or stops watching) and goes back to the lobby.
    case leave
    /// Asks for a `roomList`.
    case listRooms
    /// Takes back a seat kept after a lost connection, by the `welcome`'s 16-byte session token.
    /// `credential` as in `join`: the same identity's token.
    case resume(version: UInt8, token: [UInt8], credential: String = "")
    /// Watches `room` with the server's admin token; an empty `room` asks for the room list
    /// only. On a server that authenticates players, a `credential` with the admin claim
    /// may stand in for the admin token.
    case spectate(version: UInt8, adminToken: String, room: String, credential: String = "")
    /// The last snapshot tick applied, when there is no input to carry it (e.g. spectators).
    case ack(tick: UInt32)
    /// Steers the playback of the replay room the sender spectates.
    case replayControl(ReplayCommand)

    /// The kind byte this message starts with.
    public var kind: MessageKind {
        switch self {
        case .join: return .join
        case .input: return .input
        case .leave: return .leave
        case .listRooms: return .listRooms
        case .resume: return .resume
        case .spectate: return .spectate
        case .ack: return .ack
        case .replayControl: return .replayControl
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
