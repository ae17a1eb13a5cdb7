import EventLoop
import GameCore
import TestThreads
import Testing
import Wire
@testable import Client
@testable import Server

/// When the Swift client acks a snapshot with an `ack` message of its own: a spectator
/// always, a player only once idle or when its last ack would fall out of the server's
/// ring, never a player whose inputs carry the acks.
@Suite struct ExplicitAckRuleTests {
    @Test func aPlayerSendingInputsAtTheSnapshotRateNeverAcksOnItsOwn() {
        var acks = ExplicitAcks(snapshotRate: 30, tickRate: 60)
        // Inputs every 33 ms, some of them late (a busy timer), drifting against snapshots
        // every 33.3 ms (ticks 2, 4, 6, …), so two snapshots often land between two inputs.
        var inputs: [UInt64] = (0..<90).map { UInt64($0 * 33) + ($0 % 7 == 3 ? 9 : 0) }
        var applied: UInt32 = 0
        var explicit = 0
        for snapshot in 1...89 {
            let now = UInt64(Double(snapshot) * 1000 / 30)
            while let next = inputs.first, next <= now { acks.inputSent(at: next, ack: applied); inputs.removeFirst() }
            applied = UInt32(snapshot * 2)
            if acks.playerAcks(applied, at: now) { explicit += 1 }
        }
        // Only the first snapshot: the input before it had nothing to ack.
        #expect(explicit == 1)
    }

    @Test func anIdlePlayerAcksOnceTwoSnapshotIntervalsPassWithoutInput() {
        var acks = ExplicitAcks(snapshotRate: 30, tickRate: 60)
        #expect(acks.playerAcks(2, at: 10), "before its first input")
        acks.inputSent(at: 1_000, ack: 60)
        #expect(!acks.playerAcks(62, at: 1_033))
        #expect(!acks.playerAcks(64, at: 1_065))
        #expect(acks.playerAcks(66, at: 1_066))
        #expect(acks.playerAcks(300, at: 5_000))
        // The interval follows the room's rate.
        var slow = ExplicitAcks(snapshotRate: 10, tickRate: 10)
        slow.inputSent(at: 1_000, ack: 10)
        #expect(!slow.playerAcks(11, at: 1_150))
        #expect(slow.playerAcks(12, at: 1_200))
    }

    @Test func anInputBeforeAnySnapshotLeavesTheFirstSnapshotToAnAck() {
        var acks = ExplicitAcks(snapshotRate: 30, tickRate: 60)
        acks.inputSent(at: 1_000, ack: 0)
        #expect(acks.playerAcks(2, at: 1_010))
    }

    /// 60 ticks/s and 5 snapshots/s (a snapshot every 12 ticks) with inputs at 2 Hz: the
    /// server's copy of the last ack must still be within 31 ticks of the snapshot after
    /// next, or that one would be full.
    @Test func aSlowPlayerAcksBeforeItsLastAckFallsOutOfTheRing() {
        var acks = ExplicitAcks(snapshotRate: 5, tickRate: 60)
        acks.inputSent(at: 1_100, ack: 60)
        #expect(!acks.playerAcks(67, at: 1_200), "the snapshot after next is 31 ticks from the ack")
        #expect(acks.playerAcks(68, at: 1_200), "the snapshot after next would be 32 from it")
        acks.ackSent(68)
        #expect(!acks.playerAcks(75, at: 1_300))
        acks.inputSent(at: 1_350, ack: 80)
        #expect(!acks.playerAcks(87, at: 1_400), "the input's ack counts")
        // Rates that do not divide: 60/7 is a snapshot every 9 ticks at most (rounded up).
        var uneven = ExplicitAcks(snapshotRate: 7, tickRate: 60)
        uneven.inputSent(at: 1_000, ack: 100)
        #expect(!uneven.playerAcks(113, at: 1_050))
        #expect(uneven.playerAcks(114, at: 1_050))
    }

    @Test func ratesOfZeroFromTheWireCountAsOne() {
        var acks = ExplicitAcks(snapshotRate: 0, tickRate: 0)
        acks.inputSent(at: 1_000, ack: 10)
        #expect(!acks.playerAcks(11, at: 2_999), "a snapshot a second: idle after 2 s")
        #expect(acks.playerAcks(11, at: 3_000))
    }

    @Test func aSpectatorAcksEverySnapshot() {
        var acks = ExplicitAcks(snapshotRate: 30, tickRate: 60)
        acks.inputSent(at: 1_000, ack: 60)
        #expect(acks.acksSnapshot(62, at: 1_001, spectating: true))
    }
}

/// The rule end to end, through `GameClient` and a server.
@Suite(.serialized, .ownThread) struct ExplicitAckEndToEndTests {
    final class Snapshots: GameClientDelegate {
        var applied: [SnapshotInfo] = []
        var onSnapshot: (() -> Void)?
        func gameClient(_ client: GameClient, didApplySnapshot snapshot: SnapshotInfo) {
            applied.append(snapshot)
            onSnapshot?()
        }
    }

    func player(_ loop: EventLoop, _ port: Int, room: String) -> (GameClient, Snapshots) {
        let client = GameClient(loop: loop)
        let snapshots = Snapshots()
        client.delegate = snapshots
        client.connect(host: "127.0.0.1", port: port, role: .player(name: "p", target: .room(room)))
        return (client, snapshots)
    }

    @Test func aPlayerThatSendsNoInputGetsOnlyDeltasOnceTheyStart() throws {
        let (loop, server) = try makeServer()
        let (client, snapshots) = player(loop, server.port, room: "idle")
        #expect(runUntil(loop) { snapshots.applied.count >= 12 })
        let firstDelta = try #require(snapshots.applied.firstIndex { $0.baselineTick != 0 })
        #expect(snapshots.applied[firstDelta...].allSatisfy { $0.baselineTick != 0 })
        #expect(client.inputSequence == 0)
        client.close()
        tearDown(loop, server, [])
    }

    @Test func aPlayerWhoseInputsCarryTheAcksSendsNoAckMessages() throws {
        let (loop, server) = try makeServer()
        let (client, snapshots) = player(loop, server.port, room: "busy")
        // An input after every snapshot: each carries the ack of the snapshot before it.
        snapshots.onSnapshot = { client.sendInput(.zero) }
        #expect(runUntil(loop) { snapshots.applied.count >= 20 })
        // Out: the join, the inputs, and acks: one for the first snapshot (no input had
        // carried one), and one for any snapshot a stalled loop applied 66 ms after an input.
        let acks = client.stats.messagesOut - 1 - Int(client.inputSequence)
        #expect(acks >= 1 && acks <= snapshots.applied.count / 4, "\(acks) acks for \(snapshots.applied.count) snapshots")
        let firstDelta = try #require(snapshots.applied.firstIndex { $0.baselineTick != 0 })
        #expect(snapshots.applied[firstDelta...].allSatisfy { $0.baselineTick != 0 })
        client.close()
        tearDown(loop, server, [])
    }
}

extension ExplicitAcks {
    /// `acksSnapshot` for a player.
    func playerAcks(_ tick: UInt32, at now: UInt64) -> Bool { acksSnapshot(tick, at: now, spectating: false) }
}
