/// Per-connection read limits. Both are checked the moment a frame header is parsed,
/// so an oversized message is refused before any of its payload is buffered.
public struct WebSocketLimits: Sendable {
    /// Largest message (sum of all its fragments) or single frame accepted; past it the
    /// reader fails with close code 1009.
    public var maxMessageBytes: Int
    /// Most frames one message may be split into; stops unbounded reassembly of tiny
    /// fragments (each costs a header parse and a callback's worth of work). 1009 past it.
    public var maxFragmentsPerMessage: Int

    public init(maxMessageBytes: Int = 1 << 20, maxFragmentsPerMessage: Int = 1024) {
        self.maxMessageBytes = maxMessageBytes
        self.maxFragmentsPerMessage = maxFragmentsPerMessage
    }
}
