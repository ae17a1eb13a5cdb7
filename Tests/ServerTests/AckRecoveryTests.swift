import Arena
import EventLoop
import Replication
import TestThreads
import Testing
import Wire
@testable import Server

/// Issue 4 "must show" 2: a client that stops acknowledging for longer than the ring gets
/// a full snapshot and recovers with deltas once it acknowledges again.
@Suite(.serialized, .ownThread) struct AckRecoveryTests {
    @Test func aClientSilentLongerThanTheRingGetsAFullSnapshotAndRecovers() throws {
        let (loop, server) = try makeServer()
        let client = TestClient.connect(loop: loop, port: server.port) { $0.join("quiet", .room("r")) }
        // Acking normally: deltas flow.
        #expect(runUntil(loop) { client.snapshotHeaders.contains { !$0.isFull } })
        // Stop acknowledging (no input, no ack) for more than 32 ticks.
        client.autoAck = false
        let stopAt = client.snapshotHeaders.last!.tick
        #expect(runUntil(loop) { (client.snapshotHeaders.last?.tick ?? 0) > stopAt + UInt32(SnapshotRing.capacity) + 4 })
        let silent = client.snapshotHeaders.filter { $0.tick > stopAt + UInt32(SnapshotRing.capacity) + 1 }
        // Once the acked tick fell out of the ring, only full snapshots can be sent.
        #expect(!silent.isEmpty)
        #expect(silent.allSatisfy { $0.isFull })
        // While it was still in the ring, deltas were against that same old ack.
        let early = client.snapshotHeaders.filter { $0.tick > stopAt && $0.tick < stopAt + 30 }
        #expect(early.allSatisfy { $0.isFull || $0.baselineTick <= stopAt })
        #expect(client.snapshotErrors.isEmpty)
        // Acknowledge again: deltas resume, against recent ticks.
        client.autoAck = true
        client.send(.ack(tick: client.lastAppliedTick))
        let resumeAt = client.lastAppliedTick
        #expect(runUntil(loop) { client.snapshotHeaders.contains { !$0.isFull && $0.baselineTick >= resumeAt } })
        #expect(client.snapshotErrors.isEmpty)
        tearDown(loop, server, [client])
    }

    /// PROTOCOL section 5: an ack of 0, or of a tick beyond the room's current one, is
    /// ignored, whether in an `ack` or in an `input`: the last valid ack stays the client's
    /// baseline (a future tick taken as one would make every snapshot full).
    @Test(arguments: [(UInt32(0), false), (0, true), (1_000_000, false), (1_000_000, true)])
    func anAckOfZeroOrBeyondTheRoomsTickIsIgnored(ignored: UInt32, inInput: Bool) throws {
        let (loop, server) = try makeServer()
        let client = TestClient.connect(loop: loop, port: server.port) { $0.join("acker", .room("r")) }
        #expect(runUntil(loop) { client.snapshotHeaders.contains { !$0.isFull } })
        client.autoAck = false
        let acked = client.lastAppliedTick
        client.send(.ack(tick: acked))
        if inInput {
            client.send(.input(ack: ignored, input: ArenaInput.make(sequence: 1)))
        } else {
            client.send(.ack(tick: ignored))
        }
        let sent = client.snapshotHeaders.count
        #expect(runUntil(loop) { client.snapshotHeaders.count >= sent + 4 })
        // The first two may have left before the acks arrived.
        let after = client.snapshotHeaders[(sent + 2)...]
        #expect(after.allSatisfy { !$0.isFull && $0.baselineTick == acked },
                "baselines \(after.map(\.baselineTick)), acked \(acked)")
        #expect(client.snapshotErrors.isEmpty)
        tearDown(loop, server, [client])
    }
}
