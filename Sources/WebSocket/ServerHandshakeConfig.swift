/// What the server accepts in an upgrade request.
public struct ServerHandshakeConfig: Sendable {
    /// Which browser pages may connect (others get 403).
    public var origins: OriginPolicy
    /// Subprotocols the server speaks, most preferred first.
    public var subprotocols: [String]

    public init(origins: OriginPolicy = .any, subprotocols: [String] = []) {
        self.origins = origins
        self.subprotocols = subprotocols
    }
}
