import GameCore
import Wire

/// Reads a snapshot message (header, then entity block) and rebuilds the world it
/// describes from the receiver's baseline. Every byte is checked; anything malformed,
/// inconsistent with the baseline, or left over is a `SnapshotError`, never a trap. What it
/// rebuilds is the quantized world: each field `quantized << quantizeShift`.
public enum SnapshotDecoder {
    /// Decodes a snapshot message into `output` (its storage is reused) and returns the
    /// header. A delta needs `baseline` to be the state for the tick it names; a full
    /// snapshot ignores `baseline`. On error `output` holds garbage.
    ///
    /// `baselineDecoded`: the baseline is itself an output of this decoder with this schema
    /// (as every state in a client's own ring is), so every value in it is already a
    /// reconstructed one, and lanes past a kind's fields are 0. Its unchanged entities are
    /// then copied as they are, in runs, and a changed entity keeps the fields its mask
    /// leaves out, instead of quantizing each again: the same result, for less work.
    @discardableResult
    public static func decode(
        _ bytes: ArraySlice<UInt8>, baseline: WorldState?, schema: EntitySchema,
        into output: inout WorldState, baselineDecoded: Bool = false
    ) throws(SnapshotError) -> SnapshotHeader {
        if let baseline {
            return try decode(bytes, base: baseline, hasBase: true, schema: schema, into: &output,
                              baselineDecoded: baselineDecoded)
        }
        return try decode(bytes, base: noBaseline, hasBase: false, schema: schema, into: &output, baselineDecoded: false)
    }

    /// What a full snapshot is decoded against: it leaves nothing unchanged.
    private static let noBaseline = WorldState()

    /// The baseline is borrowed, not optional: wrapping it in an optional would copy it, and
    /// a client decodes a snapshot 30 times a second. `hasBase` false: the caller has none.
    private static func decode(
        _ bytes: ArraySlice<UInt8>, base: WorldState, hasBase: Bool, schema: EntitySchema,
        into output: inout WorldState, baselineDecoded: Bool
    ) throws(SnapshotError) -> SnapshotHeader {
        var reader = ByteReader(bytes)
        let header = try SnapshotHeader.read(from: &reader)
        if header.isFull {
            output.removeAll(tick: header.tick)
            try decodeEntities(&reader, base: noBaseline, schema: schema, into: &output, verbatim: false)
        } else {
            guard hasBase else { throw .unknownBaseline(tick: header.baselineTick) }
            guard base.tick == header.baselineTick else {
                throw .wrongBaseline(expected: header.baselineTick, got: base.tick)
            }
            output.removeAll(tick: header.tick)
            // Copied as they are only when the values are laid out alike.
            let verbatim = baselineDecoded && base.fieldsPerEntity == output.fieldsPerEntity
            try decodeEntities(&reader, base: base, schema: schema, into: &output, verbatim: verbatim)
        }
        try reader.snapshotExpectEnd()
        return header
    }

    /// Decodes against the baseline `ring` holds for the tick the snapshot names
    /// (`baselinesDecoded`: every state in `ring` came from this decoder, see above).
    @discardableResult
    public static func decode(
        _ bytes: ArraySlice<UInt8>, baselines ring: SnapshotRing, schema: EntitySchema,
        into output: inout WorldState, baselinesDecoded: Bool = false
    ) throws(SnapshotError) -> SnapshotHeader {
        let header = try SnapshotHeader.peek(bytes)
        if header.isFull {
            return try decode(bytes, base: noBaseline, hasBase: false, schema: schema, into: &output, baselineDecoded: false)
        }
        guard let baseline = ring.state(at: header.baselineTick) else { throw .unknownBaseline(tick: header.baselineTick) }
        return try decode(bytes, base: baseline, hasBase: true, schema: schema, into: &output, baselineDecoded: baselinesDecoded)
    }

    /// Convenience returning a fresh state.
    public static func decode(
        _ bytes: [UInt8], baseline: WorldState?, schema: EntitySchema
    ) throws(SnapshotError) -> (header: SnapshotHeader, state: WorldState) {
        var state = WorldState()
        let header = try decode(bytes[...], baseline: baseline, schema: schema, into: &state)
        return (header, state)
    }

