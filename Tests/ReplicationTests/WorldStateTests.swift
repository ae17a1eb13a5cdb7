import GameCore
import Testing

/// `WorldState` appends whole entities into storage with room to spare; what a user reads
/// back is only ever the entities' own fields.
@Suite struct WorldStateTests {
    /// Lanes 1, 2, 3, ... 16.
    let counting = SIMD16<Int32>(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)

    /// Lanes 1...width, then zeros.
    func firstLanes(_ width: Int) -> SIMD16<Int32> {
        var lanes = SIMD16<Int32>.zero
        for lane in 0..<width { lanes[lane] = Int32(lane + 1) }
        return lanes
    }

    @Test(arguments: [1, 3, 16])
    func keepsOnlyAnEntitysOwnFields(width: Int) {
        var state = WorldState(fieldsPerEntity: width)
        state.append(id: 1, kind: 0, values: counting)
        state.append(id: 2, kind: 1)
        #expect(state.fields(of: 0) == firstLanes(width))
        #expect(state.fields(of: 1) == .zero, "the first entity's extra lanes did not become the second's fields")
        #expect(state.values == (1...Int32(width)).map { $0 } + Array(repeating: 0, count: width))
        #expect(state.ids == [1, 2])
        #expect(state.kinds == [0, 1])
    }

    @Test(arguments: [1, 5, 16])
    func growsAsEntitiesArrive(width: Int) {
        var state = WorldState(fieldsPerEntity: width)
        for id in UInt16(0)..<300 {
            state.append(id: id, kind: 0, values: SIMD16(repeating: Int32(id)) &+ counting)
            if id % 7 == 0 { state.append(id: id + 1000, kind: 1) }
            if id % 7 == 0 { state = copied(state, droppingLast: true) }
        }
        #expect(state.count == 300)
        for entity in 0..<300 {
            for field in 0..<width { #expect(state.value(entity, field) == Int32(entity + field + 1)) }
        }
    }

    /// `state` assigned into a state that held other entities, without its last one when asked.
    func copied(_ state: WorldState, droppingLast: Bool) -> WorldState {
        var copy = WorldState(fieldsPerEntity: state.fieldsPerEntity)
        for id in UInt16(5000)..<5040 { copy.append(id: id, kind: 3, values: SIMD16(repeating: -1)) }
        copy.removeAll(tick: 0)
        copy.append(contentsOf: state, entities: 0..<(droppingLast ? state.count - 1 : state.count))
        return copy
    }

    /// A batch holds what one append at a time would, also when it fills less than its
    /// capacity, and appends after it go on from its last entity.
    @Test(arguments: [1, 6, 16])
    func appendsABatchAsOneAtATimeWould(width: Int) {
        var oneByOne = WorldState(tick: 3, fieldsPerEntity: width)
        var batched = WorldState(tick: 3, fieldsPerEntity: width)
        oneByOne.append(id: 1, kind: 0, values: counting)
        batched.append(id: 1, kind: 0, values: counting)
        let entities = (UInt16(2)..<9).map { (id: $0, kind: UInt8($0 % 3), values: SIMD16(repeating: Int32($0)) &* counting) }
        for entity in entities { oneByOne.append(id: entity.id, kind: entity.kind, values: entity.values) }
        batched.appendEntities(capacity: entities.count + 5) { appender in
            for entity in entities { appender.append(id: entity.id, kind: entity.kind, values: entity.values) }
        }
        #expect(batched == oneByOne)
        #expect(batched.count == 8)
        oneByOne.append(id: 20, kind: 1, values: counting)
        batched.append(id: 20, kind: 1, values: counting)
        #expect(batched == oneByOne)
        #expect(batched.fields(of: 8) == firstLanes(width))
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
