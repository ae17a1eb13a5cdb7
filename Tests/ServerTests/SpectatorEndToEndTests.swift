import EventLoop
import Foundation
import TestThreads
import Testing
import Wire

/// Issue 7, "must show" 3: the built `tickwire spectate` in tmux against a `tickwire serve`
/// process with two rooms of players (driven from this test), read with capture-pane.
@Suite(.serialized, .ownThread) struct SpectatorEndToEndTests {
    static let token = "e2e-admin-token"
    static var binary: String { repositoryRoot + "/.build/debug/tickwire" }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the spectator end-to-end test needs it"))
    func spectateShowsLivePlayersSwitchesRoomAndLeavesTheTerminalSane() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build (needs \(Self.binary))")
        let port = freeLocalPort()
        let server = try ServerProcess(binary: Self.binary, port: port, token: Self.token)
        defer { server.stop() }
        let loop = try EventLoop()
        // Two players roam room "alpha"; one stands in room "beta".
        let players = RoamingPlayers(loop: loop, port: port, seats: [("alice", "alpha"), ("bob", "alpha"), ("carol", "beta")])
        defer { players.stop() }
        #expect(runUntil(loop, seconds: 15) { players.allJoined }, "players could not join the served rooms")

        let shell = try TmuxSession(width: 120, height: 40, command: "sh")
        defer { shell.kill() }
        shell.type("'\(Self.binary)' spectate --url ws://127.0.0.1:\(port) --admin-token \(Self.token); echo EXIT=$?", enter: true)

        // 1. The room list, with both rooms.
        let list = waitForScreen(loop, shell) { screen in
            screen.contains { $0.contains("alpha") && $0.contains("2/") } && screen.contains { $0.contains("beta") }
        }
        #expect(list.matched, "room list never showed alpha and beta:\n\(list.screen.joined(separator: "\n"))")

        // 2. Enter watches the selected (first) room: the map, both names, players moving.
        shell.press("Enter")
        let first = waitForScreen(loop, shell) { screen in
            screen.first?.hasPrefix("ROOM alpha") == true && screen.contains { $0.contains("alice") }
                && screen.contains { $0.contains("bob") } && Self.playerCells(screen).count == 2
        }
        #expect(first.matched, "room alpha never showed its players:\n\(first.screen.joined(separator: "\n"))")
        #expect(Self.wallCount(first.screen) > 40, "no map drawn")
        let moved = waitForScreen(loop, shell) { screen in
            let now = Self.playerCells(screen)
            return now.count == 2 && now != Self.playerCells(first.screen)
        }
        #expect(moved.matched, "players never moved on screen")

        // 3. r switches to the other room.
        shell.type("r")
        let second = waitForScreen(loop, shell) { screen in
            screen.first?.hasPrefix("ROOM beta") == true && screen.contains { $0.contains("carol") }
        }
        #expect(second.matched, "r did not switch to room beta:\n\(second.screen.joined(separator: "\n"))")

