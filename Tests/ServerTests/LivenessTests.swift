import Arena
import EventLoop
import Foundation
import TestThreads
import Testing
import WebSocket
import Wire
@testable import Server

/// Issue 5, "must show" 1-4 and idle players: real server and clients over 127.0.0.1.
/// The rules' exact timing is tested on a fake clock (`Rules/`); these wait for events.
@Suite(.serialized, .ownThread) struct LivenessTests {
    /// 1. A client that stops answering pings is dropped, and the other player sees it leave.
    @Test func silentClientIsDroppedAndOthersSeeItLeave() throws {
        let interval: UInt64 = 200
        let sweep: UInt64 = 50
        let (loop, server) = try makeServer {
            $0.heartbeatIntervalMilliseconds = interval
            $0.sweepIntervalMilliseconds = sweep
            $0.reconnectGraceMilliseconds = 0  // a dropped player leaves at once
        }
        let bob = TestClient.connect(loop: loop, port: server.port) { $0.join("bob", .room("hb")) }
        #expect(runUntil(loop) { bob.welcome != nil })
        // A hand-made client that upgrades, joins, reads everything, and never pongs.
        let mute = RawClient.connect(loop: loop, port: server.port) { $0.upgrade(port: server.port) }
        #expect(runUntil(loop) { mute.upgraded })
        mute.sendMessage(.join(version: ProtocolVersion.current, name: "mute", target: .room("hb")))
        #expect(runUntil(loop) { bob.roster.contains { $0.name == "mute" } })
        let muteID = try #require(bob.roster.first { $0.name == "mute" }?.id)
        #expect(runUntil(loop) { bob.view.player(muteID) != nil }, "bob never saw mute in a snapshot")

        #expect(runUntil(loop, seconds: Double(interval * 2 + sweep) / 1000 + 2) { mute.closed },
                "the silent client was never dropped")
        #expect(mute.pingsReceived >= 2)
        #expect(server.counters.dropsHeartbeat == 1)

