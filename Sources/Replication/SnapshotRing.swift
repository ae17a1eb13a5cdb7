import GameCore

/// The last 32 world states by tick, in slots indexed by `tick & 31` (ioquake3's snapshot
/// ring). A slot's storage is reused when a newer tick lands on it, so keeping the ring
/// allocates nothing in steady state. The server keeps one per room (baselines to delta
/// against); a client keeps one of the states it received (baselines to apply deltas to).
public struct SnapshotRing: Sendable {
    public static let capacity = 32
    static let slotMask: UInt32 = UInt32(capacity - 1)

    private var slots: [WorldState]
    private var occupied: [Bool]
    /// The highest tick stored so far, 0 before the first.
    public private(set) var latestTick: UInt32 = 0

    /// `fieldsPerEntity`: size the slots to the schema (`EntitySchema.maxFieldCount`).
    public init(fieldsPerEntity: Int = WorldState.maxFields) {
        slots = Array(repeating: WorldState(fieldsPerEntity: fieldsPerEntity), count: Self.capacity)
        occupied = Array(repeating: false, count: Self.capacity)
    }

    /// Copies `state` into the slot for `state.tick`, evicting the state 32 ticks older.
    public mutating func store(_ state: WorldState) {
        let slot = Int(state.tick & Self.slotMask)
        slots[slot].assign(from: state)
        occupied[slot] = true
        latestTick = Swift.max(latestTick, state.tick)
    }

    /// Stores `state` in the slot for its tick by exchanging storage with it (no copy):
    /// `state` comes back holding the evicted state's storage, to decode the next one into.
    public mutating func store(swapping state: inout WorldState) {
        let slot = Int(state.tick & Self.slotMask)
        swap(&slots[slot], &state)
        occupied[slot] = true
        latestTick = Swift.max(latestTick, slots[slot].tick)
    }

    /// Lets `body` fill the slot for `tick` in place (no copy), e.g. with
    /// `Simulation.capture(into:)`. The slot's tick is set to `tick` afterwards.
    public mutating func write(tick: UInt32, _ body: (inout WorldState) -> Void) {
        let slot = Int(tick & Self.slotMask)
        body(&slots[slot])
        slots[slot].tick = tick
        occupied[slot] = true
        latestTick = Swift.max(latestTick, tick)
    }

    /// Captures `simulation` at its current tick into the slot for that tick, in place. A
    /// parameter, not a closure over the caller's `inout` game: that would copy the game.
    public mutating func capture(_ simulation: some Simulation) {
        write(tick: simulation.tick) { state in simulation.capture(into: &state) }
    }

    /// Whether the state for `tick` is stored (without handing out a copy of it: this runs
    /// for every client on every snapshot).
    public func holds(_ tick: UInt32) -> Bool {
        let slot = Int(tick & Self.slotMask)
        return occupied[slot] && slots[slot].tick == tick
    }

    /// The state stored for `tick`, or nil if it was never stored or has been overwritten.
    /// The result shares storage with the ring; holding it past the next store into the
    /// same slot costs that store a copy.
    public func state(at tick: UInt32) -> WorldState? {
        guard holds(tick) else { return nil }
        return slots[Int(tick & Self.slotMask)]
    }

    /// Forgets every state (e.g. a client reconnecting), keeping the storage.
    public mutating func removeAll() {
        for slot in 0..<Self.capacity { occupied[slot] = false }
        latestTick = 0
    }
}
