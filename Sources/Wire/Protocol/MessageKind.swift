/// The first byte of every protocol message. Client-to-server kinds are below 0x80,
/// server-to-client kinds have the high bit set.
public enum MessageKind: UInt8, Sendable {
    // client -> server
    /// `ClientMessage.join`.
    case join = 0x01
    /// `ClientMessage.input`.
    case input = 0x02
    /// `ClientMessage.leave`.
    case leave = 0x03
    /// `ClientMessage.listRooms`.
    case listRooms = 0x04
    /// `ClientMessage.resume`.
    case resume = 0x05
    /// `ClientMessage.spectate`.
    case spectate = 0x06
    /// `ClientMessage.ack`.
    case ack = 0x07
    /// `ClientMessage.replayControl`.
    case replayControl = 0x08
    // server -> client
    /// `ServerMessage.welcome`.
    case welcome = 0x81
    /// `ServerMessage.snapshot`.
    case snapshot = 0x82
    /// `ServerMessage.roomList`.
    case roomList = 0x83
    /// `ServerMessage.error`.
    case error = 0x84
    /// `ServerMessage.roster`.
    case roster = 0x85
    /// `ServerMessage.spectating`.
    case spectating = 0x86
    /// `ServerMessage.replayStatus`.
    case replayStatus = 0x87
    /// `ServerMessage.redirect`.
    case redirect = 0x88
}
