/// Whether a seat's player is connected, and the reconnect grace when it is not, on the
/// caller's clock. A lost connection keeps the seat, still, for the grace period; a clean
/// goodbye frees it at once.
struct SeatPresence: Equatable {
    enum State: Equatable {
        case connected
        /// Lost at this loop time (ms); a `resume` can take the seat back until the grace ends.
        case awaitingResume(since: UInt64)
    }
    enum Action: Equatable {
        /// Free the seat: the player left, or its grace ran out.
        case unseat
    }

    let graceMilliseconds: UInt64
    private(set) var state: State = .connected

    init(graceMilliseconds: UInt64) {
        self.graceMilliseconds = graceMilliseconds
    }

    var isConnected: Bool { state == .connected }

    /// The connection is gone (or going). `lost`: without a goodbye (dropped, timed out,
    /// went away), so the player may come back.
    mutating func disconnected(lost: Bool, now: UInt64) -> Action? {
        guard state == .connected else { return nil }
        guard lost, graceMilliseconds > 0 else { return .unseat }
        state = .awaitingResume(since: now)
        return nil
    }

    mutating func resumed() { state = .connected }

    func sweep(now: UInt64) -> Action? {
        guard case .awaitingResume(let since) = state, now >= since, now - since >= graceMilliseconds else { return nil }
        return .unseat
    }
}
