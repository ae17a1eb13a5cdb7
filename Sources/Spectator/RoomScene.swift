import Arena
import GameCore
import Wire

/// Everything the room screen shows, already decoded: the renderer is a pure function of it.
public struct RoomScene: Sendable, Equatable {
    /// The field drawn: the level's tile grid from `welcome` (Arena: `#`, `.`, `S`, `+`), or
    /// a plain field of floor for a level without one.
    public var mapWidth: Int
    public var mapHeight: Int
    public var tiles: [UInt8]
    public var roomID: String
    /// The game and the level's key.
    public var game: String
    public var mapName: String
    public var tickRate: Int
    /// The latest decoded Arena world (nil before the first snapshot, and in other games).
    public var world: ArenaView?
    /// Another game's entities on the field (empty for Arena, which draws `world`).
    public var entities: [FieldEntity]
    /// Arena (its tables and map size, not only its name) gets its own richer view; every
    /// other game is drawn from its schema.
    public var isArena: Bool
    public var roster: [RosterEntry]
    /// The room's line in the latest room list: players, capacity, tick p99.
    public var info: RoomInfo?
    /// Bytes per second this spectator receives (shown until the room list gives the room's total).
    public var bytesPerSecond: Int?
    /// The spectator's own round-trip time to the server, in milliseconds.
    public var rttMilliseconds: Double?
    /// A status or error line (e.g. "server gone; retrying").
    public var message: String?
    public var paused: Bool
    public var viewport: ViewportState
    /// Set when the room plays a recording: where its playback is.
    public var replay: ReplayStatus?

    public init(mapWidth: Int, mapHeight: Int, tiles: [UInt8], roomID: String, game: String = ArenaGame.name,
                mapName: String, tickRate: Int, world: ArenaView? = nil, entities: [FieldEntity] = [],
                roster: [RosterEntry] = [], info: RoomInfo? = nil,
                bytesPerSecond: Int? = nil, rttMilliseconds: Double? = nil, message: String? = nil,
                paused: Bool = false, viewport: ViewportState = ViewportState()) {
        self.mapWidth = mapWidth
        self.mapHeight = mapHeight
        self.tiles = tiles
        self.roomID = roomID
        self.game = game
        self.mapName = mapName
        self.tickRate = tickRate
        self.world = world
        self.entities = entities
        isArena = game == ArenaGame.name
        self.roster = roster
        self.info = info
        self.bytesPerSecond = bytesPerSecond
        self.rttMilliseconds = rttMilliseconds
        self.message = message
        self.paused = paused
        self.viewport = viewport
    }

    public init(welcome: Welcome) {
        let grid = welcome.grid ?? {
            let size = FieldEntity.plainFieldSize(levelWidth: welcome.levelWidth, levelHeight: welcome.levelHeight)
            return TileGrid(width: size.columns, height: size.rows,
                            tiles: [UInt8](repeating: UInt8(ascii: "."), count: size.columns * size.rows))
        }()
        self.init(mapWidth: grid.width, mapHeight: grid.height, tiles: grid.tiles, roomID: welcome.roomID,
                  game: welcome.game, mapName: welcome.level, tickRate: Int(welcome.tickRate))
        isArena = ArenaGame.describes(game: welcome.game, schema: welcome.schema, inputLayout: welcome.inputLayout,
                                      grid: welcome.grid)
    }

    public func tile(x: Int, y: Int) -> UInt8 {
        guard x >= 0, y >= 0, x < mapWidth, y < mapHeight, y * mapWidth + x < tiles.count else { return UInt8(ascii: "#") }
        return tiles[y * mapWidth + x]
    }

    /// Pickup tiles in reading order: pickup `i` of the world sits on the `i`-th one.
    public var pickupTiles: [(x: Int, y: Int)] {
        var found: [(x: Int, y: Int)] = []
        for y in 0..<mapHeight {
            for x in 0..<mapWidth where tile(x: x, y: y) == UInt8(ascii: "+") { found.append((x, y)) }
        }
        return found
    }

    /// The server-measured ping of a player, in milliseconds, if known.
    public func ping(of id: UInt16) -> UInt16? {
        roster.first { $0.id == id }?.pingMilliseconds
    }

    /// The help line in a replay: the server's replay room also offers the room list.
    var replayHelpLine: String { roomID.hasPrefix("replay:") ? ReplayKeys.helpLine + "  l list" : ReplayKeys.helpLine }

    public func name(of id: UInt16) -> String {
        roster.first { $0.id == id }?.name ?? "#\(id)"
    }
}

/// The room list screen's input.
public struct RoomListScene: Sendable, Equatable {
    public var server: String
    public var rooms: [RoomInfo]
    public var selection: Int
    public var message: String?
    /// False until the first list arrives (shows "connecting" instead of "no rooms").
    public var loaded: Bool

    public init(server: String, rooms: [RoomInfo] = [], selection: Int = 0, message: String? = nil, loaded: Bool = true) {
        self.server = server
        self.rooms = rooms
        self.selection = selection
        self.message = message
        self.loaded = loaded
    }
}
