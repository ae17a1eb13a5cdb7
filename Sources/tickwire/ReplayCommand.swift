import Arena
import ArgumentParser
import EventLoop
import Foundation
import GameCore
import Replay
import Spectator

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Watch, verify or sum up a recording made with serve --record.",
        discussion: """
            Without flags: the spectator's view of the recording, re-simulated here (no server needed). \
            Keys: space or p pause, + and - speed (0.25x to 8x), [ and ] seek 10 s, 0 start, arrows scroll, \
            c follow, q quit.
            """)

    @Argument(help: "A replay file (.twr).") var file: String
    @Option(help: "Directory of map files the recording's level comes from.") var maps = "maps"
    @Flag(help: "Re-simulate headless, check every recorded state hash, and print the first tick that diverges.")
    var verify = false
    @Flag(help: "Print a summary as JSON: duration, players, kills per player.") var json = false

    func run() throws {
        let (player, game, level) = try open()
        if json {
            try printSummary(player, game: game)
        } else if verify {
            try verify(player)
        } else {
            try watch(player, game: game, level: level)
        }
    }

    private func open() throws -> (ReplayPlayer, GameDefinition, GameLevel) {
        guard let data = FileManager.default.contents(atPath: file) else { throw failure("cannot read the file") }
        let arena: GameDefinition
        do { arena = try ArenaGame.definition(mapsDirectory: maps) } catch { throw failure("cannot load maps from \(maps): \(error)") }
        do {
            let bytes = Array(data)
            let (game, level) = try ReplayFile.header(of: bytes).resolve(in: [arena])
            let replay = try ReplayFile(bytes: bytes, layout: game.inputLayout)
            return (ReplayPlayer(file: replay, simulation: level.makeSimulation(replay.header.seed)), game, level)
        } catch {
            throw failure(error.description)
        }
    }

    private func verify(_ player: ReplayPlayer) throws {
        var player = player
        let header = player.file.header
        let started = Date()
        let matched = player.verify()
        let seconds = max(Date().timeIntervalSince(started), 1e-6)
        let length = player.file.stepCount
        print("\(file): \(header.game) \(header.gameVersion) on \(header.level), room \(header.roomID), "
            + "\(length) ticks (\(String(format: "%.1f", Double(length) / Double(max(1, header.tickRate)))) s)")
        let ticksPerSecond = Double(player.tick) / seconds
        print("re-simulated in \(String(format: "%.1f", seconds * 1000)) ms: \(Int(ticksPerSecond)) ticks/s, "
            + "\(Int(ticksPerSecond / Double(max(1, header.tickRate))))x real time")
        if case .trailer = player.file.ending {} else { print("note: the file is \(player.file.ending.summary); verified up to tick \(player.tick)") }
        if !matched, let divergence = player.divergence {
            print("diverges at tick \(divergence.tick): recorded state hash \(hex(divergence.recorded)), replayed \(hex(divergence.replayed))")
            throw ExitCode(1)
        }
        print("verified: all \(player.hashesChecked) recorded state hashes match")
    }

    private func printSummary(_ player: ReplayPlayer, game: GameDefinition) throws {
        var player = player
        let summary = ReplaySummary(playing: &player, schema: game.schema)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    }

    private func watch(_ player: ReplayPlayer, game: GameDefinition, level: GameLevel) throws {
        let loop = try EventLoop()
        let terminal = CursesTerminal()
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let app = LocalReplayApp(loop: loop, terminal: terminal, player: player, game: game, level: level, name: name)
        app.onFinish = { loop.stop() }
        let signals = try [SIGINT, SIGTERM, SIGHUP].map { signal in try SignalWatcher(loop: loop, signal: signal) { _ in app.quit() } }
        app.start()
        loop.run()
        terminal.restore()
        signals.forEach { $0.close() }
    }

    private func failure(_ reason: String) -> ValidationError {
        ValidationError("\(file): \(reason)")
    }

    private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