        // 4. q quits with status 0 and the shell's terminal is back to normal.
        shell.type("q")
        let exited = waitForScreen(loop, shell) { $0.contains { $0.contains("EXIT=0") } }
        #expect(exited.matched, "spectate did not exit 0 on q:\n\(exited.screen.joined(separator: "\n"))")
        #expect(Self.terminalIsSane(loop, shell), "terminal not restored (want icanon and echo on)")
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the spectator end-to-end test needs it"))
    func aWrongTokenExitsWithAClearMessage() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build (needs \(Self.binary))")
        let port = freeLocalPort()
        let server = try ServerProcess(binary: Self.binary, port: port, token: Self.token)
        defer { server.stop() }
        let loop = try EventLoop()
        let players = RoamingPlayers(loop: loop, port: port, seats: [("alice", "alpha")])
        defer { players.stop() }
        #expect(runUntil(loop, seconds: 15) { players.allJoined })
        let shell = try TmuxSession(width: 100, height: 30, command: "sh")
        defer { shell.kill() }
        shell.type("'\(Self.binary)' spectate --url ws://127.0.0.1:\(port) --admin-token not-the-token; echo EXIT=$?", enter: true)
        let refused = waitForScreen(loop, shell) { $0.contains { $0.contains("EXIT=2") } }
        #expect(refused.matched, "wrong token did not exit 2:\n\(refused.screen.joined(separator: "\n"))")
        #expect(refused.screen.contains { $0.contains("refused the admin token") })
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the spectator end-to-end test needs it"))
    func ctrlCInARoomQuitsAndRestoresTheTerminal() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build (needs \(Self.binary))")
        let port = freeLocalPort()
        let server = try ServerProcess(binary: Self.binary, port: port, token: Self.token)
        defer { server.stop() }
        let loop = try EventLoop()
        let players = RoamingPlayers(loop: loop, port: port, seats: [("dave", "gamma")])
        defer { players.stop() }
        #expect(runUntil(loop, seconds: 15) { players.allJoined })
        let shell = try TmuxSession(width: 100, height: 30, command: "sh")
        defer { shell.kill() }
        shell.type("'\(Self.binary)' spectate --url ws://127.0.0.1:\(port) --admin-token \(Self.token) --room gamma; echo EXIT=$?", enter: true)
        let watching = waitForScreen(loop, shell) { $0.first?.hasPrefix("ROOM gamma") == true && $0.contains { $0.contains("dave") } }
        #expect(watching.matched, "--room did not go straight to the room:\n\(watching.screen.joined(separator: "\n"))")
        shell.press("C-c")
        let exited = waitForScreen(loop, shell) { $0.contains { $0.contains("EXIT=0") } }
        #expect(exited.matched, "Ctrl-C did not end spectate cleanly:\n\(exited.screen.joined(separator: "\n"))")
        #expect(Self.terminalIsSane(loop, shell))
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the spectator end-to-end test needs it"))
    func aServerThatGoesAwayIsRetriedUntilItIsBack() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build (needs \(Self.binary))")
        let port = freeLocalPort()
        var server = try ServerProcess(binary: Self.binary, port: port, token: Self.token)
        defer { server.stop() }
        let loop = try EventLoop()
        let players = RoamingPlayers(loop: loop, port: port, seats: [("erin", "delta")])
        defer { players.stop() }
        #expect(runUntil(loop, seconds: 15) { players.allJoined })
        let shell = try TmuxSession(width: 100, height: 30, command: "sh")
        defer { shell.kill() }
        shell.type("'\(Self.binary)' spectate --url ws://127.0.0.1:\(port) --admin-token \(Self.token) --room delta; echo EXIT=$?", enter: true)
        let watching = waitForScreen(loop, shell) { $0.first?.hasPrefix("ROOM delta") == true }
        #expect(watching.matched)
        server.stop()
        let gone = waitForScreen(loop, shell) { $0.contains { $0.contains("server gone") } }
        #expect(gone.matched, "no message when the server went away:\n\(gone.screen.joined(separator: "\n"))")
        // Back on the same port: the player rejoins and the spectator finds the room again
        // (or lists it: a shutdown closes the rooms first, which sends the spectator to the list).
        server = try ServerProcess(binary: Self.binary, port: port, token: Self.token)
        let back = waitForScreen(loop, shell, seconds: 15) { screen in
            !screen.contains { $0.contains("server gone") }
                && (screen.first?.hasPrefix("ROOM delta") == true || screen.contains { $0.contains(" delta ") })
        }
        #expect(back.matched, "spectate did not reconnect:\n\(back.screen.joined(separator: "\n"))")
        shell.type("q")
        let exited = waitForScreen(loop, shell) { $0.contains { $0.contains("EXIT=0") } }
        #expect(exited.matched)
    }

    /// Asks the shell in the pane whether canonical mode and echo are on again.
    static func terminalIsSane(_ loop: EventLoop, _ shell: TmuxSession) -> Bool {
        shell.type("stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo STTY-DONE", enter: true)
        return waitForScreen(loop, shell) { $0.contains { $0.hasPrefix("icanon echo STTY-DONE") } }.matched
    }

    /// Screen cells showing a player (facing arrows) inside the map area, left of the scoreboard.
    static func playerCells(_ screen: [String]) -> [[Int]] {
        var cells: [[Int]] = []
        for (row, line) in screen.enumerated() where row >= 3 && row < screen.count - 2 {
            for (column, character) in line.prefix(120 - 28 - 1).enumerated() where "<>^v".contains(character) {
                cells.append([column, row])
            }
        }
        return cells
    }

    static func wallCount(_ screen: [String]) -> Int {
        screen.dropFirst(3).reduce(0) { $0 + $1.prefix(91).filter { $0 == "#" }.count }
    }
}

/// `tickwire serve` as a child process on 127.0.0.1, stopped with SIGTERM (its graceful
/// shutdown), or SIGKILL if that takes more than 5 s.
final class ServerProcess {
    let pid: pid_t
    private var stopped = false

    init(binary: String, port: Int, token: String) throws {
        pid = try spawnWithCleanSignals([
            binary, "serve", "--host", "127.0.0.1", "--port", "\(port)", "--maps", repositoryRoot + "/maps",
            "--admin-token", token, "--tick-rate", "30", "--snapshot-rate", "15", "--log-level", "warning"])
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<500 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}

/// Players on the test's loop: each (re)connects until seated, then walks in a square and
/// turns, so the spectator sees them move.
final class RoamingPlayers {
    let loop: EventLoop
    let port: Int
    var clients: [String: TestClient] = [:]
    let seats: [(name: String, room: String)]
    var timer: LoopTimer?
    var step = 0

    init(loop: EventLoop, port: Int, seats: [(String, String)]) {
        // The served process may go away under our sockets: EPIPE, not death by SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        self.loop = loop
        self.port = port
        self.seats = seats.map { (name: $0.0, room: $0.1) }
        let timer = LoopTimer(loop: loop)
        timer.start(delay: 0, repeat: 50) { [unowned self] in self.tick() }
        self.timer = timer
    }

    var allJoined: Bool { seats.allSatisfy { clients[$0.name]?.welcome != nil } }

    func tick() {
        step += 1
        for seat in seats {
            let client = clients[seat.name]
            if client == nil || client?.connectError != nil || client?.closed != nil {
                // The server may still be starting: try again.
                if step % 4 == 0 || client == nil {
                    clients[seat.name] = TestClient.connect(loop: loop, port: port) { $0.join(seat.name, .room(seat.room)) }
                }
                continue
            }
            guard client?.welcome != nil else { continue }
            // A new direction every second (20 steps): east, south, west, north.
            let phase = (step / 20) % 4
            let moves: [(Int8, Int8)] = [(127, 0), (0, 127), (-127, 0), (0, -127)]
            client?.input(moveX: moves[phase].0, moveY: moves[phase].1, aim: UInt16(phase * 16384))
        }
    }

    func stop() {
        timer?.close()
        for client in clients.values { client.connection?.abort() }
        drain(loop)
    }
}
