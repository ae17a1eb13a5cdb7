/// When a client acks a snapshot on its own (an `ack` message) rather than with its next
/// input: a spectator always; a player once it has sent no input for two snapshot
/// intervals (idle), so the server keeps sending deltas. Counted in time, not snapshots: a
/// player sending inputs at the snapshot rate sometimes gets two snapshots between two
/// inputs (timers drift and jitter), and an ack then would be a message for nothing.
struct ExplicitAcks {
    /// Loop time (ms) of the last input sent, nil before the first.
    private var lastInputAt: UInt64?

    mutating func inputSent(at now: UInt64) { lastInputAt = now }

    /// Forgets the inputs sent (a new room, or back in the lobby).
    mutating func reset() { lastInputAt = nil }

    /// Whether a snapshot applied at `now` is acked explicitly.
    func acksSnapshot(at now: UInt64, snapshotRate: UInt16, spectating: Bool) -> Bool {
        guard !spectating, let lastInputAt else { return true }
        let idleAfter = 2_000 / UInt64(max(snapshotRate, 1))
        return now &- lastInputAt >= idleAfter
    }
}
