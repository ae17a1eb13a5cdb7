/// The first byte of every protocol message. Client-to-server kinds are below 0x80,
/// server-to-client kinds have the high bit set.
public enum MessageKind: UInt8, Sendable {
    // client -> server
    case join = 0x01
    case input = 0x02
    case leave = 0x03
    case listRooms = 0x04
    case resume = 0x05
    case spectate = 0x06
    case ack = 0x07
    // server -> client
    case welcome = 0x81
    case snapshot = 0x82
    case roomList = 0x83
    case error = 0x84
    case roster = 0x85
    case spectating = 0x86
}
