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
}
