import GameCore
import Replication
import Testing

@Suite struct SnapshotRingTests {
    func world(_ tick: UInt32) -> WorldState {
        var state = WorldState(tick: tick)
        let entity = state.append(id: 7, kind: 0)
        state.set(entity, 0, Int32(tick) * 10)
        return state
    }

    @Test func keepsTheLast32Ticks() {
        var ring = SnapshotRing()
        for tick in UInt32(1)...40 { ring.store(world(tick)) }
        #expect(ring.latestTick == 40)
        for tick in UInt32(9)...40 { #expect(ring.state(at: tick) == world(tick)) }
        for tick in UInt32(1)...8 { #expect(ring.state(at: tick) == nil, "tick \(tick) was evicted") }
        #expect(ring.state(at: 41) == nil)
        #expect(ring.state(at: 0) == nil)
        #expect(ring.state(at: 40 + 32) == nil, "same slot as 40, different tick")
    }

    @Test func neverStoredIsNil() {
        let ring = SnapshotRing()
        for tick in UInt32(0)...33 { #expect(ring.state(at: tick) == nil) }
    }

    @Test func storesBySwappingAndHandsBackTheEvictedStorage() {
        var ring = SnapshotRing()
        for tick in UInt32(1)...32 { ring.store(world(tick)) }
        var next = world(33)
        ring.store(swapping: &next)
        #expect(ring.state(at: 33) == world(33))
        #expect(ring.latestTick == 33)
        #expect(ring.state(at: 1) == nil, "33 took tick 1's slot")
        #expect(next == world(1), "the evicted state comes back, to be reused")
        for tick in UInt32(2)...32 { #expect(ring.state(at: tick) == world(tick)) }
    }

    @Test func writesInPlace() {
        var ring = SnapshotRing()
        ring.write(tick: 5) { state in
            state.removeAll(tick: 0)
            state.append(id: 1, kind: 2)
        }
        #expect(ring.state(at: 5)?.ids == [1])
        #expect(ring.state(at: 5)?.tick == 5)
        ring.removeAll()
        #expect(ring.state(at: 5) == nil)
    }

    @Test func capturesASimulationAtItsOwnTick() {
        var ring = SnapshotRing()
        var game = Counter()
        for _ in 0..<3 { game.step(inputs: TickInputs()) }
        ring.capture(game)
        #expect(ring.latestTick == 3)
        #expect(ring.state(at: 3) == world(3))
    }
}

/// A game whose one entity counts its ticks, in tens.
private struct Counter: Simulation {
    static let schema = EntitySchema(kinds: [EntityKind(id: 0, name: "counter", fields: [FieldDescriptor("tens", bits: 16)])])
    static let inputLayout = InputLayout([])
    private(set) var tick: UInt32 = 0

    mutating func addPlayer(_ id: PlayerID, name: String) -> Bool { false }
    mutating func removePlayer(_ id: PlayerID) {}
    mutating func step(inputs: TickInputs) { tick += 1 }
    func capture(into state: inout WorldState) {
        state.removeAll(tick: tick)
        state.set(state.append(id: 7, kind: 0), 0, Int32(tick) * 10)
    }
    func stateHash() -> UInt64 { UInt64(tick) }
}
