import TestSupport
import GameCore
import Replication
import Testing
import Wire

/// Byte fixtures for every way the decoder refuses a snapshot. The schema is TestSchema:
/// kind 0 = player with 6 fields (x, y, aim, health 7 bits, score, flags).
@Suite struct SnapshotRejectionTests {
    let schema = TestSchema.schema

    /// Tick 4 with one player, id 0: the baseline the delta fixtures below name.
    var baseline: WorldState {
        var state = WorldState(tick: 4)
        state.append(id: 0, kind: 0)
        return state
    }

    func expect(_ hexBytes: String, baseline: WorldState? = nil, throws expected: SnapshotError,
                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: expected, sourceLocation: sourceLocation) {
            try SnapshotDecoder.decode(bytes(hexBytes), baseline: baseline, schema: schema)
        }
        // The same refusal when the baseline's unchanged entities are copied whole (a client's ring).
        var state = WorldState()
        #expect(throws: expected, sourceLocation: sourceLocation) {
            try SnapshotDecoder.decode(bytes(hexBytes)[...], baseline: baseline, schema: schema, into: &state, baselineDecoded: true)
        }
    }

    @Test func acceptsTheMinimalMessages() throws {
        // Full, empty world: tick 5, baseline 0, sequence 0, end.
        #expect(try SnapshotDecoder.decode(bytes("05 00 00 00"), baseline: nil, schema: schema).state == WorldState(tick: 5))
        // Delta against tick 4 changing nothing.
        var expected = baseline
        expected.tick = 5
        #expect(try SnapshotDecoder.decode(bytes("05 01 00 00"), baseline: baseline, schema: schema).state == expected)
    }

    @Test func truncated() {
        expect("05 00", throws: .truncated(offset: 2))
        expect("05 00 00", throws: .truncated(offset: 3))
        expect("05 00 00 03", throws: .truncated(offset: 4)) // added: no kind byte
        expect("05 00 00 03 00 01", throws: .truncated(offset: 6)) // mask says x follows
        expect("05 00 00 03 00 01 80", throws: .truncated(offset: 6)) // x ends mid-varint
        expect("05 00 00 03 00 00", throws: .truncated(offset: 6)) // no end marker
    }

    @Test func malformedVarint() {
        expect("05 00 00 80 00", throws: .malformedVarint(.nonCanonicalVarint(offset: 3)))
        expect("05 00 00 ff ff ff ff ff ff ff ff ff 7f", throws: .malformedVarint(.varintOverflow(offset: 3, bits: 64)))
        expect("80 80 80 80 10 00 00 00", throws: .malformedVarint(.varintOverflow(offset: 0, bits: 32)))
    }

    @Test func invalidTicks() {
        expect("00 00 00 00", throws: .invalidTicks(tick: 0, baselineDistance: 0))
        expect("05 05 00 00", baseline: baseline, throws: .invalidTicks(tick: 5, baselineDistance: 5))
        expect("05 06 00 00", baseline: baseline, throws: .invalidTicks(tick: 5, baselineDistance: 6))
    }

    @Test func unknownBaseline() {
        expect("05 01 00 00", baseline: nil, throws: .unknownBaseline(tick: 4))
    }

    @Test func wrongBaseline() {
        expect("05 02 00 00", baseline: baseline, throws: .wrongBaseline(expected: 3, got: 4))
    }

    @Test func unknownBaselineThroughTheRing() {
        var ring = SnapshotRing()
        ring.store(baseline)
        var output = WorldState()
        #expect(throws: SnapshotError.unknownBaseline(tick: 3)) {
            try SnapshotDecoder.decode(bytes("05 02 00 00")[...], baselines: ring, schema: schema, into: &output)
        }
    }

    @Test func badEndMarker() {
        expect("05 00 00 04", throws: .badEndMarker(offset: 3, word: 4)) // op 0 with gap 1
    }

    @Test func badChangeMask() {
        // Added player with bit 6 set: players have 6 fields (bits 0...5).
        expect("05 00 00 03 00 40 00 00", throws: .badChangeMask(id: 0, mask: 0x40, fieldCount: 6))
        // Changed player with an empty mask.
        expect("05 01 00 01 00 00", baseline: baseline, throws: .badChangeMask(id: 0, mask: 0, fieldCount: 6))
        // The same in the adjacent form (mask inline), and an inline mask past the fields.
        expect("05 01 00 05 00", baseline: baseline, throws: .badChangeMask(id: 0, mask: 0, fieldCount: 6))
        expect("05 01 00 85 04 00", baseline: baseline, throws: .badChangeMask(id: 0, mask: 0x40, fieldCount: 6))
        // A kind without fields takes only mask 0.
        expect("05 00 00 03 04 01 00 00", throws: .badChangeMask(id: 0, mask: 1, fieldCount: 0))
    }

    @Test func unknownEntityKind() {
        expect("05 00 00 03 09 00 00", throws: .unknownEntityKind(id: 0, kind: 9))
    }

    @Test func entityIDOutOfRange() {
        // Gap 65536 from id -1: id 65536.
        var writer = ByteWriter()
        for value: UInt64 in [5, 0, 0, 65_536 << 2 | 3] { writer.writeVarUInt(value) }
        expect(hex(writer.bytes) + " 00 00 00", throws: .entityIDOutOfRange(offset: 3, id: 65_536))
        // Id 65535 is fine; anything after it cannot ascend further.
        expect("05 00 00 ff ff 0f 00 00 03 00 00 00", throws: .entityIDOutOfRange(offset: 8, id: 65_536))
    }

    @Test func changedOrRemovedEntityNotInBaseline() {
        expect("05 00 00 01 01 02 00", throws: .changedEntityNotInBaseline(id: 0))
        expect("05 00 00 02 00", throws: .removedEntityNotInBaseline(id: 0))
        expect("05 00 00 0d 02 00", throws: .changedEntityNotInBaseline(id: 0)) // adjacent form
        expect("05 01 00 09 01 02 00", baseline: baseline, throws: .changedEntityNotInBaseline(id: 1))
        expect("05 01 00 06 00", baseline: baseline, throws: .removedEntityNotInBaseline(id: 1))
    }

    @Test func addedEntityAlreadyPresent() {
        expect("05 01 00 03 00 00 00", baseline: baseline, throws: .addedEntityAlreadyPresent(id: 0, kind: 0))
    }

    @Test func addedOverAnotherKindReplaces() throws {
        // Id 0 becomes a pickup (kind 2) with active = 1 (field 2).
        let decoded = try SnapshotDecoder.decode(bytes("05 01 00 03 02 04 02 00"), baseline: baseline, schema: schema).state
        #expect(decoded.ids == [0] && decoded.kinds == [2] && decoded.value(0, 2) == 1)
    }

    @Test func valueOutOfRange() {
        let health = TestSchema.player.fields[3]
        // Added player, health (bit 3) = -1, then = 128: outside 0...127.
        expect("05 00 00 03 00 08 01 00", throws: .valueOutOfRange(id: 0, field: "health", value: -1, range: health.wireRange))
        expect("05 00 00 03 00 08 80 02 00", throws: .valueOutOfRange(id: 0, field: "health", value: 128, range: health.wireRange))
        // Changed player 0 of the baseline (op 1, gap 0, mask 08): health 0 - 1.
        expect("05 01 00 01 08 01 00", baseline: baseline, throws: .valueOutOfRange(id: 0, field: "health", value: -1, range: health.wireRange))
    }

    @Test func trailingBytes() {
        expect("05 00 00 00 ff", throws: .trailingBytes(offset: 4, count: 1))
        expect("05 00 00 00 00 00", throws: .trailingBytes(offset: 4, count: 2))
    }

    @Test func errorsDescribeThemselves() {
        #expect(SnapshotError.wrongBaseline(expected: 3, got: 4).description
            == "delta snapshot against baseline tick 3 given baseline tick 4")
        #expect(SnapshotError.badChangeMask(id: 2, mask: 0x40, fieldCount: 6).description
            == "entity 2: change mask 0x40 is empty or names fields beyond its 6")
    }
}
