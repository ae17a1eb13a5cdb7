import GameCore
import Wire

/// Writes the entity block of a snapshot: the field-level delta from a baseline state to
/// the current one, driven by the schema's field tables alone (ioquake3's
/// MSG_WriteDeltaEntity). A full snapshot is the delta from no baseline (an empty world).
///
/// Both entity lists are sorted by id and merged in one pass (ioquake3's
/// SV_EmitPacketEntities): only in current -> added, only in baseline -> removed, in both
/// with the same kind -> changed if any quantized field differs, else nothing at all; in
/// both with different kinds -> added (which replaces). Fields are compared *quantized*, and
/// the baseline's quantized values are exactly what the client holds, so errors never
/// accumulate. See docs/PROTOCOL.md (section 7) for the bytes.
///
/// Nothing here allocates once `writer` has grown to its working size.
public enum SnapshotEncoder {
    /// Appends the entity block for `baseline -> current` to `writer`, ending with the end
    /// marker. Every entity kind in both states must be in `schema` (a game bug otherwise).
    /// Values and field tables are read in place, through pointers taken once per block.
    public static func encodeEntities(
        from baseline: WorldState?, to current: WorldState, schema: EntitySchema,
        into writer: inout ByteWriter
    ) {
        let base = baseline ?? WorldState(tick: 0, fieldsPerEntity: current.fieldsPerEntity)
        precondition(base.fieldsPerEntity == current.fieldsPerEntity,
                     "fieldsPerEntity differs: \(base.fieldsPerEntity) and \(current.fieldsPerEntity)")
        let width = current.fieldsPerEntity
        schema.flatCodecs.withUnsafeBufferPointer { codecs in
            current.withValues { currentValues in
                base.withValues { baseValues in
                    let tables = EncoderTables(fields: FieldTables(codecs: codecs, starts: schema.flatCodecStarts), width: width)
                    var previousID = -1
                    var baseIndex = 0, currentIndex = 0
                    while baseIndex < base.count || currentIndex < current.count {
                        let baseID = baseIndex < base.count ? Int(base.ids[baseIndex]) : Int.max
                        let currentID = currentIndex < current.count ? Int(current.ids[currentIndex]) : Int.max
                        let row = currentValues.baseAddress.map { $0 + currentIndex &* width }
                        if currentID < baseID {
                            writeAdded(id: currentID, kind: current.kinds[currentIndex], row!, tables,
                                       previousID: &previousID, into: &writer)
                            currentIndex += 1
                        } else if baseID < currentID {
                            writer.writeVarUInt(EntityOp.word(.removed, gap: baseID - previousID - 1))
                            previousID = baseID
                            baseIndex += 1
                        } else {
                            let kind = current.kinds[currentIndex]
                            if base.kinds[baseIndex] == kind {
                                writeChanged(id: currentID, kind: kind, from: baseValues.baseAddress! + baseIndex &* width,
                                             to: row!, tables, previousID: &previousID, into: &writer)
                            } else {
                                writeAdded(id: currentID, kind: kind, row!, tables, previousID: &previousID, into: &writer)
                            }
                            baseIndex += 1
                            currentIndex += 1
                        }
                    }
                }
            }
        }
        writer.writeVarUInt(EntityOp.word(.end, gap: 0))
    }

    /// The schema's tables for a game's own states: a kind the schema lacks, or with more
    /// fields than the states' rows hold (`width` values), is a game bug.
    private struct EncoderTables {
        let fields: FieldTables
        let width: Int

        func fields(_ kind: UInt8, _ id: Int) -> UnsafeBufferPointer<FieldCodec> {
            guard let codecs = fields.fields(kind) else {
                preconditionFailure("entity \(id) has kind \(kind), which the schema does not define")
            }
            precondition(codecs.count <= width, "kind \(kind) has \(codecs.count) fields, the state holds \(width) per entity")
            return codecs
        }
    }

    /// op word, kind byte, mask of the fields whose quantized value is not 0, those values.
    private static func writeAdded(
        id: Int, kind: UInt8, _ row: UnsafePointer<Int32>, _ tables: EncoderTables,
        previousID: inout Int, into writer: inout ByteWriter
    ) {
        var deltas = SIMD16<Int64>.zero
        let mask = quantizedDeltas(tables.fields(kind, id), base: nil, current: row, into: &deltas)
        writer.writeRun(capacity: maxEntityBytes) { run in
            run.writeVarUInt(EntityOp.word(.added, gap: id - previousID - 1))
            run.writeUInt8(kind)
            run.writeVarUInt(mask)
            writeDeltas(deltas, mask: mask, into: &run)
        }
        previousID = id
    }

    /// Nothing when no quantized field differs; else the op word (which holds the mask),
    /// then the changed values.
    private static func writeChanged(
        id: Int, kind: UInt8, from baseRow: UnsafePointer<Int32>, to row: UnsafePointer<Int32>, _ tables: EncoderTables,
        previousID: inout Int, into writer: inout ByteWriter
    ) {
        var deltas = SIMD16<Int64>.zero
        let mask = quantizedDeltas(tables.fields(kind, id), base: baseRow, current: row, into: &deltas)
        guard mask != 0 else { return }
        let (word, maskFollows) = EntityOp.changedWord(gap: id - previousID - 1, mask: mask)
        writer.writeRun(capacity: maxEntityBytes) { run in
            run.writeVarUInt(word)
            if maskFollows { run.writeVarUInt(mask) }
            writeDeltas(deltas, mask: mask, into: &run)
        }
        previousID = id
    }

    /// For each set bit of `mask` (bit i = field i differs), lowest first, the zig-zag
    /// varint of field i's delta.
    private static func writeDeltas(_ deltas: SIMD16<Int64>, mask: UInt64, into run: inout ByteRun) {
        var rest = mask
        while rest != 0 {
            let field = rest.trailingZeroBitCount
            rest &= rest &- 1
            run.writeVarInt(deltas[field])
        }
    }

    /// Most one entity can take: op word and mask (varints), kind byte, 16 varint values,
    /// each varint at its longest (a `ByteRun` asks that much room for each).
    private static let maxEntityBytes = 2 * VarUInt.maxLength + 1 + WorldState.maxFields * VarUInt.maxLength

    /// Each field's `quantized(current) - quantized(base)` (base 0 when absent) into
    /// `deltas`, quantizing each value once and skipping fields whose raw values are equal
    /// (they quantize equally); returns the mask of the nonzero ones. 16 lanes hold every
    /// field: a kind has at most `WorldState.maxFields` (16), and a row holds them all.
    private static func quantizedDeltas(
        _ fields: UnsafeBufferPointer<FieldCodec>, base: UnsafePointer<Int32>?, current: UnsafePointer<Int32>,
        into deltas: inout SIMD16<Int64>
    ) -> UInt64 {
        var mask: UInt64 = 0
        for field in fields.indices {
            let value = current[field]
            let delta: Int64
            if let base {
                let old = base[field]
                if old == value { continue }
                delta = fields[field].quantize(value) &- fields[field].quantize(old)
            } else {
                delta = fields[field].quantize(value)
            }
            deltas[field] = delta
            if delta != 0 { mask |= 1 << UInt64(field) }
        }
        return mask
    }
}
