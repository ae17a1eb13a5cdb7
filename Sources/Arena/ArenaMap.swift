/// One tile of an Arena map.
public enum Tile: UInt8, Sendable, Equatable {
    /// Blocks players and projectiles; every border tile is one.
    case wall
    /// Open ground.
    case floor
    /// Floor where players (re)spawn.
    case spawn
    /// Floor holding a health pickup.
    case pickup

    /// The character a map file uses for this tile.
    public var character: Character {
        switch self {
        case .wall: "#"
        case .floor: "."
        case .spawn: "S"
        case .pickup: "+"
        }
    }

    /// The tile a map file character stands for; nil for any other character.
    public init?(character: Character) {
        switch character {
        case "#": self = .wall
        case ".": self = .floor
        case "S": self = .spawn
        case "+": self = .pickup
        default: return nil
        }
    }

    /// Whether players and projectiles are stopped by it (walls only).
    public var blocksMovement: Bool { self == .wall }
}

/// A tile coordinate (column, row), 0-based from the top-left corner.
public struct TilePoint: Sendable, Equatable, Hashable {
    /// Column, 0 at the left.
    public var x: Int
    /// Row, 0 at the top.
    public var y: Int

    /// The tile at column `x`, row `y`.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A validated Arena map: closed by walls, at least one spawn point. Build one with
/// `MapLoader`, which checks everything `init` assumes.
public struct ArenaMap: Sendable, Equatable {
    /// Display name from the `name` header (1...64 characters); the level's title.
    public let name: String
    /// Most players a room on this map seats (the server may set fewer), from the
    /// `max-players` header (1...64).
    public let maxPlayers: Int
    /// Free text from the optional `description` header.
    public let description: String
    /// Columns, `MapLoader.minSide`...`MapLoader.maxSide`.
    public let width: Int
    /// Rows, `MapLoader.minSide`...`MapLoader.maxSide`.
    public let height: Int
    /// Row-major, `tiles[y * width + x]`.
    public let tiles: [Tile]
    /// Spawn points in reading order (row by row, left to right).
    public let spawns: [TilePoint]
    /// Health pickup tiles in reading order; pickup `i` has entity id `firstPickupID + i`.
    public let pickups: [TilePoint]

    /// Builds a map from already-validated parts (see `MapLoader.parse`).
    init(name: String, maxPlayers: Int, description: String, width: Int, height: Int, tiles: [Tile]) {
        precondition(tiles.count == width * height, "tile count must be width * height")
        self.name = name
        self.maxPlayers = maxPlayers
        self.description = description
        self.width = width
        self.height = height
        self.tiles = tiles
        var spawns: [TilePoint] = []
        var pickups: [TilePoint] = []
        for y in 0..<height {
            for x in 0..<width {
                switch tiles[y * width + x] {
                case .spawn: spawns.append(TilePoint(x: x, y: y))
                case .pickup: pickups.append(TilePoint(x: x, y: y))
                case .wall, .floor: break
                }
            }
        }
        self.spawns = spawns
        self.pickups = pickups
    }

    /// The tile at a coordinate; everything outside the map is wall.
    public func tile(x: Int, y: Int) -> Tile {
        guard x >= 0, y >= 0, x < width, y < height else { return .wall }
        return tiles[y * width + x]
    }

    /// Whether the tile at (`x`, `y`) blocks movement; outside the map counts as wall.
    public func isWall(x: Int, y: Int) -> Bool {
        tile(x: x, y: y).blocksMovement
    }

    /// The grid as text, one row per line (the map file's grid section).
    public var gridText: String {
        var text = ""
        text.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            for x in 0..<width { text.append(tiles[y * width + x].character) }
            text.append("\n")
        }
        return text
    }
}
