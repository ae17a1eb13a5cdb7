/// The `key: value` lines at the top of a map file, validated.
struct MapHeader {
    static let requiredKeys = ["name", "max-players"]
    static let optionalKeys = ["description"]
    static var knownKeys: [String] { requiredKeys + optionalKeys }
    static let maxNameLength = 64

    var name = ""
    var maxPlayers = 0
    var description = ""

    /// Whether a line belongs to the header: the grid starts at the first line whose
    /// first character is a tile character (a grid's first row is all walls anyway).
    static func isGridLine(_ line: Substring) -> Bool {
        guard let first = line.first else { return false }
        return Tile(character: first) != nil
    }

    /// Parses `(lineNumber, text)` header lines.
    static func parse(_ lines: [(number: Int, text: Substring)], path: String) throws(MapError) -> MapHeader {
        var seen: [String: Int] = [:]
        var header = MapHeader()
        for (number, text) in lines {
            func fail(_ reason: MapError.Reason) -> MapError {
                MapError(path: path, line: number, reason: reason)
            }
            guard let colon = text.firstIndex(of: ":") else { throw fail(.malformedHeaderLine) }
            let key = String(text[..<colon]).trimmingSpaces
            let value = String(text[text.index(after: colon)...]).trimmingSpaces
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw fail(.malformedHeaderLine)
            }
            guard knownKeys.contains(key) else { throw fail(.unknownHeaderKey(key)) }
            if let first = seen[key] { throw fail(.duplicateHeaderKey(key, firstLine: first)) }
            seen[key] = number
            switch key {
            case "name":
                guard !value.isEmpty, value.count <= maxNameLength else {
                    throw fail(.invalidHeaderValue(key: key, value: value,
                                                   expected: "1 to \(maxNameLength) characters"))
                }
                header.name = value
            case "max-players":
                let limit = ArenaRules.maxPlayersLimit
                guard let count = Int(value), (1...limit).contains(count) else {
                    throw fail(.invalidHeaderValue(key: key, value: value, expected: "an integer 1...\(limit)"))
                }
                header.maxPlayers = count
            default:
                header.description = value
            }
        }
        for key in requiredKeys where seen[key] == nil {
            throw MapError(path: path, line: 1, reason: .missingHeaderKey(key))
        }
        return header
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (no Foundation needed).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }),
              let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
