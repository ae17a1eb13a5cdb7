import GameCore

/// What a joining player (or spectator) learns: who it is, where it is, and the game it
/// plays there, whole: its entity schema, input layout and level. A client needs nothing
/// else to decode snapshots and encode inputs.
public struct Welcome: Sendable, Equatable {
    /// Protocol version; decoding refuses any but `ProtocolVersion.current`.
    public var version: UInt8
    /// The player's id in the room, also its entity's id; `spectatorPlayerID` for a spectator.
    public var playerID: UInt16
    /// Presented in `resume` to take the seat back after a lost connection.
    public var sessionToken: [UInt8]
    /// The room's id, as `JoinTarget.room` and `spectate` name it.
    public var roomID: String
    /// The game's name and version (e.g. "arena", "1.0").
    public var game: String
    /// The game's own version (`GameDefinition.version`).
    public var gameVersion: String
    /// The level's key and display name.
    public var level: String
    /// The level's display name.
    public var levelTitle: String
    /// The room's simulation rate, in ticks per second.
    public var tickRate: UInt16
    /// Snapshots per second the room sends.
    public var snapshotRate: UInt16
    /// The game's entity kinds and fields: how to decode this room's snapshots.
    public var schema: EntitySchema
    /// The game's input fields: how to encode inputs for this room.
    public var inputLayout: InputLayout
    /// The field's extent in the units of the entities' `x`/`y` fields.
    public var levelWidth: Int32
    /// Height in the same units as `levelWidth`.
    public var levelHeight: Int32
    /// The level's tile map, if the game has one.
    public var grid: TileGrid?

    /// Every field as sent; `version` defaults to the one this build speaks.
    public init(version: UInt8 = ProtocolVersion.current, playerID: UInt16, sessionToken: [UInt8], roomID: String,
                game: String, gameVersion: String, level: String, levelTitle: String, tickRate: UInt16,
                snapshotRate: UInt16, schema: EntitySchema, inputLayout: InputLayout, levelWidth: Int32,
                levelHeight: Int32, grid: TileGrid?) {
        self.version = version
        self.playerID = playerID
        self.sessionToken = sessionToken
        self.roomID = roomID
        self.game = game
        self.gameVersion = gameVersion
        self.level = level
        self.levelTitle = levelTitle
        self.tickRate = tickRate
        self.snapshotRate = snapshotRate
        self.schema = schema
        self.inputLayout = inputLayout
        self.levelWidth = levelWidth
        self.levelHeight = levelHeight
        self.grid = grid
    }

    /// The welcome of a room of `game` on `level`: the game's tables and the level's map.
    public init(playerID: UInt16, sessionToken: [UInt8], roomID: String, game: GameDefinition, level: GameLevel,
                tickRate: Int, snapshotRate: Int) {
        self.init(playerID: playerID, sessionToken: sessionToken, roomID: roomID, game: game.name, gameVersion: game.version,
                  level: level.key, levelTitle: level.title, tickRate: UInt16(clamping: tickRate),
                  snapshotRate: UInt16(clamping: snapshotRate), schema: game.schema, inputLayout: game.inputLayout,
                  levelWidth: level.width, levelHeight: level.height, grid: level.grid)
    }

    /// The `playerID` of a `spectating` message: a spectator has no player.
    public static let spectatorPlayerID: UInt16 = 0
    /// The `sessionToken` of a `spectating` message: a spectator has no seat to resume.
    public static let noSessionToken = [UInt8](repeating: 0, count: 16)
}

/// Where to go when the room lives on another node of the cluster.
public struct Redirect: Sendable, Equatable {
    /// The node's WebSocket URL (`ws://` or `wss://`), as its operator published it.
    public var url: String
    /// The room's id.
    public var roomID: String
    /// After a `join`: the seat held for this client on that node; present it there as
    /// `JoinTarget.reservation`. After `resume` or `spectate`: `noReservation`, and the
    /// client sends the same `resume` or `spectate` there.
    public var reservation: [UInt8]

    public init(url: String, roomID: String, reservation: [UInt8] = Redirect.noReservation) {
        self.url = url
        self.roomID = roomID
        self.reservation = reservation
    }

