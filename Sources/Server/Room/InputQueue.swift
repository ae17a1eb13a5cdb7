import GameCore

/// A player's waiting inputs: a small fixed ring, one taken per tick. Stale, duplicate
/// and overflowing inputs are refused (and counted by the caller). The slots are stored
/// inline in the seat: every tick reads every seat's queue, and a separate array would
/// be one more object (and cache miss) per player per tick.
struct InputQueue {
    private typealias Slots = InlineArray<8, PlayerInput>
    static let capacity = Slots.count

    enum Admission { case queued, stale, full }

    private var slots = Slots(repeating: PlayerInput())
    private var head = 0
    private(set) var count = 0
    /// Highest sequence number accepted so far.
    private(set) var newestSequence: UInt32 = 0

    mutating func push(_ input: PlayerInput) -> Admission {
        guard input.sequence > newestSequence else { return .stale }
        guard count < Self.capacity else { return .full }
        slots[(head + count) % Self.capacity] = input
        count += 1
        newestSequence = input.sequence
        return .queued
    }

    mutating func pop() -> PlayerInput? {
        guard count > 0 else { return nil }
        let input = slots[head]
        head = (head + 1) % Self.capacity
        count -= 1
        return input
    }

    mutating func removeAll() {
        head = 0
        count = 0
    }
}
