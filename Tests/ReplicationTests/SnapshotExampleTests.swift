import TestSupport
import GameCore
import Replication
import Testing
import Wire

/// The worked example in docs/PROTOCOL.md (section 7). If the encoding changes, this fails and the
/// document must be updated with the bytes printed here.
@Suite struct SnapshotExampleTests {
    let schema = TestSchema.schema

    var tick1: WorldState {
        var state = WorldState(tick: 1)
        let alice = state.append(id: 1, kind: 0) // player
        for (field, value) in [5120, 2560, 16384, 100, 0, 1].enumerated() { state.set(alice, field, Int32(value)) }
        let bob = state.append(id: 2, kind: 0)
        for (field, value) in [7680, 2560, 0, 100, 3, 0].enumerated() { state.set(bob, field, Int32(value)) }
        let shot = state.append(id: 9, kind: 1) // projectile
        for (field, value) in [5200, 2600, 40, -12, 1].enumerated() { state.set(shot, field, Int32(value)) }
        return state
    }

    var tick2: WorldState {
        var state = WorldState(tick: 2)
        let alice = state.append(id: 1, kind: 0) // moved; aim 16384 -> 16400 is below one quantum
        for (field, value) in [5130, 2555, 16400, 100, 0, 1].enumerated() { state.set(alice, field, Int32(value)) }
        let bob = state.append(id: 2, kind: 0) // moved east only
        for (field, value) in [7700, 2560, 0, 100, 3, 0].enumerated() { state.set(bob, field, Int32(value)) }
        // projectile 9 is gone
        let pickup = state.append(id: 12, kind: 2) // new
        for (field, value) in [2560, 2816, 1].enumerated() { state.set(pickup, field, Int32(value)) }
        return state
    }

    @Test func fullSnapshotBytes() throws {
        let message = encodeSnapshot(from: nil, to: tick1, lastInputSequence: 41)
        print("full:  \(hex(message))")
        #expect(hex(message) == "01 00 29 07 00 2f 80 50 80 28 80 04 c8 01 02 03 00 1b 80 78 80 28 c8 01 06 1b 01 1f a0 51 d0 28 50 17 02 00")
        #expect(try SnapshotDecoder.decode(message, baseline: nil, schema: schema).state == tick1.quantized(by: schema))
    }

    @Test func deltaSnapshotBytes() throws {
        let message = encodeSnapshot(from: tick1, to: tick2, lastInputSequence: 42)
        print("delta: \(hex(message))")
        #expect(hex(message) == "02 01 2a 09 03 14 09 0d 28 1a 0b 02 07 80 28 80 2c 02 00")
        #expect(try SnapshotDecoder.decode(message, baseline: tick1.quantized(by: schema), schema: schema).state
            == tick2.quantized(by: schema))
    }
}
