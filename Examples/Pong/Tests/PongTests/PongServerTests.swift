import Foundation
import Pong
import Testing
import TickwireClient
import TickwireServer

/// A player with nothing about any game compiled in: it learns everything from `welcome`.
final class Player: GameClientDelegate {
    let client: GameClient
    var welcome: Welcome?
    var snapshots = 0
    var errors: [String] = []

    init(loop: EventLoop, port: Int, name: String, target: JoinTarget) {
        client = GameClient(loop: loop)
        client.delegate = self
        client.connect(host: "127.0.0.1", port: port, role: .player(name: name, target: target))
    }

    func gameClient(_ client: GameClient, didJoin welcome: Welcome) { self.welcome = welcome }
    func gameClient(_ client: GameClient, didApplySnapshot header: SnapshotInfo) { snapshots += 1 }
    func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String) { errors.append(message) }

    /// The value of field `name` of entity `id` in the latest world, read by the schema from `welcome`.
    func value(of id: UInt16, _ name: String) -> Int32? {
        guard let schema = client.schema, let entity = client.world.index(of: id),
              let kind = schema.kind(client.world.kinds[entity]),
              let field = kind.fields.firstIndex(where: { $0.name == name }) else { return nil }
        return client.world.value(entity, field)
    }

    /// Sends an input by field names, through the layout from `welcome`.
    func send(_ fields: [String: Int32]) {
        guard let layout = client.inputLayout else { return }
        var values = SIMD8<Int32>.zero
        for (name, value) in fields { if let index = layout.index(of: name) { values[index] = value } }
        client.sendInput(values)
    }
}

@Suite(.serialized) struct PongServerTests {
    /// Pong rooms tick, take inputs and send snapshots to a real client over a socket.
    @Test func aPongRoomTicksTakesInputsAndSendsSnapshots() throws {
        let (loop, server) = try makeServer()
        let left = Player(loop: loop, port: server.port, name: "left", target: .level(game: "pong", level: "classic"))
        #expect(runUntil(loop) { left.welcome != nil && left.snapshots > 2 })
        let welcome = try #require(left.welcome)
        #expect(welcome.game == "pong" && welcome.level == "classic" && welcome.grid == nil)
        #expect(welcome.schema == PongSimulation.schema && welcome.inputLayout == PongSimulation.inputLayout)
        let me = try #require(left.client.playerID)
        let start = try #require(left.value(of: me, "y"))
        let timer = LoopTimer(loop: loop)
        timer.start(delay: 0, repeat: 16) { left.send(["dy": 1]) }
        #expect(runUntil(loop) { (left.value(of: me, "y") ?? start) >= start + 40 }, "the paddle did not move down")
        timer.close()
        // The ball moves by itself.
        let ball = PongSimulation.ballID
        let x0 = try #require(left.value(of: ball, "x"))
        #expect(runUntil(loop) { left.value(of: ball, "x") != x0 })
        #expect(left.errors.isEmpty)
        #expect(server.rooms.map(\.game) == ["pong"])
        tearDown(loop, server, [left.client])
    }

