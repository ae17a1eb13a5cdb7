import Wire

/// The per-client front of a snapshot message, written separately from the entity block so
/// that clients sharing a baseline share the block's bytes.
///
/// Wire: `tick` varuint, `baselineTick` varuint (0 = full snapshot; ticks start at 1),
/// `lastInputSequence` varuint. Each fits in 32 bits.
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

    public func write(into writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(tick))
        writer.writeVarUInt(UInt64(baselineTick))
        writer.writeVarUInt(UInt64(lastInputSequence))
    }

    /// Reads and validates a header (tick >= 1, baseline < tick).
    public static func read(from reader: inout ByteReader) throws(SnapshotError) -> SnapshotHeader {
        let header: SnapshotHeader
        do throws(WireError) {
            header = SnapshotHeader(
                tick: try reader.readVarUInt32(),
                baselineTick: try reader.readVarUInt32(),
                lastInputSequence: try reader.readVarUInt32())
        } catch {
            throw SnapshotError(error)
        }
        guard header.tick >= 1, header.baselineTick < header.tick else {
            throw .invalidTicks(tick: header.tick, baselineTick: header.baselineTick)
        }
        return header
    }

    /// Reads just the header of a snapshot message, e.g. to find its baseline in a ring.
    public static func peek(_ bytes: ArraySlice<UInt8>) throws(SnapshotError) -> SnapshotHeader {
        var reader = ByteReader(bytes)
        return try read(from: &reader)
    }
}
