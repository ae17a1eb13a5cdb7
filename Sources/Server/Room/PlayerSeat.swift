import GameCore

/// A player's place in a room: identity, inputs, acknowledgements. It outlives its
/// connection during the reconnect grace period.
final class PlayerSeat {
    let id: PlayerID
    let name: String
    /// The verified identity (a token's `sub`); empty on a server without authentication.
    let identity: String
    let token: [UInt8]
    /// The connection's session; nil while disconnected (waiting for a resume).
    var session: Session?
    var inputs = InputQueue()
    /// The input applied last tick; repeated while none is waiting.
    var lastInput: PlayerInput?
    /// Sequence of the last input applied, echoed in snapshots for reconciliation.
    var lastAppliedSequence: UInt32 = 0
    /// Last snapshot tick the client said it applied.
    var ackTick: UInt32?
    /// Connected, or lost and waiting for a resume within the grace period.
    var presence: SeatPresence

    init(id: PlayerID, name: String, identity: String, token: [UInt8], session: Session, graceMilliseconds: UInt64) {
        self.id = id
        self.name = name
        self.identity = identity
        self.token = token
        self.session = session
        presence = SeatPresence(graceMilliseconds: graceMilliseconds)
    }
}
