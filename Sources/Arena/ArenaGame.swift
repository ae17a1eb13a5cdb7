import GameCore

/// Arena as a game the server can run: its tables and its levels, the maps of a directory.
public enum ArenaGame {
    /// The game's name in `join` targets, `welcome` and `/rooms`.
    public static let name = "arena"
    /// The game's own version, sent in `welcome`.
    public static let version = "1.0"

    /// The game with every map in `directory` as a level; the error names the file, line
    /// and reason of each bad map.
    public static func definition(mapsDirectory directory: String) throws(MapCatalogError) -> GameDefinition {
        let catalog = try MapCatalog.load(directory: directory)
        return GameDefinition(
            name: name, version: version, schema: ArenaSchema.schema, inputLayout: ArenaInput.layout,
            playerIDs: ArenaRules.playerIDs, tickRates: 10...240, snapshotRates: 1...240,
            levels: catalog.entries.map { level($0.map, key: $0.fileStem) })
    }

    /// One map as a level named `key`: seats the map's `maxPlayers`, measures 256 units per
    /// tile, and offers the map's tiles as its grid.
    /// Whether a room's `welcome` (its game, tables and grid) is Arena's, tables and map size included: only then may
    /// Arena-specific views and brains read its snapshots (their arithmetic relies on
    /// Arena's field widths, so a look-alike with other tables must not get through).
    public static func describes(game: String, schema: EntitySchema, inputLayout: InputLayout, grid: TileGrid?) -> Bool {
        game == name && schema == ArenaSchema.schema && inputLayout == ArenaInput.layout
            && (grid.map { $0.width <= MapLoader.maxSide && $0.height <= MapLoader.maxSide } ?? false)
    }

    public static func level(_ map: ArenaMap, key: String) -> GameLevel {
        let tiles = map.tiles.map { UInt8($0.character.asciiValue ?? UInt8(ascii: "#")) }
        return GameLevel(key: key, title: map.name, capacity: map.maxPlayers,
                         width: Int32(map.width) * Fixed.unitsPerTile, height: Int32(map.height) * Fixed.unitsPerTile,
                         grid: TileGrid(width: map.width, height: map.height, tiles: tiles)) { seed in
            ArenaSimulation(map: map, seed: seed)
        }
    }
}