    /// Reads an entity block up to and including its end marker, appending the resulting
    /// entities to `output` (the reverse of `SnapshotEncoder.encodeEntities`).
    private static func decodeEntities(
        _ reader: inout ByteReader, base: WorldState, schema: EntitySchema,
        into output: inout WorldState, verbatim: Bool
    ) throws(SnapshotError) {
        // One pointer per table for the whole block: no array is retained per entity.
        try schema.flatCodecs.withUnsafeBufferPointer { (codecs) throws(SnapshotError) in
            try base.ids.withUnsafeBufferPointer { (baseIDs) throws(SnapshotError) in
                try base.kinds.withUnsafeBufferPointer { (baseKinds) throws(SnapshotError) in
                    let tables = FieldTables(codecs: codecs, starts: schema.flatCodecStarts)
                    try decodeEntities(&reader, base: base, baseIDs: baseIDs, baseKinds: baseKinds, tables: tables,
                                       schema: schema, verbatim: verbatim, into: &output)
                }
            }
        }
    }

    private static func decodeEntities(
        _ reader: inout ByteReader, base: WorldState, baseIDs: UnsafeBufferPointer<UInt16>,
        baseKinds: UnsafeBufferPointer<UInt8>, tables: FieldTables, schema: EntitySchema, verbatim: Bool,
        into output: inout WorldState
    ) throws(SnapshotError) {
        var baseIndex = 0
        var previousID = -1
        while true {
            let wordOffset = reader.offset
            let word = try reader.snapshotVarUInt()
            let op = EntityOp(rawValue: word & EntityOp.mask)!
            if op == .end {
                guard word == 0 else { throw .badEndMarker(offset: wordOffset, word: word) }
                break
            }
            // A changed word with the adjacent flag carries its mask instead of a gap.
            let adjacent = op == .changed && word & EntityOp.adjacentFlag != 0
            let gap = adjacent ? 0 : word >> (op == .changed ? 3 : EntityOp.bits)
            // gap < 2^62, so this cannot overflow.
            let nextID = previousID + 1 + Int(gap)
            guard nextID <= Int(UInt16.max) else { throw .entityIDOutOfRange(offset: wordOffset, id: nextID) }
            let id = UInt16(nextID)
            previousID = Int(id)

            // Baseline entities the op list skipped over are unchanged.
            let unchangedFrom = baseIndex
            while baseIndex < baseIDs.count && baseIDs[baseIndex] < id { baseIndex += 1 }
            try copyUnchanged(base, unchangedFrom..<baseIndex, baseIDs: baseIDs, baseKinds: baseKinds, tables: tables,
                              verbatim: verbatim, into: &output)
            let inBaseline = baseIndex < baseIDs.count && baseIDs[baseIndex] == id

            switch op {
            case .changed:
                guard inBaseline else { throw .changedEntityNotInBaseline(id: id) }
                let kind = baseKinds[baseIndex]
                let fields = try tables.fields(kind, id)
                let mask = adjacent ? word >> 3 : try reader.snapshotVarUInt()
                guard mask != 0 && mask >> UInt64(fields.count) == 0 else {
                    throw .badChangeMask(id: id, mask: mask, fieldCount: fields.count)
                }
                let values = try readFields(&reader, fields, kind: kind, schema: schema, mask: mask, id: id,
                                            base: base.fields(of: baseIndex), verbatim: verbatim)
                output.append(id: id, kind: kind, values: values)
                baseIndex += 1
            case .removed:
                guard inBaseline else { throw .removedEntityNotInBaseline(id: id) }
                baseIndex += 1
            case .added:
                let kind = try reader.snapshotUInt8()
                let fields = try tables.fields(kind, id)
                if inBaseline {
                    guard baseKinds[baseIndex] != kind else { throw .addedEntityAlreadyPresent(id: id, kind: kind) }
                    baseIndex += 1 // replaced by an entity of another kind
                }
                let mask = try reader.snapshotVarUInt()
                guard mask >> UInt64(fields.count) == 0 else {
                    throw .badChangeMask(id: id, mask: mask, fieldCount: fields.count)
                }
                let values = try readFields(&reader, fields, kind: kind, schema: schema, mask: mask, id: id, base: nil,
                                            verbatim: false)
                output.append(id: id, kind: kind, values: values)
            case .end:
                preconditionFailure("handled above")
            }
        }
        try copyUnchanged(base, baseIndex..<baseIDs.count, baseIDs: baseIDs, baseKinds: baseKinds, tables: tables,
                          verbatim: verbatim, into: &output)
    }

