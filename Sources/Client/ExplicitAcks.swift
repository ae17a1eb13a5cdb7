import Replication

/// When a client acks a snapshot with an `ack` message of its own rather than leaving it
/// to its next input. A spectator always does. A player does once it has sent no input for
/// two snapshot intervals (idle), so the server keeps sending shallow deltas. It also acks
/// when the server's copy of its last ack would fall out of the 32-tick ring by the
/// snapshot after next (a slow input rate against a low snapshot rate), which would cost a
/// full snapshot: looking one snapshot further leaves the ack a round trip to arrive in.
/// Idleness is counted in time, not snapshots: a player sending inputs at the snapshot
/// rate sometimes gets two snapshots between two inputs (timers drift and run late), and
/// an ack then would be a message for nothing.
struct ExplicitAcks {
    private let idleAfterMilliseconds: UInt64
    private let ticksPerSnapshot: UInt32
    /// Loop time (ms) of the last input sent in this room, nil before the first.
    private var lastInputAt: UInt64?
    /// The tick the last input or `ack` carried (0: none yet).
    private var lastAckedTick: UInt32 = 0

    /// The room's rates, from its `welcome` (a 0 from the wire counts as 1).
    init(snapshotRate: UInt16, tickRate: UInt16) {
        let snapshotRate = UInt32(max(snapshotRate, 1))
        idleAfterMilliseconds = 2_000 / UInt64(snapshotRate)
        ticksPerSnapshot = (UInt32(max(tickRate, 1)) + snapshotRate - 1) / snapshotRate
    }

    mutating func inputSent(at now: UInt64, ack: UInt32) {
        lastInputAt = now
        lastAckedTick = ack
    }

    mutating func ackSent(_ tick: UInt32) { lastAckedTick = tick }

    /// Whether the snapshot of `tick`, applied at `now`, is acked with an `ack` message.
    func acksSnapshot(_ tick: UInt32, at now: UInt64, spectating: Bool) -> Bool {
        guard !spectating, let lastInputAt else { return true }
        if now &- lastInputAt >= idleAfterMilliseconds { return true }
        // The server deltas from a tick at most 31 behind the snapshot it sends.
        return lastAckedTick == 0 || tick &+ 2 &* ticksPerSnapshot &- lastAckedTick > UInt32(SnapshotRing.capacity - 1)
    }
}
