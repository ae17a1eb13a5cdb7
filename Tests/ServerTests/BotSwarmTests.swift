import Client
import Arena
import Bots
import EventLoop
import TestThreads
import WebSocket
import Testing
import Wire
@testable import Server

/// Issue 6, "must show" 1 and 2: bots play a real server over 127.0.0.1, on the test's loop.
@Suite(.serialized, .ownThread) struct BotSwarmTests {
    /// What the server's simulation showed while the bots played, accumulated tick by tick
    /// (the sim only keeps the last tick's events).
    struct Observed {
        var startPositions: [UInt16: (Int32, Int32)] = [:]
        var moved = false
        var fired = false
        var killed = false
        var pickedUp = false
        var allMet: Bool { moved && fired && killed && pickedUp }

        mutating func look(at simulation: ArenaSimulation) {
            for player in simulation.players {
                guard let start = startPositions[player.id] else { startPositions[player.id] = (player.x, player.y); continue }
                if abs(player.x - start.0) + abs(player.y - start.1) > Fixed.unitsPerTile { moved = true }
                if player.score > 0 { killed = true }
            }
            if !simulation.projectiles.isEmpty { fired = true }
            if simulation.pickups.contains(where: { !$0.active }) { pickedUp = true }
        }
    }

    @Test func eightBotsMoveFireKillAndPickUpHealth() throws {
        let (loop, server) = try makeServer { $0.maxPlayersPerRoom = 8 }
        var configuration = SwarmConfiguration(url: WebSocketURL(host: "127.0.0.1", port: server.port))
        configuration.count = 8
        configuration.target = .level(game: "", level: "arena")
        configuration.profiles = [BotProfile(behaviour: .hunter, reactionMilliseconds: 150, aimErrorDegrees: 4),
                                  BotProfile(behaviour: .medic, reactionMilliseconds: 150, aimErrorDegrees: 4)]
        configuration.seed = 7
        let swarm = BotSwarm(loop: loop, configuration: configuration)
        swarm.start()
        #expect(runUntil(loop, seconds: 5) { swarm.playingCount == 8 })
        #expect(server.rooms.count == 1, "all eight bots share one room")

        var observed = Observed()
        let met = runUntil(loop, seconds: 30) {
            if let simulation = server.registry.rooms.first?.simulation as? ArenaSimulation { observed.look(at: simulation) }
            return observed.allMet
        }
        #expect(met, "moved \(observed.moved), fired \(observed.fired), killed \(observed.killed), picked up \(observed.pickedUp)")

        swarm.stop()
        #expect(runUntil(loop, seconds: 5) { swarm.isFinished })
        let summary = try #require(swarm.summary)
        #expect(summary.outcome == .interrupted)
        #expect(summary.connected == 8 && summary.failed == 0)
        #expect(summary.snapshots > 0 && summary.bytesReceived > 0 && summary.inputsSent > 0)
        #expect(summary.rttMilliseconds.count > 0 && summary.inputLatencyMilliseconds.count > 0)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        // The bots closed with 1000: the server sees them go.
        #expect(runUntil(loop, seconds: 3) { server.connectionCount == 0 })
        tearDown(loop, server, [])
    }

    @Test func aServerThatIsNotThereIsAConnectFailure() throws {
        let (loop, server) = try makeServer()
        let port = server.port
        tearDown(loop, server, [])  // nothing listens on `port` any more
        var configuration = SwarmConfiguration(url: WebSocketURL(host: "127.0.0.1", port: port))
        configuration.count = 3
        let swarm = BotSwarm(loop: loop, configuration: configuration)
        swarm.start()
        #expect(runUntil(loop, seconds: 5) { swarm.isFinished })
        let summary = try #require(swarm.summary)
        #expect(summary.outcome == .failed)
        #expect(summary.exitCode != 0)
        #expect(summary.message.hasPrefix("cannot connect to ws://127.0.0.1:\(port)/: ECONNREFUSED"), "\(summary.message)")
        #expect(summary.connected == 0 && summary.failed == 3)
        #expect(summary.errors["connect-failed"] == 3)
    }

