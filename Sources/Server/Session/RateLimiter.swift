/// A token bucket: `rate` events per second with a burst of one second's worth.
struct RateLimiter {
    let rate: Int
    private var tokens: Int
    private var refilledAt: UInt64

    init(perSecond rate: Int, now: UInt64) {
        self.rate = rate
        tokens = rate
        refilledAt = now
    }

    /// Takes a token if one is left at loop time `now` (ms).
    mutating func allow(now: UInt64) -> Bool {
        let elapsed = now &- refilledAt
        if elapsed > 0 {
            let earned = Int(min(elapsed, 10_000)) * rate / 1000
            if earned > 0 {
                tokens = min(rate, tokens + earned)
                refilledAt = now
            }
        }
        guard tokens > 0 else { return false }
        tokens -= 1
        return true
    }
}
