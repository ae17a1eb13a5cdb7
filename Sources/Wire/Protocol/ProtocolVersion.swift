/// Protocol identity: the WebSocket subprotocol a client asks for, and the version byte
/// carried by `join` (and `resume`, `spectate`, `welcome`) so each side can refuse what it
/// cannot speak. Version 2 is self-describing: `welcome` carries the game's tables.
public enum ProtocolVersion {
    /// The `Sec-WebSocket-Protocol` value clients ask for and the server accepts.
    public static let subprotocol = "tickwire.v2"
    /// The version byte this build speaks; any other is refused with `unsupportedVersion`.
    public static let current: UInt8 = 2
    /// Longest player name in UTF-8 bytes the protocol carries (servers may set less).
    public static let maxNameBytes = 64
    /// Longest room id / map name / free text in UTF-8 bytes.
    public static let maxTextBytes = 256
    /// Longest verified identity in a roster entry (a token's `sub`).
    public static let maxIdentityBytes = 128
    /// Longest credential (a signed token) in `join`, `resume` and `spectate`.
    public static let maxCredentialBytes = 2_048
    /// Length of the session token in `welcome` and `resume`.
    public static let sessionTokenBytes = 16
    /// Longest entity kind, field or input field name in UTF-8 bytes.
    public static let maxFieldNameBytes = 64
}
