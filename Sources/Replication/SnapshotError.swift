import Wire

/// Why a snapshot was refused. The decoder never applies a snapshot it has any doubt
/// about: one of these is thrown and the output state must be ignored.
public enum SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input ended inside a field that starts at `offset`.
    case truncated(offset: Int)
    /// A varint is overlong, not in shortest form, or too large (the underlying reason).
    case malformedVarint(WireError)
    /// The snapshot tick is 0, or the baseline distance is not below it (baseline tick < 1).
    case invalidTicks(tick: UInt32, baselineDistance: UInt32)
    /// A delta names baseline `tick`, but the receiver has no state for that tick.
    case unknownBaseline(tick: UInt32)
    /// A delta names baseline `expected`, but the state given as baseline is tick `got`.
    case wrongBaseline(expected: UInt32, got: UInt32)
    /// An op word with op 0 (end) must be exactly 0.
    case badEndMarker(offset: Int, word: UInt64)
    /// An id gap carried the entity id past 65535. (Ids can only ascend: gaps are unsigned.)
    case entityIDOutOfRange(offset: Int, id: Int)
    /// An added entity, or a baseline entity, has a kind the schema does not define.
    case unknownEntityKind(id: UInt16, kind: UInt8)
    /// A change mask sets bits at or beyond the kind's field count, or a changed entity
    /// sent an empty mask.
    case badChangeMask(id: UInt16, mask: UInt64, fieldCount: Int)
    /// A "changed" op names an entity the baseline does not have.
    case changedEntityNotInBaseline(id: UInt16)
    /// A "removed" op names an entity the baseline does not have.
    case removedEntityNotInBaseline(id: UInt16)
    /// An "added" op names an entity the baseline already has with the same kind (that
    /// would be a "changed" op; "added" over an entity of another kind replaces it).
    case addedEntityAlreadyPresent(id: UInt16, kind: UInt8)
    /// A field's quantized value left the field's range.
    case valueOutOfRange(id: UInt16, field: String, value: Int64, range: ClosedRange<Int64>)
    /// Bytes followed the end marker.
    case trailingBytes(offset: Int, count: Int)

    public var description: String {
        switch self {
        case let .truncated(offset):
            "snapshot truncated at offset \(offset)"
        case let .malformedVarint(error):
            "malformed snapshot: \(error)"
        case let .invalidTicks(tick, baselineDistance):
            "invalid snapshot ticks: tick \(tick), baseline distance \(baselineDistance) (need tick >= 1 and distance < tick)"
        case let .unknownBaseline(tick):
            "delta snapshot against baseline tick \(tick), which this receiver does not have"
        case let .wrongBaseline(expected, got):
            "delta snapshot against baseline tick \(expected) given baseline tick \(got)"
        case let .badEndMarker(offset, word):
            "bad end marker 0x\(String(word, radix: 16)) at offset \(offset) (must be 0x00)"
        case let .entityIDOutOfRange(offset, id):
            "entity id \(id) at offset \(offset) is beyond 65535"
        case let .unknownEntityKind(id, kind):
            "entity \(id) has unknown kind \(kind)"
        case let .badChangeMask(id, mask, fieldCount):
            "entity \(id): change mask 0x\(String(mask, radix: 16)) is empty or names fields beyond its \(fieldCount)"
        case let .changedEntityNotInBaseline(id):
            "changed entity \(id) is not in the baseline"
        case let .removedEntityNotInBaseline(id):
            "removed entity \(id) is not in the baseline"
        case let .addedEntityAlreadyPresent(id, kind):
            "added entity \(id) of kind \(kind) is already in the baseline with that kind"
        case let .valueOutOfRange(id, field, value, range):
            "entity \(id): field \(field) value \(value) is outside \(range.lowerBound)...\(range.upperBound)"
        case let .trailingBytes(offset, count):
            "\(count) trailing byte(s) after the snapshot's end marker at offset \(offset)"
        }
    }

    /// Maps a reader error to the snapshot error that explains it.
    init(_ error: WireError) {
        switch error {
        case let .truncated(offset, _, _): self = .truncated(offset: offset)
        case let .trailingBytes(offset, count): self = .trailingBytes(offset: offset, count: count)
        default: self = .malformedVarint(error)
        }
    }
}
