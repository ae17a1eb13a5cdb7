import GameCore

/// A map as rooms see it: enough to seat players, describe the map to clients, and make
/// a fresh simulation. Rooms know nothing else of the game.
public struct GameMap: Sendable {
    /// The name clients use to ask for it (the file stem, e.g. "duel").
    public let key: String
    /// The display name from the map header.
    public let title: String
    public let capacity: Int
    public let width: Int
    public let height: Int
    /// Tile characters row by row, as sent in `welcome`.
    public let tiles: [UInt8]
    public let makeSimulation: @Sendable (UInt64) -> any Simulation

    public init(key: String, title: String, capacity: Int, width: Int, height: Int, tiles: [UInt8],
                makeSimulation: @escaping @Sendable (UInt64) -> any Simulation) {
        self.key = key
        self.title = title
        self.capacity = capacity
        self.width = width
        self.height = height
        self.tiles = tiles
        self.makeSimulation = makeSimulation
    }
}

/// The maps a server offers, in a stable order; the first is the default.
public struct GameCatalog: Sendable {
    public let maps: [GameMap]

    public init(maps: [GameMap]) {
        precondition(!maps.isEmpty, "a catalog needs at least one map")
        self.maps = maps
    }

    /// By key or title, case-insensitively.
    public func map(named name: String) -> GameMap? {
        let wanted = name.lowercased()
        return maps.first { $0.key.lowercased() == wanted } ?? maps.first { $0.title.lowercased() == wanted }
    }

    public var defaultMap: GameMap { maps[0] }
}
