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
    public static func encodeEntities(
        from baseline: WorldState?, to current: WorldState, schema: EntitySchema,
        into writer: inout ByteWriter
    ) {
        var previousID = -1
        var baseIndex = 0, currentIndex = 0
        let baseCount = baseline?.count ?? 0
        while baseIndex < baseCount || currentIndex < current.count {
            let baseID = baseIndex < baseCount ? Int(baseline!.ids[baseIndex]) : Int.max
            let currentID = currentIndex < current.count ? Int(current.ids[currentIndex]) : Int.max
            if currentID < baseID {
                writeAdded(current, currentIndex, schema: schema, previousID: &previousID, into: &writer)
                currentIndex += 1
            } else if baseID < currentID {
                writer.writeVarUInt(EntityOp.word(.removed, gap: baseID - previousID - 1))
                previousID = baseID
                baseIndex += 1
            } else {
                let base = baseline!
                if base.kinds[baseIndex] == current.kinds[currentIndex] {
                    writeChanged(from: base, baseIndex, to: current, currentIndex, schema: schema,
                                 previousID: &previousID, into: &writer)
                } else {
                    writeAdded(current, currentIndex, schema: schema, previousID: &previousID, into: &writer)
                }
                baseIndex += 1
                currentIndex += 1
            }
        }
        writer.writeVarUInt(EntityOp.word(.end, gap: 0))
    }

    /// op word, kind byte, mask of the fields whose quantized value is not 0, those values.
    private static func writeAdded(
        _ current: WorldState, _ entity: Int, schema: EntitySchema,
        previousID: inout Int, into writer: inout ByteWriter
    ) {
        let id = Int(current.ids[entity])
        let kindID = current.kinds[entity]
        let fields = fieldTable(schema, kindID, id)
        var deltas = SIMD16<Int64>.zero
        let mask = quantizedDeltas(fields, base: nil, 0, current: current, entity, into: &deltas)
        writer.writeRun(capacity: maxEntityBytes) { run in
            run.writeVarUInt(EntityOp.word(.added, gap: id - previousID - 1))
            run.writeUInt8(kindID)
            run.writeVarUInt(mask)
            writeDeltas(deltas, mask: mask, into: &run)
        }
        previousID = id
    }

    /// Nothing when no quantized field differs; else the op word (which holds the mask),
    /// then the changed values.
    private static func writeChanged(
        from base: WorldState, _ baseEntity: Int, to current: WorldState, _ entity: Int,
        schema: EntitySchema, previousID: inout Int, into writer: inout ByteWriter
    ) {
        let id = Int(current.ids[entity])
        let fields = fieldTable(schema, current.kinds[entity], id)
        var deltas = SIMD16<Int64>.zero
        let mask = quantizedDeltas(fields, base: base, baseEntity, current: current, entity, into: &deltas)
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
    /// field: a kind has at most `WorldState.maxFields` (16).
    private static func quantizedDeltas(
        _ fields: [FieldCodec], base: WorldState?, _ baseEntity: Int,
        current: WorldState, _ entity: Int, into deltas: inout SIMD16<Int64>
    ) -> UInt64 {
        var mask: UInt64 = 0
        for field in fields.indices {
            let value = current.value(entity, field)
            let delta: Int64
            if let base {
                let old = base.value(baseEntity, field)
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

    private static func fieldTable(_ schema: EntitySchema, _ kind: UInt8, _ id: Int) -> [FieldCodec] {
        guard Int(kind) < schema.codecs.count else {
            preconditionFailure("entity \(id) has kind \(kind), which the schema does not define")
        }
        return schema.codecs[Int(kind)]
    }
}