    /// An entity's values: the baseline's (`base`, none for an added entity) quantized and
    /// reconstructed, with the fields in `mask` changed by the deltas read, in field order.
    private static func readFields(
        _ reader: inout ByteReader, _ fields: UnsafeBufferPointer<FieldCodec>, kind: UInt8, schema: EntitySchema, mask: UInt64, id: UInt16,
        base: SIMD16<Int32>?, verbatim: Bool
    ) throws(SnapshotError) -> SIMD16<Int32> {
        if verbatim, let base {
            // A decoded baseline holds reconstructed values, and zeros past the kind's
            // fields (as `copyUnchanged` relies on): what the mask leaves out stays as it is.
            var values = base
            var rest = mask
            while rest != 0 {
                let field = rest.trailingZeroBitCount
                rest &= rest &- 1
                values[field] = try changedValue(&reader, fields[field], base: fields[field].quantize(base[field]),
                                                 kind: kind, schema: schema, field: field, id: id)
            }
            return values
        }
        var values = SIMD16<Int32>.zero
        for field in fields.indices {
            let codec = fields[field]
            let quantized = base.map { codec.quantize($0[field]) } ?? 0
            if mask & (1 << UInt64(field)) != 0 {
                values[field] = try changedValue(&reader, codec, base: quantized, kind: kind, schema: schema, field: field, id: id)
            } else {
                values[field] = codec.reconstruct(quantized)
            }
        }
        return values
    }

    /// A changed field: its quantized baseline plus the delta read, checked against the
    /// field's wire range, reconstructed.
    @inline(__always)
    private static func changedValue(
        _ reader: inout ByteReader, _ codec: FieldCodec, base quantized: Int64, kind: UInt8, schema: EntitySchema, field: Int, id: UInt16
    ) throws(SnapshotError) -> Int32 {
        let (sum, overflow) = quantized.addingReportingOverflow(try reader.snapshotVarInt())
        guard !overflow, codec.wireRange.contains(sum) else {
            throw .valueOutOfRange(id: id, field: schema.kinds[Int(kind)].fields[field].name, value: sum, range: codec.wireRange)
        }
        return codec.reconstruct(sum)
    }

    /// The baseline's entities `range`, unchanged: quantized again field by field, or, from a
    /// decoded baseline (`verbatim`), copied whole (its kinds were checked when it was decoded).
    private static func copyUnchanged(
        _ base: WorldState, _ range: Range<Int>, baseIDs: UnsafeBufferPointer<UInt16>, baseKinds: UnsafeBufferPointer<UInt8>,
        tables: FieldTables, verbatim: Bool, into output: inout WorldState
    ) throws(SnapshotError) {
        guard !range.isEmpty else { return }
        if verbatim {
            output.append(contentsOf: base, entities: range)
            return
        }
        for entity in range {
            let id = baseIDs[entity], kind = baseKinds[entity]
            let fields = try tables.fields(kind, id)
            let old = base.fields(of: entity)
            var values = SIMD16<Int32>.zero
            for field in fields.indices { values[field] = fields[field].roundTrip(old[field]) }
            output.append(id: id, kind: kind, values: values)
        }
    }
}

private extension FieldTables {
    /// A kind from the wire: one the schema lacks is the peer's error.
    func fields(_ kind: UInt8, _ id: UInt16) throws(SnapshotError) -> UnsafeBufferPointer<FieldCodec> {
        guard let fields = fields(kind) else { throw .unknownEntityKind(id: id, kind: kind) }
        return fields
    }
}