        // Bob (who answers pings) stays, and sees mute leave: roster and snapshots.
        #expect(runUntil(loop) { !bob.roster.contains { $0.name == "mute" } && bob.view.player(muteID) == nil })
        #expect(bob.isOpen)
        #expect(bob.roster.map(\.name) == ["bob"])
        #expect(server.playerCount == 1)
        tearDown(loop, server, [bob])
    }

    /// A player that pongs but sends no input for `idleTimeout` is removed with error
    /// idleTimeout (and close 1008); a player that keeps playing stays.
    @Test func idlePlayerIsRemovedWithIdleTimeout() throws {
        let (loop, server) = try makeServer {
            $0.idleTimeoutMilliseconds = 300
            $0.sweepIntervalMilliseconds = 50
        }
        let active = TestClient.connect(loop: loop, port: server.port) { $0.join("active", .room("idle")) }
        let afk = TestClient.connect(loop: loop, port: server.port) { $0.join("afk", .room("idle")) }
        #expect(runUntil(loop) { active.welcome != nil && afk.welcome != nil })
        let afkID = try #require(afk.welcome?.playerID)
        let walker = LoopTimerBox(loop: loop, every: 30) { active.input() }
        #expect(runUntil(loop, seconds: 3) { afk.errors.contains { $0.code == .idleTimeout } })
        #expect(runUntil(loop) { afk.closed != nil })
        #expect(afk.closed?.code == .policyViolation)
        #expect(runUntil(loop) { !active.roster.contains { $0.id == afkID } && active.view.player(afkID) == nil })
        // The active player is not touched, even well past the idle timeout (a second of
        // snapshots at 30 per second).
        let seen = active.snapshotHeaders.count
        #expect(runUntil(loop) { active.snapshotHeaders.count >= seen + 30 })
        walker.close()
        #expect(active.isOpen && active.errors.isEmpty)
        #expect(server.counters.dropsIdle == 1)
        #expect(server.playerCount == 1)
        tearDown(loop, server, [active, afk])
    }

    /// 3. A lost connection resumes within the grace period: same player, same place.
    /// After the grace period, the token is refused with invalidToken.
    @Test func lostPlayerResumesWithinGraceThenTokenExpires() throws {
        let grace: UInt64 = 600
        let (loop, server) = try makeServer {
            $0.reconnectGraceMilliseconds = grace
            $0.sweepIntervalMilliseconds = 50
        }
        let alice = TestClient.connect(loop: loop, port: server.port) { $0.join("alice", .room("rc")) }
        let bob = TestClient.connect(loop: loop, port: server.port) { $0.join("bob", .room("rc")) }
        #expect(runUntil(loop) { alice.welcome != nil && bob.welcome != nil })
        let aliceID = try #require(alice.welcome?.playerID)
        let token = try #require(alice.welcome?.sessionToken)
        // Alice walks a little, then stands still; bob keeps playing.
        let walker = LoopTimerBox(loop: loop, every: 16) { alice.input(moveX: 127, moveY: 60) }
        let bobInputs = LoopTimerBox(loop: loop, every: 30) { bob.input() }
        #expect(runUntil(loop) { alice.snapshotHeaders.count > 10 })
        walker.close()
        alice.input()  // a "stand still" input, so the repeated last input stops her
        // Wait until she has stood still for several snapshots in a row.
        var still = 0
        var seenCount = alice.snapshotHeaders.count
        var last = alice.view.player(aliceID)
        #expect(runUntil(loop) {
            guard alice.snapshotHeaders.count > seenCount else { return false }
            seenCount = alice.snapshotHeaders.count
            let now = alice.view.player(aliceID)
            still = (now?.x == last?.x && now?.y == last?.y) ? still + 1 : 0
            last = now
            return still >= 4
        }, "alice never stood still")
        let before = try #require(alice.view.player(aliceID))

        // Connection lost (no close frame): the seat stays, still.
        alice.connection?.abort()
        #expect(runUntil(loop) { server.sessions.count == 1 })
        let seen = bob.snapshotHeaders.count
        #expect(runUntil(loop) { bob.snapshotHeaders.count >= seen + 3 })
        #expect(bob.roster.contains { $0.id == aliceID }, "the seat was not kept")
        #expect(bob.view.player(aliceID) != nil)

        var firstAfterResume: ArenaView.Player?
        let again = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.resume(version: ProtocolVersion.current, token: token))
        }
        #expect(runUntil(loop) {
            if firstAfterResume == nil, !again.snapshotHeaders.isEmpty { firstAfterResume = again.view.player(aliceID) }
            return firstAfterResume != nil
        })
        #expect(again.welcome?.playerID == aliceID)
        #expect(again.welcome?.roomID == "rc")
        #expect(again.snapshotHeaders.first?.isFull == true)
        let after = try #require(firstAfterResume)
        #expect(after.x == before.x && after.y == before.y, "was at \(before), resumed at \(after)")
        #expect(after.health == before.health && after.score == before.score)
        #expect(server.counters.resumes == 1)

        // Lost again; this time the grace period runs out.
        again.connection?.abort()
        #expect(runUntil(loop) { server.sessions.count == 1 })
        #expect(runUntil(loop, seconds: 3) { !bob.roster.contains { $0.id == aliceID } })
        #expect(server.counters.dropsGraceExpired == 1)
        let late = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.resume(version: ProtocolVersion.current, token: token))
        }
        #expect(runUntil(loop) { !late.errors.isEmpty })
        #expect(late.errors.first?.code == .invalidToken)
        #expect(late.welcome == nil && late.isOpen)
        // A wrong token gets the same answer.
        late.send(.resume(version: ProtocolVersion.current, token: [UInt8](repeating: 7, count: 16)))
        #expect(runUntil(loop) { late.errors.count == 2 })
        #expect(late.errors.last?.code == .invalidToken)
        bobInputs.close()
        #expect(bob.isOpen)
        tearDown(loop, server, [bob, late])
    }

    /// 4. Upgrades that never finish are answered 408 and closed; a normal client joins
    /// meanwhile without waiting for them.
    @Test func unfinishedHandshakesTimeOutWithoutBlockingOthers() throws {
        let deadline: UInt64 = 300
        let sweep: UInt64 = 50
        let (loop, server) = try makeServer {
            $0.handshakeTimeoutMilliseconds = deadline
            $0.sweepIntervalMilliseconds = sweep
        }
        let half = RawClient.connect(loop: loop, port: server.port) { $0.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr") }
        let silent = RawClient.connect(loop: loop, port: server.port)
        #expect(runUntil(loop) { half.isConnected && silent.isConnected && server.webSocketServer.handshaking == 2 })

        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("punctual") }
        #expect(runUntil(loop) { player.welcome != nil })
        #expect(!half.closed && !silent.closed, "the join waited for the stalled upgrades")

        #expect(runUntil(loop, seconds: Double(deadline + sweep) / 1000 + 2) { half.closed && silent.closed })
        #expect(half.statusCode == 408)
        #expect(silent.statusCode == 408)
        #expect(server.transportCounters.handshakeTimeouts == 2)
        #expect(server.webSocketServer.handshaking == 0)
        #expect(player.isOpen)
        tearDown(loop, server, [player])
    }

    /// 2. A client that stops reading is skipped (its snapshots are not queued), then
    /// disconnected once stalled, while the other player gets every snapshot on time.
    @Test func slowReaderIsSkippedThenDroppedWhileOthersGetEverySnapshot() throws {
        let tickRate = 120
        let snapshotRate = 60
        let (loop, server) = try makeServer {
            $0.tickRate = tickRate
            $0.snapshotRate = snapshotRate
            $0.sendSoftLimitBytes = 2048
            $0.sendHardLimitBytes = 1 << 20
            $0.sendStallTimeoutMilliseconds = 600
            $0.sweepIntervalMilliseconds = 50
            $0.reconnectGraceMilliseconds = 0
            $0.heartbeatIntervalMilliseconds = 10_000
        }
        let fast = TestClient.connect(loop: loop, port: server.port) { $0.join("fast", .level(game: "", level: "warehouse")) }
        #expect(runUntil(loop) { fast.welcome != nil })
        let slow = TestClient.connect(loop: loop, port: server.port) { $0.join("slow", .level(game: "", level: "warehouse")) }
        #expect(runUntil(loop) { slow.welcome != nil && slow.snapshotHeaders.count > 3 && fast.snapshotHeaders.count > 3 })
        #expect(slow.welcome?.roomID == fast.welcome?.roomID)
        let slowID = try #require(slow.welcome?.playerID)
        let serverSide = try #require(session(of: slowID, in: server))

        // The slow client freezes: it stops reading, and its buffers are small.
        serverSide.connection.stream.shrinkKernelBuffers(send: 4096)
        slow.connection?.stream.shrinkKernelBuffers(receive: 4096)
        slow.connection?.stream.stopReading()
        let fastFrom = fast.snapshotHeaders.count
        let inputs = LoopTimerBox(loop: loop, every: 20) { fast.input(moveX: 50) }

        #expect(runUntil(loop, seconds: 10) { server.counters.snapshotsSkipped > 0 }, "the slow reader was never skipped")
        #expect(server.counters.dropsSlowReader == 0)
        #expect(runUntil(loop, seconds: 5) { server.counters.dropsSlowReader == 1 }, "the slow reader was never dropped")
        #expect(runUntil(loop) { !fast.roster.contains { $0.id == slowID } && fast.view.player(slowID) == nil })
        let seen = fast.snapshotHeaders.count
        #expect(runUntil(loop) { fast.snapshotHeaders.count >= seen + 10 })
        inputs.close()

        // The fast player missed nothing: consecutive snapshots, one snapshot interval apart.
        let ticks = fast.snapshotHeaders[fastFrom...].map(\.tick)
        let step = UInt32(tickRate / snapshotRate)
        let gaps = zip(ticks, ticks.dropFirst()).map { $1 &- $0 }
        #expect(ticks.count > 20)
        #expect(gaps.allSatisfy { $0 == step }, "gaps in the fast client's snapshots: \(Set(gaps))")
        #expect(fast.snapshotErrors.isEmpty && fast.isOpen && fast.errors.isEmpty)
        #expect(server.counters.dropsHeartbeat == 0)
        tearDown(loop, server, [fast, slow])
    }

    /// Past the hard cap (a burst the soft cap cannot hold back: here a flood of pongs the
    /// client asked for and does not read), the client is disconnected at the next snapshot.
    @Test func clientOverTheHardCapIsDisconnected() throws {
        let (loop, server) = try makeServer {
            $0.sendSoftLimitBytes = 2048
            $0.sendHardLimitBytes = 16 * 1024
            $0.sendStallTimeoutMilliseconds = 60_000  // only the hard cap can act here
            $0.reconnectGraceMilliseconds = 0
        }
        let other = TestClient.connect(loop: loop, port: server.port) { $0.join("other", .room("cap")) }
        let greedy = TestClient.connect(loop: loop, port: server.port) { $0.join("greedy", .room("cap")) }
        #expect(runUntil(loop) { other.welcome != nil && greedy.welcome != nil && greedy.snapshotHeaders.count > 2 })
        let greedyID = try #require(greedy.welcome?.playerID)
        let serverSide = try #require(session(of: greedyID, in: server))
        serverSide.connection.stream.shrinkKernelBuffers(send: 4096)
        greedy.connection?.stream.shrinkKernelBuffers(receive: 4096)
        greedy.connection?.stream.stopReading()
        let payload = [UInt8](repeating: 0x55, count: 125)
        for _ in 0..<1000 { payload.withUnsafeBytes { greedy.connection?.sendPing($0) } }
        #expect(runUntil(loop, seconds: 3) { server.counters.dropsSlowReader == 1 }, "never dropped over the hard cap")
        #expect(runUntil(loop) { !other.roster.contains { $0.id == greedyID } })
        #expect(other.isOpen && other.errors.isEmpty)
        tearDown(loop, server, [other, greedy])
    }
}

