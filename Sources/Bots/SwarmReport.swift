/// The live figures of a running swarm, for the status line.
public struct SwarmStatus: Sendable, Equatable {
    public var elapsedSeconds: Double
    /// Bots in a room right now.
    public var playing: Int
    /// Bots still connecting or joining.
    public var pending: Int
    public var count: Int
    public var snapshotsPerSecond: Double
    public var bytesPerSecond: Double
    /// Round trips since the last status (all-time when none came in since).
    public var rtt: LatencyFigures
    public var errors: Int
}

/// What a run did, printed at the end (and as JSON with `--json`).
public struct SwarmSummary: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        /// Ran for its duration.
        case completed
        /// Stopped early by `stop()` (Ctrl-C).
        case interrupted
        /// Could not connect, or lost the server.
        case failed
    }

    public var outcome: Outcome
    /// Why it failed (empty otherwise).
    public var message: String
    public var url: String
    public var durationSeconds: Double
    public var bots: Int
    /// Bots that joined a room at least once.
    public var connected: Int
    /// Bots that never joined.
    public var failed: Int
    public var snapshots: Int
    public var fullSnapshots: Int
    public var bytesReceived: Int
    public var bytesSent: Int
    public var inputsSent: Int
    public var rttMilliseconds: LatencyFigures
    public var inputLatencyMilliseconds: LatencyFigures
    public var errors: [String: Int]

    /// The process exit status a command should end with.
    public var exitCode: Int32 { outcome == .failed ? 1 : 0 }
}