    @Test func aServerThatGoesAwayEndsTheRunWithAFailure() throws {
        let (loop, server) = try makeServer()
        var configuration = SwarmConfiguration(url: WebSocketURL(host: "127.0.0.1", port: server.port))
        configuration.count = 2
        let swarm = BotSwarm(loop: loop, configuration: configuration)
        swarm.start()
        #expect(runUntil(loop, seconds: 5) { swarm.playingCount == 2 })
        server.webSocketServer.closeAll(code: .goingAway, reason: "server shutting down")
        #expect(runUntil(loop, seconds: 5) { swarm.isFinished })
        let summary = try #require(swarm.summary)
        #expect(summary.outcome == .failed && summary.exitCode != 0)
        #expect(summary.message.contains("lost the server"), "\(summary.message)")
        #expect(summary.message.contains("1001"), "\(summary.message)")
        #expect(summary.errors["closed-1001"] == 2, "\(summary.errors)")
        tearDown(loop, server, [])
    }

    @Test func aRefusedJoinIsReportedWithTheServersReason() throws {
        let (loop, server) = try makeServer()
        var configuration = SwarmConfiguration(url: WebSocketURL(host: "127.0.0.1", port: server.port))
        configuration.target = .level(game: "", level: "no-such-map")
        let swarm = BotSwarm(loop: loop, configuration: configuration)
        swarm.start()
        #expect(runUntil(loop, seconds: 5) { swarm.isFinished })
        let summary = try #require(swarm.summary)
        #expect(summary.outcome == .failed)
        #expect(summary.message.contains("no-such-map"), "\(summary.message)")
        #expect(summary.errors["server-error-unknownMap"] == 1, "\(summary.errors)")
        tearDown(loop, server, [])
    }

    /// Upgrades and then says nothing: no welcome, no error.
    final class SilentHandler: WebSocketHandler {
        func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {}
        func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) {}
    }

    /// Bots against a server that upgrades and then says nothing; the run's summary and the
    /// server's URL.
    func runAgainstASilentServer(_ configure: (inout SwarmConfiguration) -> Void) throws -> (SwarmSummary, String) {
        let loop = try EventLoop()
        let handler = SilentHandler()
        let server = try WebSocketServer(loop: loop, configuration: .init(
            host: "127.0.0.1", port: 0, handshake: ServerHandshakeConfig(subprotocols: [ProtocolVersion.subprotocol])),
            onOpen: { connection, _, _ in connection.handler = handler })
        defer { server.shutdown() }
        var configuration = SwarmConfiguration(url: WebSocketURL(host: "127.0.0.1", port: server.port))
        configure(&configuration)
        let swarm = BotSwarm(loop: loop, configuration: configuration)
        swarm.start()
        #expect(runUntil(loop, seconds: 5) { swarm.isFinished })
        return (try #require(swarm.summary), "ws://127.0.0.1:\(server.port)/")
    }

    /// A server that upgrades but never answers the join is a failure at the join deadline,
    /// not a run that waits forever.
    @Test func aJoinNobodyAnswersFailsAtItsDeadline() throws {
        let (summary, url) = try runAgainstASilentServer {
            $0.count = 2
            $0.joinTimeoutMilliseconds = 300
        }
        #expect(summary.outcome == .failed && summary.exitCode != 0)
        #expect(summary.message == "cannot connect to \(url): no answer to the join from the server within 0.3 s", "\(summary.message)")
        #expect(summary.errors["join-timeout"] == 2, "\(summary.errors)")
        #expect(summary.connected == 0 && summary.failed == 2)
    }

    /// A run whose duration ends before any bot joined did not load the server: it fails.
    @Test func aRunInWhichNoBotJoinedFails() throws {
        let (summary, url) = try runAgainstASilentServer { $0.durationSeconds = 0.3 }
        #expect(summary.outcome == .failed && summary.exitCode != 0)
        #expect(summary.message == "no bot joined a room at \(url) in the run's 0.3 s: every bot is still joining", "\(summary.message)")
    }
}