    /// The `reservation` of a redirect that holds no seat.
    public static let noReservation = [UInt8](repeating: 0, count: ProtocolVersion.sessionTokenBytes)
    /// Whether this redirect holds a seat.
    public var holdsSeat: Bool { reservation != Self.noReservation }
}

/// One room as listed by `roomList` and `/rooms`.
public struct RoomInfo: Sendable, Equatable {
    /// The room's id, for `JoinTarget.room` and `spectate`.
    public var id: String
    /// The game it plays and the level's key.
    public var game: String
    /// The level's key.
    public var level: String
    /// Seats taken, players waiting out their reconnect grace included.
    public var players: UInt16
    /// Most players the room seats.
    public var capacity: UInt16
    /// The room's current tick.
    public var tick: UInt32
    /// Ticks per second.
    public var tickRate: UInt16
    /// Tick duration p99 over the last few seconds, in microseconds (room health).
    public var tickP99Micros: UInt32
    /// Ticks that started more than half a tick late since the room was created.
    public var lateTicks: UInt32
    /// Bytes per second the server sends to this room's clients (players and spectators).
    public var bytesPerSecond: UInt32
    /// The id of the node the room lives on; empty on a server that is not in a cluster.
    public var node: String

    /// The health figures default to 0.
    public init(id: String, game: String, level: String, players: UInt16, capacity: UInt16, tick: UInt32,
                tickRate: UInt16, tickP99Micros: UInt32 = 0, lateTicks: UInt32 = 0, bytesPerSecond: UInt32 = 0,
                node: String = "") {
        self.id = id
        self.game = game
        self.level = level
        self.players = players
        self.capacity = capacity
        self.tick = tick
        self.tickRate = tickRate
        self.tickP99Micros = tickP99Micros
        self.lateTicks = lateTicks
        self.bytesPerSecond = bytesPerSecond
        self.node = node
    }
}

/// A player's public identity in a room.
public struct RosterEntry: Sendable, Equatable {
    /// The player's id, also the id of its entity in snapshots.
    public var id: UInt16
    /// The name the player joined with.
    public var name: String
    /// Round-trip time of the player's connection from the server's heartbeats, in
    /// milliseconds; nil until measured (or while the player is disconnected).
    public var pingMilliseconds: UInt16?
    /// The player's verified identity (its token's `sub`) on a server that authenticates
    /// players; empty otherwise.
    public var identity: String

    /// On the wire, an unknown ping.
    public static let unknownPing: UInt16 = 0xFFFF

    /// A ping of 65535 ms or more is kept as 65534 (`unknownPing` is reserved).
    public init(id: UInt16, name: String, pingMilliseconds: UInt16? = nil, identity: String = "") {
        self.id = id
        self.name = name
        self.identity = identity
        self.pingMilliseconds = pingMilliseconds.map { min($0, RosterEntry.unknownPing - 1) }
    }
}

/// Messages the server sends. `snapshot` bodies are produced by the Replication module;
/// here they are opaque bytes after the kind.
public enum ServerMessage: Sendable, Equatable {
    /// Answers a `join` or `resume`: the seat taken and the game's tables.
    case welcome(Welcome)
    /// One tick of the world, full or delta against the client's ack (opaque here).
    case snapshot(body: [UInt8])
    /// Answers `listRooms` (or `spectate` with no room).
    case roomList([RoomInfo])
    /// A refused message or a removal; `code.closesConnection` says whether the close follows.
    case error(code: ErrorCode, message: String)
    /// The room's players: sent when one joins or leaves, after `resume` or `spectate`, and
    /// at every sweep to spectators (fresh pings).
    case roster([RosterEntry])
    /// Answers `spectate`: the room and game's tables, with no player id or token.
    case spectating(Welcome)
    /// A replay room's playback position, speed and state.
    case replayStatus(ReplayStatus)
    /// Answers `join`, `resume` or `spectate` on a node of a cluster when the room lives on
    /// another node: reconnect to `url` and ask again there (see `Redirect`).
    case redirect(Redirect)

    /// The kind byte this message starts with.
    public var kind: MessageKind {
        switch self {
        case .welcome: return .welcome
        case .snapshot: return .snapshot
        case .roomList: return .roomList
        case .error: return .error
        case .roster: return .roster
        case .spectating: return .spectating
        case .replayStatus: return .replayStatus
        case .redirect: return .redirect
        }
    }
}
