/// When an empty room is disposed, on the caller's clock: a room nobody plays in or watches
/// for the timeout is closed. A new room starts empty, so one created and never joined goes too.
struct RoomOccupancy: Equatable {
    enum Action: Equatable { case dispose }

    let emptyTimeoutMilliseconds: UInt64
    /// Loop time (ms) the room last became empty; nil while anyone is in it.
    private(set) var emptySince: UInt64?

    init(emptyTimeoutMilliseconds: UInt64, now: UInt64) {
        self.emptyTimeoutMilliseconds = emptyTimeoutMilliseconds
        emptySince = now
    }

    /// Players (seated, connected or not) and spectators changed.
    mutating func occupantsChanged(to count: Int, now: UInt64) {
        if count > 0 {
            emptySince = nil
        } else if emptySince == nil {
            emptySince = now
        }
    }

    func sweep(now: UInt64) -> Action? {
        guard let since = emptySince, now >= since, now - since >= emptyTimeoutMilliseconds else { return nil }
        return .dispose
    }
}
