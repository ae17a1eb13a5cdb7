import EventLoop
import TestThreads
import Testing
@testable import Client
@testable import Server

/// When the Swift client acks a snapshot with an `ack` message of its own: a spectator
/// always, a player only once idle, never a player whose inputs carry the acks.
@Suite struct ExplicitAckRuleTests {
    /// Snapshots every 33.3 ms at 30/s, as a room sends them.
    func snapshotTimes(count: Int) -> [UInt64] { (1...count).map { UInt64(Double($0) * 1000 / 30) } }

    @Test func aPlayerSendingInputsAtTheSnapshotRateNeverAcksOnItsOwn() {
        var acks = ExplicitAcks()
        // Inputs every 33 ms, some of them late (a busy timer), and each drifting against
        // the snapshots, so two snapshots often land between two inputs.
        var inputs: [UInt64] = (0..<90).map { UInt64($0 * 33) + ($0 % 7 == 3 ? 9 : 0) }
        var explicit = 0
        for now in snapshotTimes(count: 89) {
            while let next = inputs.first, next <= now { acks.inputSent(at: next); inputs.removeFirst() }
            if acks.acksSnapshot(at: now, snapshotRate: 30, spectating: false) { explicit += 1 }
        }
        #expect(explicit == 0)
    }

    @Test func anIdlePlayerAcksOnceTwoSnapshotIntervalsPassWithoutInput() {
        var acks = ExplicitAcks()
        #expect(acks.acksSnapshot(at: 10, snapshotRate: 30, spectating: false), "before its first input")
        acks.inputSent(at: 1_000)
        #expect(!acks.acksSnapshot(at: 1_033, snapshotRate: 30, spectating: false))
        #expect(!acks.acksSnapshot(at: 1_065, snapshotRate: 30, spectating: false))
        #expect(acks.acksSnapshot(at: 1_066, snapshotRate: 30, spectating: false))
        #expect(acks.acksSnapshot(at: 5_000, snapshotRate: 30, spectating: false))
        // The interval follows the room's rate.
        #expect(!acks.acksSnapshot(at: 1_150, snapshotRate: 10, spectating: false))
        #expect(acks.acksSnapshot(at: 1_200, snapshotRate: 10, spectating: false))
        acks.reset()
        #expect(acks.acksSnapshot(at: 1_001, snapshotRate: 30, spectating: false), "a new room: no input there yet")
    }

    @Test func aSpectatorAcksEverySnapshot() {
        var acks = ExplicitAcks()
        acks.inputSent(at: 1_000)
        #expect(acks.acksSnapshot(at: 1_001, snapshotRate: 30, spectating: true))
    }
}

/// The rule end to end: an idle player still gets deltas, because its acks go out.
@Suite(.serialized, .ownThread) struct ExplicitAckEndToEndTests {
    @Test func aPlayerThatSendsNoInputGetsDeltasAfterItsFirstSnapshot() throws {
        let (loop, server) = try makeServer()
        let client = GameClient(loop: loop)
        client.connect(host: "127.0.0.1", port: server.port, role: .player(name: "idle", target: .room("acks")))
        #expect(runUntil(loop) { client.stats.snapshots >= 10 })
        // The first is full; its ack can cross the next snapshot on a busy machine.
        #expect(client.stats.fullSnapshots <= 2, "\(client.stats.fullSnapshots) full snapshots of \(client.stats.snapshots)")
        #expect(client.inputSequence == 0)
        client.close()
        tearDown(loop, server, [])
    }
}
