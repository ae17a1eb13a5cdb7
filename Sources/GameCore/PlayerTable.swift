/// Values keyed by player id, in the order they were first set. One small array of pairs
/// instead of a dictionary: a room holds a handful of players, so a lookup is a short scan
/// with no hashing, setting a new player is one append, and emptying keeps the storage for
/// the next round. Written like a dictionary: `table[id] = value`, `table[id]`; setting nil
/// removes the entry.
public struct PlayerTable<Value> {
    @usableFromInline var entries: [(id: PlayerID, value: Value)] = []

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    @inlinable
    func index(of id: PlayerID) -> Int? {
        var index = 0
        while index < entries.count {
            if entries[index].id == id { return index }
            index += 1
        }
        return nil
    }

    /// The player's value, or nil when it has none.
    @inlinable
    public subscript(id: PlayerID) -> Value? {
        get { index(of: id).map { entries[$0].value } }
        set {
            if let index = index(of: id) {
                if let newValue {
                    entries[index].value = newValue
                } else {
                    entries.remove(at: index)
                }
            } else if let newValue {
                entries.append((id, newValue))
            }
        }
    }

    /// Adds a player the table does not hold yet, without looking for it first: for the
    /// server, which refills the table from its seats (distinct players) every tick.
    @inlinable
    package mutating func appendNew(_ id: PlayerID, _ value: Value) {
        assert(index(of: id) == nil, "player \(id) is in the table already")
        entries.append((id, value))
    }

    /// Empties the table and keeps its storage.
    @inlinable
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }
}

extension PlayerTable: Sequence {
    public struct Iterator: IteratorProtocol {
        @usableFromInline var entries: IndexingIterator<[(id: PlayerID, value: Value)]>

        @inlinable init(_ table: PlayerTable) { entries = table.entries.makeIterator() }

        @inlinable
        public mutating func next() -> (id: PlayerID, value: Value)? { entries.next() }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(self) }
}

extension PlayerTable: Sendable where Value: Sendable {}

extension PlayerTable: Equatable where Value: Equatable {
    /// The same players with the same values, in any order.
    public static func == (lhs: PlayerTable, rhs: PlayerTable) -> Bool {
        lhs.count == rhs.count && lhs.allSatisfy { rhs[$0.id] == $0.value }
    }
}
