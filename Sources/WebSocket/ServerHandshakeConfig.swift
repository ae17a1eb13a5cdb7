/// What the server accepts in an upgrade request.
public struct ServerHandshakeConfig: Sendable {
    /// Origins allowed to open a connection (compared case-insensitively, e.g.
    /// "https://game.example"). nil allows any. A request WITHOUT an Origin header is
    /// always allowed: only browsers send it, and non-browser clients (bots) can claim
    /// any origin anyway, so the check only guards against cross-site browser pages.
    public var allowedOrigins: [String]?
    /// Subprotocols the server speaks, most preferred first.
    public var subprotocols: [String]

    public init(allowedOrigins: [String]? = nil, subprotocols: [String] = []) {
        self.allowedOrigins = allowedOrigins
        self.subprotocols = subprotocols
    }
}
