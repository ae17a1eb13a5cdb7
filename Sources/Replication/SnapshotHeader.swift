import Wire

/// The per-client front of a snapshot message, written separately from the entity block so
/// that clients sharing a baseline share the block's bytes.
///
/// Wire: `tick` varuint, `baselineDistance` varuint (`tick - baselineTick`; 0 = full
/// snapshot, so a delta from a recent ack is one byte), `lastInputSequence` varuint. Each
/// fits in 32 bits.
public struct SnapshotHeader: Sendable, Equatable {
    /// The tick this snapshot describes (>= 1).
    public var tick: UInt32
    /// The tick this snapshot is a delta from, or 0 for a full snapshot. Always < `tick`.
    public var baselineTick: UInt32
    /// The last input sequence the server applied for the receiving player (0 = none yet).
    public var lastInputSequence: UInt32

    public init(tick: UInt32, baselineTick: UInt32, lastInputSequence: UInt32) {
        self.tick = tick
        self.baselineTick = baselineTick
        self.lastInputSequence = lastInputSequence
    }

    public var isFull: Bool { baselineTick == 0 }

    /// What the wire carries for the baseline: `tick - baselineTick`, or 0 when full.
    public var baselineDistance: UInt32 { isFull ? 0 : tick &- baselineTick }

    /// The room a header asks of a `ByteRun`, which counts each varint at its longest.
    public static let maxRunBytes = 3 * VarUInt.maxLength

    public func write(into writer: inout ByteWriter) {
        writer.writeRun(capacity: Self.maxRunBytes) { write(into: &$0) }
    }

    /// Into a run: a sender can put a client's header on the stack instead of in a writer.
    public func write(into run: inout ByteRun) {
        run.writeVarUInt(UInt64(tick))
        run.writeVarUInt(UInt64(baselineDistance))
        run.writeVarUInt(UInt64(lastInputSequence))
    }

    /// Reads and validates a header (tick >= 1, baseline distance < tick, so that a delta's
    /// baseline tick is >= 1).
    public static func read(from reader: inout ByteReader) throws(SnapshotError) -> SnapshotHeader {
        let tick: UInt32, distance: UInt32, sequence: UInt32
        do throws(WireError) {
            tick = try reader.readVarUInt32()
            distance = try reader.readVarUInt32()
            sequence = try reader.readVarUInt32()
        } catch {
            throw SnapshotError(error)
        }
        guard tick >= 1, distance < tick else {
            throw .invalidTicks(tick: tick, baselineDistance: distance)
        }
        return SnapshotHeader(tick: tick, baselineTick: distance == 0 ? 0 : tick - distance,
                              lastInputSequence: sequence)
    }

    /// Reads just the header of a snapshot message, e.g. to find its baseline in a ring.
    public static func peek(_ bytes: ArraySlice<UInt8>) throws(SnapshotError) -> SnapshotHeader {
        var reader = ByteReader(bytes)
        return try read(from: &reader)
    }
}
