#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads and validates map files: a header of `key: value` lines (`name`, `max-players`,
/// optional `description`), then a grid of `#` wall, `.` floor, `S` spawn, `+` pickup.
/// A blank line or the first grid line ends the header.
public enum MapLoader {
    /// Largest width and height (positions in 1/256 tile then fit 16 bits).
    public static let maxSide = 256
    /// Smallest width and height: a border around at least one floor tile.
    public static let minSide = 3

    /// Reads and parses the map file at `path`.
    public static func load(path: String) throws(MapError) -> ArenaMap {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MapError(path: path, line: nil, reason: .unreadable(String(describing: error)))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MapError(path: path, line: nil, reason: .unreadable("not valid UTF-8"))
        }
        return try parse(text: text, path: path)
    }

    /// Parses map text; `path` is only used in error messages.
    public static func parse(text: String, path: String) throws(MapError) -> ArenaMap {
        func fail(_ line: Int, _ reason: MapError.Reason) -> MapError {
            MapError(path: path, line: line, reason: reason)
        }
        // Lines with their 1-based numbers, tolerating CRLF files.
        var lines: [(number: Int, text: Substring)] = []
        // ("\r\n" is one Character in Swift, so split on both.)
        let rawLines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, raw) in rawLines.enumerated() {
            lines.append((index + 1, raw))
        }
        while let last = lines.last, isBlank(last.text) { lines.removeLast() }
        guard !lines.isEmpty else { throw fail(1, .emptyFile) }

        // Header: up to a blank line or the first grid line.
        var headerLines: [(number: Int, text: Substring)] = []
        var cursor = 0
        while cursor < lines.count, !isBlank(lines[cursor].text), !MapHeader.isGridLine(lines[cursor].text) {
            headerLines.append(lines[cursor])
            cursor += 1
        }
        let header = try MapHeader.parse(headerLines, path: path)
        while cursor < lines.count, isBlank(lines[cursor].text) { cursor += 1 }
        guard cursor < lines.count else { throw fail(lines[lines.count - 1].number, .missingGrid) }

        let grid = Array(lines[cursor...])
        let firstLine = grid[0].number
        let width = grid[0].text.count
        if width > maxSide { throw fail(firstLine, .tooLarge(width: width, height: grid.count, limit: maxSide)) }
        if grid.count > maxSide {
            throw fail(grid[maxSide].number, .tooLarge(width: width, height: grid.count, limit: maxSide))
        }

        var tiles: [Tile] = []
        tiles.reserveCapacity(width * grid.count)
        for (number, row) in grid {
            if isBlank(row) { throw fail(number, .blankLineInGrid) }
            var count = 0
            for character in row {
                count += 1
                guard let tile = Tile(character: character) else {
                    throw fail(number, .unknownTile(character, column: count))
                }
                tiles.append(tile)
            }
            if count != width { throw fail(number, .raggedRow(tiles: count, expected: width)) }
        }
        let height = grid.count
        if width < minSide || height < minSide {
            throw fail(firstLine, .tooSmall(width: width, height: height, minimum: minSide))
        }
        // Closed border: every tile of the first and last rows and columns is a wall.
        for y in 0..<height {
            let isEdgeRow = y == 0 || y == height - 1
            for x in 0..<width where isEdgeRow || x == 0 || x == width - 1 {
                let tile = tiles[y * width + x]
                if tile != .wall { throw fail(grid[y].number, .openEdge(tile.character, column: x + 1)) }
            }
        }
        let map = ArenaMap(name: header.name, maxPlayers: header.maxPlayers, description: header.description,
                           width: width, height: height, tiles: tiles)
        if map.spawns.isEmpty { throw fail(firstLine, .noSpawnPoint) }
        if map.pickups.count > ArenaRules.maxPickups {
            let tooMany = map.pickups[ArenaRules.maxPickups]
            throw fail(grid[tooMany.y].number, .tooManyPickups(map.pickups.count, limit: ArenaRules.maxPickups))
        }
        return map
    }

    private static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }
}
