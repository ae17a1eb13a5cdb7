/// Which end of the connection we are. It decides the masking rule (RFC 6455 5.1):
/// a server requires masked incoming frames, a client rejects masked ones.
public enum WebSocketRole: Sendable {
    case server
    case client
}
