import GameCore

/// Arena as a game the server can run: its tables and its levels, the maps of a directory.
public enum ArenaGame {
    public static let name = "arena"
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

    public static func level(_ map: ArenaMap, key: String) -> GameLevel {
        let tiles = map.tiles.map { UInt8($0.character.asciiValue ?? UInt8(ascii: "#")) }
        return GameLevel(key: key, title: map.name, capacity: map.maxPlayers,
                         width: Int32(map.width) * Fixed.unitsPerTile, height: Int32(map.height) * Fixed.unitsPerTile,
                         grid: TileGrid(width: map.width, height: map.height, tiles: tiles)) { seed in
            ArenaSimulation(map: map, seed: seed)
        }
    }
}
