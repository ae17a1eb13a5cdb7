/// One tick of a player's intent, as sent by a client: a sequence number and one value per
/// field of the game's `InputLayout`. Pure data; the game decides what it means. Stored
/// inline (no heap), so queueing and copying inputs never allocates.
public struct PlayerInput: Sendable, Equatable, Hashable {
    /// The most fields an input layout may have.
    public static let maxFields = 8

    /// Client-chosen, strictly increasing per player; the server echoes the last applied one.
    public var sequence: UInt32
    /// Values by field index of the layout; fields beyond the layout stay 0.
    public var values: SIMD8<Int32>

    /// An input with these values (all 0 by default: no intent).
    public init(sequence: UInt32 = 0, values: SIMD8<Int32> = .zero) {
        self.sequence = sequence
        self.values = values
    }

    /// The value of field `index` of the layout.
    public subscript(index: Int) -> Int32 {
        get { values[index] }
        set { values[index] = newValue }
    }
}

/// A player's id inside one room. Also the id of that player's entity in snapshots.
public typealias PlayerID = UInt16
