import Client
import EventLoop
import Wire

/// How a bot chooses its inputs.
public enum BotBrainKind: String, CaseIterable, Sendable {
    /// The profile's Arena behaviour (wanderer, hunter, medic): Arena rooms only.
    case profile
    /// Random values within the game's input layout, from `welcome`: any game.
    case random
}

/// Everything a `BotSwarm` needs; every field has a default except where to connect.
public struct SwarmConfiguration: Sendable {
    public var url: WebSocketURL
    /// What a wss:// URL's server must prove (`TLSContext.client`); required for wss://.
    public var tls: TLSContext?
    /// Bot `i` joins with `credentials[i]` (a signed token) when the list is not empty.
    public var credentials: [String] = []
    /// A bot whose connection is lost resumes its seat, trying for this long; 0: it is gone.
    public var resumeWithinMilliseconds: UInt64 = 0
    /// How long a bot waits for the answer to its join before it gives up.
    public var joinTimeoutMilliseconds: UInt64 = 10_000
    public var count = 1
    /// Where bots join: any room, a named room, or a room on a map.
    public var target: JoinTarget = .any
    /// How bots decide: Arena brains by profile, or random inputs for any game.
    public var brain: BotBrainKind = .profile
    /// Bot `i` plays `profiles[i % profiles.count]` (its input rate applies to every brain).
    public var profiles: [BotProfile] = [BotProfile(behaviour: .hunter)]
    /// Bot names are `PREFIX-1`, `PREFIX-2`, ….
    public var namePrefix = "bot"
    /// Bot `i` seeds its brain from `seed` and `i`, so a run is reproducible per bot.
    public var seed: UInt64 = 1
    /// Connections opened per ramp step, and ms between steps (10k bots are not opened at once).
    public var rampBatch = 200
    public var rampIntervalMilliseconds: UInt64 = 10
    /// Stop after this many seconds (nil = until `stop()`).
    public var durationSeconds: Double?
    /// How often `onStatus` is called.
    public var statusIntervalMilliseconds: UInt64 = 1000
    /// How long `stop()` waits for closes to complete before giving up on stragglers.
    public var closeDeadlineMilliseconds: UInt64 = 2000

    public init(url: WebSocketURL) {
        self.url = url
    }

    /// Problems with the values, as messages (empty when fine).
    public func problems() -> [String] {
        var problems: [String] = []
        if count < 1 { problems.append("count must be at least 1, got \(count)") }
        if profiles.isEmpty { problems.append("at least one profile is needed") }
        if rampBatch < 1 { problems.append("ramp batch must be at least 1") }
        if let durationSeconds, !(durationSeconds > 0) { problems.append("duration must be more than 0 seconds") }
        if namePrefix.isEmpty { problems.append("name prefix must not be empty") }
        if url.isSecure && tls == nil { problems.append("a wss:// URL needs a client TLS context") }
        if !credentials.isEmpty && credentials.count != count { problems.append("one credential per bot is needed (\(count)), got \(credentials.count)") }
        return problems
    }
}