    /// One client type, no tables compiled in, plays both games side by side in one server.
    @Test func theSameClientPlaysArenaAndPongFromWelcomeAlone() throws {
        let (loop, server) = try makeServer()
        let pong = Player(loop: loop, port: server.port, name: "p", target: .level(game: "pong", level: ""))
        let arena = Player(loop: loop, port: server.port, name: "a", target: .level(game: "arena", level: "duel"))
        #expect(runUntil(loop) { pong.snapshots > 2 && arena.snapshots > 2 })
        #expect(Set(server.rooms.map(\.game)) == ["pong", "arena"])
        let arenaID = try #require(arena.client.playerID)
        let x0 = try #require(arena.value(of: arenaID, "x")), y0 = try #require(arena.value(of: arenaID, "y"))
        // Walks east, south, west, north in turn (a wall may stop one direction, not all).
        var sent = 0
        let timer = LoopTimer(loop: loop)
        timer.start(delay: 0, repeat: 16) {
            let directions: [(Int32, Int32)] = [(127, 0), (0, 127), (-127, 0), (0, -127)]
            let (dx, dy) = directions[sent / 20 % 4]
            sent += 1
            arena.send(["moveX": dx, "moveY": dy, "aim": 0])
            pong.send(["dy": -1])
        }
        #expect(runUntil(loop) {
            let x = arena.value(of: arenaID, "x") ?? x0, y = arena.value(of: arenaID, "y") ?? y0
            return abs(x - x0) > 128 || abs(y - y0) > 128
        }, "the arena player did not move")
        timer.close()
        // Out of range for its layout (moveX is -127...127): error 4 names the field.
        arena.send(["moveX": -128])
        #expect(runUntil(loop) { arena.errors.contains { $0.contains("moveX") } })
        #expect(pong.errors.isEmpty)
        tearDown(loop, server, [pong.client, arena.client])
    }

    /// `tickwire bot --brain random` plays Pong: it joins, decodes snapshots and sends
    /// inputs within Pong's layout (anything else would be error 4).
    @Test func randomBotsPlayPong() throws {
        try #require(FileManager.default.isExecutableFile(atPath: tickwireBinary), "build tickwire first: swift build at the root")
        let (loop, server) = try makeServer()
        let bot = Process()
        bot.executableURL = URL(fileURLWithPath: tickwireBinary)
        bot.arguments = ["bot", "--url", "ws://127.0.0.1:\(server.port)", "--count", "2", "--map", "pong/classic",
                         "--brain", "random", "--duration", "2", "--json"]
        let output = Pipe()
        bot.standardOutput = output
        bot.standardError = FileHandle.nullDevice
        try bot.run()
        #expect(runUntil(loop, seconds: 15) { !bot.isRunning }, "the bots never finished")
        let summary = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(bot.terminationStatus == 0, "\(summary)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        #expect(json["connected"] as? Int == 2, "\(summary)")
        #expect((json["snapshots"] as? Int ?? 0) > 20, "\(summary)")
        #expect(server.counters.protocolErrors == 0 && server.counters.errorsSent == 0)
        #expect(server.counters.messagesIn > 40, "few inputs reached the server")
        tearDown(loop, server, [])
    }

    /// `tickwire spectate` draws a Pong room: both paddles and the ball on a plain court.
    @Test func theSpectatorDrawsAPongRoom() throws {
        try #require(FileManager.default.isExecutableFile(atPath: tickwireBinary), "build tickwire first: swift build at the root")
        try #require(Tmux.isAvailable, "tmux is needed (make test installs it)")
        let (loop, server) = try makeServer(adminToken: "pong-admin")
        let left = Player(loop: loop, port: server.port, name: "lefty", target: .room("court"))
        let right = Player(loop: loop, port: server.port, name: "righty", target: .room("court"))
        #expect(runUntil(loop) { left.snapshots > 0 && right.snapshots > 0 })
        let tmux = try Tmux(width: 100, height: 30, command: "\(tickwireBinary) spectate --url ws://127.0.0.1:\(server.port) --admin-token pong-admin --room court")
        defer { tmux.kill() }
        var screen: [String] = []
        var lastCapture: UInt64 = 0
        let drawn = runUntil(loop, seconds: 10) {
            left.send(["dy": 1])
            right.send(["dy": -1])
            guard loop.nowMilliseconds >= lastCapture + 150 else { return false }
            lastCapture = loop.nowMilliseconds
            screen = tmux.capture()
            let text = screen.joined(separator: "\n")
            // The court is rows of '.' with the paddles' 'p' and the ball's 'b' on them.
            let court = screen.filter { $0.contains(".....") }
            return text.contains("ROOM court | pong classic") && text.contains("lefty") && text.contains("righty")
                && court.filter { $0.contains("p") }.count >= 2 && court.contains { $0.contains("b") }
        }
        #expect(drawn, "screen:\n\(screen.joined(separator: "\n"))")
        tmux.press("q")
        tearDown(loop, server, [left.client, right.client])
    }
}
