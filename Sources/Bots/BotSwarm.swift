import GameCore
import Arena
import EventLoop
import Wire

/// N bots from one process on one loop: opens their connections in ramp steps, drives
/// all of them from ONE input timer, reports status periodically and a summary at the
/// end. The `bot` command is a thin shell around it; tests drive it on their own loop.
/// Loop thread only.
public final class BotSwarm {
    public let loop: EventLoop
    public let configuration: SwarmConfiguration
    /// Called every `statusIntervalMilliseconds` while running.
    public var onStatus: ((SwarmStatus) -> Void)?
    /// Called once, when the run is over (duration reached, stopped, or failed).
    public var onFinish: ((SwarmSummary) -> Void)?
    public internal(set) var counters = SwarmCounters()
    /// The final summary, once finished.
    public private(set) var summary: SwarmSummary?

    var bots: [Bot] = []
    var grids: [String: NavigationGrid] = [:]
    var timers: [LoopTimer] = []
    var startedAt: UInt64 = 0
    var nextToConnect = 0
    var joinedCount = 0
    var goneCount = 0
    var stopping: SwarmSummary.Outcome?
    var failure: String?
    var lastStatusAt: UInt64 = 0
    var lastStatusTotals = (snapshots: 0, bytes: 0)

    public init(loop: EventLoop, configuration: SwarmConfiguration) {
        precondition(configuration.problems().isEmpty, configuration.problems().joined(separator: "; "))
        self.loop = loop
        self.configuration = configuration
        // Thousands of bots send on one timer: one submission instead of a write each.
        loop.enableBatchedSends()
    }

    public var isFinished: Bool { summary != nil }
    /// Bots in a room right now.
    public var playingCount: Int { bots.reduce(0) { $0 + ($1.phase == .playing ? 1 : 0) } }

    /// Starts the ramp, the input timer, the status timer and the duration timer.
    public func start() {
        precondition(bots.isEmpty, "a swarm starts once")
        startedAt = loop.nowMilliseconds
        lastStatusAt = startedAt
        let profiles = configuration.profiles
        bots = (0..<configuration.count).map { index in
            Bot(index: index, name: "\(configuration.namePrefix)-\(index + 1)", profile: profiles[index % profiles.count],
                seed: Self.seed(configuration.seed, bot: index), swarm: self)
        }
        startTimers()
    }

    /// Closes every bot with 1000 and finishes once they are gone (or after the close deadline).
    public func stop() { beginStopping(.interrupted) }

    /// Seed of bot `index`: SplitMix of the swarm seed and the index, so bots differ.
    static func seed(_ seed: UInt64, bot index: Int) -> UInt64 {
        var random = SeededRandom(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        return random.next()
    }

    /// One navigation grid per map, shared by every bot playing it.
    /// The Arena map's walls for a brain, shared by every bot on the same map.
    func navigationGrid(for welcome: Welcome, tiles: TileGrid) -> NavigationGrid {
        let key = "\(welcome.level)/\(tiles.width)x\(tiles.height)"
        if let grid = grids[key] { return grid }
        let grid = NavigationGrid(grid: tiles)
        grids[key] = grid
        return grid
    }

    // MARK: Bot events

    func botJoined(_ bot: Bot) {
        joinedCount += 1
    }

    /// A bot was seated in a room it has no brain for: the run fails with why.
    func botCannotPlay(_ bot: Bot, _ why: String) {
        counters.recordError("cannot-play", message: why)
        if failure == nil { failure = why }
    }

    func botReceivedError(_ bot: Bot, code: ErrorCode, message: String) {
        counters.recordError("server-error-\(code)", message: message)
    }

    func botDisconnected(_ bot: Bot, reason: DisconnectReason) {
        goneCount += 1
        if reason.kind != .closedByUs {
            counters.recordError(reason.errorKey, message: reason.detail)
        }
        guard stopping == nil else {
            finishIfAllGone()
            return
        }
        // Every bot is down while we meant to keep playing: the run cannot go on.
        if goneCount == bots.count {
            if joinedCount == 0 {
                let why = firstFailureDetail() ?? reason.detail
                failure = "cannot connect to \(configuration.url): \(why)"
            } else {
                failure = "lost the server at \(configuration.url): \(reason.detail)"
            }
            beginStopping(.failed)
        }
    }

    /// The run's duration is up: it completed if any bot played, else it failed (a server
    /// that upgrades but never answers a join is no server to load).
    func durationReached() {
        guard joinedCount == 0 else { return beginStopping(.completed) }
        let why = firstFailureDetail() ?? "every bot is still joining"
        failure = "no bot joined a room at \(configuration.url) in the run's \(configuration.durationSeconds ?? 0) s: \(why)"
        beginStopping(.failed)
    }

    /// The most telling reason bots could not join: a refusal from the server, else the transport's.
    private func firstFailureDetail() -> String? {
        if let refusal = counters.firstMessages.first(where: { $0.key.hasPrefix("server-error-") }) { return refusal.value }
        for kind in ["connect-failed", "handshake-failed"] {
            if let message = counters.firstMessages[kind] { return message }
        }
        return counters.firstMessages.values.first
    }

    // MARK: Stopping

    func beginStopping(_ outcome: SwarmSummary.Outcome) {
        guard stopping == nil, summary == nil else { return }
        stopping = outcome
        for bot in bots { bot.close() }
        // Bots not yet opened never will be: count them gone now.
        goneCount = bots.reduce(0) { $0 + ($1.phase == .gone ? 1 : 0) }
        let deadline = LoopTimer(loop: loop)
        timers.append(deadline)
        deadline.start(delay: configuration.closeDeadlineMilliseconds) { [unowned self] in self.finish() }
        finishIfAllGone()
    }

    private func finishIfAllGone() {
        if bots.allSatisfy({ $0.phase == .gone }) { finish() }
    }

    func finish() {
        guard summary == nil else { return }
        for timer in timers { timer.close() }
        timers.removeAll()
        // Stragglers past the deadline are dropped without ceremony.
        for bot in bots where bot.phase != .gone { bot.client.connection?.abort() }
        let summary = makeSummary(outcome: stopping ?? .completed)
        self.summary = summary
        onFinish?(summary)
    }
}
