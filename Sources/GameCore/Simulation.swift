/// A fixed-tick, server-authoritative game, seen from the rooms that run it. Rooms,
/// replication and transport know only this protocol, so another game can be added
/// without touching them. Implementations are pure and deterministic: the same
/// construction and the same inputs give the same states, bit for bit.
public protocol Simulation {
    /// Entity kinds and their replicated fields.
    static var schema: EntitySchema { get }

    /// The fields of a player's input, in wire order; `step` reads inputs by field index.
    static var inputLayout: InputLayout { get }

    /// The tick the world is at (0 before the first step).
    var tick: UInt32 { get }

    /// Seats a player; returns false when the game has no room for it.
    mutating func addPlayer(_ id: PlayerID, name: String) -> Bool

    /// Removes a player and everything it owns.
    mutating func removePlayer(_ id: PlayerID)

    /// Advances one tick. `inputs` holds at most one input per player present, each
    /// already checked against `inputLayout`; a player with no entry keeps still.
    mutating func step(inputs: TickInputs)

    /// Writes the replicated view of the current tick into `state` (reusing its storage).
    func capture(into state: inout WorldState)

    /// A hash of the whole simulation state (not only the replicated part), for
    /// determinism checks.
    func stateHash() -> UInt64
}
