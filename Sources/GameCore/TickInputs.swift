/// The inputs a simulation steps with: at most one per player, in the order they were set.
/// Two small arrays instead of a dictionary: a room holds a handful of players, refills the
/// same value every tick without allocating or hashing, and a lookup is a short scan.
/// Written like a dictionary: `inputs[id] = input`, `inputs[id]`, `[1: up, 2: down]`.
public struct TickInputs: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    private var ids: [PlayerID] = []
    private var inputs: [PlayerInput] = []

    public init() {}

    public init(dictionaryLiteral elements: (PlayerID, PlayerInput)...) {
        for (id, input) in elements { self[id] = input }
    }

    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }

    /// The player's input, or nil when it has none this tick; setting nil removes it.
    public subscript(id: PlayerID) -> PlayerInput? {
        get { ids.firstIndex(of: id).map { inputs[$0] } }
        set {
            if let index = ids.firstIndex(of: id) {
                if let newValue {
                    inputs[index] = newValue
                } else {
                    ids.remove(at: index)
                    inputs.remove(at: index)
                }
            } else if let newValue {
                ids.append(id)
                inputs.append(newValue)
            }
        }
    }

    /// Empties the set and keeps its storage for the next tick.
    public mutating func removeAll() {
        ids.removeAll(keepingCapacity: true)
        inputs.removeAll(keepingCapacity: true)
    }

    /// The same players with the same inputs, in any order.
    public static func == (lhs: TickInputs, rhs: TickInputs) -> Bool {
        lhs.count == rhs.count && lhs.allSatisfy { rhs[$0.id] == $0.input }
    }

    public struct Iterator: IteratorProtocol {
        fileprivate let set: TickInputs
        fileprivate var index = 0

        public mutating func next() -> (id: PlayerID, input: PlayerInput)? {
            guard index < set.ids.count else { return nil }
            defer { index += 1 }
            return (set.ids[index], set.inputs[index])
        }
    }

    public func makeIterator() -> Iterator { Iterator(set: self) }
}
