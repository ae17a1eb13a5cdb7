/// The state of a node's link to the directory, decided on the time given: when to
/// connect, how long to back off after a failure, and whether everything must be
/// registered again. The `Directory` carries out what it says.
struct DirectoryLink {
    enum State: Equatable {
        /// Waiting to (re)connect at `at`.
        case waiting(at: UInt64)
        case connecting
        case up
        case closed
    }

    enum Action: Equatable { case connect, none }

    private(set) var state = State.waiting(at: 0)
    /// The next wait after a failure: 100 ms, doubling to 1 s, back to 100 ms once Redis answers.
    private(set) var backoff: UInt64 = Self.firstBackoff
    /// Whether the node has ever been connected (a later connect is a reconnect).
    private var wasUp = false
    /// Whether this node's seats must be told again (first connect, or after a loss).
    private(set) var needsSessions = true

    static let firstBackoff: UInt64 = 100
    static let maxBackoff: UInt64 = 1_000

    var isUp: Bool { state == .up }
    var isClosed: Bool { state == .closed }

    /// Called often; says when to start connecting.
    mutating func poll(now: UInt64) -> Action {
        guard case .waiting(let at) = state, now >= at else { return .none }
        state = .connecting
        return .connect
    }

    /// The link is up; returns whether it had been up before (a reconnect).
    mutating func connected() -> Bool {
        guard state == .connecting else { return false }
        state = .up
        needsSessions = true
        defer { wasUp = true }
        return wasUp
    }

    /// Redis answered on this link: the backoff starts over. (A connect alone proves little:
    /// a frozen Redis, or a server that is no Redis, accepts connections too.)
    mutating func answered() {
        guard state == .up else { return }
        backoff = Self.firstBackoff
    }

    mutating func sessionsRegistered() { needsSessions = false }

    /// A connect failed or the link was lost; returns the wait before the next try.
    mutating func failed(now: UInt64) -> UInt64 {
        guard state != .closed else { return 0 }
        let delay = backoff
        state = .waiting(at: now + delay)
        backoff = min(backoff * 2, Self.maxBackoff)
        return delay
    }

    mutating func close() { state = .closed }
}

#if canImport(Glibc)
import Glibc
#endif

/// The process's CPU use between two readings, in percent of one core: the node's load
/// in the directory.
struct CPUSampler {
    private var lastCPU: UInt64 = 0
    private var lastAt: UInt64 = 0

    mutating func percent(now: UInt64) -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = UInt64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000
            + UInt64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        defer { lastCPU = cpu; lastAt = now }
        guard lastAt != 0, now > lastAt else { return 0 }
        return Int((cpu - lastCPU) / 10 / (now - lastAt))
    }
}
