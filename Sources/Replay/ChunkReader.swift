import GameCore
import Wire

/// Reads the events of one chunk record, resolving each input change against the
/// player's previous input, and checking every value against the game's input layout.
struct ChunkReader {
    var reader: ByteReader
    let layout: InputLayout
    /// Each player's input so far (absent: none).
    var inputs: [PlayerID: SIMD8<Int32>]
    /// Set when the chunk reads but says something impossible.
    var problem: String?

    init(payload: ArraySlice<UInt8>, layout: InputLayout, inputs: [PlayerID: SIMD8<Int32>]) {
        reader = ByteReader(payload)
        self.layout = layout
        self.inputs = inputs
    }

    mutating func read(into events: inout [ReplayFile.Event], changes: inout [ReplayFile.InputChange],
                       stepCount: inout UInt64) throws(WireError) {
        while !reader.isAtEnd, problem == nil {
            let tag = try reader.readUInt8()
            switch ReplayFormat.Event(rawValue: tag) {
            case .step:
                let count = try reader.readVarUInt()
                guard count >= 1, count <= UInt64(reader.remaining) else { return fail("a step with \(count) changes") }
                let first = changes.count
                for _ in 0..<count {
                    guard let change = try readChange() else { return }
                    changes.append(change)
                }
                events.append(.step(first..<changes.count))
                stepCount += 1
            case .steps:
                let count = try reader.readVarUInt()
                guard count >= 1, count <= UInt64(UInt32.max) else { return fail("a run of \(count) steps") }
                events.append(.steps(count))
                stepCount += count
            case .join:
                let id = try readPlayer()
                let name = try reader.readString(maxBytes: 256)
                inputs[id] = nil
                events.append(.join(id, name: name))
            case .leave:
                let id = try readPlayer()
                inputs[id] = nil
                events.append(.leave(id))
            case .hash:
                events.append(.hash(tick: try reader.readVarUInt32(), hash: try reader.readVarUInt()))
            case nil:
                return fail("unknown event \(tag)")
            }
            guard stepCount <= UInt64(UInt32.max) else { return fail("more than 2^32 steps") }
        }
    }

    private mutating func readChange() throws(WireError) -> ReplayFile.InputChange? {
        let id = try readPlayer()
        let mask = try reader.readVarUInt()
        guard mask != 0 else {
            inputs[id] = nil
            return ReplayFile.InputChange(player: id, values: nil)
        }
        guard mask < 1 << UInt64(layout.fields.count) else {
            fail("change mask \(mask) for \(layout.fields.count) input fields")
            return nil
        }
        var values = inputs[id] ?? .zero
        for (index, field) in layout.fields.enumerated() where mask & (1 << UInt64(index)) != 0 {
            let (value, overflow) = Int64(values[index]).addingReportingOverflow(try reader.readVarInt())
            guard !overflow, let exact = Int32(exactly: value), field.allows(exact) else {
                if overflow {
                    fail("input \(field.name) of player \(id) overflows")
                    return nil
                }
                fail("input \(field.name) of player \(id) would be \(value)")
                return nil
            }
            values[index] = exact
        }
        inputs[id] = values
        return ReplayFile.InputChange(player: id, values: values)
    }

    private mutating func readPlayer() throws(WireError) -> PlayerID {
        let id = try reader.readVarUInt()
        guard id <= UInt64(PlayerID.max) else {
            fail("player id \(id)")
            return 0
        }
        return PlayerID(id)
    }

    private mutating func fail(_ reason: String) {
        problem = reason
    }
}
