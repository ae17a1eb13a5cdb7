import Client
import EventLoop
import TestThreads
import Testing
import Wire
@testable import Server

/// The Swift client takes its seat back after a lost connection, as the JavaScript one does.
@Suite(.serialized, .ownThread) struct GameClientResumeTests {
    final class Events: GameClientDelegate {
        var joins = 0
        var disconnects: [String] = []
        func gameClient(_ client: GameClient, didJoin welcome: Welcome) { joins += 1 }
        func gameClient(_ client: GameClient, didDisconnect reason: String) { disconnects.append(reason) }
    }

    func player(_ loop: EventLoop, _ port: Int, resumeWithin: UInt64) -> (GameClient, Events) {
        let client = GameClient(loop: loop)
        let events = Events()
        client.delegate = events
        client.resumeWithinMilliseconds = resumeWithin
        client.connect(host: "127.0.0.1", port: port, role: .player(name: "ada", target: .room("resume")))
        return (client, events)
    }

    @Test func aLostConnectionIsResumedIntoTheSameSeat() throws {
        let (loop, server) = try makeServer { $0.reconnectGraceMilliseconds = 10_000 }
        let (client, events) = player(loop, server.port, resumeWithin: 5_000)
        #expect(runUntil(loop) { client.appliedTick > 0 })
        let seat = try #require(client.playerID)
        let token = client.welcome?.sessionToken

        // The server loses the connection (as a heartbeat drop does): no close frame.
        try #require(session(of: seat, in: server)).connection.abort()
        #expect(runUntil(loop) { client.isResuming })
        #expect(runUntil(loop) { !client.isResuming && client.isConnected && events.joins == 2 })
        #expect(client.playerID == seat && client.welcome?.sessionToken == token)
        let tick = client.appliedTick
        #expect(runUntil(loop) { client.appliedTick > tick }, "no snapshot after the resume")
        #expect(events.disconnects.isEmpty)
        #expect(server.playerCount == 1 && server.counters.resumes == 1)
        client.close()
        tearDown(loop, server, [])
    }

    @Test func withoutAServerToGoBackToItGivesUpAtItsDeadline() throws {
        let (loop, server) = try makeServer()
        let (client, events) = player(loop, server.port, resumeWithin: 600)
        #expect(runUntil(loop) { client.appliedTick > 0 })
        server.webSocketServer.stopAccepting()
        try #require(session(of: client.playerID!, in: server)).connection.abort()
        #expect(runUntil(loop) { !events.disconnects.isEmpty })
        #expect(events.disconnects.first?.contains("no resume within 600 ms") == true, "\(events.disconnects)")
        #expect(!client.isResuming)
        tearDown(loop, server, [])
    }

    @Test func aCloseOnPurposeIsNotResumed() throws {
        let (loop, server) = try makeServer()
        let (client, events) = player(loop, server.port, resumeWithin: 5_000)
        #expect(runUntil(loop) { client.appliedTick > 0 })
        client.close()
        #expect(runUntil(loop) { !events.disconnects.isEmpty })
        #expect(!client.isResuming && events.joins == 1)
        tearDown(loop, server, [])
    }
}
