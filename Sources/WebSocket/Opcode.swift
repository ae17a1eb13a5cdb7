/// RFC 6455 5.2 frame opcodes. Values 3-7 and 11-15 are reserved and rejected by the reader.
public enum Opcode: UInt8, Sendable {
    case continuation = 0
    case text = 1
    case binary = 2
    case close = 8
    case ping = 9
    case pong = 10

    /// Control frames (close, ping, pong) have the high opcode bit set.
    @inlinable
    public var isControl: Bool { rawValue & 0x8 != 0 }
}
