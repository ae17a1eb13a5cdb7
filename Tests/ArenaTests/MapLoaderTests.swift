import Testing
@testable import Arena

@Suite struct MapLoaderTests {
    @Test func parsesHeaderGridSpawnsAndPickups() throws {
        let map = try MapLoader.parse(text: "name: Tiny\r\nmax-players: 3\r\ndescription:  a  room \r\n\r\n#####\r\n#S+.#\r\n#####\r\n", path: "t.map")
        #expect(map.name == "Tiny")
        #expect(map.maxPlayers == 3)
        #expect(map.description == "a  room")
        #expect(map.width == 5 && map.height == 3)
        #expect(map.spawns == [TilePoint(x: 1, y: 1)])
        #expect(map.pickups == [TilePoint(x: 2, y: 1)])
        #expect(map.tile(x: 3, y: 1) == .floor)
        #expect(map.isWall(x: -1, y: 1) && map.isWall(x: 5, y: 1))
        #expect(map.gridText == "#####\n#S+.#\n#####\n")
    }

    @Test func gridMayFollowTheHeaderWithoutABlankLine() throws {
        let map = try MapLoader.parse(text: "name: A\nmax-players: 2\n###\n#S#\n###", path: "a.map")
        #expect(map.height == 3)
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        let label: String
        let text: String
        let line: Int
        let reason: MapError.Reason
        let message: String
        var testDescription: String { label }
    }

    static let header = "name: Bad\nmax-players: 4\n\n"

    static let badFiles: [BadFile] = [
        BadFile(label: "empty", text: "", line: 1, reason: .emptyFile, message: "bad.map:1: empty file"),
        BadFile(label: "only blank lines", text: "\n  \n\n", line: 1, reason: .emptyFile, message: "bad.map:1: empty file"),
        BadFile(label: "ragged row", text: header + "#####\n#S..#\n#...\n#####\n", line: 6,
                reason: .raggedRow(tiles: 4, expected: 5), message: "bad.map:6: ragged row: 4 tiles, expected 5"),
        BadFile(label: "unknown tile", text: header + "#####\n#S.x#\n#####\n", line: 5,
                reason: .unknownTile("x", column: 4), message: "bad.map:5: unknown tile 'x' at column 4"),
        BadFile(label: "no spawn", text: header + "#####\n#...#\n#####\n", line: 4,
                reason: .noSpawnPoint, message: "bad.map:4: no spawn point"),
        BadFile(label: "open left edge", text: header + "#####\n.S..#\n#####\n", line: 5,
                reason: .openEdge(".", column: 1), message: "bad.map:5: map open at its edge: '.' at column 1"),
        BadFile(label: "open bottom edge", text: header + "#####\n#S..#\n##+##\n", line: 6,
                reason: .openEdge("+", column: 3), message: "bad.map:6: map open at its edge"),
        BadFile(label: "too wide", text: header + String(repeating: "#", count: 257) + "\n", line: 4,
                reason: .tooLarge(width: 257, height: 1, limit: 256), message: "bad.map:4: map too large: 257x1, limit 256x256"),
        BadFile(label: "too tall", text: header + String(repeating: "###\n", count: 300), line: 260,
                reason: .tooLarge(width: 3, height: 300, limit: 256), message: "bad.map:260: map too large: 3x300"),
        BadFile(label: "too small", text: header + "##\n##\n", line: 4,
                reason: .tooSmall(width: 2, height: 2, minimum: 3), message: "bad.map:4: map too small: 2x2, minimum 3x3"),
        BadFile(label: "missing name", text: "max-players: 4\n\n###\n#S#\n###\n", line: 1,
                reason: .missingHeaderKey("name"), message: "bad.map:1: missing header key 'name'"),
        BadFile(label: "missing max-players", text: "name: X\n\n###\n#S#\n###\n", line: 1,
                reason: .missingHeaderKey("max-players"), message: "bad.map:1: missing header key 'max-players'"),
        BadFile(label: "max-players not an integer", text: "name: X\nmax-players: many\n\n###\n#S#\n###\n", line: 2,
                reason: .invalidHeaderValue(key: "max-players", value: "many", expected: "an integer 1...64"),
                message: "bad.map:2: invalid max-players 'many': expected an integer 1...64"),
        BadFile(label: "max-players out of range", text: "name: X\nmax-players: 65\n\n###\n#S#\n###\n", line: 2,
                reason: .invalidHeaderValue(key: "max-players", value: "65", expected: "an integer 1...64"),
                message: "bad.map:2: invalid max-players '65'"),
        BadFile(label: "empty name", text: "name:\nmax-players: 2\n\n###\n#S#\n###\n", line: 1,
                reason: .invalidHeaderValue(key: "name", value: "", expected: "1 to 64 characters"),
                message: "bad.map:1: invalid name ''"),
        BadFile(label: "duplicate key", text: "name: X\nmax-players: 2\nname: Y\n\n###\n#S#\n###\n", line: 3,
                reason: .duplicateHeaderKey("name", firstLine: 1),
                message: "bad.map:3: duplicate header key 'name' (first on line 1)"),
        BadFile(label: "unknown key", text: "name: X\nmax-players: 2\ngravity: 9\n\n###\n#S#\n###\n", line: 3,
                reason: .unknownHeaderKey("gravity"), message: "bad.map:3: unknown header key 'gravity'"),
        BadFile(label: "malformed header", text: "name = X\nmax-players: 2\n\n###\n#S#\n###\n", line: 1,
                reason: .malformedHeaderLine, message: "bad.map:1: header line is not 'key: value'"),
        BadFile(label: "header without grid", text: "name: X\nmax-players: 2\n\n\n", line: 2,
                reason: .missingGrid, message: "bad.map:2: no grid after the header"),
        BadFile(label: "blank line in grid", text: header + "#####\n#S..#\n\n#...#\n#####\n", line: 6,
                reason: .blankLineInGrid, message: "bad.map:6: blank line inside the grid"),
    ]

    @Test(arguments: badFiles)
    func rejectsBadFileWithPathLineAndReason(_ bad: BadFile) {
        #expect(throws: MapError(path: "bad.map", line: bad.line, reason: bad.reason)) {
            try MapLoader.parse(text: bad.text, path: "bad.map")
        }
        do {
            _ = try MapLoader.parse(text: bad.text, path: "bad.map")
        } catch {
            #expect(error.description.hasPrefix(bad.message), "\(error.description)")
        }
    }

    @Test func tooManyPickupsIsRejected() {
        let row = "#" + String(repeating: "+", count: 254) + "#\n"
        let text = Self.header + String(repeating: "#", count: 256) + "\n#S" + String(repeating: ".", count: 253) + "#\n"
            + String(repeating: row, count: 17) + String(repeating: "#", count: 256) + "\n"
        #expect(throws: MapError.self) { try MapLoader.parse(text: text, path: "many.map") }
        do {
            _ = try MapLoader.parse(text: text, path: "many.map")
        } catch {
            guard case .tooManyPickups(let count, let limit) = error.reason else {
                Issue.record("wrong reason: \(error)")
                return
            }
            #expect(count == 254 * 17)
            #expect(limit == ArenaRules.maxPickups)
        }
    }

    @Test func missingFileIsUnreadableWithoutLine() {
        do {
            _ = try MapLoader.load(path: "/nonexistent/nowhere.map")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == nil)
            #expect(error.description.hasPrefix("/nonexistent/nowhere.map: cannot read map file"))
        }
    }
}
