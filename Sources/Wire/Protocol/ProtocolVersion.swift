/// Protocol identity: the WebSocket subprotocol a client asks for, and the version byte
/// carried by `join` (and `resume`, `spectate`) so a server can refuse what it cannot speak.
public enum ProtocolVersion {
    public static let subprotocol = "tickwire.v1"
    public static let current: UInt8 = 1
    /// Longest player name in UTF-8 bytes the protocol carries (servers may set less).
    public static let maxNameBytes = 64
    /// Longest room id / map name / free text in UTF-8 bytes.
    public static let maxTextBytes = 256
    public static let sessionTokenBytes = 16
}
