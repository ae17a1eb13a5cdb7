/// What a client has received and sent, for summaries and benchmarks.
public struct ClientStats: Sendable {
    public var messagesIn = 0
    public var bytesIn = 0
    public var messagesOut = 0
    public var bytesOut = 0
    public var snapshots = 0
    public var fullSnapshots = 0
    public var snapshotErrors = 0
    public var protocolErrors = 0
    public init() {}
}
