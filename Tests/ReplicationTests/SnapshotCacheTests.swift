import TestSupport
import GameCore
import Replication
import Testing
import Wire

@Suite struct SnapshotCacheTests {
    let schema = TestSchema.schema

    func ring(upTo last: UInt32, seed: UInt64 = 1) -> SnapshotRing {
        var generator = WorldGenerator(seed: seed)
        var ring = SnapshotRing()
        var world = generator.world(tick: 1, maxEntities: 20)
        ring.store(world)
        for tick in 2...last {
            world = generator.evolve(world, tick: tick)
            ring.store(world)
        }
        return ring
    }

    @Test func encodesOncePerDistinctBaseline() {
        let ring = ring(upTo: 10)
        var cache = SnapshotCache(schema: schema)
        cache.begin(tick: 10)
        let first = cache.bytes(forBaseline: 8, in: ring)
        let second = cache.bytes(forBaseline: 8, in: ring)
        #expect(first.baselineTick == 8 && second.baselineTick == 8)
        #expect(first.bytes == second.bytes)
        #expect(cache.encodeCount == 1)

        let full = cache.bytes(forBaseline: nil, in: ring)
        #expect(full.baselineTick == 0)
        #expect(cache.bytes(forBaseline: 0, in: ring).bytes == full.bytes)
        #expect(cache.encodeCount == 2)
        _ = cache.bytes(forBaseline: 9, in: ring)
        #expect(cache.encodeCount == 3)

        var writer = ByteWriter()
        SnapshotEncoder.encodeEntities(from: ring.state(at: 8), to: ring.state(at: 10)!, schema: schema, into: &writer)
        #expect(first.bytes == writer.bytes)
    }

    @Test func staleOrFutureAcksGetTheSharedFullSnapshot() {
        let ring = ring(upTo: 40)
        var cache = SnapshotCache(schema: schema)
        cache.begin(tick: 40)
        let full = cache.bytes(forBaseline: nil, in: ring)
        #expect(cache.bytes(forBaseline: 3, in: ring).baselineTick == 0, "evicted from the ring")
        #expect(cache.bytes(forBaseline: 40, in: ring).baselineTick == 0, "not older than the snapshot")
        #expect(cache.bytes(forBaseline: 99, in: ring).baselineTick == 0, "never stored")
        #expect(cache.bytes(forBaseline: 3, in: ring).bytes == full.bytes)
        #expect(cache.encodeCount == 1)
    }

    @Test func newTickEncodesAfresh() {
        let ring = ring(upTo: 12)
        var cache = SnapshotCache(schema: schema)
        cache.begin(tick: 11)
        let old = cache.bytes(forBaseline: 10, in: ring).bytes
        cache.begin(tick: 12)
        let new = cache.bytes(forBaseline: 10, in: ring).bytes
        #expect(cache.encodeCount == 2)
        var writer = ByteWriter()
        SnapshotEncoder.encodeEntities(from: ring.state(at: 10), to: ring.state(at: 12)!, schema: schema, into: &writer)
        #expect(new == writer.bytes)
        _ = old
    }

    /// Two clients with the same ack: different headers, identical entity bytes.
    @Test func clientsSharingABaselineShareTheEntityBytes() throws {
        let ring = ring(upTo: 10)
        var cache = SnapshotCache(schema: schema)
        cache.begin(tick: 10)
        var alice = ByteWriter(), bob = ByteWriter()
        let aliceHeader = cache.writeSnapshot(ack: 7, lastInputSequence: 100, ring: ring, into: &alice)
        let bobHeader = cache.writeSnapshot(ack: 7, lastInputSequence: 300, ring: ring, into: &bob)
        #expect(cache.encodeCount == 1)
        #expect(aliceHeader == SnapshotHeader(tick: 10, baselineTick: 7, lastInputSequence: 100))
        #expect(bobHeader.lastInputSequence == 300)
        #expect(alice.bytes.dropFirst(3) == bob.bytes.dropFirst(4), "3- and 4-byte headers, same block")
        let decoded = try SnapshotDecoder.decode(bob.bytes, baseline: ring.state(at: 7), schema: schema)
        #expect(decoded.state == ring.state(at: 10)!.quantized(by: schema))
        #expect(decoded.header == bobHeader)
    }

    /// What a server sends (`withSnapshot`, the head built in a stack run, then the lent
    /// block) and what `writeSnapshot` writes are both the header for the client's ack and
    /// sequence followed by the cached block for that baseline, for deltas and full
    /// snapshots, with sequence numbers of every varint length.
    @Test(arguments: [nil, 7, 9] as [UInt32?])
    func aHeadOnTheStackSendsTheSameBytes(ack: UInt32?) {
        let ring = ring(upTo: 10)
        for sequence: UInt32 in [0, 1, 300, 70_000, .max] {
            var cache = SnapshotCache(schema: schema)
            cache.begin(tick: 10)
            let block = cache.bytes(forBaseline: ack, in: ring)
            #expect(block.baselineTick == (ack ?? 0), "the ring holds 7 and 9")
            var expected = ByteWriter()
            SnapshotHeader(tick: 10, baselineTick: block.baselineTick, lastInputSequence: sequence).write(into: &expected)
            expected.writeBytes(block.bytes)

            let sent = cache.withSnapshot(ack: ack, lastInputSequence: sequence, ring: ring) { header, block in
                ByteRun.withRun(capacity: SnapshotHeader.maxRunBytes) { head in
                    header.write(into: &head)
                    return head.withBytes { Array($0) } + Array(block)
                }
            }
            var written = ByteWriter()
            cache.writeSnapshot(ack: ack, lastInputSequence: sequence, ring: ring, into: &written)
            #expect(sent == expected.bytes, "ack \(String(describing: ack)), sequence \(sequence)")
            #expect(written.bytes == expected.bytes, "ack \(String(describing: ack)), sequence \(sequence)")
            #expect(cache.encodeCount == 1, "one block for the three")
        }
    }
}
