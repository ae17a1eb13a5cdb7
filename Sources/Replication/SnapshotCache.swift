import GameCore
import Wire

/// The entity blocks of one tick, one per distinct baseline, each encoded on first request
/// only: clients that acked the same tick get the very same bytes, and the encoder runs
/// once per distinct baseline per tick instead of once per client. Blocks' buffers are
/// kept across ticks, so steady state allocates nothing.
public struct SnapshotCache: Sendable {
    public let schema: EntitySchema
    /// The tick whose blocks are cached (0 before the first `begin`).
    public private(set) var tick: UInt32 = 0
    /// How many blocks were encoded since this cache was made (for tests and metrics).
    public private(set) var encodeCount = 0

    private struct Block: Sendable {
        var baselineTick: UInt32
        var writer: ByteWriter
    }
    /// Blocks `0..<blockCount` belong to `tick`; the rest are spare buffers.
    private var blocks: [Block] = []
    private var blockCount = 0

    public init(schema: EntitySchema) {
        self.schema = schema
    }

    /// Starts a new tick: forgets the previous tick's blocks, keeps their buffers.
    public mutating func begin(tick: UInt32) {
        self.tick = tick
        blockCount = 0
    }

    /// The baseline a client that acked `ack` gets: `ack` if the ring still holds it and it
    /// is older than the current tick, else 0 (a full snapshot).
    public func baselineTick(forAck ack: UInt32?, in ring: SnapshotRing) -> UInt32 {
        guard let ack, ack != 0, ack < tick, ring.holds(ack) else { return 0 }
        return ack
    }

    /// The entity block from the acked state (or a full one, see `baselineTick(forAck:in:)`)
    /// to the current tick's state in `ring`, and the baseline tick it was encoded against.
    /// The bytes share the cache's buffer: drop them before the next `begin` to keep the
    /// cache allocation-free.
    public mutating func bytes(
        forBaseline ack: UInt32?, in ring: SnapshotRing
    ) -> (baselineTick: UInt32, bytes: [UInt8]) {
        let index = blockIndex(forBaseline: ack, in: ring)
        return (blocks[index].baselineTick, blocks[index].writer.bytes)
    }

    /// The index of the block for `ack`'s baseline, encoding it on first request.
    private mutating func blockIndex(forBaseline ack: UInt32?, in ring: SnapshotRing) -> Int {
        let baselineTick = baselineTick(forAck: ack, in: ring)
        for index in 0..<blockCount where blocks[index].baselineTick == baselineTick {
            return index
        }
        guard let current = ring.state(at: tick) else {
            preconditionFailure("the ring must hold the current tick \(tick) before encoding it")
        }
        if blockCount == blocks.count {
            blocks.append(Block(baselineTick: 0, writer: ByteWriter(reservingCapacity: 1024)))
        }
        let index = blockCount
        blockCount += 1
        blocks[index].baselineTick = baselineTick
        blocks[index].writer.reset()
        SnapshotEncoder.encodeEntities(
            from: baselineTick == 0 ? nil : ring.state(at: baselineTick), to: current,
            schema: schema, into: &blocks[index].writer)
        encodeCount += 1
        return index
    }

    /// Writes one client's whole snapshot message (its header, then the shared block) and
    /// returns the header written, whose `baselineTick` says whether it is a delta.
    @discardableResult
    public mutating func writeSnapshot(
        ack: UInt32?, lastInputSequence: UInt32, ring: SnapshotRing, into writer: inout ByteWriter
    ) -> SnapshotHeader {
        withSnapshot(ack: ack, lastInputSequence: lastInputSequence, ring: ring) { header, block in
            header.write(into: &writer)
            writer.writeBytes(block)
            return header
        }
    }

    /// Lends `body` one client's snapshot header and the shared block that follows it on
    /// the wire, so a sender can write the two without joining them. The block is the
    /// cache's own buffer, neither copied nor retained (this runs for every client on every
    /// snapshot): `body` must not keep it, nor use this cache.
    public mutating func withSnapshot<Result>(
        ack: UInt32?, lastInputSequence: UInt32, ring: SnapshotRing,
        _ body: (SnapshotHeader, UnsafeRawBufferPointer) -> Result
    ) -> Result {
        let index = blockIndex(forBaseline: ack, in: ring)
        let header = SnapshotHeader(tick: tick, baselineTick: blocks[index].baselineTick, lastInputSequence: lastInputSequence)
        return blocks[index].writer.withWrittenBytes { body(header, $0) }
    }
}
