import TestSupport
import GameCore
import Replication
import Wire


/// Random worlds and random changes to them.
struct WorldGenerator {
    var rng: SeededGenerator
    let schema = TestSchema.schema

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    /// A value for `field`: mostly in range (often at its extremes, with random low bits
    /// under the quantization), sometimes any Int32 at all (the encoder wraps those).
    mutating func value(for field: FieldDescriptor) -> Int32 {
        if chance(0.05) { return Int32.random(in: .min ... .max, using: &rng) }
        let range = field.wireRange
        let quantized: Int64
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: quantized = range.lowerBound
        case 1: quantized = range.upperBound
        case 2: quantized = 0
        default: quantized = Int64.random(in: range, using: &rng)
        }
        let lowBits = field.quantizeShift == 0 ? 0 : Int64.random(in: 0 ..< (Int64(1) << field.quantizeShift), using: &rng)
        return Int32(truncatingIfNeeded: quantized << field.quantizeShift | lowBits)
    }

    /// A value near `old`: the typical per-tick move.
    mutating func nudge(_ old: Int32, for field: FieldDescriptor) -> Int32 {
        let step = Int64.random(in: -300...300, using: &rng) << field.quantizeShift
        let moved = Int64(old) + step
        return Int32(clamping: moved)
    }

    mutating func fill(_ state: inout WorldState, _ entity: Int) {
        for (index, field) in schema.kinds[Int(state.kinds[entity])].fields.enumerated() {
            state.set(entity, index, value(for: field))
        }
    }

    mutating func randomKind() -> UInt8 { UInt8.random(in: 0..<UInt8(schema.kinds.count), using: &rng) }

    /// Ids either dense and small, sparse over the whole range, or at the edges.
    mutating func randomIDs(count: Int) -> [UInt16] {
        var ids = Set<UInt16>()
        let dense = chance(0.6)
        if chance(0.2) { ids.insert(0); ids.insert(.max) }
        while ids.count < count {
            ids.insert(dense ? UInt16.random(in: 0...UInt16(count * 2 + 10), using: &rng) : UInt16.random(in: .min ... .max, using: &rng))
        }
        return ids.sorted()
    }

    mutating func world(tick: UInt32, maxEntities: Int = 40) -> WorldState {
        var state = WorldState(tick: tick)
        for id in randomIDs(count: Int.random(in: 0...maxEntities, using: &rng)) {
            let entity = state.append(id: id, kind: randomKind())
            fill(&state, entity)
        }
        return state
    }

    /// `base` a tick later: some entities removed, some replaced by another kind, some
    /// moved a little, some changed wholesale, most untouched; some added.
    mutating func evolve(_ base: WorldState, tick: UInt32) -> WorldState {
        var next = WorldState(tick: tick)
        var added = Set(randomIDs(count: Int.random(in: 0...5, using: &rng)))
        for id in base.ids { added.remove(id) }
        var addedIDs = added.sorted()[...]
        for entity in 0..<base.count {
            let id = base.ids[entity]
            while let first = addedIDs.first, first < id {
                let new = next.append(id: first, kind: randomKind())
                fill(&next, new)
                addedIDs.removeFirst()
            }
            if chance(0.1) { continue } // removed
            if chance(0.05) { // same id, another kind
                var kind = randomKind()
                if kind == base.kinds[entity] { kind = (kind + 1) % UInt8(schema.kinds.count) }
                let new = next.append(id: id, kind: kind)
                fill(&next, new)
                continue
            }
            let new = next.append(id: id, kind: base.kinds[entity])
            let fields = schema.kinds[Int(base.kinds[entity])].fields
            let mode = Int.random(in: 0..<4, using: &rng)
            for (index, field) in fields.enumerated() {
                let old = base.value(entity, index)
                switch mode {
                case 0: next.set(new, index, old) // untouched
                case 1: next.set(new, index, chance(0.3) ? nudge(old, for: field) : old)
                case 2: next.set(new, index, chance(0.3) ? value(for: field) : old)
                default: next.set(new, index, old &+ Int32.random(in: -3...3, using: &rng)) // sub-quantum jitter too
                }
            }
        }
        for id in addedIDs {
            let new = next.append(id: id, kind: randomKind())
            fill(&next, new)
        }
        return next
    }
}

/// Encodes a whole snapshot message the way a server does.
func encodeSnapshot(
    from baseline: WorldState?, to current: WorldState, lastInputSequence: UInt32 = 0,
    schema: EntitySchema = TestSchema.schema
) -> [UInt8] {
    var writer = ByteWriter()
    SnapshotHeader(tick: current.tick, baselineTick: baseline?.tick ?? 0, lastInputSequence: lastInputSequence)
        .write(into: &writer)
    SnapshotEncoder.encodeEntities(from: baseline, to: current, schema: schema, into: &writer)
    return writer.bytes
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: " ")
}

func bytes(_ hex: String) -> [UInt8] {
    hex.split(separator: " ").map { UInt8($0, radix: 16)! }
}
