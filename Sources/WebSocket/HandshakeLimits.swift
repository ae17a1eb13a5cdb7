/// Bounds on an HTTP head, so a slow or hostile peer cannot make us buffer without end.
public struct HandshakeLimits: Sendable {
    /// Largest head accepted, request line and final CRLFCRLF included; 431 past it.
    public var maxHeaderBytes: Int
    /// Most header fields accepted; 431 past it.
    public var maxHeaderCount: Int

    public init(maxHeaderBytes: Int = 8192, maxHeaderCount: Int = 64) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }
}
