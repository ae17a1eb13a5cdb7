/// The idle rule for one session, on the caller's clock: a player must send input, and a
/// connection in the lobby must send some message, at least once per timeout. Spectators
/// are exempt (heartbeats keep them honest).
struct Idleness: Equatable {
    enum Place: Equatable { case lobby, room, watching }
    enum Action: Equatable {
        /// A player sent no input for the timeout: it leaves its room (error idleTimeout).
        case removeIdlePlayer
        /// A lobby connection sent nothing for the timeout: it is closed (error idleTimeout).
        case closeIdleLobby
    }

    let timeoutMilliseconds: UInt64
    private(set) var place: Place = .lobby
    /// Loop time (ms) of the last activity that counts where the session is.
    private(set) var lastActivityAt: UInt64

    init(timeoutMilliseconds: UInt64, now: UInt64) {
        self.timeoutMilliseconds = timeoutMilliseconds
        lastActivityAt = now
    }

    /// Any protocol message: activity in the lobby.
    mutating func receivedMessage(now: UInt64) {
        if place == .lobby { lastActivityAt = now }
    }

    /// An input: activity in a room.
    mutating func receivedInput(now: UInt64) {
        if place == .room { lastActivityAt = now }
    }

    /// Joined, resumed, started spectating or went back to the lobby: the clock restarts.
    mutating func moved(to place: Place, now: UInt64) {
        self.place = place
        lastActivityAt = now
    }

    func sweep(now: UInt64) -> Action? {
        guard now >= lastActivityAt, now - lastActivityAt >= timeoutMilliseconds else { return nil }
        switch place {
        case .lobby: return .closeIdleLobby
        case .room: return .removeIdlePlayer
        case .watching: return nil
        }
    }
}
