/// The inputs a simulation steps with: at most one per player, in the order they were set.
/// Written like a dictionary: `inputs[id] = input`, `inputs[id]`, `[1: up, 2: down]`.
public struct TickInputs: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    @usableFromInline var table = PlayerTable<PlayerInput>()

    public init() {}

    public init(dictionaryLiteral elements: (PlayerID, PlayerInput)...) {
        for (id, input) in elements { self[id] = input }
    }

    public var count: Int { table.count }
    public var isEmpty: Bool { table.isEmpty }

    /// The player's input, or nil when it has none this tick; setting nil removes it.
    public subscript(id: PlayerID) -> PlayerInput? {
        get { table[id] }
        set { table[id] = newValue }
    }

    /// Adds the input of a player that has none yet, without looking for it first: for the
    /// server, which refills the set from its seats (distinct players) every tick.
    @inlinable
    package mutating func appendNew(_ id: PlayerID, _ input: PlayerInput) {
        table.appendNew(id, input)
    }

    /// Empties the set and keeps its storage for the next tick.
    @inlinable
    public mutating func removeAll() {
        table.removeAll()
    }

    public struct Iterator: IteratorProtocol {
        fileprivate var entries: PlayerTable<PlayerInput>.Iterator

        public mutating func next() -> (id: PlayerID, input: PlayerInput)? {
            entries.next().map { ($0.id, $0.value) }
        }
    }

    public func makeIterator() -> Iterator { Iterator(entries: table.makeIterator()) }
}
