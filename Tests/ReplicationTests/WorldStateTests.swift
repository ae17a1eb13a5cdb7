import GameCore
import Testing

/// `WorldState` appends whole entities into storage with room to spare; what a user reads
/// back is only ever the entities' own fields.
@Suite struct WorldStateTests {
    /// Lanes 1, 2, 3, ... 16.
    let counting = SIMD16<Int32>(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)

    @Test func keepsOnlyAnEntitysOwnFields() {
        var state = WorldState(fieldsPerEntity: 3)
        state.append(id: 1, kind: 0, values: counting)
        state.append(id: 2, kind: 1)
        #expect(state.fields(of: 0) == SIMD16(1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        #expect(state.fields(of: 1) == .zero, "the first entity's extra lanes did not become the second's fields")
        #expect(state.values == [1, 2, 3, 0, 0, 0])
        #expect(state.ids == [1, 2])
        #expect(state.kinds == [0, 1])
    }

    @Test func growsAsEntitiesArrive() {
        var state = WorldState(fieldsPerEntity: 5)
        for id in UInt16(0)..<300 {
            state.append(id: id, kind: 0, values: SIMD16(repeating: Int32(id)) &+ counting)
        }
        #expect(state.count == 300)
        for entity in 0..<300 {
            for field in 0..<5 { #expect(state.value(entity, field) == Int32(entity + field + 1)) }
        }
    }

    @Test func equalityIgnoresWhatWasRemoved() {
        var reused = WorldState(tick: 4, fieldsPerEntity: 2)
        for id in UInt16(1)...6 { reused.append(id: id, kind: 0, values: counting) }
        reused.removeAll(tick: 4)
        reused.append(id: 9, kind: 2, values: SIMD16(repeating: 7))

        var fresh = WorldState(tick: 4, fieldsPerEntity: 2)
        fresh.append(id: 9, kind: 2, values: SIMD16(repeating: 7))
        #expect(reused == fresh)

        fresh.set(0, 1, 8)
        #expect(reused != fresh)
    }

    @Test func appendsRunsOfAnotherStateAndCopiesWhole() {
        var source = WorldState(fieldsPerEntity: 2)
        for id in UInt16(1)...5 { source.append(id: id, kind: UInt8(id), values: SIMD16(repeating: Int32(id))) }

        var target = WorldState(fieldsPerEntity: 2)
        target.append(contentsOf: source, entities: 1..<3)
        target.append(id: 8, kind: 0, values: counting)
        #expect(target.ids == [2, 3, 8])
        #expect(target.kinds == [2, 3, 0])
        #expect(target.values == [2, 2, 3, 3, 1, 2])

        var copy = WorldState(fieldsPerEntity: 2)
        copy.append(id: 99, kind: 0)
        copy.assign(from: source)
        #expect(copy == source)
    }
}
