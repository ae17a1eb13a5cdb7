import EventLoop
import Foundation
import TestThreads
import Testing
import Wire
@testable import Server

/// Issue 14, "must show" 3: a recording watched in tmux, with `tickwire replay FILE` (no
/// server) and with `tickwire spectate` on a server's replay room: the map is drawn,
/// players move, and the pause and speed keys work.
@Suite(.serialized, .ownThread) struct ReplayEndToEndTests {
    static let token = "e2e-admin-token"
    static var binary: String { SpectatorEndToEndTests.binary }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the replay end-to-end test needs it"))
    func aRecordingPlaysInTheTerminalLocallyAndFromTheServer() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build (needs \(Self.binary))")
        let directory = try RecordingTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (loop, server) = try makeServer {
            $0.recordDirectory = directory
            $0.adminToken = Self.token
        }
        defer { tearDown(loop, server, []) }
        _ = try RecordingTests.recordBots(loop, server, count: 3, ticks: 600)
        let name = try #require(RecordingTests.replays(in: directory).first)

        let local = try TmuxSession(width: 120, height: 40, command: "sh")
        defer { local.kill() }
        local.type("'\(Self.binary)' replay --maps '\(bundledMapsDirectory)' '\(directory)/\(name)'; echo EXIT=$?", enter: true)
        try Self.checkPlayback(loop, local, title: "ROOM " + String(name.dropLast(4)))
        local.type("q")
        #expect(waitForScreen(loop, local) { $0.contains { $0.contains("EXIT=0") } }.matched, "replay did not exit 0 on q")

        let remote = try TmuxSession(width: 120, height: 40, command: "sh")
        defer { remote.kill() }
        remote.type("'\(Self.binary)' spectate --url ws://127.0.0.1:\(server.port) --admin-token \(Self.token) "
                    + "--room 'replay:\(name.dropLast(4))'; echo EXIT=$?", enter: true)
        try Self.checkPlayback(loop, remote, title: "ROOM replay:" + String(name.dropLast(4)))
        remote.type("q")
        #expect(waitForScreen(loop, remote) { $0.contains { $0.contains("EXIT=0") } }.matched, "spectate did not exit 0 on q")
    }

    /// The map and three moving players; p pauses (the players stand still), + doubles the
    /// speed, p plays again and the players move on.
    static func checkPlayback(_ loop: EventLoop, _ shell: TmuxSession, title: String) throws {
        let shown = waitForScreen(loop, shell) { screen in
            screen.first?.hasPrefix(title) == true && screen.contains { $0.hasPrefix("REPLAY ") }
                && SpectatorEndToEndTests.playerCells(screen).count == 3
        }
        #expect(shown.matched, "the replay never showed three players:\n\(shown.screen.joined(separator: "\n"))")
        #expect(SpectatorEndToEndTests.wallCount(shown.screen) > 40, "no map drawn")
        let moved = waitForScreen(loop, shell) { SpectatorEndToEndTests.playerCells($0) != SpectatorEndToEndTests.playerCells(shown.screen) }
        #expect(moved.matched, "players never moved on screen")

        shell.type("p")
        let paused = waitForScreen(loop, shell) { $0.contains { $0.hasPrefix("REPLAY ") && $0.contains("| PAUSED") } }
        #expect(paused.matched, "p did not pause:\n\(paused.screen.joined(separator: "\n"))")
        // Paused: the screen settles (the last snapshot before the pause may still land), then
        // stays the same over the next ten refreshes: the same cells and the same clock.
        var previous: [String] = [], unchanged = 0
        let still = waitForScreen(loop, shell) { screen in
            unchanged = screen == previous ? unchanged + 1 : 0
            previous = screen
            return unchanged >= 10
        }
        #expect(still.matched, "a paused replay kept changing:\n\(still.screen.joined(separator: "\n"))")

        shell.type("+")
        let faster = waitForScreen(loop, shell) { $0.contains { $0.hasPrefix("REPLAY ") && $0.contains("| 2x |") } }
        #expect(faster.matched, "+ did not double the speed:\n\(faster.screen.joined(separator: "\n"))")
        shell.type("0")
        shell.type("p")
        let playing = waitForScreen(loop, shell) { screen in
            !screen.contains { $0.contains("| PAUSED") } && SpectatorEndToEndTests.playerCells(screen) != SpectatorEndToEndTests.playerCells(still.screen)
        }
        #expect(playing.matched, "p did not play again:\n\(playing.screen.joined(separator: "\n"))")
    }
}
