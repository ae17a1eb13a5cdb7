/// Values keyed by player id, in the order they were first set. Two small arrays instead of
/// a dictionary: a room holds a handful of players, so a lookup is a short scan with no
/// hashing, and emptying keeps the storage for the next round. Written like a dictionary:
/// `table[id] = value`, `table[id]`; setting nil removes the entry.
public struct PlayerTable<Value> {
    @usableFromInline var ids: [PlayerID] = []
    @usableFromInline var values: [Value] = []

    public init() {}

    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }

    /// The player's value, or nil when it has none.
    @inlinable
    public subscript(id: PlayerID) -> Value? {
        get { ids.firstIndex(of: id).map { values[$0] } }
        set {
            if let index = ids.firstIndex(of: id) {
                if let newValue {
                    values[index] = newValue
                } else {
                    ids.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                ids.append(id)
                values.append(newValue)
            }
        }
    }

    /// Empties the table and keeps its storage.
    @inlinable
    public mutating func removeAll() {
        ids.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }
}

extension PlayerTable: Sequence {
    public struct Iterator: IteratorProtocol {
        @usableFromInline let table: PlayerTable
        @usableFromInline var index = 0

        @inlinable init(_ table: PlayerTable) { self.table = table }

        @inlinable
        public mutating func next() -> (id: PlayerID, value: Value)? {
            guard index < table.ids.count else { return nil }
            defer { index += 1 }
            return (table.ids[index], table.values[index])
        }
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
