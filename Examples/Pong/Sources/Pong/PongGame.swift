import Foundation
import TickwireGame

/// A court's size and speeds, from a `levels/*.pong` file of `key: value` lines.
public struct PongCourt: Sendable, Equatable {
    public static let paddleInset: Int32 = 20
    public var name = "Court"
    public var width: Int32 = 800
    public var height: Int32 = 480
    public var paddle: Int32 = 80
    public var paddleSpeed: Int32 = 8
    public var ballSpeed: Int32 = 6

    public init() {}

    /// Parses a court file; the error names the file, the line and what is wrong.
    public static func parse(_ text: String, file: String) throws(PongLevelError) -> PongCourt {
        var court = PongCourt()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fail = { (why: String) in PongLevelError(message: "\(file):\(index + 1): \(why)") }
            guard let colon = line.firstIndex(of: ":") else { throw fail("expected key: value") }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "name" { court.name = value; continue }
            guard let number = Int32(value), number > 0, number <= 4000 else { throw fail("\(key) must be 1...4000, got \(value)") }
            switch key {
            case "width": court.width = number
            case "height": court.height = number
            case "paddle": court.paddle = number
            case "paddle-speed": court.paddleSpeed = number
            case "ball-speed": court.ballSpeed = number
            default: throw fail("unknown key \(key)")
            }
        }
        guard court.paddle < court.height, court.width > 4 * paddleInset else {
            throw PongLevelError(message: "\(file): paddle must be shorter than the court, and the court wider than \(4 * paddleInset)")
        }
        return court
    }
}

public struct PongLevelError: Error, CustomStringConvertible { public let message: String; public var description: String { message } }

/// Pong as a game a Tickwire server runs: its tables, and a level per court file.
public enum PongGame {
    public static func definition(levelsDirectory directory: String) throws(PongLevelError) -> GameDefinition {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".pong") }.sorted()
        guard !files.isEmpty else { throw PongLevelError(message: "\(directory): no .pong level files") }
        var levels: [GameLevel] = []
        for file in files {
            let path = directory + "/" + file
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw PongLevelError(message: "\(path): unreadable") }
            let court = try PongCourt.parse(text, file: path)
            levels.append(GameLevel(key: String(file.dropLast(5)), title: court.name, capacity: 2,
                                    width: court.width, height: court.height) { seed in PongSimulation(court: court, seed: seed) })
        }
        return GameDefinition(name: "pong", version: "1.0", schema: PongSimulation.schema,
                              inputLayout: PongSimulation.inputLayout, playerIDs: 1...2, tickRates: 30...120,
                              snapshotRates: 10...120, levels: levels)
    }
}
