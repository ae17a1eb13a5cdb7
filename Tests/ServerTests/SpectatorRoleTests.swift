import Arena
import EventLoop
import TestThreads
import Testing
import Wire
@testable import Server

/// Issue 7, "must show" 2: the spectator role over 127.0.0.1 — admin token required,
/// not counted toward capacity, and no inputs.
@Suite(.serialized, .ownThread) struct SpectatorRoleTests {
    static let token = "admin-secret"

    static func spectate(_ client: TestClient, token: String = Self.token, room: String) {
        client.send(.spectate(version: ProtocolVersion.current, adminToken: token, room: room))
    }

    @Test func noAdminTokenConfiguredMeansSpectatingIsOff() throws {
        let (loop, server) = try makeServer()
        let admin = TestClient.connect(loop: loop, port: server.port) { Self.spectate($0, room: "") }
        #expect(runUntil(loop) { !admin.errors.isEmpty })
        #expect(admin.errors.first?.code == .spectatingDisabled)
        #expect(admin.welcome == nil)
        #expect(admin.isOpen, "spectatingDisabled leaves the connection open")
        tearDown(loop, server, [admin])
    }

    @Test func wrongTokenIsRefusedAndTheConnectionCloses() throws {
        let (loop, server) = try makeServer { $0.adminToken = Self.token }
        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("alice", .room("r1")) }
        #expect(runUntil(loop) { player.welcome != nil })
        let intruder = TestClient.connect(loop: loop, port: server.port) { Self.spectate($0, token: "admin-secreT", room: "r1") }
        #expect(runUntil(loop) { intruder.closed != nil })
        #expect(intruder.errors.first?.code == .notAuthorized)
        #expect(intruder.closed?.code.rawValue == 1008)
        #expect(intruder.welcome == nil)
        #expect(intruder.snapshotHeaders.isEmpty)
        tearDown(loop, server, [player, intruder])
    }

    @Test func theRightTokenListsRoomsWithHealthAndUnknownRoomsAreNotFound() throws {
        let (loop, server) = try makeServer { $0.adminToken = Self.token }
        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("alice", .room("r1")) }
        #expect(runUntil(loop) { player.welcome != nil })
        let admin = TestClient.connect(loop: loop, port: server.port) { Self.spectate($0, room: "") }
        let listed = runUntil(loop) {
            admin.messages.contains { if case .roomList(let rooms) = $0 { return rooms.map(\.id) == ["r1"] }; return false }
        }
        #expect(listed)
        Self.spectate(admin, room: "nowhere")
        #expect(runUntil(loop) { admin.errors.contains { $0.code == .roomNotFound } })
        #expect(admin.isOpen)
        tearDown(loop, server, [player, admin])
    }

    @Test func aSpectatorWatchesAFullRoomWithoutTakingASeat() throws {
        let (loop, server) = try makeServer {
            $0.adminToken = Self.token
            $0.maxPlayersPerRoom = 2
        }
        let one = TestClient.connect(loop: loop, port: server.port) { $0.join("one", .room("small")) }
        let two = TestClient.connect(loop: loop, port: server.port) { $0.join("two", .room("small")) }
        #expect(runUntil(loop) { one.welcome != nil && two.welcome != nil })
        let admin = TestClient.connect(loop: loop, port: server.port) { Self.spectate($0, room: "small") }
        #expect(runUntil(loop) { admin.view.players.count == 2 })
        #expect(admin.messages.contains { if case .spectating = $0 { return true }; return false })
        #expect(admin.welcome?.playerID == 0)
        #expect(admin.welcome?.roomID == "small")
        #expect(admin.roster.map(\.name).sorted() == ["one", "two"])
        // The room still reports two of two players, and a third player is still refused.
        #expect(server.rooms.first { $0.id == "small" }?.players == 2)
        admin.send(.listRooms)
        let listedTwo = runUntil(loop) {
            admin.messages.contains { if case .roomList(let rooms) = $0 { return rooms.first?.players == 2 && rooms.first?.capacity == 2 }; return false }
        }
        #expect(listedTwo)
        let three = TestClient.connect(loop: loop, port: server.port) { $0.join("three", .room("small")) }
        #expect(runUntil(loop) { !three.errors.isEmpty })
        #expect(three.errors.first?.code == .roomFull)
        // Deltas flow to the spectator as it acknowledges.
        #expect(runUntil(loop) { admin.snapshotHeaders.contains { !$0.isFull } })
        #expect(admin.snapshotErrors.isEmpty)
        tearDown(loop, server, [one, two, three, admin])
    }

    @Test func aSpectatorsInputIsRefusedAndMovesNothing() throws {
        let (loop, server) = try makeServer { $0.adminToken = Self.token }
        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("alice", .room("r1")) }
        #expect(runUntil(loop) { player.welcome != nil })
        let admin = TestClient.connect(loop: loop, port: server.port) { Self.spectate($0, room: "r1") }
        #expect(runUntil(loop) { admin.view.players.count == 1 })
        let before = try #require(admin.view.players.first)
        let startTick = admin.view.tick
        for _ in 0..<10 { admin.input(moveX: 127, moveY: 127, aim: 16384, fire: true) }
        #expect(runUntil(loop) { admin.errors.contains { $0.code == .unexpectedMessage } })
        #expect(admin.errors.allSatisfy { $0.code == .unexpectedMessage })
        #expect(admin.errors.first?.message == "spectators cannot send input")
        // Time passes in the room; still one player, standing where it stood, no shots.
        #expect(runUntil(loop) { admin.view.tick > startTick + 30 })
        let after = admin.view
        #expect(after.players.count == 1)
        #expect(after.players.first?.x == before.x && after.players.first?.y == before.y)
        #expect(after.projectiles.isEmpty)
        #expect(admin.isOpen, "a refused input does not cost the spectator its connection")
        tearDown(loop, server, [player, admin])
    }
}
