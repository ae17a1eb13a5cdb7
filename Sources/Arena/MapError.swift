/// Why a map file was rejected, with the file and the 1-based line to look at.
public struct MapError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong; `description` says it in words.
    public enum Reason: Sendable, Equatable {
        /// The file could not be read at all (no line).
        case unreadable(String)
        /// Nothing but blank lines.
        case emptyFile
        /// A header line that is not `key: value`.
        case malformedHeaderLine
        /// A header key other than `name`, `max-players` and `description`.
        case unknownHeaderKey(String)
        /// A header key given twice; `firstLine` is where it first appeared.
        case duplicateHeaderKey(String, firstLine: Int)
        /// A required header key (`name`, `max-players`) is absent.
        case missingHeaderKey(String)
        /// A header value out of bounds; `expected` says what is allowed.
        case invalidHeaderValue(key: String, value: String, expected: String)
        /// Header present but no grid after it.
        case missingGrid
        /// A blank line between grid rows.
        case blankLineInGrid
        /// A grid row longer or shorter than the first.
        case raggedRow(tiles: Int, expected: Int)
        /// A grid character that is no tile; `column` is 1-based.
        case unknownTile(Character, column: Int)
        /// Wider or taller than `MapLoader.maxSide`.
        case tooLarge(width: Int, height: Int, limit: Int)
        /// Narrower or shorter than `MapLoader.minSide`.
        case tooSmall(width: Int, height: Int, minimum: Int)
        /// A non-wall tile on the map's border, where players could walk off the map.
        case openEdge(Character, column: Int)
        /// No `S` tile.
        case noSpawnPoint
        /// More `+` tiles than `ArenaRules.maxPickups`.
        case tooManyPickups(Int, limit: Int)
    }

    /// The file's path as given.
    public let path: String
    /// 1-based line in the file; nil only for `.unreadable`.
    public let line: Int?
    /// What is wrong.
    public let reason: Reason

    /// An error at `line` (1-based) of `path`.
    public init(path: String, line: Int?, reason: Reason) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// "path:line: reason", like a compiler's messages.
    public var description: String {
        if let line { return "\(path):\(line): \(reason)" }
        return "\(path): \(reason)"
    }
}

extension MapError.Reason: CustomStringConvertible {
    /// The reason in words, naming what is allowed where that helps.
    public var description: String {
        switch self {
        case .unreadable(let why): "cannot read map file: \(why)"
        case .emptyFile: "empty file"
        case .malformedHeaderLine: "header line is not 'key: value'"
        case .unknownHeaderKey(let key):
            "unknown header key '\(key)' (known: \(MapHeader.knownKeys.joined(separator: ", ")))"
        case .duplicateHeaderKey(let key, let firstLine): "duplicate header key '\(key)' (first on line \(firstLine))"
        case .missingHeaderKey(let key): "missing header key '\(key)'"
        case .invalidHeaderValue(let key, let value, let expected): "invalid \(key) '\(value)': expected \(expected)"
        case .missingGrid: "no grid after the header"
        case .blankLineInGrid: "blank line inside the grid"
        case .raggedRow(let tiles, let expected): "ragged row: \(tiles) tiles, expected \(expected)"
        case .unknownTile(let character, let column):
            "unknown tile '\(character)' at column \(column) (tiles: # wall, . floor, S spawn, + pickup)"
        case .tooLarge(let width, let height, let limit):
            "map too large: \(width)x\(height), limit \(limit)x\(limit)"
        case .tooSmall(let width, let height, let minimum):
            "map too small: \(width)x\(height), minimum \(minimum)x\(minimum)"
        case .openEdge(let character, let column):
            "map open at its edge: '\(character)' at column \(column) on the border (border tiles must be '#')"
        case .noSpawnPoint: "no spawn point ('S') in the grid"
        case .tooManyPickups(let count, let limit): "too many pickups: \(count), limit \(limit)"
        }
    }
}
