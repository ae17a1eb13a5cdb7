/// Limits whose breaches are counted by kind (and exported as metrics).
public enum LimitKind: String, CaseIterable, Sendable {
    /// Connections at once, connections per address, upgrades in progress.
    case connections, connectionsPerAddress = "connections_per_address", handshakes
    /// Message size, inputs and other requests per second, rooms at once, players per room.
    case messageSize = "message_size", inputRate = "input_rate", requestRate = "request_rate", rooms, playersPerRoom = "players_per_room"
    /// Refused player names, wrong admin tokens.
    case name, adminToken = "admin_token"
}

/// Plain counters of what the server did; `/metrics` exports them.
public struct ServerCounters: Sendable {
    /// WebSocket messages received from clients.
    public var messagesIn = 0
    /// Messages sent to clients, snapshots included.
    public var messagesOut = 0
    /// Message bytes received (WebSocket framing not counted).
    public var bytesIn = 0
    /// Message bytes sent (WebSocket framing not counted).
    public var bytesOut = 0
    /// Client messages that could not be decoded, text messages included.
    public var protocolErrors = 0
    /// `error` messages answering a client (the `roomClosed` notices not counted).
    public var errorsSent = 0
    /// Seats taken with `join` (resumes not counted).
    public var playersJoined = 0
    /// Seats freed: left, idle, grace expired (rooms closed with players in them not counted).
    public var playersLeft = 0
    /// Rooms created.
    public var roomsCreated = 0
    /// Rooms closed after staying empty for the empty-room timeout.
    public var roomsDisposed = 0
    /// Ticks run, counted per room.
    public var ticks = 0
    /// Room ticks that started more than half a tick after they were due.
    public var lateTicks = 0
    /// Clock ticks dropped when the loop fell too far behind to catch up; counted once, not
    /// per room (every running room missed them).
    public var missedTicks = 0
    /// Full snapshots sent (no usable ack).
    public var snapshotsFull = 0
    /// Delta snapshots sent.
    public var snapshotsDelta = 0
    /// Snapshots not sent because the client's send queue was over the soft limit.
    public var snapshotsSkipped = 0
    /// Inputs refused for a sequence not above the last one accepted.
    public var inputsStale = 0
    /// Inputs refused because the player's queue (8 inputs) was full.
    public var inputsOverflow = 0
    /// Seats taken back with `resume`.
    public var resumes = 0
    /// `resume`s whose token matched no seat awaiting one.
    public var resumesRefused = 0
    /// Connections dropped after two heartbeats went unanswered.
    public var dropsHeartbeat = 0
    /// Idle players removed and idle lobby connections closed.
    public var dropsIdle = 0
    /// Connections dropped over the send hard limit, or over the soft limit for the stall timeout.
    public var dropsSlowReader = 0
    /// Seats freed because no `resume` came within the reconnect grace.
    public var dropsGraceExpired = 0
    /// Credentials accepted, and refused by failure (missing, invalid, expired, audience, room).
    public var credentialsAccepted = 0
    public var credentialsRefused: [String: Int] = [:]
    /// Players whose identity joined again from another connection, which replaced them.
    public var identitiesReplaced = 0
    /// Times SIGHUP (`reloadCertificate`) loaded a new TLS certificate.
    public var certificateReloads = 0
    /// Directory commands sent to Redis, by operation (lease, room, match, claim, redeem...).
    public var directoryOperations: [String: Int] = [:]
    /// Clients sent to another node with a `redirect`.
    public var redirects = 0
    /// Reservations that expired unused (seen when a placement swept them or a client
    /// came too late).
    public var reservationExpiries = 0
    /// Failed Redis connects, lost links and error replies.
    public var redisErrors = 0
    /// Times the link to Redis came back after a loss.
    public var redisReconnects = 0
    /// Limit breaches the game layer saw, by kind; `/metrics` adds the transport's refusals.
    public var breaches: [LimitKind: Int] = [:]

    /// Counts one breach of `kind`.
    public mutating func breach(_ kind: LimitKind) { breaches[kind, default: 0] += 1 }
}
