import EventLoop
import TestThreads
import Testing
import Wire
@testable import Server

/// What the admin's scoreboard and tick-health line are fed: per-player pings measured
/// from heartbeats, and each room's late ticks and outbound bytes per second.
@Suite(.serialized, .ownThread) struct RoomHealthTests {
    @Test func spectatorsSeePlayerPingsAndRoomBandwidth() throws {
        let (loop, server) = try makeServer {
            $0.heartbeatIntervalMilliseconds = 100
            $0.sweepIntervalMilliseconds = 50
            $0.adminToken = "s3cret-token"
        }
        let alice = TestClient.connect(loop: loop, port: server.port) { $0.join("alice", .room("h")) }
        let bob = TestClient.connect(loop: loop, port: server.port) { $0.join("bob", .room("h")) }
        #expect(runUntil(loop) { alice.welcome != nil && bob.welcome != nil })
        let watcher = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.spectate(version: ProtocolVersion.current, adminToken: "s3cret-token", room: "h"))
        }
        // Rosters keep coming to the spectator, with pings once heartbeats were answered.
        #expect(runUntil(loop) { watcher.roster.count == 2 && watcher.roster.allSatisfy { $0.pingMilliseconds != nil } })
        #expect(watcher.roster.allSatisfy { ($0.pingMilliseconds ?? .max) < 1_000 })  // loopback
        // The room list (admin view) carries the room's outbound rate.
        watcher.messages.removeAll()
        watcher.send(.listRooms)
        #expect(runUntil(loop) { watcher.messages.contains { if case .roomList = $0 { return true }; return false } })
        guard case .roomList(let rooms)? = watcher.messages.first(where: { if case .roomList = $0 { return true }; return false }),
              let room = rooms.first(where: { $0.id == "h" }) else {
            Issue.record("no room h in the list")
            tearDown(loop, server, [alice, bob, watcher])
            return
        }
        // Three clients at 30 snapshots/s: clearly more than nothing.
        #expect(room.bytesPerSecond > 500)
        #expect(room.players == 2)
        #expect(RoomsJSON.render(server.rooms).contains("\"bytesPerSecond\":"))
        tearDown(loop, server, [alice, bob, watcher])
    }

    @Test func playersSeeEachOthersPingsOnceMeasured() throws {
        let (loop, server) = try makeServer {
            $0.heartbeatIntervalMilliseconds = 100
            $0.sweepIntervalMilliseconds = 50
        }
        let alice = TestClient.connect(loop: loop, port: server.port) { $0.join("alice", .room("p")) }
        let bob = TestClient.connect(loop: loop, port: server.port) { $0.join("bob", .room("p")) }
        #expect(runUntil(loop) { alice.welcome != nil && bob.welcome != nil })
        // The join rosters carry no ping yet; a later one, sent as heartbeats are answered, does.
        #expect(runUntil(loop) { alice.roster.count == 2 && alice.roster.allSatisfy { $0.pingMilliseconds != nil } })
        #expect(alice.roster.allSatisfy { ($0.pingMilliseconds ?? .max) < 1_000 })  // loopback
        tearDown(loop, server, [alice, bob])
    }
}
