import Arena
import EventLoop
import TestThreads
import Testing
import Wire
@testable import Server

/// Issue 3, "must show" 4: real server and clients over 127.0.0.1.
@Suite(.serialized, .ownThread) struct RoomIntegrationTests {
    /// With each tick's sends in one io_uring submission (the default) and one write each.
    @Test(arguments: [true, false]) func twoPlayersSeeEachOtherMove(ioUring: Bool) throws {
        let (loop, server) = try makeServer { $0.ioUring = ioUring }
        let alice = TestClient.connect(loop: loop, port: server.port) { $0.join("alice", .room("r1")) }
        let bob = TestClient.connect(loop: loop, port: server.port) { $0.join("bob", .room("r1")) }
        #expect(runUntil(loop) { alice.welcome != nil && bob.welcome != nil })
        let aliceID = try #require(alice.welcome?.playerID)
        let bobID = try #require(bob.welcome?.playerID)
        #expect(aliceID != bobID)
        #expect(alice.welcome?.roomID == "r1" && bob.welcome?.roomID == "r1")
        // Wait until each sees the other, then note where alice stands in bob's view.
        #expect(runUntil(loop) { bob.view.player(aliceID) != nil && alice.view.player(bobID) != nil })
        let startX = try #require(bob.view.player(aliceID)?.x)
        let startY = try #require(bob.view.player(aliceID)?.y)
        // Alice walks (inputs every few ms, like a client at its frame rate).
        let walker = LoopTimerBox(loop: loop, every: 16) { alice.input(moveX: 127, moveY: 127) }
        let moved = runUntil(loop) {
            guard let seen = bob.view.player(aliceID) else { return false }
            return seen.x != startX || seen.y != startY
        }
        walker.close()
        #expect(moved, "bob never saw alice move")
        #expect(alice.snapshotErrors.isEmpty && bob.snapshotErrors.isEmpty)
        // Deltas flow once the clients acknowledge.
        #expect(bob.snapshotHeaders.contains { !$0.isFull })
        // The server applied alice's inputs and says so.
        #expect(alice.snapshotHeaders.last.map { $0.lastInputSequence > 0 } == true)
        tearDown(loop, server, [alice, bob])
    }

    @Test func joiningAFullRoomGetsRoomFull() throws {
        let (loop, server) = try makeServer { $0.maxPlayersPerRoom = 2 }
        let first = TestClient.connect(loop: loop, port: server.port) { $0.join("one", .room("small")) }
        let second = TestClient.connect(loop: loop, port: server.port) { $0.join("two", .room("small")) }
        #expect(runUntil(loop) { first.welcome != nil && second.welcome != nil })
        let third = TestClient.connect(loop: loop, port: server.port) { $0.join("three", .room("small")) }
        #expect(runUntil(loop) { !third.errors.isEmpty })
        #expect(third.errors.first?.code == .roomFull)
        #expect(third.welcome == nil)
        // Not fatal: the refused client can still list rooms.
        third.send(.listRooms)
        #expect(runUntil(loop) { third.messages.contains { if case .roomList = $0 { return true }; return false } })
        #expect(third.isOpen)
        tearDown(loop, server, [first, second, third])
    }

    @Test func anEmptyRoomIsDisposed() throws {
        let (loop, server) = try makeServer {
            $0.emptyRoomTimeoutMilliseconds = 200
            $0.sweepIntervalMilliseconds = 50
        }
        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("solo", .level(game: "", level: "duel")) }
        #expect(runUntil(loop) { player.welcome != nil })
        #expect(server.rooms.count == 1)
        #expect(server.rooms.first?.level == "duel")
        #expect(server.rooms.first?.game == "arena")
        player.send(.leave)
        #expect(runUntil(loop) { server.rooms.isEmpty })
        #expect(server.counters.roomsDisposed == 1)
        tearDown(loop, server, [player])
    }
}

/// A repeating loop timer for tests.
final class LoopTimerBox {
    let timer: LoopTimer
    init(loop: EventLoop, every milliseconds: UInt64, _ body: @escaping () -> Void) {
        timer = LoopTimer(loop: loop)
        timer.start(delay: milliseconds, repeat: milliseconds, body)
    }
    func close() { timer.close() }
}
