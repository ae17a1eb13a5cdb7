/// The heartbeat rule for one connection, on the caller's clock: a ping every interval,
/// carrying a stamp that the pong must echo (RFC 6455: a pong answering a ping repeats its
/// payload). A connection that leaves two pings in a row unanswered is dropped when the
/// third would be due.
struct Heartbeat: Equatable {
    enum Action: Equatable {
        /// Send a ping whose 8-byte payload is `stamp`, little-endian.
        case sendPing(stamp: UInt64)
        case drop
    }

    let intervalMilliseconds: UInt64
    private(set) var lastPingAt: UInt64
    /// The stamp of the last ping sent, until a pong echoes it.
    private(set) var awaitedStamp: UInt64?
    /// Pings in a row that got no matching pong.
    private(set) var unanswered = 0

    init(intervalMilliseconds: UInt64, now: UInt64) {
        self.intervalMilliseconds = intervalMilliseconds
        lastPingAt = now
    }

    /// What is due at `now`. `stamp` goes in the ping if one is sent; it must differ from
    /// ping to ping (the caller's monotonic nanoseconds, which also give the round trip).
    mutating func sweep(now: UInt64, stamp: UInt64) -> Action? {
        guard now >= lastPingAt, now - lastPingAt >= intervalMilliseconds else { return nil }
        if unanswered >= 2 { return .drop }
        unanswered += 1
        lastPingAt = now
        awaitedStamp = stamp
        return .sendPing(stamp: stamp)
    }

    /// A pong arrived. It counts only if it echoes the last ping; then its stamp is
    /// returned (for the round trip). Other pongs (stale, forged, unsolicited) are ignored.
    mutating func receivedPong(_ payload: UnsafeRawBufferPointer) -> UInt64? {
        guard let awaited = awaitedStamp, payload.count == 8,
              UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self)) == awaited else { return nil }
        awaitedStamp = nil
        unanswered = 0
        return awaited
    }
}
