/// A tile map a level may offer clients and spectators to draw: `width * height` tile
/// characters, row by row. What each character means is the game's business.
public struct TileGrid: Sendable, Equatable {
    /// Columns, 1...65535.
    public let width: Int
    /// Rows, 1...65535.
    public let height: Int
    /// `width * height` tile characters, row-major: `tiles[y * width + x]`.
    public let tiles: [UInt8]

    /// Traps unless both sides are 1...65535 and `tiles.count == width * height`.
    /// The most tiles a grid may have (what a `welcome` can carry).
    public static let maxTiles = 1 << 20

    public init(width: Int, height: Int, tiles: [UInt8]) {
        precondition(width >= 1 && height >= 1 && width <= 65535 && height <= 65535 && tiles.count == width * height
                     && tiles.count <= Self.maxTiles, "a tile grid needs width * height tiles, at most \(Self.maxTiles)")
        self.width = width
        self.height = height
        self.tiles = tiles
    }
}

/// One level of a game (an Arena map, a Pong court): what clients are told about it and
/// how to start a world on it.
public struct GameLevel: Sendable {
    /// The name clients use to ask for it (e.g. a file stem, "duel").
    public let key: String
    /// The display name.
    public let title: String
    /// Most players a room on this level seats.
    public let capacity: Int
    /// The playing field's extent in the units of the entities' `x` and `y` fields (before
    /// quantization): generic viewers scale positions by it.
    public let width: Int32
    /// The playing field's height, in the same units as `width`.
    public let height: Int32
    /// A tile map to draw, if the game has one.
    public let grid: TileGrid?
    /// A fresh world on this level from a seed (the room's RNG seed).
    public let makeSimulation: @Sendable (UInt64) -> any Simulation
    /// Identifies the level's content, so a replay recorded on it is refused once it changed.
    public let checksum: UInt64

    /// A level; `makeSimulation` is called once per room, with the room's seed. The checksum
    /// covers capacity, extent and grid; a game whose levels hold more that shapes play (speeds,
    /// rules) passes `contentChecksum` computed over that too.
    public init(key: String, title: String, capacity: Int, width: Int32, height: Int32, grid: TileGrid? = nil,
                contentChecksum: UInt64? = nil, makeSimulation: @escaping @Sendable (UInt64) -> any Simulation) {
        self.key = key
        self.title = title
        self.capacity = capacity
        self.width = width
        self.height = height
        self.grid = grid
        self.makeSimulation = makeSimulation
        checksum = contentChecksum ?? Self.checksum(capacity: capacity, width: width, height: height, grid: grid)
    }

    /// 64-bit FNV-1a over the numbers and tiles that describe a level.
    public static func checksum(capacity: Int, width: Int32, height: Int32, grid: TileGrid?, extra: [UInt8] = []) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        func mix(_ value: Int64) { for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: value >> Int64(shift))) } }
        mix(Int64(capacity))
        mix(Int64(width))
        mix(Int64(height))
        if let grid {
            mix(Int64(grid.width))
            mix(Int64(grid.height))
            for tile in grid.tiles { mix(tile) }
        }
        for byte in extra { mix(byte) }
        return hash
    }
}

/// Everything a server needs to run a game and clients need to play it: the game's name and
/// version, its tables (entities, input), its id ranges and rates, and its levels.
public struct GameDefinition: Sendable {
    /// Short name clients use to choose the game: 1...32 of `a-z 0-9 -`.
    public let name: String
    /// The game's own version; clients see it in `welcome`.
    public let version: String
    /// Entity kinds and fields; sent in `welcome` so clients can decode snapshots. Should be the
    /// simulation's own `schema`, which rooms encode snapshots with.
    public let schema: EntitySchema
    /// Input fields; sent in `welcome`, and the server decodes and validates inputs by it.
    public let inputLayout: InputLayout
    /// Ids the server may give players (each player's entity has its player's id).
    public let playerIDs: ClosedRange<PlayerID>
    /// Tick rates (Hz) the game's rules are made for; the server refuses to start with another.
    public let tickRates: ClosedRange<Int>
    /// Snapshot rates (Hz) the game supports; the server refuses to start with another.
    public let snapshotRates: ClosedRange<Int>
    /// At least one; the first is the default.
    public let levels: [GameLevel]

    /// Traps on an invalid `name`, no levels, or a `playerIDs` range that includes 0 (kept for spectators).
    public init(name: String, version: String, schema: EntitySchema, inputLayout: InputLayout,
                playerIDs: ClosedRange<PlayerID>, tickRates: ClosedRange<Int> = 1...1000,
                snapshotRates: ClosedRange<Int> = 1...1000, levels: [GameLevel]) {
        precondition(GameDefinition.isValidName(name), "game name must be 1...32 of a-z 0-9 -")
        precondition(!levels.isEmpty, "game \(name) needs at least one level")
        precondition(playerIDs.lowerBound >= 1, "player id 0 is reserved (spectators)")
        self.name = name
        self.version = version
        self.schema = schema
        self.inputLayout = inputLayout
        self.playerIDs = playerIDs
        self.tickRates = tickRates
        self.snapshotRates = snapshotRates
        self.levels = levels
    }

    /// By key or title, case-insensitively.
    public func level(named name: String) -> GameLevel? {
        let wanted = name.lowercased()
        return levels.first { $0.key.lowercased() == wanted } ?? levels.first { $0.title.lowercased() == wanted }
    }

    /// The first level: where rooms start when a client names none.
    public var defaultLevel: GameLevel { levels[0] }

    /// Whether `name` is 1...32 bytes of `a-z 0-9 -`.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...32).contains(bytes.count) && bytes.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-")
        }
    }
}
