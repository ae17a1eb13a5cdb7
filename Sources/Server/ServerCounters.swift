/// Limits whose breaches are counted by kind (and exported as metrics).
public enum LimitKind: String, CaseIterable, Sendable {
    case connections, connectionsPerAddress = "connections_per_address", handshakes
    case messageSize = "message_size", inputRate = "input_rate", rooms, playersPerRoom = "players_per_room"
    case name, adminToken = "admin_token"
}

/// Plain counters of what the server did; `/metrics` exports them.
public struct ServerCounters: Sendable {
    public var messagesIn = 0
    public var messagesOut = 0
    public var bytesIn = 0
    public var bytesOut = 0
    public var protocolErrors = 0
    public var errorsSent = 0
    public var playersJoined = 0
    public var playersLeft = 0
    public var roomsCreated = 0
    public var roomsDisposed = 0
    public var ticks = 0
    public var lateTicks = 0
    public var missedTicks = 0
    public var snapshotsFull = 0
    public var snapshotsDelta = 0
    public var snapshotsSkipped = 0
    public var inputsStale = 0
    public var inputsOverflow = 0
    public var resumes = 0
    public var resumesRefused = 0
    public var dropsHeartbeat = 0
    public var dropsIdle = 0
    public var dropsSlowReader = 0
    public var dropsGraceExpired = 0
    public var breaches: [LimitKind: Int] = [:]

    public mutating func breach(_ kind: LimitKind) { breaches[kind, default: 0] += 1 }
}
