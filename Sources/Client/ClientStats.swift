/// What a client has received and sent, for summaries and benchmarks.
public struct ClientStats: Sendable {
    /// Messages received, snapshots included.
    public var messagesIn = 0
    /// Message bytes received (kind byte included, WebSocket framing not).
    public var bytesIn = 0
    /// Messages sent.
    public var messagesOut = 0
    /// Message bytes sent (kind byte included, WebSocket framing not).
    public var bytesOut = 0
    /// Snapshots applied.
    public var snapshots = 0
    /// Applied snapshots that were full (no baseline).
    public var fullSnapshots = 0
    /// Snapshots dropped: received before `welcome`, or not decodable against the ring.
    public var snapshotErrors = 0
    /// Other server messages that could not be decoded.
    public var protocolErrors = 0
    /// All counters at 0.
    public init() {}
}
