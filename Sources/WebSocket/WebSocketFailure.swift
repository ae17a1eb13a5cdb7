/// A protocol violation by the peer: the connection should send a close frame with
/// `code` and then drop. Answering it is the connection's job, not the reader's.
public struct WebSocketFailure: Error, Equatable, Sendable {
    /// The close code to send.
    public let code: CloseCode
    /// A short human reason, e.g. "unmasked client frame"; fits in a close frame.
    public let reason: String

    public init(code: CloseCode, reason: String) {
        self.code = code
        self.reason = reason
    }
}