/// The hard cap holds in the lobby too: a client that asks for room lists and never reads
/// them is dropped once its answers pass it, not left to grow the server's memory.
@Suite(.serialized, .ownThread) struct LobbyBackpressureTests {
    @Test func aLobbyClientThatAsksAndNeverReadsIsDroppedAtTheHardCap() throws {
        let (loop, server) = try makeServer {
            $0.sendSoftLimitBytes = 2048
            $0.sendHardLimitBytes = 16 * 1024
            $0.requestsPerSecond = 10_000  // only the hard cap can act here
        }
        // Rooms to list, so each answer is a few hundred bytes.
        let players = (0..<6).map { index in
            TestClient.connect(loop: loop, port: server.port) { $0.join("player\(index)", .room("room-with-a-long-name-\(index)")) }
        }
        let asker = TestClient.connect(loop: loop, port: server.port)
        #expect(runUntil(loop) { players.allSatisfy { $0.welcome != nil } && asker.isOpen })
        asker.connection?.stream.shrinkKernelBuffers(receive: 4096)
        asker.connection?.stream.stopReading()
        let serverSide = try #require(server.sessions.values.first { if case .lobby = $0.role { true } else { false } })
        serverSide.connection.stream.shrinkKernelBuffers(send: 4096)
        for _ in 0..<2000 { asker.send(.listRooms) }
        #expect(runUntil(loop, seconds: 5) { server.counters.dropsSlowReader == 1 }, "never dropped over the hard cap")
        #expect(runUntil(loop) { server.sessions.count == players.count })
        let before = players[0].snapshotHeaders.count
        #expect(runUntil(loop) { players[0].snapshotHeaders.count > before + 3 })
        #expect(players.allSatisfy { $0.isOpen && $0.errors.isEmpty })
        tearDown(loop, server, players + [asker])
    }
}

/// A connection that never joins (it answers pings, so heartbeats keep it) is closed
/// after the idle timeout too, so lobby squatters cannot hold connection slots.
@Suite(.serialized, .ownThread) struct LobbyIdleTests {
    @Test func aConnectionThatNeverJoinsIsClosedAtTheIdleTimeout() throws {
        let (loop, server) = try makeServer {
            $0.idleTimeoutMilliseconds = 300
            $0.sweepIntervalMilliseconds = 50
        }
        let squatter = TestClient.connect(loop: loop, port: server.port)
        let browser = TestClient.connect(loop: loop, port: server.port)
        let keepBrowsing = LoopTimerBox(loop: loop, every: 100) { browser.send(.listRooms) }
        #expect(runUntil(loop, seconds: 3) { squatter.closed != nil })
        #expect(squatter.errors.map(\.code) == [.idleTimeout])
        #expect(squatter.closed?.code == .policyViolation)
        // One that keeps talking in the lobby stays.
        #expect(browser.isOpen)
        keepBrowsing.close()
        #expect(server.counters.dropsIdle == 1)
        tearDown(loop, server, [squatter, browser])
    }
}
