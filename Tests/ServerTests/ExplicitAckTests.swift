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

    /// One input, then one snapshot: whether the player acks it on its own.
    struct Case: Sendable, CustomTestStringConvertible {
        var snapshotRate: UInt16, tickRate: UInt16
        var inputAt: UInt64, inputAck: UInt32
        var tick: UInt32, at: UInt64
        var acks: Bool
        var why: String
        var testDescription: String { why }
    }

    static let cases: [Case] = [
        Case(snapshotRate: 30, tickRate: 60, inputAt: 1_000, inputAck: 60, tick: 62, at: 1_033, acks: false, why: "one interval after an input"),
        Case(snapshotRate: 30, tickRate: 60, inputAt: 1_000, inputAck: 60, tick: 64, at: 1_065, acks: false, why: "just under two intervals"),
        Case(snapshotRate: 30, tickRate: 60, inputAt: 1_000, inputAck: 60, tick: 66, at: 1_066, acks: true, why: "idle for two intervals (66 ms)"),
        Case(snapshotRate: 10, tickRate: 10, inputAt: 1_000, inputAck: 10, tick: 11, at: 1_150, acks: false, why: "10/s: not idle at 150 ms"),
        Case(snapshotRate: 10, tickRate: 10, inputAt: 1_000, inputAck: 10, tick: 12, at: 1_200, acks: true, why: "10/s: idle at 200 ms"),
        Case(snapshotRate: 30, tickRate: 60, inputAt: 1_000, inputAck: 0, tick: 2, at: 1_010, acks: true, why: "the input came before any snapshot: it acked nothing"),
        Case(snapshotRate: 5, tickRate: 60, inputAt: 1_100, inputAck: 60, tick: 67, at: 1_200, acks: false, why: "5/s: the snapshot after next is 31 ticks from the ack"),
        Case(snapshotRate: 5, tickRate: 60, inputAt: 1_100, inputAck: 60, tick: 68, at: 1_200, acks: true, why: "5/s: it would be 32, past the ring"),
        Case(snapshotRate: 7, tickRate: 60, inputAt: 1_000, inputAck: 100, tick: 113, at: 1_050, acks: false, why: "60/7 rounds up to 9 ticks: 31 from the ack"),
        Case(snapshotRate: 7, tickRate: 60, inputAt: 1_000, inputAck: 100, tick: 114, at: 1_050, acks: true, why: "60/7: 32 from the ack"),
        Case(snapshotRate: 0, tickRate: 0, inputAt: 1_000, inputAck: 10, tick: 11, at: 2_999, acks: false, why: "rates of 0 from the wire count as 1: idle only after 2 s"),
        Case(snapshotRate: 0, tickRate: 0, inputAt: 1_000, inputAck: 10, tick: 11, at: 3_000, acks: true, why: "rates of 0: idle at 2 s"),
    ]

    @Test(arguments: cases) func aPlayerAcksWhenIdleOrNearTheRingsEdge(_ c: Case) {
        var acks = ExplicitAcks(snapshotRate: c.snapshotRate, tickRate: c.tickRate)
        #expect(acks.playerAcks(c.tick, at: c.inputAt - 1), "before any input, every snapshot is acked")
        acks.inputSent(at: c.inputAt, ack: c.inputAck)
        #expect(acks.playerAcks(c.tick, at: c.at) == c.acks)
    }

    @Test func anAckOrALaterInputMovesTheRingsEdge() {
        var acks = ExplicitAcks(snapshotRate: 5, tickRate: 60)
        acks.inputSent(at: 1_100, ack: 60)
        #expect(acks.playerAcks(68, at: 1_200))
        acks.ackSent(68)
        #expect(!acks.playerAcks(75, at: 1_300), "the ack's tick counts")
        acks.inputSent(at: 1_350, ack: 80)
        #expect(!acks.playerAcks(87, at: 1_400), "the input's ack counts")
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
