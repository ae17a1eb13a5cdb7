import Arena
import GameCore

/// The one place the server meets the Arena game: it turns map files into `GameMap`s.
public enum ArenaGame {
    /// Loads every map in `directory`; the error names the file, line and reason.
    public static func catalog(directory: String) throws(MapCatalogError) -> GameCatalog {
        let loaded = try MapCatalog.load(directory: directory)
        return GameCatalog(maps: loaded.entries.map { gameMap($0.map, key: $0.fileStem) })
    }

    public static func gameMap(_ map: ArenaMap, key: String) -> GameMap {
        let tiles = map.tiles.map { UInt8($0.character.asciiValue ?? UInt8(ascii: "#")) }
        return GameMap(key: key, title: map.name, capacity: map.maxPlayers, width: map.width, height: map.height,
                       tiles: tiles) { seed in ArenaSimulation(map: map, seed: seed) }
    }
}
